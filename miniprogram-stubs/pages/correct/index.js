// 补正申请: what the committee asked to correct and by when, at the top; the application below with the masked values
// kept as they are unless 修改 is tapped; 重新提交 sends it back (PUT /api/disputes/{id}). Rules in ./logic.js.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const applyLogic = require('../apply/logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: {
    id: '',
    loading: true,
    loadError: '',
    canCorrect: false,
    status: '',
    statusName: '',
    correction: null,
    form: null,
    kept: { applicant: {}, respondents: [], thirdParties: [] },
    types: [],
    typeIndex: -1,
    texts: { rightsNotice: null, creditCommitment: null },
    modes: applyLogic.MODES,
    errors: {},
    shownErrors: { applicant: {}, respondents: [], other: {} },
    submitting: false,
    done: false,
  },
  methods: {
    onLoad(query) {
      this.setData({ id: query.id });
      return this.refresh();
    },
    async refresh() {
      this.setData({ loading: true, loadError: '' });
      try {
        const r = await logic.loadCorrection(api, this.data.id);
        this.setData({
          canCorrect: r.canCorrect,
          status: r.dispute.status,
          statusName: r.dispute.statusName,
          correction: r.correction,
          form: r.form,
          kept: r.kept,
          types: r.types,
          texts: r.texts,
          typeIndex: r.types.findIndex((t) => t.code === r.form.typeCode),
        });
        this.setErrors({});
      } catch (err) {
        this.setData({ loadError: err.message || '加载失败' });
      } finally {
        this.setData({ loading: false });
      }
    },
    setErrors(errors) {
      this.setData({ errors, shownErrors: applyLogic.splitErrors(errors, this.data.form ? this.data.form.respondents.length : 0) });
    },
    clearError(key) {
      if (!this.data.errors[key]) return;
      const errors = { ...this.data.errors };
      delete errors[key];
      this.setErrors(errors);
    },
    onApplicantChange(e) {
      const { field, value } = e.detail;
      this.setData({ ['form.applicant.' + field]: value, ['kept.applicant.' + field]: '' });
      this.clearError('applicant.' + field);
    },
    onRespondentChange(e) {
      const { index, field, value } = e.detail;
      this.setData({ [`form.respondents[${index}].${field}`]: value, [`kept.respondents[${index}].${field}`]: '' });
      this.clearError(`respondents[${index}].${field}`);
    },
    onInput(e) {
      const field = e.currentTarget.dataset.field;
      this.setData({ ['form.' + field]: e.detail.value });
      this.clearError(field === 'amountYuan' ? 'amountFen' : field);
    },
    onTypePick(e) {
      const typeIndex = Number(e.detail.value);
      this.setData({ typeIndex, 'form.typeCode': this.data.types[typeIndex].code });
      this.clearError('typeCode');
    },
    onModePick(e) {
      this.setData({ 'form.preferredMode': e.currentTarget.dataset.mode });
      this.clearError('preferredMode');
    },
    onRightsNotice(e) {
      this.setData({ 'form.rightsNoticeAcknowledged': e.detail.checked });
      this.clearError('rightsNotice');
    },
    onCreditCommitment(e) {
      this.setData({ 'form.creditCommitmentSigned': e.detail.checked });
      this.clearError('creditCommitment');
    },
    async submit() {
      if (this.data.submitting || !this.data.canCorrect) return null;
      this.setData({ submitting: true });
      try {
        const result = await logic.submitCorrection(api, this.data.id, this.data.form, this.data.texts);
        if (!result.ok) {
          this.setErrors(result.errors);
          wx.showToast({ title: '请检查标红的内容', icon: 'none' });
          return result;
        }
        this.setData({ done: true, canCorrect: false, status: result.dispute.status, statusName: result.dispute.statusName });
        wx.showToast({ title: '已重新提交', icon: 'success' });
        return result;
      } catch (err) {
        api.showError(err);
        return null;
      } finally {
        this.setData({ submitting: false });
      }
    },
    toCase() {
      wx.redirectTo({ url: `/pages/case/index?id=${this.data.id}` });
    },
  },
});
