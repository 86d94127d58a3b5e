import { api } from './api.js';
import { h, mount, attempt, fmt, errorBox } from './ui.js';

const urgencies = { Normal: '一般', Urgent: '紧急', Critical: '特急' };
const statuses = { Open: '待处理', Converted: '已立案', Merged: '已并案', Settled: '已就地化解', Dismissed: '不予处理' };
/** The report a clerk is turning into a case on the registration page (see register.js). */
export const pendingReportKey = 'grid-report-to-register';

const field = (label, name, attrs = {}) => h('label', {}, label, h(attrs.tag || 'input', { name, 'data-field': name, ...attrs, tag: undefined }));

/** 排查上报: a grid worker, on a phone in the field, reports what they could not settle on the spot. */
export async function gridReportPage() {
  // One id per form: a retry after a lost answer stores the report once.
  let clientId = crypto.randomUUID();
  const position = h('span', { class: 'muted', id: 'position' }, '未定位');
  let coords = null;
  const locate = h('button', { type: 'button', class: 'plain small', onclick: () => {
    if (!navigator.geolocation) { position.textContent = '此浏览器不能定位，请在地点中写明'; return; }
    position.textContent = '正在定位……';
    navigator.geolocation.getCurrentPosition(
      p => { coords = { latitude: p.coords.latitude, longitude: p.coords.longitude }; position.textContent = `已定位 ${coords.latitude.toFixed(5)}, ${coords.longitude.toFixed(5)}`; },
      () => { position.textContent = '定位失败，请在地点中写明'; },
      { enableHighAccuracy: true, timeout: 10000 });
  } }, '获取当前位置');
  const partyRow = i => h('fieldset', { class: 'party' }, h('legend', {}, `当事人${i + 1}`),
    field('姓名或称呼', `parties[${i}].name`, { placeholder: '不知道全名可写“王某”' }),
    field('电话（可不填）', `parties[${i}].phone`, { type: 'tel', inputmode: 'tel' }),
    field('身份', `parties[${i}].side`, { placeholder: '如：一方、另一方' }));
  const parties = h('div', { id: 'parties' }, partyRow(0), partyRow(1));
  const photos = h('input', { type: 'file', name: 'photos', accept: 'image/*', multiple: true, capture: 'environment' });
  const list = h('section', { id: 'my-reports' });

  const form = h('form', { id: 'grid-form', class: 'card mobile-form', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const v = name => f[name]?.value.trim() || null;
    const people = [...parties.querySelectorAll('fieldset.party')].map((_, i) => ({
      name: v(`parties[${i}].name`), phone: v(`parties[${i}].phone`), side: v(`parties[${i}].side`) })).filter(p => p.name || p.phone);
    const body = { clientId, place: v('place'), account: v('account'), urgency: f.urgency.value, parties: people, ...(coords || {}) };
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const report = await attempt(form, () => api.post('/api/grid-reports', body));
      if (!report) return;
      for (const file of photos.files) {
        const data = new FormData();
        data.append('file', file, file.name);
        if (!await attempt(form, () => api.upload(`/api/grid-reports/${report.id}/photos`, data))) return;
      }
      clientId = crypto.randomUUID();
      form.reset();
      coords = null;
      position.textContent = '未定位';
      form.querySelector('.result').replaceChildren(h('div', { class: 'ok', id: 'grid-ok' }, `已上报（${report.urgencyName}），村调委会将尽快处理。`));
      await refresh();
    } finally { button.disabled = false; }
  } },
  h('h1', {}, '排查上报'),
  h('p', { class: 'hint' }, '排查中发现、未能当场化解的矛盾纠纷，报村（社区）调委会处理。'),
  field('发生地点', 'place', { required: true, maxlength: 200 }),
  h('div', { class: 'row' }, locate, position),
  field('情况说明', 'account', { tag: 'textarea', required: true, maxlength: 2000 }),
  h('label', {}, '紧急程度', h('select', { name: 'urgency', 'data-field': 'urgency' }, Object.entries(urgencies).map(([k, t]) => h('option', { value: k }, t)))),
  parties,
  h('button', { type: 'button', class: 'plain small', onclick: () => parties.append(partyRow(parties.children.length)) }, '添加当事人'),
  h('label', {}, '现场照片（可多张）', photos),
  h('button', { type: 'submit' }, '上报'));

  async function refresh() {
    const { items } = await api.get('/api/grid-reports');
    list.replaceChildren(h('h2', {}, '我的上报'), items.length ? h('ul', { class: 'report-list' }, items.map(r =>
      h('li', { 'data-report': r.id }, h('strong', {}, statuses[r.status]), ` · ${fmt.time(r.reportedAt)} · ${r.place}`,
        r.caseReference ? h('div', {}, `案件：${r.caseReference}`) : null,
        r.resolution ? h('div', { class: 'muted' }, r.resolution) : null))) : h('p', { class: 'muted' }, '暂无上报。'));
  }
  mount(form, list);
  await refresh();
}

