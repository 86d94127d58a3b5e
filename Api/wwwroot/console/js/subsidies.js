import { api, myBodies, session } from './api.js';
import { h, mount, fmt, attempt } from './ui.js';
import { chinaMonth, download } from './stats.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 以案定补: a body's monthly sheet (POST to compute, GET to read), the supervisor's approval and adjustments. */
export async function subsidiesPage() {
  const bodies = await myBodies();
  const user = session.user();
  const result = h('div', { id: 'subsidy-result' });
  const form = h('form', { class: 'filters card', id: 'subsidy-form', onsubmit: e => { e.preventDefault(); load(); } },
    h('label', {}, '调解组织', h('select', { name: 'bodyId' }, bodies.map(b => h('option', { value: b.id, selected: b.id === user.bodyId }, b.name)))),
    h('label', {}, '核算月份', h('input', { type: 'month', name: 'month', value: chinaMonth(), required: true })),
    h('button', { type: 'submit' }, '查看'),
    h('button', { type: 'button', id: 'subsidy-compute', onclick: () => attempt(form, async () => show(await api.post('/api/subsidies/sheets', query())), '已核算') }, '核算（草稿）'));

  const query = () => ({ bodyId: form.elements.bodyId.value, month: form.elements.month.value });

  async function load() {
    const q = query();
    try {
      show(await api.get(`/api/subsidies/sheets?bodyId=${encodeURIComponent(q.bodyId)}&month=${encodeURIComponent(q.month)}`));
    } catch (e) {
      if (e.status !== 404) throw e;
      result.replaceChildren(h('p', { class: 'muted', id: 'subsidy-none' }, '该月尚未核算，请点击「核算（草稿）」。'));
    }
  }

  function show(sheet) {
    const approved = sheet.status === 'Approved';
    const url = `/api/subsidies/sheets?bodyId=${sheet.bodyId}&month=${sheet.month}&format=xlsx`;
    const actions = h('div', { class: 'actions' },
      h('button', { id: 'subsidy-xlsx', onclick: () => download(url, XLSX, actions) }, '下载发放表（Excel）'),
      approved || !session.has('Supervisor') ? null
        : h('button', { id: 'subsidy-approve', onclick: () => attempt(actions, async () => show(await api.post(`/api/subsidies/sheets/${sheet.id}/approve`)), '已批准') }, '批准'));
    const adjust = h('form', { class: 'card', id: 'subsidy-adjust', onsubmit: e => {
      e.preventDefault();
      const d = new FormData(adjust);
      attempt(adjust, async () => show(await api.post(`/api/subsidies/sheets/${sheet.id}/adjustments`,
        { mediatorId: d.get('mediatorId'), amountFen: Math.round(Number(d.get('yuan')) * 100), reason: d.get('reason') })), '已调整');
    } },
      h('h2', {}, '调整（须写明原因）'),
      h('label', {}, '调解员', h('select', { name: 'mediatorId', 'data-field': 'mediatorId' }, sheet.lines.map(l => h('option', { value: l.mediatorId }, l.displayName)))),
      h('label', {}, '金额（元，负数为扣减）', h('input', { name: 'yuan', type: 'number', step: '0.01', required: true, 'data-field': 'amountFen' })),
      h('label', {}, '原因', h('input', { name: 'reason', required: true, maxlength: 500, 'data-field': 'reason' })),
      h('button', { type: 'submit' }, '调整'));
    // replaceChildren would write a null as the text "null": drop the absent parts first.
    result.replaceChildren(...[
      h('h2', {}, `${sheet.bodyName} ${sheet.month} 以案定补`),
      h('p', { class: 'muted', id: 'subsidy-status' }, approved
        ? `已批准：${sheet.approvedByName}，${fmt.time(sheet.approvedAt)}（已锁定，只能调整）`
        : `草稿，核算于 ${fmt.time(sheet.computedAt)}`),
      actions,
      h('table', { id: 'subsidy-table' },
        h('thead', {}, h('tr', {}, ['调解员', '案号', '案件补贴', '封顶扣减', '调整', '应发金额'].map(t => h('th', {}, t)))),
        h('tbody', {}, sheet.lines.map(l => h('tr', { 'data-mediator': l.mediatorId },
          h('td', {}, l.displayName),
          h('td', {}, l.cases.map(c => `${c.caseNumber}（${c.caseClass}）`).join('、')),
          h('td', { class: 'num' }, fmt.yuan(l.casesFen)),
          h('td', { class: 'num' }, fmt.yuan(l.capDeductionFen)),
          h('td', { class: 'num' }, fmt.yuan(l.adjustmentFen)),
          h('td', { class: 'num' }, fmt.yuan(l.amountFen))))),
        h('tfoot', {}, h('tr', {}, h('th', { colspan: 5 }, `合计（${sheet.totalInCapitals}）`), h('th', { class: 'num', id: 'subsidy-total' }, fmt.yuan(sheet.totalFen))))),
      sheet.adjustments.length === 0 ? null : h('ul', { id: 'subsidy-adjustments' },
        sheet.adjustments.map(a => h('li', {}, `${a.mediatorName}：${fmt.yuan(a.amountFen)}，${a.reason}（${fmt.time(a.at)}）`))),
      sheet.lines.length === 0 ? null : adjust].filter(Boolean));
  }

  mount(h('h1', {}, '以案定补'), form, result);
  await load();
}
