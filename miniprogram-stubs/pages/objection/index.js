// 申请调解员回避: what it means, a reason, submit; afterwards what happens next. Rules in ./logic.js.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { id: '', reason: '', errors: {}, submitting: false, done: false },
  methods: {
    onLoad(query) {
      this.setData({ id: query.id });
    },
    onReason(e) {
      this.setData({ reason: e.detail.value, errors: {} });
    },
    async submit() {
      if (this.data.submitting) return null;
      this.setData({ submitting: true });
      try {
        const result = await logic.objectToMediator(api, this.data.id, this.data.reason);
        if (!result.ok) this.setData({ errors: result.errors });
        else this.setData({ done: true });
        return result;
      } catch (err) {
        api.showError(err);
        return null;
      } finally {
        this.setData({ submitting: false });
      }
    },
    toCase() {
      wx.navigateBack({ fail: () => wx.redirectTo({ url: `/pages/case/index?id=${this.data.id}` }) });
    },
  },
});
