// After mediation: money in fen, the agreement's text hash, the agreement, performance, credit and rating pages
// against a fake server (the journey drives the same code against the real service).
const { test, describe } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { render, text, settle } = require('../testing/render.js');
const { createFakeWx } = require('../testing/fake-wx.js');
const config = require('../config.js');
const api = require('../utils/api.js');
const { yuanToFen, fenToYuan } = require('../utils/money.js');
const { sha256Hex } = require('../utils/sha256.js');
const { PendingAction } = require('../utils/idempotency.js');
const agreementLogic = require('../pages/agreement/logic.js');
const performance = require('../pages/performance/logic.js');
const credit = require('../pages/credit/logic.js');
const caseLogic = require('../pages/case/logic.js');

config.retryDelayMs = 1;

const nodeSha = (s) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

// ---- a small fake service: routes → handlers, every call recorded

function fakeService(routes) {
  const calls = [];
  const onRequest = (o) => {
    const path = o.url.slice(config.baseUrl.length).split('?')[0];
    calls.push({ method: o.method || 'GET', path, data: o.data, header: o.header });
    if (path === '/api/auth/wechat') return { statusCode: 200, data: { token: 'T', expiresAt: '2999-01-01T00:00:00Z' } };
    const handler = routes[`${o.method || 'GET'} ${path}`];
    return handler ? handler(o) : { statusCode: 404, data: { title: '未找到请求的内容', status: 404 } };
  };
  return { calls, onRequest, posts: (path) => calls.filter((c) => c.method === 'POST' && c.path === path) };
}

const DISPUTE = {
  id: 'd1', caseNumber: 'WD-ZJC-XC-2026-0007', status: 'InMediation', statusName: '调解中', myRole: 'Applicant',
  applicant: { id: 'pa', kind: 'Person', name: '张三' },
  respondents: [{ id: 'pr', kind: 'Person', name: '李四' }, { id: 'po', kind: 'Organization', name: '某某物业服务有限公司' }],
  thirdParties: [],
};

const TEXT1 = '人民调解协议书\n编号：WD-ZJC-XC-2026-0007-协（第1稿）\n当事人：\n  申请人：张三，公民身份号码 371081********1235\n协议内容：\n李四赔偿张三修车费1500.50元。\n';
const TEXT2 = TEXT1.replace('第1稿', '第2稿').replace('修车费', '修车费并赔礼道歉，');

function agreement(textValue, revision, overrides = {}) {
  return {
    id: 'a1', disputeId: 'd1', caseNumber: DISPUTE.caseNumber, number: 'WD-ZJC-XC-2026-0007-协', kind: 'Written', status: 'AwaitingSignatures',
    revision, text: textValue, sha256: nodeSha(textValue), obligations: [], signatures: [],
    pending: ['pa', 'pr', 'po', 'mediator', 'supervisor'],
    judicialConfirmation: { offered: true, deadline: null, notOfferedReason: null },
    ...overrides,
  };
}

describe('money in fen', () => {
  test('yuan typed by a citizen become integer fen without floating-point error', () => {
    assert.equal(yuanToFen('0.29'), 29, '0.29 * 100 is 28.999999999999996 in floating point');
    assert.equal(yuanToFen('1500.50'), 150050);
    assert.equal(yuanToFen('1,500.5'), 150050);
    assert.equal(yuanToFen(' 19.99 '), 1999);
    assert.equal(yuanToFen('¥3000'), 300000);
    assert.equal(yuanToFen('1000000000'), 100000000000);
    assert.equal(yuanToFen(''), null);
    for (const bad of ['1.005', '-1', 'abc', '1.2.3', '.5', '1e3']) assert.ok(Number.isNaN(yuanToFen(bad)), bad);
  });

  test('every fen amount survives the way to yuan and back', () => {
    for (let fen = 0; fen < 100000; fen += 7) assert.equal(yuanToFen(fenToYuan(fen)), fen);
    assert.equal(fenToYuan(150050), '1500.50');
    assert.equal(fenToYuan(5), '0.05');
    assert.equal(fenToYuan(null), '');
  });
});

