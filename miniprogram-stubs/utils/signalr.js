// A SignalR client over wx.connectSocket, speaking the JSON hub protocol itself (the official client needs
// browser APIs a mini-program does not have).
//
// - Transport: WebSockets only, without negotiation (skipNegotiation): one request to the hub's address, so
//   it also works behind several instances without sticky sessions. The token goes on the query string as
//   `access_token` (a WebSocket cannot carry an Authorization header from every client).
// - Framing: every message is JSON followed by the record separator 0x1e; one frame may hold several.
// - Handshake `{"protocol":"json","version":1}` → `{}` (or `{"error":…}`).
// - Messages: 1 invocation (with `invocationId` when an answer is wanted), 3 completion (`result` or
//   `error`), 6 ping (both ways, every `pingIntervalMs`), 7 close (`error`, `allowReconnect`).
// - A connection that hears nothing for `serverTimeoutMs` is taken as dead (a phone that lost the network
//   often never gets a close). Unless `stop()` was called it reconnects after each delay of
//   `reconnectDelaysMs` in turn (the last one repeating), and tells `onReconnected` listeners, which join
//   their rooms again and fetch what they missed by REST.
const RS = '\x1e';
const TYPE = { invocation: 1, completion: 3, ping: 6, close: 7 };
const DEFAULT_DELAYS = [0, 1000, 2000, 5000, 10000, 30000];

class HubError extends Error {
  // SignalR sends "An unexpected error occurred invoking 'X' on the server. HubException: code: detail":
  // `code` is the REST problem's code, `detail` the Chinese text to show.
  constructor(message) {
    super(message);
    const m = /HubException: ([a-z-]+): ([\s\S]*)$/.exec(message || '');
    this.code = m ? m[1] : 'hub-error';
    this.detail = m ? m[2] : message;
  }
}

class HubConnection {
  constructor({ url, accessTokenFactory = () => null, reconnectDelaysMs = DEFAULT_DELAYS, pingIntervalMs = 15000, serverTimeoutMs = 30000, wxApi } = {}) {
    this.url = url;
    this.accessTokenFactory = accessTokenFactory;
    this.reconnectDelaysMs = reconnectDelaysMs;
    this.pingIntervalMs = pingIntervalMs;
    this.serverTimeoutMs = serverTimeoutMs;
    this.wx = wxApi || (typeof wx !== 'undefined' ? wx : null);
    this.state = 'disconnected'; // connecting | connected | reconnecting | disconnected
    this.handlers = {};
    this.listeners = { reconnecting: [], reconnected: [], close: [] };
    this.pending = new Map();
    this.nextId = 1;
    this.task = null;
    this.stopped = false;
    this.attempt = 0;
  }

  on(target, handler) {
    (this.handlers[target.toLowerCase()] = this.handlers[target.toLowerCase()] || []).push(handler);
  }

  onReconnecting(fn) { this.listeners.reconnecting.push(fn); }
  onReconnected(fn) { this.listeners.reconnected.push(fn); }
  onClose(fn) { this.listeners.close.push(fn); }

  /** Connects and completes the handshake; rejects when the first connection fails. */
  async start() {
    this.stopped = false;
    this.state = 'connecting';
    try {
      await this.connect();
    } catch (err) {
      this.state = 'disconnected';
      throw err;
    }
    this.state = 'connected';
  }

