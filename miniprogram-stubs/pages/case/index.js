// 案件详情: the application as filed (personal data masked by the server), its timeline, and what the
// citizen can do next (add evidence, withdraw before an agreement).
const api = require('../../utils/api.js');
const logic = require('./logic.js');

Component({
  data: { id: '', detail: null, timeline: [], loading: true },
  methods: {
    onLoad(query) {
      this.setData({ id: query.id });
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    async refresh() {
      this.setData({ loading: true });
      try {
        const { detail, timeline } = await logic.loadCase(api, this.data.id);
        this.setData({ detail, timeline });
      } catch (err) {
        api.showError(err);
      } finally {
        this.setData({ loading: false });
      }
    },
    addEvidence() {
      wx.navigateTo({ url: `/pages/evidence/index?id=${this.data.id}&caseNumber=${this.data.detail.caseNumber}` });
    },
    // asks for a reason with an editable modal, then withdraws
    withdraw() {
      return new Promise((resolve) =>
        wx.showModal({
          title: '撤回调解申请',
          editable: true,
          placeholderText: '请填写撤回理由',
          confirmText: '撤回',
          confirmColor: '#d93025',
          success: async (res) => {
            if (!res.confirm) return resolve(null);
            const reason = String(res.content || '').trim();
            if (!reason) {
              wx.showToast({ title: '请填写撤回理由', icon: 'none' });
              return resolve(null);
            }
            try {
              const detail = await logic.withdraw(api, this.data.id, reason);
              this.setData({ detail });
              wx.showToast({ title: '已撤回', icon: 'success' });
              await this.refresh();
              resolve(detail);
            } catch (err) {
              api.showError(err);
              resolve(null);
            }
          },
        })
      );
    },
  },
});
