import { api, cached, myBodies } from './api.js';
import { h, mount, fmt, names } from './ui.js';
import { riskBadge } from './risk.js';
import { today } from './china-time.js';

const waiting = ['Submitted', 'Transferred', 'NeedsCorrection', 'Accepted'];
// The filters survive opening a case and coming back.
const state = { filters: {}, cursors: [null] };

export async function queuePage() {
  document.title = '受理队列 · 信易调';
  const [types, bodies] = await Promise.all([cached('/api/dispute-types'), myBodies()]);
  const view = h('div', { id: 'queue-results' });
  const f = state.filters;
  const select = (name, label, options) => h('label', {}, label, h('select', { name },
    h('option', { value: '' }, '全部'), options.map(([v, t]) => h('option', { value: v, selected: f[name] === v }, t))));
  const form = h('form', { class: 'filters card', onsubmit: e => { e.preventDefault(); readForm(); load(); } },
    select('status', '状态', Object.entries(names.status)),
    select('typeCode', '纠纷类型', types.map(t => [t.code, t.name])),
    select('source', '来源', Object.entries(names.source)),
    select('bodyId', '调解组织', bodies.map(b => [b.id, b.name])),
    h('label', {}, '申请人 / 案号', h('input', { name: 'q', value: f.q || '', placeholder: '姓名开头或完整案号' })),
    select('risk', '风险等级不低于', Object.entries(names.risk).slice(1)),
    h('label', {}, '排序', h('select', { name: 'sort' },
      h('option', { value: 'age', selected: !f.sort || f.sort === 'age' }, '等待时间'), h('option', { value: 'deadline', selected: f.sort === 'deadline' }, '受理期限'),
      h('option', { value: 'risk', selected: f.sort === 'risk' }, '风险等级'))),
    h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'overdue', checked: f.overdue === 'true' }), '只看超期'),
    h('button', { type: 'submit' }, '查询'));

  function readForm() {
    const data = new FormData(form);
    state.filters = Object.fromEntries([...data.entries()].filter(([, v]) => v !== ''));
    if (data.get('overdue')) state.filters.overdue = 'true';
    state.cursors = [null];
  }

  async function load() {
    const params = new URLSearchParams({ ...state.filters, limit: '20' });
    const cursor = state.cursors[state.cursors.length - 1];
    if (cursor) params.set('cursor', cursor);
    const page = await api.get(`/api/intake?${params}`);
    view.replaceChildren(counts(page), table(page.items), pager(page));
  }

  function counts(page) {
    const chip = (status, n) => h('button', { type: 'button', class: `chip ${state.filters.status === status ? 'on' : ''}`, 'data-status': status,
      onclick: () => { state.filters = { ...state.filters, status }; state.cursors = [null]; form.status.value = status; load(); } },
      `${names.status[status] || status} ${n >= page.countLimit ? `${n}+` : n}`);
    const keys = [...new Set([...waiting, ...Object.keys(page.counts)])];
    return h('div', { class: 'chips', id: 'counts' }, keys.map(k => chip(k, page.counts[k] ?? 0)));
  }

  function table(items) {
    if (!items.length) return h('p', { class: 'muted' }, '没有符合条件的案件。');
    return h('table', { id: 'queue-table' },
      h('thead', {}, h('tr', {}, ['案号/申请编号', '风险', '状态', '纠纷类型', '来源', '调解组织', '申请人', '被申请人', '提交时间', '已等待', '受理期限'].map(t => h('th', {}, t)))),
      h('tbody', {}, items.map(i => h('tr', { class: i.overdue ? 'overdue' : '', 'data-id': i.id },
        h('td', {}, h('a', { href: `#/case/${i.id}` }, fmt.ref(i)), i.caseNumber ? null : h('div', { class: 'muted' }, '未编案号'), i.relatedCases.length ? h('span', { class: 'badge', title: '近期有关联案件' }, ` 关联${i.relatedCases.length}`) : null),
        h('td', { class: 'risk' }, riskBadge(i.riskLevel, i.riskReasons)),
        h('td', {}, i.statusName, i.overdue ? h('span', { class: 'badge red' }, ' 超期') : null, i.claim ? h('div', { class: 'muted' }, `${i.claim.staffName} 处理中`) : null),
        h('td', {}, i.typeName), h('td', {}, names.source[i.source] || i.source, i.referralDueOn ? h('div', { class: i.referralDueOn < today() ? 'muted late' : 'muted' }, `期限至 ${i.referralDueOn}`) : null), h('td', {}, i.bodyName),
        h('td', {}, i.applicantName), h('td', {}, i.respondentNames.join('、')),
        h('td', {}, fmt.time(i.submittedAt)), h('td', { class: 'num' }, `${i.hoursWaiting} 小时`),
        h('td', {}, i.correctionDeadline ? `补正至 ${fmt.time(i.correctionDeadline)}` : fmt.time(i.acceptDeadline))))));
  }

  function pager(page) {
    return h('div', { class: 'actions' },
      h('button', { class: 'plain', disabled: state.cursors.length === 1, onclick: () => { state.cursors = [null]; load(); } }, '第一页'),
      h('button', { class: 'plain', disabled: state.cursors.length === 1, onclick: () => { state.cursors.pop(); load(); } }, '上一页'),
      h('button', { class: 'plain', id: 'next-page', disabled: !page.nextCursor, onclick: () => { state.cursors.push(page.nextCursor); load(); } }, '下一页'),
      h('span', { class: 'muted' }, `第 ${state.cursors.length} 页`));
  }

  mount(h('h1', {}, '受理队列'), form, view);
  await load();
}
