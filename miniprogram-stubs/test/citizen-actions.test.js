// 申请回避 and 通知方式 against a fake service: the calls they make, their refusals shown in Chinese, what happens next.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');
const { fakeService } = require('../testing/fake-service.js');
const config = require('../config.js');
const prefs = require('../pages/preferences/logic.js');
const objection = require('../pages/objection/logic.js');

config.retryDelayMs = 1;

function withWx(svc) {
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  wx.navigateBack = (o) => wx.calls.other.push({ navigateBack: o });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
}

test('objection page: a reason is required; it posts the reason and then says what happens next', async () => {
  const svc = fakeService({ 'POST /api/disputes/d1/mediator-objection': () => ({ statusCode: 204, data: '' }) });
  withWx(svc);
  const page = render('pages/objection/index');
  page.instance.onLoad({ id: 'd1' });
  await settle();
  assert.match(text(page.querySelector('.explain')), /第二十三条/);
  page.querySelector('.submit').dispatchEvent('tap');
  await settle(10);
  assert.equal(svc.posts('/api/disputes/d1/mediator-objection').length, 0);
  assert.equal(text(page.querySelector('.err-reason')), '请填写申请回避的理由');

  page.querySelector('.reason').dispatchEvent('input', { detail: { value: '调解员是对方的表哥' } });
  await settle();
  assert.equal(page.querySelector('.err-reason'), undefined);
  page.querySelector('.submit').dispatchEvent('tap');
  await settle(10);
  assert.deepEqual(svc.posts('/api/disputes/d1/mediator-objection')[0].data, { reason: '调解员是对方的表哥' });
  assert.match(text(page.querySelector('.done')), /另行指派调解员/);
});

test('objection page: a wrong-state refusal shows the service\'s Chinese detail and keeps the reason', async () => {
  const svc = fakeService({
    'POST /api/disputes/d1/mediator-objection': () => ({ statusCode: 409, data: { title: '当前状态不能申请回避', detail: '案件当前状态为「已达成协议」，只能在调解结束前申请调解员回避。', status: 409, code: 'wrong-state' } }),
  });
  withWx(svc);
  const page = render('pages/objection/index');
  page.instance.onLoad({ id: 'd1' });
  page.setData({ reason: '理由' });
  await page.instance.submit();
  assert.equal(wx.calls.showModal.at(-1).content, '案件当前状态为「已达成协议」，只能在调解结束前申请调解员回避。');
  assert.equal(page.data.reason, '理由');
  assert.equal(page.querySelector('.done'), undefined);
});

test('objection is offered to parties while a mediator has the case, not before or after', () => {
  assert.equal(objection.canObject({ myRole: 'Respondent', status: 'InMediation' }), true);
  assert.equal(objection.canObject({ myRole: 'Applicant', status: 'MediatorAssigned' }), true);
  assert.equal(objection.canObject({ myRole: 'Applicant', status: 'Submitted' }), false);
  assert.equal(objection.canObject({ myRole: 'Applicant', status: 'Performing' }), false);
});

test('preferences page: explains each channel, reorders and switches them, and saves the order with PUT', async () => {
  let saved = null;
  const svc = fakeService({
    'GET /api/me/notification-preferences': () => ({ statusCode: 200, data: { channelOrder: ['WeChat', 'Sms'], isDefault: true, available: ['WeChat', 'Sms'] } }),
    'PUT /api/me/notification-preferences': (o) => {
      saved = o.data;
      return { statusCode: 200, data: { channelOrder: o.data.channelOrder, isDefault: false, available: ['WeChat', 'Sms'] } };
    },
  });
  withWx(svc);
  const page = render('pages/preferences/index');
  await page.instance.onLoad();
  await settle();
  assert.deepEqual(page.querySelectorAll('.channel-name').map(text), ['第1位：微信服务通知', '第2位：手机短信']);
  assert.match(text(page.querySelector('.channel-WeChat .channel-meaning')), /每点一次「允许」，我们只能给您发一条/);
  assert.ok(page.querySelector('.is-default'));

  page.querySelectorAll('.up')[0].dispatchEvent('tap');
  await settle();
  assert.deepEqual(page.querySelectorAll('.channel-name').map(text), ['第1位：手机短信', '第2位：微信服务通知']);
  page.querySelectorAll('.toggle')[1].dispatchEvent('tap');
  await settle();
  assert.deepEqual(page.querySelectorAll('.channel-name').map(text), ['第1位：手机短信', '不使用：微信服务通知']);
  page.querySelector('.save').dispatchEvent('tap');
  await settle(10);
  assert.deepEqual(saved, { channelOrder: ['Sms'] });
  assert.equal(page.querySelector('.is-default'), undefined);
});

test('preferences: switching every channel off leaves the inbox only, and says so', () => {
  let rows = prefs.toView({ channelOrder: ['WeChat'], available: ['WeChat', 'Sms'] }).rows;
  rows = prefs.toggle(rows, 0);
  assert.deepEqual(prefs.orderOf(rows), []);
  assert.deepEqual(rows.map((r) => r.rank), [0, 0]);
});

test('objection page: a lost answer whose retry finds the case back with the committee counts as done', async () => {
  let posts = 0;
  const svc = fakeService({ 'GET /api/disputes/d1': () => ({ statusCode: 200, data: { id: 'd1', status: 'Accepted' } }) });
  globalThis.wx = createFakeWx({
    onRequest: (o) => {
      if (o.method === 'POST' && o.url.endsWith('/mediator-objection'))
        return ++posts === 1 ? { fail: 'timeout' } : { statusCode: 409, data: { title: '当前状态不能申请回避', status: 409, code: 'wrong-state' } };
      return svc.onRequest(o);
    },
  });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const page = render('pages/objection/index');
  page.instance.onLoad({ id: 'd1' });
  page.setData({ reason: '调解员是对方的表哥' });
  const result = await page.instance.submit();
  assert.equal(result.ok, true);
  assert.equal(posts, 2);
  assert.equal(wx.calls.showModal.length, 0);
});

test('我的案件: loading, then empty; a failed load stays with the reason and 重试', async () => {
  let down = true;
  const svc = fakeService({ 'GET /api/disputes': () => ({ statusCode: 200, data: { items: [] } }), 'GET /api/me/notifications': () => ({ statusCode: 200, data: { items: [], unread: 0 } }) });
  globalThis.wx = createFakeWx({ onRequest: (o) => (down ? { fail: 'offline' } : svc.onRequest(o)) });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const page = render('pages/cases/index');
  const shown = page.instance.onShow();
  await settle();
  assert.ok(page.querySelector('.loading'));
  await shown;
  await settle(20);
  assert.equal(text(page.querySelector('.load-error .problem')), '网络不稳定，请检查网络后重试');
  down = false;
  page.querySelector('.retry').dispatchEvent('tap');
  await settle(20);
  assert.equal(page.querySelector('.load-error'), undefined);
  assert.match(text(page.querySelector('.empty')), /您还没有案件/);
});
