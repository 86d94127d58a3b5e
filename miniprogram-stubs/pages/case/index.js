// 案件详情: the application as filed (personal data masked by the server), its timeline, and what the
// citizen can do next (add evidence, withdraw before an agreement, read and confirm the agreement, follow
// its performance, rate the mediation once it has ended).
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const participation = require('./participation.js');
const session = require('../../utils/session.js');
const textSize = require('../../behaviors/text-size.js');

// today in China time, "YYYY-MM-DD", the earliest day the date picker offers
function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

Component({
  behaviors: [textSize],
  data: { id: '', detail: null, timeline: [], agreement: null, sessions: [], participation: null, refusal: null, refusalErrors: {}, counter: null, counterErrors: {}, today: '', loading: true, loadError: '', rating: { score: 0, comment: '' }, ratingErrors: {}, rated: null },
  methods: {
    onLoad(query) {
      this.setData({ id: query.id });
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    async refresh() {
      this.setData({ loading: true, loadError: '' });
      try {
        const me = (session.currentUser() || {}).id;
        const { detail, timeline, agreement, sessions } = await logic.loadCase(api, this.data.id, me);
        this.setData({ detail, timeline, agreement, sessions, rated: wx.getStorageSync(`satisfaction.${this.data.id}`) || null });
        this.setData({ participation: await participation.load(api, this.data.id, detail) });
      } catch (err) {
        // kept on the page with a retry, in the service's own Chinese words
        this.setData({ loadError: err.message || '加载失败' });
      } finally {
        this.setData({ loading: false });
      }
    },
    toAgreement() {
      wx.navigateTo({ url: `/pages/agreement/index?id=${this.data.id}` });
    },
    // 同意参加调解
    async agreeToMediate() {
      return this.sendAnswer({ agrees: true });
    },
    startRefusal() {
      this.setData({ refusal: { reasonCode: '', note: '' }, refusalErrors: {} });
    },
    cancelRefusal() {
      this.setData({ refusal: null, refusalErrors: {} });
    },
    onRefusalReason(e) {
      this.setData({ 'refusal.reasonCode': e.currentTarget.dataset.code, refusalErrors: {} });
    },
    onRefusalNote(e) {
      this.setData({ 'refusal.note': e.detail.value, 'refusalErrors.note': '' });
    },
    async refuseMediation() {
      return this.sendAnswer({ agrees: false, ...this.data.refusal });
    },
    async sendAnswer(choice) {
      try {
        const result = await participation.answer(api, this.data.id, choice);
        if (!result.ok) {
          this.setData({ refusalErrors: result.errors });
          return result;
        }
        this.setData({ refusal: null });
        wx.showToast({ title: choice.agrees ? '已同意参加调解' : '已告知调解委员会', icon: 'none' });
        await this.refresh();
        return result;
      } catch (err) {
        api.showError(err);
        return null;
      }
    },
    // 确认参加 a proposed time
    async confirmSession(e) {
      try {
        await logic.confirmSession(api, e.currentTarget.dataset.id);
        wx.showToast({ title: '已确认', icon: 'success' });
        await this.refresh();
        return true;
      } catch (err) {
        api.showError(err);
        return false;
      }
    },
    async openCounter(e) {
      const sessionId = e.currentTarget.dataset.id;
      this.setData({ counter: { sessionId, date: '', time: '', note: '', slots: [] }, counterErrors: {}, today: chinaToday() });
      const slots = await logic.freeSlots(api, sessionId);
      if (this.data.counter && this.data.counter.sessionId === sessionId) this.setData({ 'counter.slots': slots });
    },
    onPickSlot(e) {
      const slot = this.data.counter.slots[Number(e.currentTarget.dataset.index)];
      this.setData({ 'counter.date': slot.date, 'counter.time': slot.time, 'counterErrors.startsAt': '' });
    },
    closeCounter() {
      this.setData({ counter: null, counterErrors: {} });
    },
    onCounterDate(e) {
      this.setData({ 'counter.date': e.detail.value, 'counterErrors.startsAt': '' });
    },
    onCounterTime(e) {
      this.setData({ 'counter.time': e.detail.value, 'counterErrors.startsAt': '' });
    },
    onCounterNote(e) {
      this.setData({ 'counter.note': e.detail.value, 'counterErrors.note': '' });
    },
    async submitCounter() {
      const c = this.data.counter;
      if (!c) return null;
      try {
        const result = await logic.proposeOtherTime(api, c.sessionId, c);
        if (!result.ok) {
          this.setData({ counterErrors: result.errors });
          return result;
        }
        this.setData({ counter: null });
        wx.showToast({ title: '已提议，等调解员答复', icon: 'none' });
        await this.refresh();
        return result;
      } catch (err) {
        api.showError(err);
        return null;
      }
    },
    copyJoinUrl(e) {
      wx.setClipboardData({ data: e.currentTarget.dataset.url });
    },
    toRoom() {
      wx.navigateTo({ url: `/pages/room/index?id=${this.data.id}` });
    },
    toObjection() {
      wx.navigateTo({ url: `/pages/objection/index?id=${this.data.id}` });
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
      wx.navigateTo({ url: `/pages/evidence/index?id=${this.data.id}&number=${this.data.detail.number}` });
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
