// 在线调解室: the case's rooms as tabs (the joint room, and my side's 背靠背 room with the mediator), live over the
// hub with REST catch-up; text, my evidence, offers and the answers to the other side's. Rules in ./logic.js.
const api = require('../../utils/api.js');
const session = require('../../utils/session.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: {
    id: '', rooms: [], current: '', room: null, connection: '', connectionName: '', loading: true, loadError: '',
    draft: '', errors: {}, offerForm: null, offerErrors: {}, picking: false, evidence: [], notices: [],
  },
  methods: {
    onLoad(query) {
      this.setData({ id: query.id, current: query.room || '' });
      return this.start();
    },
    onUnload() {
      if (this.client) this.client.stop();
    },
    async start() {
      this.setData({ loading: true, loadError: '' });
      if (this.client) this.client.stop();
      this.client = new logic.RoomClient({ api, session, disputeId: this.data.id, onChange: () => this.render() });
      try {
        await this.client.load();
        if (!this.data.current && this.client.rooms.length) this.setData({ current: this.client.rooms[0].id });
        this.render();
      } catch (err) {
        this.setData({ loadError: err.message || '加载失败', loading: false });
        return;
      }
      this.setData({ loading: false });
      // Live delivery is a bonus on a weak network: without it the room still reads and sends by REST.
      try {
        await this.client.connect();
      } catch (err) {
        this.client.status('disconnected');
      }
    },
    render() {
      const c = this.client;
      if (!c) return;
      this.setData({
        rooms: c.rooms.map((r) => ({ id: r.id, name: r.name, open: r.open, current: r.id === this.data.current })),
        room: this.data.current ? c.roomView(this.data.current) : null,
        connection: c.connection,
        connectionName: logic.CONNECTION_NAMES[c.connection] || '',
        evidence: c.myEvidence().map((e) => ({ id: e.id, name: e.fileName, description: e.description || '' })),
        notices: c.notices.slice(-3),
      });
    },
    switchRoom(e) {
      this.setData({ current: e.currentTarget.dataset.id, offerForm: null, picking: false, errors: {} });
      this.render();
    },
    onDraft(e) {
      this.setData({ draft: e.detail.value, errors: {} });
    },
    async send() {
      const result = await this.client.sendText(this.data.current, this.data.draft);
      if (result.ok || !result.errors || !Object.keys(result.errors).length) this.setData({ draft: result.ok ? '' : this.data.draft });
      if (!result.ok && result.errors) this.setData({ errors: result.errors });
      return result;
    },
    resend(e) {
      return this.client.resend(e.currentTarget.dataset.id);
    },
    pickEvidence() {
      this.setData({ picking: !this.data.picking });
    },
    sendEvidence(e) {
      this.setData({ picking: false });
      return this.client.sendEvidence(this.data.current, e.currentTarget.dataset.id);
    },
    async openEvidence(e) {
      const { id, image } = e.currentTarget.dataset;
      try {
        const { url } = await this.client.evidenceLink(id);
        if (image) wx.previewImage({ urls: [url], current: url });
        else wx.downloadFile({ url, success: (r) => wx.openDocument({ filePath: r.tempFilePath }) });
      } catch (err) {
        api.showError(err);
      }
    },
    startOffer(e) {
      const counter = e && e.currentTarget && e.currentTarget.dataset.id;
      this.setData({ offerForm: { amountYuan: '', terms: '', dueDate: '', counterOfferId: counter || '' }, offerErrors: {} });
    },
    cancelOffer() {
      this.setData({ offerForm: null, offerErrors: {} });
    },
    onOfferField(e) {
      this.setData({ [`offerForm.${e.currentTarget.dataset.field}`]: e.detail.value, offerErrors: {} });
    },
    async sendOffer() {
      const f = this.data.offerForm;
      const result = await this.client.sendOffer(this.data.current, f, f.counterOfferId || null);
      if (result.ok) this.setData({ offerForm: null });
      else this.setData({ offerErrors: { ...result.errors, ...(result.error && !Object.keys(result.errors || {}).length ? { form: result.error } : {}) } });
      return result;
    },
    async answer(e) {
      const { id, accept } = e.currentTarget.dataset;
      try {
        await this.client.answerOffer(this.data.current, id, accept === true || accept === 'true');
      } catch (err) {
        api.showError(err);
      }
    },
    retry() {
      return this.start();
    },
  },
});
