// 案件详情: GET /api/disputes/{id}, its timeline and its agreement (if any); withdraw; confirm a session;
// rate the mediation once it has ended. The agreement and its performance have their own pages.
const { formatDate, ROLE_NAMES } = require('../cases/logic.js');
const { caseReference } = require('../../utils/case-number.js');
const agreementLogic = require('../agreement/logic.js');
const { fenToYuan } = require('../../utils/money.js');
const objection = require('../objection/logic.js');

const MODE_NAMES = { Phone: '电话调解', Online: '线上视频调解', OnSite: '现场调解' };
// Mediation has ended (an agreement in effect, or failed): the parties may rate it (POST …/satisfaction).
const RATABLE = ['Performing', 'Defaulted', 'Fulfilled', 'Failed', 'Closed'];
const CLOSED = ['Withdrawn', 'Closed', 'Rejected', 'Lapsed', 'Agreed', 'Performing', 'Fulfilled', 'Defaulted', 'Failed'];

function yuan(fen) {
  if (fen === null || fen === undefined) return '';
  return fenToYuan(fen).replace(/\.00$/, '') + ' 元';
}

// No dead ends: for every status, what happens next and what the citizen can do, in plain words.
const STATUS_NEXT = {
  Submitted: { next: '调解委员会正在审查您的申请，一般几个工作日内决定是否受理，结果会在「消息」里告诉您。', can: '现在可以补充上传证据；不想调解了可以撤回申请。' },
  NeedsCorrection: { next: '调解委员会请申请人修改申请中的部分内容，补正后会重新审查。', can: '申请人请点「查看要求并补正」，在期限内修改后重新提交。' },
  Lapsed: { next: '申请没有在期限内补正，已经失效。', can: '如果纠纷还没有解决，可以重新申请调解。' },
  Accepted: { next: '申请已受理，调解委员会正在指派调解员。', can: '可以补充上传证据；调解员定好后会通知您。' },
  Rejected: { next: '调解委员会决定不予受理，原因见下方「案件进程」。', can: '可以按提示向其他部门反映，或者依法向人民法院起诉。' },
  Transferred: { next: '案件已移送到更合适的调解组织，由他们继续处理。', can: '新的调解组织会联系您，也可以在「消息」里查看。' },
  MediatorAssigned: { next: '调解员已经确定，会和您约定调解时间。', can: '请留意「调解安排」和「消息」，确认调解时间；对调解员有顾虑可以申请回避。' },
  InMediation: { next: '正在调解中。', can: '请按「调解安排」参加调解；时间不方便可以提议其他时间。' },
  Agreed: { next: '双方已经达成调解协议，正在办理确认和盖章。', can: '请阅读协议全文并确认。' },
  Performing: { next: '调解协议已经生效，正在履行。', can: '可以在「履行情况」里报告或确认付款，也可以评价本次调解。' },
  Defaulted: { next: '有一方没有按协议履行。', can: '可以在「履行情况」里查看，调解员会跟进；必要时可以申请司法确认后强制执行。' },
  Fulfilled: { next: '调解协议已经履行完毕，纠纷已解决。', can: '欢迎评价本次调解。' },
  Failed: { next: '这次调解没有达成协议，调解已经结束。', can: '可以依法向人民法院起诉，或者通过其他途径解决。' },
  Closed: { next: '案件已经办结。', can: '如有问题，可以联系调解委员会。' },
  Withdrawn: { next: '申请已经撤回，调解不再进行。', can: '如果纠纷还没有解决，可以重新申请调解。' },
};

function partyView(p) {
  return {
    id: p.id,
    kind: p.kind,
    kindName: p.kind === 'Organization' ? '单位' : '自然人',
    name: p.name,
    idNumber: p.idNumber || '',
    creditCode: p.creditCode || '',
    phone: p.phone || '',
    address: p.address || '',
  };
}

