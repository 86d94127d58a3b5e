// The one wrapper over wx.request / wx.uploadFile that every page uses.
// - adds `Authorization: Bearer <token>`; on 401 logs in again with wx.login once and repeats the call
// - sends an `Idempotency-Key` on every POST that creates something (`create`, `upload`), the same key
//   for every retry of that action
// - retries when the network fails (never when the server answered, except 502/503/504 on safe calls)
// - turns problem+json into an ApiError with a Chinese message and per-field errors; `showError` shows it
const config = require('../config.js');
const session = require('./session.js');
const { ApiError } = require('./problem.js');
const { newKey } = require('./idempotency.js');

const LOGIN_PAGE = '/pages/login/index';

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isRetryableStatus(status) {
  return status === 502 || status === 503 || status === 504;
}

function parseBody(data) {
  if (typeof data !== 'string') return data;
  if (data === '') return null;
  try {
    return JSON.parse(data);
  } catch (e) {
    return data;
  }
}

// One wx.request as a promise: resolves { statusCode, data, header } or rejects ApiError(network).
function wxRequest(options) {
  return new Promise((resolve, reject) => {
    wx.request({
      ...options,
      timeout: config.requestTimeoutMs,
      success: (res) => resolve({ statusCode: res.statusCode, data: parseBody(res.data), header: res.header || {} }),
      fail: (err) => reject(new ApiError({ network: true, errMsg: (err && err.errMsg) || 'request:fail' })),
    });
  });
}

function wxUploadFile(options) {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      ...options,
      timeout: config.uploadTimeoutMs,
      // uploadFile's data is always the raw response text
      success: (res) => resolve({ statusCode: res.statusCode, data: parseBody(res.data), header: res.header || {} }),
      fail: (err) => reject(new ApiError({ network: true, errMsg: (err && err.errMsg) || 'uploadFile:fail' })),
    });
  });
}

// Runs `send` until the server answers (network failures retried with back-off).
async function withRetries(send, { safeToRepeat }) {
  let attempt = 0;
  for (;;) {
    try {
      const res = await send();
      if (safeToRepeat && isRetryableStatus(res.statusCode) && attempt < config.networkRetries) {
        attempt++;
        await sleep(config.retryDelayMs * attempt);
        continue;
      }
      return res;
    } catch (err) {
      if (!(err instanceof ApiError) || !err.network || attempt >= config.networkRetries) throw err;
      attempt++;
      await sleep(config.retryDelayMs * attempt);
    }
  }
}

let loginInFlight = null;

// wx.login → POST /api/auth/wechat → token saved. Concurrent callers share one login.
function login() {
  if (!loginInFlight) {
    loginInFlight = (async () => {
      const { code } = config.devLoginName
        ? { code: 'dev:' + config.devLoginName }
        : await new Promise((resolve, reject) =>
            wx.login({ success: resolve, fail: (err) => reject(new ApiError({ network: true, errMsg: err && err.errMsg })) })
          );
      const res = await withRetries(
        () => wxRequest({ url: config.baseUrl + '/api/auth/wechat', method: 'POST', data: { code }, header: { 'content-type': 'application/json' } }),
        { safeToRepeat: false }
      );
      if (res.statusCode !== 200) throw new ApiError({ status: res.statusCode, problem: res.data });
      session.save(res.data);
      return res.data;
    })().finally(() => {
      loginInFlight = null;
    });
  }
  return loginInFlight;
}

function authHeader() {
  const token = session.getToken();
  return token ? { Authorization: 'Bearer ' + token } : {};
}

// Sends, and on 401 (token expired or revoked) logs in again once and repeats with the same key.
async function authorised(send, { auth }) {
  if (auth && !session.getToken()) await loginOrGoToLoginPage();
  let res = await send();
  if (auth && res.statusCode === 401) {
    session.clear();
    await loginOrGoToLoginPage();
    res = await send();
  }
  return res;
}

async function loginOrGoToLoginPage() {
  try {
    await login();
  } catch (err) {
    if (typeof wx.reLaunch === 'function') wx.reLaunch({ url: LOGIN_PAGE });
    throw err;
  }
}

function unwrap(res) {
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data;
  throw new ApiError({ status: res.statusCode, problem: res.data && typeof res.data === 'object' ? res.data : null });
}

/**
 * request({ method, path, data, auth = true, idempotencyKey })
 * Resolves with the parsed body of a 2xx answer; rejects with ApiError otherwise.
 */
async function request({ method = 'GET', path, data, auth = true, idempotencyKey, header = {} }) {
  const send = () => {
    const h = { 'content-type': 'application/json', ...header, ...(auth ? authHeader() : {}) };
    if (idempotencyKey) h['Idempotency-Key'] = idempotencyKey;
    return wxRequest({ url: config.baseUrl + path, method, data, header: h });
  };
  const safeToRepeat = method === 'GET' || Boolean(idempotencyKey);
  const res = await authorised(() => withRetries(send, { safeToRepeat }), { auth });
  return unwrap(res);
}

const get = (path, options = {}) => request({ ...options, method: 'GET', path });
const post = (path, data, options = {}) => request({ ...options, method: 'POST', path, data });
// PUT replaces a resource; not repeated automatically after a lost answer (the page looks whether it went through).
const put = (path, data, options = {}) => request({ ...options, method: 'PUT', path, data });

/**
 * A POST that creates something. Pass the key of the action (see PendingAction) so that the citizen's own
 * retry of the same action reuses it; without one, a fresh key covers this call and its automatic retries.
 */
function create(path, data, { idempotencyKey } = {}) {
  return post(path, data, { idempotencyKey: idempotencyKey || newKey() });
}

/**
 * wx.uploadFile to the API: multipart/form-data with `formData` fields and the file in part `name`.
 */
async function upload({ path, filePath, name = 'file', formData = {}, idempotencyKey }) {
  const key = idempotencyKey || newKey();
  const send = () =>
    wxUploadFile({ url: config.baseUrl + path, filePath, name, formData, header: { ...authHeader(), 'Idempotency-Key': key } });
  const res = await authorised(() => withRetries(send, { safeToRepeat: true }), { auth: true });
  return unwrap(res);
}

/**
 * wx.uploadFile straight to object storage with a presigned POST policy: the policy's `fields` go first,
 * then the file. No bearer token: the policy is the authorisation. Resolves with the status code.
 */
async function uploadToStorage({ url, fields, filePath }) {
  const res = await withRetries(() => wxUploadFile({ url, filePath, name: 'file', formData: fields, header: {} }), { safeToRepeat: true });
  if (res.statusCode >= 200 && res.statusCode < 300) return res.statusCode;
  throw new ApiError({ status: res.statusCode, problem: { title: '文件上传失败', detail: `存储服务拒绝了上传（${res.statusCode}），请重新选择文件上传。` } });
}

/**
 * Shows an error the way a citizen should see it: field errors are shown by the page next to the fields,
 * so only a short toast here; anything else a modal with the server's Chinese title and detail.
 */
function showError(err) {
  if (!(err instanceof ApiError)) {
    wx.showModal({ title: '出错了', content: String((err && err.message) || err), showCancel: false });
    return;
  }
  if (err.network) {
    wx.showToast({ title: err.message, icon: 'none', duration: 2500 });
  } else if (err.isValidation) {
    wx.showToast({ title: '请检查标红的内容', icon: 'none', duration: 2500 });
  } else {
    wx.showModal({ title: err.title, content: err.message, showCancel: false, confirmText: '知道了' });
  }
}

module.exports = { request, get, post, put, create, upload, uploadToStorage, login, showError, ApiError };
