// Evidence previews. <img src> and <video src> cannot send the bearer token, so each file is shown from the short-lived link
// GET /api/evidence/{id}/link hands out (audited when issued): a presigned GET on MinIO, a signed address of the service on the
// file-system store. Either way the browser loads the file itself (ranges for seeking included) and nothing passes through a blob.
// Photos load at once; recordings, videos and documents only when asked for, so opening a case does not pull every large file.
import { api } from './api.js';
import { h, fmt, errorBox, attempt } from './ui.js';

const kindNames = { Photo: '照片', Audio: '录音', Video: '视频', Document: '文档', Other: '其他' };
// Formats a browser shows itself; HEIC photos, AMR recordings and Office documents are offered as downloads.
const viewable = {
  Photo: t => ['image/jpeg', 'image/png', 'image/webp', 'image/gif'].includes(t),
  Audio: t => ['audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/wav'].includes(t),
  Video: t => ['video/mp4', 'video/quicktime'].includes(t),
};

// evidenceId → Promise of its link { url, expiresAt }, reused while it has more than half a minute left.
const links = new Map();
/** Forgets the links of the page shown before: called when the console draws another page. */
export function releasePreviews() { links.clear(); }

async function linkUrl(item) {
  const cached = links.get(item.id);
  if (cached) {
    const link = await cached.catch(() => null);
    if (link && Date.parse(link.expiresAt) - Date.now() > 30000) return link.url;
  }
  const fresh = api.get(`/api/evidence/${item.id}/link`);
  links.set(item.id, fresh);
  fresh.catch(() => links.delete(item.id));
  return (await fresh).url;
}

function size(bytes) {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const failure = e => e instanceof TypeError ? errorBox('文件无法加载：网络中断或服务暂时不可用，请稍后重试。') : errorBox(e);

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
  if (!list.length) box.append(h('p', { class: 'muted' }, '尚无证据材料。'));
  else box.append(h('p', { class: 'muted' }, `共 ${list.length} 份。查看或下载证据均会记录日志。`),
    h('div', { class: 'evidence-grid' }, list.map(preview)));
  box.append(uploadForm(caseId, async () => box.replaceWith(await evidenceSection(caseId))));
  return box;
}

/** Staff add a file to the case: the scan of what was signed on paper, a photo taken at a visit. */
function uploadForm(caseId, reload) {
  const form = h('form', { class: 'row', id: 'evidence-upload', onsubmit: async e => {
    e.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) return;
    const data = new FormData();
    if (form.elements.description.value.trim()) data.append('description', form.elements.description.value.trim());
    data.append('kind', form.elements.kind.value);
    data.append('file', file, file.name);
    const button = form.querySelector('button');
    button.disabled = true;
    const saved = await attempt(form, () => api.upload(`/api/disputes/${caseId}/evidence`, data));
    button.disabled = false;
    if (saved) await reload();
  } },
  h('label', {}, '上传材料（如纸质签字页扫描件）', h('input', { type: 'file', name: 'file', 'data-field': 'file', required: true })),
  h('label', {}, '类别', h('select', { name: 'kind', 'data-field': 'kind' }, Object.entries(kindNames).map(([k, v]) => h('option', { value: k }, v)))),
  h('label', {}, '说明', h('input', { name: 'description', 'data-field': 'description', maxlength: 500 })),
  h('button', { type: 'submit' }, '上传'));
  return form;
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
    linkUrl(item).then(url => {
      const img = h('img', { src: url, alt: item.description || item.fileName, class: 'evidence-photo' });
      img.addEventListener('error', () => body.replaceChildren(errorBox('照片无法显示（链接可能已过期，请刷新页面），或请下载后查看。')));
      body.replaceChildren(h('a', { href: url, target: '_blank', rel: 'noopener', title: '在新窗口查看原图' }, img));
    }, e => body.replaceChildren(failure(e)));
  } else if ((item.kind === 'Audio' || item.kind === 'Video') && canShow) {
    const play = h('button', { type: 'button', class: 'plain', 'data-load': item.id, onclick: async () => {
      play.disabled = true;
      try {
        const media = h(item.kind === 'Audio' ? 'audio' : 'video', { controls: true, preload: 'metadata', src: await linkUrl(item), class: 'evidence-media' });
        media.addEventListener('error', () => body.replaceChildren(errorBox('浏览器无法播放此文件，请下载后查看。')));
        body.replaceChildren(media);
      } catch (e) { play.disabled = false; body.append(failure(e)); }
    } }, item.kind === 'Audio' ? '▶ 播放录音' : '▶ 播放视频');
    body.append(play);
  } else if (item.contentType === 'application/pdf') {
    const open = h('button', { type: 'button', class: 'plain', 'data-load': item.id, onclick: async () => {
      // The window opens on the click itself (a popup blocker would stop it after the request), then gets the link.
      const win = window.open('', '_blank');
      try {
        const url = await linkUrl(item);
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
      // Same origin (file-system store): `download` names the file; the object store sends it as an attachment anyway.
      const a = h('a', { href: await linkUrl(item), download: item.fileName, rel: 'noopener' });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) { button.after(failure(e)); } finally { button.disabled = false; }
  } }, '下载');
  return button;
}
