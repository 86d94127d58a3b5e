// utils/api.js against a fake wx: token, Idempotency-Key, retries, problem+json, 401 → re-login.
const { test, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { createFakeWx } = require('../testing/fake-wx.js');
const config = require('../config.js');
const api = require('../utils/api.js');
const { PendingAction } = require('../utils/idempotency.js');

config.retryDelayMs = 1;

const problem = (status, extra) => ({ statusCode: status, data: { type: 'about:blank', status, ...extra } });

function install(handler) {
  globalThis.wx = createFakeWx({ onRequest: handler });
  return globalThis.wx;
}

beforeEach(() => install(() => ({ statusCode: 404, data: {} })));

test('logs in with the wx.login code, then sends the bearer token', async () => {
  const wx = install((o) => {
    if (o.url.endsWith('/api/auth/wechat')) return { statusCode: 200, data: { token: 'T1', expiresAt: '2999-01-01T00:00:00Z', user: { id: 'u', kind: 'Citizen' } } };
    return { statusCode: 200, data: { items: [] } };
  });
  const list = await api.get('/api/disputes');
  assert.deepEqual(list, { items: [] });
  assert.deepEqual(wx.calls.request[0].data, { code: 'dev:tester' });
  assert.equal(wx.calls.request[1].header.Authorization, 'Bearer T1');
  assert.equal(wx.calls.request[1].url, config.baseUrl + '/api/disputes');
});

test('a network failure is retried with the same Idempotency-Key; a new action gets a new key', async () => {
  let failures = 2;
  const wx = install((o) => {
    if (o.url.endsWith('/api/auth/wechat')) return { statusCode: 200, data: { token: 'T', expiresAt: '2999-01-01T00:00:00Z' } };
    if (failures-- > 0) return { fail: 'timeout' };
    return { statusCode: 201, data: { id: 'd1' } };
  });
  const created = await api.create('/api/disputes', { a: 1 });
  assert.equal(created.id, 'd1');
  const posts = wx.calls.request.filter((r) => r.url.endsWith('/api/disputes'));
  assert.equal(posts.length, 3);
  const keys = new Set(posts.map((p) => p.header['Idempotency-Key']));
  assert.equal(keys.size, 1);
  assert.match([...keys][0], /^[0-9a-f-]{36}$/);

  await api.create('/api/disputes', { a: 1 });
  assert.notEqual(wx.calls.request.at(-1).header['Idempotency-Key'], [...keys][0]);
});

test('the citizen tapping again after a lost answer reuses the key of the same content, not of changed content', () => {
  const pending = new PendingAction();
  const k1 = pending.keyFor({ facts: 'x' });
  assert.equal(pending.keyFor({ facts: 'x' }), k1);
  assert.notEqual(pending.keyFor({ facts: 'y' }), k1);
  const k3 = pending.keyFor({ facts: 'y' });
  pending.done();
  assert.notEqual(pending.keyFor({ facts: 'y' }), k3);
});

test('when the network stays down, the error says so in Chinese and a toast shows it', async () => {
  install((o) => (o.url.endsWith('/api/auth/wechat') ? { statusCode: 200, data: { token: 'T' } } : { fail: 'timeout' }));
  const err = await api.get('/api/disputes').catch((e) => e);
  assert.equal(err.network, true);
  assert.equal(err.message, '网络不稳定，请检查网络后重试');
  api.showError(err);
  assert.equal(wx.calls.showToast[0].title, '网络不稳定，请检查网络后重试');
});

test('problem+json becomes the Chinese title and detail in a modal; validation errors become field errors', async () => {
  install((o) => {
    if (o.url.endsWith('/api/auth/wechat')) return { statusCode: 200, data: { token: 'T' } };
    if (o.url.endsWith('/withdraw')) return problem(409, { title: '当前状态不能撤回', detail: '案件当前状态为「已达成协议」，达成调解协议或案件终结后不能撤回申请。' });
    return problem(400, { title: '提交的内容有误，请检查标出的字段', errors: { 'applicant.idNumber': ['身份证号码校验位不正确'], 'respondents[0].phone': ['请至少填写被申请人的联系电话或住址之一，以便调解组织联系'] } });
  });
  const conflict = await api.post('/api/disputes/x/withdraw', { reason: 'r' }).catch((e) => e);
  assert.equal(conflict.status, 409);
  api.showError(conflict);
  assert.equal(wx.calls.showModal[0].title, '当前状态不能撤回');
  assert.match(wx.calls.showModal[0].content, /不能撤回申请/);

  const invalid = await api.create('/api/disputes', {}).catch((e) => e);
  assert.equal(invalid.isValidation, true);
  assert.deepEqual(invalid.fieldErrors, { 'applicant.idNumber': '身份证号码校验位不正确', 'respondents[0].phone': '请至少填写被申请人的联系电话或住址之一，以便调解组织联系' });
  api.showError(invalid);
  assert.equal(wx.calls.showToast[0].title, '请检查标红的内容');
});

test('a 401 logs in again once and repeats the request with the new token and the same key', async () => {
  let logins = 0;
  const wx = install((o) => {
    if (o.url.endsWith('/api/auth/wechat')) return { statusCode: 200, data: { token: 'T' + ++logins } };
    if (o.header.Authorization === 'Bearer T1') return problem(401, { title: '未登录或登录已过期，请重新登录' });
    return { statusCode: 201, data: { id: 'd2' } };
  });
  const created = await api.create('/api/disputes', { a: 2 });
  assert.equal(created.id, 'd2');
  assert.equal(logins, 2);
  const posts = wx.calls.request.filter((r) => r.url.endsWith('/api/disputes'));
  assert.deepEqual(posts.map((p) => p.header.Authorization), ['Bearer T1', 'Bearer T2']);
  assert.equal(posts[0].header['Idempotency-Key'], posts[1].header['Idempotency-Key']);
});

test('when logging in again fails, the login page is opened', async () => {
  const wx = install((o) => (o.url.endsWith('/api/auth/wechat') ? problem(400, { title: '微信登录失败' }) : problem(401, {})));
  const err = await api.get('/api/me').catch((e) => e);
  assert.equal(err.status, 400);
  assert.equal(wx.calls.reLaunch[0].url, '/pages/login/index');
});

test('uploads parse the string body wx.uploadFile returns and carry token and key', async () => {
  const wx = install((o) => {
    if (o.url.endsWith('/api/auth/wechat')) return { statusCode: 200, data: { token: 'T' } };
    return { statusCode: 201, data: { id: 'e1', sha256: 'ab' } };
  });
  const evidence = await api.upload({ path: '/api/disputes/d/evidence', filePath: 'wxfile://tmp_1.jpg', formData: { description: '现场', kind: 'Photo' } });
  assert.deepEqual(evidence, { id: 'e1', sha256: 'ab' });
  const call = wx.calls.uploadFile[0];
  assert.equal(call.name, 'file');
  assert.equal(call.header.Authorization, 'Bearer T');
  assert.ok(call.header['Idempotency-Key']);
  assert.deepEqual(call.formData, { description: '现场', kind: 'Photo' });
});

test('devLoginName (DevTools against a local Development service) logs in as dev:<name> without wx.login', async () => {
  const wx = install((o) => (o.url.endsWith('/api/auth/wechat') ? { statusCode: 200, data: { token: 'T' } } : { statusCode: 200, data: {} }));
  wx.login = () => assert.fail('wx.login must not be called');
  config.devLoginName = 'alice';
  try {
    await api.get('/api/me');
    assert.deepEqual(wx.calls.request[0].data, { code: 'dev:alice' });
  } finally {
    config.devLoginName = '';
  }
});
