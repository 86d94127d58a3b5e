// A small fake service for page tests: routes "METHOD /path" → handler(options), every call recorded.
const config = require('../config.js');

function fakeService(routes) {
  const calls = [];
  const onRequest = (o) => {
    const path = o.url.slice(config.baseUrl.length).split('?')[0];
    calls.push({ method: o.method || 'GET', path, data: o.data, header: o.header, url: o.url });
    if (path === '/api/auth/wechat') return { statusCode: 200, data: { token: 'T', expiresAt: '2999-01-01T00:00:00Z' } };
    const handler = routes[`${o.method || 'GET'} ${path}`];
    return handler ? handler(o) : { statusCode: 404, data: { title: '未找到请求的内容', status: 404 } };
  };
  return { calls, onRequest, posts: (path) => calls.filter((c) => c.method === 'POST' && c.path === path) };
}

module.exports = { fakeService };
