// 调解协议: read the full text, see who still has to confirm, confirm it (bound to the text's SHA-256).
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { disputeId: '', agreement: null, agreed: false, signing: false, loading: true, missing: false },
  methods: {
    onLoad(query) {
      this.setData({ disputeId: query.id });
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    async refresh() {
      this.setData({ loading: true });
      try {
        const agreement = await logic.loadAgreement(api, this.data.disputeId);
        // a new revision must be read and agreed to again
        const sameText = this.data.agreement && this.data.agreement.sha256 === agreement.sha256;
        this.setData({ agreement, missing: false, agreed: sameText ? this.data.agreed : false });
      } catch (err) {
        if (err.status === 404) this.setData({ missing: true, agreement: null });
        else api.showError(err);
      } finally {
        this.setData({ loading: false });
      }
    },
    onAgree(e) {
      this.setData({ agreed: e.detail.checked });
    },
    // → 'confirmed' | 'changed' | 'mismatch' | null
    async confirm() {
      const a = this.data.agreement;
      if (!a || this.data.signing) return null;
      if (!this.data.agreed) {
        wx.showToast({ title: '请先阅读全文并勾选同意', icon: 'none' });
        return null;
      }
      this.setData({ signing: true });
      try {
        // exactly the text on the screen, and the hash that came with it
        const result = await logic.confirmAgreement(api, a.id, this.data.agreement.text, this.data.agreement.sha256);
        if (result.ok) {
          wx.showToast({ title: '已确认', icon: 'success' });
          this.setData({ agreed: false });
          await this.refresh();
          return 'confirmed';
        }
        this.setData({ agreed: false });
        wx.showModal({
          title: result.changed ? '协议文本已变更' : '协议文本校验未通过',
          content: result.changed
            ? '调解员已修改协议，您看到的不是最新文本。已为您载入新文本，请重新阅读全文后再确认。'
            : '页面显示的文本与服务端的校验值不一致，未提交确认。已重新载入协议，请重新阅读后再确认。',
          showCancel: false,
          confirmText: '知道了',
        });
        await this.refresh();
        return result.changed ? 'changed' : 'mismatch';
      } catch (err) {
        api.showError(err);
        if (err.status === 409) await this.refresh(); // already confirmed, or no longer awaiting confirmation
        return null;
      } finally {
        this.setData({ signing: false });
      }
    },
    toPerformance() {
      wx.navigateTo({ url: `/pages/performance/index?id=${this.data.disputeId}` });
    },
  },
});
