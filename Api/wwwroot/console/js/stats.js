import { api, myBodies, session } from './api.js';
import { h, mount, fmt, attempt } from './ui.js';
import { trendChart, typeChart } from './charts.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function chinaMonth(offset = 0) {
  const now = new Date(Date.now() + 8 * 3600000); // Asia/Shanghai has no daylight saving
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

function shift(month, by) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

export async function statsPage() {
  const bodies = await myBodies();
  const user = session.user();
  const result = h('div', { id: 'stats-result' });
  const form = h('form', { class: 'filters card', id: 'stats-form', onsubmit: e => { e.preventDefault(); load(); } },
    h('label', {}, '调解组织', h('select', { name: 'bodyId' }, bodies.map(b => h('option', { value: b.id, selected: b.id === user.bodyId }, b.name)))),
    h('label', {}, '统计月份', h('input', { type: 'month', name: 'month', value: chinaMonth(), required: true })),
    h('button', { type: 'submit' }, '查看'));

  async function load() {
    const bodyId = form.elements.bodyId.value;
    const month = form.elements.month.value;
    const query = `bodyId=${encodeURIComponent(bodyId)}&month=${encodeURIComponent(month)}`;
    result.replaceChildren(h('p', { class: 'muted' }, '正在统计……'));
    const months = [5, 4, 3, 2, 1, 0].map(n => shift(month, -n));
    const [report, ...trend] = await Promise.all([api.get(`/api/stats/monthly?${query}`),
      ...months.map(m => api.get(`/api/stats/monthly?bodyId=${encodeURIComponent(bodyId)}&month=${m}`))]);
    const downloads = h('div', { class: 'actions' },
      h('button', { id: 'download-xlsx', onclick: () => download(`/api/stats/monthly?${query}&format=xlsx`, XLSX, downloads) }, '下载 Excel 报表'),
      h('button', { class: 'plain', id: 'download-csv', onclick: () => download(`/api/stats/monthly?${query}&format=csv`, 'text/csv', downloads) }, '下载 CSV'));
    result.replaceChildren(
      h('h2', {}, `${report.bodyName} ${report.month} 人民调解工作统计`),
      h('p', { class: 'muted' }, `含本组织及下级共 ${report.bodiesIncluded} 个调解组织；按北京时间自然月统计。协议涉及金额为生效协议载明的给付金额${report.applicationAmountFen ? `，其中 ${fmt.yuan(report.applicationAmountFen)} 为协议未载明金额、按申请金额计` : ''}。`),
      downloads,
      h('div', { class: 'cards', id: 'summary' }, [
        ['收到申请', report.received], ['受理', report.accepted], ['不予受理', report.refused], ['调解成功', report.successful],
        ['调解不成', report.failed], ['调解成功率', fmt.percent(report.successRate)], ['协议涉及金额', fmt.yuan(report.agreementAmountFen)],
        ['履行率', fmt.percent(report.performanceRate)], ['防止民转刑', report.preventedCriminalCases], ['防止群体性上访', report.preventedMassPetitions],
      ].map(([label, value]) => h('div', { 'data-label': label }, label, h('b', {}, value)))),
      h('div', { class: 'grid2' },
        h('section', { class: 'card' }, h('h2', {}, '近六个月收案与结案'), trendChart(months, trend)),
        h('section', { class: 'card' }, h('h2', {}, '按纠纷类型（收到申请）'), typeChart(report.byType))),
      h('h2', {}, '按纠纷类型'), typeTable(report),
      h('h2', {}, '按案件来源'), sourceTable(report),
      h('h2', {}, '矛盾纠纷排查'), h('div', { class: 'cards', id: 'screening' }, [
        ['排查（次）', report.screening.rounds], ['走访户数（单位数）', report.screening.visited],
        ['排查发现纠纷', report.screening.disputesFound], ['零上报的调解组织', report.screening.zeroReports],
      ].map(([label, value]) => h('div', { 'data-label': label }, label, h('b', {}, value)))),
      h('h2', {}, '预防情况填报（本组织）'), await preventionForm(bodyId, month, load));
  }

  mount(h('h1', {}, '统计报表'), form, result);
  await load();
}

export async function download(path, accept, where) {
  const file = await attempt(where, () => api.file(path, accept));
  if (!file) return;
  const url = URL.createObjectURL(file.blob);
  const a = h('a', { href: url, download: file.name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function typeTable(r) {
  const row = (cells, cls) => h('tr', { class: cls }, cells.map((c, i) => h('td', { class: i ? 'num' : '' }, c)));
  return h('table', { id: 'type-table' },
    h('thead', {}, h('tr', {}, ['纠纷类型', '收到申请', '受理', '不予受理', '调解成功', '调解不成', '协议涉及金额'].map((t, i) => h('th', { class: i ? 'num' : '' }, t)))),
    h('tbody', {}, r.byType.map(t => row([t.name, t.received, t.accepted, t.refused, t.successful, t.failed, fmt.yuan(t.agreementAmountFen)])),
      row(['合计', r.received, r.accepted, r.refused, r.successful, r.failed, fmt.yuan(r.agreementAmountFen)], 'total')));
}

function sourceTable(r) {
  return h('table', { id: 'source-table' },
    h('thead', {}, h('tr', {}, ['案件来源', '收到申请', '受理', '调解成功', '调解不成'].map((t, i) => h('th', { class: i ? 'num' : '' }, t)))),
    h('tbody', {}, r.bySource.map(s => h('tr', {}, h('td', {}, s.name), [s.received, s.accepted, s.successful, s.failed].map(n => h('td', { class: 'num' }, n))))));
}

async function preventionForm(bodyId, month, reload) {
  const current = await api.get(`/api/stats/monthly/prevention?bodyId=${encodeURIComponent(bodyId)}&month=${month}`);
  const form = h('form', { class: 'card row', id: 'prevention-form', onsubmit: async e => {
    e.preventDefault();
    const saved = await attempt(form, () => api.put('/api/stats/monthly/prevention', {
      bodyId, month, preventedCriminalCases: Number(form.elements.criminal.value), preventedMassPetitions: Number(form.elements.petitions.value),
    }), '已保存。');
    if (saved) setTimeout(reload, 600);
  } },
  h('label', {}, '防止民转刑（件）', h('input', { type: 'number', min: 0, name: 'criminal', value: current.preventedCriminalCases, required: true })),
  h('label', {}, '防止群体性上访（件）', h('input', { type: 'number', min: 0, name: 'petitions', value: current.preventedMassPetitions, required: true })),
  h('button', { type: 'submit' }, '保存'));
  return form;
}
