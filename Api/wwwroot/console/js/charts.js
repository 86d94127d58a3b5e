import { h } from './ui.js';

const BLUE = '#1f5fa8';
const GREEN = '#2e8b57';

/** Grouped bars per month: received vs resolved (mediated successfully or failed). Inline SVG, no chart service. */
export function trendChart(months, reports) {
  const W = 520, H = 220, left = 36, bottom = 28, top = 20;
  const series = reports.map(r => ({ received: r.received, resolved: r.successful + r.failed }));
  const max = Math.max(1, ...series.flatMap(s => [s.received, s.resolved]));
  const step = (W - left - 10) / months.length;
  const y = v => H - bottom - (v / max) * (H - bottom - top);
  const bar = (x, v, color, label) => [
    h('rect', { x, y: y(v), width: step / 3, height: H - bottom - y(v), fill: color }, h('title', {}, `${label} ${v}`)),
    v ? h('text', { x: x + step / 6, y: y(v) - 3, 'text-anchor': 'middle' }, v) : null];
  const ticks = [0, Math.ceil(max / 2), max];
  return h('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': '近六个月收案与结案趋势', id: 'trend-chart' },
    ticks.map(t => [h('line', { x1: left, x2: W - 10, y1: y(t), y2: y(t), stroke: '#e1e6ec' }), h('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end' }, t)]),
    months.map((m, i) => {
      const x = left + i * step + step / 6;
      return [bar(x, series[i].received, BLUE, '收到申请'), bar(x + step / 3, series[i].resolved, GREEN, '结案'),
        h('text', { x: x + step / 3, y: H - 10, 'text-anchor': 'middle' }, m)];
    }),
    h('rect', { x: W - 150, y: 2, width: 10, height: 10, fill: BLUE }), h('text', { x: W - 136, y: 11 }, '收到申请'),
    h('rect', { x: W - 80, y: 2, width: 10, height: 10, fill: GREEN }), h('text', { x: W - 66, y: 11 }, '结案'));
}

/** Horizontal bars, one per dispute type. */
export function typeChart(types) {
  const rowH = 18, W = 520, labelW = 130;
  const max = Math.max(1, ...types.map(t => t.received));
  const H = types.length * rowH + 10;
  return h('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': '按纠纷类型分布', id: 'type-chart' },
    types.map((t, i) => {
      const y = 5 + i * rowH;
      const w = (t.received / max) * (W - labelW - 40);
      return [h('text', { x: labelW - 6, y: y + 12, 'text-anchor': 'end' }, t.name),
        h('rect', { x: labelW, y: y + 2, width: Math.max(w, 0), height: rowH - 6, fill: BLUE }, h('title', {}, `${t.name} ${t.received}`)),
        h('text', { x: labelW + w + 4, y: y + 12 }, t.received)];
    }));
}

/** Horizontal paired bars, one pair per mediator: cases received and cases closed in the month. */
export function mediatorChart(rows) {
  const rowH = 30, W = 520, labelW = 110;
  const max = Math.max(1, ...rows.flatMap(r => [r.casesReceived, r.casesClosed]));
  const H = Math.max(1, rows.length) * rowH + 24;
  const bar = (y, v, color, label) => {
    const w = (v / max) * (W - labelW - 40);
    return [h('rect', { x: labelW, y, width: Math.max(w, 0), height: 10, fill: color }, h('title', {}, `${label} ${v}`)),
      h('text', { x: labelW + w + 4, y: y + 9 }, v)];
  };
  return h('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': '各调解员接收与结案件数', id: 'mediator-chart' },
    h('rect', { x: W - 150, y: 2, width: 10, height: 10, fill: BLUE }), h('text', { x: W - 136, y: 11 }, '接收案件'),
    h('rect', { x: W - 70, y: 2, width: 10, height: 10, fill: GREEN }), h('text', { x: W - 56, y: 11 }, '结案'),
    rows.map((r, i) => {
      const y = 22 + i * rowH;
      return [h('text', { x: labelW - 6, y: y + 14, 'text-anchor': 'end' }, r.displayName),
        bar(y, r.casesReceived, BLUE, '接收案件'), bar(y + 12, r.casesClosed, GREEN, '结案')];
    }));
}
