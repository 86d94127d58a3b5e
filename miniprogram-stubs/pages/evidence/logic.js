// Evidence: choose photos/videos/files on the phone and upload them, through the API for ordinary files,
// straight to object storage with a presigned POST form for large ones.
// Contract (evidence issue, built in parallel):
//   POST /api/disputes/{id}/evidence                  multipart: `description`, `kind`, then part `file`
//        → 201 { id, fileName, contentType, sizeBytes, sha256, uploadedAt }
//   POST /api/disputes/{id}/evidence/uploads          { fileName, sizeBytes, contentType }
//        → { uploadId, url, fields, key, maxBytes, expiresAt }   (409 when the server has no object storage)
//   wx.uploadFile(url, formData: fields, name: 'file')  → 204/201 from the storage server
//   POST /api/disputes/{id}/evidence/uploads/{uploadId}/complete → 201 (same shape as the first)
//   GET  /api/disputes/{id}/evidence                  → the list
const config = require('../../config.js');
const { ApiError } = require('../../utils/problem.js');
const { newKey } = require('../../utils/idempotency.js');

const KINDS = [
  { value: 'Photo', name: '照片' },
  { value: 'Audio', name: '录音' },
  { value: 'Video', name: '视频' },
  { value: 'Document', name: '文件' },
];

const CONTENT_TYPES = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', heic: 'image/heic', webp: 'image/webp', gif: 'image/gif',
  pdf: 'application/pdf', mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', amr: 'audio/amr', wav: 'audio/wav',
  mp4: 'video/mp4', mov: 'video/quicktime',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function extensionOf(path) {
  const m = /\.([A-Za-z0-9]+)$/.exec(String(path || ''));
  return m ? m[1].toLowerCase() : '';
}

function contentTypeOf(path) {
  return CONTENT_TYPES[extensionOf(path)] || 'application/octet-stream';
}

function kindOf(file) {
  if (file.fileType === 'video' || /^video\//.test(contentTypeOf(file.path))) return 'Video';
  if (file.fileType === 'image' || /^image\//.test(contentTypeOf(file.path))) return 'Photo';
  if (/^audio\//.test(contentTypeOf(file.path))) return 'Audio';
  return 'Document';
}

// wx.chooseMedia (camera or album) → [{ path, size, name, fileType }]
function chooseMedia(count = 9) {
  return new Promise((resolve, reject) =>
    wx.chooseMedia({
      count,
      mediaType: ['image', 'video'],
      sourceType: ['album', 'camera'],
      sizeType: ['original'], // evidence: never let WeChat recompress the photo
      success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size, name: baseName(f.tempFilePath), fileType: f.fileType }))),
      fail: reject,
    })
  );
}

// wx.chooseMessageFile (a file from a chat: PDF, recording, contract) → [{ path, size, name, fileType }]
function chooseChatFile(count = 9) {
  return new Promise((resolve, reject) =>
    wx.chooseMessageFile({
      count,
      type: 'all',
      success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.path, size: f.size, name: f.name || baseName(f.path), fileType: f.type }))),
      fail: reject,
    })
  );
}

function baseName(path) {
  return String(path || '').split(/[\\/]/).pop();
}

function isCancel(err) {
  return Boolean(err && /cancel/i.test(err.errMsg || ''));
}

// Through the API: one multipart request, `description` and `kind` before the file.
function uploadThroughApi(api, disputeId, file, { description = '', kind } = {}) {
  return api.upload({
    path: `/api/disputes/${disputeId}/evidence`,
    filePath: file.path,
    name: 'file',
    formData: { description, kind: kind || kindOf(file) },
  });
}

// Large files: ask the API for a presigned POST policy, post the file to storage, then ask the API to verify it.
async function uploadDirect(api, disputeId, file, { description = '', kind } = {}) {
  const base = `/api/disputes/${disputeId}/evidence/uploads`;
  const meta = { description, kind: kind || kindOf(file) };
  // The contract names only fileName/sizeBytes/contentType; description and kind are sent with both calls
  // until it says where they belong (unknown JSON fields are ignored by the service).
  const ticket = await api.create(base, { fileName: file.name || baseName(file.path), sizeBytes: file.size, contentType: contentTypeOf(file.path), ...meta });
  if (ticket.maxBytes && file.size > ticket.maxBytes) {
    throw new ApiError({ status: 413, problem: { title: '文件过大', detail: `该文件超过了允许的大小（${Math.floor(ticket.maxBytes / 1048576)} MB）。` } });
  }
  await api.uploadToStorage({ url: ticket.url, fields: ticket.fields, filePath: file.path });
  return api.create(`${base}/${ticket.uploadId}/complete`, meta);
}

// One file, the right way for its size. On a 409 for direct upload (the server has no object storage)
// falls back to uploading through the API.
async function uploadOne(api, disputeId, file, options = {}) {
  if (file.size > config.directUploadAboveBytes) {
    try {
      return await uploadDirect(api, disputeId, file, options);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 409) throw err;
    }
  }
  return uploadThroughApi(api, disputeId, file, options);
}

// Uploads each file in turn; a failure of one does not stop the others. → [{ file, ok, evidence | error }]
async function uploadAll(api, disputeId, files, options = {}) {
  const results = [];
  for (const file of files) {
    try {
      results.push({ file, ok: true, evidence: await uploadOne(api, disputeId, file, options) });
    } catch (error) {
      results.push({ file, ok: false, error });
    }
  }
  return results;
}

function listEvidence(api, disputeId) {
  return api.get(`/api/disputes/${disputeId}/evidence`);
}

// Before the committee accepts the case the uploader may take a file back; afterwards evidence can only be added.
const BEFORE_ACCEPTANCE = ['Submitted', 'NeedsCorrection'];

function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  if (bytes >= 1024) return Math.round(bytes / 1024) + ' KB';
  return bytes + ' 字节';
}

function toItems(list, caseStatus) {
  const items = (list && list.items) || list || [];
  return items.map((e) => ({
    id: e.id,
    fileName: e.fileName,
    description: e.description || '',
    size: sizeText(e.sizeBytes),
    mine: Boolean(e.uploadedByMe),
    withdrawn: Boolean(e.withdrawnAt),
    withdrawnNote: e.withdrawnAt ? `已撤回${e.withdrawnReason ? '：' + e.withdrawnReason : ''}（调解员看不到）` : '',
    canWithdraw: Boolean(e.uploadedByMe) && !e.withdrawnAt && BEFORE_ACCEPTANCE.includes(caseStatus),
  }));
}

// POST /api/disputes/{id}/evidence/{evidenceId}/withdraw { reason } → the item, now withdrawn (409 after acceptance).
function withdrawEvidence(api, disputeId, evidenceId, reason) {
  return api.post(`/api/disputes/${disputeId}/evidence/${evidenceId}/withdraw`, { reason: String(reason || '').trim() || null });
}

module.exports = {
  KINDS, contentTypeOf, kindOf, chooseMedia, chooseChatFile, isCancel, uploadThroughApi, uploadDirect, uploadOne, uploadAll,
  listEvidence, newKey, toItems, withdrawEvidence, BEFORE_ACCEPTANCE,
};
