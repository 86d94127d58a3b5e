// 案件详情: GET /api/disputes/{id}, its timeline and its agreement (if any); withdraw; confirm a session;
// rate the mediation once it has ended. The agreement and its performance have their own pages.
const { formatDate, ROLE_NAMES } = require('../cases/logic.js');
const agreementLogic = require('../agreement/logic.js');
const { fenToYuan } = require('../../utils/money.js');

const MODE_NAMES = { Phone: '电话调解', Online: '线上视频调解', OnSite: '现场调解' };
// Mediation has ended (an agreement in effect, or failed): the parties may rate it (POST …/satisfaction).
const RATABLE = ['Performing', 'Defaulted', 'Fulfilled', 'Failed', 'Closed'];
const CLOSED = ['Withdrawn', 'Closed', 'Rejected', 'Lapsed', 'Agreed', 'Performing', 'Fulfilled', 'Defaulted', 'Failed'];

function yuan(fen) {
  if (fen === null || fen === undefined) return '';
  return fenToYuan(fen).replace(/\.00$/, '') + ' 元';
}

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
    caseNumber: d.caseNumber,
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
    canAddEvidence: !['Withdrawn', 'Closed', 'Rejected', 'Lapsed'].includes(d.status),
    canRate: Boolean(d.myRole) && RATABLE.includes(d.status),
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

async function loadCase(api, id) {
  const [detail, timeline, agreement] = await Promise.all([
    api.get(`/api/disputes/${id}`),
    api.get(`/api/disputes/${id}/timeline`),
    api.get(`/api/disputes/${id}/agreement`).catch((err) => (err.status === 404 ? null : Promise.reject(err))),
  ]);
  return { detail: toDetail(detail), timeline: toTimeline(timeline), agreement: toAgreementSummary(agreement, detail) };
}

// POST /api/disputes/{id}/withdraw { reason } → the case, now Withdrawn (409 once an agreement exists).
async function withdraw(api, id, reason) {
  return toDetail(await api.post(`/api/disputes/${id}/withdraw`, { reason }));
}

// POST /api/sessions/{id}/confirm: the citizen confirms a proposed session time.
function confirmSession(api, sessionId) {
  return api.post(`/api/sessions/${sessionId}/confirm`, {});
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

module.exports = { loadCase, withdraw, toDetail, toTimeline, toAgreementSummary, yuan, confirmSession, validateRating, rateSatisfaction, RATABLE };
