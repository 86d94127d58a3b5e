// The one place that says where the service is. Change `baseUrl` for each environment;
// in WeChat DevTools with "不校验合法域名" ticked, http://127.0.0.1:5080 reaches `dotnet run --project Api`.
// A released mini-program needs an https address listed under 开发管理 → 服务器域名 (request and uploadFile).
module.exports = {
  baseUrl: 'http://127.0.0.1:5080',
  // How often a request is retried when the network (not the server) fails.
  networkRetries: 2,
  retryDelayMs: 400,
  requestTimeoutMs: 15000,
  uploadTimeoutMs: 120000,
  // Files larger than this go straight to object storage with a presigned POST form
  // (POST /api/disputes/{id}/evidence/uploads) instead of through the API.
  directUploadAboveBytes: 10 * 1024 * 1024,
  // Only for WeChat DevTools against a local service in Development with no AppSecret: log in as the
  // simulated citizen `dev:<name>` instead of sending wx.login's real code (which only WeChat can check).
  // Must stay '' in anything released; the service refuses such codes outside Development anyway.
  devLoginName: '',
  // Subscription message template ids (微信公众平台 → 订阅消息). Empty: the consent button is hidden.
  subscribeTemplateIds: [],
};
