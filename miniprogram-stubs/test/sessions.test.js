// The case page's sessions against a fake service: mode, China time, place or link, status; confirm a proposed time,
// propose another one, see a cancellation and its reason; a failed load keeps the page with a retry.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');
const { fakeService } = require('../testing/fake-service.js');
const config = require('../config.js');
const caseLogic = require('../pages/case/logic.js');

config.retryDelayMs = 1;

const ME = 'u-me';
const DISPUTE = {
  id: 'd1', caseNumber: 'WD-ZJC-XC-2026-0011', status: 'InMediation', statusName: '调解中', myRole: 'Respondent', typeName: '邻里纠纷',
  bodyName: '西村人民调解委员会', facts: '……', claims: '……', preferredMode: 'Phone', submittedAt: '2026-11-20T01:00:00Z',
  applicant: { id: 'pa', kind: 'Person', name: '张三' }, respondents: [{ id: 'pr', kind: 'Person', name: '李四' }], thirdParties: [],
};
const future = (days) => new Date(Date.now() + days * 86400000).toISOString();
const SESSIONS = [
  { id: 's-old', status: 'Cancelled', mode: 'OnSite', modeName: '现场调解', startsAt: future(-3), startsAtLocal: '2026-11-28 09:00', durationMinutes: 60, location: '西村村委会', confirmedBy: [], cancelReason: '调解员临时有事' },
  { id: 's1', status: 'Proposed', mode: 'OnSite', modeName: '现场调解', startsAt: future(2), startsAtLocal: '2026-12-05 09:30', durationMinutes: 60, location: '西村村委会二楼', confirmedBy: ['m1'] },
  { id: 's2', status: 'Scheduled', mode: 'Online', modeName: '线上视频调解', startsAt: future(9), startsAtLocal: '2026-12-12 14:00', durationMinutes: 90, joinUrl: 'https://meeting.example.invalid/m/1', confirmedBy: ['m1', ME] },
];

function service(overrides = {}) {
  let sessions = SESSIONS.map((s) => ({ ...s }));
  return fakeService({
    'GET /api/disputes/d1': () => ({ statusCode: 200, data: DISPUTE }),
    'GET /api/disputes/d1/timeline': () => ({ statusCode: 200, data: { items: [] } }),
    'GET /api/disputes/d1/sessions': () => ({ statusCode: 200, data: { items: sessions } }),
    'POST /api/sessions/s1/confirm': () => {
      sessions = sessions.map((s) => (s.id === 's1' ? { ...s, confirmedBy: [...s.confirmedBy, ME] } : s));
      return { statusCode: 200, data: sessions[1] };
    },
    'POST /api/sessions/s1/counter': (o) => {
      sessions = sessions.map((s) => (s.id === 's1' ? { ...s, counter: { startsAt: o.data.startsAt, startsAtLocal: '2026-12-06 15:00', note: o.data.note, byKind: 'citizen', byId: ME } } : s));
      return { statusCode: 200, data: sessions[1] };
    },
    'GET /api/sessions/s1/free-slots': () => ({ statusCode: 200, data: { items: [{ startsAt: '2026-12-06T01:00:00Z', startsAtLocal: '2026-12-06 09:00' }, { startsAt: '2026-12-06T06:00:00Z', startsAtLocal: '2026-12-06 14:00' }] } }),
    ...overrides,
  });
}

