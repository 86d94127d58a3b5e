// 信易调 mini-program. A session is a bearer token in storage (utils/session.js); pages that need it log
// in again by themselves through utils/api.js when it is missing or expired.
const session = require('./utils/session.js');

App({
  onLaunch() {
    if (!session.getToken()) wx.reLaunch({ url: '/pages/login/index' });
  },
});
