// The printable agreement (GET /api/agreements/{id}/document) needs the bearer token, so it is fetched, not linked. A document
// opened from a blob: or about:blank would inherit the console's strict policy (no inline style), so the text is shown in the
// console itself, rebuilt from a small allowlist of elements (text only, no attributes), with a print style and a download.
// The Word file (.docx) is the one a clerk prints for signatures and the seal.
import { api } from './api.js';
import { h, attempt } from './ui.js';

const allowed = new Set(['H1', 'H2', 'H3', 'P', 'PRE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'CODE', 'STRONG', 'BR', 'DL', 'DT', 'DD']);

function rebuild(node) {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent);
  if (node.nodeType !== Node.ELEMENT_NODE || !allowed.has(node.tagName)) return null;
  return h(node.tagName.toLowerCase(), {}, [...node.childNodes].map(rebuild));
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The agreement as a Word file (GET /api/disputes/{id}/documents/{kind}), under the name the service gives it. */
export async function downloadWord(caseId, a, button) {
  const kind = a.kind === 'Oral' ? 'oral-agreement' : 'agreement';
  const file = await attempt(button.parentElement, () => api.file(`/api/disputes/${caseId}/documents/${kind}`, DOCX));
  if (file) save(file.blob, file.name);
}

export const openDocument = (a, button) => openPrintView(`/api/agreements/${a.id}/document`, `人民调解协议书-${a.number}.html`, button);

/** A print view of the service (the agreement, a 调解结果告知函) shown over the console, to print or save. */
export async function openPrintView(path, fileName, button) {
  const html = await attempt(button.parentElement, () => api.text(path));
  if (html == null) return;
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const close = () => { overlay.remove(); document.body.classList.remove('has-document'); };
  const download = () => save(new Blob([html], { type: 'text/html;charset=utf-8' }), fileName);
  const overlay = h('div', { class: 'document-overlay', id: 'agreement-document' },
    h('div', { class: 'document-tools' },
      h('button', { type: 'button', onclick: () => window.print() }, '打印'),
      h('button', { type: 'button', class: 'plain', onclick: download }, '下载（HTML）'),
      h('button', { type: 'button', class: 'plain', 'data-action': '关闭', onclick: close }, '关闭')),
    h('article', { class: 'document' }, [...parsed.body.childNodes].map(rebuild)));
  document.getElementById('agreement-document')?.remove();
  document.body.append(overlay);
  document.body.classList.add('has-document');
}
