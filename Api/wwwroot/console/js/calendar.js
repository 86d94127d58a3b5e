// A mediator's calendar: the week's sessions (GET /api/mediator/sessions), scheduling a session for one of their cases,
// and each session's actions (see sessions.js). Every error is the API's problem+json, shown where the user acted.
import { api } from './api.js';
import { h, mount, attempt, names } from './ui.js';
import { chinaDate, chinaTime, toUtc, addDays, mondayOf, today, weekdayNames } from './china-time.js';
import { sessionPanel, statusNames, modeNames } from './sessions.js';
import { evidenceSection } from './evidence.js';

// The week shown survives a reload of the page's data (after an action) but not a new visit.
const state = { week: null, selected: null };

export async function calendarPage() {
  document.title = '调解日程 · 信易调';
  state.week = mondayOf(today());
  state.selected = null;
  const grid = h('div', { id: 'calendar' });
  const label = h('strong', { id: 'week-label' });
  const panel = h('div', { id: 'session-panel' });
  const cases = h('section', { class: 'card', id: 'my-cases' });
  const scheduleBox = h('section', { class: 'card', id: 'schedule' });
  const go = week => { state.week = week; state.selected = null; panel.replaceChildren(); return load(); };

  async function load() {
    const from = toUtc(state.week);
    const to = toUtc(addDays(state.week, 7));
    label.textContent = `${state.week} 至 ${addDays(state.week, 6)}`;
    const [{ items }, mine] = await Promise.all([api.get(`/api/mediator/sessions?from=${from}&to=${to}`), myCases()]);
    grid.replaceChildren(...week(items));
    scheduleBox.replaceChildren(scheduleForm(mine, go));
    cases.replaceChildren(caseList(mine));
    const selected = items.find(s => s.id === state.selected);
    if (selected) panel.replaceChildren(sessionPanel(selected, load));
  }

  function week(items) {
    return weekdayNames.map((name, i) => {
      const date = addDays(state.week, i);
      const todays = items.filter(s => chinaDate(s.startsAt) === date);
      return h('div', { class: `day ${date === today() ? 'today' : ''}`, 'data-date': date },
        h('div', { class: 'day-head' }, `${name} ${date.slice(5).replace('-', '/')}`),
        todays.length ? todays.map(s => h('button', {
          type: 'button', class: `session ${s.status}`, 'data-session-id': s.id, 'data-case': s.caseNumber,
          onclick: () => { state.selected = s.id; panel.replaceChildren(sessionPanel(s, load)); panel.scrollIntoView({ block: 'nearest' }); },
        }, h('b', {}, `${chinaTime(s.startsAt)}–${chinaTime(s.endsAt)}`), h('span', {}, `${modeNames[s.mode]} · ${s.caseNumber}`),
        h('span', { class: 'state' }, statusNames[s.status] || s.status))) : h('div', { class: 'muted free' }, '无安排'));
    });
  }

  mount(h('h1', {}, '调解日程'),
    h('div', { class: 'actions calendar-nav' },
      h('button', { class: 'plain', id: 'prev-week', onclick: () => go(addDays(state.week, -7)) }, '上一周'),
      h('button', { class: 'plain', id: 'this-week', onclick: () => go(mondayOf(today())) }, '本周'),
      h('button', { class: 'plain', id: 'next-week', onclick: () => go(addDays(state.week, 7)) }, '下一周'),
      label, h('span', { class: 'muted' }, '（北京时间）'), feedButton()),
    grid, panel,
    h('h2', {}, '安排调解'), scheduleBox,
    h('h2', {}, '我承办的案件'), cases);
  await load();
}

/** The cases assigned to this mediator now (GET /api/mediator/cases), with their parties and next session. */
async function myCases() {
  return (await api.get('/api/mediator/cases')).items;
}

