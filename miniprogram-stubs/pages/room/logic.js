// 在线调解室: the rules of the room page, apart from the page so that tests can drive them.
//
// A room's messages come two ways: live over the hub (`message` events) and by REST
// (GET /api/rooms/{id}/messages?after=<last id>). Each message has a gap-free `seq` per room, so the feed keeps
// the highest seq up to which it has everything (`contiguous`) and fetches by REST from there whenever it sees
// something beyond it: after a reconnect, after a live message that skipped one, after its own send. Messages are
// kept by id, so a message heard live and fetched again is shown once.
//
// Sending: each message gets a client id once, when it is written; every retry (hub or REST, automatic or the
// citizen's 重发) sends that same id, and the service stores it once.
const { HubConnection } = require('../../utils/signalr.js');
const money = require('../../utils/money.js');
const config = require('../../config.js');

const PAGE = 100;
const ROLE_NAMES = { Applicant: '申请人', Respondent: '被申请人', ThirdParty: '第三人', Mediator: '调解员' };
const OFFER_STATUS = { Open: '待对方答复', Accepted: '已接受', Rejected: '已拒绝', Countered: '对方已还价' };

function newClientId() {
  const rand = Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
  return `mp-${Date.now().toString(36)}-${rand}`;
}

// China time "MM-DD HH:mm" of an ISO time.
function chinaTime(iso) {
  const d = new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString();
  return `${d.slice(5, 10)} ${d.slice(11, 16)}`;
}

