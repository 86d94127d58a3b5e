// 我的案件: GET /api/disputes → { items: [...] }
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
    caseNumber: item.caseNumber,
    status: item.status,
    statusName: item.statusName,
    tone: STATUS_TONE[item.status] || 'active',
    typeName: item.typeName,
    bodyName: item.bodyName,
    roleName: ROLE_NAMES[item.myRole] || '',
    submittedAt: formatDate(item.submittedAt),
  };
}

async function loadCases(api) {
  const list = await api.get('/api/disputes');
  return list.items.map(toCard);
}

module.exports = { loadCases, toCard, formatDate, ROLE_NAMES, STATUS_TONE };
