// What follows the agreement: failure (调解不成), judicial confirmation (司法确认), enforcement (强制执行), performance (obligations
// and the payments parties report in the mini-program) and the follow-up visit that closes the case (回访结案).
import { api, cached } from './api.js';
import { h, attempt, errorBox, fmt, names } from './ui.js';
import { today } from './china-time.js';

const submitTo = (form, path, body, finish, message) => async e => {
  e.preventDefault();
  const done = await attempt(form(), () => api.post(path, body()));
  if (done) finish(typeof message === 'function' ? message(done) : message);
};

export function failureForm(caseId, finish) {
  const form = h('form', { class: 'panel', id: 'failure-form', onsubmit: submitTo(() => form, `/api/disputes/${caseId}/failure`,
    () => ({ reasonCode: form.elements.reasonCode.value, note: form.elements.note.value.trim() || null }), finish,
    '已终止调解，已通知双方当事人可通过仲裁、行政或诉讼途径解决。') },
  h('label', {}, '原因', h('select', { name: 'reasonCode', required: true, 'data-field': 'reasonCode' }, h('option', { value: '' }, '正在加载……'))),
  h('label', {}, '说明（选择「其他原因」时必填）', h('textarea', { name: 'note', maxlength: 2000, 'data-field': 'note' })),
  h('button', { type: 'submit', class: 'danger' }, '确认终止调解'));
  cached('/api/reference/failure-reasons').then(reasons => form.elements.reasonCode.replaceChildren(h('option', { value: '' }, '请选择'),
    reasons.map(r => h('option', { value: r.code }, r.name))), e => form.append(errorBox(e)));
  return form;
}

export function judicialForm(a, finish) {
  const j = a.judicialConfirmation;
  const form = h('form', { class: 'panel row', id: 'judicial-form', onsubmit: submitTo(() => form, `/api/agreements/${a.id}/judicial-confirmation`, () => {
    const f = form.elements;
    return { appliedOn: f.appliedOn.value || null, court: f.court.value.trim(), result: f.result.value,
      rulingNumber: f.rulingNumber.value.trim() || null, decidedOn: f.decidedOn.value || null };
  }, finish, '已登记司法确认情况。') },
  h('p', { class: 'muted' }, `双方当事人可在 ${j.deadline} 前共同向人民法院申请司法确认。`),
  h('label', {}, '申请日期', h('input', { type: 'date', name: 'appliedOn', required: true, max: today(), value: j.appliedOn || '', 'data-field': 'appliedOn' })),
  h('label', {}, '受理法院', h('input', { name: 'court', required: true, maxlength: 100, value: j.court || '', 'data-field': 'court' })),
  h('label', {}, '结果', h('select', { name: 'result', 'data-field': 'result' },
    Object.entries(names.judicialResult).map(([v, t]) => h('option', { value: v, selected: v === (j.result || 'Applied') }, t)))),
  h('label', {}, '裁定书文号', h('input', { name: 'rulingNumber', maxlength: 64, value: j.rulingNumber || '', 'data-field': 'rulingNumber' })),
  h('label', {}, '裁定日期', h('input', { type: 'date', name: 'decidedOn', max: today(), value: j.decidedOn || '', 'data-field': 'decidedOn' })),
  h('button', { type: 'submit' }, '登记'));
  return form;
}

export function enforcementForm(a, finish) {
  const form = h('form', { class: 'panel row', id: 'enforcement-form', onsubmit: submitTo(() => form, `/api/agreements/${a.id}/enforcement`, () => ({
    appliedOn: form.elements.appliedOn.value || null, court: form.elements.court.value.trim(), caseNumber: form.elements.caseNumber.value.trim(),
  }), finish, '已登记强制执行申请；对仍未履行的义务人已提出失信惩戒建议，待负责人审批。') },
  h('p', { class: 'muted' }, '仅适用于经司法确认、一方拒不履行的协议。登记后系统将对未履行义务的当事人提出失信惩戒建议。'),
  h('label', {}, '申请日期', h('input', { type: 'date', name: 'appliedOn', required: true, max: today(), 'data-field': 'appliedOn' })),
  h('label', {}, '执行法院', h('input', { name: 'court', required: true, maxlength: 100, 'data-field': 'court' })),
  h('label', {}, '执行案号', h('input', { name: 'caseNumber', required: true, maxlength: 64, 'data-field': 'caseNumber' })),
  h('button', { type: 'submit' }, '登记'));
  return form;
}

