import { api, cached, myBodies } from './api.js';
import { h, mount, attempt, names } from './ui.js';
import { pendingReportKey } from './grid.js';

const referrals = ['PoliceReferral', 'CourtReferral', 'ProcuratorateReferral', 'PetitionReferral', 'GovernmentReferral', 'OtherReferral'];
const sources = ['WalkIn', 'Oral', 'Initiative', ...referrals];

const field = (label, name, attrs = {}) => h('label', {}, label, h(attrs.tag || 'input', { name, 'data-field': name, ...attrs, tag: undefined }));

/** 登记案件: a walk-in, an oral application, a case found by screening or a referral, entered by staff. */
export async function registerPage() {
  const [bodies, types] = await Promise.all([myBodies(), cached('/api/dispute-types')]);
  // One key per form: a double click or a retry after a lost answer registers the case once.
  let key = crypto.randomUUID();
  const referral = h('fieldset', { id: 'referral', hidden: true }, h('legend', {}, '移送单位'),
    field('单位名称', 'referral.unitName'), field('联系人及电话', 'referral.contact'),
    field('文书编号（如诉前调解案号）', 'referral.documentNumber'),
    field('收到日期', 'referral.receivedOn', { type: 'date' }),
    field('调解期限（天；法院委托不填为30天）', 'referral.timeLimitDays', { type: 'number', min: 1, max: 180 }));
  const source = h('select', { name: 'source', 'data-field': 'source', required: true,
    onchange: () => { referral.hidden = !referrals.includes(source.value); } },
    sources.map(s => h('option', { value: s }, names.source[s] || s)));
  const party = (prefix, title, extra = []) => h('fieldset', {}, h('legend', {}, title),
    field('姓名或名称', `${prefix}.name`, { required: true }), ...extra,
    field('身份证号码', `${prefix}.idNumber`), field('联系电话', `${prefix}.phone`), field('住址', `${prefix}.address`));
  const form = h('form', { id: 'register-form', class: 'card', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const v = name => f[name].value.trim() || null;
    const body = {
      source: f.source.value, bodyId: f.bodyId.value, typeCode: f.typeCode.value,
      applicant: { name: v('applicant.name'), gender: v('applicant.gender'), birthDate: v('applicant.birthDate'),
        idNumber: v('applicant.idNumber'), phone: v('applicant.phone'), address: v('applicant.address') },
      respondents: [{ kind: 'Person', name: v('respondents[0].name'), idNumber: v('respondents[0].idNumber'),
        phone: v('respondents[0].phone'), address: v('respondents[0].address') }],
      thirdParties: [], facts: v('facts'), claims: v('claims'), place: v('place'),
      amountFen: v('amount') ? Math.round(Number(v('amount')) * 100) : null,
      preferredMode: f.preferredMode.value, legalTexts: f.legalTexts.value,
      referral: referrals.includes(f.source.value) ? {
        unitName: v('referral.unitName'), contact: v('referral.contact'), documentNumber: v('referral.documentNumber'),
        receivedOn: v('referral.receivedOn'), timeLimitDays: v('referral.timeLimitDays') ? Number(v('referral.timeLimitDays')) : null,
      } : null,
    };
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const created = await attempt(form, () => api.post('/api/intake/cases', body, { 'Idempotency-Key': key }));
    if (created && report) {
      // The grid report becomes this case; a failure here leaves the case registered and the report open to retry.
      const converted = await attempt(form, () => api.post(`/api/grid-reports/${report.id}/convert`, { caseId: created.id }));
      if (!converted) { button.disabled = false; return; }
      sessionStorage.removeItem(pendingReportKey);
    }
    button.disabled = false;
    if (created) { key = crypto.randomUUID(); location.hash = `#/case/${created.id}`; }
  } },
  h('h1', {}, '登记案件'),
  h('p', { class: 'hint' }, '来访、口头申请（人民调解法第十七条）、排查发现或移送的纠纷，由工作人员登记后进入受理队列。'),
  h('label', {}, '来源', source),
  h('label', {}, '受理的调解组织', h('select', { name: 'bodyId', 'data-field': 'bodyId', required: true }, bodies.map(b => h('option', { value: b.id }, b.name)))),
  referral,
  party('applicant', '申请人', [
    h('label', {}, '性别', h('select', { name: 'applicant.gender', 'data-field': 'applicant.gender' }, h('option', { value: 'Male' }, '男'), h('option', { value: 'Female' }, '女'))),
    field('出生日期', 'applicant.birthDate', { type: 'date' })]),
  party('respondents[0]', '被申请人'),
  h('label', {}, '纠纷类型', h('select', { name: 'typeCode', 'data-field': 'typeCode' }, types.map(t => h('option', { value: t.code }, t.name)))),
  field('纠纷发生地', 'place'),
  field('涉及金额（元）', 'amount', { type: 'number', min: 0, step: '0.01' }),
  field('纠纷简要情况', 'facts', { tag: 'textarea', required: true }),
  field('申请事项', 'claims', { tag: 'textarea', required: true }),
  h('label', {}, '调解方式', h('select', { name: 'preferredMode', 'data-field': 'preferredMode' },
    h('option', { value: 'OnSite' }, '现场'), h('option', { value: 'Phone' }, '电话'), h('option', { value: 'Online' }, '线上'))),
  h('label', {}, '权利义务告知书和信用承诺书', h('select', { name: 'legalTexts', 'data-field': 'legalTexts' },
    h('option', { value: 'SignedOnPaper' }, '已当场宣读，申请人书面签署（扫描件归入证据）'),
    h('option', { value: 'InMiniProgramLater' }, '申请人日后在小程序内确认'))),
  h('button', { type: 'submit' }, '登记'));
  const report = JSON.parse(sessionStorage.getItem(pendingReportKey) || 'null');
  if (report) prefill(form, report);
  mount(report ? h('div', { class: 'warn', id: 'from-report' }, `由网格员${report.reporterName}的上报转来（${report.place}），请核实并补全当事人身份信息。`,
    ' ', h('button', { type: 'button', class: 'plain small', onclick: () => { sessionStorage.removeItem(pendingReportKey); registerPage(); } }, '不再关联该上报')) : null, form);
}

/** What the grid worker knew, as a start: an initiative case (主动调解), the place, the account, the parties' names. */
function prefill(form, report) {
  const f = form.elements;
  f.source.value = 'Initiative';
  f.bodyId.value = report.bodyId;
  f.place.value = report.place;
  f.facts.value = report.account;
  const [first, second] = report.parties;
  if (first) f['applicant.name'].value = first.name;
  if (second) f['respondents[0].name'].value = second.name;
}
