// The case's agreement (调解协议): its text and who still has to confirm it, and what the assigned mediator (draft, edit, submit,
// sign, record a paper confirmation, failure, judicial confirmation, enforcement, follow-up) and a supervisor (the committee's seal)
// can do with it. The API decides every step; its problem+json messages appear next to the form that was sent.
import { api } from './api.js';
import { h, attempt, errorBox, fmt, names } from './ui.js';
import { agreementForm } from './agreement-form.js';
import { failureForm, judicialForm, enforcementForm, followUpForm, obligationsTable } from './outcomes.js';
import { openDocument, downloadWord } from './agreement-document.js';

const mediating = ['MediatorAssigned', 'InMediation'];
// A message to show once after the page has been redrawn (a step can change the case's status, so the whole case reloads).
let flash = null;

/**
 * ctx: { caseId, status, parties: [{ id, role, name }], mediator: the caller is the case's assigned mediator,
 *        supervisor: the caller may approve (the API checks the jurisdiction), staff: may record the follow-up, reload }
 */
export function agreementSection(ctx) {
  const box = h('section', { class: 'card', id: 'agreement' }, h('p', { class: 'muted' }, '正在加载调解协议……'));
  const finish = (message, reload = true) => { flash = message; if (reload) ctx.reload(); };
  (async () => {
    let agreement = null;
    try { agreement = await api.get(`/api/disputes/${ctx.caseId}/agreement`); }
    catch (e) { if (e.status !== 404) { box.replaceChildren(errorBox(e)); return; } }
    const message = flash;
    flash = null;
    box.replaceChildren(...[message ? h('div', { class: 'ok', id: 'agreement-ok' }, message) : null, ...render(ctx, agreement, finish)].filter(Boolean));
    if (agreement?.status === 'Effective') box.append(await obligationsTable(ctx.caseId));
  })();
  return box;
}

function render(ctx, a, finish) {
  const forms = h('div', { class: 'agreement-forms' });
  const open = build => { forms.replaceChildren(build()); forms.scrollIntoView({ block: 'nearest' }); };
  const buttons = [];
  const button = (text, onclick, cls = 'plain') => buttons.push(h('button', { type: 'button', class: cls, 'data-action': text, onclick }, text));
  const edit = () => open(() => agreementForm({ caseId: ctx.caseId, parties: ctx.parties, agreement: a, done: (_, m) => finish(m) }));

  if (ctx.mediator && mediating.includes(ctx.status) && a?.status !== 'Effective') {
    if (!a) button('起草调解协议', edit, '');
    button('调解不成，终止调解', () => open(() => failureForm(ctx.caseId, finish)), 'danger');
  }
  if (ctx.staff && ['Fulfilled', 'Failed'].includes(ctx.status)) button('回访结案', () => open(() => followUpForm(ctx.caseId, finish)), '');
  if (!a) {
    return [h('p', { class: 'muted' }, mediating.includes(ctx.status) ? '尚未起草调解协议。' : '本案没有调解协议。'),
      h('div', { class: 'actions' }, buttons), forms];
  }

  const signedAs = role => a.signatures.some(s => s.role === role);
  const pendingParties = ctx.parties.filter(p => a.pending.includes(p.id));
  const act = (path, body, message) => async e => {
    const done = await attempt(e.target.closest('.agreement-actions') || forms, () => api.post(`/api/agreements/${a.id}/${path}`, body));
    if (done) finish(typeof message === 'function' ? message(done) : message);
  };
  if (ctx.mediator && a.status === 'Draft') {
    button('修改协议', edit);
    button('提交各方确认', act('submit', {}, '已提交，已通知各方当事人阅读并确认协议。'), '');
  }
  if (ctx.mediator && a.status === 'AwaitingSignatures') {
    button('修改协议', edit);
    if (a.pending.includes('mediator')) button('调解员签署', act('sign', { sha256: a.sha256 }, '调解员已签署。'), '');
    if (pendingParties.length) button('记录当面签字', () => open(() => paperForm(ctx.caseId, a, pendingParties, finish)));
  }
  if (ctx.supervisor && a.status === 'AwaitingSignatures' && a.pending.includes('supervisor'))
    button('审核盖章', act('approve', { sha256: a.sha256 }, r => r.status === 'Effective' ? '已审核盖章，协议生效。' : '已审核盖章，等待其他各方确认。'), '');
  if (ctx.mediator && a.status === 'Effective') {
    if (a.judicialConfirmation.offered) button('登记司法确认', () => open(() => judicialForm(a, finish)));
    if (a.judicialConfirmation.result === 'Confirmed') button('登记强制执行申请', () => open(() => enforcementForm(a, finish)));
  }
  buttons.push(h('button', { type: 'button', class: 'plain', 'data-action': '打印协议书', onclick: e => openDocument(a, e.target) }, '打印协议书'));
  if (a.status !== 'Draft')
    buttons.push(h('button', { type: 'button', class: 'plain', 'data-action': '下载协议书（Word）', onclick: e => downloadWord(ctx.caseId, a, e.target) }, '下载协议书（Word）'));

  const j = a.judicialConfirmation;
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, '协议编号'), h('dd', {}, a.number),
      h('dt', {}, '状态'), h('dd', { id: 'agreement-status', 'data-status': a.status }, names.agreementStatus[a.status] || a.status),
      h('dt', {}, '形式 / 版本'), h('dd', {}, `${names.agreementKind[a.kind]} · 第 ${a.revision} 版`),
      a.submittedAt ? [h('dt', {}, '提交确认'), h('dd', {}, fmt.time(a.submittedAt))] : null,
      a.effectiveAt ? [h('dt', {}, '生效时间'), h('dd', {}, fmt.time(a.effectiveAt))] : null,
      a.status === 'AwaitingSignatures' ? [h('dt', {}, '尚待确认'), h('dd', { id: 'agreement-pending' }, pendingNames(a, ctx.parties))] : null,
      h('dt', {}, '已确认'), h('dd', { id: 'agreement-signatures' }, a.signatures.length
        ? h('ul', {}, a.signatures.map(s => h('li', {}, `${s.name} · ${fmt.time(s.signedAt)}`))) : '无'),
      a.status === 'Effective' ? [h('dt', {}, '司法确认'), h('dd', { id: 'judicial' }, !j.offered ? j.notOfferedReason
        : [`申请期限 ${fmt.date(j.deadline)}`, j.appliedOn ? `；${j.appliedOn} 向${j.court}申请，${names.judicialResult[j.result] || ''}${j.rulingNumber ? `（${j.rulingNumber}）` : ''}` : '；尚未申请',
           j.enforcementAppliedOn ? `；${j.enforcementAppliedOn} 向${j.enforcementCourt}申请强制执行（${j.enforcementCaseNumber}）` : ''].join(''))] : null),
    a.status !== 'Draft' && signedAs('Party') && ctx.mediator && a.status !== 'Effective'
      ? h('p', { class: 'muted' }, '修改协议会使上述确认全部作废。') : null,
    h('details', { open: a.status !== 'Effective' }, h('summary', {}, '协议全文'),
      h('pre', { class: 'agreement-text', id: 'agreement-text' }, a.text),
      h('p', { class: 'muted sha' }, `文本校验值 SHA-256：${a.sha256}`)),
    h('div', { class: 'actions agreement-actions' }, buttons), forms,
  ];
}

