import { api } from './api.js';
import { h, mount, fmt, names, attempt } from './ui.js';

const levels = Object.entries(names.level);
const kinds = Object.entries(names.kind);

export async function bodiesPage() {
  const bodies = await api.get('/api/admin/bodies');
  const byId = Object.fromEntries(bodies.map(b => [b.id, b]));
  const form = h('form', { class: 'card row', id: 'body-form', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const created = await attempt(form, () => api.post('/api/admin/bodies', {
      code: f.code.value.trim(), name: f.name.value.trim(), level: f.level.value, kind: f.kind.value, parentId: f.parentId.value || null, region: f.region.value,
    }), '已新建。');
    if (created) setTimeout(bodiesPage, 600);
  } },
  h('label', {}, '组织代码', h('input', { name: 'code', placeholder: '如 WD-ZJC-NC', required: true })),
  h('label', {}, '名称', h('input', { name: 'name', required: true })),
  h('label', {}, '层级', h('select', { name: 'level' }, levels.map(([v, t]) => h('option', { value: v }, t)))),
  h('label', {}, '类型', h('select', { name: 'kind' }, kinds.map(([v, t]) => h('option', { value: v }, t)))),
  h('label', {}, '上级组织', h('select', { name: 'parentId' }, h('option', { value: '' }, '（无，市级）'), bodies.map(b => h('option', { value: b.id }, b.name)))),
  h('label', {}, '服务区域', h('input', { name: 'region' })),
  h('button', { type: 'submit' }, '新建调解组织'));

  const toggle = b => async e => {
    const updated = await attempt(e.target.parentElement, () => api.put(`/api/admin/bodies/${b.id}`, {
      name: b.name, level: b.level, kind: b.kind, parentId: b.parentId, region: b.region, active: !b.active }));
    if (updated) bodiesPage();
  };
  mount(h('h1', {}, '调解组织'), form,
    h('table', { id: 'bodies-table' },
      h('thead', {}, h('tr', {}, ['代码', '名称', '层级', '类型', '上级', '服务区域', '状态', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, bodies.map(b => h('tr', {},
        h('td', {}, b.code), h('td', {}, b.name), h('td', {}, names.level[b.level]), h('td', {}, names.kind[b.kind]),
        h('td', {}, byId[b.parentId]?.name || '—'), h('td', {}, b.region), h('td', {}, b.active ? '启用' : '停用'),
        h('td', {}, h('button', { class: 'plain', onclick: toggle(b) }, b.active ? '停用' : '启用')))))));
}

export async function staffPage() {
  const [staff, bodies] = await Promise.all([api.get('/api/admin/staff'), api.get('/api/admin/bodies')]);
  const bodyName = Object.fromEntries(bodies.map(b => [b.id, b.name]));
  const form = h('form', { class: 'card row', id: 'staff-form', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const roles = [...form.querySelectorAll('input[name=role]:checked')].map(i => i.value);
    const created = await attempt(form, () => api.post('/api/admin/staff', {
      username: f.username.value.trim(), displayName: f.displayName.value.trim(), password: f.password.value, roles,
      bodyId: f.bodyId.value || null, phone: f.phone.value || null, active: true,
    }), '已新建。');
    if (created) setTimeout(staffPage, 600);
  } },
  h('label', {}, '用户名', h('input', { name: 'username', required: true })),
  h('label', {}, '姓名', h('input', { name: 'displayName', required: true })),
  h('label', {}, '初始密码', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true })),
  h('label', {}, '手机号', h('input', { name: 'phone' })),
  h('label', {}, '所属组织', h('select', { name: 'bodyId' }, h('option', { value: '' }, '（平台管理员）'), bodies.map(b => h('option', { value: b.id }, b.name)))),
  h('div', {}, Object.entries(names.role).map(([v, t]) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'role', value: v }), t))),
  h('button', { type: 'submit' }, '新建账号'));

  const reset = s => async e => {
    const password = prompt(`为「${s.displayName}」设置新密码（至少12位）`);
    if (password) await attempt(e.target.parentElement, () => api.post(`/api/admin/staff/${s.id}/password`, { password }), '密码已重置。');
  };
  mount(h('h1', {}, '工作人员'), form,
    h('table', { id: 'staff-table' },
      h('thead', {}, h('tr', {}, ['用户名', '姓名', '角色', '所属组织', '手机', '在办案件', '状态', '创建时间', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, staff.map(s => h('tr', {},
        h('td', {}, s.username), h('td', {}, s.displayName), h('td', {}, s.roles.map(r => names.role[r] || r).join('、')),
        h('td', {}, bodyName[s.bodyId] || '—'), h('td', {}, s.phone || '—'), h('td', { class: 'num' }, s.mediator ? `${s.mediator.openCases}/${s.mediator.maxOpenCases}` : '—'),
        h('td', {}, s.active ? (s.locked ? '已锁定' : '启用') : '停用'), h('td', {}, fmt.date(s.createdAt)),
        h('td', {}, h('button', { class: 'plain', onclick: reset(s) }, '重置密码')))))));
}
