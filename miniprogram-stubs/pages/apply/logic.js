// The application form without the page: what it loads, how it checks each step, what it sends.
// Everything here takes the api module as an argument so that tests can drive it against the real service.
const ids = require('../../utils/identifiers.js');
const { ApiError } = require('../../utils/problem.js');
const { yuanToFen } = require('../../utils/money.js');

const STEPS = ['申请人', '被申请人', '纠纷情况', '告知与承诺'];

const MODES = [
  { value: 'Phone', name: '电话调解' },
  { value: 'Online', name: '线上视频调解' },
  { value: 'OnSite', name: '到调解组织现场调解' },
];

function emptyPerson() {
  return { kind: 'Person', name: '', idNumber: '', phone: '', address: '', creditCode: '', legalRepresentative: '' };
}

function emptyForm() {
  return {
    applicant: { name: '', idNumber: '', phone: '', address: '', ethnicity: '', occupation: '' },
    respondents: [emptyPerson()],
    typeCode: '',
    facts: '',
    claims: '',
    amountYuan: '',
    bodyId: '',
    place: '',
    preferredMode: 'Phone',
    preferredMediatorId: '', // '' = 由调解委员会指派
    rightsNoticeAcknowledged: false,
    creditCommitmentSigned: false,
  };
}

// GET /api/dispute-types, /api/bodies and both legal texts, in parallel.
async function loadReferenceData(api) {
  const [types, bodies, rightsNotice, creditCommitment] = await Promise.all([
    api.get('/api/dispute-types', { auth: false }),
    api.get('/api/bodies', { auth: false }),
    api.get('/api/legal-texts/rights-notice', { auth: false }),
    api.get('/api/legal-texts/credit-commitment', { auth: false }),
  ]);
  return {
    types: types.map((t) => ({ code: t.code, name: t.name })),
    bodies: bodies.map((b) => ({ id: b.id, name: b.name, level: b.level, region: b.region })),
    texts: { rightsNotice: pickText(rightsNotice), creditCommitment: pickText(creditCommitment) },
  };
}

function pickText(t) {
  return { version: t.version, sha256: t.sha256, text: t.text };
}

function blank(v) {
  return v === undefined || v === null || String(v).trim() === '';
}

function trimOrNull(v) {
  return blank(v) ? null : String(v).trim();
}

// Client-side checks of one step. Keys are the server's (JSON paths), so both kinds of errors land in one map.
function validateStep(form, step) {
  const e = {};
  if (step === 0) {
    const a = form.applicant;
    if (blank(a.name)) e['applicant.name'] = '请填写申请人姓名';
    if (blank(a.idNumber)) e['applicant.idNumber'] = '请填写申请人身份证号码';
    else if (!ids.isValidIdNumber(a.idNumber)) e['applicant.idNumber'] = '身份证号码不正确，请核对';
    if (blank(a.phone)) e['applicant.phone'] = '请填写申请人手机号码';
    else if (!ids.isValidMobile(a.phone)) e['applicant.phone'] = '手机号码应为11位中国大陆手机号';
  } else if (step === 1) {
    if (!form.respondents.length) e.respondents = '请至少填写一名被申请人';
    form.respondents.forEach((r, i) => {
      const p = `respondents[${i}].`;
      if (blank(r.name)) e[p + 'name'] = r.kind === 'Organization' ? '请填写单位名称' : '请填写被申请人姓名';
      if (r.kind === 'Organization') {
        if (!blank(r.creditCode) && !ids.isValidCreditCode(r.creditCode)) e[p + 'creditCode'] = '统一社会信用代码不正确，请核对';
      } else if (!blank(r.idNumber) && !ids.isValidIdNumber(r.idNumber)) {
        e[p + 'idNumber'] = '身份证号码不正确，请核对';
      }
      if (!blank(r.phone) && !ids.isValidMobile(r.phone)) e[p + 'phone'] = '手机号码应为11位中国大陆手机号';
      if (blank(r.phone) && blank(r.address)) e[p + 'phone'] = '请至少填写联系电话或住址之一';
    });
  } else if (step === 2) {
    if (blank(form.typeCode)) e.typeCode = '请选择纠纷类型';
    const facts = String(form.facts || '').trim();
    if (facts.length < 10) e.facts = '请填写纠纷简要情况（至少10个字）';
    if (String(form.claims || '').trim().length < 2) e.claims = '请填写申请事项';
    if (Number.isNaN(yuanToFen(form.amountYuan))) e.amountFen = '金额格式不正确，例如 5000 或 5000.50';
    if (blank(form.bodyId) && blank(form.place)) e.bodyId = '请选择调解组织，或填写纠纷发生地';
    if (!MODES.some((m) => m.value === form.preferredMode)) e.preferredMode = '请选择希望的调解方式';
  } else if (step === 3) {
    if (!form.rightsNoticeAcknowledged) e.rightsNotice = '请阅读并确认权利义务告知书';
    if (!form.creditCommitmentSigned) e.creditCommitment = '请阅读并签署信用承诺书';
  }
  return e;
}

