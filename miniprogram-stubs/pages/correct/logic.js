// 补正: the application as filed (masked by the service), the clerk's correction request and its deadline, and the
// corrected application sent back with PUT /api/disputes/{id}. A masked ID number, phone or address left as shown means
// "unchanged" to the service, so the citizen types only what was asked; a field he changes is typed out in full.
const apply = require('../apply/logic.js');
const { ApiError } = require('../../utils/problem.js');
const { fenToYuan } = require('../../utils/money.js');

const MASKABLE = ['idNumber', 'phone', 'address'];

const isMasked = (v) => typeof v === 'string' && v.includes('*');

function partyForm(p) {
  return {
    kind: p.kind || 'Person',
    name: p.name || '',
    idNumber: p.idNumber || '',
    phone: p.phone || '',
    address: p.address || '',
    ethnicity: p.ethnicity || '',
    occupation: p.occupation || '',
    creditCode: p.creditCode || '',
    legalRepresentative: p.legalRepresentative || '',
  };
}

// { idNumber: '3710**********1235', phone: '138****8000' }: the values shown masked and still kept as they are.
function keptOf(p) {
  const kept = {};
  for (const f of MASKABLE) if (isMasked(p[f])) kept[f] = p[f];
  return kept;
}

function formFromDispute(d) {
  return {
    applicant: partyForm(d.applicant),
    respondents: d.respondents.map(partyForm),
    thirdParties: (d.thirdParties || []).map(partyForm),
    typeCode: d.typeCode,
    facts: d.facts || '',
    claims: d.claims || '',
    amountYuan: d.amountFen === null || d.amountFen === undefined ? '' : fenToYuan(d.amountFen),
    place: d.place || '',
    preferredMode: d.preferredMode,
    preferredMediatorId: d.preferredMediatorId || '', // the mediator she chose when filing stays chosen
    note: '',
  };
}

function keptFromDispute(d) {
  return { applicant: keptOf(d.applicant), respondents: d.respondents.map(keptOf), thirdParties: (d.thirdParties || []).map(keptOf) };
}

function correctionView(c, now = Date.now()) {
  if (!c) return null;
  const left = Date.parse(c.deadline) - now;
  return {
    items: c.items,
    deadlineLocal: c.deadlineLocal,
    overdue: left <= 0,
    // a plain sentence for the banner: how long is left, in days or hours
    timeLeft: left <= 0 ? '已过补正期限' : left >= 86400000 ? `还剩 ${Math.floor(left / 86400000)} 天` : `还剩 ${Math.max(1, Math.floor(left / 3600000))} 小时`,
  };
}

// GET the case, the open correction (404: none, e.g. already resubmitted) and the dispute types.
async function loadCorrection(api, id) {
  const [dispute, correction, types, rightsNotice, creditCommitment] = await Promise.all([
    api.get(`/api/disputes/${id}`),
    api.get(`/api/disputes/${id}/correction`).catch((err) => (err.status === 404 ? null : Promise.reject(err))),
    api.get('/api/dispute-types', { auth: false }),
    api.get('/api/legal-texts/rights-notice', { auth: false }),
    api.get('/api/legal-texts/credit-commitment', { auth: false }),
  ]);
  return {
    texts: outdatedTexts(dispute.acceptances, { 'rights-notice': rightsNotice, 'credit-commitment': creditCommitment }),
    dispute,
    canCorrect: dispute.status === 'NeedsCorrection' && dispute.myRole === 'Applicant' && Boolean(correction),
    correction: correctionView(correction),
    form: formFromDispute(dispute),
    kept: keptFromDispute(dispute),
    types: types.map((t) => ({ code: t.code, name: t.name })),
  };
}

