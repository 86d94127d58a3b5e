import { api, myBodies, session } from './api.js';
import { h, mount, attempt } from './ui.js';

const levels = { Chief: '首席', First: '一级', Second: '二级', Third: '三级', Fourth: '四级' };

/** 调解员名册: a supervisor (their bodies) or an administrator (all) keeps a mediator's register entry and photo.
 * The photo goes to the service (JPEG or PNG, at most 2 MB); citizens see it only through the directory. */
export async function mediatorRegisterPage() {
  const mediators = await mediatorsICanKeep();
  const detail = h('div', { id: 'mediator-register' });
  const pick = h('select', { id: 'mediator-pick', onchange: () => show(pick.value) },
    h('option', { value: '' }, '（选择调解员）'), mediators.map(m => h('option', { value: m.id }, m.displayName)));

  async function show(id) {
    if (!id) return detail.replaceChildren();
    const view = await api.get(`/api/mediators/${id}/register`);
    const r = view.register;
    const form = h('form', { class: 'card', id: 'register-fields', onsubmit: async e => {
      e.preventDefault();
      const f = form.elements;
      const saved = await attempt(form, () => api.put(`/api/mediators/${id}/register`, {
        typeCodes: view.typeCodes,
        register: {
          fullTime: f.fullTime.value === '' ? null : f.fullTime.value === 'true', level: f.level.value || null,
          certificateNumber: f.certificateNumber.value || null, certificateValidUntil: f.certificateValidUntil.value || null,
          languages: f.languages.value.split(/[,，、]/).map(s => s.trim()).filter(Boolean), servedBodyIds: r.servedBodyIds,
          termEndsOn: f.termEndsOn.value || null, introduction: f.introduction.value || null,
          servingSince: f.servingSince.value ? Number(f.servingSince.value) : null,
        },
      }), '名册已保存。');
      if (saved) Object.assign(view, saved);
    } },
    h('label', {}, '专职/兼职', h('select', { name: 'fullTime' }, h('option', { value: '' }, '未填'),
      h('option', { value: 'true', selected: r.fullTime === true }, '专职'), h('option', { value: 'false', selected: r.fullTime === false }, '兼职'))),
    h('label', {}, '等级', h('select', { name: 'level', 'data-field': 'register.level' }, h('option', { value: '' }, '未评定'),
      Object.entries(levels).map(([v, t]) => h('option', { value: v, selected: r.level === v }, t)))),
    h('label', {}, '证书编号', h('input', { name: 'certificateNumber', value: r.certificateNumber ?? '', 'data-field': 'register.certificateNumber' })),
    h('label', {}, '证书有效期至', h('input', { type: 'date', name: 'certificateValidUntil', value: r.certificateValidUntil ?? '', 'data-field': 'register.certificateValidUntil' })),
    h('label', {}, '任期届满', h('input', { type: 'date', name: 'termEndsOn', value: r.termEndsOn ?? '', 'data-field': 'register.termEndsOn' })),
    h('label', {}, '从事调解起始年份', h('input', { type: 'number', name: 'servingSince', value: r.servingSince ?? '', 'data-field': 'register.servingSince' })),
    h('label', {}, '语言或方言（顿号分隔）', h('input', { name: 'languages', value: r.languages.join('、'), 'data-field': 'register.languages' })),
    h('label', {}, '公开简介', h('textarea', { name: 'introduction', maxlength: 500, 'data-field': 'register.introduction' }, r.introduction ?? '')),
    h('button', { type: 'submit' }, '保存名册'));
    detail.replaceChildren(h('h2', {}, view.displayName), photoCard(id, view), form);
  }

  mount(h('h1', {}, '调解员名册'), h('div', { class: 'card' }, h('label', {}, '调解员', pick)), detail);
}

/** The photo: a preview fetched with the staff token (an <img> could not send it), upload and removal. */
function photoCard(id, view) {
  const card = h('section', { class: 'card', id: 'mediator-photo' });
  const render = async url => {
    const preview = h('div', { class: 'photo-preview' });
    if (url) {
      const file = await api.file(url, 'image/*');
      preview.append(h('img', { src: URL.createObjectURL(file.blob), alt: `${view.displayName}的照片`, width: 120 }));
    } else preview.append(h('p', { class: 'muted' }, '尚未上传照片'));
    const input = h('input', { type: 'file', name: 'file', accept: 'image/jpeg,image/png', 'data-field': 'file' });
    const form = h('form', { onsubmit: async e => {
      e.preventDefault();
      if (!input.files[0]) return;
      const data = new FormData();
      data.append('file', input.files[0]);
      const saved = await attempt(form, () => api.upload(`/api/mediators/${id}/register/photo`, data), '照片已更新。');
      if (saved) render(saved.photoUrl);
    } }, h('label', {}, '照片（JPEG 或 PNG，不超过 2 MB）', input), h('button', { type: 'submit' }, '上传照片'),
    url ? h('button', { type: 'button', class: 'plain', onclick: async () => {
      const saved = await attempt(form, () => api.del(`/api/mediators/${id}/register/photo`), '照片已删除。');
      if (saved) render(null);
    } }, '删除照片') : null);
    card.replaceChildren(h('h3', {}, '照片'), preview, form);
  };
  render(view.photoUrl);
  return card;
}

/** An administrator keeps every mediator; a supervisor those listed in their bodies (the directory). */
async function mediatorsICanKeep() {
  if (session.has('Admin')) return (await api.get('/api/admin/staff')).filter(s => s.roles.includes('Mediator'));
  const seen = new Map();
  for (const b of await myBodies())
    for (const m of await api.get(`/api/mediators?bodyId=${encodeURIComponent(b.id)}`)) if (m.bodyId === b.id) seen.set(m.id, m);
  return [...seen.values()];
}
