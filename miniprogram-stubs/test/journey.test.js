// END-TO-END: the citizen's journey through the mini-program's own page logic, against the real service
// (dotnet run, Development WeChat stand-in), with a wx whose request/uploadFile make real HTTP calls.
// Every route and field the pages use is exercised here, so a change on the service side fails this test.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

require('../testing/dom.js');
const { startService } = require('../testing/service.js');
const { createWxShim } = require('../testing/wx-shim.js');
const { render, settle } = require('../testing/render.js');
const config = require('../config.js');
const api = require('../utils/api.js');
const apply = require('../pages/apply/logic.js');
const cases = require('../pages/cases/logic.js');
const caseLogic = require('../pages/case/logic.js');
const me = require('../pages/me/logic.js');
const evidence = require('../pages/evidence/logic.js');
const { PendingAction } = require('../utils/idempotency.js');

// Steps whose endpoints are not on this branch yet. The lead deletes an entry when its issue lands;
// the step below it is already written against that contract. Nothing here is faked.
const PENDING = {
  confirmAgreement: 'waits for the agreement in the case and POST /api/agreements/{id}/sign (outcomes issue #6)',
  reportPayment: 'waits for obligations in the case and POST /api/obligations/{id}/payments (outcomes issue #6)',
};

const APPLICANT = { name: '张三', idNumber: '371081198005011235', phone: '13800138000', address: '山东省威海市文登区张家产镇西村12号', ethnicity: '汉族', occupation: '农民' };
const RESPONDENT_PHONE = '13900139000';
// A real JPEG (1×1): the service decides types by magic bytes.
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');

let service;
const state = {};
const citizen = (name) => createWxShim({ loginName: name });
const as = (shim) => (globalThis.wx = shim);

// Every field a page shows must be there: a renamed or dropped field on the service fails here.
function assertFilled(obj, fields, what) {
  for (const f of fields) assert.ok(obj[f] !== undefined && obj[f] !== null && obj[f] !== '', `${what}: "${f}" is missing (${JSON.stringify(obj)})`);
}

function filledForm(ref, overrides = {}) {
  const form = apply.emptyForm();
  Object.assign(form.applicant, APPLICANT);
  form.respondents = [
    { ...apply.emptyPerson(), name: '李四', phone: RESPONDENT_PHONE, address: '张家产镇西村14号' },
    { ...apply.emptyPerson(), kind: 'Organization', name: '某某物业服务有限公司', creditCode: '91371081MA3C12345T', legalRepresentative: '王五', phone: '13700137000', address: '文登区龙山路1号' },
  ];
  form.typeCode = ref.types.find((t) => t.code === 'neighbourhood').code;
  form.facts = '邻居李四在两家之间的通道上堆放杂物，多次协商未果。';
  form.claims = '请求清除杂物，恢复通行。';
  form.amountYuan = '5000';
  form.bodyId = ref.bodies.find((b) => b.name === '张家产镇西村人民调解委员会').id;
  form.preferredMode = 'Phone';
  form.rightsNoticeAcknowledged = true;
  form.creditCommitmentSigned = true;
  return Object.assign(form, overrides);
}

