// Evidence previews. The content endpoint needs the bearer token, which <img src> and <video src> cannot send, so every file
// is fetched with it (each staff read is audited by the API) and shown from a blob: URL. Photos load at once; recordings,
// videos and documents only when asked for, so that opening a case does not pull (and log) every large file.
import { api } from './api.js';
import { h, fmt, errorBox } from './ui.js';

const kindNames = { Photo: '照片', Audio: '录音', Video: '视频', Document: '文档', Other: '其他' };
// Formats a browser shows itself; HEIC photos, AMR recordings and Office documents are offered as downloads.
const viewable = {
  Photo: t => ['image/jpeg', 'image/png', 'image/webp', 'image/gif'].includes(t),
  Audio: t => ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/wav'].includes(t),
  Video: t => ['video/mp4', 'video/quicktime'].includes(t),
};

// evidenceId → Promise of its blob: URL, kept while the same page is shown (a reload after a decision reads nothing again).
const loaded = new Map();
/** Releases the files of the page shown before: called when the console draws another page. */
export function releasePreviews() {
  for (const url of loaded.values()) url.then(u => URL.revokeObjectURL(u), () => {});
  loaded.clear();
}

function blobUrl(item) {
  if (!loaded.has(item.id)) {
    loaded.set(item.id, api.blob(`/api/evidence/${item.id}/content`).then(b => URL.createObjectURL(b)));
    loaded.get(item.id).catch(() => loaded.delete(item.id));
  }
  return loaded.get(item.id);
}

function size(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const failure = e => e instanceof TypeError
  ? errorBox('文件无法加载：浏览器没有拿到文件内容（网络中断，或文件存放在对象存储而页面不能直接访问）。')
  : errorBox(e);

/** The case's evidence as a card of previews; `caseId` is read with the caller's own rights (staff with jurisdiction, assigned mediator). */
export async function evidenceSection(caseId) {
  const box = h('section', { class: 'card', id: 'evidence' });
  let list;
  try {
    list = (await api.get(`/api/disputes/${caseId}/evidence`)).items;
  } catch (e) {
    box.append(errorBox(e));
    return box;
  }
  if (!list.length) {
    box.append(h('p', { class: 'muted' }, '当事人尚未提交证据材料。'));
    return box;
  }
  box.append(h('p', { class: 'muted' }, `共 ${list.length} 份。查看或下载证据均会记录日志。`),
    h('div', { class: 'evidence-grid' }, list.map(preview)));
  return box;
}

function preview(item) {
  const body = h('div', { class: 'evidence-body' });
  const card = h('figure', { class: 'evidence', 'data-evidence': item.id, 'data-kind': item.kind },
    body,
    h('figcaption', {},
      h('strong', {}, item.fileName),
      h('div', { class: 'muted' }, `${kindNames[item.kind] || item.kind} · ${size(item.sizeBytes)} · ${fmt.time(item.uploadedAt)}`),
      item.description ? h('div', {}, item.description) : null,
      h('div', { class: 'muted sha', title: 'SHA-256' }, `SHA-256 ${item.sha256.slice(0, 16)}…`),
      downloadButton(item)));

  const canShow = viewable[item.kind]?.(item.contentType);
  if (item.kind === 'Photo' && canShow) {
    body.append(h('p', { class: 'muted' }, '正在加载照片……'));
    blobUrl(item).then(url => {
      const img = h('img', { src: url, alt: item.description || item.fileName, class: 'evidence-photo' });
      img.addEventListener('error', () => body.replaceChildren(errorBox('照片无法显示，请下载后查看。')));
      body.replaceChildren(h('a', { href: url, target: '_blank', rel: 'noopener', title: '在新窗口查看原图' }, img));
    }, e => body.replaceChildren(failure(e)));
  } else if ((item.kind === 'Audio' || item.kind === 'Video') && canShow) {
    const play = h('button', { type: 'button', class: 'plain', 'data-load': item.id, onclick: async () => {
      play.disabled = true;
      try {
        const media = h(item.kind === 'Audio' ? 'audio' : 'video', { controls: true, preload: 'metadata', src: await blobUrl(item), class: 'evidence-media' });
        media.addEventListener('error', () => body.replaceChildren(errorBox('浏览器无法播放此文件，请下载后查看。')));
        body.replaceChildren(media);
      } catch (e) { play.disabled = false; body.append(failure(e)); }
    } }, item.kind === 'Audio' ? '▶ 播放录音' : '▶ 播放视频');
    body.append(play);
  } else if (item.contentType === 'application/pdf') {
    const open = h('button', { type: 'button', class: 'plain', 'data-load': item.id, onclick: async () => {
      // The window opens on the click itself (a popup blocker would stop it after the download), then gets the file.
      const win = window.open('', '_blank');
      try {
        const url = await blobUrl(item);
        if (win) win.location.href = url;
        else body.append(h('a', { href: url, target: '_blank', rel: 'noopener' }, '打开 PDF'));
      } catch (e) { win?.close(); body.append(failure(e)); }
    } }, '📄 打开 PDF');
    body.append(open);
  } else {
    body.append(h('p', { class: 'muted' }, '此格式无法在浏览器中预览，请下载后查看。'));
  }
  return card;
}

function downloadButton(item) {
  const button = h('button', { type: 'button', class: 'plain small', onclick: async () => {
    button.disabled = true;
    try {
      const a = h('a', { href: await blobUrl(item), download: item.fileName });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) { button.after(failure(e)); } finally { button.disabled = false; }
  } }, '下载');
  return button;
}
