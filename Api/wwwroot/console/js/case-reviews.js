import { api, cached, myBodies, session } from './api.js';
import { h, mount, fmt, attempt } from './ui.js';
import { chinaMonth } from './stats.js';

const statusName = { Pending: '待评分', Scored: '已评分', Returned: '整改中', Rectified: '已整改待复评', Accepted: '评查通过' };

/** 案卷评查: a supervisor draws a sample of closed cases, scores each file against the checklist, returns it for
 * rectification or accepts it, and reads the quality scores; a mediator sees the reviews of their own cases. */
export async function caseReviewsPage() {
  if (!session.has('Supervisor', 'Admin')) return mineView();
  const [bodies, types] = await Promise.all([myBodies(), cached('/api/dispute-types')]);
  const user = session.user();
  const result = h('div', { id: 'review-sample' });
  const quality = h('div', { id: 'review-quality' });
  const form = h('form', { class: 'filters card', id: 'review-sample-form', onsubmit: async e => {
    e.preventDefault();
    const f = form.elements;
    const sample = await attempt(form, () => api.post('/api/case-reviews/samples', {
      bodyId: f.bodyId.value, month: f.month.value, drawMethod: f.drawMethod.value,
      seed: f.seed.value || null, size: f.size.value ? Number(f.size.value) : null,
      typeCode: f.typeCode.value || null,
    }));
    if (sample) showSample(sample);
  } },
  h('label', {}, '调解组织', h('select', { name: 'bodyId' }, bodies.map(b => h('option', { value: b.id, selected: b.id === user.bodyId }, b.name)))),
  h('label', {}, '结案月份', h('input', { type: 'month', name: 'month', value: chinaMonth(), required: true, 'data-field': 'month' })),
  h('label', {}, '抽取方式', h('select', { name: 'drawMethod', 'data-field': 'drawMethod' }, h('option', { value: 'Random' }, '随机抽取'), h('option', { value: 'Filter' }, '按条件（全部符合的案件）'))),
  h('label', {}, '纠纷类型（按条件时必填）', h('select', { name: 'typeCode', 'data-field': 'typeCode' }, h('option', { value: '' }, '（不限）'),
    types.map(t => h('option', { value: t.code }, t.name)))),
  h('label', {}, '件数', h('input', { type: 'number', name: 'size', min: 1, max: 200, value: 5, 'data-field': 'size' })),
  h('label', {}, '随机种子（可留空）', h('input', { name: 'seed', 'data-field': 'seed' })),
  h('button', { type: 'submit' }, '抽取案卷'),
  h('button', { type: 'button', onclick: () => loadQuality(form.elements.bodyId.value) }, '查看质量评分'));

  function showSample(sample) {
    result.replaceChildren(
      h('h2', {}, `抽取 ${sample.cases.length} 件（符合条件 ${sample.candidates} 件）`),
      h('p', { class: 'muted' }, sample.seed ? `随机种子：${sample.seed}（同一种子对同一批案件抽取结果相同）` : '按条件抽取'),
      ...sample.cases.map(reviewCard));
  }

  async function loadQuality(bodyId) {
    const report = await api.get(`/api/case-reviews/scores?bodyId=${encodeURIComponent(bodyId)}`);
    const row = (label, q) => h('tr', {}, h('td', {}, label), h('td', { class: 'num' }, q.averageScore ?? '—'),
      h('td', { class: 'num' }, q.reviewedCount), h('td', { class: 'num' }, q.returnedCount));
    const table = (title, rows) => h('section', { class: 'card' }, h('h2', {}, title), h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', { class: 'num' }, '平均分'), h('th', { class: 'num' }, '评查数'), h('th', { class: 'num' }, '退回整改'))),
      h('tbody', {}, rows)));
    quality.replaceChildren(
      table('按调解员', report.mediators.map(m => row(m.displayName, m.quality))),
      table('按调解组织', report.bodies.map(b => row(b.bodyName, b.quality))),
      table('按月份', report.months.map(m => row(m.month, m.quality))));
  }

  mount(h('h1', {}, '案卷评查'), form, result, quality);
}

