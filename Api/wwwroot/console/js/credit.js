// The supervisor's credit-proposal inbox (信用提议): every credit step waits here for a human decision — approve (the party is told
// and may object), reject with a reason — and objections are decided here (upheld: the step is withdrawn; dismissed: it goes on).
import { api } from './api.js';
import { h, mount, attempt, fmt } from './ui.js';

export const proposalStatus = { Proposed: '待审批', Rejected: '不予批准', Approved: '已批准，异议期中', Objected: '异议审查中', Withdrawn: '已撤销', Effective: '已生效', Retracted: '已修复' };
const triggers = { Overdue: '逾期未履行', Dishonesty: '调解中发现失信行为', Enforcement: '经司法确认后申请强制执行' };
const objectionStatus = { Pending: '待审查', Upheld: '异议成立', Dismissed: '异议不成立' };
const filters = [['', '待处理'], ['Approved', '异议期中'], ['Effective', '已生效'], ['Rejected', '不予批准'], ['Withdrawn', '已撤销']];

const state = { filter: '', flash: null };

export async function creditPage() {
  document.title = '信用提议 · 信易调';
  const { items } = await api.get(`/api/credit/proposals${state.filter ? `?status=${state.filter}` : ''}`);
  const reload = message => { state.flash = message; return creditPage(); };
  const flash = state.flash;
  state.flash = null;
  const count = status => items.filter(p => p.status === status).length;
  mount(
    h('h1', {}, '信用提议'),
    h('p', { class: 'muted' }, '信用措施（警示、公示、惩戒）须经负责人审批；批准后告知当事人并给予异议期，期满无异议或异议不成立的才报送信用中心。不能审批本人提出的建议。'),
    h('div', { class: 'chips', id: 'credit-filters' }, filters.map(([value, label]) =>
      h('button', { type: 'button', class: `chip ${state.filter === value ? 'on' : ''}`, onclick: () => { state.filter = value; creditPage(); } }, label))),
    state.filter ? h('p', { id: 'credit-counts' }, `${proposalStatus[state.filter]} ${items.length} 条`)
      : h('p', { id: 'credit-counts' }, h('span', { class: 'badge', 'data-count': 'Proposed' }, `待审批 ${count('Proposed')}`), ' ',
        h('span', { class: 'badge', 'data-count': 'Objected' }, `异议待审查 ${count('Objected')}`)),
    flash ? h('div', { class: 'ok', id: 'credit-ok' }, flash) : null,
    items.length ? h('div', { id: 'proposals' }, items.map(p => proposalCard(p, reload))) : h('p', { class: 'muted', id: 'proposals' }, '没有需要处理的信用提议。'));
}

function proposalCard(p, reload) {
  const forms = h('div');
  const open = build => forms.replaceChildren(build());
  const decide = (path, label, required, cls, message) => () => open(() => {
    const form = h('form', { class: 'panel', id: `${path}-form`, onsubmit: async e => {
      e.preventDefault();
      const done = await attempt(form, () => api.post(`/api/credit/proposals/${p.id}/${path}`, { reason: form.elements.reason.value.trim() || null }));
      if (done) reload(message);
    } },
    h('label', {}, label, h('textarea', { name: 'reason', required, maxlength: 1000, 'data-field': 'reason' })),
    h('button', { type: 'submit', class: cls }, path === 'approve' ? '确认批准' : '确认不予批准'));
    return form;
  });
  const buttons = p.status === 'Proposed' ? [
    h('button', { type: 'button', 'data-action': '批准', onclick: decide('approve', '审批意见（可选）', false, '', `已批准：已告知 ${p.partyName}，异议期内可提出异议。`) }, '批准'),
    h('button', { type: 'button', class: 'danger', 'data-action': '不予批准',
      onclick: decide('reject', '不予批准的理由（必填）', true, 'danger', '已不予批准，该建议不会告知当事人，也不会报送。') }, '不予批准'),
  ] : [];

  return h('section', { class: 'card proposal', 'data-proposal': p.id, 'data-status': p.status },
    h('h2', {}, `${p.stepName} · ${p.partyName} `, h('span', { class: 'badge' }, proposalStatus[p.status] || p.status)),
    h('dl', { class: 'facts' },
      h('dt', {}, '案件'), h('dd', {}, h('a', { href: `#/case/${p.disputeId}` }, p.caseNumber)),
      h('dt', {}, '起因'), h('dd', {}, triggers[p.trigger] || p.trigger),
      h('dt', {}, '事实和依据'), h('dd', {}, p.reason),
      h('dt', {}, '信用分值'), h('dd', {}, String(p.points)),
      h('dt', {}, '提出时间'), h('dd', {}, fmt.time(p.proposedAt)),
      p.decidedAt ? [h('dt', {}, '审批'), h('dd', {}, `${fmt.time(p.decidedAt)}${p.decisionReason ? `：${p.decisionReason}` : ''}`)] : null,
      p.objectionDeadline ? [h('dt', {}, '异议期至'), h('dd', {}, fmt.time(p.objectionDeadline))] : null,
      p.endReason ? [h('dt', {}, '结束原因'), h('dd', {}, p.endReason)] : null),
    p.objections.length ? h('div', { class: 'objections' }, h('h3', {}, '当事人异议'), p.objections.map(o => objection(o, reload))) : null,
    h('div', { class: 'actions' }, buttons), forms);
}

function objection(o, reload) {
  const box = h('div', { class: 'panel', 'data-objection': o.id },
    h('p', {}, h('strong', {}, objectionStatus[o.status] || o.status), ` · ${fmt.time(o.filedAt)}：${o.reason}`,
      o.evidenceIds.length ? `（附证据 ${o.evidenceIds.length} 份，可在案件中查看）` : ''),
    o.decisionReason ? h('p', { class: 'muted' }, `审查意见：${o.decisionReason}`) : null);
  if (o.status !== 'Pending') return box;
  const form = h('form', { class: 'objection-form', onsubmit: async e => {
    e.preventDefault();
    const upheld = form.querySelector('input[name=upheld]:checked')?.value;
    const done = await attempt(form, () => api.post(`/api/credit/objections/${o.id}/decide`,
      { upheld: upheld === undefined ? null : upheld === 'true', reason: form.elements.reason.value.trim() }));
    if (done) reload(upheld === 'true' ? '异议成立：该措施已撤销，不会报送信用中心。' : '异议不成立：该措施继续，异议期满后生效。');
  } },
  h('div', { class: 'row', 'data-field': 'upheld' },
    h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'upheld', value: 'true', required: true }), ' 异议成立（撤销措施）'),
    h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'upheld', value: 'false' }), ' 异议不成立')),
  h('label', {}, '审查意见（必填）', h('textarea', { name: 'reason', required: true, maxlength: 1000, 'data-field': 'reason' })),
  h('button', { type: 'submit' }, '提交审查结果'));
  box.append(form);
  return box;
}
