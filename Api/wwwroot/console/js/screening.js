import { api, myBodies } from './api.js';
import { h, mount, attempt, fmt } from './ui.js';
import { today } from './china-time.js';

const field = (label, name, attrs = {}) => h('label', {}, label, h(attrs.tag || 'input', { name, 'data-field': name, ...attrs, tag: undefined }));

/** 排查登记: a body's screening rounds of a month, a new round, and the month's deliberate zero report (零上报). */
export async function screeningPage() {
  const bodies = await myBodies();
  const pick = h('form', { class: 'card row', id: 'screening-pick', onsubmit: e => { e.preventDefault(); load(); } },
    h('label', {}, '调解组织', h('select', { name: 'bodyId', onchange: () => load() }, bodies.map(b => h('option', { value: b.id }, b.name)))),
    h('label', {}, '月份', h('input', { type: 'month', name: 'month', value: today().slice(0, 7), required: true, onchange: () => load() })));
  const result = h('div', { id: 'screening-result' });

  async function load() {
    const bodyId = pick.elements.bodyId.value, month = pick.elements.month.value;
    const list = await attempt(result, () => api.get(`/api/screening/rounds?bodyId=${encodeURIComponent(bodyId)}&month=${month}`));
    if (!list) return;
    const found = list.items.reduce((n, r) => n + r.disputesFound, 0);
    const zero = h('section', { class: 'card', id: 'zero-report' }, h('h2', {}, '纠纷零上报'),
      list.zeroReport
        ? h('p', { class: 'ok' }, `${month} 已零上报：本月经排查未发现矛盾纠纷。`)
        : h('div', {}, h('p', { class: 'hint' }, '本月确无矛盾纠纷时作零上报；已有排查发现的纠纷或收到的案件时不能零上报。'),
            h('button', { id: 'zero-report-button', onclick: async e => {
              const ok = await attempt(e.target.closest('section'), () => api.post('/api/screening/zero-reports', { bodyId, month }));
              if (ok) load();
            } }, `${month} 零上报`)));
    result.replaceChildren(
      h('h2', {}, `${month} 排查记录（${list.items.length} 次，发现纠纷 ${found} 件）`),
      list.items.length
        ? h('table', { id: 'screening-table' },
            h('thead', {}, h('tr', {}, ['排查日期', '区域', '排查人员', '走访户数（单位数）', '发现纠纷', '备注', '记录时间'].map(t => h('th', {}, t)))),
            h('tbody', {}, list.items.map(r => h('tr', {}, h('td', {}, r.on), h('td', {}, r.area), h('td', {}, r.screeners),
              h('td', { class: 'num' }, r.visited), h('td', { class: 'num' }, r.disputesFound), h('td', {}, r.note || ''), h('td', {}, fmt.time(r.recordedAt))))))
        : h('p', { class: 'muted' }, '本月尚无排查记录。'),
      roundForm(bodyId, load), zero);
  }

  mount(h('h1', {}, '排查登记'), pick, result);
  await load();
}

function roundForm(bodyId, reload) {
  const form = h('form', { class: 'card', id: 'screening-form', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const saved = await attempt(form, () => api.post('/api/screening/rounds', {
      bodyId, on: f.on.value || null, area: f.area.value.trim() || null, screeners: f.screeners.value.trim() || null,
      visited: f.visited.value === '' ? null : Number(f.visited.value),
      disputesFound: f.disputesFound.value === '' ? null : Number(f.disputesFound.value), note: f.note.value.trim() || null,
    }), '已记录。');
    if (saved) setTimeout(reload, 400);
  } },
  h('h2', {}, '记录一次排查'),
  field('排查日期', 'on', { type: 'date', value: today(), max: today(), required: true }),
  field('排查区域', 'area', { required: true, placeholder: '如：西村一组、二组' }),
  field('排查人员', 'screeners', { required: true, placeholder: '如：网格员李某、调委会主任王某' }),
  field('走访户数（单位数）', 'visited', { type: 'number', min: 0, required: true }),
  field('发现纠纷（件）', 'disputesFound', { type: 'number', min: 0, required: true }),
  field('备注', 'note', { tag: 'textarea' }),
  h('button', { type: 'submit' }, '记录'));
  return form;
}