  /** Calls a hub method and resolves with its result (completion), or rejects with a HubError. */
  invoke(target, ...args) {
    if (this.state !== 'connected') return Promise.reject(new HubError('not connected'));
    const invocationId = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(invocationId, { resolve, reject });
      this.send({ type: TYPE.invocation, invocationId, target, arguments: args }).catch((err) => {
        this.pending.delete(invocationId);
        reject(err);
      });
    });
  }

  /** Calls a hub method without waiting for an answer. */
  sendOnly(target, ...args) {
    if (this.state !== 'connected') return Promise.resolve(false);
    return this.send({ type: TYPE.invocation, target, arguments: args }).then(() => true, () => false);
  }

  /** Closes for good: no reconnecting. */
  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const task = this.task;
    this.teardown(new HubError('connection stopped'));
    if (task) task.close({ code: 1000, reason: 'stop' });
    this.setState('disconnected');
  }

  // --- internals ---

  socketUrl() {
    const token = this.accessTokenFactory();
    const base = this.url.replace(/^http/, 'ws');
    return token ? `${base}${base.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}` : base;
  }

  connect() {
    return new Promise((resolve, reject) => {
      let handshaken = false;
      let buffer = '';
      const task = this.wx.connectSocket({ url: this.socketUrl(), fail: (e) => fail(new HubError(e.errMsg || 'connectSocket:fail')) });
      this.task = task;
      const fail = (err) => {
        if (handshaken || this.task !== task) return;
        handshaken = true; // settles once
        this.task = null;
        try { task.close({}); } catch (e) { /* already closed */ }
        reject(err);
      };
      task.onOpen(() => {
        task.send({ data: JSON.stringify({ protocol: 'json', version: 1 }) + RS, fail: (e) => fail(new HubError(e.errMsg)) });
      });
      task.onMessage(({ data }) => {
        if (this.task !== task) return;
        this.heard();
        buffer += typeof data === 'string' ? data : new TextDecoder().decode(data);
        let end;
        while ((end = buffer.indexOf(RS)) >= 0) {
          const record = buffer.slice(0, end);
          buffer = buffer.slice(end + 1);
          let message;
          try { message = JSON.parse(record); } catch (e) { continue; }
          if (!handshaken) {
            handshaken = true;
            if (message.error) { this.task = null; task.close({}); reject(new HubError(message.error)); return; }
            this.startPings();
            resolve();
            continue;
          }
          this.dispatch(message);
        }
      });
      task.onError((e) => fail(new HubError((e && e.errMsg) || 'socket error')));
      task.onClose((e) => {
        if (this.task !== task) return;
        if (!handshaken) return fail(new HubError(`socket closed before the handshake (${e && e.code})`));
        this.lost(new HubError(`socket closed (${e && e.code})`));
      });
    });
  }

  dispatch(message) {
    switch (message.type) {
      case TYPE.invocation: {
        for (const handler of this.handlers[String(message.target).toLowerCase()] || []) {
          try { handler(...(message.arguments || [])); } catch (e) { console.error(e); }
        }
        break;
      }
      case TYPE.completion: {
        const call = this.pending.get(message.invocationId);
        if (!call) break;
        this.pending.delete(message.invocationId);
        if (message.error) call.reject(new HubError(message.error));
        else call.resolve(message.result);
        break;
      }
      case TYPE.ping:
        break;
      case TYPE.close:
        if (message.allowReconnect === false) {
          this.stopped = true;
          const task = this.task;
          this.teardown(new HubError(message.error || 'closed by the server'));
          if (task) task.close({});
          this.setState('disconnected', message.error);
        } else this.lost(new HubError(message.error || 'closed by the server'));
        break;
      default:
        break; // stream items and the like: this client does not use them
    }
  }

  send(message) {
    const task = this.task;
    return new Promise((resolve, reject) => {
      if (!task) return reject(new HubError('not connected'));
      task.send({ data: JSON.stringify(message) + RS, success: () => resolve(), fail: (e) => reject(new HubError(e.errMsg || 'send failed')) });
    });
  }

  startPings() {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ type: TYPE.ping }).catch(() => {}), this.pingIntervalMs);
    this.heard();
  }

  heard() {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.lost(new HubError('server timeout')), this.serverTimeoutMs);
  }

  teardown(err) {
    clearInterval(this.pingTimer);
    clearTimeout(this.silenceTimer);
    this.task = null;
    for (const call of this.pending.values()) call.reject(err);
    this.pending.clear();
  }

  /** The connection is gone without a stop(): reconnect with back-off. */
  lost(err) {
    if (this.state !== 'connected') return;
    const task = this.task;
    this.teardown(err);
    if (task) try { task.close({}); } catch (e) { /* already closed */ }
    if (this.stopped) return this.setState('disconnected', err.message);
    this.attempt = 0;
    this.setState('reconnecting', err.message);
    this.retry();
  }

  retry() {
    const delay = this.reconnectDelaysMs[Math.min(this.attempt, this.reconnectDelaysMs.length - 1)];
    this.attempt++;
    this.retryTimer = setTimeout(async () => {
      if (this.stopped) return;
      try {
        await this.connect();
      } catch (e) {
        if (!this.stopped) this.retry();
        return;
      }
      if (this.stopped) return;
      this.setState('connected');
    }, delay);
  }

  setState(state, reason) {
    const before = this.state;
    this.state = state;
    if (state === 'reconnecting') this.listeners.reconnecting.forEach((fn) => fn(reason));
    else if (state === 'connected' && before === 'reconnecting') this.listeners.reconnected.forEach((fn) => fn());
    else if (state === 'disconnected' && before !== 'disconnected') this.listeners.close.forEach((fn) => fn(reason));
  }
}

module.exports = { HubConnection, HubError, RS, TYPE };
