// 通知方式: the order in which the service tries to reach me outside the mini-program (GET/PUT
// /api/me/notification-preferences { channelOrder: ['WeChat', 'Sms'] }). The in-app 消息 always gets every notice.
const CHANNELS = {
  WeChat: {
    name: '微信服务通知',
    meaning: '在微信「服务通知」里收到提醒。微信的规定：您每点一次「允许」，我们只能给您发一条；想继续收，请在「我的」里再点「开启案件通知」。',
  },
  Sms: {
    name: '手机短信',
    meaning: '发到您绑定的手机号。不需要每次同意，适合不常看微信的时候。',
  },
};

function toView(prefs) {
  const available = prefs.available || Object.keys(CHANNELS);
  const on = prefs.channelOrder.filter((c) => available.includes(c));
  const off = available.filter((c) => !on.includes(c));
  const rows = [...on.map((c) => ({ code: c, on: true })), ...off.map((c) => ({ code: c, on: false }))];
  return {
    isDefault: Boolean(prefs.isDefault),
    rows: rows.map((r, i) => ({ ...r, name: (CHANNELS[r.code] || {}).name || r.code, meaning: (CHANNELS[r.code] || {}).meaning || '', rank: r.on ? on.indexOf(r.code) + 1 : 0, first: i === 0 })),
  };
}

function orderOf(rows) {
  return rows.filter((r) => r.on).map((r) => r.code);
}

// Moves one row up (the channel tried earlier); renumbers.
function moveUp(rows, index) {
  if (index <= 0 || !rows[index].on) return rows;
  const next = rows.slice();
  [next[index - 1], next[index]] = [next[index], next[index - 1]];
  return renumber(next);
}

function toggle(rows, index) {
  const next = rows.map((r, i) => (i === index ? { ...r, on: !r.on } : r));
  // switched-on channels first, in their order; switched-off ones after
  return renumber([...next.filter((r) => r.on), ...next.filter((r) => !r.on)]);
}

function renumber(rows) {
  let rank = 0;
  return rows.map((r, i) => ({ ...r, rank: r.on ? ++rank : 0, first: i === 0 }));
}

async function load(api) {
  return toView(await api.get('/api/me/notification-preferences'));
}

async function save(api, rows) {
  return toView(await api.request({ method: 'PUT', path: '/api/me/notification-preferences', data: { channelOrder: orderOf(rows) } }));
}

module.exports = { CHANNELS, toView, orderOf, moveUp, toggle, load, save };
