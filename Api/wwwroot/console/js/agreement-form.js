// The agreement editor (调解协议): drafting and editing, for the case's assigned mediator. Amounts are typed in yuan and sent in fen;
// obligors and obligees are chosen from the case's parties. The API checks everything again and its field errors land under the fields.
import { api } from './api.js';
import { h, attempt, names } from './ui.js';
import { today } from './china-time.js';

/** '1234.5' → 123450 (fen), exactly (no floating point); '' → null; anything else → NaN. */
export function yuanToFen(text) {
  const v = String(text ?? '').trim().replace(/,/g, '');
  if (!v) return null;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(v);
  return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : NaN;
}
const fenToYuan = fen => fen == null ? '' : (fen / 100).toFixed(2);

/**
 * The draft form. `agreement` is null for a new draft; with one, the form edits it (PUT), and if anyone has confirmed already the
 * mediator must tick that they know the confirmations become void.
 */
export function agreementForm({ caseId, parties, agreement, done }) {
  const list = h('div', { class: 'obligations' });
  const partyOptions = selected => [h('option', { value: '' }, '请选择'),
    parties.map(p => h('option', { value: p.id, selected: p.id === selected }, `${names.partyRole[p.role] || p.role} ${p.name}`))];

  const addObligation = (o = {}) => {
    const i = list.childElementCount;
    const field = (label, input) => h('label', {}, label, input);
    const box = h('fieldset', { class: 'obligation' },
      h('legend', {}, `履行义务 ${i + 1}`),
      h('div', { class: 'row' },
        field('义务人', h('select', { name: 'obligor', required: true, 'data-field': `obligations[${i}].obligorPartyId` }, partyOptions(o.obligorPartyId))),
        field('权利人', h('select', { name: 'obligee', required: true, 'data-field': `obligations[${i}].obligeePartyId` }, partyOptions(o.obligeePartyId))),
        field('金额（元，非金钱义务留空）', h('input', { name: 'amount', inputmode: 'decimal', size: 12, value: fenToYuan(o.amountFen), 'data-field': `obligations[${i}].amountFen` })),
        field('履行期限', h('input', { type: 'date', name: 'dueDate', min: today(), value: o.dueDate || '', 'data-field': `obligations[${i}].dueDate` }))),
      field('履行内容', h('input', { name: 'description', required: true, maxlength: 1000, size: 60, value: o.description || '', 'data-field': `obligations[${i}].description` })),
      h('div', { class: 'row' },
        field('履行方式', h('input', { name: 'method', maxlength: 200, value: o.method || '', placeholder: '如：银行转账', 'data-field': `obligations[${i}].method` })),
        field('履行地点', h('input', { name: 'place', maxlength: 200, value: o.place || '', 'data-field': `obligations[${i}].place` }))),
      field('分期（可选，每行一期：日期 金额，如 2026-12-01 1000）', h('textarea', { name: 'instalments', class: 'short', 'data-field': `obligations[${i}].instalments` },
        (o.instalments?.length > 1 ? o.instalments : []).map(x => `${x.dueDate} ${fenToYuan(x.amountFen)}`).join('\n'))),
      h('button', { type: 'button', class: 'plain small', onclick: () => { box.remove(); renumber(); } }, '删除此项'));
    list.append(box);
  };
  const renumber = () => [...list.children].forEach((box, i) => {
    box.querySelector('legend').textContent = `履行义务 ${i + 1}`;
    box.querySelectorAll('[data-field]').forEach(f => { f.dataset.field = f.dataset.field.replace(/^obligations\[\d+\]/, `obligations[${i}]`); });
  });
  (agreement?.obligations || []).forEach(addObligation);

  const signed = agreement?.signatures?.length > 0;
  const form = h('form', { class: 'panel', id: 'agreement-form', onsubmit: async e => {
    e.preventDefault();
    const body = read(form, list);
    if (body.problem) { attempt(form, () => Promise.reject(body.problem)); return; }
    const saved = await attempt(form, () => agreement ? api.put(`/api/agreements/${agreement.id}`, body) : api.post(`/api/disputes/${caseId}/agreement`, body));
    if (saved) done(saved, agreement ? `已保存修改（第 ${saved.revision} 版），请重新提交各方确认。` : '协议草稿已保存。');
  } },
  agreement && agreement.status !== 'Draft' || signed
    ? h('div', { class: 'warn' }, '注意：修改协议后，各方此前作出的确认（签字）全部作废，协议回到草稿，须重新提交并由各方重新确认。') : null,
  h('div', { class: 'row' }, Object.entries(names.agreementKind).map(([v, t]) =>
    h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'kind', value: v, checked: (agreement?.kind || 'Written') === v }), ` ${t}`))),
  h('label', {}, '纠纷主要事实', h('textarea', { name: 'facts', required: true, maxlength: 5000, 'data-field': 'facts' }, agreement?.facts || '')),
  h('label', {}, '争议事项及各方责任', h('textarea', { name: 'responsibilities', required: true, maxlength: 5000, 'data-field': 'responsibilities' }, agreement?.responsibilities || '')),
  h('label', {}, '协议内容（各方权利义务）', h('textarea', { name: 'terms', required: true, maxlength: 10000, 'data-field': 'terms' }, agreement?.terms || '')),
  h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'personalStatus', checked: !!agreement?.personalStatus }),
    ' 协议涉及婚姻、收养等身份关系（不能申请司法确认）'),
  h('h3', {}, '履行义务'), list,
  h('button', { type: 'button', class: 'plain small', id: 'add-obligation', onclick: () => addObligation() }, '＋ 添加一项义务'),
  signed ? h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: 'voidOk', required: true }), ' 我已知晓：保存修改将使已有的确认作废') : null,
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, agreement ? '保存修改' : '保存协议草稿')));
  return form;
}

/** The request body from the form, or { problem } when an amount or an instalment line cannot be read. */
function read(form, list) {
  const f = form.elements;
  const errors = {};
  const obligations = [...list.children].map((box, i) => {
    const v = name => box.querySelector(`[name=${name}]`).value.trim();
    const amountFen = yuanToFen(v('amount'));
    if (Number.isNaN(amountFen)) errors[`obligations[${i}].amountFen`] = ['金额请填写数字，最多两位小数（单位：元）'];
    const instalments = v('instalments').split('\n').map(s => s.trim()).filter(Boolean).map(line => {
      const [date, amount] = line.split(/\s+/);
      const fen = yuanToFen(amount);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '') || fen == null || Number.isNaN(fen))
        errors[`obligations[${i}].instalments`] = ['分期请每行填写「日期 金额」，如 2026-12-01 1000'];
      return { dueDate: date, amountFen: fen };
    });
    const dueDate = v('dueDate') || instalments.at(-1)?.dueDate || null;
    return {
      obligorPartyId: v('obligor') || null, obligeePartyId: v('obligee') || null, description: v('description'),
      amountFen: amountFen ?? (instalments.length ? instalments.reduce((s, x) => s + (x.amountFen || 0), 0) : null),
      dueDate, instalments: instalments.length ? instalments : null, method: v('method') || null, place: v('place') || null,
    };
  });
  if (Object.keys(errors).length) return { problem: { describe: () => Object.values(errors).flat().join('\n'), problem: { errors } } };
  return {
    kind: form.querySelector('input[name=kind]:checked')?.value || 'Written',
    facts: f.facts.value.trim(), responsibilities: f.responsibilities.value.trim(), terms: f.terms.value.trim(),
    personalStatus: f.personalStatus.checked, obligations,
  };
}
