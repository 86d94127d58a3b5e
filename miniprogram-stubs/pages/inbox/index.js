// 消息 tab: newest first, 20 at a time (上拉 or 加载更多 for older), pull to refresh; tapping a message marks it read
// and opens the case or page it is about. The unread count is the tab's badge.
const api = require('../../utils/api.js');
const logic = require('./logic.js');
const textSize = require('../../behaviors/text-size.js');

Component({
  behaviors: [textSize],
  data: { items: [], unread: 0, nextCursor: null, loading: true, loadingMore: false, loadError: '', loaded: false },
  methods: {
    onShow() {
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      return this.loadMore();
    },
    async refresh() {
      this.setData({ loading: true, loadError: '' });
      try {
        const page = await logic.loadPage(api, null);
        this.setData({ items: page.items, unread: page.unread, nextCursor: page.nextCursor, loaded: true });
        logic.showBadge(page.unread);
      } catch (err) {
        this.setData({ loadError: err.message || '加载失败' });
      } finally {
        this.setData({ loading: false });
      }
    },
    async loadMore() {
      if (!this.data.nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        const page = await logic.loadPage(api, this.data.nextCursor);
        this.setData({ items: [...this.data.items, ...page.items], unread: page.unread, nextCursor: page.nextCursor });
        logic.showBadge(page.unread);
      } catch (err) {
        api.showError(err);
      } finally {
        this.setData({ loadingMore: false });
      }
    },
    async onOpen(e) {
      const index = Number(e.currentTarget.dataset.index);
      const item = this.data.items[index];
      try {
        const target = await logic.open(api, item);
        if (item.unread) {
          const unread = Math.max(0, this.data.unread - 1);
          this.setData({ [`items[${index}].unread`]: false, unread });
          logic.showBadge(unread);
        }
        if (target) wx.navigateTo({ url: target });
        return target;
      } catch (err) {
        api.showError(err);
        return null;
      }
    },
  },
});
