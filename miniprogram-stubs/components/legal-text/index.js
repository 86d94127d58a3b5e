// A legal text shown in full. The agree box only becomes available once the citizen has scrolled to the
// end of the text (the scroll view is shorter than either legal text), so a signature follows the whole text.
Component({
  options: { addGlobalClass: true },
  properties: {
    title: { type: String, value: '' },
    text: { type: String, value: '' },
    version: { type: String, value: '' },
    // shown instead of "<version> 版" when set (an agreement is in its 第N稿)
    versionLabel: { type: String, value: '' },
    agreeLabel: { type: String, value: '我已阅读并同意' },
    checked: { type: Boolean, value: false },
    error: { type: String, value: '' },
  },
  data: { readToEnd: false },
  observers: {
    text() {
      // a new text (for example a new version after the server said ours was outdated) must be read again
      this.setData({ readToEnd: false });
    },
  },
  methods: {
    onReachedEnd() {
      if (!this.data.readToEnd) this.setData({ readToEnd: true });
    },
    onToggle() {
      if (!this.data.readToEnd) {
        wx.showToast({ title: '请先阅读全文', icon: 'none' });
        return;
      }
      this.triggerEvent('change', { checked: !this.data.checked });
    },
  },
});
