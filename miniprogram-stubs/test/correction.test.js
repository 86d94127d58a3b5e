// The correction (补正) page against a fake service: the request and deadline shown first, masked values kept as shown,
// only what was changed typed anew, field errors on their fields, a lost answer found on the service.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');
const { fakeService } = require('../testing/fake-service.js');
const config = require('../config.js');
const logic = require('../pages/correct/logic.js');

config.retryDelayMs = 1;

const DISPUTE = {
  id: 'd1', caseNumber: 'WD-ZJC-XC-2026-0009', status: 'NeedsCorrection', statusName: '待补正', myRole: 'Applicant',
  typeCode: 'neighbourhood', facts: '邻居在两家之间的通道上堆放杂物。', claims: '请求清除杂物。', amountFen: 500000,
  place: null, preferredMode: 'Phone', preferredMediatorId: 'm-1',
  applicant: { id: 'pa', kind: 'Person', name: '张三', idNumber: '3710**********1235', phone: '138****8000', address: '山东省威海市****' },
  respondents: [{ id: 'pr', kind: 'Person', name: '李四', idNumber: null, phone: '139****9000', address: '张家产镇西村****' }],
  thirdParties: [],
  acceptances: [
    { kind: 'rights-notice', version: '2026-01', sha256: 'r'.repeat(64), acceptedAt: '2026-11-20T01:00:00Z' },
    { kind: 'credit-commitment', version: '2026-01', sha256: 'c'.repeat(64), acceptedAt: '2026-11-20T01:00:00Z' },
  ],
};
const CORRECTION = { id: 'c1', items: ['请写明纠纷发生的时间', '请核对被申请人电话'], deadline: '2999-12-06T09:00:00Z', deadlineLocal: '2999-12-06 17:00', requestedAt: '2026-12-01T01:00:00Z' };
const TYPES = [{ code: 'neighbourhood', name: '邻里纠纷' }, { code: 'contract', name: '合同纠纷' }];

function service(overrides = {}) {
  let dispute = { ...DISPUTE };
  return fakeService({
    'GET /api/disputes/d1': () => ({ statusCode: 200, data: dispute }),
    'GET /api/disputes/d1/correction': () => (dispute.status === 'NeedsCorrection' ? { statusCode: 200, data: CORRECTION } : { statusCode: 404, data: { status: 404 } }),
    'GET /api/dispute-types': () => ({ statusCode: 200, data: TYPES }),
    'GET /api/legal-texts/rights-notice': () => ({ statusCode: 200, data: { version: '2026-01', sha256: 'r'.repeat(64), text: '权利义务告知书……' } }),
    'GET /api/legal-texts/credit-commitment': () => ({ statusCode: 200, data: { version: '2026-01', sha256: 'c'.repeat(64), text: '信用承诺书……' } }),
    'PUT /api/disputes/d1': (o) => {
      dispute = { ...dispute, status: 'Submitted', statusName: '待受理' };
      return { statusCode: 200, data: dispute };
    },
    ...overrides,
  });
}

