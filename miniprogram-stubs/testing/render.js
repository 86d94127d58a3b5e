// Loading pages and components of this project into miniprogram-simulate.
require('./dom.js');
const path = require('node:path');
const simulate = require('miniprogram-simulate');

const ROOT = path.join(__dirname, '..');

function render(relativePath, props = {}) {
  const id = simulate.load(path.join(ROOT, relativePath), undefined, { rootPath: ROOT });
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

function text(node) {
  return node ? node.dom.textContent.trim() : null;
}

// Lets promises and setData settle.
const settle = (ms = 0) => simulate.sleep(ms);

module.exports = { render, text, settle, ROOT };