function validateAll(form) {
  return Object.assign({}, ...STEPS.map((_, i) => validateStep(form, i)));
}

// The step that shows the field a server error names.
function stepOfField(key) {
  if (key.startsWith('applicant')) return 0;
  if (key.startsWith('respondents') || key.startsWith('thirdParties')) return 1;
  if (key.startsWith('rightsNotice') || key.startsWith('creditCommitment')) return 3;
  return 2;
}

function firstErrorStep(errors) {
  const steps = Object.keys(errors).map(stepOfField);
  return steps.length ? Math.min(...steps) : -1;
}

function partyRequest(p, isApplicant) {
  const person = isApplicant || p.kind !== 'Organization';
  const idNumber = person ? trimOrNull(p.idNumber) : null;
  const valid = idNumber && ids.isValidIdNumber(idNumber);
  return {
    kind: person ? 'Person' : 'Organization',
    name: trimOrNull(p.name),
    gender: valid ? ids.genderFromIdNumber(idNumber) : null,
    ethnicity: person ? trimOrNull(p.ethnicity) : null,
    birthDate: valid ? ids.birthDateFromIdNumber(idNumber) : null,
    idNumber: idNumber ? idNumber.toUpperCase() : null,
    phone: trimOrNull(p.phone),
    address: trimOrNull(p.address),
    occupation: person ? trimOrNull(p.occupation) : null,
    creditCode: person ? null : trimOrNull(p.creditCode) && String(p.creditCode).trim().toUpperCase(),
    legalRepresentative: person ? null : trimOrNull(p.legalRepresentative),
  };
}

// The body of POST /api/disputes. `texts` are the legal texts shown to the citizen: their version and
// sha256 bind the acknowledgement and the signature to exactly that text.
function buildRequest(form, texts) {
  const amountFen = yuanToFen(form.amountYuan);
  return {
    applicant: partyRequest(form.applicant, true),
    respondents: form.respondents.map((r) => partyRequest(r, false)),
    thirdParties: [],
    typeCode: trimOrNull(form.typeCode),
    facts: String(form.facts || '').trim(),
    claims: String(form.claims || '').trim(),
    amountFen: Number.isNaN(amountFen) ? null : amountFen,
    bodyId: trimOrNull(form.bodyId),
    place: trimOrNull(form.place),
    preferredMode: form.preferredMode,
    preferredMediatorId: trimOrNull(form.preferredMediatorId),
    rightsNotice: { version: texts.rightsNotice.version, sha256: texts.rightsNotice.sha256, acknowledged: Boolean(form.rightsNoticeAcknowledged) },
    creditCommitment: { version: texts.creditCommitment.version, sha256: texts.creditCommitment.sha256, signed: Boolean(form.creditCommitmentSigned) },
  };
}

// ---- Choosing a mediator (人民调解法 art. 19, 23: parties may choose or accept a mediator).

const LEVELS = { Chief: '首席调解员', First: '一级调解员', Second: '二级调解员', Third: '三级调解员', Fourth: '四级调解员' };

