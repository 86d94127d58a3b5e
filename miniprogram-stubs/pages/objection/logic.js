// 申请回避 (人民调解法 第二十三条): a party may ask for the mediator to be replaced, with a reason.
// POST /api/disputes/{id}/mediator-objection { reason } → 204; the case goes back to the committee to assign another.
const { ApiError } = require('../../utils/problem.js');

// While a mediator is on the case and mediation has not ended.
const OBJECTABLE = ['MediatorAssigned', 'InMediation'];

function canObject(dispute) {
  return Boolean(dispute && dispute.myRole) && OBJECTABLE.includes(dispute.status);
}

function validate(reason) {
  const r = String(reason || '').trim();
  if (!r) return { reason: '请填写申请回避的理由' };
  if (r.length > 500) return { reason: '回避理由不能超过500个字' };
  return {};
}

// → { ok: true } or { ok: false, errors } (field errors from the page or the service); anything else is thrown.
async function objectToMediator(api, id, reason) {
  const errors = validate(reason);
  if (Object.keys(errors).length) return { ok: false, errors };
  try {
    await api.post(`/api/disputes/${id}/mediator-objection`, { reason: String(reason).trim() });
    return { ok: true };
  } catch (err) {
    if (err instanceof ApiError && err.isValidation) return { ok: false, errors: err.fieldErrors };
    // a lost answer is retried by api.js, and the retry finds the case already back with the committee (409): look
    if (err instanceof ApiError && (err.network || err.status === 409)) {
      const now = await api.get(`/api/disputes/${id}`).catch(() => null);
      if (now && now.status === 'Accepted') return { ok: true };
    }
    throw err;
  }
}

module.exports = { canObject, validate, objectToMediator, OBJECTABLE };
