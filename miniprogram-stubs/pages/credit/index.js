// 我的信用: notified credit steps, their status and objection deadline; an objection while the window is open.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const evidence = require('../evidence/logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { items: [], loading: true, objecting: null, form: null, errors: {}, submitting: false },
  methods: {
    onShow() {
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    async refresh() {
      this.setData({ loading: true });
      try {
        this.setData({ items: await logic.loadCredit(api) });
      } catch (err) {
        api.showError(err);
      } finally {
        this.setData({ loading: false });
      }
    },
    startObjection(e) {
      this.objectionState = { uploaded: {} };
      this.setData({ objecting: e.currentTarget.dataset.id, form: { reason: '', files: [] }, errors: {} });
    },
    cancelObjection() {
      this.setData({ objecting: null, form: null, errors: {} });
    },
    onReason(e) {
      this.setData({ 'form.reason': e.detail.value, 'errors.reason': '' });
    },
    async addEvidence() {
      try {
        const picked = await evidence.chooseMedia(9);
        this.setData({ 'form.files': this.data.form.files.concat(picked) });
      } catch (err) {
        if (!evidence.isCancel(err)) wx.showToast({ title: '未能选择文件', icon: 'none' });
      }
    },
    async submitObjection() {
      if (this.data.submitting) return null;
      const item = this.data.items.find((i) => i.id === this.data.objecting);
      this.setData({ submitting: true });
      wx.showLoading({ title: '正在提交', mask: true });
      try {
        const result = await logic.fileObjection(api, item, this.data.form, this.objectionState);
        wx.hideLoading();
        if (!result.ok) {
          this.setData({ errors: result.errors });
          wx.showToast({ title: '请检查标红的内容', icon: 'none' });
          return result;
        }
        wx.showModal({ title: '异议已提交', content: '调解委员会负责人将审查您的异议；审查期间该措施暂停。', showCancel: false });
        this.setData({ objecting: null, form: null });
        await this.refresh();
        return result;
      } catch (err) {
        wx.hideLoading();
        api.showError(err);
        return null;
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
