import { api, myBodies, session } from './api.js';
import { h, mount, fmt } from './ui.js';
import { mediatorChart } from './charts.js';
import { chinaMonth, download } from './stats.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const columns = [
  ['调解员', r => r.displayName, false],
  ['所属调解组织', r => r.bodyName ?? '', false],
  ['接收案件', r => r.casesReceived],
  ['开始调解', r => r.casesStarted],
  ['调解终结', r => r.mediationsEnded],
  ['达成协议', r => r.agreementsReached],
  ['调解成功率', r => fmt.percent(r.successRate)],
  ['结案', r => r.casesClosed],
  ['受理至结案（天，中位数）', r => r.medianDaysToClose ?? '—'],
  ['主持调解', r => r.sessionsHeld],
  ['协议履行完毕', r => r.agreementsPerformed],
  ['其中按期', r => r.performedOnTime],
  ['满意度', r => r.rating.average == null ? '—' : `${r.rating.average}（${r.rating.count}）`],
  ['被申请回避', r => r.objectionsAgainst],
];

/** 调解员绩效: the month's figures per mediator of a body and the bodies below it (GET /api/stats/mediators). */
export async function mediatorStatsPage() {
  const bodies = await myBodies();
  const user = session.user();
  const result = h('div', { id: 'mediator-stats-result' });
  const form = h('form', { class: 'filters card', id: 'mediator-stats-form', onsubmit: e => { e.preventDefault(); load(); } },
    h('label', {}, '调解组织', h('select', { name: 'bodyId' }, bodies.map(b => h('option', { value: b.id, selected: b.id === user.bodyId }, b.name)))),
    h('label', {}, '统计月份', h('input', { type: 'month', name: 'month', value: chinaMonth(), required: true })),
    h('button', { type: 'submit' }, '查看'));

  async function load() {
    const query = `bodyId=${encodeURIComponent(form.elements.bodyId.value)}&month=${encodeURIComponent(form.elements.month.value)}`;
    result.replaceChildren(h('p', { class: 'muted' }, '正在统计……'));
    const report = await api.get(`/api/stats/mediators?${query}`);
    const downloads = h('div', { class: 'actions' },
      h('button', { id: 'download-mediator-xlsx', onclick: () => download(`/api/stats/mediators?${query}&format=xlsx`, XLSX, downloads) }, '下载 Excel 表格'));
    result.replaceChildren(
      h('h2', {}, `${report.bodyName} ${report.month} 调解员绩效`),
      h('p', { class: 'muted' }, `含本组织及下级共 ${report.bodiesIncluded} 个调解组织；按北京时间自然月统计；各项计入当时承办该案的调解员。`),
      downloads,
      ...(report.mediators.length === 0
        ? [h('p', { class: 'muted', id: 'mediator-stats-empty' }, '本范围内没有调解员。')]
        : [h('section', { class: 'card' }, h('h2', {}, '接收与结案'), mediatorChart(report.mediators)),
          h('table', { id: 'mediator-table' },
            h('thead', {}, h('tr', {}, columns.map(([t, , num]) => h('th', { class: num === false ? '' : 'num' }, t)))),
            h('tbody', {}, report.mediators.map(r => h('tr', { 'data-mediator': r.mediatorId },
              columns.map(([, cell, num]) => h('td', { class: num === false ? '' : 'num' }, cell(r)))))))]));
  }

  mount(h('h1', {}, '调解员绩效'), form, result);
  await load();
}