/** One case file's review: the scoring form while it may be scored, the return and accept buttons after. */
function reviewCard(review) {
  const card = h('section', { class: 'card', 'data-review': review.id });
  const render = r => {
    const editable = ['Pending', 'Scored', 'Rectified'].includes(r.status);
    const score = h('form', { class: 'review-score', onsubmit: async e => {
      e.preventDefault();
      const scores = r.scores.map((s, i) => ({ itemCode: s.itemCode, points: Number(score.elements[`p${i}`].value), note: score.elements[`n${i}`].value || null }));
      const next = await attempt(score, () => api.put(`/api/case-reviews/${r.id}/score`, { scores, note: score.elements.note.value || null, version: r.version }));
      if (next) render(next);
    } },
    h('table', {}, h('tbody', {}, r.scores.map((s, i) => h('tr', {},
      h('td', {}, s.title), h('td', { class: 'num' }, `满分 ${s.maxPoints}`),
      h('td', {}, h('label', {}, '得分', h('input', { type: 'number', name: `p${i}`, min: 0, value: s.points ?? '', required: true, disabled: !editable, 'data-field': `scores[${i}].points` }))),
      h('td', {}, h('input', { name: `n${i}`, value: s.note ?? '', placeholder: '说明', disabled: !editable })))))),
    h('label', {}, '评查意见', h('input', { name: 'note', value: r.note ?? '', disabled: !editable })),
    ...(editable ? [h('button', { type: 'submit' }, '保存评分')] : []));
    const actions = h('form', { class: 'actions', onsubmit: e => e.preventDefault() });
    if (['Scored', 'Rectified'].includes(r.status)) {
      const deadline = h('input', { type: 'date', name: 'deadline', 'data-field': 'deadline' });
      const reason = h('input', { name: 'reason', placeholder: '需要整改的问题', 'data-field': 'reason' });
      actions.append(h('label', {}, '整改期限', deadline), h('label', {}, '整改意见', reason),
        h('button', { type: 'button', onclick: async () => {
          const next = await attempt(actions, () => api.post(`/api/case-reviews/${r.id}/return`, { deadline: deadline.value || null, reason: reason.value, version: r.version }));
          if (next) render(next);
        } }, '退回整改'),
        h('button', { type: 'button', onclick: async () => {
          const next = await attempt(actions, () => api.post(`/api/case-reviews/${r.id}/accept`, { version: r.version }));
          if (next) render(next);
        } }, '评查通过'));
    }
    card.replaceChildren(
      h('h3', {}, h('a', { href: `#/case/${r.caseId}` }, r.caseNumber), ` · ${statusName[r.status] ?? r.status}`,
        r.totalPoints == null ? '' : ` · ${r.totalPoints}/${r.maxPoints} 分（百分制 ${r.percentScore}）`),
      ...(r.rectificationDueOn ? [h('p', { class: 'muted' }, `整改期限 ${r.rectificationDueOn}：${r.rectificationReason}${r.rectificationReply ? `；调解员说明：${r.rectificationReply}` : ''}`)] : []),
      score, actions);
  };
  render(review);
  return card;
}

/** The mediator's view: the reviews of their cases, and the report that a rectification is done. */
async function mineView() {
  const list = await api.get('/api/case-reviews/mine');
  const item = r => {
    const card = h('section', { class: 'card', 'data-review': r.id },
      h('h3', {}, h('a', { href: `#/case/${r.caseId}` }, r.caseNumber), ` · ${statusName[r.status] ?? r.status}`,
        r.totalPoints == null ? '' : ` · ${r.totalPoints}/${r.maxPoints} 分`),
      h('ul', {}, r.scores.map(s => h('li', {}, `${s.title}：${s.points ?? '—'}/${s.maxPoints}${s.note ? `（${s.note}）` : ''}`))),
      ...(r.status === 'Returned' ? [
        h('p', {}, `请于 ${r.rectificationDueOn} 前整改：${r.rectificationReason}`),
        h('form', { class: 'actions', onsubmit: async e => {
          e.preventDefault();
          const form = e.target;
          const next = await attempt(form, () => api.post(`/api/case-reviews/${r.id}/rectified`, { reply: form.elements.reply.value || null }), '已报告整改完成');
          if (next) form.querySelector('button').disabled = true;
        } }, h('label', {}, '整改说明', h('input', { name: 'reply', 'data-field': 'reply' })), h('button', { type: 'submit' }, '报告整改完成'))] : []));
    return card;
  };
  mount(h('h1', {}, '案卷评查'), ...(list.items.length === 0 ? [h('p', { class: 'muted' }, '您承办的案件暂无评查。')] : list.items.map(item)));
}
