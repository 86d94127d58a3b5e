// 通知方式: which channels, in which order; what each one means. Rules in ./logic.js.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { rows: [], isDefault: false, loading: true, loadError: '', saving: false, changed: false },
  methods: {
    onLoad() {
      return this.refresh();
    },
    async refresh() {
      this.setData({ loading: true, loadError: '' });
      try {
        const v = await logic.load(api);
        this.setData({ rows: v.rows, isDefault: v.isDefault, changed: false });
      } catch (err) {
        this.setData({ loadError: err.message || '加载失败' });
      } finally {
        this.setData({ loading: false });
      }
    },
    onUp(e) {
      this.setData({ rows: logic.moveUp(this.data.rows, Number(e.currentTarget.dataset.index)), changed: true });
    },
    onToggle(e) {
      this.setData({ rows: logic.toggle(this.data.rows, Number(e.currentTarget.dataset.index)), changed: true });
    },
    async save() {
      if (this.data.saving) return null;
      this.setData({ saving: true });
      try {
        const v = await logic.save(api, this.data.rows);
        this.setData({ rows: v.rows, isDefault: v.isDefault, changed: false });
        wx.showToast({ title: '已保存', icon: 'success' });
        return v;
      } catch (err) {
        api.showError(err);
        return null;
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
