// 我的: the account (GET /api/me), binding the phone WeChat verified, consent to subscription messages.

function loadMe(api) {
  return api.get('/api/me');
}

// <button open-type="getPhoneNumber"> gives e.detail.code (a one-time code, valid 5 minutes) when the user
// agrees, or only errMsg when they refuse. → { phone, claimedCases } | null when refused.
async function bindPhone(api, detail) {
  if (!detail || !detail.code) return null;
  return api.post('/api/me/phone', { code: detail.code });
}

// wx.requestSubscribeMessage must run in a tap handler. → { templateId: 'accept' | 'reject' | 'ban' | 'filter' }
function requestSubscriptionConsent(templateIds) {
  return new Promise((resolve, reject) => {
    if (!templateIds.length) return resolve({});
    wx.requestSubscribeMessage({
      tmplIds: templateIds,
      success: (res) => {
        const results = {};
        for (const id of templateIds) results[id] = res[id];
        resolve(results);
      },
      fail: reject,
    });
  });
}

// PENDING ENDPOINT: POST /api/me/subscriptions { results } (sessions and notifications issue).
// Until the service has it, the consent is only kept on the phone, so nothing is claimed to be sent.
const SUBSCRIPTIONS_ENDPOINT_AVAILABLE = false;

async function recordSubscriptionConsent(api, results) {
  wx.setStorageSync('subscriptions.lastConsent', { results, at: new Date().toISOString() });
  if (!SUBSCRIPTIONS_ENDPOINT_AVAILABLE) return { recorded: false, pending: 'POST /api/me/subscriptions' };
  await api.create('/api/me/subscriptions', { results });
  return { recorded: true };
}

module.exports = { loadMe, bindPhone, requestSubscriptionConsent, recordSubscriptionConsent, SUBSCRIPTIONS_ENDPOINT_AVAILABLE };
