// 案件详情: GET /api/disputes/{id} and /timeline; withdraw. The later parts of a case (sessions, the
// agreement, payments) are written against the routes their issues define and marked as such: the page
// only calls them when the server offers them.
const { formatDate, ROLE_NAMES } = require('../cases/logic.js');

const MODE_NAMES = { Phone: '电话调解', Online: '线上视频调解', OnSite: '现场调解' };
const CLOSED = ['Withdrawn', 'Closed', 'Rejected', 'Lapsed', 'Agreed', 'Performing', 'Fulfilled', 'Defaulted', 'Failed'];

function yuan(fen) {
  if (fen === null || fen === undefined) return '';
  return (fen / 100).toFixed(2).replace(/\.00$/, '') + ' 元';
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
    canAddEvidence: !['Withdrawn', 'Closed', 'Rejected', 'Lapsed'].includes(d.status),
  };
}

function toTimeline(t) {
  return t.items.map((i) => ({ at: formatDate(i.at), kind: i.kind, title: i.title, note: i.note || '' }));
}

async function loadCase(api, id) {
  const [detail, timeline] = await Promise.all([api.get(`/api/disputes/${id}`), api.get(`/api/disputes/${id}/timeline`)]);
  return { detail: toDetail(detail), timeline: toTimeline(timeline) };
}

// POST /api/disputes/{id}/withdraw { reason } → the case, now Withdrawn (409 once an agreement exists).
async function withdraw(api, id, reason) {
  return toDetail(await api.post(`/api/disputes/${id}/withdraw`, { reason }));
}

// ---- Waiting for their endpoints (sessions and outcomes issues). Routes as those issues define them.

// POST /api/sessions/{id}/confirm: the citizen confirms a proposed session time.
function confirmSession(api, sessionId) {
  return api.post(`/api/sessions/${sessionId}/confirm`, {});
}

// POST /api/agreements/{id}/sign { sha256 }: the citizen confirms the agreement text they were shown.
function signAgreement(api, agreementId, sha256) {
  return api.post(`/api/agreements/${agreementId}/sign`, { sha256 });
}

// POST /api/obligations/{id}/payments { amountFen, paidAt, note, evidenceIds }: report a payment made.
function reportPayment(api, obligationId, { amountFen, paidAt, note = '', evidenceIds = [] }) {
  return api.create(`/api/obligations/${obligationId}/payments`, { amountFen, paidAt, note, evidenceIds });
}

module.exports = { loadCase, withdraw, toDetail, toTimeline, yuan, confirmSession, signAgreement, reportPayment };
