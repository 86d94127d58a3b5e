// 我的信用: the credit steps taken against me that I have been told of (GET /api/me/credit), their status and
// objection deadline, and an objection with evidence while the window is open
// (POST /api/credit/objections { proposalId, reason, evidenceIds }, evidence uploaded to the step's case first).
const { formatDate } = require('../cases/logic.js');
const evidence = require('../evidence/logic.js');

const OBJECTION_STATUS = { Pending: '审查中', Upheld: '异议成立', Dismissed: '异议不成立' };
const EVIDENCE_DESCRIPTION = '信用异议证据';

// A citizen's reading of the step's state (the service shows only steps already notified).
function statusName(p) {
  switch (p.status) {
    case 'Approved':
      return p.canObject ? '已告知，可在异议期内提出异议' : '异议期已过，待生效';
    case 'Objected':
      return '异议审查中';
    case 'Withdrawn':
      return '已撤销';
    case 'Effective':
      return '已生效';
    case 'Retracted':
      return '已修复';
    default:
      return p.status;
  }
}

function toItem(p) {
  return {
    id: p.id,
    disputeId: p.disputeId,
    caseNumber: p.caseNumber,
    partyName: p.partyName,
    step: p.step,
    stepName: p.stepName,
    reason: p.reason,
    points: p.points,
    status: p.status,
    statusName: statusName(p),
    notifiedAt: formatDate(p.decidedAt),
    objectionDeadline: formatDate(p.objectionDeadline),
    canObject: Boolean(p.canObject),
    effectiveAt: formatDate(p.effectiveAt),
    endedAt: formatDate(p.endedAt),
    endReason: p.endReason || '',
    objections: (p.objections || []).map((o) => ({
      id: o.id, reason: o.reason, filedAt: formatDate(o.filedAt), status: o.status, statusName: OBJECTION_STATUS[o.status] || o.status,
      decisionReason: o.decisionReason || '', proofCount: (o.evidenceIds || []).length,
    })),
  };
}

async function loadCredit(api) {
  const { items } = await api.get('/api/me/credit');
  return items.map(toItem);
}

function validateObjection(form) {
  const e = {};
  const reason = String(form.reason || '').trim();
  if (!reason) e.reason = '请写明异议理由';
  else if (reason.length > 2000) e.reason = '异议理由不超过2000字';
  if ((form.files || []).length > 20) e.evidenceIds = '证据不超过20份';
  return e;
}

/**
 * Files an objection. `state.uploaded` ({ [path]: evidenceId }) keeps evidence already uploaded across a retry.
 * Resolves { ok: true, proposal } (the step, now under review) or { ok: false, errors }; other failures throw ApiError.
 */
async function fileObjection(api, item, form, state) {
  const errors = validateObjection(form);
  if (Object.keys(errors).length) return { ok: false, errors };
  const files = form.files || [];
  const results = await evidence.uploadAll(api, item.disputeId, files.filter((f) => !state.uploaded[f.path]), { description: EVIDENCE_DESCRIPTION });
  for (const r of results) if (r.ok) state.uploaded[r.file.path] = r.evidence.id;
  const failed = results.find((r) => !r.ok);
  if (failed) throw failed.error;
  try {
    // a second objection to the same step is refused (409), so a retry after a lost answer files nothing twice
    const proposal = await api.create('/api/credit/objections', {
      proposalId: item.id, reason: String(form.reason).trim(), evidenceIds: files.map((f) => state.uploaded[f.path]),
    });
    state.uploaded = {};
    return { ok: true, proposal: toItem(proposal) };
  } catch (err) {
    if (err.isValidation) return { ok: false, errors: err.fieldErrors };
    throw err;
  }
}

module.exports = { loadCredit, toItem, statusName, validateObjection, fileObjection, OBJECTION_STATUS };
