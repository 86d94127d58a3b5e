// 调解协议: the agreement's full text as served (GET /api/disputes/{id}/agreement), who still has to confirm it,
// and the citizen's confirmation (POST /api/agreements/{id}/sign { sha256 }). The confirmation is bound to the text:
// the page hashes the text it showed (UTF-8, as the service does) and refuses to send anything when that hash is not
// the one served; the service answers 409 "协议文本已变更" when the mediator changed the text meanwhile.
const { ApiError } = require('../../utils/problem.js');
const { sha256Hex } = require('../../utils/sha256.js');
const { fenToYuan } = require('../../utils/money.js');
const { partiesOf, myPartyIds } = require('../../utils/parties.js');
const { formatDate } = require('../cases/logic.js');

const STATUS_NAMES = { Draft: '调解员拟定中', AwaitingSignatures: '待各方确认', Effective: '已生效' };
const TEXT_CHANGED = '协议文本已变更';

// "2026-12-01" (a calendar date from the service) → "2026年12月1日"
function formatDay(date) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(date || ''));
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : '';
}

// "pending" holds party ids and "mediator" / "supervisor" → names a citizen understands.
function pendingView(pending, dispute) {
  const parties = new Map(partiesOf(dispute).map((p) => [p.id, p]));
  const mine = new Set(myPartyIds(dispute));
  return (pending || []).map((key) => {
    if (key === 'mediator') return { key, name: '人民调解员', mine: false };
    if (key === 'supervisor') return { key, name: '调解委员会审核盖章', mine: false };
    const p = parties.get(key);
    return { key, name: p ? `${p.roleName} ${p.name}${mine.has(key) ? '（您）' : ''}` : '当事人', mine: mine.has(key) };
  });
}

function toView(a, dispute) {
  const pending = a.status === 'AwaitingSignatures' ? pendingView(a.pending, dispute) : [];
  const judicial = a.judicialConfirmation || {};
  return {
    id: a.id,
    disputeId: a.disputeId,
    caseNumber: a.caseNumber,
    number: a.number,
    revision: a.revision,
    revisionLabel: `第${a.revision}稿`,
    status: a.status,
    statusName: STATUS_NAMES[a.status] || a.status,
    text: a.text,
    sha256: String(a.sha256 || '').toLowerCase(),
    pending,
    pendingNames: pending.map((p) => p.name).join('、'),
    awaitingMe: pending.some((p) => p.mine),
    signatures: (a.signatures || []).map((s) => ({ name: s.name, signedAt: formatDate(s.signedAt), inPerson: s.inPerson })),
    effectiveAt: formatDate(a.effectiveAt),
    hasObligations: (a.obligations || []).length > 0,
    obligations: (a.obligations || []).map((o) => ({
      id: o.id, description: o.description, obligorName: o.obligorName, obligeeName: o.obligeeName,
      amount: o.amountFen === null || o.amountFen === undefined ? '' : `${fenToYuan(o.amountFen)} 元`, dueDate: formatDay(o.dueDate),
    })),
    judicial: {
      offered: Boolean(judicial.offered),
      deadline: formatDay(judicial.deadline),
      notOfferedReason: judicial.notOfferedReason || '',
    },
  };
}

async function loadAgreement(api, disputeId) {
  const [agreement, dispute] = await Promise.all([api.get(`/api/disputes/${disputeId}/agreement`), api.get(`/api/disputes/${disputeId}`)]);
  return toView(agreement, dispute);
}

// Does the text shown hash to what the service served? → { ok, sha256 (of the shown text) }
function checkText(shownText, servedSha256) {
  const sha256 = sha256Hex(shownText);
  return { ok: Boolean(servedSha256) && sha256 === String(servedSha256).toLowerCase(), sha256 };
}

/**
 * Confirms the text the citizen was shown. Resolves:
 *   { ok: true, agreement }          confirmed (the service's answer, raw)
 *   { ok: false, mismatch: true }    the shown text does not hash to the served sha256: nothing was sent
 *   { ok: false, changed: true }     409 协议文本已变更: reload the text and read it again
 * Anything else (already confirmed, not awaiting confirmation, network) is thrown as ApiError.
 */
async function confirmAgreement(api, agreementId, shownText, servedSha256) {
  const check = checkText(shownText, servedSha256);
  if (!check.ok) return { ok: false, mismatch: true };
  try {
    return { ok: true, agreement: await api.post(`/api/agreements/${agreementId}/sign`, { sha256: check.sha256 }) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && err.title === TEXT_CHANGED) return { ok: false, changed: true };
    throw err;
  }
}

module.exports = { loadAgreement, toView, pendingView, checkText, confirmAgreement, formatDay, STATUS_NAMES, TEXT_CHANGED };