function scheduleForm(all, go) {
  const cases = all.filter(c => ['MediatorAssigned', 'InMediation'].includes(c.status));
  if (!cases.length) return h('p', { class: 'muted' }, '目前没有需要安排调解的案件。');
  const tomorrow = addDays(today(), 1);
  const form = h('form', { id: 'schedule-form', class: 'row', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const body = {
      mode: f.mode.value, startsAt: toUtc(f.date.value, f.time.value), durationMinutes: Number(f.duration.value),
      location: f.location.value.trim() || null, joinUrl: f.joinUrl.value.trim() || null,
    };
    const created = await attempt(form, () => api.post(`/api/disputes/${f.caseId.value}/sessions`, body));
    if (!created) return;
    await go(mondayOf(chinaDate(created.startsAt)));
    document.querySelector('#schedule-form .result')?.remove();
    document.getElementById('schedule').append(h('div', { class: 'ok', id: 'schedule-ok' },
      `已安排：案件 ${created.caseNumber}，${created.modeName}，${created.startsAtLocal}（北京时间）。已通知当事人。`));
    document.querySelector(`[data-session-id="${created.id}"]`)?.classList.add('fresh');
  } },
  h('label', {}, '案件', h('select', { name: 'caseId', required: true }, cases.map(c => h('option', { value: c.id }, c.caseNumber)))),
  h('label', {}, '方式', h('select', { name: 'mode' }, Object.entries(modeNames).map(([v, t]) => h('option', { value: v }, t)))),
  h('label', {}, '日期', h('input', { type: 'date', name: 'date', required: true, min: today(), value: tomorrow })),
  h('label', {}, '开始时间', h('input', { type: 'time', name: 'time', required: true, step: 300, value: '09:00' })),
  h('label', {}, '时长（分钟）', h('input', { type: 'number', name: 'duration', required: true, min: 10, max: 480, step: 5, value: 60 })),
  h('label', {}, '地点（现场调解必填）', h('input', { name: 'location', maxlength: 200 })),
  h('label', {}, '会议链接（线上，可留空自动生成）', h('input', { name: 'joinUrl', type: 'url', maxlength: 500 })),
  h('button', { type: 'submit' }, '安排调解'));
  return h('div', {}, form, h('p', { class: 'muted' }, '默认通知本案全部当事人和已指派的调解员；同一调解员前后两场须留出间隔，冲突时会提示。'));
}

function caseList(cases) {
  if (!cases.length) return h('p', { class: 'muted' }, '无');
  return h('ul', { class: 'case-list' }, cases.map(c => {
    const evidence = h('div');
    const next = c.nextSession;
    const toggle = h('button', { type: 'button', class: 'plain small', onclick: async () => {
      if (evidence.childElementCount) { evidence.replaceChildren(); return; }
      evidence.replaceChildren(await evidenceSection(c.id));
    } }, '证据材料');
    const parties = c.parties.map(p => `${names.partyRole[p.role] || ''}${p.name}`).join('、');
    return h('li', { 'data-case-id': c.id }, h('a', { href: `#/case/${c.id}` }, h('strong', {}, c.caseNumber)),
      ` · ${c.statusName} · ${c.typeName} · ${parties}`,
      next ? ` · 下次调解 ${chinaDate(next.startsAt)} ${chinaTime(next.startsAt)}，${statusNames[next.status]}` : ' · 暂无待进行的调解', ' ', toggle, evidence);
  }));
}

function feedButton() {
  const box = h('span', { class: 'feed' });
  const button = h('button', { class: 'plain small', onclick: async () => {
    if (!confirm('生成新的日历订阅地址后，旧地址将失效。继续吗？')) return;
    const feed = await attempt(box, () => api.post('/api/mediator/calendar-token'));
    if (feed) box.replaceChildren(h('input', { readonly: true, size: 60, value: new URL(feed.path, location.origin).href, onfocus: e => e.target.select() }));
  } }, '手机日历订阅');
  box.append(button);
  return box;
}
