import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService, admin } from './service.js';
import { launch } from './chromium.js';
import { client, staffLogin, createStaff, fileCase, password } from './seed.js';
import { readXlsx } from './xlsx.js';

const shots = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
mkdirSync(shots, { recursive: true });

let service, browser, seeded;

before(async () => {
  service = await startService();
  browser = await launch();
  const adminClient = client(service.url, await staffLogin(service.url, admin.username, admin.password));
  const bodies = await adminClient.get('/api/bodies');
  const body = code => bodies.find(b => b.code === code).id;
  const suffix = Date.now().toString(36);
  const names = { intake: `intake${suffix}`, mediator: `mediator${suffix}`, supervisor: `super${suffix}` };
  const mediator = await createStaff(adminClient, names.mediator, '王调解', ['Mediator'], body('WD-ZJC-XC'));
  await createStaff(adminClient, names.intake, '刘受理', ['Intake'], body('WD-ZJC-XC'));
  await createStaff(adminClient, names.supervisor, '陈所长', ['Supervisor'], body('WD-ZJC'));
  const mine = await fileCase(service.url, `alice${suffix}`, body('WD-ZJC-XC'), { applicant: '张三' });
  const elsewhere = await fileCase(service.url, `bob${suffix}`, body('WD-ZT-NC'), { applicant: '赵六' });
  seeded = { names, mine, elsewhere, mediator };
}, { timeout: 300_000 });

after(async () => {
  await browser?.close();
  await service?.stop();
});

async function login(page, username) {
  await page.goto(`${service.url}/console/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#logout');
}

test('intake staff find the new application in the queue, open it, accept it and assign a mediator', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.intake);

  const row = page.locator(`#queue-table tr[data-id="${seeded.mine.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /张三/);
  assert.equal(await page.locator(`#queue-table tr[data-id="${seeded.elsewhere.id}"]`).count(), 0, 'another town\'s case must not show');
  assert.match(await page.locator('#counts').innerText(), /待受理 1/);
  await page.screenshot({ path: join(shots, 'queue.png'), fullPage: true });

  await row.locator('a').first().click();
  await page.waitForSelector('#case-status');
  assert.equal(await page.locator('#case-status').innerText(), '已提交，待受理');
  assert.match(await page.locator('#parties').innerText(), /138\*\*\*\*8000/);
  await page.screenshot({ path: join(shots, 'case.png'), fullPage: true });
  await page.locator('#parties .panel').first().locator('button.reveal').click();
  await page.waitForFunction(() => document.querySelector('#parties [data-field=phone]').textContent === '13800138000');

  await page.click('button[data-action="受理"]');
  await page.waitForFunction(() => document.querySelector('#case-status')?.textContent === '已受理');
  await page.click('button[data-action="指派调解员"]');
  await page.locator('#assign-form label', { hasText: '王调解' }).locator('input').check();
  await page.click('#assign-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#case-status')?.textContent === '已指派调解员');
  assert.match(await page.locator('#timeline').innerText(), /指派调解员：王调解/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the supervisor reads the month\'s statistics and downloads the workbook with the same numbers', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  await login(page, seeded.names.supervisor);
  await page.click('a[href="#/stats"]');
  await page.waitForSelector('#summary');
  const card = async label => (await page.locator(`#summary [data-label="${label}"] b`).innerText()).trim();
  assert.equal(await card('收到申请'), '1');
  assert.equal(await card('受理'), '1');
  assert.equal(await card('调解成功'), '0');
  await page.waitForSelector('#trend-chart rect', { state: 'attached' });
  await page.screenshot({ path: join(shots, 'statistics.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const book = readXlsx(readFileSync(await download.path()));
  const form = book['调解案件统计表'];
  assert.deepEqual(form[0], ['纠纷类型', '收到申请', '受理', '不予受理', '调解成功', '调解不成', '协议涉及金额（元）']);
  assert.equal(form.length, 1 + 15 + 1);
  assert.deepEqual(form.at(-1).slice(0, 6), ['合计', 1, 1, 0, 0, 0]);
  assert.deepEqual(form.find(r => r[0] === '邻里纠纷').slice(1, 3), [1, 1]);
  const summary = Object.fromEntries(book['汇总'].slice(1));
  assert.equal(summary['调解组织'], '张家产镇人民调解委员会');
  assert.equal(summary['收到申请'], 1);
  await page.close();
});
