// One party's fields. The page owns the data; this component shows it and reports each change as
// a `change` event { field, value }. `errors` holds this party's messages by field name.
Component({
  options: { addGlobalClass: true },
  properties: {
    party: { type: Object, value: {} },
    role: { type: String, value: 'respondent' }, // 'applicant' | 'respondent'
    index: { type: Number, value: 0 },
    errors: { type: Object, value: {} },
    removable: { type: Boolean, value: false },
    // fields shown masked and kept as they are (补正): { phone: '138****8000' }; 修改 clears one to type it anew
    kept: { type: Object, value: {} },
  },
  data: {
    kinds: [
      { value: 'Person', name: '自然人' },
      { value: 'Organization', name: '单位' },
    ],
  },
  methods: {
    onInput(e) {
      const field = e.currentTarget.dataset.field;
      this.triggerEvent('change', { index: this.data.index, field, value: e.detail.value });
    },
    onKind(e) {
      const value = e.currentTarget.dataset.kind;
      if (value === this.data.party.kind) return;
      this.triggerEvent('change', { index: this.data.index, field: 'kind', value });
    },
    onChangeKept(e) {
      this.triggerEvent('change', { index: this.data.index, field: e.currentTarget.dataset.field, value: '' });
    },
    onRemove() {
      this.triggerEvent('remove', { index: this.data.index });
    },
  },
});
