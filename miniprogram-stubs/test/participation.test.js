// A respondent's first visit to the case page: what the case and mediation are, 同意参加调解 or 拒绝调解 with a reason.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');
const { fakeService } = require('../testing/fake-service.js');
const config = require('../config.js');

config.retryDelayMs = 1;

const REASONS = [{ code: 'not-willing', name: '不愿意通过调解解决' }, { code: 'prefer-court', name: '准备通过诉讼、仲裁等其他途径解决' }, { code: 'other', name: '其他原因' }];
const DISPUTE = {
  id: 'd1', caseNumber: 'WD-1', status: 'Accepted', statusName: '已受理', myRole: 'Respondent', typeName: '邻里纠纷', bodyName: '西村人民调解委员会',
  facts: '……', claims: '请求清除杂物。', preferredMode: 'Phone', submittedAt: '2026-11-20T01:00:00Z',
  applicant: { id: 'pa', kind: 'Person', name: '张三' }, respondents: [{ id: 'pr', kind: 'Person', name: '李四' }], thirdParties: [],
};

function service(role = 'Respondent') {
  let answer = null;
  return fakeService({
    'GET /api/disputes/d1': () => ({ statusCode: 200, data: { ...DISPUTE, myRole: role } }),
    'GET /api/disputes/d1/timeline': () => ({ statusCode: 200, data: { items: [] } }),
    'GET /api/disputes/d1/sessions': () => ({ statusCode: 200, data: { items: [] } }),
    'GET /api/disputes/d1/participation': () => ({ statusCode: 200, data: { canAnswer: role === 'Respondent', answer, reasons: REASONS } }),
    'POST /api/disputes/d1/participation': (o) => {
      const r = REASONS.find((x) => x.code === o.data.reasonCode);
      answer = { partyId: 'pr', partyName: '李四', agrees: o.data.agrees, reasonCode: o.data.reasonCode || null, reasonName: r ? r.name : null, note: o.data.note || null, at: '2026-12-01T00:00:00Z' };
      return { statusCode: 200, data: answer };
    },
  });
}

async function open(svc) {
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const page = render('pages/case/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle();
  return page;
}

test('respondent: the first screen says what the case and mediation are, and agreeing is one tap', async () => {
  const svc = service();
  const page = await open(svc);
  assert.equal(text(page.querySelector('.invitation .notice-title')), '张三 申请与您调解');
  assert.match(text(page.querySelector('.mediation-is')), /完全自愿，不收任何费用（《人民调解法》第三条、第四条）/);
  assert.match(text(page.querySelector('.mediation-is')), /第十七条/);
  page.querySelector('.agree-mediation').dispatchEvent('tap');
  await settle(10);
  assert.deepEqual(svc.posts('/api/disputes/d1/participation')[0].data, { agrees: true });
  assert.equal(page.querySelector('.invitation'), undefined);
  assert.match(text(page.querySelector('.participation-answer')), /您已同意参加调解/);
});

test('respondent: refusing needs a reason; the coded reason is sent and the page says the committee knows', async () => {
  const svc = service();
  const page = await open(svc);
  page.querySelector('.start-refusal').dispatchEvent('tap');
  await settle();
  assert.deepEqual(page.querySelectorAll('.refusal-reason').map(text), ['○ 不愿意通过调解解决', '○ 准备通过诉讼、仲裁等其他途径解决', '○ 其他原因']);
  await page.instance.refuseMediation();
  await settle();
  assert.equal(svc.posts('/api/disputes/d1/participation').length, 0);
  assert.equal(text(page.querySelector('.err-reasonCode')), '请选择拒绝调解的原因');
  page.querySelectorAll('.refusal-reason')[2].dispatchEvent('tap');
  await settle();
  await page.instance.refuseMediation();
  await settle();
  assert.equal(text(page.querySelector('.err-note')), '请简要说明原因');
  page.querySelectorAll('.refusal-reason')[1].dispatchEvent('tap');
  await settle();
  page.querySelector('.refuse-mediation').dispatchEvent('tap');
  await settle(10);
  assert.deepEqual(svc.posts('/api/disputes/d1/participation')[0].data, { agrees: false, reasonCode: 'prefer-court', note: null });
  assert.match(text(page.querySelector('.participation-answer')), /您已拒绝调解（准备通过诉讼、仲裁等其他途径解决）/);
});

test('applicant: no invitation is shown and nothing is asked', async () => {
  const svc = service('Applicant');
  const page = await open(svc);
  assert.equal(page.querySelector('.invitation'), undefined);
  assert.equal(svc.calls.filter((c) => c.path === '/api/disputes/d1/participation').length, 0);
});

test('respondent: if the invitation cannot be read the rest of the case page still shows', async () => {
  const svc = service();
  const inner = svc.onRequest;
  globalThis.wx = createFakeWx({ onRequest: (o) => (o.url.endsWith('/participation') ? { statusCode: 500, data: { title: '服务暂时不可用', status: 500 } } : inner(o)) });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const page = render('pages/case/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle(20);
  assert.equal(page.querySelector('.load-error'), undefined);
  assert.equal(page.querySelector('.invitation'), undefined);
  assert.equal(text(page.querySelector('.status-next')), '接下来：申请已受理，调解委员会正在指派调解员。');
});
