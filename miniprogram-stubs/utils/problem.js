// Turns what the service answers on failure (RFC 9457 problem+json, Chinese title/detail,
// `errors` keyed by JSON path for validation) into what a citizen reads.

const NETWORK_MESSAGE = '网络不稳定，请检查网络后重试';

class ApiError extends Error {
  constructor({ status = 0, problem = null, network = false, errMsg = '' }) {
    super(messageFor({ status, problem, network }));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.network = network;
    this.errMsg = errMsg;
    this.fieldErrors = fieldErrorsOf(problem);
  }

  get title() {
    if (this.network) return '网络错误';
    return (this.problem && this.problem.title) || defaultTitle(this.status);
  }

  get isValidation() {
    return Object.keys(this.fieldErrors).length > 0;
  }
}

function defaultTitle(status) {
  if (status === 401) return '请重新登录';
  if (status === 403) return '无权执行此操作';
  if (status === 404) return '未找到请求的内容';
  if (status === 409) return '操作与当前状态冲突';
  if (status === 413) return '文件或内容过大';
  if (status === 415) return '不支持的文件类型';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return '服务暂时不可用，请稍后再试';
  return '请求失败';
}

function messageFor({ status, problem, network }) {
  if (network) return NETWORK_MESSAGE;
  if (problem && typeof problem === 'object') {
    const first = firstFieldError(problem);
    return problem.detail || first || problem.title || defaultTitle(status);
  }
  return defaultTitle(status);
}

// `errors: { "applicant.idNumber": ["..."], "respondents[0].phone": ["..."] }` → { key: "first message" }
function fieldErrorsOf(problem) {
  const out = {};
  if (!problem || typeof problem !== 'object' || !problem.errors || typeof problem.errors !== 'object') return out;
  for (const [key, messages] of Object.entries(problem.errors)) {
    const list = Array.isArray(messages) ? messages : [messages];
    if (list.length) out[normaliseKey(key)] = String(list[0]);
  }
  return out;
}

function firstFieldError(problem) {
  const errors = fieldErrorsOf(problem);
  const keys = Object.keys(errors);
  return keys.length ? errors[keys[0]] : null;
}

// The server answers in the JSON names the client sent ("respondents[0].idNumber"); tolerate a
// PascalCase or "$."-prefixed key so that a server-side change shows up as a message, not as nothing.
function normaliseKey(key) {
  return String(key)
    .replace(/^\$\.?/, '')
    .split('.')
    .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
    .join('.');
}

module.exports = { ApiError, fieldErrorsOf, normaliseKey, NETWORK_MESSAGE };
