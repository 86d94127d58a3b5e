// Seeds through the public API only, as a real administrator and citizen would.
export const password = 'Console-Staff-Passw0rd';

export function client(base, token) {
  async function call(method, path, body, headers = {}) {
    const response = await fetch(base + path, {
      method,
      headers: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return { get: p => call('GET', p), post: (p, b, h) => call('POST', p, b ?? {}, h) };
}

export async function staffLogin(base, username, pwd) {
  return (await client(base).post('/api/auth/staff', { username, password: pwd })).token;
}

export async function createStaff(adminClient, username, displayName, roles, bodyId) {
  return adminClient.post('/api/admin/staff', { username, password, displayName, roles, bodyId, active: true, phone: null });
}

/** A citizen signs in with a development code and files an application (as TestClients.cs builds one). */
export async function fileCase(base, citizen, bodyId, { applicant = '张三', typeCode = 'neighbourhood', amountFen = 500000, company = false,
  facts = '邻居李四在两家之间的通道上堆放杂物，多次协商未果。', preferredMediatorId = null } = {}) {
  const { token } = await client(base).post('/api/auth/wechat', { code: `dev:${citizen}` });
  const c = client(base, token);
  const rights = await c.get('/api/legal-texts/rights-notice');
  const commitment = await c.get('/api/legal-texts/credit-commitment');
  const created = await c.post('/api/disputes', {
    applicant: { name: applicant, gender: 'Male', ethnicity: '汉族', birthDate: '1980-05-01', idNumber: '371081198005011235', phone: '13800138000',
      address: '山东省威海市文登区张家产镇西村12号', occupation: '农民' },
    respondents: [{ kind: 'Person', name: '李四', idNumber: '371081197503124561', phone: '13900139000', address: '张家产镇西村14号' },
      ...(company ? [{ kind: 'Organization', name: '某某物业服务有限公司', creditCode: '91371081MA3C12345T', legalRepresentative: '王五',
        phone: '13700137000', address: '文登区龙山路1号' }] : [])],
    thirdParties: [],
    typeCode, facts, claims: '请求清除杂物，恢复通行。', amountFen, bodyId,
    preferredMode: 'Phone', preferredMediatorId,
    rightsNotice: { version: rights.version, sha256: rights.sha256, acknowledged: true },
    creditCommitment: { version: commitment.version, sha256: commitment.sha256, signed: true },
  }, { 'Idempotency-Key': crypto.randomUUID() });
  return { ...created, citizenToken: token };
}

/** A citizen who signs in and binds a verified phone (the development stand-in for WeChat's getPhoneNumber): a respondent named by it. */
export async function citizenWithPhone(base, citizen, phone) {
  const { token } = await client(base).post('/api/auth/wechat', { code: `dev:${citizen}` });
  await client(base, token).post('/api/me/phone', { code: `dev:${phone}` });
  return token;
}

/** The citizen uploads a file as evidence, as wx.uploadFile does (multipart: description, kind, then file). */
export async function uploadEvidence(base, citizenToken, caseId, { bytes, fileName, contentType, description, kind }) {
  const form = new FormData();
  if (description) form.append('description', description);
  if (kind) form.append('kind', kind);
  form.append('file', new Blob([bytes], { type: contentType }), fileName);
  const response = await fetch(`${base}/api/disputes/${caseId}/evidence`, { method: 'POST', headers: { Authorization: `Bearer ${citizenToken}` }, body: form });
  const text = await response.text();
  if (!response.ok) throw new Error(`evidence upload → ${response.status}: ${text}`);
  return JSON.parse(text);
}
