// Pages rendered by miniprogram-simulate against a fake server: the apply form step by step, the me page.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');
const config = require('../config.js');
const logic = require('../pages/apply/logic.js');

config.retryDelayMs = 1;

const TYPES = [{ code: 'marriage-family', name: '婚姻家庭纠纷', listVersion: 'MOJ-2019' }, { code: 'neighbourhood', name: '邻里纠纷', listVersion: 'MOJ-2019' }];
const BODIES = [{ id: 'b-1', code: 'WD-ZJC-XC', name: '张家产镇西村人民调解委员会', level: 'Village', kind: 'PeoplesMediationCommittee', parentId: null, region: '山东省威海市文登区张家产镇西村' }];
const texts = { 'rights-notice': { kind: 'rights-notice', version: '2026-01', text: '人民调解权利义务告知书\n……', sha256: 'r'.repeat(64) }, 'credit-commitment': { kind: 'credit-commitment', version: '2026-01', text: '人民调解信用承诺书\n……', sha256: 'c'.repeat(64) } };

function fakeServer(onCreate) {
  return (o) => {
    const path = o.url.slice(config.baseUrl.length);
    if (path === '/api/auth/wechat') return { statusCode: 200, data: { token: 'T', expiresAt: '2999-01-01T00:00:00Z' } };
    if (path === '/api/dispute-types') return { statusCode: 200, data: TYPES };
    if (path === '/api/bodies') return { statusCode: 200, data: BODIES };
    if (path.startsWith('/api/legal-texts/')) return { statusCode: 200, data: texts[path.split('/').pop()] };
    if (path === '/api/disputes' && o.method === 'POST') return onCreate(o);
    if (path === '/api/me/phone') return { statusCode: 200, data: { phone: '138****8000', claimedCases: 1 } };
    if (path === '/api/me') return { statusCode: 200, data: { id: 'u', kind: 'Citizen', phone: null, phoneVerifiedAt: null } };
    return { statusCode: 404, data: { title: '未找到请求的内容' } };
  };
}

const input = async (comp, selector, value) => {
  comp.querySelector(selector).dispatchEvent('input', { detail: { value } });
  await settle();
};
const tap = async (comp, selector) => {
  comp.querySelector(selector).dispatchEvent('tap');
  await settle(5);
};

