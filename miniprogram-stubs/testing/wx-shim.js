// A `wx` whose request and uploadFile make REAL HTTP calls shaped the way WeChat makes them:
// - wx.request: JSON body for POST/PUT with content-type application/json (WeChat's default), object data
//   as a query string for GET; success gets { statusCode, data, header, cookies, errMsg }, data parsed as
//   JSON when it parses (dataType 'json', whatever the content type), fail gets { errMsg: 'request:fail …' }.
// - wx.uploadFile: multipart/form-data, the `formData` fields first, then the file in part `name` with its
//   file name and type; success gets { statusCode, data: <the body as a string>, errMsg }.
// - wx.connectSocket: a real WebSocket (the `ws` package), as a SocketTask: onOpen/onMessage({ data })/onClose({ code,
//   reason })/onError({ errMsg }), send({ data, success, fail }), close({ code, reason, success }); text frames arrive
//   as strings. Every task is kept in `sockets`, and `task.drop()` cuts it as a lost network would (no close
//   handshake; the client only notices through onClose 1006, as WeChat reports it).
// Everything else (login, storage, choosing files, UI) is in memory, with calls recorded for assertions.
const http = require('node:http');
const https = require('node:https');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const WebSocket = require('ws');

const MIME = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', mp4: 'video/mp4', pdf: 'application/pdf', m4a: 'audio/mp4', mp3: 'audio/mpeg' };
const REFERER = 'https://servicewechat.com/wx0000000000000000/devtools/page-frame.html';
const USER_AGENT = 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) MicroMessenger/8.0.50 MiniProgramEnv/android';