function toDetail(d) {
  return {
    id: d.id,
    ...caseReference(d),
    status: d.status,
    statusName: d.statusName,
    typeName: d.typeName,
    bodyName: d.bodyName,
    facts: d.facts,
    claims: d.claims,
    amount: yuan(d.amountFen),
    place: d.place || '',
    modeName: MODE_NAMES[d.preferredMode] || d.preferredMode,
    submittedAt: formatDate(d.submittedAt),
    myRole: d.myRole,
    roleName: ROLE_NAMES[d.myRole] || '',
    applicant: partyView(d.applicant),
    respondents: d.respondents.map(partyView),
    canWithdraw: d.myRole === 'Applicant' && !CLOSED.includes(d.status),
    canCorrect: d.myRole === 'Applicant' && d.status === 'NeedsCorrection',
    canObject: objection.canObject(d),
    // 在线调解室: open while the case is with its mediator (the service says whether each room is open)
    canEnterRoom: ROOM_STATUSES.includes(d.status),
    canAddEvidence: !['Withdrawn', 'Closed', 'Rejected', 'Lapsed'].includes(d.status),
    canRate: Boolean(d.myRole) && RATABLE.includes(d.status),
    next: (STATUS_NEXT[d.status] || {}).next || '案件正在办理中，有进展会在「消息」里告诉您。',
    can: (STATUS_NEXT[d.status] || {}).can || '',
  };
}

function toTimeline(t) {
  return t.items.map((i) => ({ at: formatDate(i.at), kind: i.kind, title: i.title, note: i.note || '' }));
}

// The agreement as the case page summarises it; null while there is none (404).
function toAgreementSummary(agreement, dispute) {
  if (!agreement) return null;
  const v = agreementLogic.toView(agreement, dispute);
  return { id: v.id, status: v.status, statusName: v.statusName, awaitingMe: v.awaitingMe, hasObligations: v.hasObligations };
}

const SESSION_STATUS = {
  Proposed: '待确认时间',
  Scheduled: '已确定',
  Cancelled: '已取消',
  Held: '已举行',
  NoShow: '有当事人未到场',
  Adjourned: '已休会，另行安排',
};

// One session as the case page shows it. `me` is the signed-in citizen's user id (confirmations are by user id).
function toSession(s, me) {
  const confirmedByMe = Boolean(me) && (s.confirmedBy || []).includes(me);
  const proposed = s.status === 'Proposed';
  return {
    id: s.id,
    status: s.status,
    statusName: SESSION_STATUS[s.status] || s.status,
    modeName: s.modeName || MODE_NAMES[s.mode] || s.mode,
    startsAtLocal: s.startsAtLocal,
    durationMinutes: s.durationMinutes,
    place: s.mode === 'OnSite' ? s.location || '' : '',
    joinUrl: s.mode === 'Online' ? s.joinUrl || '' : '',
    phoneNote: s.mode === 'Phone' ? '调解员会在约定时间给您打电话，请保持手机畅通。' : '',
    cancelReason: s.status === 'Cancelled' ? s.cancelReason || '未说明原因' : '',
    confirmedByMe,
    canConfirm: proposed && !confirmedByMe,
    canCounter: proposed,
    counter: s.counter ? { startsAtLocal: s.counter.startsAtLocal, note: s.counter.note || '', byMe: s.counter.byId === me } : null,
    // what happens next, in words: nobody is left guessing
    next: proposed
      ? confirmedByMe
        ? '您已确认这个时间，正在等其他人确认。'
        : '请确认能否参加；这个时间不方便，可以提议其他时间。'
      : s.status === 'Scheduled'
        ? '时间已确定，开始前会提醒您。'
        : s.status === 'Cancelled'
          ? '调解员会另行安排时间并通知您。'
          : '',
  };
}

// Upcoming first (soonest first), then the past (latest first).
function toSessions(list, me, now = Date.now()) {
  const items = (list && list.items) || [];
  const upcoming = items.filter((s) => Date.parse(s.startsAt) >= now).sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const past = items.filter((s) => Date.parse(s.startsAt) < now).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return [...upcoming, ...past].map((s) => toSession(s, me));
}

