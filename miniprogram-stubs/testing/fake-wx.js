// An in-memory `wx` for component tests: storage, UI calls recorded, requests answered by a handler.
function createFakeWx({ onRequest = () => ({ statusCode: 404, data: {} }), loginCode = 'dev:tester' } = {}) {
  const storage = new Map();
  const calls = { request: [], uploadFile: [], showToast: [], showModal: [], navigateTo: [], redirectTo: [], reLaunch: [], other: [] };
  const wx = {
    calls,
    storage,
    modalAnswer: { confirm: true, cancel: false, content: '' },
    getStorageSync: (k) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k, v) => storage.set(k, v),
    removeStorageSync: (k) => storage.delete(k),
    login: ({ success }) => setTimeout(() => success({ code: loginCode, errMsg: 'login:ok' })),
    request(options) {
      calls.request.push(options);
      Promise.resolve()
        .then(() => onRequest(options))
        .then((res) => (res && res.fail ? options.fail({ errMsg: 'request:fail ' + res.fail }) : options.success({ header: {}, ...res })));
      return { abort() {} };
    },
    uploadFile(options) {
      calls.uploadFile.push(options);
      Promise.resolve()
        .then(() => onRequest({ ...options, method: 'UPLOAD' }))
        .then((res) => options.success({ statusCode: res.statusCode, data: JSON.stringify(res.data) }));
      return { abort() {}, onProgressUpdate() {} };
    },
    showToast: (o) => calls.showToast.push(o),
    showModal: (o) => {
      calls.showModal.push(o);
      if (o.success) setTimeout(() => o.success(wx.modalAnswer));
    },
    showLoading: () => {},
    hideLoading: () => {},
    navigateTo: (o) => calls.navigateTo.push(o),
    redirectTo: (o) => calls.redirectTo.push(o),
    reLaunch: (o) => calls.reLaunch.push(o),
    stopPullDownRefresh: () => {},
  };
  return wx;
}

module.exports = { createFakeWx };
