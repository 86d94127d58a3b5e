// 大字模式: the root font size every page's wxss is measured against (rem). The phone's own font setting is respected
// (WeChat reports it as fontSizeSetting, 17 px by default); large-text mode adds 1.25× on top; never below 16 px.
const KEY = 'a11y.largeText';
const BASE_PX = 16;
const DEFAULT_SYSTEM_PX = 17;

function rootFontSize({ large, systemFontSize }) {
  const system = Math.max(1, (Number(systemFontSize) || DEFAULT_SYSTEM_PX) / DEFAULT_SYSTEM_PX);
  return `${Math.max(BASE_PX, Math.round(BASE_PX * system * (large ? 1.25 : 1)))}px`;
}

function isLarge() {
  return Boolean(wx.getStorageSync(KEY));
}

function setLarge(on) {
  wx.setStorageSync(KEY, Boolean(on));
}

function current() {
  let systemFontSize = DEFAULT_SYSTEM_PX;
  try {
    const info = typeof wx.getSystemInfoSync === 'function' ? wx.getSystemInfoSync() : null;
    if (info && info.fontSizeSetting) systemFontSize = info.fontSizeSetting;
  } catch (e) {
    /* keep the default */
  }
  return rootFontSize({ large: isLarge(), systemFontSize });
}

module.exports = { rootFontSize, current, isLarge, setLarge, KEY };
