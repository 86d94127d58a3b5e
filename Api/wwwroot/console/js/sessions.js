// One mediation session: its details and what the mediator can do with it (confirm, reschedule, cancel, record the outcome).
// The API has the last word: a double booking, a start in the past or a wrong state comes back as problem+json and is shown.
import { api, session as login } from './api.js';
import { h, attempt, fmt } from './ui.js';
import { chinaDate, chinaTime, toUtc } from './china-time.js';

export const modeNames = { Phone: '电话调解', Online: '线上调解', OnSite: '现场调解' };
export const statusNames = { Proposed: '待确认（系统建议）', Scheduled: '已安排', Cancelled: '已取消', Held: '已调解', NoShow: '当事人未到场', Adjourned: '延期' };
const resultNames = { Held: '已进行调解', NoShow: '当事人未到场', Adjourned: '延期（另行安排）' };

export function sessionPanel(s, reload) {
  const forms = h('div', { class: 'session-forms' });
  const open = build => forms.replaceChildren(build());
  const done = (box, message) => { box.replaceChildren(h('div', { class: 'ok' }, message)); setTimeout(reload, 600); };
  const me = login.user()?.id;
  const active = ['Scheduled', 'Proposed'].includes(s.status);
  const started = new Date(s.startsAt) <= new Date();

  const buttons = [];
  const button = (text, onclick, cls = 'plain') => buttons.push(h('button', { type: 'button', class: cls, 'data-action': text, onclick }, text));
  if (active && !s.confirmedBy.includes(me)) button('确认参加', async () => {
    const r = await attempt(forms, () => api.post(`/api/sessions/${s.id}/confirm`));
    if (r) done(forms, r.status === 'Scheduled' ? '已确认，调解安排已生效。' : '已确认，等待当事人确认。');
  }, '');
  if (active) button('改期', () => open(() => rescheduleForm(s, done)));
  if (active) button('取消', () => open(() => cancelForm(s, done)), 'danger');
  if (s.status === 'Scheduled' && started) button('登记调解结果', () => open(() => outcomeForm(s, done)), '');

  return h('section', { class: 'card session-detail', 'data-session-id': s.id },
    h('h2', {}, `案件 ${s.caseNumber} · ${modeNames[s.mode] || s.mode}`),
    h('dl', { class: 'facts' },
      h('dt', {}, '状态'), h('dd', { id: 'session-status' }, statusNames[s.status] || s.status),
      h('dt', {}, '时间'), h('dd', {}, `${s.startsAtLocal} 至 ${chinaTime(s.endsAt)}（北京时间，${s.durationMinutes} 分钟）`),
      h('dt', {}, '地点'), h('dd', {}, s.location || (s.mode === 'Phone' ? '电话' : s.mode === 'Online' ? '线上视频' : '—')),
      s.joinUrl ? [h('dt', {}, '会议链接'), h('dd', {}, h('a', { href: s.joinUrl, target: '_blank', rel: 'noopener noreferrer' }, s.joinUrl))] : null,
      h('dt', {}, '参加人'), h('dd', {}, `调解员 ${s.mediatorIds.length} 名，当事人 ${s.partyIds.length} 名；已确认 ${s.confirmedBy.length} 人`),
      s.cancelReason ? [h('dt', {}, '取消原因'), h('dd', {}, `${s.cancelReason}（${fmt.time(s.cancelledAt)}）`)] : null,
      s.minutes ? [h('dt', {}, '调解笔录'), h('dd', {}, s.minutes)] : null,
      s.absentPartyIds.length ? [h('dt', {}, '缺席'), h('dd', {}, `${s.absentPartyIds.length} 名当事人`)] : null),
    active ? null : h('p', { class: 'muted' }, '该调解安排已结束，不能再修改。'),
    s.status === 'Scheduled' && !started ? h('p', { class: 'muted' }, '调解开始后可以登记结果。') : null,
    h('div', { class: 'actions' }, buttons), forms);
}

function rescheduleForm(s, done) {
  const form = h('form', { class: 'panel row', id: 'reschedule-form', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const r = await attempt(form, () => api.put(`/api/sessions/${s.id}`, {
      startsAt: toUtc(f.date.value, f.time.value), durationMinutes: Number(f.duration.value), mode: f.mode.value,
      location: f.location.value.trim() || null, joinUrl: f.joinUrl.value.trim() || null, reason: f.reason.value.trim() || null,
    }));
    if (r) done(form, `已改期至 ${r.startsAtLocal}（北京时间），已通知参加人。`);
  } },
  h('label', {}, '日期', h('input', { type: 'date', name: 'date', required: true, value: chinaDate(s.startsAt) })),
  h('label', {}, '开始时间', h('input', { type: 'time', name: 'time', required: true, step: 300, value: chinaTime(s.startsAt) })),
  h('label', {}, '时长（分钟）', h('input', { type: 'number', name: 'duration', required: true, min: 10, max: 480, value: s.durationMinutes })),
  h('label', {}, '方式', h('select', { name: 'mode' }, Object.entries(modeNames).map(([v, t]) => h('option', { value: v, selected: v === s.mode }, t)))),
  h('label', {}, '地点', h('input', { name: 'location', value: s.location || '', maxlength: 200 })),
  h('label', {}, '会议链接', h('input', { name: 'joinUrl', type: 'url', value: s.joinUrl || '', maxlength: 500 })),
  h('label', {}, '改期原因', h('input', { name: 'reason', maxlength: 500 })),
  h('button', { type: 'submit' }, '确认改期'));
  return form;
}

function cancelForm(s, done) {
  const form = h('form', { class: 'panel', id: 'cancel-form', onsubmit: async e => {
    e.preventDefault();
    const r = await attempt(form, () => api.post(`/api/sessions/${s.id}/cancel`, { reason: form.elements.reason.value }));
    if (r) done(form, '已取消，已通知参加人。');
  } },
  h('label', {}, '取消原因', h('textarea', { name: 'reason', required: true, maxlength: 500 })),
  h('button', { type: 'submit', class: 'danger' }, '确认取消'));
  return form;
}

function outcomeForm(s, done) {
  const absent = h('fieldset', { class: 'absent' }, h('legend', {}, '缺席的当事人（选择「当事人未到场」时必选）'),
    s.partyIds.map((id, i) => h('label', { class: 'inline', title: id }, h('input', { type: 'checkbox', name: 'absent', value: id }), ` 当事人 ${i + 1}`)));
  const form = h('form', { class: 'panel', id: 'outcome-form', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const r = await attempt(form, () => api.post(`/api/sessions/${s.id}/outcome`, {
      result: f.result.value, minutes: f.minutes.value.trim() || null,
      absentPartyIds: [...form.querySelectorAll('input[name=absent]:checked')].map(i => i.value),
    }));
    if (r) done(form, `已登记：${statusNames[r.status] || r.status}。`);
  } },
  h('div', { class: 'row' }, Object.entries(resultNames).map(([v, t], i) =>
    h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'result', value: v, required: true, checked: i === 0 }), ` ${t}`))),
  absent,
  h('label', {}, '调解笔录（已进行调解时必填）', h('textarea', { name: 'minutes', maxlength: 10000 })),
  h('button', { type: 'submit' }, '登记结果'));
  return form;
}
