import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startService, admin } from './service.js';
import { launch } from './chromium.js';
import { client, staffLogin, createStaff, fileCase, uploadEvidence, citizenWithPhone, password } from './seed.js';
import { readXlsx } from './xlsx.js';
import { unzipSync, strFromU8 } from 'fflate';
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
  const mine = await fileCase(service.url, `alice${suffix}`, body('WD-ZJC-XC'), { applicant: '张三', company: true });
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
  // Not yet accepted: the application number, and no case number until the committee accepts.
  assert.equal(seeded.mine.caseNumber, null);
  const title = await page.locator('h1').innerText();
  assert.ok(title.startsWith(`申请 ${seeded.mine.applicationNumber}（未受理，尚无案号）`), title);
  assert.match(seeded.mine.applicationNumber, /^SQ\d{8}-[0-9A-Z]{8}$/);

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
  // Loaded straight from the short-lived link the API handed out (the file-system store's signed address).
  assert.match(await photo.getAttribute('src'), /\/api\/evidence\/[0-9a-f-]{36}\/file\?expires=\d+&sig=[0-9a-f]{64}$/);
  await page.screenshot({ path: join(shots, 'case.png'), fullPage: true });
  // Beside the masked ID number only the year of birth; the audited reveal gives the full date.
  assert.equal(await page.locator('#parties .panel').first().locator('[data-field=birth]').innerText(), '1980 年');
  await page.locator('#parties .panel').first().locator('button.reveal').click();
  await page.waitForFunction(() => document.querySelector('#parties [data-field=phone]').textContent === '13800138000');
  assert.equal(await page.locator('#parties .panel').first().locator('[data-field=birth]').innerText(), '1980-05-01');

  // Beside the decisions: she chose no mediator, and 王调解 (who takes every type, no case yet) is recommended.
  assert.equal(await page.locator('#preferred-mediator').innerText(), '申请人未选择调解员，由调解委员会指派。');
  assert.match(await page.locator(`#recommendation-table tr[data-id="${seeded.mediator.id}"]`).innerText(), /王调解[\s\S]*各类纠纷[\s\S]*0\/\d+/);

  await page.click('button[data-action="受理"]');
  await page.waitForFunction(() => document.querySelector('#case-status')?.textContent === '已受理');
  // Accepting gives the case its number (受理即编号), the body's first of the year on this fresh database.
  const accepted = (await page.locator('h1').innerText()).match(/案件 (WD-ZJC-XC-\d{4}-00001)/);
  assert.ok(accepted, await page.locator('h1').innerText());
  assert.equal(await page.locator('#application-number').innerText(), seeded.mine.applicationNumber);
  seeded.mine.caseNumber = accepted[1];
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

