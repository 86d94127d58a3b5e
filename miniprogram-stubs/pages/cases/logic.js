// 我的案件: GET /api/disputes → { items: [...] }
const { caseReference } = require('../../utils/case-number.js');
const STATUS_TONE = {
  Submitted: 'waiting', NeedsCorrection: 'action', Lapsed: 'closed', Accepted: 'active', Rejected: 'closed',
  Transferred: 'active', MediatorAssigned: 'active', InMediation: 'active', Agreed: 'good', Failed: 'closed',
  Performing: 'active', Fulfilled: 'good', Defaulted: 'action', Closed: 'closed', Withdrawn: 'closed',
};

const ROLE_NAMES = { Applicant: '申请人', Respondent: '被申请人', ThirdParty: '第三人' };

function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  // shown in China time whatever the phone's zone
  const cn = new Date(d.getTime() + 8 * 3600 * 1000);
  return `${cn.getUTCFullYear()}-${pad(cn.getUTCMonth() + 1)}-${pad(cn.getUTCDate())} ${pad(cn.getUTCHours())}:${pad(cn.getUTCMinutes())}`;
}

function toCard(item) {
  return {
    id: item.id,
    ...caseReference(item),
    status: item.status,
    statusName: item.statusName,
    tone: STATUS_TONE[item.status] || 'active',
    typeName: item.typeName,
    bodyName: item.bodyName,
    roleName: ROLE_NAMES[item.myRole] || '',
    submittedAt: formatDate(item.submittedAt),
  };
}

const HOLDS_SESSIONS = ['MediatorAssigned', 'InMediation'];

function chinaDay(ms) {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// "今天 09:30 现场调解" / "明天 …" for the case's next live session today or tomorrow (China days), else ''.
function soonSessionText(sessions, now = Date.now()) {
  const live = ((sessions && sessions.items) || [])
    .filter((s) => (s.status === 'Scheduled' || s.status === 'Proposed') && Date.parse(s.endsAt || s.startsAt) > now)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const next = live[0];
  if (!next) return '';
  const day = chinaDay(Date.parse(next.startsAt));
  const when = day === chinaDay(now) ? '今天' : day === chinaDay(now + 86400000) ? '明天' : null;
  if (!when) return '';
  const time = formatDate(next.startsAt).slice(11);
  return `${when} ${time} ${next.modeName || ''}${next.status === 'Proposed' ? '（待确认）' : ''}`.trim();
}

async function loadCases(api, now = Date.now()) {
  const list = await api.get('/api/disputes');
  const cards = list.items.map(toCard);
  // a session today or tomorrow shows on the card; a failed look-up only leaves the line out
  await Promise.all(
    cards
      .filter((c) => HOLDS_SESSIONS.includes(c.status))
      .map(async (c) => {
        const sessions = await api.get(`/api/disputes/${c.id}/sessions`).catch(() => null);
        const soon = soonSessionText(sessions, now);
        if (soon) c.soonSession = soon;
      })
  );
  return cards;
}

module.exports = { soonSessionText, loadCases, toCard, formatDate, ROLE_NAMES, STATUS_TONE };
