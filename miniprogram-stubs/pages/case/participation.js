// A respondent's first visit: what the case is, that mediation is voluntary and free (人民调解法 第三条、第四条、第十七条),
// and 同意参加调解 or 拒绝调解 with a coded reason. GET/POST /api/disputes/{id}/participation.
const { ApiError } = require('../../utils/problem.js');

// → null when the caller is not a respondent who may answer; else { answered, agrees, reasonName, note, reasons }
async function load(api, id, detail) {
  if (!detail || detail.myRole !== 'Respondent') return null;
  // the invitation is an addition to the case page: if it cannot be read now, the rest of the page still shows
  const p = await api.get(`/api/disputes/${id}/participation`).catch(() => null);
  if (!p || (!p.canAnswer && !p.answer)) return null;
  return toView(p);
}

function toView(p) {
  return {
    canAnswer: Boolean(p.canAnswer),
    answered: Boolean(p.answer),
    agrees: p.answer ? p.answer.agrees : null,
    reasonName: p.answer ? p.answer.reasonName || '' : '',
    note: p.answer ? p.answer.note || '' : '',
    reasons: p.reasons || [],
  };
}

function validate({ agrees, reasonCode, note }) {
  if (agrees) return {};
  if (!reasonCode) return { reasonCode: '请选择拒绝调解的原因' };
  if (reasonCode === 'other' && !String(note || '').trim()) return { note: '请简要说明原因' };
  if (String(note || '').length > 500) return { note: '说明不能超过500个字' };
  return {};
}

// → { ok: true, answer } | { ok: false, errors }; anything else is thrown (shown with its Chinese detail).
async function answer(api, id, { agrees, reasonCode, note }) {
  const errors = validate({ agrees, reasonCode, note });
  if (Object.keys(errors).length) return { ok: false, errors };
  const body = agrees ? { agrees: true } : { agrees: false, reasonCode, note: String(note || '').trim() || null };
  try {
    return { ok: true, answer: await api.post(`/api/disputes/${id}/participation`, body) };
  } catch (err) {
    if (err instanceof ApiError && err.isValidation) return { ok: false, errors: err.fieldErrors };
    throw err;
  }
}

module.exports = { load, toView, validate, answer };
