import { api, cached } from './api.js';
import { h, attempt } from './ui.js';

const undecided = ['Submitted', 'Transferred'];

/** Every decision on the case as a button; those with a form open it below the buttons. The API has the last word (409 explains). */
export function decisions(c, reload) {
  const d = c.case;
  const panel = h('div', { id: 'decision-form' });
  const box = h('section', { class: 'card', id: 'decisions' });
  const open = async build => { panel.replaceChildren(await build()); };
  const submit = (path, body, done) => async e => {
    e.preventDefault();
    const form = e.target;
    const result = await attempt(form, () => api.post(`/api/intake/${d.id}/${path}`, typeof body === 'function' ? body(form) : body));
    if (result) { box.replaceChildren(h('div', { class: 'ok' }, done)); setTimeout(reload, 600); }
  };
  const reasonForm = (path, label, done) => h('form', { class: 'panel', onsubmit: submit(path, f => ({ reason: f.elements.reason.value }), done) },
    h('label', {}, label, h('textarea', { name: 'reason', required: true })), h('button', { type: 'submit' }, '确认'));

  const buttons = [];
  const button = (text, onclick, cls = '') => buttons.push(h('button', { type: 'button', class: cls, 'data-action': text, onclick }, text));

  if (undecided.includes(d.status)) {
    button('受理', async e => {
      const result = await attempt(box, () => api.post(`/api/intake/${d.id}/accept`));
      if (result) { box.replaceChildren(h('div', { class: 'ok' }, result.caseNumber ? `已受理，案号 ${result.caseNumber}。` : '已受理。')); setTimeout(reload, 600); }
    });
    button('不予受理', () => open(async () => {
      const reasons = await cached('/api/intake/reject-reasons');
      return h('form', { class: 'panel', onsubmit: submit('reject', f => ({ reasonCode: f.elements.reasonCode.value, note: f.elements.note.value || null }), '已作出不予受理决定。') },
        h('label', {}, '理由', h('select', { name: 'reasonCode', required: true }, h('option', { value: '' }, '请选择'),
          reasons.map(r => h('option', { value: r.code, title: r.noticeText }, r.name)))),
        h('label', {}, '说明（选择「其他原因」时必填）', h('textarea', { name: 'note' })),
        h('button', { type: 'submit', class: 'danger' }, '确认不予受理'));
    }), 'danger');
    button('要求补正', () => open(() => {
      const week = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
      return h('form', { class: 'panel', onsubmit: submit('request-correction', f => ({
        items: f.elements.items.value.split('\n').map(s => s.trim()).filter(Boolean),
        deadline: f.elements.deadline.value ? `${f.elements.deadline.value}T23:59:59+08:00` : null,
      }), '已要求补正，申请人将收到通知。') },
        h('label', {}, '需要补正的事项（每行一项）', h('textarea', { name: 'items', required: true })),
        h('label', {}, '补正期限', h('input', { type: 'date', name: 'deadline', value: week })),
        h('button', { type: 'submit' }, '发出补正要求'));
    }), 'plain');
  }
  if (d.status === 'Accepted') {
    button('指派调解员', () => open(async () => {
      const mediators = await api.get(`/api/intake/mediators`);
      if (!mediators.length) return h('div', { class: 'panel muted' }, '本组织没有可指派的调解员，请联系管理员添加。');
      return h('form', { class: 'panel', id: 'assign-form', onsubmit: submit('assign', f => ({
        mediatorIds: [...f.querySelectorAll('input[name=mediator]:checked')].map(i => i.value), note: f.elements.note.value || null,
      }), '已指派调解员。') },
        d.preferredMediatorId ? h('p', { class: 'muted' }, '申请人选择了调解员，如另行指派请写明理由。') : null,
        mediators.map(m => h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'mediator', value: m.id, checked: m.id === d.preferredMediatorId }),
          ` ${m.name}（${m.bodyName}，在办 ${m.openCases}/${m.maxOpenCases}）`)),
        h('label', {}, '说明', h('textarea', { name: 'note' })),
        h('button', { type: 'submit' }, '确认指派'));
    }));
  }
  if ([...undecided, 'Accepted', 'MediatorAssigned', 'InMediation', 'Failed'].includes(d.status)) {
    button('移送', () => open(async () => {
      const bodies = (await cached('/api/bodies')).filter(b => b.id !== d.bodyId);
      return h('form', { class: 'panel', onsubmit: submit('transfer', f => ({ toBodyId: f.elements.toBodyId.value, reason: f.elements.reason.value }), '已移送。') },
        h('label', {}, '接收的调解组织', h('select', { name: 'toBodyId', required: true }, h('option', { value: '' }, '请选择'), bodies.map(b => h('option', { value: b.id }, b.name)))),
        h('label', {}, '移送理由', h('textarea', { name: 'reason', required: true })), h('button', { type: 'submit' }, '确认移送'));
    }), 'plain');
    button('上报上级', () => open(() => reasonForm('escalate', '上报理由', '已上报上级调解组织。')), 'plain');
  }
  if (!buttons.length) box.append(h('p', { class: 'muted' }, '当前状态下没有需要受理环节处理的事项。'));
  box.append(h('div', { class: 'actions' }, buttons), panel);
  return box;
}