// How each kind of message is shown. A kind this version does not know (the service adds kinds: records, images,
// voice) is shown as a line asking to update, never dropped, so the conversation stays in order.
const KINDS = {
  Text: (m) => ({ text: m.text }),
  Evidence: (m, ctx) => {
    const e = ctx.evidence[m.evidenceId];
    return { evidence: { id: m.evidenceId, name: e ? e.fileName : '证据材料', description: e ? e.description || '' : '', image: !!(e && /^image\//.test(e.contentType)) } };
  },
  Offer: (m, ctx) => ({
    offer: {
      amount: money.fenToYuan(m.offer.amountFen) + ' 元',
      terms: m.offer.terms,
      dueDate: m.offer.dueDate || '',
      status: m.offer.status,
      statusName: OFFER_STATUS[m.offer.status] || m.offer.status,
      // only the other side answers, only while open, only a party
      canAnswer: m.offer.status === 'Open' && !!ctx.myRole && m.senderRole !== ctx.myRole && m.senderRole !== 'Mediator' && ctx.roomOpen,
    },
  }),
  OfferAccepted: (m, ctx) => ({ notice: `接受了方案${offerRef(m, ctx)}` }),
  OfferRejected: (m, ctx) => ({ notice: `拒绝了方案${offerRef(m, ctx)}` }),
};

function offerRef(m, ctx) {
  const offer = ctx.byId && ctx.byId.get(m.replyToId);
  return offer && offer.offer ? `（${money.fenToYuan(offer.offer.amountFen)} 元）` : '';
}

/** The view of one message for the page. */
function view(m, ctx) {
  const shape = KINDS[m.kind];
  return {
    id: m.id,
    seq: m.seq,
    kind: m.kind,
    mine: !!ctx.myRole && m.senderRole === ctx.myRole,
    who: `${ROLE_NAMES[m.senderRole] || m.senderRole} ${m.senderName}`,
    time: chinaTime(m.sentAt),
    known: !!shape,
    ...(shape ? shape(m, ctx) : { notice: '这是一条新类型的消息，请更新小程序后查看。' }),
  };
}

/** The messages of one room, in seq order, each once. */
class RoomFeed {
  constructor(api, roomId) {
    this.api = api;
    this.roomId = roomId;
    this.byId = new Map();
    this.list = [];
    this.contiguous = 0; // every seq up to this one is here
    this.fetching = null;
    this.again = false;
  }

  /** Adds a message (from REST, the hub or the sender's own answer); false when it was here already. */
  add(m) {
    if (!m || m.roomId !== this.roomId) return false;
    const known = this.byId.get(m.id);
    if (known) {
      if (m.offer && known.offer && m.offer.status !== known.offer.status) known.offer = m.offer;
      return false;
    }
    this.byId.set(m.id, m);
    let i = this.list.length;
    while (i > 0 && this.list[i - 1].seq > m.seq) i--;
    this.list.splice(i, 0, m);
    while (this.list[this.contiguous] && this.list[this.contiguous].seq === this.contiguous + 1) this.contiguous++;
    // an answer or a counter changes the offer it answers, whoever's copy of the offer this is
    const answered = m.replyToId && this.byId.get(m.replyToId);
    if (answered && answered.offer && answered.offer.status === 'Open') {
      const status = { OfferAccepted: 'Accepted', OfferRejected: 'Rejected', Offer: 'Countered' }[m.kind];
      if (status) answered.offer = { ...answered.offer, status };
    }
    return true;
  }

  /** True when a message beyond `contiguous` is here: something before it has not arrived yet. */
  hasGap() {
    return this.list.length > this.contiguous;
  }

  lastId() {
    return this.contiguous ? this.list[this.contiguous - 1].id : null;
  }

  /** Fetches everything after the last contiguous message; concurrent calls share one fetch (and one more if asked
   * meanwhile). Resolves with the number of messages that were new. */
  catchUp() {
    if (this.fetching) {
      this.again = true;
      return this.fetching;
    }
    this.fetching = (async () => {
      let added = 0;
      try {
        do {
          this.again = false;
          for (;;) {
            const after = this.lastId();
            const page = await this.api.get(`/api/rooms/${this.roomId}/messages`, { data: after ? { after, limit: PAGE } : { limit: PAGE } });
            for (const m of page.items) if (this.add(m)) added++;
            if (page.items.length < PAGE) break;
          }
        } while (this.again);
      } finally {
        this.fetching = null;
      }
      return added;
    })();
    return this.fetching;
  }
}

function isNetworkFailure(err) {
  // ApiError without a status (request:fail), or the hub not connected / gone mid-call
  if (!err) return false;
  if (err.name === 'ApiError') return !!err.network;
  return !err.code || err.code === 'hub-error';
}

/**
 * One citizen in the rooms of one case: the rooms listed, one hub connection for all of them, a feed per room and
 * an outbox of messages not yet stored. `onChange()` is called whenever something shown changed.
 */
class RoomClient {
  constructor({ api, session, disputeId, onChange = () => {}, hubOptions = {} }) {
    this.api = api;
    this.session = session;
    this.disputeId = disputeId;
    this.onChange = onChange;
    this.hubOptions = hubOptions;
    this.rooms = [];
    this.feeds = new Map();
    this.outbox = []; // { clientMessageId, roomId, body, state: 'sending' | 'failed', error }
    this.evidence = {};
    this.myRole = null;
    this.connection = 'disconnected';
    this.notices = [];
  }

  async load() {
    const [detail, rooms, evidence] = await Promise.all([
      this.api.get(`/api/disputes/${this.disputeId}`),
      this.api.get(`/api/disputes/${this.disputeId}/rooms`),
      this.api.get(`/api/disputes/${this.disputeId}/evidence`).catch(() => []),
    ]);
    this.myRole = detail.myRole || null;
    this.rooms = rooms;
    for (const e of (evidence && evidence.items) || []) this.evidence[e.id] = e;
    for (const r of rooms) if (!this.feeds.has(r.id)) this.feeds.set(r.id, new RoomFeed(this.api, r.id));
    await Promise.all(rooms.map((r) => this.feeds.get(r.id).catchUp()));
    this.onChange();
    return this;
  }

  /** Connects to the hub, joins every room, and keeps doing so after each reconnect. */
  async connect() {
    const hub = new HubConnection({
      url: config.baseUrl + '/hubs/mediation',
      accessTokenFactory: () => this.session.getToken(),
      ...this.hubOptions,
    });
    this.hub = hub;
    hub.on('message', (m) => this.heard(m));
    hub.on('roomClosed', ({ roomId, reason }) => this.setOpen(roomId, false, reason));
    hub.on('roomLeft', ({ roomId, reason }) => this.setOpen(roomId, false, reason));
    hub.onReconnecting(() => this.status('reconnecting'));
    hub.onReconnected(() => this.rejoin());
    hub.onClose(() => this.status('disconnected'));
    this.status('connecting');
    await hub.start();
    await this.rejoin();
  }

  async rejoin() {
    for (const r of this.rooms) {
      try {
        await this.hub.invoke('JoinRoom', r.id);
      } catch (err) {
        if (!isNetworkFailure(err)) this.setOpen(r.id, false, err.detail);
      }
    }
    this.status('connected');
    // what was said while the socket was down, then what the outbox still holds
    await Promise.all(this.rooms.map((r) => this.feeds.get(r.id).catchUp()));
    this.onChange();
    await this.flush();
  }

  stop() {
    if (this.hub) this.hub.stop();
  }

  status(state) {
    this.connection = state;
    this.onChange();
  }

  setOpen(roomId, open, reason) {
    const room = this.rooms.find((r) => r.id === roomId);
    if (room) room.open = open;
    if (!open && reason) this.notices.push(reason);
    this.onChange();
  }

  heard(m) {
    const feed = this.feeds.get(m.roomId);
    if (!feed) return;
    if (feed.add(m)) this.onChange();
    if (feed.hasGap()) feed.catchUp().then(() => this.onChange(), () => {});
  }

  // --- sending ---

  sendText(roomId, text) {
    const t = String(text || '').trim();
    if (!t) return Promise.resolve({ ok: false, errors: { text: '请输入内容' } });
    if (t.length > 1000) return Promise.resolve({ ok: false, errors: { text: '消息不超过1000字' } });
    return this.enqueue(roomId, { text: t });
  }

  sendEvidence(roomId, evidenceId) {
    return this.enqueue(roomId, { evidenceId });
  }

  /** An offer in yuan as typed (turned to fen digit by digit), with terms and an optional due date. */
  sendOffer(roomId, { amountYuan, terms, dueDate }, counterOfferId) {
    const errors = {};
    const fen = money.yuanToFen(amountYuan);
    if (fen === null || Number.isNaN(fen)) errors['offer.amountFen'] = '请填写金额（元，最多两位小数）';
    if (!String(terms || '').trim()) errors['offer.terms'] = '请填写方案内容';
    if (Object.keys(errors).length) return Promise.resolve({ ok: false, errors });
    return this.enqueue(roomId, { offer: { amountFen: fen, terms: String(terms).trim(), dueDate: dueDate || null }, ...(counterOfferId ? { counterOfferId } : {}) });
  }

  enqueue(roomId, body) {
    const item = { clientMessageId: newClientId(), roomId, body, state: 'sending', error: '' };
    this.outbox.push(item);
    this.onChange();
    return this.attempt(item);
  }

  /** Sends again everything that failed on the network (after a reconnect). */
  async flush() {
    for (const item of this.outbox.filter((i) => i.state === 'failed' && i.retryable)) await this.attempt(item);
  }

  /** 重发: the same client id, so a message that did arrive is not stored twice. */
  resend(clientMessageId) {
    const item = this.outbox.find((i) => i.clientMessageId === clientMessageId);
    return item ? this.attempt(item) : Promise.resolve({ ok: false });
  }

  async attempt(item) {
    item.state = 'sending';
    item.error = '';
    this.onChange();
    const request = { clientMessageId: item.clientMessageId, ...item.body };
    try {
      let stored;
      if (this.hub && this.hub.state === 'connected') {
        try {
          stored = await this.hub.invoke('SendMessage', item.roomId, request);
        } catch (err) {
          if (!isNetworkFailure(err)) throw err;
          stored = await this.api.post(`/api/rooms/${item.roomId}/messages`, request); // the socket went: REST
        }
      } else stored = await this.api.post(`/api/rooms/${item.roomId}/messages`, request);
      this.outbox.splice(this.outbox.indexOf(item), 1);
      const feed = this.feeds.get(item.roomId);
      feed.add(stored);
      if (feed.hasGap()) await feed.catchUp().catch(() => {});
      this.onChange();
      return { ok: true, message: stored };
    } catch (err) {
      item.state = 'failed';
      item.retryable = isNetworkFailure(err);
      item.error = item.retryable ? '网络不稳定，未发送' : err.detail || err.message;
      const errors = fieldErrors(err);
      this.onChange();
      return { ok: false, error: item.error, errors };
    }
  }

  async answerOffer(roomId, offerId, accept) {
    const reply = await this.api.post(`/api/rooms/${roomId}/offers/${offerId}/${accept ? 'accept' : 'reject'}`, {});
    this.feeds.get(roomId).add(reply);
    this.onChange();
    return reply;
  }

  /** The file behind an evidence reference, through the audited short-lived link. */
  evidenceLink(evidenceId) {
    return this.api.get(`/api/evidence/${evidenceId}/link`);
  }

  // --- what the page shows ---

  roomView(roomId) {
    const room = this.rooms.find((r) => r.id === roomId);
    const feed = this.feeds.get(roomId);
    if (!room || !feed) return null;
    const ctx = { myRole: this.myRole, evidence: this.evidence, byId: feed.byId, roomOpen: room.open };
    return {
      id: room.id,
      name: room.name,
      kind: room.kind,
      open: room.open,
      messages: feed.list.map((m) => view(m, ctx)),
      outbox: this.outbox.filter((i) => i.roomId === roomId).map((i) => ({
        clientMessageId: i.clientMessageId,
        text: i.body.text || (i.body.offer ? `方案：${money.fenToYuan(i.body.offer.amountFen)} 元` : '证据材料'),
        state: i.state,
        error: i.error,
      })),
    };
  }

  /** The case's evidence the citizen may point at: their own, not withdrawn. */
  myEvidence() {
    return Object.values(this.evidence).filter((e) => e.uploadedByMe && !e.withdrawnAt);
  }
}

function fieldErrors(err) {
  if (err && err.fieldErrors) return err.fieldErrors;
  return {};
}

const CONNECTION_NAMES = { connecting: '正在连接……', connected: '已连接', reconnecting: '网络中断，正在重新连接……', disconnected: '未连接（消息仍可发送，稍后刷新查看回复）' };

module.exports = { RoomFeed, RoomClient, view, KINDS, newClientId, isNetworkFailure, CONNECTION_NAMES, ROLE_NAMES };
