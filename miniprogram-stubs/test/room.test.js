// END-TO-END: the online mediation room (在线调解室) through the mini-program's own room logic and page, against the
// real service: utils/signalr.js speaking SignalR's JSON protocol over wx.connectSocket (a real WebSocket in
// testing/wx-shim.js), REST catch-up after a dropped socket, client ids, offers. The applicant is the mini-program;
// the respondent and the mediator are driven over plain HTTP (and the mediator also live, through the same client).
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');

require('../testing/dom.js');
const { startService } = require('../testing/service.js');
const { createWxShim } = require('../testing/wx-shim.js');
const { render, settle } = require('../testing/render.js');
const config = require('../config.js');
const api = require('../utils/api.js');
const session = require('../utils/session.js');
const { HubConnection, RS } = require('../utils/signalr.js');
const { RoomClient } = require('../pages/room/logic.js');

let service;
const s = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, check, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(30);
  }
}

// Plain HTTP for the other participants and the staff.
async function http(method, path, body, token, headers = {}) {
  const res = await fetch(service.baseUrl + path, {
    method,
    headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
const citizenLogin = async (name) => (await http('POST', '/api/auth/wechat', { code: `dev:${name}` })).token;

const texts = (view) => view.messages.filter((m) => m.text).map((m) => m.text);

describe('the mediation room against the running service', { timeout: 600000 }, () => {
  before(async () => {
    service = await startService();
    config.baseUrl = service.baseUrl;
    config.retryDelayMs = 50;
    const admin = (await http('POST', '/api/auth/staff', service.admin)).token;
    const bodies = await http('GET', '/api/bodies', null, admin);
    const bodyId = bodies.find((b) => b.code === 'WD-ZJC-XC').id;
    const suffix = Date.now().toString(36);
    const password = 'Room-Staff-Passw0rd';
    const staff = async (username, displayName, roles) => {
      const created = await http('POST', '/api/admin/staff', { username, password, displayName, roles, bodyId, active: true, phone: null }, admin);
      return { id: created.id, token: (await http('POST', '/api/auth/staff', { username, password })).token };
    };
    const intake = await staff(`room-intake-${suffix}`, '刘受理', ['Intake']);
    s.mediator = await staff(`room-mediator-${suffix}`, '王调解', ['Mediator']);

    // The applicant is the mini-program user: logged in through the wx shim's dev code.
    s.wx = createWxShim({ loginName: `room-alice-${suffix}` });
    globalThis.wx = s.wx;
    await api.login();
    const applicantToken = session.getToken();
    const rights = await http('GET', '/api/legal-texts/rights-notice');
    const commitment = await http('GET', '/api/legal-texts/credit-commitment');
    const respondentPhone = '139' + String(Math.floor(10000000 + Math.random() * 89999999));
    const filed = await http('POST', '/api/disputes', {
      applicant: { name: '张三', gender: 'Male', ethnicity: '汉族', birthDate: '1980-05-01', idNumber: '371081198005011235', phone: '13800138000', address: '山东省威海市文登区张家产镇西村12号', occupation: '农民' },
      respondents: [{ kind: 'Person', name: '李四', idNumber: '371081197503124561', phone: respondentPhone, address: '张家产镇西村14号' }],
      thirdParties: [],
      typeCode: 'neighbourhood', facts: '邻居李四在两家之间的通道上堆放杂物，多次协商未果。', claims: '请求清除杂物，恢复通行。', amountFen: 500000, bodyId,
      preferredMode: 'Online', preferredMediatorId: null,
      rightsNotice: { version: rights.version, sha256: rights.sha256, acknowledged: true },
      creditCommitment: { version: commitment.version, sha256: commitment.sha256, signed: true },
    }, applicantToken, { 'Idempotency-Key': `room-${suffix}` });
    s.caseId = filed.id;
    await http('POST', `/api/intake/${s.caseId}/accept`, {}, intake.token);
    await http('POST', `/api/intake/${s.caseId}/assign`, { mediatorIds: [s.mediator.id] }, intake.token);
    s.respondent = await citizenLogin(`room-bob-${suffix}`);
    await http('POST', '/api/me/phone', { code: `dev:${respondentPhone}` }, s.respondent);

    const rooms = await http('GET', `/api/disputes/${s.caseId}/rooms`, null, s.mediator.token);
    s.joint = rooms.find((r) => r.kind === 'Joint').id;
    s.applicantCaucus = rooms.find((r) => r.kind === 'Caucus' && r.partyIds.includes(filed.applicant.id)).id;
    s.respondentCaucus = rooms.find((r) => r.kind === 'Caucus' && r.partyIds.includes(filed.respondents[0].id)).id;
  });

  after(async () => {
    if (s.client) s.client.stop();
    if (s.page && s.page.instance.client) s.page.instance.client.stop();
    if (s.mediatorHub) s.mediatorHub.stop();
    if (service) await service.stop();
  });

  test('the handshake: a WebSocket to /hubs/mediation with the token on the query string, the JSON protocol, then pings both ways', async () => {
    globalThis.wx = s.wx;
    const hub = new HubConnection({ url: service.baseUrl + '/hubs/mediation', accessTokenFactory: () => session.getToken(), pingIntervalMs: 200 });
    await hub.start();
    const task = s.wx.sockets.at(-1);
    assert.match(task.url, /^ws:\/\/127\.0\.0\.1:\d+\/hubs\/mediation\?access_token=[\w.-]+$/);
    // a ping from us every 200 ms keeps the line; the server answers invocations with completions (type 3)
    await sleep(500);
    assert.equal(hub.state, 'connected');
    await assert.rejects(hub.invoke('JoinRoom', s.respondentCaucus), (err) => err.code === 'not-found' && err.detail.length > 0);
    await hub.invoke('JoinRoom', s.joint);
    hub.stop();
    assert.equal(hub.state, 'disconnected');

    // without a token the server refuses the socket before any handshake
    const anonymous = new HubConnection({ url: service.baseUrl + '/hubs/mediation', reconnectDelaysMs: [0] });
    await assert.rejects(anonymous.start());
    assert.equal(RS, '\x1e');
  });

  test('the applicant opens the room page from the case page: the joint room and her own caucus room, never the other side\'s', async () => {
    globalThis.wx = s.wx;
    const casePage = render('pages/case/index');
    await casePage.instance.onLoad({ id: s.caseId });
    const button = casePage.querySelector('.to-room');
    assert.ok(button, 'a case with its mediator offers 进入在线调解室');
    casePage.instance.toRoom();
    assert.deepEqual(s.wx.calls.navigateTo.at(-1), { url: `/pages/room/index?id=${s.caseId}` });

    const page = render('pages/room/index');
    s.page = page;
    await page.instance.onLoad({ id: s.caseId });
    await waitFor('the page to connect', () => page.instance.data.connection === 'connected').catch((err) => {
      throw new Error(`${err.message}: ${JSON.stringify({ ...page.instance.data, room: undefined })}`);
    });
    s.client = page.instance.client;
    assert.deepEqual(page.instance.data.rooms.map((r) => r.id), [s.joint, s.applicantCaucus]);
    assert.deepEqual(page.instance.data.rooms.map((r) => r.name), ['共同调解室', '申请人背靠背调解室']);
    assert.equal(page.querySelectorAll('.tab').length, 2);
    assert.match(page.querySelector('.connection').dom.textContent, /已连接/);
  });

  test('she sends a text over the hub with a client id; the mediator hears it live; sending the same id again stores it once', async () => {
    globalThis.wx = s.wx;
    const mediatorWx = createWxShim({ loginName: null });
    s.mediatorHub = new HubConnection({ url: service.baseUrl + '/hubs/mediation', accessTokenFactory: () => s.mediator.token, wxApi: mediatorWx });
    s.heardByMediator = [];
    s.mediatorHub.on('message', (m) => s.heardByMediator.push(m));
    await s.mediatorHub.start();
    await s.mediatorHub.invoke('JoinRoom', s.joint);
    await s.mediatorHub.invoke('JoinRoom', s.applicantCaucus);

    s.page.instance.onDraft({ detail: { value: '您好，我想先说说通道的情况。' } });
    const result = await s.page.instance.send();
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(s.page.instance.data.draft, '');
    const sentFrame = s.wx.sockets.at(-1);
    assert.ok(sentFrame);
    const heard = await waitFor('the mediator to hear it', () => s.heardByMediator.find((m) => m.id === result.message.id));
    assert.equal(heard.text, '您好，我想先说说通道的情况。');
    assert.equal(heard.senderRole, 'Applicant');
    assert.equal(heard.clientMessageId, result.message.clientMessageId);
    assert.match(heard.clientMessageId, /^mp-[a-z0-9]+-[a-z0-9]+$/);

    // a retry of the same message (the answer was lost): the same client id, over REST this time, is the same message
    const again = await api.post(`/api/rooms/${s.joint}/messages`, { clientMessageId: result.message.clientMessageId, text: '您好，我想先说说通道的情况。' });
    assert.equal(again.id, result.message.id);
    const history = await http('GET', `/api/rooms/${s.joint}/messages`, null, s.mediator.token);
    assert.equal(history.items.filter((m) => m.clientMessageId === result.message.clientMessageId).length, 1);

    await settle(50);
    const shown = s.page.instance.data.room;
    assert.deepEqual(texts(shown), ['您好，我想先说说通道的情况。']);
    assert.equal(shown.messages[0].mine, true);
    assert.equal(shown.outbox.length, 0);
  });

  test('what the mediator and the respondent say reaches her page live, without a REST call', async () => {
    globalThis.wx = s.wx;
    const before = s.wx.calls.request.length;
    await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'med-1', text: '各位好，我是本案调解员王调解。' }, s.mediator.token);
    await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'bob-1', text: '杂物是暂时放的，我可以清走一部分。' }, s.respondent);
    await waitFor('both to arrive', () => texts(s.page.instance.data.room).length === 3);
    assert.deepEqual(texts(s.page.instance.data.room), ['您好，我想先说说通道的情况。', '各位好，我是本案调解员王调解。', '杂物是暂时放的，我可以清走一部分。']);
    assert.equal(s.wx.calls.request.slice(before).filter((r) => r.url.includes('/messages')).length, 0, 'heard live, not fetched');
    const [, mediator, respondent] = s.page.instance.data.room.messages;
    assert.match(mediator.who, /^调解员 王调解/);
    assert.equal(respondent.mine, false);
    const dom = s.page.querySelectorAll('.message .text').map((n) => n.dom.textContent);
    assert.deepEqual(dom, texts(s.page.instance.data.room));
  });

  test('the socket drops; the others speak meanwhile; on reconnect she fetches after her last message and sees exactly the missed ones, once', async () => {
    globalThis.wx = s.wx;
    const lastBefore = s.client.feeds.get(s.joint).lastId();
    const socketsBefore = s.wx.sockets.length;
    const states = [];
    s.client.hub.onReconnecting(() => states.push('reconnecting'));
    s.client.hub.onReconnected(() => states.push('reconnected'));
    s.client.hub.reconnectDelaysMs = [300, 500];
    s.wx.sockets.at(-1).drop();
    await waitFor('the client to notice', () => s.client.connection === 'reconnecting');
    assert.match(s.page.querySelector('.connection').dom.textContent, /正在重新连接/);

    const missed = ['趁您断线时我说了第一句。', '第二句。', '第三句：明天上午十点现场看看？'];
    await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'med-2', text: missed[0] }, s.mediator.token);
    await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'bob-2', text: missed[1] }, s.respondent);
    await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'med-3', text: missed[2] }, s.mediator.token);
    const requestsBefore = s.wx.calls.request.length;

    await waitFor('the reconnect and catch-up', () => s.client.connection === 'connected' && texts(s.page.instance.data.room).length === 6);
    assert.deepEqual(states, ['reconnecting', 'reconnected']);
    assert.equal(s.wx.sockets.length, socketsBefore + 1, 'one new socket');
    const fetched = s.wx.calls.request.slice(requestsBefore).filter((r) => r.url.endsWith(`/api/rooms/${s.joint}/messages`));
    assert.ok(fetched.length >= 1);
    assert.equal(fetched[0].data.after, lastBefore, 'asks for what came after the last message it had');

    const room = s.page.instance.data.room;
    assert.deepEqual(texts(room).slice(3), missed);
    assert.equal(new Set(room.messages.map((m) => m.id)).size, room.messages.length, 'no message twice');
    assert.deepEqual(room.messages.map((m) => m.seq), [1, 2, 3, 4, 5, 6]);

    // and live delivery works again on the new socket
    await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'med-4', text: '连上了吗？' }, s.mediator.token);
    await waitFor('live again', () => texts(s.page.instance.data.room).at(-1) === '连上了吗？');
    assert.equal(s.page.instance.data.room.messages.length, 7);
  });

  test('a message written while the socket is down waits in the outbox and goes once, with its client id, when the line is back', async () => {
    globalThis.wx = s.wx;
    s.client.hub.reconnectDelaysMs = [800];
    s.wx.sockets.at(-1).drop();
    await waitFor('down', () => s.client.connection === 'reconnecting');
    // the REST fallback fails too (the network is gone): the shim's request fails for this call
    const realRequest = s.wx.request;
    s.wx.request = (o) => { setImmediate(() => { o.fail && o.fail({ errMsg: 'request:fail network down' }); o.complete && o.complete({}); }); return { abort() {} }; };
    s.page.instance.onDraft({ detail: { value: '网不好，这句先存着。' } });
    const failed = await s.page.instance.send();
    assert.equal(failed.ok, false);
    assert.equal(s.page.instance.data.room.outbox.length, 1);
    assert.equal(s.page.instance.data.room.outbox[0].state, 'failed');
    assert.ok(s.page.querySelector('.resend'), '重发 is offered');
    const clientId = s.page.instance.data.room.outbox[0].clientMessageId;
    s.wx.request = realRequest;

    await waitFor('sent after reconnect', () => s.client.connection === 'connected' && s.page.instance.data.room.outbox.length === 0);
    const history = await http('GET', `/api/rooms/${s.joint}/messages`, null, s.mediator.token);
    const stored = history.items.filter((m) => m.clientMessageId === clientId);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].text, '网不好，这句先存着。');
    assert.equal(texts(s.page.instance.data.room).filter((t) => t === '网不好，这句先存着。').length, 1);
  });

  test('offers: the respondent offers, she counters from the page, he rejects it, offers again, and she accepts', async () => {
    globalThis.wx = s.wx;
    const first = await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'offer-1', offer: { amountFen: 200000, terms: '被申请人三日内清走杂物并补偿2000元。', dueDate: '2027-01-15' } }, s.respondent);
    const shownOffer = await waitFor('the offer', () => s.page.instance.data.room.messages.find((m) => m.id === first.id));
    assert.equal(shownOffer.offer.amount, '2000.00 元');
    assert.equal(shownOffer.offer.canAnswer, true);
    assert.equal(shownOffer.offer.statusName, '待对方答复');
    await settle(20);
    assert.ok(s.page.querySelector('.offer .accept'));

    s.page.instance.startOffer({ currentTarget: { dataset: { id: first.id } } });
    s.page.instance.onOfferField({ currentTarget: { dataset: { field: 'amountYuan' } }, detail: { value: '3000.5' } });
    s.page.instance.onOfferField({ currentTarget: { dataset: { field: 'terms' } }, detail: { value: '清走杂物并补偿3000.50元。' } });
    const counter = await s.page.instance.sendOffer();
    assert.equal(counter.ok, true, JSON.stringify(counter));
    assert.equal(counter.message.offer.amountFen, 300050);
    assert.equal(counter.message.replyToId, first.id);
    await waitFor('the first offer marked countered', () => s.page.instance.data.room.messages.find((m) => m.id === first.id).offer.status === 'Countered');
    assert.equal(s.page.instance.data.room.messages.find((m) => m.id === counter.message.id).offer.canAnswer, false, 'not her own offer');

    // a bad amount is refused on the phone, under its field
    s.page.instance.startOffer();
    s.page.instance.onOfferField({ currentTarget: { dataset: { field: 'amountYuan' } }, detail: { value: '12.345' } });
    const bad = await s.page.instance.sendOffer();
    assert.equal(bad.ok, false);
    assert.ok(s.page.instance.data.offerErrors['offer.amountFen']);
    assert.ok(s.page.instance.data.offerErrors['offer.terms']);
    s.page.instance.cancelOffer();

    await http('POST', `/api/rooms/${s.joint}/offers/${counter.message.id}/reject`, {}, s.respondent);
    await waitFor('her counter rejected', () => s.page.instance.data.room.messages.find((m) => m.id === counter.message.id).offer.status === 'Rejected');
    assert.ok(s.page.instance.data.room.messages.some((m) => m.kind === 'OfferRejected' && /拒绝了方案（3000\.50 元）/.test(m.notice)));

    const second = await http('POST', `/api/rooms/${s.joint}/messages`, { clientMessageId: 'offer-2', offer: { amountFen: 250000, terms: '清走杂物并补偿2500元。', dueDate: '2027-01-20' } }, s.respondent);
    await waitFor('the second offer', () => s.page.instance.data.room.messages.find((m) => m.id === second.id));
    await s.page.instance.answer({ currentTarget: { dataset: { id: second.id, accept: true } } });
    const accepted = s.page.instance.data.room.messages.find((m) => m.id === second.id);
    assert.equal(accepted.offer.status, 'Accepted');
    assert.equal(accepted.offer.canAnswer, false);
    const stored = await http('GET', `/api/rooms/${s.joint}/messages`, null, s.mediator.token);
    assert.equal(stored.items.find((m) => m.id === second.id).offer.status, 'Accepted');
    assert.ok(stored.items.some((m) => m.kind === 'OfferAccepted' && m.replyToId === second.id && m.senderRole === 'Applicant'));
  });

  test('in her caucus room the mediator speaks to her alone: she hears it live, the respondent cannot read it', async () => {
    globalThis.wx = s.wx;
    s.page.instance.switchRoom({ currentTarget: { dataset: { id: s.applicantCaucus } } });
    assert.match(s.page.querySelector('.room-about').dom.textContent, /只有您这一方和调解员/);
    await http('POST', `/api/rooms/${s.applicantCaucus}/messages`, { clientMessageId: 'caucus-1', text: '这里只有我们两个人，您的底线是多少？' }, s.mediator.token);
    await waitFor('the caucus message', () => texts(s.page.instance.data.room).includes('这里只有我们两个人，您的底线是多少？'));
    s.page.instance.onDraft({ detail: { value: '两千五百元可以接受。' } });
    assert.equal((await s.page.instance.send()).ok, true);
    assert.ok(await waitFor('the mediator hears it', () => s.heardByMediator.find((m) => m.roomId === s.applicantCaucus && m.text === '两千五百元可以接受。')));
    assert.equal(s.page.querySelector('.start-offer'), undefined, 'offers belong to the joint room');

    const respondentRooms = await http('GET', `/api/disputes/${s.caseId}/rooms`, null, s.respondent);
    assert.deepEqual(respondentRooms.map((r) => r.id).sort(), [s.joint, s.respondentCaucus].sort());
    await assert.rejects(http('GET', `/api/rooms/${s.applicantCaucus}/messages`, null, s.respondent), /404/);
  });

  test('an evidence reference: she points at her photo; it shows by name and opens through the audited link', async () => {
    globalThis.wx = s.wx;
    const fs = require('node:fs');
    const os = require('node:os');
    const path = require('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'room-')), '通道.jpg');
    fs.writeFileSync(file, Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64'));
    const uploaded = await api.upload({ path: `/api/disputes/${s.caseId}/evidence`, filePath: s.wx.registerTempFile(file), formData: { description: '通道被堵', kind: 'Photo' } });
    // the page reloads the case's evidence when opened again
    await s.page.instance.start();
    await waitFor('connected', () => s.page.instance.data.connection === 'connected');
    s.page.instance.switchRoom({ currentTarget: { dataset: { id: s.joint } } });
    s.page.instance.pickEvidence();
    await settle(20);
    assert.deepEqual(s.page.instance.data.evidence.map((e) => e.id), [uploaded.id]);
    const sent = await s.page.instance.sendEvidence({ currentTarget: { dataset: { id: uploaded.id } } });
    assert.equal(sent.ok, true, JSON.stringify(sent));
    const shown = s.page.instance.data.room.messages.at(-1);
    assert.deepEqual(shown.evidence, { id: uploaded.id, name: uploaded.fileName, description: '通道被堵', image: true });
    const previews = [];
    s.wx.previewImage = (o) => previews.push(o);
    await s.page.instance.openEvidence({ currentTarget: { dataset: { id: uploaded.id, image: true } } });
    assert.match(previews[0].urls[0], /\/api\/evidence\/[0-9a-f-]{36}\/file\?expires=\d+&sig=[0-9a-f]{64}$/);
  });

  test('the mediator closes the room: her page says so at once and offers no input', async () => {
    globalThis.wx = s.wx;
    await http('POST', `/api/rooms/${s.joint}/close`, {}, s.mediator.token);
    await waitFor('closed on the page', () => s.page.instance.data.room && s.page.instance.data.room.open === false);
    await settle(20);
    assert.ok(s.page.querySelector('.closed'));
    assert.equal(s.page.querySelector('.send'), undefined);
    await http('POST', `/api/rooms/${s.joint}/open`, {}, s.mediator.token);
  });
});

