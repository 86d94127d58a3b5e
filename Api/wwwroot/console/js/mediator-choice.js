import { api, cached } from './api.js';
import { h, errorBox } from './ui.js';

// 人民调解法 art. 19, 23 (parties choose or accept a mediator) and art. 15 (回避): the mediator the applicant chose, whether
// intake can assign them and why not, and the service's recommendations for this case with what the clerk should check.

const levels = { Chief: '首席', First: '一级', Second: '二级', Third: '三级', Fourth: '四级' };
// Flagged, not excluded: the clerk decides. Every other code keeps the mediator from this case.
const flagged = { SameSurnameAndVillage: '同姓同村' };
const conflictNames = {
  IsParty: '即当事人', SamePhone: '手机号相同', Objected: '当事人申请回避', TypeNotHandled: '不承办此类纠纷',
  Full: '在办已满', NotListed: '不在名册', ...flagged,
};

function conflictList(conflicts) {
  return h('ul', { class: 'conflicts' }, conflicts.map(f => h('li', { 'data-conflict': f.code },
    h('span', { class: flagged[f.code] ? 'badge risk-Medium' : 'badge red' }, conflictNames[f.code] || f.code), ' ', f.text)));
}

function preferredBlock(r) {
  if (!r.preferredMediatorId) return h('p', { id: 'preferred-mediator', class: 'muted' }, '申请人未选择调解员，由调解委员会指派。');
  const p = r.preferred;
  const checks = p.conflicts.filter(f => flagged[f.code]);
  return h('div', { id: 'preferred-mediator', class: p.assignable ? (checks.length ? 'warn' : 'ok') : 'warn', 'data-assignable': String(p.assignable) },
    h('strong', {}, `申请人选择的调解员：${p.displayName || '（已删除的账号）'}`), ' ',
    p.assignable
      ? h('span', {}, checks.length ? '可以按申请人意愿指派，但请先核实：' : '可以按申请人意愿指派。')
      : h('span', {}, '不能按申请人意愿指派，原因：'),
    p.conflicts.length ? conflictList(p.conflicts) : null,
    p.assignable ? null : h('p', { class: 'muted' }, '另行指派时请在「说明」中写明理由，申请人将收到通知。'));
}

function recommendationTable(list, typeNames, preferredId) {
  if (!list.length) return h('p', { class: 'muted', id: 'no-recommendation' }, '本组织名册中没有可推荐的调解员（已排除应当回避、不承办此类纠纷或在办已满的调解员）。');
  return h('table', { id: 'recommendation-table' },
    h('thead', {}, h('tr', {}, ['调解员', '等级', '专兼职', '擅长', '年限', '评价', '在办/上限', '提示'].map(t => h('th', {}, t)))),
    h('tbody', {}, list.map(m => h('tr', { 'data-id': m.id },
      h('td', {}, m.displayName, m.id === preferredId ? h('span', { class: 'badge' }, ' 申请人选择') : null, m.bodyName ? h('div', { class: 'muted' }, m.bodyName) : null),
      h('td', {}, levels[m.level] || '—'),
      h('td', {}, m.fullTime === true ? '专职' : m.fullTime === false ? '兼职' : '—'),
      h('td', {}, m.specialties.length ? m.specialties.map(c => typeNames[c] || c).join('、') : '各类纠纷'),
      h('td', {}, m.years == null ? '—' : `${m.years} 年`),
      h('td', {}, m.rating.count ? `${m.rating.average.toFixed(1)} 分（${m.rating.count} 次）` : '暂无'),
      h('td', {}, `${m.openCases}/${m.maxOpenCases}`),
      h('td', {}, m.conflicts.length ? conflictList(m.conflicts) : h('span', { class: 'muted' }, '无'))))));
}

/** The section beside the decisions; a failure to load it is shown in place and leaves the rest of the page working. */
export async function mediatorChoiceSection(caseId) {
  const box = h('section', { class: 'card', id: 'mediator-recommendations' });
  try {
    const [r, types] = await Promise.all([api.get(`/api/intake/${caseId}/mediator-recommendations`), cached('/api/dispute-types')]);
    const typeNames = Object.fromEntries(types.map(t => [t.code, t.name]));
    box.append(preferredBlock(r), h('h3', {}, '推荐调解员（最多三名）'), recommendationTable(r.recommendations, typeNames, r.preferredMediatorId),
      h('p', { class: 'muted' }, '已排除当事人本人、被申请回避、不承办此类纠纷和在办已满的调解员；同姓同村仅作提示，请核实是否有亲属关系。'));
  } catch (e) {
    box.append(h('p', {}, '调解员推荐暂时无法加载：'), errorBox(e));
  }
  return box;
}
