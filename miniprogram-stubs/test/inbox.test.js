// The 消息 tab against a fake service: newest first, paged with the service's cursor, opening marks read and goes to the
// page the message is about, the tab badge follows the unread count down to none; empty and failed states.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');
const { fakeService } = require('../testing/fake-service.js');
const config = require('../config.js');

config.retryDelayMs = 1;

function notices(n) {
  return Array.from({ length: n }, (_, i) => ({
    id: `n${i}`, kind: i === 0 ? 'CorrectionRequested' : 'SessionScheduled', title: `消息${i}`, body: `正文${i}`,
    caseId: i === 2 ? null : 'd1', sessionId: null, createdAt: new Date(Date.UTC(2026, 11, 1, 10 - i / 10)).toISOString(), readAt: null,
  }));
}

function service(all) {
  const svc = fakeService({
    'GET /api/me/notifications': (o) => {
      const q = new URL(o.url).searchParams;
      const limit = Number(q.get('limit'));
      const from = q.get('cursor') ? Number(q.get('cursor').slice(1)) : 0;
      const items = all.slice(from, from + limit);
      const next = from + limit < all.length ? `c${from + limit}` : null;
      return { statusCode: 200, data: { items, unread: all.filter((n) => !n.readAt).length, nextCursor: next } };
    },
  });
  const inner = svc.onRequest;
  svc.onRequest = (o) => {
    const m = /\/api\/me\/notifications\/(\w+)\/read$/.exec(o.url);
    if (m && o.method === 'POST') {
      svc.calls.push({ method: 'POST', path: `/api/me/notifications/${m[1]}/read` });
      all.find((n) => n.id === m[1]).readAt = '2026-12-01T03:00:00Z';
      return { statusCode: 204, data: '' };
    }
    return inner(o);
  };
  return svc;
}

function fakeWxWithTabBar(svc) {
  const wx = createFakeWx({ onRequest: svc.onRequest });
  wx.badges = [];
  wx.setTabBarBadge = (o) => wx.badges.push(o.text);
  wx.removeTabBarBadge = () => wx.badges.push(null);
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  return wx;
}

test('inbox: newest first, 20 a page with the service cursor, then the end; the badge shows the unread count', async () => {
  const all = notices(23);
  const svc = service(all);
  globalThis.wx = fakeWxWithTabBar(svc);
  const page = render('pages/inbox/index');
  await page.instance.onShow();
  await settle();
  assert.equal(page.querySelectorAll('.message').length, 20);
  assert.equal(text(page.querySelector('.message-title')), '● 未读 消息0');
  assert.equal(text(page.querySelector('.unread-line')), '未读消息 23 条');
  assert.equal(wx.badges.at(-1), '23');
  assert.match(svc.calls.find((c) => c.path === '/api/me/notifications').url, /\?limit=20$/);

  page.querySelector('.more').dispatchEvent('tap');
  await settle(10);
  assert.equal(page.querySelectorAll('.message').length, 23);
  assert.match(svc.calls.filter((c) => c.path === '/api/me/notifications').at(-1).url, /limit=20&cursor=c20$/);
  assert.equal(page.querySelector('.more'), undefined);
  assert.equal(text(page.querySelector('.end')), '没有更早的消息了');
});

test('inbox: opening marks read once and goes to the page it is about; the badge counts down to none', async () => {
  const all = notices(3);
  const svc = service(all);
  globalThis.wx = fakeWxWithTabBar(svc);
  const page = render('pages/inbox/index');
  await page.instance.onShow();
  await settle();

  const messages = page.querySelectorAll('.message');
  messages[0].dispatchEvent('tap');
  await settle(10);
  assert.equal(wx.calls.navigateTo.at(-1).url, '/pages/correct/index?id=d1', 'a correction request opens the 补正 page');
  messages[1].dispatchEvent('tap');
  await settle(10);
  assert.equal(wx.calls.navigateTo.at(-1).url, '/pages/case/index?id=d1');
  messages[2].dispatchEvent('tap');
  await settle(10);
  assert.equal(wx.calls.navigateTo.length, 2, 'a message about no case opens nothing');
  messages[1].dispatchEvent('tap');
  await settle(10);

  assert.deepEqual(svc.posts('/api/me/notifications/n0/read').length + svc.posts('/api/me/notifications/n1/read').length + svc.posts('/api/me/notifications/n2/read').length, 3, 'read once each');
  assert.equal(text(page.querySelector('.unread-line')), '没有未读消息');
  assert.equal(wx.badges.at(-1), null);
  assert.equal(page.querySelectorAll('.message.unread').length, 0);

  await page.instance.onPullDownRefresh();
  await settle();
  assert.equal(text(page.querySelector('.unread-line')), '没有未读消息', 'the service agrees after a refresh');
});

test('inbox: empty, and a failed load explained with a retry', async () => {
  let down = true;
  const svc = service([]);
  globalThis.wx = fakeWxWithTabBar(svc);
  const inner = svc.onRequest;
  globalThis.wx = Object.assign(createFakeWx({ onRequest: (o) => (down ? { fail: 'offline' } : inner(o)) }), { setTabBarBadge() {}, removeTabBarBadge() {} });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const page = render('pages/inbox/index');
  await page.instance.onShow();
  await settle(20);
  assert.equal(text(page.querySelector('.load-error .problem')), '网络不稳定，请检查网络后重试');
  down = false;
  page.querySelector('.retry').dispatchEvent('tap');
  await settle(20);
  assert.match(text(page.querySelector('.empty')), /还没有消息/);
});

test('inbox: a message opens the page that asks something of the citizen', () => {
  const { targetOf } = require('../pages/inbox/logic.js');
  assert.equal(targetOf({ kind: 'AgreementEffective', caseId: 'd1' }), '/pages/agreement/index?id=d1');
  assert.equal(targetOf({ kind: 'PerformanceReminder', caseId: 'd1' }), '/pages/performance/index?id=d1');
  assert.equal(targetOf({ kind: 'CreditNotice', caseId: null }), '/pages/credit/index');
  assert.equal(targetOf({ kind: 'CorrectionRequested', caseId: 'd1' }), '/pages/correct/index?id=d1');
  assert.equal(targetOf({ kind: 'SessionScheduled', caseId: 'd1' }), '/pages/case/index?id=d1');
  assert.equal(targetOf({ kind: 'Welcome', caseId: null }), null);
});
