// The case's history, oldest first, as the server lists it.
Component({
  options: { addGlobalClass: true },
  properties: { items: { type: Array, value: [] } },
});
