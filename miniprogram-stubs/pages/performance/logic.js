// 履行情况: the agreement's obligations and the payments reported against them (GET /api/disputes/{id}/obligations).
// The obligor reports a payment, with proof photos uploaded as evidence of the case first
// (POST /api/obligations/{id}/payments { amountFen, paidAt, note, evidenceIds }); the obligee confirms it
// (POST /api/payments/{id}/confirm) or disputes it (POST /api/payments/{id}/dispute { reason }).
const { ApiError } = require('../../utils/problem.js');
const { yuanToFen, fenToYuan, MAX_FEN } = require('../../utils/money.js');
const { myPartyIds } = require('../../utils/parties.js');
const { formatDate } = require('../cases/logic.js');
const { formatDay } = require('../agreement/logic.js');
const evidence = require('../evidence/logic.js');
const { caseReference } = require('../../utils/case-number.js');

const OBLIGATION_STATUS = { Open: '待履行', Fulfilled: '已履行完毕' };
const PAYMENT_STATUS = { Reported: '待权利人确认', Confirmed: '已确认收到', Disputed: '权利人有异议' };
const PROOF_DESCRIPTION = '履行凭证';

const yuan = (fen) => (fen === null || fen === undefined ? '' : `${fenToYuan(fen)} 元`);

function paymentView(p, iAmObligee) {
  return {
    id: p.id,
    obligationId: p.obligationId,
    amountFen: p.amountFen,
    amount: yuan(p.amountFen),
    paidAt: formatDate(p.paidAt),
    note: p.note || '',
    proofCount: (p.evidenceIds || []).length,
    status: p.status,
    statusName: PAYMENT_STATUS[p.status] || p.status,
    disputeReason: p.disputeReason || '',
    canDecide: iAmObligee && p.status === 'Reported',
  };
}

function toView(res, dispute) {
  const mine = new Set(myPartyIds(dispute));
  const items = res.items.map((o) => {
    const iAmObligor = mine.has(o.obligorPartyId);
    const iAmObligee = mine.has(o.obligeePartyId);
    const isMoney = o.amountFen !== null && o.amountFen !== undefined;
    const remainingFen = isMoney ? Math.max(0, o.amountFen - (o.confirmedFen || 0)) : null;
    return {
      id: o.id,
      position: o.position,
      description: o.description,
      obligorName: o.obligorName,
      obligeeName: o.obligeeName,
      isMoney,
      amountFen: o.amountFen,
      amount: yuan(o.amountFen),
      confirmed: yuan(o.confirmedFen || 0),
      remainingFen,
      remaining: yuan(remainingFen),
      dueDate: formatDay(o.dueDate),
      instalments: (o.instalments || []).length > 1 ? o.instalments.map((i) => ({ seq: i.seq, amount: yuan(i.amountFen), dueDate: formatDay(i.dueDate) })) : [],
      method: o.method || '',
      place: o.place || '',
      status: o.status,
      statusName: OBLIGATION_STATUS[o.status] || o.status,
      iAmObligor,
      iAmObligee,
      canReport: iAmObligor && o.status === 'Open',
      payments: res.payments.filter((p) => p.obligationId === o.id).map((p) => paymentView(p, iAmObligee)),
    };
  });
  return { items, caseStatus: dispute.status, caseStatusName: dispute.statusName, ...caseReference(dispute) };
}

async function loadPerformance(api, disputeId) {
  const [obligations, dispute] = await Promise.all([api.get(`/api/disputes/${disputeId}/obligations`), api.get(`/api/disputes/${disputeId}`)]);
  return toView(obligations, dispute);
}

const pad = (n) => String(n).padStart(2, '0');

// now, as the date and time pickers show it in China time: { date: 'YYYY-MM-DD', time: 'HH:mm' }
function chinaNow(now = new Date()) {
  const cn = new Date(now.getTime() + 8 * 3600 * 1000);
  return { date: `${cn.getUTCFullYear()}-${pad(cn.getUTCMonth() + 1)}-${pad(cn.getUTCDate())}`, time: `${pad(cn.getUTCHours())}:${pad(cn.getUTCMinutes())}` };
}

// picker values in China time → ISO instant; null when not a real date and time
function paidAtIso(date, time) {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(date || ''));
  const t = /^(\d{2}):(\d{2})$/.exec(String(time || ''));
  if (!d || !t) return null;
  const [y, mo, day, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number);
  const ms = Date.UTC(y, mo - 1, day, h - 8, mi);
  const check = new Date(ms + 8 * 3600 * 1000);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== day || h > 23 || mi > 59) return null;
  return new Date(ms).toISOString();
}