test('the mediator drafts, submits and signs the agreement and records the company\'s paper confirmation (the applicant, who has an account, would need his scanned signed page); the citizens confirm; the supervisor approves it, the case is performing and the agreement downloads as a Word file', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.mediator);
  // The calendar lists the mediator's cases from GET /api/mediator/cases; the case number opens the case view.
  await page.locator(`#my-cases li[data-case-id="${seeded.mine.id}"] a`).click();
  await page.waitForSelector('#agreement [data-action="起草调解协议"]');
  assert.match(await page.locator('#parties').innerText(), /某某物业服务有限公司[\s\S]*须当面签字/);

  await page.click('#agreement [data-action="起草调解协议"]');
  const form = page.locator('#agreement-form');
  await form.locator('textarea[name=facts]').fill('李四在两家之间的通道上堆放杂物，阻碍张三通行。');
  await form.locator('textarea[name=responsibilities]').fill('李四堆放杂物妨碍通行，应承担主要责任。');
  await form.locator('textarea[name=terms]').fill('一、李四于十日内清除通道上的杂物；二、李四赔偿张三损失。');
  await page.click('#add-obligation');
  const obligation = form.locator('fieldset.obligation').first();
  await obligation.locator('select[name=obligor]').selectOption({ label: '被申请人 李四' });
  await obligation.locator('select[name=obligee]').selectOption({ label: '申请人 张三' });
  await obligation.locator('input[name=description]').fill('赔偿通行受阻造成的损失');
  await obligation.locator('input[name=amount]').fill('1500.50');
  const due = chinaDate(Date.now() + 30 * 86400000);
  await obligation.locator('input[name=dueDate]').fill(due);
  await obligation.locator('input[name=method]').fill('银行转账');
  await form.locator('button[type=submit]').click();
  await page.waitForSelector('#agreement-status[data-status="Draft"]');
  assert.match(await page.locator('#agreement-text').innerText(), /人民调解协议书[\s\S]*1500\.50元/);

  await page.click('#agreement [data-action="提交各方确认"]');
  await page.waitForSelector('#agreement-status[data-status="AwaitingSignatures"]');
  await page.click('#agreement [data-action="调解员签署"]');
  await page.locator('#agreement-ok', { hasText: '调解员已签署' }).waitFor();
  assert.doesNotMatch(await page.locator('#agreement-pending').innerText(), /调解员签署/);
  await page.click('#agreement [data-action="记录当面签字"]');
  // 张三 has an account: the form offers the case's evidence as his scanned signed page, and without one the API refuses.
  const paper = page.locator('#paper-form');
  await paper.locator('select[name=partyId]').selectOption({ label: '申请人 张三' });
  assert.match(await page.locator('#paper-evidence-hint').innerText(), /已有小程序账号[\s\S]*须选择其签字页扫描件/);
  await paper.locator(`select[name=evidenceId] option[value="${seeded.photo.id}"]`).waitFor({ state: 'attached' });
  assert.match(await paper.locator(`select[name=evidenceId] option[value="${seeded.photo.id}"]`).innerText(), /通道堆放杂物\.png/);
  await paper.locator('button[type=submit]').click();
  await paper.locator('.field-error', { hasText: '本人在小程序中确认' }).waitFor();
  await paper.locator('select[name=partyId]').selectOption({ label: '被申请人 某某物业服务有限公司' });
  assert.match(await page.locator('#paper-evidence-hint').innerText(), /可不附扫描件/);
  await page.click('#paper-form button[type=submit]');
  await page.locator('#agreement-ok', { hasText: '某某物业服务有限公司' }).waitFor();
  assert.equal(await page.locator('#agreement-pending').innerText(), '申请人 张三、被申请人 李四、调委会审核盖章（负责人）');
  const signed = await page.locator('#agreement-signatures').innerText();
  assert.match(signed, /人民调解员 王调解/);
  assert.match(signed, /被申请人 某某物业服务有限公司（当面签字，调解员记录）/);

  // The citizens confirm the exact text in the mini-program: here through the API, bound to the text's SHA-256.
  const mediator = client(service.url, await staffLogin(service.url, seeded.names.mediator, password));
  const agreement = await mediator.get(`/api/disputes/${seeded.mine.id}/agreement`);
  await client(service.url, seeded.mine.citizenToken).post(`/api/agreements/${agreement.id}/sign`, { sha256: agreement.sha256 });
  const lisi = await citizenWithPhone(service.url, `lisi${Date.now().toString(36)}`, '13900139000');
  await client(service.url, lisi).post(`/api/agreements/${agreement.id}/sign`, { sha256: agreement.sha256 });
  await page.reload();
  await page.locator('#agreement-pending', { hasText: '调委会审核盖章' }).waitFor();
  assert.equal(await page.locator('#agreement-pending').innerText(), '调委会审核盖章（负责人）');
  await page.screenshot({ path: join(shots, 'agreement.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();

  const boss = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 1000 } });
  boss.on('pageerror', e => errors.push(e.message));
  await login(boss, seeded.names.supervisor);
  await boss.goto(`${service.url}/console/#/case/${seeded.mine.id}`);
  await boss.click('#agreement [data-action="审核盖章"]');
  await boss.waitForSelector('#agreement-status[data-status="Effective"]');
  assert.equal(await boss.locator('#case-status').innerText(), '协议履行中');
  assert.match(await boss.locator('#agreement-ok').innerText(), /协议生效/);
  assert.match(await boss.locator('#obligations').innerText(), /李四 → 张三[\s\S]*1,500\.50 元[\s\S]*待履行/);
  await boss.click('#agreement [data-action="打印协议书"]');
  await boss.locator('#agreement-document h1', { hasText: '人民调解协议书' }).waitFor();
  assert.match(await boss.locator('#agreement-document').innerText(), new RegExp(agreement.sha256));
  await boss.click('#agreement-document [data-action="关闭"]');
  const [word] = await Promise.all([boss.waitForEvent('download'), boss.click('#agreement [data-action="下载协议书（Word）"]')]);
  assert.equal(word.suggestedFilename(), `${seeded.mine.caseNumber}-人民调解协议书.docx`);
  const docx = unzipSync(new Uint8Array(readFileSync(await word.path())));
  assert.match(strFromU8(docx['[Content_Types].xml']), /wordprocessingml\.document\.main\+xml/);
  assert.match(strFromU8(docx['word/document.xml']), /人民调解协议书[\s\S]*人民币壹仟伍佰元伍角/);

  const effective = await mediator.get(`/api/agreements/${agreement.id}`);
  assert.equal(effective.status, 'Effective');
  assert.deepEqual(effective.signatures.map(s => s.role).sort(), ['Mediator', 'Party', 'Party', 'Party', 'Supervisor']);
  assert.equal(effective.signatures.find(s => s.inPerson)?.name, '被申请人 某某物业服务有限公司（当面签字，调解员记录）');
  assert.deepEqual(effective.obligations.map(o => [o.amountFen, o.dueDate, o.method]), [[150050, due, '银行转账']]);
  assert.equal((await mediator.get('/api/mediator/cases')).items.find(c => c.id === seeded.mine.id).status, 'Performing');
  assert.deepEqual(errors, []);
  await boss.close();
});