function pendingNames(a, parties) {
  return a.pending.map(p => p === 'mediator' ? '调解员签署' : p === 'supervisor' ? '调委会审核盖章（负责人）'
    : (x => x ? `${names.partyRole[x.role] || ''} ${x.name}` : p)(parties.find(x => x.id === p))).join('、');
}

/**
 * A party who signed the printed agreement in front of the mediator: the mediator records it (the API keeps it as in-person).
 * A party with a mini-program account confirms there himself; for him the mediator must attach the scanned signed page, chosen
 * from the case's evidence (the API refuses without it, and its message appears under the field).
 */
function paperForm(caseId, a, pending, finish) {
  const hint = h('p', { class: 'muted', id: 'paper-evidence-hint' });
  const evidence = h('select', { name: 'evidenceId', 'data-field': 'evidenceId' }, h('option', { value: '' }, '（不附扫描件）'));
  const form = h('form', { class: 'panel', id: 'paper-form', onsubmit: async e => {
    e.preventDefault();
    const partyId = form.elements.partyId.value;
    const evidenceId = form.elements.evidenceId.value || undefined;
    const done = await attempt(form, () => api.post(`/api/agreements/${a.id}/sign`, { sha256: a.sha256, partyId, evidenceId }));
    if (done) finish(`已记录 ${pending.find(p => p.id === partyId)?.name || ''} 的当面签字确认。`);
  } },
  h('p', { class: 'muted' }, '当事人在打印的协议书上签字（盖章）后，由调解员在此记录。所确认的文本须与当前版本一致。'),
  h('label', {}, '当事人', h('select', { name: 'partyId', required: true, 'data-field': 'partyId', onchange: () => explain() },
    pending.map(p => h('option', { value: p.id }, `${names.partyRole[p.role] || p.role} ${p.name}`)))),
  h('label', {}, '签字页扫描件（本案证据材料）', evidence),
  hint,
  h('button', { type: 'submit' }, '记录签字确认'));
  const explain = () => {
    const party = pending.find(p => p.id === form.elements.partyId.value);
    hint.textContent = paperEvidenceHint(party);
  };
  explain();
  (async () => {
    try {
      const items = (await api.get(`/api/disputes/${caseId}/evidence`)).items.filter(x => !x.withdrawnAt);
      evidence.append(...items.map(x => h('option', { value: x.id }, `${x.fileName}${x.description ? `（${x.description}）` : ''} · ${fmt.time(x.uploadedAt)}`)));
      if (!items.length) hint.after(h('p', { class: 'muted' }, '本案尚无证据材料：扫描件须先由当事人在小程序中作为证据上传。'));
    } catch (e) {
      evidence.closest('label').append(errorBox(e));
    }
  })();
  return form;
}

/** What the evidence field asks for, for the chosen party (hasAccount is known on the mediator's case view). */
export function paperEvidenceHint(party) {
  if (party?.hasAccount === true) return '该当事人已有小程序账号，应由本人在小程序中确认；如已当面签字，须选择其签字页扫描件。';
  if (party?.hasAccount === false) return '该当事人未登录小程序，可不附扫描件。';
  return '当事人已有小程序账号的，须选择其签字页扫描件。';
}
