// 案件详情: the application as filed (personal data masked by the server), its timeline, and what the
// citizen can do next (add evidence, withdraw before an agreement, read and confirm the agreement, follow
// its performance, rate the mediation once it has ended).
const api = require('../../utils/api.js');
const logic = require('./logic.js');

Component({
  data: { id: '', detail: null, timeline: [], agreement: null, loading: true, rating: { score: 0, comment: '' }, ratingErrors: {}, rated: null },
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
        const { detail, timeline, agreement } = await logic.loadCase(api, this.data.id);
        this.setData({ detail, timeline, agreement, rated: wx.getStorageSync(`satisfaction.${this.data.id}`) || null });
      } catch (err) {
        api.showError(err);
      } finally {
        this.setData({ loading: false });
      }
    },
    toAgreement() {
      wx.navigateTo({ url: `/pages/agreement/index?id=${this.data.id}` });
    },
    toCorrect() {
      wx.navigateTo({ url: `/pages/correct/index?id=${this.data.id}` });
    },
    toPerformance() {
      wx.navigateTo({ url: `/pages/performance/index?id=${this.data.id}` });
    },
    onStar(e) {
      this.setData({ 'rating.score': Number(e.currentTarget.dataset.score), 'ratingErrors.score': '' });
    },
    onRatingComment(e) {
      this.setData({ 'rating.comment': e.detail.value, 'ratingErrors.comment': '' });
    },
    // → true when the rating was sent
    async rate() {
      try {
        const result = await logic.rateSatisfaction(api, this.data.id, this.data.rating);
        if (!result.ok) {
          this.setData({ ratingErrors: result.errors });
          return false;
        }
        // the service keeps the rating but has no call to read it back: remember it on the phone to show it
        const rated = { score: this.data.rating.score, comment: this.data.rating.comment, at: new Date().toISOString() };
        wx.setStorageSync(`satisfaction.${this.data.id}`, rated);
        this.setData({ rated, rating: { score: 0, comment: '' } });
        wx.showToast({ title: '感谢您的评价', icon: 'success' });
        return true;
      } catch (err) {
        api.showError(err);
        return false;
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