// The client alone, without a server: a feed never shows a message twice and fetches on a gap.
describe('the room feed', () => {
  const { RoomFeed, view } = require('../pages/room/logic.js');
  const msg = (seq, extra = {}) => ({ id: `m${seq}`, roomId: 'r', seq, kind: 'Text', senderRole: 'Mediator', senderName: '王调解', text: `第${seq}条`, sentAt: '2026-12-04T02:00:00Z', ...extra });

  test('keeps messages by id in seq order, knows the last contiguous one, and fetches after it on a gap', async () => {
    const asked = [];
    const server = [msg(1), msg(2), msg(3), msg(4)];
    const feed = new RoomFeed({ get: async (path, { data }) => { asked.push(data.after || null); const from = data.after ? server.findIndex((m) => m.id === data.after) + 1 : 0; return { items: server.slice(from) }; } }, 'r');
    assert.equal(feed.add(msg(1)), true);
    assert.equal(feed.add(msg(1)), false);
    feed.add(msg(3));
    assert.equal(feed.hasGap(), true);
    assert.equal(feed.lastId(), 'm1');
    assert.equal(await feed.catchUp(), 2);
    assert.deepEqual(asked, ['m1']);
    assert.deepEqual(feed.list.map((m) => m.seq), [1, 2, 3, 4]);
    assert.equal(feed.hasGap(), false);
    assert.equal(feed.lastId(), 'm4');
  });

  test('a kind this version does not know is shown as a line, not dropped', () => {
    const shown = view(msg(1, { kind: 'Voice' }), { myRole: 'Applicant', evidence: {}, byId: new Map() });
    assert.equal(shown.known, false);
    assert.match(shown.notice, /更新小程序/);
  });
});
