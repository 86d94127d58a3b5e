// A DOM for miniprogram-simulate under node --test (see ../../shared notes: jsdom 26 on Node 20).
require('global-jsdom/register');
// Without these, taps dispatched by j-component use Node's own Event classes and jsdom refuses them.
for (const k of ['Event', 'CustomEvent', 'EventTarget']) globalThis[k] = window[k];
