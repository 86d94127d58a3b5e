// 消息 (the in-app inbox): GET /api/me/notifications newest first, a page at a time (limit, cursor → nextCursor);
// opening a message marks it read (POST …/{id}/read) and goes to the page it is about. The tab badge is the unread count.
const { formatDate } = require('../cases/logic.js');

const PAGE_SIZE = 20;

// Where a message leads: straight to the page that asks something of the citizen (补正, the agreement, performance,
// 我的信用), else to the case it is about; a message about nothing in particular opens nothing.
function targetOf(n) {
  const kind = String(n.kind || '');
  if (kind.startsWith('Credit')) return '/pages/credit/index';
  if (!n.caseId) return null;
  if (kind === 'CorrectionRequested') return `/pages/correct/index?id=${n.caseId}`;
  if (kind.startsWith('Agreement')) return `/pages/agreement/index?id=${n.caseId}`;
  if (/^(Performance|Payment|Obligation)/.test(kind)) return `/pages/performance/index?id=${n.caseId}`;
  return `/pages/case/index?id=${n.caseId}`;
}

function toItem(n) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    at: formatDate(n.createdAt),
    unread: !n.readAt,
    target: targetOf(n),
  };
}

async function loadPage(api, cursor) {
  const query = `limit=${PAGE_SIZE}` + (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
  const page = await api.get(`/api/me/notifications?${query}`);
  return { items: page.items.map(toItem), unread: page.unread, nextCursor: page.nextCursor || null };
}

// Marks the message read (once) → the page to open, or null when it is about no page.
async function open(api, item) {
  if (item.unread) await api.post(`/api/me/notifications/${item.id}/read`, {});
  return item.target;
}

// The tab bar's badge: the unread count, or none. The inbox is the second tab.
const INBOX_TAB = 1;
function showBadge(unread) {
  if (typeof wx.setTabBarBadge !== 'function') return;
  if (unread > 0) wx.setTabBarBadge({ index: INBOX_TAB, text: unread > 99 ? '99+' : String(unread) });
  else wx.removeTabBarBadge({ index: INBOX_TAB });
}

// Any tab may keep the badge current with one small read (the count comes with every page).
async function refreshBadge(api) {
  try {
    showBadge((await api.get('/api/me/notifications?limit=1')).unread);
  } catch (err) {
    /* the badge is a hint; the inbox itself shows any error */
  }
}

module.exports = { refreshBadge, loadPage, open, toItem, targetOf, showBadge, PAGE_SIZE, INBOX_TAB };
