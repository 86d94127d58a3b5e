// 上传证据: photos and videos from the camera or album, files from a chat.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: {
    disputeId: '',
    number: '',
    fresh: false,
    description: '',
    items: [],
    caseStatus: '',
    uploading: false,
    lastResults: [],
  },
  methods: {
    onLoad(query) {
      this.setData({ disputeId: query.id, number: query.number || '', fresh: query.fresh === '1' });
      return this.refresh();
    },

    async refresh() {
      try {
        const [list, dispute] = await Promise.all([
          logic.listEvidence(api, this.data.disputeId),
          api.get(`/api/disputes/${this.data.disputeId}`).catch(() => null),
        ]);
        const caseStatus = dispute ? dispute.status : '';
        this.setData({ caseStatus, items: logic.toItems(list, caseStatus) });
      } catch (err) {
        if (err.status !== 404) api.showError(err); // 404: evidence not offered by this server yet
      }
    },

    // 撤回 one of my files (asks for an optional reason first)
    withdraw(e) {
      const id = e.currentTarget.dataset.id;
      return new Promise((resolve) =>
        wx.showModal({
          title: '撤回这份证据',
          content: '撤回后调解员看不到这份证据，文件仍会保留。',
          editable: true,
          placeholderText: '撤回理由（选填）',
          confirmText: '撤回',
          success: async (res) => {
            if (!res.confirm) return resolve(null);
            try {
              const item = await logic.withdrawEvidence(api, this.data.disputeId, id, res.content);
              wx.showToast({ title: '已撤回', icon: 'success' });
              await this.refresh();
              resolve(item);
            } catch (err) {
              api.showError(err);
              await this.refresh();
              resolve(null);
            }
          },
        })
      );
    },

    onDescription(e) {
      this.setData({ description: e.detail.value });
    },

    async pickMedia() {
      return this.pickAndUpload(logic.chooseMedia);
    },

    async pickChatFile() {
      return this.pickAndUpload(logic.chooseChatFile);
    },

    async pickAndUpload(choose) {
      let files;
      try {
        files = await choose();
      } catch (err) {
        if (!logic.isCancel(err)) wx.showToast({ title: '未能选择文件', icon: 'none' });
        return [];
      }
      this.setData({ uploading: true });
      wx.showLoading({ title: '正在上传', mask: true });
      const results = await logic.uploadAll(api, this.data.disputeId, files, { description: this.data.description });
      wx.hideLoading();
      this.setData({ uploading: false, lastResults: results.map((r) => ({ name: r.file.name, ok: r.ok, message: r.ok ? '已上传' : r.error.message })) });
      const failed = results.filter((r) => !r.ok);
      if (failed.length) api.showError(failed[0].error);
      else wx.showToast({ title: '上传成功', icon: 'success' });
      await this.refresh();
      return results;
    },

    toCase() {
      wx.redirectTo({ url: `/pages/case/index?id=${this.data.disputeId}` });
    },
  },
});
