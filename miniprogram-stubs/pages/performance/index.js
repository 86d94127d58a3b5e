// 履行情况: obligations and payments; the obligor reports a payment (with proof photos), the obligee confirms or disputes it.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const evidence = require('../evidence/logic.js');
const { PendingAction } = require('../../utils/idempotency.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { disputeId: '', view: null, loading: true, reporting: null, form: null, errors: {}, submitting: false },
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
        this.setData({ view: await logic.loadPerformance(api, this.data.disputeId) });
      } catch (err) {
        api.showError(err);
      } finally {
        this.setData({ loading: false });
      }
    },
    obligation(id) {
      return this.data.view.items.find((o) => o.id === id);
    },

    // ---- the obligor's report
    startReport(e) {
      const obligation = this.obligation(e.currentTarget.dataset.id);
      this.reportState = { pending: new PendingAction(), uploaded: {} };
      this.setData({ reporting: obligation.id, form: logic.emptyReport(obligation), errors: {} });
    },
    cancelReport() {
      this.setData({ reporting: null, form: null, errors: {} });
    },
    onField(e) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field === 'amountYuan' ? 'amountFen' : field === 'date' || field === 'time' ? 'paidAt' : field}`]: '' });
    },
    async addProof() {
      try {
        const picked = await evidence.chooseMedia(9);
        this.setData({ 'form.files': this.data.form.files.concat(picked) });
      } catch (err) {
        if (!evidence.isCancel(err)) wx.showToast({ title: '未能选择照片', icon: 'none' });
      }
    },
    removeProof(e) {
      const files = this.data.form.files.slice();
      files.splice(Number(e.currentTarget.dataset.index), 1);
      this.setData({ 'form.files': files });
    },
    async submitReport() {
      if (this.data.submitting) return null;
      const obligation = this.obligation(this.data.reporting);
      this.setData({ submitting: true });
      wx.showLoading({ title: '正在提交', mask: true });
      try {
        const result = await logic.reportPayment(api, this.data.disputeId, obligation, this.data.form, this.reportState);
        wx.hideLoading();
        if (!result.ok) {
          this.setData({ errors: result.errors });
          wx.showToast({ title: '请检查标红的内容', icon: 'none' });
          return result;
        }
        wx.showToast({ title: '已报告，待对方确认', icon: 'none' });
        this.setData({ reporting: null, form: null, errors: {} });
        await this.refresh();
        return result;
      } catch (err) {
        wx.hideLoading();
        api.showError(err); // tapping 提交 again reuses the uploaded proofs and the same key
        return null;
      } finally {
        this.setData({ submitting: false });
      }
    },

    // ---- the obligee's decision
    confirmPayment(e) {
      const id = e.currentTarget.dataset.id;
      return new Promise((resolve) =>
        wx.showModal({
          title: '确认收到',
          content: `确认已收到对方履行的 ${e.currentTarget.dataset.amount || '内容'}？确认后不能撤销。`,
          confirmText: '确认收到',
          success: async (res) => {
            if (!res.confirm) return resolve(null);
            try {
              const payment = await logic.confirmPayment(api, id);
              wx.showToast({ title: '已确认', icon: 'success' });
              await this.refresh();
              resolve(payment);
            } catch (err) {
              api.showError(err);
              resolve(null);
            }
          },
        })
      );
    },
    disputePayment(e) {
      const id = e.currentTarget.dataset.id;
      return new Promise((resolve) =>
        wx.showModal({
          title: '对履行情况有异议',
          editable: true,
          placeholderText: '请说明理由，例如：未收到该笔款项',
          confirmText: '提出异议',
          confirmColor: '#d93025',
          success: async (res) => {
            if (!res.confirm) return resolve(null);
            const reason = String(res.content || '').trim();
            if (!reason) {
              wx.showToast({ title: '请说明异议理由', icon: 'none' });
              return resolve(null);
            }
            try {
              const payment = await logic.disputePayment(api, id, reason);
              wx.showToast({ title: '已提出异议，调解员将核实', icon: 'none' });
              await this.refresh();
              resolve(payment);
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
