// 我的案件: the cases I filed or am a party to, newest first.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const inbox = require('../inbox/logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { cases: [], loading: true, loaded: false, loadError: '' },
  methods: {
    onShow() {
      inbox.refreshBadge(api);
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    async refresh() {
      this.setData({ loading: true, loadError: '' });
      try {
        this.setData({ cases: await logic.loadCases(api), loaded: true });
      } catch (err) {
        this.setData({ loadError: err.message || '加载失败' }); // kept on the page with 重试
      } finally {
        this.setData({ loading: false });
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