describe('citizen journey against the running service', { timeout: 600000 }, () => {
  before(async () => {
    service = await startService();
    config.baseUrl = service.baseUrl;
    config.retryDelayMs = 50;
    console.log(`service ready at ${service.baseUrl} after ${service.startMs} ms`);
  });

  after(async () => {
    if (service) await service.stop();
  });

  test('log in from the login page (wx.login → POST /api/auth/wechat)', async () => {
    const alice = as(citizen('alice'));
    state.alice = alice;
    const page = render('pages/login/index');
    page.instance.onLoad({});
    const login = await page.instance.login();
    assertFilled(login, ['token', 'expiresAt', 'user'], 'login');
    assert.equal(login.user.kind, 'citizen');
    assert.deepEqual(alice.calls.reLaunch.at(-1), { url: '/pages/cases/index' });
    assert.ok(alice.getStorageSync('auth.token').token);
  });

  test('file an application through the apply page logic (types, bodies, both legal texts, field errors, Idempotency-Key)', async () => {
    as(state.alice);
    const ref = await apply.loadReferenceData(api);
    state.ref = ref;
    assert.equal(ref.types.length, 15);
    assert.ok(ref.bodies.length > 0);
    for (const t of [ref.texts.rightsNotice, ref.texts.creditCommitment]) {
      assert.match(t.sha256, /^[0-9a-f]{64}$/);
      assert.ok(t.version);
      assert.ok(t.text.length > 100, 'the full text is served for reading');
    }
    assert.match(ref.texts.creditCommitment.text, /信用承诺书/);

    // the server's own field errors come back keyed as the form shows them, and point at the right step
    const pending = new PendingAction();
    const bad = filledForm(ref);
    bad.applicant = { ...bad.applicant, idNumber: '371081198005011234' };
    bad.respondents = [{ ...bad.respondents[0], phone: '', address: '' }];
    const refused = await apply.submitApplication(api, bad, ref.texts, pending);
    assert.equal(refused.ok, false);
    assert.ok(refused.errors['applicant.idNumber'], JSON.stringify(refused.errors));
    assert.ok(refused.errors['respondents[0].phone'], JSON.stringify(refused.errors));
    assert.equal(refused.step, 0);
    const shown = apply.splitErrors(refused.errors, 1);
    assert.ok(shown.applicant.idNumber && shown.respondents[0].phone);

    // a signature over an outdated text is refused and the form knows to reload the texts
    const outdated = await apply.submitApplication(api, filledForm(ref), { ...ref.texts, creditCommitment: { ...ref.texts.creditCommitment, sha256: '0'.repeat(64) } }, pending);
    assert.equal(outdated.ok, false);
    assert.equal(outdated.textsOutdated, true);
    assert.equal(outdated.step, 3);

    const form = filledForm(ref);
    assert.deepEqual(apply.validateAll(form), {}, 'the client-side checks accept what the service accepts');
    const filed = await apply.submitApplication(api, form, ref.texts, pending);
    assert.equal(filed.ok, true);
    assertFilled(filed.dispute, ['id', 'caseNumber', 'status', 'statusName'], 'created dispute');
    assert.equal(filed.dispute.status, 'Submitted');
    state.dispute = filed.dispute;

    // the answer got lost and the same action is sent again with its key: the same case, not a second one
    const body = apply.buildRequest(form, ref.texts);
    const again = new PendingAction();
    const key = again.keyFor(body);
    const first = await api.create('/api/disputes', body, { idempotencyKey: key });
    const replay = await api.create('/api/disputes', body, { idempotencyKey: again.keyFor(body) });
    assert.equal(replay.id, first.id);
    state.second = first;
  });

  test('see the application in my cases (list page rendered, GET /api/disputes)', async () => {
    as(state.alice);
    const list = await cases.loadCases(api);
    const card = list.find((c) => c.id === state.dispute.id);
    assert.ok(card, 'the new case is listed');
    assertFilled(card, ['id', 'caseNumber', 'status', 'statusName', 'typeName', 'bodyName', 'roleName', 'submittedAt'], 'case card');
    assert.equal(card.caseNumber, state.dispute.caseNumber);
    assert.equal(card.roleName, '申请人');
    assert.equal(list.filter((c) => c.caseNumber === state.dispute.caseNumber).length, 1);

    const page = render('pages/cases/index');
    await page.instance.onShow();
    await settle();
    const numbers = page.querySelectorAll('.list >>> .case-number').map((n) => n.dom.textContent);
    assert.ok(numbers.includes(state.dispute.caseNumber), numbers.join(','));
  });

  test('open the case: detail with masked personal data, and its timeline', async () => {
    as(state.alice);
    const { detail, timeline } = await caseLogic.loadCase(api, state.dispute.id);
    assertFilled(detail, ['caseNumber', 'status', 'statusName', 'typeName', 'bodyName', 'facts', 'claims', 'amount', 'modeName', 'submittedAt', 'roleName'], 'case detail');
    assert.equal(detail.amount, '5000 元');
    assert.equal(detail.modeName, '电话调解');
    assert.equal(detail.canWithdraw, true);
    assert.match(detail.applicant.idNumber, /\*/, 'the ID number is masked');
    assert.doesNotMatch(JSON.stringify(detail), new RegExp(APPLICANT.idNumber));
    assert.equal(detail.respondents.length, 2);
    assert.equal(detail.respondents[1].kindName, '单位');
    const titles = timeline.map((t) => t.title);
    assert.ok(titles.includes('确认权利义务告知书') && titles.includes('签署信用承诺书'), titles.join(','));
    for (const t of timeline) assertFilled(t, ['at', 'kind', 'title'], 'timeline item');
  });

  test('withdraw another application (POST /api/disputes/{id}/withdraw) from the case page', async () => {
    const alice = as(state.alice);
    const page = render('pages/case/index');
    await page.instance.onLoad({ id: state.second.id });
    alice.modalContent = '双方已自行协商解决';
    const detail = await page.instance.withdraw();
    assert.ok(detail, JSON.stringify(alice.calls.showModal.at(-1)));
    assert.equal(detail.status, 'Withdrawn');
    assert.equal(page.data.detail.canWithdraw, false);
    const again = await caseLogic.withdraw(api, state.second.id, '再次撤回').catch((e) => e);
    assert.equal(again.status, 409);
    assert.ok(/[\u4e00-\u9fa5]/.test(again.message), 'a Chinese message for the conflict: ' + again.message);
  });

  test('bind a phone (getPhoneNumber code → POST /api/me/phone); a respondent binding theirs sees the case', async () => {
    as(state.alice);
    const bound = await me.bindPhone(api, { code: `dev:${APPLICANT.phone}`, errMsg: 'getPhoneNumber:ok' });
    assert.equal(bound.phone, '138****8000');
    const account = await me.loadMe(api);
    assert.equal(account.phone, '138****8000');
    assert.ok(account.phoneVerifiedAt);

    const bob = as(citizen('bob'));
    assert.deepEqual(await cases.loadCases(api), []);
    const page = render('pages/me/index');
    await page.instance.onShow();
    const result = await page.instance.onGetPhoneNumber({ detail: { code: `dev:${RESPONDENT_PHONE}`, errMsg: 'getPhoneNumber:ok' } });
    assert.equal(result.claimedCases, 2);
    assert.match(bob.calls.showModal.at(-1).content, /已关联 2 件/);
    const bobsCases = await cases.loadCases(api);
    const card = bobsCases.find((c) => c.id === state.dispute.id);
    assert.equal(card && card.roleName, '被申请人');
    const { detail } = await caseLogic.loadCase(api, state.dispute.id);
    assert.equal(detail.canWithdraw, false, 'only the applicant withdraws');

    const refused = await me.bindPhone(api, { code: 'not-a-code' }).catch((e) => e);
    assert.equal(refused.status, 400);
    assert.equal(refused.title, '手机号授权凭证无效或已使用');
  });

  test('consent to subscription messages (wx.requestSubscribeMessage → POST /api/me/subscriptions)', async () => {
    as(state.alice);
    const templateIds = ['tmpl-session-reminder'];
    const results = await me.requestSubscriptionConsent(templateIds);
    assert.deepEqual(results, { 'tmpl-session-reminder': 'accept' });
    const recorded = await me.recordSubscriptionConsent(api, results);
    assert.equal(recorded.recorded, true);
    const { templates } = await api.get('/api/me/subscriptions');
    const reminder = templates.find((t) => t.templateId === 'tmpl-session-reminder');
    assertFilled(reminder, ['name', 'templateId'], 'subscription template');
    assert.equal(reminder.remaining, 1);
  });

  test('another citizen cannot open the case (404 as problem+json)', async () => {
    as(citizen('mallory'));
    const err = await caseLogic.loadCase(api, state.dispute.id).catch((e) => e);
    assert.equal(err.status, 404);
    assert.ok(err.problem && err.problem.title, 'problem+json body');
  });

  // ---- Evidence and intake, then the steps still waiting for their endpoints (sessions, agreements).

  test('upload a photo as evidence (wx.chooseMedia → wx.uploadFile)', { skip: PENDING.uploadPhoto }, async () => {
    const alice = as(state.alice);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'journey-photo-')), 'scene.jpg');
    fs.writeFileSync(file, JPEG);
    alice.chooseQueue.push({ localPath: file, fileType: 'image' });
    const [picked] = await evidence.chooseMedia();
    const results = await evidence.uploadAll(api, state.dispute.id, [picked], { description: '杂物堆放现场照片' });
    assert.equal(results[0].ok, true, results[0].error && results[0].error.message);
    const uploaded = results[0].evidence;
    assertFilled(uploaded, ['id', 'fileName', 'contentType', 'sizeBytes', 'sha256', 'uploadedAt'], 'evidence');
    assert.equal(uploaded.contentType, 'image/jpeg');
    assert.equal(uploaded.sizeBytes, JPEG.length);
    assert.equal(uploaded.sha256, require('node:crypto').createHash('sha256').update(JPEG).digest('hex'));
    const call = alice.calls.uploadFile.at(-1);
    assert.deepEqual(Object.keys(call.formData), ['description', 'kind']);
    const list = await evidence.listEvidence(api, state.dispute.id);
    assert.ok(((list && list.items) || list).some((e) => e.id === uploaded.id));
  });

  test('a staff member accepts it, and the citizen sees the new status', { skip: PENDING.staffAccepts }, async () => {
    // the staff side is not mini-program code: plain HTTP calls as the staff console would make them.
    // The administrator creates an intake account at the case's body; that account accepts the case.
    const post = async (route, body, token) => fetch(service.baseUrl + route, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
    });
    const adminLogin = await post('/api/auth/staff', service.admin);
    assert.equal(adminLogin.status, 200);
    const bodies = await (await fetch(service.baseUrl + '/api/bodies')).json();
    const bodyId = bodies.find((b) => b.name === '张家产镇西村人民调解委员会').id;
    const intake = { username: 'intake-xc', password: 'Intake-Passw0rd-2026' };
    const created = await post('/api/admin/staff', { ...intake, displayName: '西村受理员', roles: ['Intake'], bodyId, active: true },
      (await adminLogin.json()).token);
    assert.equal(created.status, 201, await created.text());
    const staffLogin = await post('/api/auth/staff', intake);
    assert.equal(staffLogin.status, 200);
    const { token } = await staffLogin.json();
    Object.assign(state, { post, bodyId, adminToken: (await (await post('/api/auth/staff', service.admin)).json()).token, intakeToken: token });
    const accepted = await post(`/api/intake/${state.dispute.id}/accept`, {}, token);
    assert.equal(accepted.status, 200, await accepted.text());

    as(state.alice);
    const card = (await cases.loadCases(api)).find((c) => c.id === state.dispute.id);
    assert.equal(card.status, 'Accepted');
    const { timeline } = await caseLogic.loadCase(api, state.dispute.id);
    assert.ok(timeline.some((t) => t.kind === 'StatusChanged' && t.title === card.statusName));
  });

  test('see a scheduled session and confirm it', async () => {
    // staff side (plain HTTP): the administrator adds a mediator, intake assigns them and schedules a phone session
    const { post } = state;
    const mediator = await post('/api/admin/staff', {
      username: 'mediator-xc', password: 'Mediator-Passw0rd-2026', displayName: '西村调解员', roles: ['Mediator'],
      bodyId: state.bodyId, active: true, mediator: { maxOpenCases: 10, typeCodes: ['neighbourhood'] },
    }, state.adminToken);
    const mediatorBody = await mediator.text();
    assert.equal(mediator.status, 201, mediatorBody);
    const mediatorId = JSON.parse(mediatorBody).id;
    const assigned = await post(`/api/intake/${state.dispute.id}/assign`, { mediatorIds: [mediatorId] }, state.intakeToken);
    assert.equal(assigned.status, 200, await assigned.text());
    const startsAt = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString();
    const scheduled = await post(`/api/disputes/${state.dispute.id}/sessions`, { mode: 'Phone', startsAt, durationMinutes: 60 }, state.intakeToken);
    assert.equal(scheduled.status, 201, await scheduled.text());

    // the citizen sees it in the mini-program and confirms
    as(state.alice);
    const { items } = await api.get(`/api/disputes/${state.dispute.id}/sessions`);
    const session = items.find((i) => i.mode === 'Phone');
    assertFilled(session, ['id', 'startsAt', 'startsAtLocal', 'modeName', 'status'], 'session');
    const confirmed = await caseLogic.confirmSession(api, session.id);
    assert.ok(confirmed, 'the confirmation is answered');
    const card = (await cases.loadCases(api)).find((c) => c.id === state.dispute.id);
    assert.equal(card.status, 'InMediation');
    const { timeline } = await caseLogic.loadCase(api, state.dispute.id);
    assert.ok(timeline.some((t) => t.kind === 'SessionScheduled'), 'the session is in the timeline');
  });

  test('read and confirm the agreement', { skip: PENDING.confirmAgreement }, async () => {
    // Needs: the agreement's id and the sha256 of its rendered text (GET /api/agreements/{id}/document),
    // then caseLogic.signAgreement(api, agreementId, sha256).
    assert.fail('the outcomes issue has not defined how a citizen reads the agreement yet');
  });

  test('report a payment of an obligation', { skip: PENDING.reportPayment }, async () => {
    // Needs: the citizen's obligations with ids, then caseLogic.reportPayment(api, obligationId, { amountFen, paidAt }).
    assert.fail('the outcomes issue has not defined how a citizen reads obligations yet');
  });
});
