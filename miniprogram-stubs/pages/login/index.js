// 登录: wx.login → POST /api/auth/wechat; then to the page that sent us here, or 我的案件.
const api = require('../../utils/api.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { loggingIn: false, redirect: '' },
  methods: {
    onLoad(query) {
      this.setData({ redirect: (query && query.redirect && decodeURIComponent(query.redirect)) || '' });
    },
    async login() {
      if (this.data.loggingIn) return null;
      this.setData({ loggingIn: true });
      try {
        const result = await api.login();
        wx.reLaunch({ url: this.data.redirect || '/pages/cases/index' });
        return result;
      } catch (err) {
        api.showError(err);
        return null;
      } finally {
        this.setData({ loggingIn: false });
      }
    },
  },
});