test('the supervisor rejects a staff dishonesty warning in the credit inbox, with a reason', { timeout: 60_000 }, async () => {
  const mediator = client(service.url, await staffLogin(service.url, seeded.names.mediator, password));
  const { parties } = (await mediator.get('/api/mediator/cases')).items.find(c => c.id === seeded.mine.id);
  const proposal = await mediator.post('/api/credit/proposals', {
    disputeId: seeded.mine.id, partyId: parties.find(p => p.name === '李四').id, reason: '调解中提交的清理杂物照片系伪造',
  });

  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.supervisor);
  await page.click('a[href="#/credit"]');
  const card = page.locator(`#proposals [data-proposal="${proposal.id}"]`);
  await card.waitFor();
  assert.match(await page.locator('#credit-counts').innerText(), /待审批 1[\s\S]*异议待审查 0/);
  assert.match(await card.innerText(), /警示 · 李四[\s\S]*待审批[\s\S]*调解中发现失信行为[\s\S]*伪造/);

  await card.locator('[data-action="不予批准"]').click();
  // The reason is required: the browser refuses an empty one before anything is sent.
  await card.locator('#reject-form button[type=submit]').click();
  assert.equal(await card.locator('#reject-form textarea[name=reason]').evaluate(t => t.validity.valueMissing), true);
  await card.locator('#reject-form textarea[name=reason]').fill('照片经核实为当事人本人拍摄，不构成提供虚假证据');
  await page.screenshot({ path: join(shots, 'credit-inbox.png'), fullPage: true });
  await card.locator('#reject-form button[type=submit]').click();
  await page.locator('#credit-ok', { hasText: '已不予批准' }).waitFor();
  assert.equal(await page.locator(`#proposals [data-proposal="${proposal.id}"]`).count(), 0);
  assert.match(await page.locator('#credit-counts').innerText(), /待审批 0/);

  const supervisor = client(service.url, await staffLogin(service.url, seeded.names.supervisor, password));
  const decided = await supervisor.get(`/api/credit/proposals/${proposal.id}`);
  assert.equal(decided.status, 'Rejected');
  assert.equal(decided.decisionReason, '照片经核实为当事人本人拍摄，不构成提供虚假证据');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a threat in a new application is flagged in the queue and the case, and its supervisor acknowledges the risk report', { timeout: 120_000 }, async () => {
  const adminClient = client(service.url, await staffLogin(service.url, admin.username, admin.password));
  const body = (await adminClient.get('/api/bodies')).find(b => b.code === 'WD-ZJC-XC').id;
  const threat = await fileCase(service.url, `carol${Date.now().toString(36)}`, body,
    { applicant: '张三', facts: '他家占了我家的宅基地，多次协商无果。再不解决我就跟他同归于尽。' });

  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.supervisor);
  await page.goto(`${service.url}/console/#/queue`);
  await page.selectOption('select[name=sort]', 'risk');
  await page.click('form.filters button[type=submit]');
  const row = page.locator(`#queue-table tr[data-id="${threat.id}"]`);
  await row.waitFor();
  assert.equal(await page.locator('#queue-table tbody tr').first().getAttribute('data-id'), threat.id, 'the riskiest case comes first');
  assert.match(await row.locator('td.risk').innerText(), /风险重大/);

  await row.locator('a').first().click();
  await page.waitForSelector('#risk-level');
  assert.equal(await page.locator('#risk-level').innerText(), '重大');
  assert.match(await page.locator('#risk .risk-reasons').innerText(), /扬言杀人、同归于尽或纵火爆炸[\s\S]*同归于尽/);
  const report = page.locator('#risk .report');
  assert.match(await report.innerText(), /风险报告[\s\S]*请于/);
  await page.screenshot({ path: join(shots, 'risk.png'), fullPage: true });
  await report.locator('input[name=note]').fill('已电话安抚申请人，并通报派出所民警');
  await report.locator('button[type=submit]').click();
  await page.locator('#risk .report', { hasText: '已电话安抚申请人' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('intake staff register a walk-in case with paper signatures: a wrong ID number is marked on its field, the corrected case opens in the queue as 来访申请 and the scan of the signed pages joins its evidence', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.intake);
  await page.click('a[href="#/register"]');
  const form = page.locator('#register-form');
  await form.waitFor();
  await form.locator('select[name=source]').selectOption('WalkIn');
  assert.equal(await page.locator('#referral').isHidden(), true, 'a walk-in has no referring unit');
  await form.locator('[name="applicant.name"]').fill('孙七');
  await form.locator('[name="applicant.birthDate"]').fill('1958-03-02');
  await form.locator('[name="applicant.idNumber"]').fill('371081195803021238'); // wrong check digit
  await form.locator('[name="applicant.phone"]').fill('13600136000');
  await form.locator('[name="applicant.address"]').fill('张家产镇西村3号');
  await form.locator('[name="respondents[0].name"]').fill('周八');
  await form.locator('[name="respondents[0].phone"]').fill('13500135000');
  await form.locator('[name="facts"]').fill('周八家新砌院墙占用孙七家宅基地约半米，孙七到村委会反映。');
  await form.locator('[name="claims"]').fill('请求拆除占地部分院墙。');
  await form.locator('button[type=submit]').click();
  const fieldError = form.locator('label', { has: page.locator('[name="applicant.idNumber"]') }).locator('.field-error');
  await fieldError.waitFor();
  assert.match(await fieldError.innerText(), /身份证/);
  await page.screenshot({ path: join(shots, 'register.png'), fullPage: true });

  await form.locator('[name="applicant.idNumber"]').fill(validIdNumber('37108119580302123'));
  await form.locator('button[type=submit]').click();
  await page.waitForSelector('#case-status');
  assert.equal(await page.locator('#case-status').innerText(), '已提交，待受理');
  assert.match(await page.locator('main').innerText(), /来访申请/);
  assert.match(await page.locator('#parties').innerText(), /孙七/);

  // The pages signed at the desk, scanned, go with the case's evidence.
  const upload = page.locator('#evidence-upload');
  await upload.locator('input[type=file]').setInputFiles({ name: '签字页扫描件.png', mimeType: 'image/png', buffer: makePng() });
  await upload.locator('select[name=kind]').selectOption('Document');
  await upload.locator('input[name=description]').fill('权利义务告知书、信用承诺书签字页');
  await upload.locator('button[type=submit]').click();
  const scan = page.locator('#evidence figure', { hasText: '签字页扫描件.png' });
  await scan.waitFor();
  assert.match(await scan.innerText(), /权利义务告知书、信用承诺书签字页/);
  await page.screenshot({ path: join(shots, 'register-scan.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('intake staff register a court referral received 40 days ago: the queue and the case show its 30-day limit as past, and refusing it issues the result letter to print for the court', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.intake);
  await page.click('a[href="#/register"]');
  const form = page.locator('#register-form');
  await form.waitFor();
  await form.locator('select[name=source]').selectOption('CourtReferral');
  const receivedOn = chinaDate(Date.now() - 40 * 86400000);
  await form.locator('[name="referral.unitName"]').fill('文登区人民法院');
  await form.locator('[name="referral.contact"]').fill('立案庭 0631-8451234');
  await form.locator('[name="referral.documentNumber"]').fill('（2026）鲁1003民诉前调8812号');
  await form.locator('[name="referral.receivedOn"]').fill(receivedOn);
  await form.locator('[name="applicant.name"]').fill('吴九');
  await form.locator('[name="applicant.birthDate"]').fill('1970-05-06');
  await form.locator('[name="applicant.idNumber"]').fill(validIdNumber('37108119700506123'));
  await form.locator('[name="applicant.phone"]').fill('13700137000');
  await form.locator('[name="respondents[0].name"]').fill('郑十');
  await form.locator('[name="respondents[0].phone"]').fill('13800138111');
  await form.locator('select[name=typeCode]').selectOption({ label: '合同纠纷' });
  await form.locator('[name="facts"]').fill('郑十借吴九两万元逾期未还，吴九起诉后法院委派诉前调解。');
  await form.locator('[name="claims"]').fill('请求归还借款两万元。');
  await form.locator('button[type=submit]').click();
  await page.waitForSelector('#referral-details');
  const referral = await page.locator('#referral-details').innerText();
  assert.match(referral, /文登区人民法院（法院委托）/);
  assert.match(referral, /（2026）鲁1003民诉前调8812号/);
  const due = chinaDate(Date.parse(`${receivedOn}T00:00:00Z`) + 30 * 86400000);
  assert.match(await page.locator('#referral-due').innerText(), new RegExp(`至 ${due}.*已超过移送期限`, 's'));
  const caseNumber = (await page.locator('h1').innerText()).match(/案件 (\S+)/)[1];

  await page.click('a[href="#/queue"]');
  await page.locator('select[name=source]').selectOption('CourtReferral');
  const row = page.locator('#queue-table tbody tr', { hasText: caseNumber });
  await row.waitFor();
  assert.match(await row.locator('.late').innerText(), new RegExp(`期限至 ${due}`));
  await row.locator('a').click();

  await page.click('#decisions button[data-action="不予受理"]');
  const reject = page.locator('#decision-form form');
  await reject.locator('select[name=reasonCode]').selectOption({ index: 1 });
  await reject.locator('button[type=submit]').click();
  const notice = page.locator('#result-notices li').first();
  await notice.waitFor();
  assert.match(await notice.innerText(), /不予受理/);
  await notice.locator('button').click();
  const letter = page.locator('#agreement-document article');
  await letter.waitFor();
  const text = await letter.innerText();
  assert.match(text, /调解结果告知函/);
  assert.match(text, /文登区人民法院/);
  assert.match(text, /（2026）鲁1003民诉前调8812号/);
  assert.match(text, /调解结果\s*不予受理/, 'the letter carries the result itself, not only its frame');
  await page.screenshot({ path: join(shots, 'referral-result-notice.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('intake staff record a screening round of the month and are told that a month with disputes cannot be zero-reported', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.intake);
  await page.click('a[href="#/screening"]');
  const form = page.locator('#screening-form');
  await form.waitFor();
  await form.locator('[name=visited]').fill('-1');
  await form.locator('[name=area]').fill('西村一组、二组');
  await form.locator('[name=screeners]').fill('网格员李某、调委会主任王某');
  await form.locator('[name=disputesFound]').fill('1');
  await form.locator('[name=visited]').evaluate(input => { input.min = ''; }); // let the server judge it
  await form.locator('button[type=submit]').click();
  const fieldError = form.locator('label', { has: page.locator('[name=visited]') }).locator('.field-error');
  await fieldError.waitFor();
  assert.match(await fieldError.innerText(), /走访户数/);
  await form.locator('[name=visited]').fill('42');
  await form.locator('button[type=submit]').click();
  await page.locator('#screening-table tbody tr').first().waitFor();
  const row = await page.locator('#screening-table tbody tr').first().innerText();
  assert.match(row, /西村一组、二组/);
  assert.match(row, /42/);
  await page.click('#zero-report-button');
  const refusal = page.locator('#zero-report .error');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /不能零上报/);
  await page.screenshot({ path: join(shots, 'screening.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

/** GB 11643: the 18th character of an ID number from the first 17. */
function validIdNumber(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

test('a grid worker reports a dispute from a phone with its position and a photo; the village clerk opens it in the grid inbox and turns it into an initiative case whose evidence holds the photo', { timeout: 120_000 }, async () => {
  const adminClient = client(service.url, await staffLogin(service.url, admin.username, admin.password));
  const bodies = await adminClient.get('/api/bodies');
  const village = bodies.find(b => b.code === 'WD-ZJC-XC').id;
  const worker = `grid${Date.now().toString(36)}`;
  await createStaff(adminClient, worker, '网格员赵', ['GridWorker'], village);

  const phone = await browser.newPage({ ...chinese, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    geolocation: { latitude: 37.1934, longitude: 122.0577 }, permissions: ['geolocation'] });
  const errors = [];
  phone.on('pageerror', e => errors.push(e.message));
  await login(phone, worker);
  const form = phone.locator('#grid-form');
  await form.waitFor();
  assert.equal(await phone.locator('#nav a').allInnerTexts().then(t => t.join('|')), '排查上报', 'a grid worker sees only the report page');
  await form.locator('[name=place]').fill('西村三组王家院外');
  await form.locator('button', { hasText: '获取当前位置' }).click();
  await phone.locator('#position', { hasText: '已定位 37.19340, 122.05770' }).waitFor();
  await form.locator('[name=account]').fill('王某与邻居李某因院墙边界争吵，双方家属聚集，情绪激动。');
  await form.locator('select[name=urgency]').selectOption('Urgent');
  await form.locator('[name="parties[0].name"]').fill('王五一');
  await form.locator('[name="parties[0].phone"]').fill('13712345678');
  await form.locator('[name="parties[1].name"]').fill('李六二');
  await form.locator('input[type=file]').setInputFiles({ name: '院墙现场.png', mimeType: 'image/png', buffer: makePng() });
  await phone.screenshot({ path: join(shots, 'grid-report-phone.png'), fullPage: true });
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page fits the phone's width (scroll width ${width})`);
  await form.locator('button[type=submit]').click();
  await phone.locator('#grid-ok').waitFor();
  const mine = phone.locator('#my-reports li').first();
  assert.match(await mine.innerText(), /待处理[\s\S]*西村三组王家院外/);
  await phone.screenshot({ path: join(shots, 'grid-report-sent.png'), fullPage: true });

  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.intake);
  await page.click('a[href="#/grid-reports"]');
  const card = page.locator('section.grid-report', { hasText: '西村三组王家院外' });
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /紧急/);
  assert.match(text, /137\*\*\*\*5678/);
  assert.doesNotMatch(text, /13712345678/);
  await page.waitForFunction(() => document.querySelector('section.grid-report img')?.naturalWidth > 0);
  await page.screenshot({ path: join(shots, 'grid-inbox.png'), fullPage: true });

  await card.locator('button[data-action="立案"]').click();
  const register = page.locator('#register-form');
  await register.waitFor();
  assert.match(await page.locator('#from-report').innerText(), /网格员赵/);
  assert.equal(await register.locator('select[name=source]').inputValue(), 'Initiative');
  assert.equal(await register.locator('[name="applicant.name"]').inputValue(), '王五一');
  assert.equal(await register.locator('[name="respondents[0].name"]').inputValue(), '李六二');
  await register.locator('[name="applicant.birthDate"]').fill('1966-07-08');
  await register.locator('[name="applicant.idNumber"]').fill(validIdNumber('37108119660708123'));
  await register.locator('[name="applicant.phone"]').fill('13712345678');
  await register.locator('[name="respondents[0].phone"]').fill('13812345679');
  await register.locator('[name="claims"]').fill('请求确定院墙边界。');
  await register.locator('button[type=submit]').click();
  await page.waitForSelector('#case-status');
  assert.match(await page.locator('main').innerText(), /主动调解/);
  await page.locator('#evidence figure', { hasText: '院墙现场.png' }).waitFor();
  await page.screenshot({ path: join(shots, 'grid-case.png'), fullPage: true });

  await phone.reload();
  await phone.locator('#my-reports li', { hasText: '已立案' }).waitFor();
  assert.deepEqual(errors, []);
  await phone.close();
  await page.close();
});

test('the clerk sees the mediator the applicant chose, whether it can be honoured, and the recommendations with 同姓同村 flagged', { timeout: 120_000 }, async () => {
  const adminClient = client(service.url, await staffLogin(service.url, admin.username, admin.password));
  const bodyId = (await adminClient.get('/api/bodies')).find(b => b.code === 'WD-ZJC-XC').id;
  const suffix = Date.now().toString(36);
  // 张调解 of 西村 and the applicant 张三 living in 张家产镇西村: kinship is likely, so flagged (not excluded)
  const zhang = await adminClient.post('/api/admin/staff', { username: `zhang${suffix}`, password, displayName: '张调解', roles: ['Mediator'], bodyId, active: true, phone: null,
    mediator: { maxOpenCases: 5, typeCodes: ['neighbourhood'], register: { fullTime: false, level: 'Second', servingSince: 2020, introduction: '村里的老支书。' } } });
  const chosen = await fileCase(service.url, `carol${suffix}`, bodyId, { applicant: '张三', preferredMediatorId: zhang.id, facts: '邻居李四家的树枝伸进我家院子，多次协商未果。' });
  // another applicant chose him for a family dispute, a type he does not take: her choice cannot be honoured, and why
  const family = await fileCase(service.url, `dave${suffix}`, bodyId, { applicant: '周七', typeCode: 'marriage-family', preferredMediatorId: zhang.id, facts: '夫妻因子女抚养问题发生争吵，协商未果。' });
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.intake);
  await page.goto(`${service.url}/console/#/case/${chosen.id}`);
  const preferred = page.locator('#preferred-mediator');
  await preferred.waitFor();
  assert.equal(await preferred.getAttribute('data-assignable'), 'true');
  assert.match(await preferred.innerText(), /申请人选择的调解员：张调解 可以按申请人意愿指派，但请先核实：\s*同姓同村 调解员「张调解」与当事人「张三」同姓且同村（张家产镇西村）/);
  const row = page.locator(`#recommendation-table tr[data-id="${zhang.id}"]`);
  assert.match(await row.innerText(), /张调解\s*申请人选择[\s\S]*二级\s*兼职\s*邻里纠纷[\s\S]*暂无\s*0\/5[\s\S]*同姓同村/);
  assert.equal(await row.locator('[data-conflict=SameSurnameAndVillage]').count(), 1);
  await page.locator('#mediator-recommendations').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'case-mediator-choice.png'), fullPage: true });

  await page.goto(`${service.url}/console/#/case/${family.id}`);
  await page.waitForSelector(`#preferred-mediator[data-assignable="false"]`);
  assert.match(await page.locator('#preferred-mediator').innerText(), /张调解 不能按申请人意愿指派，原因：\s*不承办此类纠纷 调解员「张调解」未登记承办「婚姻家庭纠纷」。/);
  assert.equal(await page.locator(`#recommendation-table tr[data-id="${zhang.id}"]`).count(), 0, 'not recommended for a type he does not take');
  await page.screenshot({ path: join(shots, 'case-mediator-not-honoured.png'), fullPage: true });

  // her choice on the first case: once accepted, the assign form starts with it ticked
  await page.goto(`${service.url}/console/#/case/${chosen.id}`);
  await page.waitForSelector(`#preferred-mediator[data-assignable="true"]`);
  await page.click('button[data-action="受理"]');
  await page.waitForFunction(() => document.querySelector('#case-status')?.textContent === '已受理');
  await page.click('button[data-action="指派调解员"]');
  assert.equal(await page.locator('#assign-form label', { hasText: '张调解' }).locator('input').isChecked(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the supervisor opens 调解员绩效, sees the assigned mediator\'s row and chart, and downloads the workbook with the same numbers', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.supervisor);
  await page.click('a[href="#/mediator-stats"]');
  const row = page.locator(`#mediator-table tr[data-mediator="${seeded.mediator.id}"]`);
  // The month's figures are computed on request: on a loaded machine that takes a while. An error or an empty table
  // fails at once with what the page said.
  await page.locator(`#mediator-table tr[data-mediator="${seeded.mediator.id}"], #main .error, #mediator-stats-empty`).first().waitFor({ timeout: 90_000 });
  if (!await row.count()) {
    await page.screenshot({ path: join(shots, 'mediator-stats-failed.png'), fullPage: true });
    assert.fail(`no row for the seeded mediator; the page says: ${await page.locator('#main').innerText()}`);
  }
  const cells = (await row.locator('td').allInnerTexts()).map(t => t.trim());
  assert.equal(cells[0], '王调解');
  assert.match(cells[1], /人民调解委员会$/, 'the body column names the mediator\'s committee');
  assert.ok(Number(cells[2]) >= 1, 'the case assigned in the first test is received this month');
  await page.waitForSelector('#mediator-chart rect', { state: 'attached' });
  await page.screenshot({ path: join(shots, 'mediator-stats.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-mediator-xlsx')]);
  assert.match(download.suggestedFilename(), /^调解员绩效-\d{4}-\d{2}\.xlsx$/);
  const sheet = readXlsx(readFileSync(await download.path()))['调解员绩效'];
  assert.deepEqual(sheet[0].slice(0, 4), ['调解员', '所属调解组织', '接收案件', '开始调解']);
  const mine = sheet.find(r => r[0] === '王调解' && r[1] === cells[1]);
  assert.deepEqual(mine.slice(0, 4), [cells[0], cells[1], Number(cells[2]), Number(cells[3])]);
  assert.equal(mine[7], Number(cells[7]), '结案');
  assert.equal(mine[9], Number(cells[9]), '主持调解');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the supervisor computes last month\'s 以案定补 sheet, approves it, and a recompute is refused as locked', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.supervisor);
  await page.click('a[href="#/subsidies"]');
  await page.waitForSelector('#subsidy-form');
  await page.fill('#subsidy-form input[name=month]', chinaMonthOf(-1));
  await page.click('#subsidy-compute');
  await page.waitForSelector('#subsidy-approve');
  assert.match(await page.locator('#subsidy-status').innerText(), /^草稿/);
  assert.match(await page.locator('#subsidy-table tfoot').innerText(), /合计（人民币.+）/);
  await page.click('#subsidy-approve');
  await page.waitForFunction(() => document.querySelector('#subsidy-status')?.textContent.startsWith('已批准'));
  assert.equal(await page.locator('#subsidy-approve').count(), 0, 'an approved sheet has no approve button');
  await page.screenshot({ path: join(shots, 'subsidy-approved.png'), fullPage: true });
  await page.click('#subsidy-compute');
  await page.waitForSelector('#subsidy-form .error');
  assert.match(await page.locator('#subsidy-form .error').innerText(), /以案定补表已批准/);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The China-time month `offset` months from now, as the console's month input holds it (yyyy-MM). */
function chinaMonthOf(offset) {
  const now = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

test('the supervisor draws a review sample of the month\'s closed cases and scores a case file; a score above an item\'s maximum is marked on its field', { timeout: 120_000 }, async () => {
  const intake = client(service.url, await staffLogin(service.url, seeded.names.intake, password));
  const xc = (await intake.get('/api/bodies')).find(b => b.code === 'WD-ZJC-XC').id;
  const filed = await fileCase(service.url, `review${Date.now().toString(36)}`, xc, { applicant: '孙七' });
  const mediator = client(service.url, await staffLogin(service.url, seeded.names.mediator, password));
  const accepted = await intake.post(`/api/intake/${filed.id}/accept`);
  await intake.post(`/api/intake/${filed.id}/assign`, { mediatorIds: [seeded.mediator.id] });
  await mediator.post(`/api/disputes/${filed.id}/failure`, { reasonCode: 'respondent-refused' });
  await mediator.post(`/api/disputes/${filed.id}/follow-up`, { method: 'Phone', performanceStatus: '已回访', satisfaction: 4 });

  const page = await browser.newPage(chinese);
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.supervisor);
  await page.click('a[href="#/case-reviews"]');
  await page.fill('#review-sample-form input[name=size]', '200');
  await page.fill('#review-sample-form input[name=seed]', 'console-review');
  await page.click('#review-sample-form button[type=submit]');
  const card = page.locator('section[data-review]', { hasText: accepted.caseNumber });
  await card.waitFor();
  assert.match(await page.locator('#review-sample').innerText(), /随机种子：console-review/);
  for (const [i, points] of [15, 15, 25, 20, 15, 15].entries())
    await card.locator(`input[name=p${i}]`).fill(String(points));
  await card.locator('.review-score button[type=submit]').click();
  await card.locator('.field-error', { hasText: '满分 20 分' }).waitFor();
  await card.locator('input[name=p2]').fill('18');
  await card.locator('.review-score button[type=submit]').click();
  await card.locator('h3', { hasText: '98/100' }).waitFor();
  await page.screenshot({ path: join(shots, 'case-reviews.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the supervisor uploads a mediator\'s photo in 调解员名册; the public directory shows it through the API and a PDF is refused', { timeout: 120_000 }, async () => {
  const page = await browser.newPage({ ...chinese, viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.supervisor);
  await page.click('a[href="#/mediator-register"]');
  await page.waitForSelector('#mediator-pick');
  await page.selectOption('#mediator-pick', seeded.mediator.id);
  await page.waitForSelector('#mediator-photo input[type=file]');
  await page.setInputFiles('#mediator-photo input[type=file]', { name: 'not-a-photo.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF') });
  await page.click('#mediator-photo button[type=submit]');
  await page.waitForSelector('#mediator-photo .error');
  assert.match(await page.locator('#mediator-photo .error').innerText(), /JPEG 或 PNG/);
  await page.setInputFiles('#mediator-photo input[type=file]', { name: '王调解.png', mimeType: 'image/png', buffer: Buffer.from(makePng()) });
  await page.click('#mediator-photo button[type=submit]');
  await page.waitForSelector('#mediator-photo img');
  await page.waitForFunction(() => document.querySelector('#mediator-photo img')?.naturalWidth > 0);
  await page.fill('#register-fields textarea[name=introduction]', '擅长邻里纠纷，讲胶东话。');
  await page.click('#register-fields button[type=submit]');
  await page.waitForSelector('#register-fields .ok');
  await page.screenshot({ path: join(shots, 'mediator-register-photo.png'), fullPage: true });

  const directory = await (await fetch(`${service.url}/api/mediators?bodyId=${seeded.mediator.bodyId}`)).json();
  const entry = directory.find(m => m.id === seeded.mediator.id);
  assert.equal(entry.introduction, '擅长邻里纠纷，讲胶东话。');
  assert.match(entry.photoUrl, new RegExp(`^/api/mediators/${seeded.mediator.id}/photo\\?v=`));
  const photo = await fetch(`${service.url}${entry.photoUrl}`);
  assert.equal(photo.status, 200);
  assert.equal(photo.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await photo.arrayBuffer()), Buffer.from(makePng()));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the mediator opens the online mediation room: talks with the applicant in the joint room, moves to her caucus room, hears her there live, and closes the joint room', { timeout: 120_000 }, async () => {
  const bodies = await client(service.url).get('/api/bodies');
  const bodyId = bodies.find(b => b.code === 'WD-ZJC-XC').id;
  const filed = await fileCase(service.url, `room${Date.now().toString(36)}`, bodyId, { applicant: '孙七', facts: '楼上漏水浸坏了楼下的天花板，双方对赔偿数额有分歧。' });
  const intake = client(service.url, await staffLogin(service.url, seeded.names.intake, password));
  await intake.post(`/api/intake/${filed.id}/accept`);
  await intake.post(`/api/intake/${filed.id}/assign`, { mediatorIds: [seeded.mediator.id] });
  const applicant = client(service.url, filed.citizenToken);
  const rooms = await applicant.get(`/api/disputes/${filed.id}/rooms`);
  const joint = rooms.find(r => r.kind === 'Joint').id;
  const caucus = rooms.find(r => r.kind === 'Caucus').id;
  await applicant.post(`/api/rooms/${joint}/messages`, { clientMessageId: 'before-1', text: '调解员您好，我先说一下漏水的经过。' });

  const page = await browser.newPage({ ...chinese, viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await login(page, seeded.names.mediator);
  await page.goto(`${service.url}/console/#/case/${filed.id}`);
  await page.click('#to-rooms');
  await page.waitForFunction(() => document.querySelector('#room-connection')?.textContent === '实时连接中');
  const column = id => page.locator(`.room-column[data-room="${id}"]`);
  assert.equal(await page.locator('.room-column').count(), 3, 'the joint room and one caucus room per side');
  assert.match(await column(joint).locator('h3').innerText(), /共同调解室/);
  // what was said before the page opened comes by REST
  await column(joint).locator('.room-message', { hasText: '我先说一下漏水的经过' }).waitFor();

  await column(joint).locator('textarea').fill('各位好，我是本案调解员王调解，今天我们在线调解。');
  await column(joint).locator('button[type=submit]').click();
  await column(joint).locator('.room-message.mine', { hasText: '我是本案调解员王调解' }).waitFor();
  const heard = (await applicant.get(`/api/rooms/${joint}/messages`)).items;
  assert.deepEqual(heard.map(m => m.senderRole), ['Applicant', 'Mediator']);
  assert.match(heard[1].clientMessageId, /^console-[0-9a-f-]{36}$/);

  // the party answers: the mediator sees it live
  await applicant.post(`/api/rooms/${joint}/messages`, { clientMessageId: 'joint-2', text: '天花板修好要三千元，我有照片。' });
  await column(joint).locator('.room-message', { hasText: '天花板修好要三千元' }).waitFor({ timeout: 10_000 });

  // back-to-back: the mediator speaks in her caucus room, she answers there, and it shows only in that column, live
  await column(caucus).locator('textarea').fill('这里只有您和我，您能接受的最低数额是多少？');
  await column(caucus).locator('button[type=submit]').click();
  await column(caucus).locator('.room-message.mine', { hasText: '最低数额' }).waitFor();
  await applicant.post(`/api/rooms/${caucus}/messages`, { clientMessageId: 'caucus-1', text: '两千五百元我可以接受。' });
  await column(caucus).locator('.room-message', { hasText: '两千五百元' }).waitFor({ timeout: 10_000 });
  assert.equal(await column(joint).locator('.room-message', { hasText: '两千五百元' }).count(), 0);
  assert.deepEqual(await column(joint).locator('.room-message').evaluateAll(els => els.map(e => Number(e.dataset.seq))), [1, 2, 3]);
  await page.screenshot({ path: join(shots, 'rooms.png'), fullPage: true });

  await column(joint).locator('.room-toggle').click();
  await page.waitForFunction(id => document.querySelector(`.room-column[data-room="${id}"] .room-open`)?.textContent === '已关闭', joint);
  assert.equal(await column(joint).locator('form.room-compose').isHidden(), true);
  await assert.rejects(applicant.post(`/api/rooms/${joint}/messages`, { clientMessageId: 'after-close', text: '还在吗？' }), /409/);
  assert.deepEqual(errors, []);
  await page.close();
});
