// 申请调解: four steps (申请人 → 被申请人 → 纠纷情况 → 告知与承诺), then submit.
// Written with the Component constructor (a supported way to build pages) so that tests can load it;
// the rules live in ./logic.js.
const api = require('../../utils/api.js');
const { PendingAction } = require('../../utils/idempotency.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: {
    steps: logic.STEPS,
    modes: logic.MODES,
    step: 0,
    form: logic.emptyForm(),
    types: [],
    bodies: [],
    typeIndex: -1,
    bodyIndex: -1,
    texts: null,
    errors: {},
    shownErrors: { applicant: {}, respondents: [{}], other: {} },
    loading: true,
    submitting: false,
    // 选择调解员: the recommendations for the chosen body and type, and on request the body's whole directory
    mediators: { loading: false, error: '', recommended: [], directory: null, directoryLoading: false, chosenName: '' },
  },

  lifetimes: {
    created() {
      this.pending = new PendingAction();
    },
  },

  methods: {
    onLoad() {
      return this.loadReferenceData();
    },

    async loadReferenceData() {
      this.setData({ loading: true });
      try {
        const ref = await logic.loadReferenceData(api);
        this.setData({ types: ref.types, bodies: ref.bodies, texts: ref.texts, loading: false });
      } catch (err) {
        this.setData({ loading: false });
        api.showError(err);
      }
    },

    setErrors(errors) {
      this.setData({ errors, shownErrors: logic.splitErrors(errors, this.data.form.respondents.length) });
    },

    clearError(key) {
      if (!this.data.errors[key]) return;
      const errors = { ...this.data.errors };
      delete errors[key];
      this.setErrors(errors);
    },

    onApplicantChange(e) {
      const { field, value } = e.detail;
      this.setData({ ['form.applicant.' + field]: value });
      this.clearError('applicant.' + field);
    },

    onRespondentChange(e) {
      const { index, field, value } = e.detail;
      this.setData({ [`form.respondents[${index}].${field}`]: value });
      this.clearError(`respondents[${index}].${field}`);
    },

    addRespondent() {
      if (this.data.form.respondents.length >= 20) return;
      this.setData({ form: { ...this.data.form, respondents: [...this.data.form.respondents, logic.emptyPerson()] } });
      this.setErrors(this.data.errors);
    },

    onRemoveRespondent(e) {
      const respondents = this.data.form.respondents.filter((_, i) => i !== e.detail.index);
      this.setData({ form: { ...this.data.form, respondents } });
      this.setErrors({}); // indexes moved: old messages would point at the wrong person
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
      return this.loadMediators(false);
    },

    onBodyPick(e) {
      const bodyIndex = Number(e.detail.value);
      this.setData({ bodyIndex, 'form.bodyId': this.data.bodies[bodyIndex].id });
      this.clearError('bodyId');
      return this.loadMediators(true);
    },

    // Once both the body and the type are chosen: the recommended mediators. A new body closes the directory (it was
    // that body's); the choice stays only while the mediator is still shown.
    async loadMediators(bodyChanged) {
      const { bodyId, typeCode } = this.data.form;
      const seq = (this.mediatorSeq = (this.mediatorSeq || 0) + 1);
      const directory = bodyChanged ? null : this.data.mediators.directory;
      if (!bodyId || !typeCode) {
        this.setData({ mediators: { ...this.data.mediators, recommended: [], directory, error: '' } });
        this.choose(logic.keptChoice(this.data.form.preferredMediatorId, directory));
        return;
      }
      this.setData({ 'mediators.loading': true, 'mediators.error': '', 'mediators.directory': directory });
      try {
        const recommended = await logic.loadRecommendations(api, bodyId, typeCode, this.data.types);
        if (seq !== this.mediatorSeq) return;
        this.setData({ mediators: { ...this.data.mediators, loading: false, recommended } });
        this.choose(logic.keptChoice(this.data.form.preferredMediatorId, recommended, directory));
      } catch (err) {
        if (seq !== this.mediatorSeq) return;
        this.setData({ mediators: { ...this.data.mediators, loading: false, recommended: [], error: err.message || '调解员名录暂时无法加载' } });
        api.showError(err);
      }
    },

    retryMediators() {
      return this.loadMediators(false);
    },

    async openDirectory() {
      const { bodyId } = this.data.form;
      if (!bodyId) return;
      this.setData({ 'mediators.directoryLoading': true });
      try {
        const directory = await logic.loadDirectory(api, bodyId, this.data.types);
        this.setData({ 'mediators.directory': directory, 'mediators.directoryLoading': false });
      } catch (err) {
        this.setData({ 'mediators.directoryLoading': false });
        api.showError(err);
      }
    },

    closeDirectory() {
      this.setData({ 'mediators.directory': null });
      const { recommended } = this.data.mediators;
      this.choose(logic.keptChoice(this.data.form.preferredMediatorId, recommended));
    },

    onChooseMediator(e) {
      this.choose(e.currentTarget.dataset.id || '');
    },

    choose(id) {
      const { recommended, directory } = this.data.mediators;
      const shown = [...recommended, ...(directory || [])].find((m) => m.id === id);
      this.setData({ 'form.preferredMediatorId': shown ? id : '', 'mediators.chosenName': shown ? shown.name : '' });
      this.clearError('preferredMediatorId');
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

    next() {
      const errors = logic.validateStep(this.data.form, this.data.step);
      this.setErrors(errors);
      if (Object.keys(errors).length) {
        wx.showToast({ title: '请检查标红的内容', icon: 'none' });
        return false;
      }
      this.setData({ step: Math.min(this.data.step + 1, logic.STEPS.length - 1) });
      return true;
    },

    prev() {
      this.setData({ step: Math.max(this.data.step - 1, 0) });
    },

    async submit() {
      if (this.data.submitting) return null;
      const errors = logic.validateAll(this.data.form);
      if (Object.keys(errors).length) {
        this.setErrors(errors);
        this.setData({ step: logic.firstErrorStep(errors) });
        wx.showToast({ title: '请检查标红的内容', icon: 'none' });
        return null;
      }
      this.setData({ submitting: true });
      try {
        const result = await logic.submitApplication(api, this.data.form, this.data.texts, this.pending);
        if (!result.ok) {
          this.setErrors(result.errors);
          this.setData({ step: result.step });
          if (result.textsOutdated) {
            this.setData({ 'form.rightsNoticeAcknowledged': false, 'form.creditCommitmentSigned': false });
            await this.loadReferenceData();
          }
          wx.showToast({ title: '请检查标红的内容', icon: 'none' });
          return result;
        }
        wx.showToast({ title: '申请已提交', icon: 'success' });
        wx.redirectTo({ url: `/pages/evidence/index?id=${result.dispute.id}&number=${result.dispute.applicationNumber}&fresh=1` });
        return result;
      } catch (err) {
        api.showError(err); // network: the same key is reused when the citizen taps 提交 again
        return null;
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
