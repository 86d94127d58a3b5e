// 我的: account, phone binding (a respondent named by phone number sees the case after binding it),
// subscription messages, the way to 我的信用.
const api = require('../../utils/api.js');
const config = require('../../config.js');
const session = require('../../utils/session.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');
const textSizeSetting = require('../../utils/text-size.js');

Component({
  behaviors: [textSize],
  data: { largeText: false, me: null, binding: false, canSubscribe: config.subscribeTemplateIds.length > 0, subscribed: false },
  methods: {
    onShow() {
      this.setData({ largeText: textSizeSetting.isLarge() });
      return this.refresh();
    },
    async refresh() {
      try {
        this.setData({ me: await logic.loadMe(api) });
      } catch (err) {
        api.showError(err);
      }
    },
    async onGetPhoneNumber(e) {
      if (!e.detail.code) {
        wx.showToast({ title: '未授权手机号', icon: 'none' });
        return null;
      }
      this.setData({ binding: true });
      try {
        const result = await logic.bindPhone(api, e.detail);
        const more = result.claimedCases > 0 ? `，已关联 ${result.claimedCases} 件您作为被申请人的案件` : '';
        wx.showModal({ title: '手机号已绑定', content: `${result.phone}${more}。`, showCancel: false });
        await this.refresh();
        return result;
      } catch (err) {
        api.showError(err);
        return null;
      } finally {
        this.setData({ binding: false });
      }
    },
    async subscribe() {
      try {
        const results = await logic.requestSubscriptionConsent(config.subscribeTemplateIds);
        await logic.recordSubscriptionConsent(api, results);
        this.setData({ subscribed: Object.values(results).includes('accept') });
      } catch (err) {
        api.showError(err);
      }
    },
    // 大字模式: every page's text 1.25× larger (on top of the phone's own font setting)
    onLargeText(e) {
      textSizeSetting.setLarge(e.detail.value);
      this.setData({ largeText: Boolean(e.detail.value) });
      this.applyTextSize();
    },
    toPreferences() {
      wx.navigateTo({ url: '/pages/preferences/index' });
    },
    toCredit() {
      wx.navigateTo({ url: '/pages/credit/index' });
    },
    logout() {
      session.clear();
      wx.reLaunch({ url: '/pages/login/index' });
    },
  },
});
