import { api, session } from './api.js';
import { h, mount, fmt, names, attempt } from './ui.js';

/** The level as a coloured badge, its reasons in the tooltip; nothing for Low. */
export function riskBadge(level, reasons = []) {
  if (!level || level === 'Low') return null;
  return h('span', { class: `badge risk-${level}`, 'data-risk': level, title: reasons.map(r => r.text).join('；') }, `风险${names.risk[level]}`);
}

/** The case's level with its reasons and the words that gave them, a person's raise or lowering, and the reports. */
export function riskSection(id, reload) {
  const box = h('section', { class: 'card', id: 'risk' }, h('p', { class: 'muted' }, '加载中…'));
  api.get(`/api/risk/cases/${id}`).then(r => box.replaceChildren(...[
    h('p', {}, '风险等级：', h('strong', { id: 'risk-level' }, names.risk[r.riskLevel]), ' ', riskBadge(r.riskLevel, r.riskReasons)),
    r.riskReasons.length
      ? h('ul', { class: 'risk-reasons' }, r.riskReasons.map(x => h('li', { 'data-code': x.code }, x.text, x.evidence ? h('span', { class: 'muted' }, `「${x.evidence}」`) : null)))
      : h('p', { class: 'muted' }, '未发现风险因素'),
    r.overrides.length ? h('ul', {}, r.overrides.map(o => h('li', { class: 'muted' },
      `${fmt.time(o.at)} ${o.staffName} 将等级由「${names.risk[o.fromLevel]}」调整为「${names.risk[o.toLevel]}」：${o.reason}`))) : null,
    levelForm(id, r.riskLevel, reload),
    r.reports.map(p => report(p, reload)),
  ].flat().filter(Boolean))).catch(e => box.replaceChildren(h('p', { class: 'muted' }, e.describe ? e.describe() : String(e))));
  return box;
}

function levelForm(id, current, reload) {
  const form = h('form', { class: 'inline-form', id: 'risk-level-form', onsubmit: async e => {
    e.preventDefault();
    const data = new FormData(form);
    const done = await attempt(form, () => api.post(`/api/risk/cases/${id}/level`, { riskLevel: data.get('riskLevel'), reason: data.get('reason') }), '已调整');
    if (done) reload();
  } },
  h('label', {}, '调整为', h('select', { name: 'riskLevel' }, Object.entries(names.risk).map(([v, t]) => h('option', { value: v, selected: v === current }, t)))),
  h('label', {}, '理由', h('input', { name: 'reason', 'data-field': 'reason', required: true, maxlength: 500 })),
  h('button', { type: 'submit' }, '调整风险等级'));
  return form;
}

function report(p, reload) {
  const open = !p.acknowledgedAt;
  const card = h('div', { class: 'report', 'data-report': p.id },
    h('p', {}, h('strong', {}, '风险报告'), ` 生成于 ${fmt.time(p.openedAt)}，现由${p.atBodyName}处理`,
      p.escalations ? `（已逐级上报 ${p.escalations} 次）` : '',
      open ? h('span', { class: 'badge red' }, ` 请于 ${fmt.time(p.dueAt)} 前确认`) : h('span', { class: 'badge' }, ` 已于 ${fmt.time(p.acknowledgedAt)} 确认：${p.note}`)));
  if (open && session.has('Supervisor', 'Admin')) {
    const form = h('form', { class: 'inline-form', onsubmit: async e => {
      e.preventDefault();
      const done = await attempt(form, () => api.post(`/api/risk/reports/${p.id}/acknowledge`, { note: new FormData(form).get('note') }), '已确认');
      if (done) reload();
    } },
    h('label', {}, '处置措施', h('input', { name: 'note', 'data-field': 'note', required: true, maxlength: 500 })),
    h('button', { type: 'submit' }, '确认风险报告'));
    card.append(form);
  }
  return card;
}

/** Administrators edit the lexicon as JSON; each save is the next version (a stale edit is refused with 409). */
export async function lexiconPage() {
  document.title = '风险词库 · 信易调';
  const [current, versions] = await Promise.all([api.get('/api/risk/lexicon'), api.get('/api/risk/lexicon/versions')]);
  const form = h('form', { class: 'card', id: 'lexicon-form', onsubmit: async e => {
    e.preventDefault();
    let lexicon;
    try { lexicon = JSON.parse(form.elements.lexicon.value); } catch (err) {
      form.querySelector('.result')?.remove();
      form.append(h('div', { class: 'result' }, h('div', { class: 'error', role: 'alert' }, `不是有效的 JSON：${err.message}`)));
      return;
    }
    const saved = await attempt(form, () => api.put('/api/risk/lexicon', { basedOn: current.version, lexicon, note: form.elements.note.value }), '已保存为新版本。');
    if (saved) setTimeout(lexiconPage, 600);
  } },
  h('p', {}, `当前版本 ${current.version}（${fmt.time(current.createdAt)}${current.note ? `，${current.note}` : ''}）。类别的 words 为风险词语，negations 为否定词，fears 为担忧词；保存后新文本立即按新版本评估。`),
  h('textarea', { name: 'lexicon', rows: 28, spellcheck: false, style: 'width:100%;font-family:monospace' }, JSON.stringify(current.lexicon, null, 2)),
  h('label', {}, '修改说明', h('input', { name: 'note', maxlength: 500, 'data-field': 'note' })),
  h('button', { type: 'submit' }, '保存为新版本'));
  mount(h('h1', {}, '风险词库'), form,
    h('h2', {}, '历史版本'), h('ul', {}, versions.map(v => h('li', {}, `版本 ${v.version} · ${fmt.time(v.createdAt)}${v.note ? ` · ${v.note}` : ''}`))));
}
