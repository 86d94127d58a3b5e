// Every page: `<page-meta root-font-size="{{a11yRootFontSize}}">` first in its wxml and `behaviors: [textSize]`, so that
// 大字模式 and the phone's font setting scale all text (app.wxss sizes are in rem).
const textSize = require('../utils/text-size.js');

module.exports = Behavior({
  data: { a11yRootFontSize: '16px' },
  lifetimes: {
    attached() {
      this.applyTextSize();
    },
  },
  pageLifetimes: {
    show() {
      this.applyTextSize();
    },
  },
  methods: {
    applyTextSize() {
      const size = textSize.current();
      if (size !== this.data.a11yRootFontSize) this.setData({ a11yRootFontSize: size });
    },
  },
});
