// The evidence page's upload paths against a fake wx (the journey covers them once the evidence endpoints land).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createFakeWx } = require('../testing/fake-wx.js');
const config = require('../config.js');
const api = require('../utils/api.js');
const evidence = require('../pages/evidence/logic.js');

config.retryDelayMs = 1;
const BIG = config.directUploadAboveBytes + 1;
const stored = { id: 'e1', fileName: 'v.mp4', contentType: 'video/mp4', sizeBytes: BIG, sha256: 'ab', uploadedAt: '2026-11-25T00:00:00Z' };

function server(directStatus) {
  return (o) => {
    const path = o.url.replace(config.baseUrl, '');
    if (path === '/api/auth/wechat') return { statusCode: 200, data: { token: 'T' } };
    if (path === '/api/disputes/d1/evidence/uploads') {
      if (directStatus === 409) return { statusCode: 409, data: { title: '直传需要对象存储', status: 409 } };
      return { statusCode: 200, data: { uploadId: 'u1', url: 'https://s3.example.cn/evidence', fields: { key: 'd1/u1', policy: 'p', 'x-amz-signature': 's' }, key: 'd1/u1', maxBytes: BIG * 2, expiresAt: '2026-11-25T00:10:00Z' } };
    }
    if (o.url === 'https://s3.example.cn/evidence') return { statusCode: 204, data: '' };
    if (path === '/api/disputes/d1/evidence/uploads/u1/complete') return { statusCode: 201, data: stored };
    if (path === '/api/disputes/d1/evidence') return { statusCode: 201, data: { ...stored, id: 'e2' } };
    return { statusCode: 404, data: {} };
  };
}

test('a small photo goes through the API as multipart with description and kind', async () => {
  const wx = (globalThis.wx = createFakeWx({ onRequest: server() }));
  const [r] = await evidence.uploadAll(api, 'd1', [{ path: 'wxfile://tmp_1.jpg', size: 1000, name: 'tmp_1.jpg', fileType: 'image' }], { description: '现场照片' });
  assert.equal(r.ok, true);
  assert.equal(r.evidence.id, 'e2');
  assert.equal(wx.calls.uploadFile.length, 1);
  assert.deepEqual(wx.calls.uploadFile[0].formData, { description: '现场照片', kind: 'Photo' });
  assert.equal(wx.calls.uploadFile[0].url, config.baseUrl + '/api/disputes/d1/evidence');
});

test('a large video: presigned POST (policy fields, no token) to storage, then complete', async () => {
  const wx = (globalThis.wx = createFakeWx({ onRequest: server() }));
  const [r] = await evidence.uploadAll(api, 'd1', [{ path: 'wxfile://tmp_2.mp4', size: BIG, name: 'tmp_2.mp4', fileType: 'video' }]);
  assert.equal(r.ok, true, r.error && r.error.message);
  const ticket = wx.calls.request.find((c) => c.url.endsWith('/evidence/uploads'));
  assert.deepEqual({ fileName: ticket.data.fileName, sizeBytes: ticket.data.sizeBytes, contentType: ticket.data.contentType }, { fileName: 'tmp_2.mp4', sizeBytes: BIG, contentType: 'video/mp4' });
  assert.ok(ticket.header['Idempotency-Key']);
  const toStorage = wx.calls.uploadFile[0];
  assert.equal(toStorage.url, 'https://s3.example.cn/evidence');
  assert.deepEqual(toStorage.formData, { key: 'd1/u1', policy: 'p', 'x-amz-signature': 's' });
  assert.equal(toStorage.header.Authorization, undefined, 'the bearer token never goes to storage');
  assert.ok(wx.calls.request.some((c) => c.url.endsWith('/uploads/u1/complete')));
});

test('a large file falls back to the API when the server has no object storage (409)', async () => {
  const wx = (globalThis.wx = createFakeWx({ onRequest: server(409) }));
  const [r] = await evidence.uploadAll(api, 'd1', [{ path: 'wxfile://tmp_3.mp4', size: BIG, name: 'tmp_3.mp4', fileType: 'video' }]);
  assert.equal(r.ok, true);
  assert.equal(wx.calls.uploadFile.length, 1);
  assert.equal(wx.calls.uploadFile[0].url, config.baseUrl + '/api/disputes/d1/evidence');
  assert.equal(wx.calls.uploadFile[0].formData.kind, 'Video');
});

// ---- the list and withdrawal on the page
const { render, text, settle } = require('../testing/render.js');
const { fakeService } = require('../testing/fake-service.js');

function evidenceService(status, overrides = {}) {
  let items = [
    { id: 'e1', fileName: '现场.jpg', sizeBytes: 2 * 1024 * 1024, description: '杂物照片', uploadedByMe: true, withdrawnAt: null },
    { id: 'e2', fileName: '对方的.pdf', sizeBytes: 3000, uploadedByMe: false, withdrawnAt: null },
  ];
  return fakeService({
    'GET /api/disputes/d1': () => ({ statusCode: 200, data: { id: 'd1', status } }),
    'GET /api/disputes/d1/evidence': () => ({ statusCode: 200, data: { items } }),
    'POST /api/disputes/d1/evidence/e1/withdraw': (o) => {
      items = items.map((e) => (e.id === 'e1' ? { ...e, withdrawnAt: '2026-12-01T00:00:00Z', withdrawnReason: o.data.reason } : e));
      return { statusCode: 200, data: items[0] };
    },
    ...overrides,
  });
}

test('evidence page: my own file can be withdrawn before acceptance, with a reason; then it says so', async () => {
  const svc = evidenceService('Submitted');
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  wx.modalAnswer = { confirm: true, content: '拍错了' };
  const page = render('pages/evidence/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle();
  assert.deepEqual(page.querySelectorAll('.evidence-size').map(text), ['2.0 MB', '3 KB']);
  assert.equal(page.querySelectorAll('.withdraw-evidence').length, 1, 'only my own file');
  page.querySelector('.withdraw-evidence').dispatchEvent('tap');
  await settle(20);
  const [sent] = svc.posts('/api/disputes/d1/evidence/e1/withdraw');
  assert.deepEqual(sent.data, { reason: '拍错了' });
  assert.equal(text(page.querySelector('.evidence-withdrawn')), '已撤回：拍错了（调解员看不到）');
  assert.equal(page.querySelector('.withdraw-evidence'), undefined);
});

test('evidence page: after acceptance there is no 撤回 and the page says why; a 409 shows its Chinese detail', async () => {
  const svc = evidenceService('Accepted', {
    'POST /api/disputes/d1/evidence/e1/withdraw': () => ({ statusCode: 409, data: { title: '案件受理后不能撤回证据', detail: '案件已受理（或已终结），证据材料只能补充，不能撤回。', status: 409 } }),
  });
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  const page = render('pages/evidence/index');
  await page.instance.onLoad({ id: 'd1' });
  await settle();
  assert.equal(page.querySelector('.withdraw-evidence'), undefined);
  assert.ok(page.querySelectorAll('.hint').map(text).includes('案件已受理，证据只能补充，不能撤回。'));
  await page.instance.withdraw({ currentTarget: { dataset: { id: 'e1' } } });
  assert.equal(wx.calls.showModal.at(-1).content, '案件已受理（或已终结），证据材料只能补充，不能撤回。');
});
