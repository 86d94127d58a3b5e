import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService, admin } from './service.js';
import { launch } from './chromium.js';
import { client, staffLogin, createStaff, fileCase, uploadEvidence, password } from './seed.js';
import { readXlsx } from './xlsx.js';
import { makePng } from './png.js';

const shots = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
mkdirSync(shots, { recursive: true });

let service, browser, seeded;
// Date and time inputs render as the staff's browsers render them.
const chinese = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const chinaDate = t => new Date(t + 8 * 3600000).toISOString().slice(0, 10);

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
  const photo = await uploadEvidence(service.url, mine.citizenToken, mine.id,
    { bytes: makePng(), fileName: '通道堆放杂物.png', contentType: 'image/png', description: '通道被杂物堵塞', kind: 'Photo' });
  seeded = { names, mine, elsewhere, mediator, photo };
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

test('intake staff find the new application in the queue, open it, view the photo of its evidence, accept it and assign a mediator', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
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

  // The citizen's photo, read with the staff member's token through the evidence API and shown inline.
  const figure = page.locator(`#evidence figure[data-evidence="${seeded.photo.id}"]`);
  await figure.waitFor();
  assert.match(await figure.innerText(), /通道堆放杂物\.png/);
  const photo = figure.locator('img.evidence-photo');
  await photo.waitFor();
  await page.waitForFunction(id => {
    const img = document.querySelector(`#evidence figure[data-evidence="${id}"] img`);
    return img?.complete && img.naturalWidth > 0;
  }, seeded.photo.id);
  assert.deepEqual(await photo.evaluate(img => [img.naturalWidth, img.naturalHeight]), [160, 120]);
  assert.match(await photo.getAttribute('src'), /^blob:/);
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

test('the assigned mediator schedules a session in the calendar, is told of a double booking, reschedules one and cancels another', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.mediator);
  await page.waitForSelector('#calendar .day');
  assert.equal(await page.locator('#calendar .day').count(), 7);

  // A day two weeks ahead, far from the first session the service proposes by itself within three working days.
  const day = chinaDate(Date.now() + 14 * 86400000);
  const schedule = async time => {
    const form = page.locator('#schedule-form');
    await form.locator('select[name=caseId]').selectOption(seeded.mine.id);
    await form.locator('select[name=mode]').selectOption('Phone');
    await form.locator('input[name=date]').fill(day);
    await form.locator('input[name=time]').fill(time);
    await form.locator('input[name=duration]').fill('60');
    await form.locator('button[type=submit]').click();
  };
  await schedule('10:00');
  await page.waitForSelector('#schedule-ok');
  const chip = page.locator(`#calendar .day[data-date="${day}"] button.session[data-case="${seeded.mine.caseNumber}"]`);
  await chip.waitFor();
  assert.match(await chip.innerText(), /10:00–11:00[\s\S]*电话调解[\s\S]*已安排/);
  await page.screenshot({ path: join(shots, 'calendar.png'), fullPage: true });

  const mediator = client(service.url, await staffLogin(service.url, seeded.names.mediator, password));
  const range = `from=${new Date(Date.now() - 86400000).toISOString()}&to=${new Date(Date.now() + 60 * 86400000).toISOString()}`;
  const mine = async () => (await mediator.get(`/api/mediator/sessions?${range}`)).items.filter(s => s.disputeId === seeded.mine.id && s.status === 'Scheduled');
  let sessions = await mine();
  assert.equal(sessions.length, 1);
  assert.equal(Date.parse(sessions[0].startsAt), Date.parse(`${day}T10:00:00+08:00`));
  assert.equal(sessions[0].durationMinutes, 60);
  assert.equal(await chip.getAttribute('data-session-id'), sessions[0].id);

  // The same hour again: the API answers 409 problem+json and the page shows its Chinese message.
  await schedule('10:30');
  const error = page.locator('#schedule-form .error');
  await error.waitFor();
  assert.match(await error.innerText(), /调解员时间冲突[\s\S]*王调解/);

  await chip.click();
  await page.click('#session-panel button[data-action="改期"]');
  await page.locator('#reschedule-form input[name=time]').fill('14:00');
  await page.locator('#reschedule-form input[name=reason]').fill('当事人上午不便');
  await page.click('#reschedule-form button[type=submit]');
  await page.locator('#reschedule-form .ok, #session-panel .ok').first().waitFor();
  await page.locator(`#calendar .day[data-date="${day}"] button.session`, { hasText: '14:00–15:00' }).waitFor();
  sessions = await mine();
  assert.equal(sessions.length, 1);
  assert.equal(Date.parse(sessions[0].startsAt), Date.parse(`${day}T14:00:00+08:00`));

  // 10:00 is free again: a second session there, then cancelled with a reason.
  await schedule('10:00');
  await page.waitForSelector('#schedule-ok');
  const second = page.locator(`#calendar .day[data-date="${day}"] button.session`, { hasText: '10:00–11:00' });
  await second.click();
  await page.click('#session-panel button[data-action="取消"]');
  await page.locator('#cancel-form textarea[name=reason]').fill('当事人已自行和解，另行确认');
  await page.click('#cancel-form button[type=submit]');
  await page.locator(`#calendar .day[data-date="${day}"] button.session.Cancelled`, { hasText: '10:00–11:00' }).waitFor();
  const onDay = (await mediator.get(`/api/mediator/sessions?${range}`)).items
    .filter(s => s.disputeId === seeded.mine.id && chinaDate(Date.parse(s.startsAt)) === day);
  assert.deepEqual(onDay.map(s => [s.status, s.cancelReason]),
    [['Cancelled', '当事人已自行和解，另行确认'], ['Scheduled', null]]);

  // The mediator reads the case's evidence too (assigned mediators may).
  const item = page.locator(`#my-cases li[data-case-id="${seeded.mine.id}"]`);
  await item.locator('button', { hasText: '证据材料' }).click();
  await page.waitForFunction(id => document.querySelector(`#my-cases figure[data-evidence="${id}"] img`)?.naturalWidth > 0, seeded.photo.id);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the supervisor reads the month\'s statistics and downloads the workbook with the same numbers', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
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