async function openCase(svc) {
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  wx.setStorageSync('auth.user', { id: ME, kind: 'citizen' });
  const page = render('pages/case/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle();
  return page;
}

test('case page: sessions upcoming first with mode, China time, place or link and status; a cancellation says why', async () => {
  const page = await openCase(service());
  const sessions = page.querySelectorAll('.session');
  assert.equal(sessions.length, 3);
  assert.deepEqual(page.querySelectorAll('.session-time').map(text), ['2026-12-05 09:30（北京时间）', '2026-12-12 14:00（北京时间）', '2026-11-28 09:00（北京时间）']);
  assert.deepEqual(page.querySelectorAll('.session-status').map(text), ['待确认时间', '已确定', '已取消']);
  assert.equal(text(page.querySelector('.session-place')), '西村村委会二楼');
  assert.equal(text(page.querySelector('.session-join')), '复制链接');
  assert.equal(text(page.querySelector('.session-cancelled')), '取消原因：调解员临时有事');
  assert.equal(page.querySelectorAll('.confirm-session').length, 1, 'only the proposed session I have not confirmed');
  assert.match(text(page.querySelector('.session-next')), /请确认能否参加/);
});

test('case page: 确认参加 posts the confirmation and the page then says it waits for the others', async () => {
  const svc = service();
  const page = await openCase(svc);
  page.querySelector('.confirm-session').dispatchEvent('tap');
  await settle(10);
  assert.equal(svc.posts('/api/sessions/s1/confirm').length, 1);
  assert.equal(page.querySelector('.confirm-session'), undefined);
  assert.match(text(page.querySelector('.session-next')), /您已确认这个时间/);
});

test('case page: another time is proposed as Beijing time with a note; without a date nothing is sent', async () => {
  const svc = service();
  const page = await openCase(svc);
  page.querySelector('.counter-session').dispatchEvent('tap');
  await settle();
  assert.ok(page.querySelector('.counter-form'));
  await page.instance.submitCounter();
  await settle();
  assert.equal(svc.posts('/api/sessions/s1/counter').length, 0);
  assert.equal(text(page.querySelector('.err-startsAt')), '请选择日期和时间');

  page.querySelector('.counter-date').dispatchEvent('change', { detail: { value: '2026-12-06' } });
  page.querySelector('.counter-time').dispatchEvent('change', { detail: { value: '15:00' } });
  page.querySelector('.counter-note').dispatchEvent('input', { detail: { value: '上午要下地' } });
  await settle();
  page.querySelector('.submit-counter').dispatchEvent('tap');
  await settle(10);
  const [sent] = svc.posts('/api/sessions/s1/counter');
  assert.deepEqual(sent.data, { startsAt: '2026-12-06T15:00:00', note: '上午要下地' });
  assert.equal(page.querySelector('.counter-form'), undefined);
  assert.equal(text(page.querySelector('.session-counter')), '您提议改为 2026-12-06 15:00：上午要下地，等调解员答复。');
});

test('case page: a refused counter-proposal shows the service\'s message under the time', async () => {
  const svc = service({
    'POST /api/sessions/s1/counter': () => ({ statusCode: 400, data: { title: '提交的内容有误', status: 400, errors: { startsAt: ['开始时间不能早于当前时间'] } } }),
  });
  const page = await openCase(svc);
  page.querySelector('.counter-session').dispatchEvent('tap');
  await settle();
  page.querySelector('.counter-date').dispatchEvent('change', { detail: { value: '2026-12-06' } });
  page.querySelector('.counter-time').dispatchEvent('change', { detail: { value: '15:00' } });
  await settle();
  await page.instance.submitCounter();
  await settle();
  assert.equal(text(page.querySelector('.err-startsAt')), '开始时间不能早于当前时间');
});

test('case page: a 409 on confirming shows the service\'s Chinese detail', async () => {
  const svc = service({
    'POST /api/sessions/s1/confirm': () => ({ statusCode: 409, data: { title: '调解安排已变更', detail: '该时间已被调解员取消，请查看新的安排。', status: 409, code: 'conflict' } }),
  });
  const page = await openCase(svc);
  await page.instance.confirmSession({ currentTarget: { dataset: { id: 's1' } } });
  assert.equal(wx.calls.showModal.at(-1).content, '该时间已被调解员取消，请查看新的安排。');
});

test('case page: a failed load stays on the page with the reason and a retry', async () => {
  let down = true;
  const svc = service();
  globalThis.wx = createFakeWx({ onRequest: (o) => (down ? { fail: 'offline' } : svc.onRequest(o)) });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const page = render('pages/case/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle(20);
  assert.equal(text(page.querySelector('.load-error .problem')), '网络不稳定，请检查网络后重试');
  down = false;
  page.querySelector('.retry').dispatchEvent('tap');
  await settle(20);
  assert.equal(page.querySelectorAll('.session').length, 3);
});

test('session view: a phone session says the mediator will call; the Beijing time is sent without an offset', () => {
  const v = caseLogic.toSession({ id: 's', status: 'Scheduled', mode: 'Phone', startsAt: future(1), startsAtLocal: '2026-12-04 10:00', confirmedBy: [] }, ME);
  assert.match(v.phoneNote, /打电话/);
  assert.equal(caseLogic.beijingTime('2026-12-10', '09:05'), '2026-12-10T09:05:00');
  assert.equal(caseLogic.beijingTime('2026-12-10', ''), null);
});

test('case page: every status says what happens next and what the citizen can do', async () => {
  const statuses = ['Submitted', 'NeedsCorrection', 'Lapsed', 'Accepted', 'Rejected', 'Transferred', 'MediatorAssigned', 'InMediation', 'Agreed', 'Failed', 'Performing', 'Fulfilled', 'Defaulted', 'Closed', 'Withdrawn'];
  for (const status of statuses) {
    const d = caseLogic.toDetail({ ...DISPUTE, status });
    assert.ok(d.next.length > 5 && d.can.length > 5, status);
  }
  const page = await openCase(service());
  assert.equal(text(page.querySelector('.status-next')), '接下来：正在调解中。');
  assert.match(text(page.querySelector('.status-can')), /提议其他时间/);
});

test('我的案件: a session tomorrow (China day) shows on the card; one next week does not', async () => {
  const cases = require('../pages/cases/logic.js');
  const now = Date.parse('2026-12-03T04:00:00Z'); // 12:00 Beijing
  const tomorrow = { status: 'Proposed', modeName: '现场调解', startsAt: '2026-12-04T01:30:00Z', endsAt: '2026-12-04T02:30:00Z' };
  const nextWeek = { status: 'Scheduled', modeName: '电话调解', startsAt: '2026-12-10T01:30:00Z' };
  assert.equal(cases.soonSessionText({ items: [nextWeek, tomorrow] }, now), '明天 09:30 现场调解（待确认）');
  assert.equal(cases.soonSessionText({ items: [nextWeek] }, now), '');
  assert.equal(cases.soonSessionText({ items: [{ ...tomorrow, status: 'Cancelled' }] }, now), '');

  const svc = fakeService({
    'GET /api/disputes': () => ({ statusCode: 200, data: { items: [{ id: 'd1', caseNumber: 'X-1', status: 'InMediation', statusName: '调解中', myRole: 'Applicant', submittedAt: '2026-11-20T01:00:00Z' }, { id: 'd2', caseNumber: 'X-2', status: 'Submitted', statusName: '待受理', submittedAt: '2026-11-21T01:00:00Z' }] } }),
    'GET /api/disputes/d1/sessions': () => ({ statusCode: 200, data: { items: [tomorrow] } }),
  });
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const api = require('../utils/api.js');
  const cards = await cases.loadCases(api, now);
  assert.equal(cards[0].soonSession, '明天 09:30 现场调解（待确认）');
  assert.equal(cards[1].soonSession, undefined);
  assert.equal(svc.calls.filter((c) => c.path === '/api/disputes/d2/sessions').length, 0, 'only cases that hold sessions are asked');
  const card = render('components/case-card/index', { item: cards[0] });
  assert.equal(text(card.querySelector('.soon-session')), '调解：明天 09:30 现场调解（待确认）');
});

test('case page: the mediator\'s free times are offered as one-tap choices for the counter-proposal', async () => {
  const svc = service();
  const page = await openCase(svc);
  await page.instance.openCounter({ currentTarget: { dataset: { id: 's1' } } });
  await settle();
  const slots = page.querySelectorAll('.free-slot');
  assert.deepEqual(slots.map(text), ['2026-12-06 09:00', '2026-12-06 14:00']);
  slots[1].dispatchEvent('tap');
  await settle();
  assert.equal(text(page.querySelectorAll('.free-slot')[1]), '✓ 2026-12-06 14:00');
  await page.instance.submitCounter();
  await settle();
  assert.deepEqual(svc.posts('/api/sessions/s1/counter')[0].data, { startsAt: '2026-12-06T14:00:00', note: null });
});

test('case page: without free times from the service the date and time pickers remain', async () => {
  const page = await openCase(service({ 'GET /api/sessions/s1/free-slots': () => ({ statusCode: 409, data: { title: '只能对待确认的调解时间提出其他时间', status: 409 } }) }));
  await page.instance.openCounter({ currentTarget: { dataset: { id: 's1' } } });
  await settle();
  assert.equal(page.querySelector('.free-slots'), undefined);
  assert.ok(page.querySelector('.counter-date'));
});
