// The console's only way to the service: the public HTTP API, with the staff token kept for this browser tab.
const KEY = 'mediation.staff';

export const session = {
  get() { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return null; } },
  set(login) { sessionStorage.setItem(KEY, JSON.stringify(login)); },
  clear() { sessionStorage.removeItem(KEY); },
  user() { return this.get()?.user ?? null; },
  has(...roles) { const u = this.user(); return !!u && roles.some(r => u.roles?.includes(r)); },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `请求失败（${status}）`);
    this.status = status;
    this.problem = problem;
  }
  /** Title, detail and every field message of a problem+json answer, one per line. */
  describe() {
    const p = this.problem || {};
    const lines = [p.title, p.detail].filter(Boolean);
    for (const messages of Object.values(p.errors || {})) lines.push(...messages);
    return [...new Set(lines)].join('\n') || this.message;
  }
}

async function request(method, path, body, accept = 'application/json', extra = {}) {
  const headers = { Accept: accept, ...extra };
  const token = session.get()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const form = body instanceof FormData; // multipart: the browser writes the Content-Type with its boundary
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined || form ? body : JSON.stringify(body) });
  if (response.status === 401 && path !== '/api/auth/staff') {
    session.clear();
    location.hash = '#/login';
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export const api = {
  async get(path) { return (await request('GET', path)).json(); },
  async post(path, body = {}, headers = {}) { const r = await request('POST', path, body, 'application/json', headers); return r.status === 204 ? null : r.json(); },
  /** A multipart upload (evidence): `form` is a FormData with the `file` part last. */
  async upload(path, form) { return (await request('POST', path, form)).json(); },
  async del(path) { const r = await request('DELETE', path); return r.status === 204 ? null : r.json(); },
  async put(path, body) { const r = await request('PUT', path, body); return r.status === 204 ? null : r.json(); },
  /** A text answer (the printable agreement's HTML), fetched with the bearer token: a plain link could not send it. */
  async text(path, accept = 'text/html') { return (await request('GET', path, undefined, accept)).text(); },
  /** A file answer (xlsx, csv) as a Blob with its suggested name. */
  async file(path, accept) {
    const r = await request('GET', path, undefined, accept);
    const disposition = r.headers.get('Content-Disposition') || '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    const plain = /filename="?([^";]+)"?/i.exec(disposition);
    return { blob: await r.blob(), name: star ? decodeURIComponent(star[1]) : plain ? plain[1] : 'download' };
  },
};

const cache = new Map();
/** Reference data that changes rarely: fetched once per page load. */
export function cached(path) {
  if (!cache.has(path)) cache.set(path, api.get(path).catch(e => { cache.delete(path); throw e; }));
  return cache.get(path);
}

/** The bodies this user works for: an administrator all, anyone else their own and those below it. */
export async function myBodies() {
  const bodies = await cached('/api/bodies');
  const user = session.user();
  if (session.has('Admin') || !user?.bodyId) return bodies;
  const mine = [user.bodyId];
  for (let i = 0; i < mine.length; i++) bodies.filter(b => b.parentId === mine[i]).forEach(b => mine.push(b.id));
  return bodies.filter(b => mine.includes(b.id));
}