/** 网格上报: the village clerk's inbox of grid reports: register as a case, merge, settle on the spot, dismiss. */
export async function gridInboxPage(status = 'Open') {
  const { items } = await api.get(`/api/grid-reports${status ? `?status=${status}` : ''}`);
  const chips = h('div', { class: 'chips' }, [['Open', '待处理'], ['', '全部']].map(([s, t]) =>
    h('button', { type: 'button', class: `chip${s === status ? ' on' : ''}`, onclick: () => gridInboxPage(s) }, t)));
  mount(h('h1', {}, '网格上报'), chips,
    items.length ? h('div', { id: 'grid-reports' }, items.map(r => reportCard(r, () => gridInboxPage(status))))
      : h('p', { class: 'muted' }, '没有待处理的网格上报。'));
  for (const img of document.querySelectorAll('img[data-photo]')) showPhoto(img);
}

/** Photos are read with the bearer token (an <img src> cannot send it) and shown from a blob URL. */
async function showPhoto(img) {
  try {
    const { blob } = await api.file(img.dataset.photo, 'image/*');
    img.src = URL.createObjectURL(blob);
  } catch (e) { img.replaceWith(errorBox(e)); }
}

function reportCard(r, reload) {
  const box = h('div', { class: 'panel-host' });
  const open = content => box.replaceChildren(content);
  const resolve = (action, label, hint) => open(h('form', { class: 'panel', onsubmit: async e => {
    e.preventDefault();
    const done = await attempt(e.target, () => api.post(`/api/grid-reports/${r.id}/${action}`, { resolution: e.target.elements.resolution.value.trim() }));
    if (done) reload();
  } }, field(label, 'resolution', { tag: 'textarea', placeholder: hint }), h('button', { type: 'submit' }, '确定')));
  const merge = () => {
    const results = h('div', {});
    const search = h('form', { class: 'panel row', onsubmit: async e => {
      e.preventDefault();
      const q = e.target.elements.q.value.trim();
      const page = await attempt(e.target, () => api.get(`/api/intake?q=${encodeURIComponent(q)}&limit=10`));
      if (!page) return;
      results.replaceChildren(page.items.length ? h('ul', {}, page.items.map(i => h('li', {}, `${fmt.ref(i)} · ${i.applicantName} · ${i.statusName} `,
        h('button', { type: 'button', class: 'plain small', onclick: async ev => {
          const done = await attempt(search, () => api.post(`/api/grid-reports/${r.id}/merge`, { caseId: i.id }));
          if (done) reload();
        } }, '并入此案')))) : h('p', { class: 'muted' }, '没有找到案件。'));
    } }, h('label', {}, '案号、申请编号或当事人姓名', h('input', { name: 'q', required: true })), h('button', { type: 'submit' }, '查找'), results);
    open(search);
  };
  const actions = r.status === 'Open' ? h('div', { class: 'actions' },
    h('button', { type: 'button', 'data-action': '立案', onclick: () => { sessionStorage.setItem(pendingReportKey, JSON.stringify(r)); location.hash = '#/register'; } }, '转为主动调解案件'),
    h('button', { type: 'button', class: 'plain', 'data-action': '并案', onclick: merge }, '并入已有案件'),
    h('button', { type: 'button', class: 'plain', 'data-action': '就地化解', onclick: () => resolve('settle', '化解结果', '如：经现场劝说，双方同意……') }, '记录就地化解'),
    h('button', { type: 'button', class: 'plain', 'data-action': '不予处理', onclick: () => resolve('dismiss', '不予处理的理由', '如：经核实不属于民间纠纷') }, '不予处理')) : null;
  return h('section', { class: 'card grid-report', 'data-report': r.id },
    h('h2', {}, `${r.place} `, h('span', { class: `badge${r.urgency === 'Normal' ? '' : ' red'}` }, r.urgencyName), ' ', h('span', { class: 'badge' }, r.statusName)),
    h('dl', { class: 'facts' },
      h('dt', {}, '上报人'), h('dd', {}, `${r.reporterName} · ${fmt.time(r.reportedAt)}`),
      h('dt', {}, '情况'), h('dd', {}, r.account),
      h('dt', {}, '当事人'), h('dd', {}, r.parties.map(p => [p.name, p.side, p.phone].filter(Boolean).join(' ')).join('；') || '未填写'),
      r.latitude != null ? [h('dt', {}, '位置'), h('dd', {}, `${r.latitude.toFixed(5)}, ${r.longitude.toFixed(5)}`)] : null,
      r.caseReference ? [h('dt', {}, '案件'), h('dd', {}, h('a', { href: `#/case/${r.caseId}` }, r.caseReference))] : null,
      r.resolution ? [h('dt', {}, '处理结果'), h('dd', {}, r.resolution)] : null,
      r.handlerName ? [h('dt', {}, '处理人'), h('dd', {}, `${r.handlerName} · ${fmt.time(r.handledAt)}`)] : null),
    r.photos.length ? h('div', { class: 'evidence-grid' }, r.photos.map(p => h('figure', { class: 'evidence' },
      h('div', { class: 'evidence-body' }, h('img', { 'data-photo': p.url, alt: p.fileName, class: 'evidence-photo' })),
      h('figcaption', {}, p.fileName)))) : null,
    actions, box);
}