describe('the text hash', () => {
  test('is the SHA-256 of the UTF-8 bytes, as the service computes it', () => {
    for (const t of ['', TEXT1, TEXT2, '😀 𠀀 generic', 'x'.repeat(55), 'y'.repeat(64), '中'.repeat(5000)]) assert.equal(sha256Hex(t), nodeSha(t));
  });

  test('a shown text that differs in one character or one trailing newline does not pass', () => {
    const served = nodeSha(TEXT1);
    assert.equal(agreementLogic.checkText(TEXT1, served).ok, true);
    assert.equal(agreementLogic.checkText(TEXT1, served.toUpperCase()).ok, true, 'hex case does not matter');
    assert.equal(agreementLogic.checkText(TEXT1.trimEnd(), served).ok, false);
    assert.equal(agreementLogic.checkText(TEXT1.replace('1500.50', '1500.00'), served).ok, false);
    assert.equal(agreementLogic.checkText(TEXT1, '').ok, false);
  });
});

describe('agreement page', () => {
  test('shows the full text as served and who still has to confirm, and confirms with the hash of the shown text', async () => {
    let current = agreement(TEXT1, 1);
    const svc = fakeService({
      'GET /api/disputes/d1': () => ({ statusCode: 200, data: DISPUTE }),
      'GET /api/disputes/d1/agreement': () => ({ statusCode: 200, data: current }),
      'POST /api/agreements/a1/sign': () => {
        current = { ...current, pending: ['pr', 'po', 'mediator', 'supervisor'], signatures: [{ role: 'Party', partyId: 'pa', name: '申请人 张三', signedAt: '2026-11-25T02:00:00Z', inPerson: false }] };
        return { statusCode: 200, data: current };
      },
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const page = render('pages/agreement/index');
    await page.instance.onLoad({ id: 'd1' });
    await settle();

    assert.equal(page.querySelector('.agreement-text >>> .legal-text').dom.textContent, TEXT1, 'the text exactly as served');
    assert.match(text(page.querySelector('.agreement-text >>> .legal-title')), /第1稿/);
    assert.equal(text(page.querySelector('.pending')), '申请人 张三（您）、被申请人 李四、被申请人 某某物业服务有限公司、人民调解员、调解委员会审核盖章');

    // not read to the end, not agreed: nothing is sent
    await page.instance.confirm();
    assert.equal(svc.posts('/api/agreements/a1/sign').length, 0);
    page.querySelector('.agreement-text >>> .legal-body').dispatchEvent('scrolltolower');
    await settle();
    page.querySelector('.agreement-text >>> .agree').dispatchEvent('tap');
    await settle();
    assert.equal(page.data.agreed, true);

    page.querySelector('.confirm').dispatchEvent('tap');
    await settle(10);
    const [sign] = svc.posts('/api/agreements/a1/sign');
    assert.deepEqual(sign.data, { sha256: nodeSha(TEXT1) });
    assert.equal(page.data.agreement.awaitingMe, false);
    assert.equal(page.querySelector('.confirm'), undefined, 'no confirm button once I have confirmed');
    assert.match(text(page.querySelector('.signature')), /申请人 张三/);
    assert.equal(text(page.querySelector('.text')), TEXT1.trim(), 'the text is still shown in full');
  });

  test('409 协议文本已变更: the new text is loaded and must be read and agreed to again', async () => {
    let current = agreement(TEXT1, 1);
    const svc = fakeService({
      'GET /api/disputes/d1': () => ({ statusCode: 200, data: DISPUTE }),
      'GET /api/disputes/d1/agreement': () => ({ statusCode: 200, data: current }),
      'POST /api/agreements/a1/sign': (o) =>
        o.data.sha256 === current.sha256
          ? { statusCode: 200, data: { ...current, pending: ['mediator'] } }
          : { statusCode: 409, data: { title: '协议文本已变更', detail: '您确认的文本与当前协议不一致，请重新阅读协议全文后再确认。', status: 409 } },
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const page = render('pages/agreement/index');
    await page.instance.onLoad({ id: 'd1' });
    await settle();
    page.setData({ agreed: true });
    current = agreement(TEXT2, 2); // the mediator edits and resubmits while the citizen reads

    assert.equal(await page.instance.confirm(), 'changed');
    await settle();
    assert.deepEqual(svc.posts('/api/agreements/a1/sign')[0].data, { sha256: nodeSha(TEXT1) }, 'what was sent is the hash of what was shown');
    assert.equal(wx.calls.showModal.at(-1).title, '协议文本已变更');
    assert.equal(page.data.agreement.text, TEXT2);
    assert.equal(page.querySelector('.agreement-text >>> .legal-text').dom.textContent, TEXT2);
    assert.equal(page.data.agreed, false, 'the new text is not agreed to yet');
    assert.match(text(page.querySelector('.agreement-text >>> .legal-title')), /第2稿/);

    page.setData({ agreed: true });
    assert.equal(await page.instance.confirm(), 'confirmed');
    assert.deepEqual(svc.posts('/api/agreements/a1/sign')[1].data, { sha256: nodeSha(TEXT2) });
  });

  test('a served hash that does not match the served text is refused on the phone: nothing is signed', async () => {
    const svc = fakeService({
      'GET /api/disputes/d1': () => ({ statusCode: 200, data: DISPUTE }),
      'GET /api/disputes/d1/agreement': () => ({ statusCode: 200, data: { ...agreement(TEXT1, 1), sha256: nodeSha(TEXT2) } }),
      'POST /api/agreements/a1/sign': () => ({ statusCode: 200, data: agreement(TEXT1, 1) }),
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const page = render('pages/agreement/index');
    await page.instance.onLoad({ id: 'd1' });
    page.setData({ agreed: true });

    assert.equal(await page.instance.confirm(), 'mismatch');
    assert.equal(svc.posts('/api/agreements/a1/sign').length, 0);
    assert.equal(wx.calls.showModal.at(-1).title, '协议文本校验未通过');
  });

  test('an effective agreement shows when it took effect and the judicial-confirmation deadline; a draft asks to wait', () => {
    const effective = agreementLogic.toView(agreement(TEXT1, 1, {
      status: 'Effective', pending: [], effectiveAt: '2026-11-25T02:30:00Z', judicialConfirmation: { offered: true, deadline: '2026-12-25' },
      obligations: [{ id: 'o1', description: '支付修车费', obligorName: '李四', obligeeName: '张三', amountFen: 150050, dueDate: '2026-12-05' }],
    }), DISPUTE);
    assert.equal(effective.effectiveAt, '2026-11-25 10:30');
    assert.equal(effective.judicial.deadline, '2026年12月25日');
    assert.equal(effective.obligations[0].amount, '1500.50 元');
    assert.equal(effective.awaitingMe, false);
    const draft = agreementLogic.toView(agreement(TEXT1, 1, { status: 'Draft', pending: [] }), DISPUTE);
    assert.equal(draft.statusName, '调解员拟定中');
    assert.equal(draft.awaitingMe, false);
    const asRespondent = agreementLogic.toView(agreement(TEXT1, 1), { ...DISPUTE, myRole: 'Respondent' });
    assert.deepEqual(asRespondent.pending.filter((p) => p.mine).map((p) => p.key), ['pr'], 'the person, not the company that signs on paper');
  });
});

// ---- performance

const OBLIGATIONS = {
  items: [
    { id: 'o1', position: 1, obligorPartyId: 'pr', obligorName: '李四', obligeePartyId: 'pa', obligeeName: '张三', description: '支付修车费', amountFen: 150050, dueDate: '2026-12-05', method: '银行转账', place: null, status: 'Open', confirmedFen: 50000, fulfilledAt: null, instalments: [{ seq: 1, amountFen: 150050, dueDate: '2026-12-05' }] },
    { id: 'o2', position: 2, obligorPartyId: 'pa', obligorName: '张三', obligeePartyId: 'pr', obligeeName: '李四', description: '清除通道杂物', amountFen: null, dueDate: '2026-12-01', method: null, place: null, status: 'Open', confirmedFen: 0, fulfilledAt: null, instalments: [{ seq: 1, amountFen: null, dueDate: '2026-12-01' }] },
  ],
  payments: [
    { id: 'p1', obligationId: 'o1', amountFen: 50000, paidAt: '2026-11-20T02:00:00Z', note: '微信转账', evidenceIds: ['e0'], status: 'Confirmed', reportedAt: '2026-11-20T02:01:00Z', decidedAt: '2026-11-20T03:00:00Z', disputeReason: null },
    { id: 'p2', obligationId: 'o1', amountFen: 100050, paidAt: '2026-11-24T02:00:00Z', note: '', evidenceIds: [], status: 'Reported', reportedAt: '2026-11-24T02:01:00Z', decidedAt: null, disputeReason: null },
  ],
};

describe('performance', () => {
  test('who may do what: the obligor reports, the obligee decides reported payments; amounts in yuan from fen', () => {
    const asApplicant = performance.toView(OBLIGATIONS, DISPUTE);
    const [money, cleanUp] = asApplicant.items;
    assert.equal(money.amount, '1500.50 元');
    assert.equal(money.confirmed, '500.00 元');
    assert.equal(money.remaining, '1000.50 元');
    assert.equal(money.canReport, false);
    assert.deepEqual(money.payments.map((p) => [p.statusName, p.canDecide]), [['已确认收到', false], ['待权利人确认', true]]);
    assert.equal(cleanUp.isMoney, false);
    assert.equal(cleanUp.canReport, true, 'the applicant owes the clean-up');
    const asRespondent = performance.toView(OBLIGATIONS, { ...DISPUTE, myRole: 'Respondent' });
    assert.equal(asRespondent.items[0].canReport, true);
    assert.equal(asRespondent.items[0].payments[1].canDecide, false);
  });

  test('payment time is entered in China time; future times and bad amounts are refused before anything is sent', () => {
    assert.equal(performance.paidAtIso('2026-11-25', '08:30'), '2026-11-25T00:30:00.000Z');
    assert.equal(performance.paidAtIso('2026-02-30', '08:30'), null);
    assert.equal(performance.paidAtIso('2026-11-25', ''), null);
    assert.deepEqual(performance.chinaNow(new Date('2026-11-24T17:05:00Z')), { date: '2026-11-25', time: '01:05' });
    const now = new Date('2026-11-25T04:00:00Z');
    const money = performance.toView(OBLIGATIONS, DISPUTE).items[0];
    const form = performance.emptyReport(money, now);
    assert.deepEqual([form.amountYuan, form.date, form.time], ['1000.50', '2026-11-25', '12:00'], 'the remaining amount is proposed');
    assert.deepEqual(performance.validateReport(form, money, now), {});
    assert.equal(performance.validateReport({ ...form, amountYuan: '' }, money, now).amountFen, '请填写本次支付的金额');
    assert.equal(performance.validateReport({ ...form, amountYuan: '10.001' }, money, now).amountFen, '金额格式不正确，例如 1500 或 1500.50');
    assert.equal(performance.validateReport({ ...form, amountYuan: '0' }, money, now).amountFen, '请填写实际支付的金额');
    assert.equal(performance.validateReport({ ...form, time: '12:10' }, money, now).paidAt, '履行时间不能晚于现在');
    const cleanUp = performance.toView(OBLIGATIONS, DISPUTE).items[1];
    assert.deepEqual(performance.validateReport({ ...form, amountYuan: '' }, cleanUp, now), {}, 'a non-money obligation needs no amount');
    assert.equal(performance.buildReport({ ...form, amountYuan: '' }, []).amountFen, 0);
    assert.equal(performance.buildReport({ ...form, amountYuan: '0.29' }, []).amountFen, 29);
  });

  test('proof photos are uploaded first; a failed upload reports nothing, and the retry uploads only what is missing', async () => {
    let failSecond = true;
    let uploads = 0;
    const svc = fakeService({
      'UPLOAD /api/disputes/d1/evidence': (o) => {
        uploads++;
        if (o.filePath.endsWith('2.jpg') && failSecond) return { statusCode: 415, data: { title: '不支持的文件类型', status: 415 } };
        return { statusCode: 201, data: { id: 'ev-' + o.filePath.slice(-5, -4), fileName: o.filePath } };
      },
      'POST /api/obligations/o1/payments': (o) => ({ statusCode: 201, data: { id: 'p3', obligationId: 'o1', ...o.data, status: 'Reported' } }),
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const obligation = performance.toView(OBLIGATIONS, { ...DISPUTE, myRole: 'Respondent' }).items[0];
    const files = [{ path: 'wxfile://tmp_1.jpg', size: 10, name: 'tmp_1.jpg', fileType: 'image' }, { path: 'wxfile://tmp_2.jpg', size: 10, name: 'tmp_2.jpg', fileType: 'image' }];
    const form = { amountYuan: '1000.5', date: '2026-11-25', time: '09:00', note: ' 银行转账 ', files };
    const state = { pending: new PendingAction(), uploaded: {} };

    const failed = await performance.reportPayment(api, 'd1', obligation, form, state).catch((e) => e);
    assert.equal(failed.status, 415);
    assert.equal(svc.posts('/api/obligations/o1/payments').length, 0);
    assert.deepEqual(wx.calls.uploadFile[0].formData, { description: '履行凭证', kind: 'Photo' });

    failSecond = false;
    const done = await performance.reportPayment(api, 'd1', obligation, form, state);
    assert.equal(done.ok, true);
    assert.equal(uploads, 3, 'the first photo is not uploaded twice');
    assert.deepEqual(svc.posts('/api/obligations/o1/payments')[0].data, { amountFen: 100050, paidAt: '2026-11-25T01:00:00.000Z', note: '银行转账', evidenceIds: ['ev-1', 'ev-2'] });
  });

  test('a lost answer: the report is looked for on the service before the citizen is asked to send it again', async () => {
    const stored = [];
    const svc = fakeService({
      'GET /api/disputes/d1/obligations': () => ({ statusCode: 200, data: { items: OBLIGATIONS.items, payments: stored } }),
      'POST /api/obligations/o1/payments': (o) => {
        if (!stored.length) stored.push({ id: 'p9', obligationId: 'o1', ...o.data, paidAt: '2026-11-25T01:00:00Z', status: 'Reported' });
        return { fail: 'timeout' }; // arrived, but the answer never came back
      },
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const obligation = performance.toView(OBLIGATIONS, { ...DISPUTE, myRole: 'Respondent' }).items[0];
    const form = { amountYuan: '1000.50', date: '2026-11-25', time: '09:00', note: '', files: [] };
    const result = await performance.reportPayment(api, 'd1', obligation, form, { pending: new PendingAction(), uploaded: {} });
    assert.equal(result.ok, true);
    assert.equal(result.recovered, true);
    assert.equal(result.payment.id, 'p9');
  });

  test('the page: the obligee confirms one payment and disputes another with a reason', async () => {
    const svc = fakeService({
      'GET /api/disputes/d1': () => ({ statusCode: 200, data: DISPUTE }),
      'GET /api/disputes/d1/obligations': () => ({ statusCode: 200, data: OBLIGATIONS }),
      'POST /api/payments/p2/confirm': () => ({ statusCode: 200, data: { ...OBLIGATIONS.payments[1], status: 'Confirmed' } }),
      'POST /api/payments/p2/dispute': () => ({ statusCode: 200, data: { ...OBLIGATIONS.payments[1], status: 'Disputed' } }),
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const page = render('pages/performance/index');
    await page.instance.onLoad({ id: 'd1' });
    await settle();
    assert.equal(page.querySelectorAll('.obligation').length, 2);
    assert.equal(text(page.querySelector('.amount')), '1500.50 元');
    assert.equal(page.querySelectorAll('.confirm-payment').length, 1);

    page.querySelector('.confirm-payment').dispatchEvent('tap');
    await settle(10);
    assert.match(wx.calls.showModal.at(-1).content, /1000\.50 元/);
    assert.equal(svc.posts('/api/payments/p2/confirm').length, 1);

    wx.modalAnswer = { confirm: true, content: '' };
    page.querySelector('.dispute-payment').dispatchEvent('tap');
    await settle(10);
    assert.equal(svc.posts('/api/payments/p2/dispute').length, 0, 'no reason, nothing sent');
    wx.modalAnswer = { confirm: true, content: '没有收到这笔钱' };
    page.querySelector('.dispute-payment').dispatchEvent('tap');
    await settle(10);
    assert.deepEqual(svc.posts('/api/payments/p2/dispute')[0].data, { reason: '没有收到这笔钱' });
  });

  test('the page: the report form shows field errors next to the fields and sends nothing until they are fixed', async () => {
    const svc = fakeService({
      'GET /api/disputes/d1': () => ({ statusCode: 200, data: DISPUTE }),
      'GET /api/disputes/d1/obligations': () => ({ statusCode: 200, data: OBLIGATIONS }),
      'POST /api/obligations/o2/payments': (o) => ({ statusCode: 201, data: { id: 'p5', obligationId: 'o2', ...o.data, status: 'Reported' } }),
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const page = render('pages/performance/index');
    await page.instance.onLoad({ id: 'd1' });
    await settle();
    page.querySelector('.start-report').dispatchEvent('tap');
    await settle();
    page.querySelector('.amount-input').dispatchEvent('input', { detail: { value: '12.345' } });
    await settle();
    await page.instance.submitReport();
    await settle();
    assert.equal(text(page.querySelector('.err-amountFen')), '金额格式不正确（非金钱义务可不填）');
    assert.equal(svc.posts('/api/obligations/o2/payments').length, 0);
    page.querySelector('.amount-input').dispatchEvent('input', { detail: { value: '' } });
    await settle();
    assert.equal(page.querySelector('.err-amountFen'), undefined, 'fixing the field clears its message');
    const result = await page.instance.submitReport();
    assert.equal(result.ok, true);
    assert.equal(svc.posts('/api/obligations/o2/payments')[0].data.amountFen, 0);
    assert.equal(page.data.reporting, null);
  });
});

// ---- credit and rating

const PROPOSAL = {
  id: 'c1', disputeId: 'd1', caseNumber: DISPUTE.caseNumber, partyId: 'pr', partyName: '李四', step: 'Warning', stepName: '信用警示', trigger: 'Overdue',
  reason: '逾期未履行调解协议约定的付款义务', points: -5, status: 'Approved', proposedAt: '2026-11-20T00:00:00Z', decidedAt: '2026-11-21T00:00:00Z',
  decisionReason: null, objectionDeadline: '2026-11-28T00:00:00Z', effectiveAt: null, endedAt: null, endReason: null, canObject: true, objections: [],
};

describe('我的信用', () => {
  test('each notified step with its status and deadline; an objection with evidence while the window is open', async () => {
    let current = PROPOSAL;
    const svc = fakeService({
      'GET /api/me/credit': () => ({ statusCode: 200, data: { items: [current] } }),
      'UPLOAD /api/disputes/d1/evidence': () => ({ statusCode: 201, data: { id: 'ev-7' } }),
      'POST /api/credit/objections': (o) => {
        current = { ...PROPOSAL, status: 'Objected', canObject: false, objections: [{ id: 'ob1', reason: o.data.reason, evidenceIds: o.data.evidenceIds, filedAt: '2026-11-22T00:00:00Z', status: 'Pending' }] };
        return { statusCode: 201, data: current };
      },
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const page = render('pages/credit/index');
    await page.instance.onShow();
    await settle();
    assert.equal(text(page.querySelector('.step-name')), '信用警示');
    assert.equal(text(page.querySelector('.proposal-status')), '已告知，可在异议期内提出异议');
    assert.equal(text(page.querySelector('.deadline')), '2026-11-28 08:00');

    page.querySelector('.start-objection').dispatchEvent('tap');
    await settle();
    await page.instance.submitObjection();
    await settle();
    assert.equal(text(page.querySelector('.err-reason')), '请写明异议理由');
    assert.equal(svc.posts('/api/credit/objections').length, 0);

    page.querySelector('.reason-input').dispatchEvent('input', { detail: { value: '我已于11月20日付清，有转账记录' } });
    page.setData({ 'form.files': [{ path: 'wxfile://tmp_3.jpg', size: 10, name: 'tmp_3.jpg', fileType: 'image' }] });
    await settle();
    const result = await page.instance.submitObjection();
    await settle();
    assert.equal(result.ok, true);
    assert.deepEqual(svc.posts('/api/credit/objections')[0].data, { proposalId: 'c1', reason: '我已于11月20日付清，有转账记录', evidenceIds: ['ev-7'] });
    assert.equal(text(page.querySelector('.proposal-status')), '异议审查中');
    assert.equal(text(page.querySelector('.objection-status')), '审查中');
    assert.equal(page.querySelector('.start-objection'), undefined, 'no second objection while one is under review');
  });

  test('status names a citizen understands; nothing to object to once the window has passed', () => {
    assert.equal(credit.statusName({ status: 'Approved', canObject: false }), '异议期已过，待生效');
    assert.equal(credit.statusName({ status: 'Withdrawn' }), '已撤销');
    assert.equal(credit.statusName({ status: 'Retracted' }), '已修复');
    assert.equal(credit.toItem({ ...PROPOSAL, canObject: false, status: 'Effective', effectiveAt: '2026-11-28T00:00:00Z' }).canObject, false);
  });
});

describe('satisfaction', () => {
  test('offered once mediation has ended; a score from 1 to 5 is required', async () => {
    for (const [status, ratable] of [['InMediation', false], ['Performing', true], ['Fulfilled', true], ['Failed', true], ['Closed', true], ['Withdrawn', false]])
      assert.equal(caseLogic.toDetail({ ...DISPUTE, status, applicant: DISPUTE.applicant, respondents: DISPUTE.respondents }).canRate, ratable, status);
    assert.deepEqual(caseLogic.validateRating({ score: 0 }), { score: '请选择1至5星' });
    assert.deepEqual(caseLogic.validateRating({ score: 5, comment: 'x'.repeat(1001) }), { comment: '评价不超过1000字' });
  });

  test('the case page: tap the stars, comment, send; the rating is remembered on the phone', async () => {
    const svc = fakeService({
      'GET /api/disputes/d1': () => ({ statusCode: 200, data: { ...DISPUTE, status: 'Fulfilled', statusName: '已履行' } }),
      'GET /api/disputes/d1/timeline': () => ({ statusCode: 200, data: { items: [] } }),
      'GET /api/disputes/d1/agreement': () => ({ statusCode: 200, data: agreement(TEXT1, 1, { status: 'Effective', pending: [], obligations: [{ id: 'o1' }] }) }),
      'POST /api/disputes/d1/satisfaction': () => ({ statusCode: 204, data: '' }),
    });
    globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
    const page = render('pages/case/index');
    await page.instance.onLoad({ id: 'd1' });
    await settle();
    assert.equal(text(page.querySelector('.agreement-status')), '已生效');
    assert.ok(page.querySelector('.to-performance'), 'the performance page is offered');

    await page.instance.rate();
    await settle();
    assert.equal(text(page.querySelector('.err-score')), '请选择1至5星');
    page.querySelectorAll('.star')[3].dispatchEvent('tap');
    page.querySelector('.rating-comment').dispatchEvent('input', { detail: { value: '调解员很耐心' } });
    await settle();
    assert.equal(page.querySelectorAll('.star.on').length, 4);
    assert.equal(await page.instance.rate(), true);
    await settle();
    assert.deepEqual(svc.posts('/api/disputes/d1/satisfaction')[0].data, { score: 4, comment: '调解员很耐心' });
    assert.equal(text(page.querySelector('.rated')), '您已评价 4 星，可重新评价。');
  });
});
