// One row of 我的案件: case number, status, type, body. Tapping it emits `open` { id }.
Component({
  options: { addGlobalClass: true },
  properties: {
    item: { type: Object, value: {} },
  },
  methods: {
    onTap() {
      this.triggerEvent('open', { id: this.data.item.id });
    },
  },
});
