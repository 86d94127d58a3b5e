// 在线调解室 for the case's mediator: the joint room and every caucus room side by side, live over the official SignalR
// client (vendor/signalr.min.js, see the README), history and catch-up by REST. Each room keeps its messages by id in
// seq order and fetches `after` the last one it has whenever it (re)connects or sees a gap, so a dropped socket loses
// nothing and shows nothing twice.
import { api, session } from './api.js';
import { h, mount, fmt, errorBox, attempt } from './ui.js';

const roleNames = { Applicant: '申请人', Respondent: '被申请人', ThirdParty: '第三人', Mediator: '调解员' };
const offerStatus = { Open: '待对方答复', Accepted: '已接受', Rejected: '已拒绝', Countered: '已还价' };

let signalrLoaded;
/** The vendored browser build sets window.signalR; loaded once, on the first room view. */
function loadSignalR() {
  signalrLoaded ??= new Promise((resolve, reject) => {
    if (window.signalR) return resolve(window.signalR);
    const script = h('script', { src: 'vendor/signalr.min.js' });
    script.onload = () => resolve(window.signalR);
    script.onerror = () => { signalrLoaded = null; reject(new Error('无法加载实时连接组件')); };
    document.head.append(script);
  });
  return signalrLoaded;
}

let current; // the open room view's connection, stopped when the console navigates away
export function leaveRooms() { current?.stop(); current = null; }

// How each kind is shown; a kind this console does not know yet is shown as a line, never dropped.
const kinds = {
  Text: m => h('div', { class: 'text' }, m.text),
  Evidence: (m, ctx) => {
    const e = ctx.evidence.get(m.evidenceId);
    return h('div', { class: 'evidence-ref' }, '证据：', e ? `${e.fileName}${e.description ? `（${e.description}）` : ''}` : '证据材料', ' ',
      h('button', { type: 'button', class: 'plain small', onclick: async ev => {
        const link = await attempt(ev.target.parentElement, () => api.get(`/api/evidence/${m.evidenceId}/link`));
        if (link) window.open(link.url, '_blank', 'noopener');
      } }, '查看'));
  },
  Offer: (m, ctx) => h('div', { class: 'offer', 'data-offer-status': m.offer.status },
    h('strong', {}, `调解方案：${fmt.yuan(m.offer.amountFen)}`), h('div', {}, m.offer.terms),
    m.offer.dueDate ? h('div', { class: 'muted' }, `履行期限：${m.offer.dueDate}`) : null,
    h('div', { class: 'offer-status' }, offerStatus[m.offer.status] || m.offer.status),
    m.offer.status === 'Accepted' ? h('button', { type: 'button', class: 'small draft-from-offer', onclick: ev =>
      attempt(ev.target.parentElement, () => api.post(`/api/rooms/${ctx.roomId}/offers/${m.id}/agreement`), '已据此方案起草调解协议，请到案件页修改并提交。') }, '以此方案起草协议') : null),
  OfferAccepted: () => h('div', { class: 'muted' }, '接受了方案'),
  OfferRejected: () => h('div', { class: 'muted' }, '拒绝了方案'),
};

class RoomColumn {
  constructor(room, ctx) {
    this.room = room;
    this.ctx = { ...ctx, roomId: room.id };
    this.byId = new Map();
    this.list = [];
    this.contiguous = 0;
    this.fetching = null;
    this.messages = h('ol', { class: 'room-messages', 'aria-live': 'polite' });
    this.status = h('span', { class: 'room-open badge' });
    this.toggle = h('button', { type: 'button', class: 'plain small room-toggle', onclick: () => this.setOpen(!this.room.open) });
    const text = h('textarea', { name: 'text', maxlength: 1000, placeholder: '发言（各方可见范围见上方说明）', 'data-field': 'text' });
    const evidence = h('select', { name: 'evidenceId' }, h('option', { value: '' }, '引用证据……'),
      [...ctx.evidence.values()].filter(e => !e.withdrawnAt).map(e => h('option', { value: e.id }, e.fileName)));
    this.form = h('form', { class: 'room-compose', onsubmit: async e => {
      e.preventDefault();
      const body = evidence.value ? { evidenceId: evidence.value } : { text: text.value };
      // one client id per message written: a retry of a lost answer stores nothing new
      const clientMessageId = this.form.dataset.pending || (this.form.dataset.pending = `console-${crypto.randomUUID()}`);
      const sent = await attempt(this.form, () => this.send({ clientMessageId, ...body }));
      if (sent) { delete this.form.dataset.pending; text.value = ''; evidence.value = ''; this.add(sent); }
    } }, h('label', {}, text), h('div', { class: 'row' }, evidence, h('button', { type: 'submit' }, '发送')));
    this.el = h('section', { class: 'card room-column', 'data-room': room.id, 'data-kind': room.kind },
      h('h3', {}, room.name, ' ', this.status, ' ', this.toggle),
      h('p', { class: 'muted' }, room.kind === 'Joint' ? '各方当事人与调解员可见。' : '仅这一方当事人与调解员可见（背靠背）。'),
      this.messages, this.form);
    this.showOpen();
  }

  showOpen() {
    this.status.textContent = this.room.open ? '开放' : '已关闭';
    this.status.className = `room-open badge${this.room.open ? '' : ' red'}`;
    this.toggle.textContent = this.room.open ? '关闭调解室' : '重新开放';
    this.form.hidden = !this.room.open;
  }

