// Small DOM helpers: no framework, no build step.
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'line', 'polyline', 'circle', 'text', 'path', 'title'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', v);
    else if (k in el && !svg && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function mount(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  return main;
}

export function errorBox(e) { return h('div', { class: 'error', role: 'alert' }, e?.describe ? e.describe() : String(e?.message || e)); }

export const fmt = {
  time(iso) { return iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : ''; },
  date(iso) { return iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : ''; },
  yuan(fen) { return fen == null ? '' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) + ' 元'; },
  percent(rate) { return (Math.round(rate * 1000) / 10).toFixed(1) + '%'; },
  /** The case number (案号) once the committee accepted the case, the application number (申请编号) before. */
  ref(c) { return c.caseNumber || c.applicationNumber; },
  /** 「案件 WD-…-00012」, or 「申请 SQ…（未受理，尚无案号）」 for an application still in the queue. */
  caseTitle(c) { return c.caseNumber ? `案件 ${c.caseNumber}` : `申请 ${c.applicationNumber}（未受理，尚无案号）`; },
};

export const names = {
  agreementStatus: { Draft: '草稿', AwaitingSignatures: '待各方确认', Effective: '已生效' },
  agreementKind: { Written: '书面协议', Oral: '口头协议' },
  obligationStatus: { Open: '待履行', Fulfilled: '已履行' },
  paymentStatus: { Reported: '待权利人确认', Confirmed: '已确认', Disputed: '权利人有异议' },
  judicialResult: { Applied: '已申请，待裁定', Confirmed: '裁定确认有效', Refused: '裁定驳回' },
  role: { Intake: '受理员', Mediator: '调解员', Supervisor: '负责人', Admin: '管理员', GridWorker: '网格员', Expert: '专家' },
  source: { MiniProgram: '小程序申请', WalkIn: '来访申请', Initiative: '主动调解', PoliceReferral: '公安移交', CourtReferral: '法院委托', Oral: '口头申请', ProcuratorateReferral: '检察院移送', PetitionReferral: '信访转办', GovernmentReferral: '政府交办', OtherReferral: '其他移送' },
  level: { Village: '村（社区）', Town: '镇（街道）', County: '区县', City: '市' },
  kind: { PeoplesMediationCommittee: '人民调解委员会', CreditMediationStation: '信用调解工作站', TradeCommittee: '行业性专业性调委会' },
  partyRole: { Applicant: '申请人', Respondent: '被申请人', ThirdParty: '第三人' },
  risk: { Low: '低', Medium: '中', High: '高', Major: '重大' },
  status: {
    Submitted: '待受理', NeedsCorrection: '待补正', Lapsed: '逾期未补正', Accepted: '已受理', Rejected: '不予受理', Transferred: '已移送',
    MediatorAssigned: '已指派调解员', InMediation: '调解中', Agreed: '已达成协议', Failed: '调解不成', Performing: '履行中',
    Fulfilled: '已履行', Defaulted: '未按期履行', Closed: '已结案', Withdrawn: '已撤回',
  },
};

/** Runs an action from a button, showing its error (problem+json) or success next to it. */
export async function attempt(target, action, success) {
  const note = target.querySelector(':scope > .result') || target.appendChild(h('div', { class: 'result' }));
  note.replaceChildren();
  target.querySelectorAll('.field-error').forEach(e => e.remove());
  try {
    const result = await action();
    if (success) note.replaceChildren(h('div', { class: 'ok' }, success));
    return result;
  } catch (e) {
    note.replaceChildren(errorBox(e));
    markFields(target, e.problem?.errors);
    return undefined;
  }
}

/** Puts each field message of a problem+json answer under the input whose data-field names it (e.g. obligations[0].amountFen). */
function markFields(form, errors) {
  const fields = [...form.querySelectorAll('[data-field]')];
  for (const [key, messages] of Object.entries(errors || {})) {
    const input = fields.find(f => f.dataset.field.toLowerCase() === key.toLowerCase());
    input?.closest('label')?.append(h('span', { class: 'field-error' }, messages.join('；')));
  }
}

export function placeholder(what) {
  return h('div', { class: 'placeholder', 'data-placeholder': what }, `${what}：功能建设中`);
}