const ROOM_STATUSES = ['MediatorAssigned', 'InMediation'];

async function loadCase(api, id, me) {
  const [detail, timeline, agreement, sessions] = await Promise.all([
    api.get(`/api/disputes/${id}`),
    api.get(`/api/disputes/${id}/timeline`),
    api.get(`/api/disputes/${id}/agreement`).catch((err) => (err.status === 404 ? null : Promise.reject(err))),
    api.get(`/api/disputes/${id}/sessions`).catch((err) => (err.status === 404 ? { items: [] } : Promise.reject(err))),
  ]);
  return {
    detail: toDetail(detail),
    timeline: toTimeline(timeline),
    agreement: toAgreementSummary(agreement, detail),
    sessions: toSessions(sessions, me),
  };
}

// POST /api/disputes/{id}/withdraw { reason } → the case, now Withdrawn (409 once an agreement exists).
async function withdraw(api, id, reason) {
  return toDetail(await api.post(`/api/disputes/${id}/withdraw`, { reason }));
}

// POST /api/sessions/{id}/confirm: the citizen confirms a proposed session time.
function confirmSession(api, sessionId) {
  return api.post(`/api/sessions/${sessionId}/confirm`, {});
}

// "2026-12-10" + "14:30" → "2026-12-10T14:30:00": a time without an offset, which the service reads as Beijing time.
function beijingTime(date, time) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(date || '')) || !/^\d{2}:\d{2}$/.test(String(time || ''))) return null;
  return `${date}T${time}:00`;
}

// GET /api/sessions/{id}/free-slots → the mediator's free times to pick from, as { date, time, label }; [] when the
// service offers none (the citizen can still choose any date and time).
async function freeSlots(api, sessionId) {
  try {
    const { items } = await api.get(`/api/sessions/${sessionId}/free-slots`);
    return items.map((i) => {
      const local = formatDate(i.startsAt); // "YYYY-MM-DD HH:mm" in China time
      return { date: local.slice(0, 10), time: local.slice(11), label: local };
    });
  } catch (err) {
    return [];
  }
}

// POST /api/sessions/{id}/counter { startsAt, note }: another time for a proposed session.
async function proposeOtherTime(api, sessionId, { date, time, note }) {
  const startsAt = beijingTime(date, time);
  if (!startsAt) return { ok: false, errors: { startsAt: '请选择日期和时间' } };
  if (String(note || '').length > 500) return { ok: false, errors: { note: '说明不能超过500个字' } };
  try {
    const session = await api.post(`/api/sessions/${sessionId}/counter`, { startsAt, note: String(note || '').trim() || null });
    return { ok: true, session };
  } catch (err) {
    if (err.isValidation) return { ok: false, errors: err.fieldErrors };
    throw err;
  }
}

function validateRating({ score, comment } = {}) {
  const e = {};
  if (!Number.isInteger(score) || score < 1 || score > 5) e.score = '请选择1至5星';
  if (String(comment || '').length > 1000) e.comment = '评价不超过1000字';
  return e;
}

// POST /api/disputes/{id}/satisfaction { score, comment } → 204. Rating again replaces the earlier rating.
async function rateSatisfaction(api, id, { score, comment }) {
  const errors = validateRating({ score, comment });
  if (Object.keys(errors).length) return { ok: false, errors };
  await api.post(`/api/disputes/${id}/satisfaction`, { score, comment: String(comment || '').trim() });
  return { ok: true };
}

module.exports = { STATUS_NEXT, freeSlots, loadCase, toSession, toSessions, beijingTime, proposeOtherTime, SESSION_STATUS, withdraw, toDetail, toTimeline, toAgreementSummary, yuan, confirmSession, validateRating, rateSatisfaction, RATABLE };