test('apply page: step checks, legal texts read before signing, server field errors next to fields, one key per content', async () => {
  let networkDown = true;
  const creates = [];
  globalThis.wx = createFakeWx({
    onRequest: fakeServer((o) => {
      creates.push(o);
      if (networkDown) return { fail: 'timeout' };
      if (o.data.respondents[0].phone === '13900139000') return { statusCode: 201, data: { id: 'd-1', applicationNumber: 'SQ20261204-7K3M9QTA', caseNumber: null, status: 'Submitted' } };
      return { statusCode: 400, data: { title: '提交的内容有误，请检查标出的字段', status: 400, errors: { 'respondents[0].phone': ['该号码为申请人本人号码'] } } };
    }),
  });
  const page = render('pages/apply/index');
  await page.instance.onLoad({});
  await settle();
  assert.equal(page.data.types.length, 2);
  assert.equal(page.data.texts.creditCommitment.version, '2026-01');

  // step 1: nothing filled → errors shown under the applicant's fields
  await tap(page, '.next');
  assert.equal(page.data.step, 0);
  assert.equal(text(page.querySelector('.step-0 >>> .err-name')), '请填写申请人姓名');
  await input(page, '.step-0 >>> .name', '张三');
  await input(page, '.step-0 >>> .id-number', '371081198005011234');
  await input(page, '.step-0 >>> .phone', '13800138000');
  assert.equal(page.querySelector('.step-0 >>> .err-name'), undefined, 'fixing a field clears its message');
  await tap(page, '.next');
  assert.equal(text(page.querySelector('.step-0 >>> .err-idNumber')), '身份证号码不正确，请核对');
  await input(page, '.step-0 >>> .id-number', '371081198005011235');
  await tap(page, '.next');
  assert.equal(page.data.step, 1);

  // step 2: one respondent, a person reachable by phone
  await input(page, '.step-1 >>> .name', '李四');
  await input(page, '.step-1 >>> .phone', '13800138000');
  await tap(page, '.next');
  assert.equal(page.data.step, 2);

  // step 3: type, facts, claims, body, mode
  page.querySelector('.type-picker').dispatchEvent('change', { detail: { value: 1 } });
  page.querySelector('.body-picker').dispatchEvent('change', { detail: { value: 0 } });
  await input(page, '.facts', '邻居在两家之间的通道上堆放杂物，多次协商未果。');
  await input(page, '.claims', '请求清除杂物，恢复通行。');
  await input(page, '.amount', '5000');
  page.querySelectorAll('.mode')[2].dispatchEvent('tap');
  await settle();
  assert.equal(page.data.form.preferredMode, 'OnSite');
  await tap(page, '.next');
  assert.equal(page.data.step, 3);

  // step 4: both texts in full; agreeing only after reading to the end
  assert.match(text(page.querySelector('.step-3 >>> .legal-text')), /权利义务告知书/);
  const agree = page.querySelectorAll('.step-3 >>> .agree');
  const bodies = page.querySelectorAll('.step-3 >>> .legal-body');
  assert.equal(agree.length, 2);
  await tap(page, '.submit');
  assert.equal(creates.length, 0, 'nothing is sent before both texts are accepted');
  for (const node of agree) {
    node.dispatchEvent('tap');
    await settle();
  }
  assert.equal(page.data.form.rightsNoticeAcknowledged, false);
  for (let i = 0; i < 2; i++) {
    bodies[i].dispatchEvent('scrolltolower');
    await settle();
    agree[i].dispatchEvent('tap');
    await settle();
  }
  assert.equal(page.data.form.rightsNoticeAcknowledged, true);
  assert.equal(page.data.form.creditCommitmentSigned, true);

  // the network is down: retried, then a toast; tapping again sends the same Idempotency-Key
  await page.instance.submit();
  assert.equal(creates.length, 1 + config.networkRetries);
  assert.equal(wx.calls.showToast.at(-1).title, '网络不稳定，请检查网络后重试');
  networkDown = false;
  await page.instance.submit();
  const keys = new Set(creates.map((c) => c.header['Idempotency-Key']));
  assert.equal(keys.size, 1);
  const body = creates.at(-1).data;
  assert.equal(body.applicant.gender, 'Male');
  assert.equal(body.applicant.birthDate, '1980-05-01');
  assert.equal(body.amountFen, 500000);
  assert.equal(body.typeCode, 'neighbourhood');
  assert.deepEqual(body.rightsNotice, { version: '2026-01', sha256: 'r'.repeat(64), acknowledged: true });

  // the server refuses a respondent field: the page goes back to that step and shows it there
  await settle();
  assert.equal(page.data.step, 1);
  assert.equal(text(page.querySelector('.step-1 >>> .err-phone')), '该号码为申请人本人号码');
  await input(page, '.step-1 >>> .phone', '13900139000');
  await tap(page, '.next');
  await tap(page, '.next');
  await page.instance.submit();
  assert.notEqual(creates.at(-1).header['Idempotency-Key'], [...keys][0], 'changed content is a new action');
  assert.equal(wx.calls.redirectTo.at(-1).url, '/pages/evidence/index?id=d-1&number=SQ20261204-7K3M9QTA&fresh=1');
});

test('me page: the getPhoneNumber button binds the phone; refusing sends nothing', async () => {
  globalThis.wx = createFakeWx({ onRequest: fakeServer() });
  const page = render('pages/me/index');
  await page.instance.onShow();
  await settle();
  assert.equal(text(page.querySelector('.phone')), '未绑定');
  assert.equal(page.querySelector('.subscribe'), undefined, 'no template ids configured: no consent button');

  page.querySelector('.bind-phone').dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
  await settle(5);
  assert.equal(wx.calls.request.filter((r) => r.url.endsWith('/api/me/phone')).length, 0);

  page.querySelector('.bind-phone').dispatchEvent('getphonenumber', { detail: { code: 'phone-code-1', errMsg: 'getPhoneNumber:ok' } });
  await settle(10);
  const bind = wx.calls.request.find((r) => r.url.endsWith('/api/me/phone'));
  assert.deepEqual(bind.data, { code: 'phone-code-1' });
  assert.match(wx.calls.showModal.at(-1).content, /138\*\*\*\*8000，已关联 1 件/);
});