  async setOpen(open) {
    const room = await attempt(this.el, () => api.post(`/api/rooms/${this.room.id}/${open ? 'open' : 'close'}`));
    if (room) { this.room = room; this.showOpen(); }
  }

  send(request) {
    const hub = this.ctx.hub();
    return hub?.state === 'Connected'
      ? hub.invoke('SendMessage', this.room.id, request).catch(err => Promise.reject(hubError(err)))
      : api.post(`/api/rooms/${this.room.id}/messages`, request);
  }

  add(m) {
    const known = this.byId.get(m.id);
    if (known) return;
    this.byId.set(m.id, m);
    let i = this.list.length;
    while (i > 0 && this.list[i - 1].seq > m.seq) i--;
    this.list.splice(i, 0, m);
    while (this.list[this.contiguous]?.seq === this.contiguous + 1) this.contiguous++;
    const answered = m.replyToId && this.byId.get(m.replyToId);
    const status = { OfferAccepted: 'Accepted', OfferRejected: 'Rejected', Offer: 'Countered' }[m.kind];
    if (answered?.offer?.status === 'Open' && status) answered.offer = { ...answered.offer, status };
    this.render();
    if (this.list.length > this.contiguous) this.catchUp();
  }

  /** Everything after the last contiguous message, page by page; one fetch at a time. */
  catchUp() {
    if (this.fetching) { this.again = true; return this.fetching; }
    this.fetching = (async () => {
      try {
        do {
          this.again = false;
          for (;;) {
            const after = this.contiguous ? this.list[this.contiguous - 1].id : null;
            const page = await api.get(`/api/rooms/${this.room.id}/messages?limit=200${after ? `&after=${after}` : ''}`);
            page.items.forEach(m => this.byId.has(m.id) || this.add(m));
            if (page.items.length < 200) break;
          }
        } while (this.again);
      } finally { this.fetching = null; }
    })();
    return this.fetching;
  }

  render() {
    this.messages.replaceChildren(...this.list.map(m => h('li', { class: `room-message${m.senderRole === 'Mediator' ? ' mine' : ''}`, 'data-seq': m.seq, 'data-id': m.id },
      h('div', { class: 'who muted' }, `${roleNames[m.senderRole] || m.senderRole} ${m.senderName} · ${fmt.time(m.sentAt)}`),
      (kinds[m.kind] || (() => h('div', { class: 'muted' }, `（${m.kind} 类消息，本页面尚不能显示）`)))(m, this.ctx))));
    this.messages.scrollTop = this.messages.scrollHeight;
  }
}

function hubError(err) {
  // "… HubException: room-closed: 调解室已关闭…" → the Chinese detail, as the REST problem would say it
  const m = /HubException: ([a-z-]+): ([\s\S]*)$/.exec(err?.message || '');
  const e = new Error(m ? m[2] : err?.message || String(err));
  e.describe = () => e.message;
  return e;
}

export async function roomsPage(caseId) {
  leaveRooms();
  const [c, rooms, evidence] = await Promise.all([
    api.get(`/api/mediator/cases/${caseId}`), api.get(`/api/disputes/${caseId}/rooms`),
    api.get(`/api/disputes/${caseId}/evidence`).catch(() => ({ items: [] }))]);
  const d = c.case;
  document.title = `调解室 · ${fmt.ref(d)} · 信易调`;
  const connection = h('span', { id: 'room-connection', class: 'badge' }, '正在连接……');
  let hub = null;
  const ctx = { evidence: new Map(evidence.items.map(e => [e.id, e])), hub: () => hub };
  const columns = rooms.map(r => new RoomColumn(r, ctx));
  mount(
    h('p', {}, h('a', { href: `#/case/${caseId}` }, '← 返回案件')),
    h('h1', {}, `在线调解室 · ${fmt.caseTitle(d)} `, connection),
    h('p', { class: 'muted' }, '共同调解室与各方的背靠背调解室并排显示；背靠背调解室中的内容，另一方看不到。'),
    h('div', { class: 'room-columns', id: 'rooms' }, columns.map(col => col.el)),
  );
  await Promise.all(columns.map(col => col.catchUp()));

  const signalR = await loadSignalR().catch(e => { connection.replaceChildren(errorBox(e)); return null; });
  if (!signalR) return;
  hub = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/mediation', { accessTokenFactory: () => session.get()?.token, transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const byRoom = new Map(columns.map(col => [col.room.id, col]));
  hub.on('message', m => byRoom.get(m.roomId)?.add(m));
  hub.on('roomClosed', ({ roomId }) => { const col = byRoom.get(roomId); if (col) { col.room.open = false; col.showOpen(); } });
  hub.on('roomLeft', ({ roomId, reason }) => byRoom.get(roomId)?.el.append(h('div', { class: 'error' }, reason)));
  const joinAll = async () => {
    for (const col of columns) await hub.invoke('JoinRoom', col.room.id).catch(() => {});
    connection.textContent = '实时连接中';
    connection.className = 'badge';
    await Promise.all(columns.map(col => col.catchUp())); // what was said while the socket was down
  };
  hub.onreconnecting(() => { connection.textContent = '连接中断，正在重连……'; connection.className = 'badge red'; });
  hub.onreconnected(joinAll);
  hub.onclose(() => { connection.textContent = '未连接（刷新页面重连）'; connection.className = 'badge red'; });
  current = hub;
  try {
    await hub.start();
    await joinAll();
  } catch (e) {
    connection.textContent = '未连接：消息仍可通过网页发送，刷新查看回复';
    connection.className = 'badge red';
  }
}
