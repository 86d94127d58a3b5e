// 我的案件: the cases I filed or am a party to, newest first.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const inbox = require('../inbox/logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { cases: [], loading: true, loaded: false },
  methods: {
    onShow() {
      inbox.refreshBadge(api);
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    async refresh() {
      this.setData({ loading: true });
      try {
        this.setData({ cases: await logic.loadCases(api) });
      } catch (err) {
        api.showError(err);
      } finally {
        this.setData({ loading: false, loaded: true });
      }
    },
    onOpen(e) {
      wx.navigateTo({ url: `/pages/case/index?id=${e.detail.id}` });
    },
    apply() {
      wx.navigateTo({ url: '/pages/apply/index' });
    },
  },
});
