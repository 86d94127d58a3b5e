// The bearer token, kept in wx storage so that it survives a restart of the mini-program.
const TOKEN_KEY = 'auth.token';
const USER_KEY = 'auth.user';

function getToken() {
  const saved = wx.getStorageSync(TOKEN_KEY);
  if (!saved || !saved.token) return null;
  if (saved.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) return null;
  return saved.token;
}

function save(login) {
  wx.setStorageSync(TOKEN_KEY, { token: login.token, expiresAt: login.expiresAt });
  wx.setStorageSync(USER_KEY, login.user || null);
}

function currentUser() {
  return wx.getStorageSync(USER_KEY) || null;
}

function clear() {
  wx.removeStorageSync(TOKEN_KEY);
  wx.removeStorageSync(USER_KEY);
}

module.exports = { getToken, save, clear, currentUser };