const followUpMethods = { Phone: '电话回访', Visit: '上门回访', Online: '线上回访' };

export function followUpForm(caseId, finish) {
  const form = h('form', { class: 'panel', id: 'follow-up-form', onsubmit: submitTo(() => form, `/api/disputes/${caseId}/follow-up`, () => {
    const f = form.elements;
    return { method: f.method.value, performanceStatus: f.performanceStatus.value.trim(), satisfaction: Number(f.satisfaction.value),
      remainingRisk: f.remainingRisk.value.trim() || null, note: f.note.value.trim() || null };
  }, finish, '已记录回访，案件已结案。') },
  h('div', { class: 'row' },
    h('label', {}, '回访方式', h('select', { name: 'method', 'data-field': 'method' }, Object.entries(followUpMethods).map(([v, t]) => h('option', { value: v }, t)))),
    h('label', {}, '履行情况', h('input', { name: 'performanceStatus', required: true, maxlength: 200, size: 40, 'data-field': 'performanceStatus' })),
    h('label', {}, '满意度', h('select', { name: 'satisfaction', 'data-field': 'satisfaction' }, [5, 4, 3, 2, 1].map(n => h('option', { value: n }, `${n} 分`))))),
  h('label', {}, '遗留风险', h('textarea', { name: 'remainingRisk', maxlength: 1000, 'data-field': 'remainingRisk' })),
  h('label', {}, '备注', h('textarea', { name: 'note', maxlength: 2000, 'data-field': 'note' })),
  h('button', { type: 'submit' }, '记录回访并结案'));
  return form;
}

/** The obligations of an effective agreement with what has been paid (parties report and confirm payments in the mini-program). */
export async function obligationsTable(caseId) {
  let data;
  try { data = await api.get(`/api/disputes/${caseId}/obligations`); } catch (e) { return errorBox(e); }
  const payments = o => data.payments.filter(p => p.obligationId === o.id);
  return h('div', { id: 'obligations' }, h('h3', {}, '履行情况'),
    h('table', {}, h('thead', {}, h('tr', {}, ['#', '义务人 → 权利人', '内容', '金额', '期限', '已确认', '状态'].map(t => h('th', {}, t)))),
      h('tbody', {}, data.items.map(o => [
        h('tr', { 'data-obligation': o.id },
          h('td', {}, o.position), h('td', {}, `${o.obligorName} → ${o.obligeeName}`), h('td', {}, o.description, o.method ? `（${o.method}）` : ''),
          h('td', { class: 'num' }, o.amountFen == null ? '—' : fmt.yuan(o.amountFen)),
          h('td', {}, o.instalments.length > 1 ? o.instalments.map(i => `${i.dueDate} ${fmt.yuan(i.amountFen)}`).join('；') : o.dueDate),
          h('td', { class: 'num' }, fmt.yuan(o.confirmedFen)), h('td', {}, names.obligationStatus[o.status] || o.status)),
        payments(o).map(p => h('tr', { class: 'payment' }, h('td', {}), h('td', { colspan: 6 },
          `报告履行 ${fmt.yuan(p.amountFen)} · ${fmt.time(p.paidAt)} · ${names.paymentStatus[p.status] || p.status}`,
          p.note ? ` · ${p.note}` : '', p.disputeReason ? ` · 异议：${p.disputeReason}` : '', p.evidenceIds.length ? ` · 凭证 ${p.evidenceIds.length} 份` : ''))),
      ]))),
    data.items.length ? null : h('p', { class: 'muted' }, '协议没有需要履行的义务。'));
}
