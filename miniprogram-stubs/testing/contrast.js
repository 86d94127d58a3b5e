// WCAG 2.x contrast of the colours in the project's wxss and app.json (适老化: text at least 4.5:1).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

function hexOf(value) {
  const m = /#([0-9a-f]{6}|[0-9a-f]{3})\b/i.exec(String(value || ''));
  if (m) return '#' + (m[1].length === 3 ? m[1].split('').map((c) => c + c).join('') : m[1]).toLowerCase();
  if (/\bwhite\b/i.test(value)) return '#ffffff';
  if (/\bblack\b/i.test(value)) return '#000000';
  return null;
}

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function ratio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function wxssFiles(dir = ROOT) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...wxssFiles(full));
    else if (entry.name.endsWith('.wxss')) out.push(full);
  }
  return out;
}

// Every rule that sets a text colour, with the background it is read on: its own, else each page background.
function textPairs(pageBackgrounds) {
  const pairs = [];
  for (const file of wxssFiles()) {
    const css = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
      const selector = m[1].trim();
      const decls = Object.fromEntries(
        m[2].split(';').map((d) => d.split(':')).filter((d) => d.length >= 2).map(([k, ...v]) => [k.trim().toLowerCase(), v.join(':').trim()])
      );
      const fg = hexOf(decls.color);
      if (!fg) continue;
      const bg = hexOf(decls['background-color'] || decls.background);
      for (const b of bg ? [bg] : pageBackgrounds) pairs.push({ where: `${path.relative(ROOT, file)} ${selector}`, fg, bg: b });
    }
  }
  return pairs;
}

function appJsonPairs() {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));
  const w = app.window || {};
  const tab = app.tabBar || {};
  const tabBg = hexOf(tab.backgroundColor) || '#ffffff';
  return [
    { where: 'app.json navigation bar', fg: w.navigationBarTextStyle === 'black' ? '#000000' : '#ffffff', bg: hexOf(w.navigationBarBackgroundColor) || '#000000' },
    { where: 'app.json tabBar color', fg: hexOf(tab.color), bg: tabBg },
    { where: 'app.json tabBar selectedColor', fg: hexOf(tab.selectedColor), bg: tabBg },
  ];
}

module.exports = { ratio, hexOf, textPairs, appJsonPairs, wxssFiles };