async function openPage(svc) {
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  const page = render('pages/correct/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle();
  return page;
}

test('correction page: what to correct and the deadline come first; masked values are shown as kept', async () => {
  const page = await openPage(service());
  assert.equal(page.querySelector('.loading'), undefined);
  assert.deepEqual(page.querySelectorAll('.correction-item').map(text), ['1. 请写明纠纷发生的时间', '2. 请核对被申请人电话']);
  assert.equal(text(page.querySelector('.deadline-local')), '2999-12-06 17:00');
  assert.equal(text(page.querySelector('.applicant >>> .kept-idNumber .kept-value')), '3710**********1235');
  assert.equal(page.querySelector('.applicant >>> .id-number'), undefined, 'no input for a kept value');
  assert.equal(text(page.querySelector('.respondents >>> .kept-phone .kept-value')), '139****9000');
});

test('correction page: resubmits with PUT, the untouched masked values as shown and the changed phone in full', async () => {
  const svc = service();
  const page = await openPage(svc);
  page.querySelector('.respondents >>> .change-phone').dispatchEvent('tap');
  await settle();
  const phone = page.querySelector('.respondents >>> .phone');
  assert.ok(phone, '修改 opens the input');
  phone.dispatchEvent('input', { detail: { value: '13600136000' } });
  page.querySelector('.facts').dispatchEvent('input', { detail: { value: '2026年11月起，邻居在两家之间的通道上堆放杂物。' } });
  await settle();

  await page.instance.submit();
  await settle();
  const [put] = svc.calls.filter((c) => c.method === 'PUT');
  assert.equal(put.path, '/api/disputes/d1');
  assert.equal(put.data.applicant.idNumber, '3710**********1235');
  assert.equal(put.data.applicant.phone, '138****8000');
  assert.equal(put.data.respondents[0].phone, '13600136000');
  assert.match(put.data.facts, /^2026年11月起/);
  assert.equal(put.data.amountFen, 500000);
  assert.equal(put.data.preferredMediatorId, 'm-1', 'the mediator she chose when filing stays chosen');
  assert.equal('bodyId' in put.data, false, 'a correction does not move the case');
  assert.ok(page.querySelector('.done'));
  assert.equal(page.querySelector('.submit'), undefined);
});

test('correction page: a field the service refuses is shown under that field, and nothing else is lost', async () => {
  const svc = service({
    'PUT /api/disputes/d1': () => ({ statusCode: 400, data: { title: '提交的内容有误，请检查标出的字段', status: 400, errors: { 'respondents[0].phone': ['请填写完整内容（带 * 号的内容只能原样保留）'] } } }),
  });
  const page = await openPage(svc);
  await page.instance.submit();
  await settle();
  assert.equal(text(page.querySelector('.respondents >>> .err-phone')), '请填写完整内容（带 * 号的内容只能原样保留）');
  assert.equal(wx.calls.showToast.at(-1).title, '请检查标红的内容');
  assert.ok(page.querySelector('.submit'));
});

test('correction page: client checks stop a facts text that is too short before anything is sent', async () => {
  const svc = service();
  const page = await openPage(svc);
  page.querySelector('.facts').dispatchEvent('input', { detail: { value: '太短' } });
  await settle();
  await page.instance.submit();
  await settle();
  assert.equal(svc.calls.filter((c) => c.method === 'PUT').length, 0);
  assert.match(text(page.querySelector('.err-facts')), /至少10个字/);
});

test('correction page: a lost answer is looked up; the retry finding the case resubmitted counts as done', async () => {
  const svc = service();
  let puts = 0;
  globalThis.wx = createFakeWx({
    onRequest: (o) => {
      if (o.method === 'PUT' && ++puts === 1) {
        svc.onRequest(o); // the service took it …
        return { fail: 'timeout' }; // … but the answer was lost
      }
      if (o.method === 'PUT') return { statusCode: 409, data: { title: '当前状态不能修改申请', status: 409, code: 'wrong-state' } };
      return svc.onRequest(o);
    },
  });
  const page = render('pages/correct/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle();
  await page.instance.submit();
  await settle();
  assert.equal(puts, 2);
  assert.ok(page.querySelector('.done'));
  assert.equal(wx.calls.showModal.length, 0, 'no error shown for what went through');
});

test('correction page: a case that no longer needs correcting says so and leads back to the case', async () => {
  const svc = service({ 'GET /api/disputes/d1': () => ({ statusCode: 200, data: { ...DISPUTE, status: 'Accepted', statusName: '已受理' } }) });
  const page = await openPage(svc);
  assert.match(text(page.querySelector('.not-needed')), /不需要补正（当前状态：已受理）/);
  page.querySelector('.to-case').dispatchEvent('tap');
  await settle();
  assert.equal(wx.calls.redirectTo.at(-1).url, '/pages/case/index?id=d1');
});

test('correction page: a failed load explains itself in Chinese and offers a retry', async () => {
  let down = true;
  const svc = service();
  globalThis.wx = createFakeWx({ onRequest: (o) => (down ? { fail: 'offline' } : svc.onRequest(o)) });
  const page = render('pages/correct/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle(20);
  assert.equal(text(page.querySelector('.load-error .problem')), '网络不稳定，请检查网络后重试');
  down = false;
  page.querySelector('.retry').dispatchEvent('tap');
  await settle(20);
  assert.ok(page.querySelector('.correction'));
});

test('correction logic: masked values pass the client checks; typed ones are checked', () => {
  const form = logic.formFromDispute(DISPUTE);
  assert.deepEqual(logic.validate(form), {});
  form.respondents[0].phone = '1390013900';
  assert.deepEqual(Object.keys(logic.validate(form)), ['respondents[0].phone']);
});

test('correction page: a text changed since filing is shown in full and must be accepted again; its version goes with the PUT', async () => {
  const svc = service({
    'GET /api/legal-texts/rights-notice': () => ({ statusCode: 200, data: { version: '2026-12', sha256: 'n'.repeat(64), text: '人民调解权利义务告知书（2026年12月修订）……' } }),
  });
  const page = await openPage(svc);
  assert.ok(page.querySelector('.rights-notice'), 'the new notice is shown');
  assert.equal(page.querySelector('.credit-commitment'), undefined, 'the unchanged commitment is not asked again');
  await page.instance.submit();
  await settle();
  assert.equal(svc.calls.filter((c) => c.method === 'PUT').length, 0, 'nothing is sent before the new notice is accepted');
  assert.equal(page.data.errors.rightsNotice, '权利义务告知书已更新，请阅读新版本后确认');
  page.querySelector('.rights-notice >>> .legal-body').dispatchEvent('scrolltolower');
  await settle();
  page.querySelector('.rights-notice >>> .agree').dispatchEvent('tap');
  await settle();
  await page.instance.submit();
  await settle();
  const [put] = svc.calls.filter((c) => c.method === 'PUT');
  assert.deepEqual(put.data.rightsNotice, { version: '2026-12', sha256: 'n'.repeat(64), acknowledged: true });
  assert.equal('creditCommitment' in put.data, false);
});