function send(urlString, { method, headers, body, timeout }) {
  return new Promise((resolve, reject) => {
    const url = new URL(urlString);
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method, headers: { 'User-Agent': USER_AGENT, Referer: REFERER, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ statusCode: res.statusCode, header: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeout || 60000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function toQuery(data) {
  if (!data || typeof data !== 'object') return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(data)) if (v !== undefined && v !== null) q.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

function createWxShim({ loginName }) {
  const storage = new Map();
  const tempFiles = new Map(); // wxfile://tmp_… → a real file
  let tempCounter = 0;
  const calls = { request: [], uploadFile: [], connectSocket: [], showToast: [], showModal: [], navigateTo: [], redirectTo: [], reLaunch: [] };

  const wx = {
    calls,
    loginName,
    chooseQueue: [], // files the "user" picks next: [{ localPath, fileType }]

    // a file the user could pick, as a WeChat temp path
    registerTempFile(localPath) {
      const temp = `wxfile://tmp_${++tempCounter}${path.extname(localPath)}`;
      tempFiles.set(temp, localPath);
      return temp;
    },

    login({ success, fail }) {
      setImmediate(() => (wx.loginName ? success({ code: `dev:${wx.loginName}`, errMsg: 'login:ok' }) : fail({ errMsg: 'login:fail' })));
    },

    request({ url, method = 'GET', data, header = {}, dataType = 'json', timeout, success, fail, complete }) {
      const entry = { url, method, header, data };
      calls.request.push(entry);
      const headers = { ...header };
      const hasContentType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
      if (!hasContentType) headers['content-type'] = 'application/json';
      let target = url;
      let body = null;
      if (method === 'GET' || method === 'HEAD') target += toQuery(data);
      else if (data !== undefined) {
        const ct = String(Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')[1]);
        body = Buffer.from(typeof data === 'string' ? data : ct.includes('application/x-www-form-urlencoded') ? toQuery(data).slice(1) : JSON.stringify(data));
        headers['Content-Length'] = body.length;
      }
      send(target, { method, headers, body, timeout }).then(
        (res) => {
          let parsed = res.text;
          if (dataType === 'json') {
            try {
              parsed = JSON.parse(res.text);
            } catch (e) {
              /* WeChat hands over the raw text */
            }
          }
          entry.statusCode = res.statusCode;
          const result = { statusCode: res.statusCode, data: parsed, header: res.header, cookies: [], errMsg: 'request:ok' };
          success && success(result);
          complete && complete(result);
        },
        (err) => {
          const result = { errMsg: 'request:fail ' + err.message };
          fail && fail(result);
          complete && complete(result);
        }
      );
      return { abort() {}, onHeadersReceived() {} };
    },

    uploadFile({ url, filePath, name, header = {}, formData = {}, timeout, success, fail, complete }) {
      const entry = { url, filePath, name, header, formData };
      calls.uploadFile.push(entry);
      const local = tempFiles.get(filePath) || filePath;
      const finish = (ok, result) => {
        (ok ? success : fail) && (ok ? success : fail)(result);
        complete && complete(result);
      };
      let bytes;
      try {
        bytes = fs.readFileSync(local);
      } catch (e) {
        setImmediate(() => finish(false, { errMsg: 'uploadFile:fail file not found' }));
        return { abort() {}, onProgressUpdate() {} };
      }
      const boundary = '----WeChatFormBoundary' + crypto.randomBytes(8).toString('hex');
      const parts = [];
      for (const [k, v] of Object.entries(formData)) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
      }
      const fileName = path.basename(filePath);
      const type = MIME[path.extname(fileName).slice(1).toLowerCase()] || 'application/octet-stream';
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`));
      parts.push(bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
      const body = Buffer.concat(parts);
      send(url, { method: 'POST', headers: { ...header, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': body.length }, body, timeout }).then(
        (res) => {
          entry.statusCode = res.statusCode;
          finish(true, { statusCode: res.statusCode, data: res.text, errMsg: 'uploadFile:ok' });
        },
        (err) => finish(false, { errMsg: 'uploadFile:fail ' + err.message })
      );
      return { abort() {}, onProgressUpdate() {} };
    },

    sockets: [],

    connectSocket({ url, header = {}, success, fail }) {
      calls.connectSocket.push({ url, header });
      const socket = new WebSocket(url, { headers: { 'User-Agent': USER_AGENT, Referer: REFERER, ...header } });
      const on = { open: [], message: [], close: [], error: [] };
      let closed = false;
      const emit = (kind, arg) => on[kind].forEach((fn) => fn(arg));
      socket.on('open', () => emit('open', { header: {}, profile: {} }));
      socket.on('message', (data, isBinary) => emit('message', { data: isBinary ? new Uint8Array(data).buffer : data.toString('utf8') }));
      socket.on('error', (err) => emit('error', { errMsg: 'connectSocket:fail ' + err.message }));
      socket.on('close', (code, reason) => {
        if (closed) return;
        closed = true;
        emit('close', { code, reason: String(reason || '') });
      });
      const task = {
        url,
        onOpen: (fn) => on.open.push(fn),
        onMessage: (fn) => on.message.push(fn),
        onClose: (fn) => on.close.push(fn),
        onError: (fn) => on.error.push(fn),
        send({ data, success: ok, fail: bad, complete }) {
          if (socket.readyState !== WebSocket.OPEN) {
            const res = { errMsg: 'sendSocketMessage:fail WebSocket is not connected' };
            setImmediate(() => { bad && bad(res); complete && complete(res); });
            return;
          }
          socket.send(data, (err) => {
            const res = { errMsg: err ? 'sendSocketMessage:fail ' + err.message : 'sendSocketMessage:ok' };
            (err ? bad : ok) && (err ? bad : ok)(res);
            complete && complete(res);
          });
        },
        close({ code = 1000, reason = '', success: ok } = {}) {
          if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
          else if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
          ok && setImmediate(() => ok({ errMsg: 'closeSocket:ok' }));
        },
        // the network goes: the socket dies without a close frame
        drop() {
          socket.terminate();
        },
        get readyState() {
          return socket.readyState;
        },
      };
      wx.sockets.push(task);
      setImmediate(() => success && success({ errMsg: 'connectSocket:ok' }));
      return task;
    },

    chooseMedia({ success, fail }) {
      const picked = wx.chooseQueue.splice(0);
      setImmediate(() =>
        picked.length
          ? success({ type: picked[0].fileType, tempFiles: picked.map((f) => ({ tempFilePath: wx.registerTempFile(f.localPath), size: fs.statSync(f.localPath).size, fileType: f.fileType || 'image' })), errMsg: 'chooseMedia:ok' })
          : fail({ errMsg: 'chooseMedia:fail cancel' })
      );
    },

    chooseMessageFile({ success, fail }) {
      const picked = wx.chooseQueue.splice(0);
      setImmediate(() =>
        picked.length
          ? success({ tempFiles: picked.map((f) => ({ path: wx.registerTempFile(f.localPath), size: fs.statSync(f.localPath).size, name: path.basename(f.localPath), type: 'file', time: Date.now() / 1000 })), errMsg: 'chooseMessageFile:ok' })
          : fail({ errMsg: 'chooseMessageFile:fail cancel' })
      );
    },

    requestSubscribeMessage({ tmplIds, success }) {
      const res = { errMsg: 'requestSubscribeMessage:ok' };
      for (const id of tmplIds) res[id] = 'accept';
      setImmediate(() => success(res));
    },

    getStorageSync: (k) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k, v) => storage.set(k, v),
    removeStorageSync: (k) => storage.delete(k),
    showToast: (o) => calls.showToast.push(o),
    showModal: (o) => {
      calls.showModal.push(o);
      if (o.success) setImmediate(() => o.success({ confirm: true, cancel: false, content: wx.modalContent || '' }));
    },
    showLoading: () => {},
    hideLoading: () => {},
    navigateTo: (o) => calls.navigateTo.push(o),
    redirectTo: (o) => calls.redirectTo.push(o),
    reLaunch: (o) => calls.reLaunch.push(o),
    stopPullDownRefresh: () => {},
  };
  return wx;
}

module.exports = { createWxShim };
