// The journey's wx shim itself, against a local HTTP server: requests and uploads shaped as WeChat sends them.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createWxShim } = require('../testing/wx-shim.js');

let server;
let base;
const seen = [];

before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      if (req.url.startsWith('/problem')) {
        res.writeHead(400, { 'content-type': 'application/problem+json' });
        return res.end(JSON.stringify({ title: '请求有误', status: 400 }));
      }
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

const call = (fn, options) => new Promise((resolve) => fn({ ...options, success: resolve, fail: resolve }));

test('wx.request: JSON body by default, GET data as query, problem+json parsed, network failure as fail', async () => {
  const wx = createWxShim({ loginName: 'a' });
  const posted = await call(wx.request, { url: base + '/x', method: 'POST', data: { a: 1 }, header: { Authorization: 'Bearer t' } });
  assert.equal(posted.statusCode, 201);
  assert.deepEqual(posted.data, { ok: true });
  assert.equal(seen.at(-1).headers['content-type'], 'application/json');
  assert.equal(seen.at(-1).headers.authorization, 'Bearer t');
  assert.deepEqual(JSON.parse(seen.at(-1).body), { a: 1 });

  await call(wx.request, { url: base + '/q', data: { status: 'Submitted', n: 2 } });
  assert.equal(seen.at(-1).url, '/q?status=Submitted&n=2');

  const problem = await call(wx.request, { url: base + '/problem', method: 'POST', data: {} });
  assert.equal(problem.statusCode, 400);
  assert.equal(problem.data.title, '请求有误');

  const down = await call(wx.request, { url: 'http://127.0.0.1:1/', method: 'GET' });
  assert.match(down.errMsg, /^request:fail/);
});

test('wx.uploadFile: multipart with the form fields first, then the named file part; data is a string', async () => {
  const wx = createWxShim({ loginName: 'a' });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shim-')), 'photo.jpg');
  fs.writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
  const temp = wx.registerTempFile(file);
  const res = await call(wx.uploadFile, { url: base + '/up', filePath: temp, name: 'file', formData: { description: '现场', kind: 'Photo' }, header: { Authorization: 'Bearer t' } });
  assert.equal(res.statusCode, 201);
  assert.equal(typeof res.data, 'string');
  assert.deepEqual(JSON.parse(res.data), { ok: true });

  const req = seen.at(-1);
  const boundary = /boundary=(.+)$/.exec(req.headers['content-type'])[1];
  assert.match(req.headers['content-type'], /^multipart\/form-data; boundary=/);
  const text = req.body.toString('latin1');
  const names = [...text.matchAll(/Content-Disposition: form-data; name="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(names, ['description', 'kind', 'file']);
  assert.match(text, /name="file"; filename="tmp_\d+\.jpg"\r\nContent-Type: image\/jpeg/);
  assert.ok(req.body.includes(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])));
  assert.ok(text.endsWith(`--${boundary}--\r\n`));
  assert.ok(Buffer.from(req.body).includes(Buffer.from('现场')));
  fs.rmSync(path.dirname(file), { recursive: true });
});