// The texts the applicant accepted at filing whose version has changed since: they must be read and accepted again.
// → { rightsNotice: { version, sha256, text } | null, creditCommitment: … | null }
function outdatedTexts(acceptances, current) {
  const pick = (kind) => {
    const now = current[kind];
    const last = (acceptances || []).filter((a) => a.kind === kind).sort((a, b) => Date.parse(b.acceptedAt) - Date.parse(a.acceptedAt))[0];
    if (!now || (last && last.version === now.version && String(last.sha256).toLowerCase() === String(now.sha256).toLowerCase())) return null;
    return { version: now.version, sha256: now.sha256, text: now.text };
  };
  return { rightsNotice: pick('rights-notice'), creditCommitment: pick('credit-commitment') };
}

// The apply page's checks, except on values kept masked (the service checks those against what it holds) and the body
// (a correction does not move the case to another committee).
function validate(form, texts = {}) {
  const errors = Object.assign({}, apply.validateStep(form, 0), apply.validateStep(form, 1), apply.validateStep(form, 2));
  delete errors.bodyId;
  const parties = [['applicant', form.applicant], ...form.respondents.map((r, i) => [`respondents[${i}]`, r])];
  for (const [path, p] of parties) for (const f of MASKABLE) if (isMasked(p[f])) delete errors[`${path}.${f}`];
  if (String(form.note || '').length > 500) errors.note = '补正说明不能超过500个字';
  if (texts.rightsNotice && !form.rightsNoticeAcknowledged) errors.rightsNotice = '权利义务告知书已更新，请阅读新版本后确认';
  if (texts.creditCommitment && !form.creditCommitmentSigned) errors.creditCommitment = '信用承诺书已更新，请阅读新版本后重新签署';
  return errors;
}

function buildRequest(form, texts = {}) {
  const filed = apply.buildRequest({ ...form, bodyId: '' }, { rightsNotice: {}, creditCommitment: {} });
  return {
    applicant: filed.applicant,
    respondents: filed.respondents,
    thirdParties: form.thirdParties.map((p) => apply.partyRequest(p, false)),
    typeCode: filed.typeCode,
    facts: filed.facts,
    claims: filed.claims,
    amountFen: filed.amountFen,
    place: filed.place,
    preferredMode: filed.preferredMode,
    preferredMediatorId: filed.preferredMediatorId,
    note: String(form.note || '').trim() || null,
    ...(texts.rightsNotice ? { rightsNotice: { version: texts.rightsNotice.version, sha256: texts.rightsNotice.sha256, acknowledged: Boolean(form.rightsNoticeAcknowledged) } } : {}),
    ...(texts.creditCommitment ? { creditCommitment: { version: texts.creditCommitment.version, sha256: texts.creditCommitment.sha256, signed: Boolean(form.creditCommitmentSigned) } } : {}),
  };
}

/**
 * PUT /api/disputes/{id}. Resolves
 *   { ok: true, dispute }           resubmitted (status Submitted)
 *   { ok: false, errors }           refused fields (client checks or the service's 400), keyed like the form
 * A lost answer (network, or the retry's 409) is looked after: a case Submitted again means the correction went through.
 * Anything else is thrown (409 wrong state with its Chinese detail, 5xx...).
 */
async function submitCorrection(api, id, form, texts = {}) {
  const errors = validate(form, texts);
  if (Object.keys(errors).length) return { ok: false, errors };
  try {
    return { ok: true, dispute: await api.put(`/api/disputes/${id}`, buildRequest(form, texts)) };
  } catch (err) {
    if (err instanceof ApiError && err.isValidation) return { ok: false, errors: err.fieldErrors };
    // A lost answer is retried by api.js; the retry then finds the case already resubmitted (409). Either way, look.
    if (err instanceof ApiError && (err.network || err.status === 409)) {
      const now = await api.get(`/api/disputes/${id}`).catch(() => null);
      if (now && now.status === 'Submitted') return { ok: true, dispute: now };
    }
    throw err;
  }
}

module.exports = { outdatedTexts, loadCorrection, formFromDispute, keptFromDispute, correctionView, validate, buildRequest, submitCorrection, isMasked };
