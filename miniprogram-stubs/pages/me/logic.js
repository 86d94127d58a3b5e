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

// POST /api/me/subscriptions { results }: each accepted one-time consent lets the service send one message.
async function recordSubscriptionConsent(api, results) {
  wx.setStorageSync('subscriptions.lastConsent', { results, at: new Date().toISOString() });
  if (!Object.keys(results).length) return { recorded: false };
  const answer = await api.create('/api/me/subscriptions', { results });
  return { recorded: true, templates: answer.templates };
}

module.exports = { loadMe, bindPhone, requestSubscriptionConsent, recordSubscriptionConsent };