// The directory and recommendations as GET /api/mediators(/recommendations) answer them.
const MEDIATORS = [
  { id: 'm-1', displayName: '王调解', bodyId: 'b-1', bodyName: '张家产镇西村人民调解委员会', specialties: ['neighbourhood'], level: 'Chief', fullTime: true, years: 12, languages: ['胶东话'], introduction: '从事农村邻里纠纷调解十余年。', rating: { average: 4.6, count: 5 } },
  { id: 'm-2', displayName: '赵调解', bodyId: 'b-1', bodyName: '张家产镇西村人民调解委员会', specialties: [], level: 'Third', fullTime: false, years: 0, languages: [], introduction: null, rating: { average: null, count: 0 } },
  { id: 'm-3', displayName: '孙调解', bodyId: 'b-1', bodyName: '张家产镇西村人民调解委员会', specialties: ['marriage-family'], level: null, fullTime: null, years: null, languages: [], introduction: null, rating: { average: null, count: 0 } },
];

test('apply page: recommended mediators once body and type are chosen, the full directory, the choice sent as preferredMediatorId', async () => {
  let recommendationsDown = true;
  const creates = [];
  const base = fakeServer((o) => {
    creates.push(o);
    if (creates.length === 1) return { statusCode: 400, data: { title: '提交的内容有误，请检查标出的字段', status: 400, errors: { preferredMediatorId: ['所选调解员不存在'] } } };
    return { statusCode: 201, data: { id: 'd-2', applicationNumber: 'SQ20261204-AAAABBBB', caseNumber: null, status: 'Submitted' } };
  });
  globalThis.wx = createFakeWx({
    onRequest: (o) => {
      const path = o.url.slice(config.baseUrl.length);
      if (path.startsWith('/api/mediators/recommendations')) {
        if (recommendationsDown) return { statusCode: 500, data: { title: '服务暂时不可用', status: 500, detail: '调解员名录暂时无法读取，请稍后再试。' } };
        return { statusCode: 200, data: MEDIATORS.slice(0, 2) };
      }
      if (path.startsWith('/api/mediators')) return { statusCode: 200, data: MEDIATORS };
      return base(o);
    },
  });
  const page = render('pages/apply/index');
  await page.instance.onLoad({});
  await settle();
  page.instance.setData({ step: 2 });
  await settle();
  assert.match(text(page.querySelector('.choose-first')), /选择纠纷类型和调解组织后/);
  const mediatorCalls = () => wx.calls.request.filter((r) => r.url.includes('/api/mediators'));

  // the type alone asks nothing; with the body the recommendations are asked for; the service fails: its detail and 重试
  await page.instance.onTypePick({ detail: { value: 1 } });
  assert.equal(mediatorCalls().length, 0);
  await page.instance.onBodyPick({ detail: { value: 0 } });
  await settle();
  assert.equal(mediatorCalls()[0].url, `${config.baseUrl}/api/mediators/recommendations?bodyId=b-1&typeCode=neighbourhood`);
  assert.equal(wx.calls.showModal.at(-1).content, '调解员名录暂时无法读取，请稍后再试。');
  assert.equal(text(page.querySelector('.mediators-error .error')), '调解员名录暂时无法读取，请稍后再试。');
  recommendationsDown = false;
  await tap(page, '.retry-mediators');
  assert.equal(page.querySelector('.mediators-error'), undefined);

  // two recommendations with what a citizen chooses by; nobody chosen yet: the committee assigns
  const cards = page.querySelectorAll('.mediator.recommended');
  const texts = (selector) => page.querySelectorAll(selector).map(text);
  assert.equal(cards.length, 2);
  assert.deepEqual(texts('.recommended .mediator-name'), ['○ 王调解', '○ 赵调解']);
  assert.deepEqual(texts('.recommended .mediator-tags'), ['首席调解员 专职 从事调解 12 年', '三级调解员 兼职 从事调解不满 1 年']);
  assert.deepEqual(texts('.recommended .mediator-meta'), ['擅长：邻里纠纷', '评价 ★★★★★ 4.6 分（5 次）', '语言：胶东话', '擅长：各类纠纷', '暂无评价']);
  assert.deepEqual(texts('.recommended .mediator-intro'), ['从事农村邻里纠纷调解十余年。']);
  assert.equal(text(page.querySelector('.none-choice .mediator-name')), '✓ 由调解委员会指派');
  assert.equal(logic.buildRequest(page.data.form, page.data.texts).preferredMediatorId, null);

  cards[1].dispatchEvent('tap');
  await settle();
  assert.equal(page.data.form.preferredMediatorId, 'm-2');
  assert.equal(text(page.querySelector('.chosen-summary')), '您选择了：赵调解');
  assert.equal(text(page.querySelector('.none-choice .mediator-name')), '○ 由调解委员会指派');

  // the full directory of the body (every type), and a choice from it
  await tap(page, '.open-directory');
  assert.equal(mediatorCalls().at(-1).url, `${config.baseUrl}/api/mediators?bodyId=b-1`);
  const listed = page.querySelectorAll('.mediator.listed');
  assert.equal(listed.length, 3);
  assert.deepEqual(texts('.listed .mediator-name'), ['○ 王调解', '✓ 赵调解', '○ 孙调解'], 'the recommended choice is chosen in the directory too');
  assert.equal(texts('.listed .mediator-meta')[4], '擅长：婚姻家庭纠纷');
  listed[2].dispatchEvent('tap');
  await settle();
  assert.equal(page.data.form.preferredMediatorId, 'm-3');
  // closing the directory drops a choice no longer shown; tapping the first option goes back to the committee's choice
  await tap(page, '.close-directory');
  assert.equal(page.data.form.preferredMediatorId, '');
  assert.equal(page.querySelector('.chosen-summary'), undefined);
  page.querySelectorAll('.mediator.recommended')[0].dispatchEvent('tap');
  await settle();
  page.querySelector('.none-choice').dispatchEvent('tap');
  await settle();
  assert.equal(page.data.form.preferredMediatorId, '');
  page.querySelectorAll('.mediator.recommended')[0].dispatchEvent('tap');
  await settle();

  // the rest of the form filled: the service refuses the mediator, the page shows it under the choice on step 3
  const form = page.data.form;
  page.instance.setData({
    form: {
      ...form,
      applicant: { ...form.applicant, name: '张三', idNumber: '371081198005011235', phone: '13800138000' },
      respondents: [{ ...form.respondents[0], name: '李四', phone: '13900139000' }],
      facts: '邻居在两家之间的通道上堆放杂物，多次协商未果。', claims: '请求清除杂物。',
      rightsNoticeAcknowledged: true, creditCommitmentSigned: true,
    },
    step: 3,
  });
  await page.instance.submit();
  await settle();
  assert.equal(creates[0].data.preferredMediatorId, 'm-1');
  assert.equal(page.data.step, 2);
  assert.equal(text(page.querySelector('.err-preferredMediatorId')), '所选调解员不存在');
  page.querySelector('.none-choice').dispatchEvent('tap');
  await settle();
  assert.equal(page.querySelector('.err-preferredMediatorId'), undefined, 'choosing again clears the message');
  page.instance.setData({ step: 3 });
  await page.instance.submit();
  assert.equal(creates[1].data.preferredMediatorId, null, '由调解委员会指派 sends none');
  assert.equal(wx.calls.redirectTo.at(-1).url, '/pages/evidence/index?id=d-2&number=SQ20261204-AAAABBBB&fresh=1');
});

test('apply logic: a new body closes the directory and keeps a choice only while it is still recommended', () => {
  assert.equal(logic.keptChoice('m-1', [{ id: 'm-1' }]), 'm-1');
  assert.equal(logic.keptChoice('m-1', [{ id: 'm-2' }], null), '');
  assert.equal(logic.keptChoice('', [{ id: 'm-1' }]), '');
  const view = logic.mediatorView(MEDIATORS[0], { neighbourhood: '邻里纠纷' });
  assert.equal(view.languagesText, '语言：胶东话');
  assert.doesNotMatch(JSON.stringify(view), /phone|idNumber|username/i);
});