// One directory or recommendation entry as the page shows it. `typeNames` maps type codes to their names.
function mediatorView(m, typeNames = {}) {
  const specialties = (m.specialties || []).map((c) => typeNames[c] || c);
  const rating = m.rating || {};
  return {
    id: m.id,
    name: m.displayName,
    bodyName: m.bodyName || '',
    levelName: LEVELS[m.level] || '',
    fullTimeName: m.fullTime === true ? '专职' : m.fullTime === false ? '兼职' : '',
    specialtiesText: specialties.length ? '擅长：' + specialties.join('、') : '擅长：各类纠纷',
    yearsText: typeof m.years === 'number' ? (m.years > 0 ? `从事调解 ${m.years} 年` : '从事调解不满 1 年') : '',
    languagesText: (m.languages || []).length ? '语言：' + m.languages.join('、') : '',
    introduction: m.introduction || '',
    ratingText: rating.count > 0 && typeof rating.average === 'number'
      ? `评价 ${'★'.repeat(Math.round(rating.average))}${'☆'.repeat(5 - Math.round(rating.average))} ${rating.average.toFixed(1)} 分（${rating.count} 次）`
      : '暂无评价',
  };
}

function typeNamesOf(types) {
  return Object.fromEntries((types || []).map((t) => [t.code, t.name]));
}

function mediatorQuery(bodyId, typeCode) {
  const q = [['bodyId', bodyId], ['typeCode', typeCode]].filter(([, v]) => !blank(v)).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return q.length ? '?' + q.join('&') : '';
}

// GET /api/mediators/recommendations?bodyId=&typeCode= (at most three, best first) → views.
async function loadRecommendations(api, bodyId, typeCode, types) {
  const list = await api.get('/api/mediators/recommendations' + mediatorQuery(bodyId, typeCode), { auth: false });
  return list.map((m) => mediatorView(m, typeNamesOf(types)));
}

// GET /api/mediators?bodyId= : every listed mediator of the body, whatever their specialty.
async function loadDirectory(api, bodyId, types) {
  const list = await api.get('/api/mediators' + mediatorQuery(bodyId, null), { auth: false });
  return list.map((m) => mediatorView(m, typeNamesOf(types)));
}

// The choice to keep when the body or the type changes: only a mediator still shown; otherwise the committee assigns.
function keptChoice(chosenId, ...lists) {
  if (blank(chosenId)) return '';
  return lists.some((l) => (l || []).some((m) => m.id === chosenId)) ? chosenId : '';
}

/**
 * Sends the application. `pending` (a PendingAction) keeps one Idempotency-Key for this content, so a
 * second tap after a lost answer files nothing twice. Resolves:
 *   { ok: true, dispute }                                  201
 *   { ok: false, errors, step, textsOutdated }              the server refused fields (400 with `errors`)
 * Any other failure (network, 401 after re-login, 5xx) is thrown as ApiError; the key is kept for the retry.
 */
async function submitApplication(api, form, texts, pending) {
  const body = buildRequest(form, texts);
  const idempotencyKey = pending.keyFor(body);
  try {
    const dispute = await api.create('/api/disputes', body, { idempotencyKey });
    pending.done();
    return { ok: true, dispute };
  } catch (err) {
    if (err instanceof ApiError && err.isValidation) {
      pending.done();
      const errors = err.fieldErrors;
      const textsOutdated = Object.keys(errors).some((k) => k.startsWith('rightsNotice') || k.startsWith('creditCommitment'));
      return { ok: false, errors, step: firstErrorStep(errors), textsOutdated };
    }
    throw err;
  }
}

module.exports = {
  STEPS, MODES, emptyForm, emptyPerson, loadReferenceData, validateStep, validateAll, stepOfField, firstErrorStep,
  buildRequest, submitApplication, yuanToFen, partyRequest,
  LEVELS, mediatorView, loadRecommendations, loadDirectory, keptChoice,
};

// { "applicant.idNumber": m, "respondents[1].phone": m2, facts: m3 } →
// { applicant: { idNumber: m }, respondents: [{}, { phone: m2 }], other: { facts: m3 } }
function splitErrors(errors, respondentCount) {
  const out = { applicant: {}, respondents: Array.from({ length: respondentCount }, () => ({})), other: {} };
  for (const [key, message] of Object.entries(errors || {})) {
    let m;
    if ((m = /^applicant\.(\w+)/.exec(key))) out.applicant[m[1]] = message;
    else if ((m = /^respondents\[(\d+)\]\.?(\w*)/.exec(key)) && Number(m[1]) < respondentCount) out.respondents[Number(m[1])][m[2] || 'name'] = message;
    else out.other[key.split('.')[0]] = message;
  }
  return out;
}

module.exports.splitErrors = splitErrors;