function emptyReport(obligation, now = new Date()) {
  const { date, time } = chinaNow(now);
  return { amountYuan: obligation && obligation.isMoney && obligation.remainingFen ? fenToYuan(obligation.remainingFen) : '', date, time, note: '', files: [] };
}

// Client-side checks, keyed as the service keys its field errors.
function validateReport(form, obligation, now = new Date()) {
  const e = {};
  const fen = yuanToFen(form.amountYuan);
  if (obligation.isMoney) {
    if (fen === null) e.amountFen = '请填写本次支付的金额';
    else if (Number.isNaN(fen)) e.amountFen = '金额格式不正确，例如 1500 或 1500.50';
    else if (fen === 0) e.amountFen = '请填写实际支付的金额';
    else if (fen > MAX_FEN) e.amountFen = '金额超出范围';
  } else if (Number.isNaN(fen)) e.amountFen = '金额格式不正确（非金钱义务可不填）';
  const paidAt = paidAtIso(form.date, form.time);
  if (!paidAt) e.paidAt = '请选择履行时间';
  else if (Date.parse(paidAt) > now.getTime() + 5 * 60 * 1000) e.paidAt = '履行时间不能晚于现在';
  if (String(form.note || '').length > 1000) e.note = '说明不超过1000字';
  if ((form.files || []).length > 20) e.evidenceIds = '凭证不超过20份';
  return e;
}

function buildReport(form, evidenceIds) {
  const fen = yuanToFen(form.amountYuan);
  return { amountFen: fen === null ? 0 : fen, paidAt: paidAtIso(form.date, form.time), note: String(form.note || '').trim(), evidenceIds };
}

// The same report already on the service (its answer was lost on the way back)?
function sameReport(p, obligationId, body) {
  return p.obligationId === obligationId && p.status === 'Reported' && p.amountFen === body.amountFen
    && Date.parse(p.paidAt) === Date.parse(body.paidAt) && (p.note || '') === (body.note || '');
}

/**
 * Reports a payment. `state` ({ pending: PendingAction, uploaded: { [path]: evidenceId } }) lives as long as the form:
 * proof photos already uploaded are not uploaded again when the citizen taps 提交 once more. Resolves
 *   { ok: true, payment }          reported (or found already reported after a lost answer)
 *   { ok: false, errors }          refused by the checks here or by the service (field errors)
 * A failed proof upload or any other failure is thrown as ApiError; nothing is reported then.
 */
async function reportPayment(api, disputeId, obligation, form, state) {
  const errors = validateReport(form, obligation);
  if (Object.keys(errors).length) return { ok: false, errors };
  const files = form.files || [];
  const toUpload = files.filter((f) => !state.uploaded[f.path]);
  const results = await evidence.uploadAll(api, disputeId, toUpload, { description: PROOF_DESCRIPTION });
  for (const r of results) if (r.ok) state.uploaded[r.file.path] = r.evidence.id;
  const failed = results.find((r) => !r.ok);
  if (failed) throw failed.error;

  const body = buildReport(form, files.map((f) => state.uploaded[f.path]));
  const idempotencyKey = state.pending.keyFor({ obligationId: obligation.id, ...body });
  try {
    const payment = await api.create(`/api/obligations/${obligation.id}/payments`, body, { idempotencyKey });
    state.pending.done();
    state.uploaded = {};
    return { ok: true, payment };
  } catch (err) {
    if (err instanceof ApiError && err.isValidation) return { ok: false, errors: err.fieldErrors };
    if (err instanceof ApiError && err.network) {
      // the service does not replay payment reports by Idempotency-Key: look before the citizen sends it again
      const now = await api.get(`/api/disputes/${disputeId}/obligations`).catch(() => null);
      const same = now && now.payments.find((p) => sameReport(p, obligation.id, body));
      if (same) {
        state.pending.done();
        state.uploaded = {};
        return { ok: true, payment: same, recovered: true };
      }
    }
    throw err;
  }
}

function confirmPayment(api, paymentId) {
  return api.post(`/api/payments/${paymentId}/confirm`, {});
}

function disputePayment(api, paymentId, reason) {
  return api.post(`/api/payments/${paymentId}/dispute`, { reason });
}

module.exports = {
  loadPerformance, toView, chinaNow, paidAtIso, emptyReport, validateReport, buildReport, sameReport, reportPayment,
  confirmPayment, disputePayment, OBLIGATION_STATUS, PAYMENT_STATUS,
};
