// 适老化: text contrast of at least 4.5:1 over every wxss colour and app.json's bars; large text (1.25× or the system's
// larger scale) on every page; tap targets of at least 44 px; icon-only controls labelled; every page wired into app.json.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ratio, textPairs, appJsonPairs } = require('../testing/contrast.js');

const ROOT = path.join(__dirname, '..');
const PAGE_BACKGROUNDS = ['#ffffff', '#f5f6f7']; // cards, and the page itself (app.wxss `page`)
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));

test('the contrast check itself: black on white is 21:1, the old WeChat green under white text fails', () => {
  assert.equal(Math.round(ratio('#000000', '#ffffff')), 21);
  assert.ok(ratio('#ffffff', '#07c160') < 4.5);
});

test('every text colour in every wxss and in app.json has a contrast of at least 4.5:1', () => {
  const pairs = [...textPairs(PAGE_BACKGROUNDS), ...appJsonPairs()];
  assert.ok(pairs.length > 30, 'the check found the colours');
  const failing = pairs.filter((p) => ratio(p.fg, p.bg) < 4.5).map((p) => `${p.where}: ${p.fg} on ${p.bg} = ${ratio(p.fg, p.bg).toFixed(2)}`);
  assert.deepEqual(failing, []);
});

test('every page is in app.json, applies the text size and has buttons of at least 44 px', () => {
  const pages = fs.readdirSync(path.join(ROOT, 'pages')).map((p) => `pages/${p}/index`);
  assert.deepEqual([...app.pages].sort(), pages.sort());
  for (const p of pages) {
    const wxml = fs.readFileSync(path.join(ROOT, p + '.wxml'), 'utf8');
    const js = fs.readFileSync(path.join(ROOT, p + '.js'), 'utf8');
    assert.match(wxml, /^<page-meta root-font-size="\{\{a11yRootFontSize\}\}"/, `${p}: page-meta first`);
    assert.match(js, /behaviors: \[textSize\]/, `${p}: the text-size behaviour`);
  }
  const css = fs.readFileSync(path.join(ROOT, 'app.wxss'), 'utf8');
  assert.match(css, /button[^{]*\{[^}]*min-height: 48px/);
  assert.match(css, /page \{[^}]*font-size: 1rem/);
});

test('icon-only controls carry an aria-label', () => {
  const files = [];
  for (const dir of ['pages', 'components']) for (const d of fs.readdirSync(path.join(ROOT, dir))) files.push(path.join(ROOT, dir, d, 'index.wxml'));
  for (const f of files) {
    const wxml = fs.readFileSync(f, 'utf8');
    // a tappable element whose whole content is a symbol (★ ☆ × ‹ › + -) must say what it does
    for (const m of wxml.matchAll(/<(\w[\w-]*)([^>]*bindtap[^>]*)>\s*([^<\w\u4e00-\u9fff]{1,3}|\{\{[^}]*'[★☆×]'[^}]*\}\})\s*<\/\1>/g)) {
      assert.match(m[2], /aria-label=/, `${path.relative(ROOT, f)}: <${m[1]}> "${m[3]}" needs aria-label`);
    }
  }
});

test('the text size: 1.25× in large-text mode, the system scale when larger, never smaller than 16 px', () => {
  const textSize = require('../utils/text-size.js');
  assert.equal(textSize.rootFontSize({ large: false, systemFontSize: 17 }), '16px');
  assert.equal(textSize.rootFontSize({ large: true, systemFontSize: 17 }), '20px');
  assert.equal(textSize.rootFontSize({ large: false, systemFontSize: 22 }), '21px', 'the phone set to large text');
  assert.equal(textSize.rootFontSize({ large: true, systemFontSize: 22 }), '26px');
  assert.equal(textSize.rootFontSize({ large: false, systemFontSize: 14 }), '16px');
});

test('大字模式 on the me page makes the page text 1.25× and is remembered for every page', async () => {
  const { render, settle } = require('../testing/render.js');
  const { createFakeWx } = require('../testing/fake-wx.js');
  const { fakeService } = require('../testing/fake-service.js');
  const svc = fakeService({ 'GET /api/me': () => ({ statusCode: 200, data: { id: 'u', kind: 'citizen', phone: null } }) });
  globalThis.wx = createFakeWx({ onRequest: svc.onRequest });
  wx.getSystemInfoSync = () => ({ fontSizeSetting: 17 });
  wx.setStorageSync('auth.token', { token: 'T', expiresAt: '2999-01-01T00:00:00Z' });
  const me = render('pages/me/index');
  await me.instance.onShow();
  await settle();
  assert.equal(me.data.a11yRootFontSize, '16px');
  me.querySelector('.large-text').dispatchEvent('change', { detail: { value: true } });
  await settle();
  assert.equal(me.data.a11yRootFontSize, '20px');
  const inbox = render('pages/inbox/index');
  assert.equal(inbox.data.a11yRootFontSize, '20px', 'another page opened later is large too');
});

test('every tappable element that is not a button is at least 48 px high (cards excepted: they are larger)', () => {
  const { wxssFiles } = require('../testing/contrast.js');
  const tall = new Set(['card', 'case-card']);
  for (const f of wxssFiles()) {
    const css = fs.readFileSync(f, 'utf8');
    for (const m of css.matchAll(/([^{}]+)\{([^}]*min-height:\s*48px[^}]*)\}/g))
      for (const c of m[1].matchAll(/\.([\w-]+)/g)) tall.add(c[1]);
  }
  const short = [];
  for (const dir of ['pages', 'components'])
    for (const d of fs.readdirSync(path.join(ROOT, dir))) {
      const wxml = fs.readFileSync(path.join(ROOT, dir, d, 'index.wxml'), 'utf8');
      for (const m of wxml.matchAll(/<(?!button)(\w[\w-]*)\b([^>]*\bbindtap=[^>]*)>/g)) {
        const cls = (/class="([^"]*)"/.exec(m[2]) || [])[1] || '';
        const names = cls.replace(/\{\{[^}]*\}\}/g, ' ').split(/\s+/).filter(Boolean);
        if (!names.some((n) => tall.has(n))) short.push(`${dir}/${d}: <${m[1]} class="${cls}">`);
      }
    }
  assert.deepEqual(short, []);
});
