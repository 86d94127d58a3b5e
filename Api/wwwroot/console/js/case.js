import { api, session } from './api.js';
import { h, mount, fmt, names, attempt } from './ui.js';
import { decisions } from './decisions.js';
import { evidenceSection } from './evidence.js';
import { agreementSection } from './agreement.js';
import { riskBadge, riskSection } from './risk.js';
import { openPrintView } from './agreement-document.js';
import { mediatorChoiceSection } from './mediator-choice.js';

/** Intake staff and supervisors read the case through the queue's API; a mediator through their own case list's. */
export async function casePage(id) {
  if (!session.has('Intake', 'Supervisor') && session.has('Mediator')) return mediatorCasePage(id);
  const [c, evidence, mediatorChoice] = await Promise.all([api.get(`/api/intake/${id}`), evidenceSection(id), mediatorChoiceSection(id)]);
  const notices = c.referral ? (await api.get(`/api/disputes/${id}/result-notices`)).items : [];
  const d = c.case;
  document.title = `${fmt.ref(d)} · 信易调`;
  const reload = () => casePage(id);

  mount(
    h('p', {}, h('a', { href: '#/queue' }, '← 返回受理队列')),
    h('h1', {}, `${fmt.caseTitle(d)} `, h('span', { class: 'badge', id: 'case-status' }, d.statusName),
      c.overdue ? h('span', { class: 'badge red' }, ' 已超过受理期限') : null, ' ', riskBadge(c.riskLevel, c.riskReasons)),
    h('h2', {}, '风险预警（当事人不可见）'), riskSection(id, reload),
    h('section', { class: 'card' },
      h('dl', { class: 'facts' },
        h('dt', {}, '申请编号'), h('dd', { id: 'application-number' }, d.applicationNumber),
        h('dt', {}, '调解组织'), h('dd', {}, d.bodyName),
        h('dt', {}, '纠纷类型'), h('dd', {}, d.typeName),
        h('dt', {}, '来源'), h('dd', {}, names.source[d.source] || d.source),
        h('dt', {}, '涉及金额'), h('dd', {}, d.amountFen == null ? '未填写' : fmt.yuan(d.amountFen)),
        h('dt', {}, '纠纷发生地'), h('dd', {}, d.place || '未填写'),
        h('dt', {}, '提交时间'), h('dd', {}, fmt.time(d.submittedAt)),
        h('dt', {}, '受理期限'), h('dd', {}, `${fmt.time(c.acceptDeadline)}（已等待 ${c.hoursWaiting} 小时）`),
        h('dt', {}, '处理人'), h('dd', {}, c.claim ? `${c.claim.staffName}（至 ${fmt.time(c.claim.expiresAt)}）` : '无人认领'))),
    c.referral ? referralSection(d, c.referral, notices) : null,
    h('h2', {}, '当事人'),
    h('section', { class: 'card', id: 'parties' }, [d.applicant, ...d.respondents, ...d.thirdParties].map(p => party(id, p))),
    h('h2', {}, '纠纷简要情况'), h('section', { class: 'card', id: 'facts' }, d.facts),
    h('h2', {}, '申请事项'), h('section', { class: 'card', id: 'claims' }, d.claims),
    h('h2', {}, '证据材料'), evidence,
    h('h2', {}, '办理'), decisions(c, reload),
    h('h2', {}, '调解员：申请人的选择与推荐'), mediatorChoice,
    h('div', { class: 'grid2' },
      h('div', {}, h('h2', {}, '办理经过'), timeline(c)),
      h('div', {},
        h('h2', {}, '调解员'), c.mediators.length ? h('ul', {}, c.mediators.map(m =>
          h('li', {}, m.name, ` · 指派于 ${fmt.time(m.assignedAt)}`, m.removedAt ? `（已于 ${fmt.time(m.removedAt)} 撤换：${m.removedReason || ''}）` : ''))) : h('p', { class: 'muted' }, '尚未指派'),
        h('h2', {}, '补正记录'), c.corrections.length ? h('ul', {}, c.corrections.map(x =>
          h('li', {}, `${x.items.join('；')}（期限 ${fmt.time(x.deadline)}${x.closedAt ? `，${x.outcome || '已结束'}` : ''}）`))) : h('p', { class: 'muted' }, '无'),
        h('h2', {}, '关联案件'), related(c.relatedCases),
        h('h2', {}, '移送记录'), c.lineage.length ? h('ul', {}, c.lineage.map(l =>
          h('li', {}, `${fmt.time(l.at)} ${l.fromBodyName} → ${l.toBodyName}：${l.reason}`))) : h('p', { class: 'muted' }, '无'))),
    h('h2', {}, '内部备注（当事人不可见）'), notes(id, c.notes),
    h('h2', {}, '调解协议'),
    agreementSection({
      caseId: id, status: d.status, parties: [d.applicant, ...d.respondents, ...d.thirdParties], reload, staff: true,
      mediator: session.has('Mediator') && c.mediators.some(m => m.staffId === session.user()?.id && !m.removedAt),
      supervisor: session.has('Supervisor'),
    }),
  );
}

/** The assigned mediator's view: parties (masked), facts, claims, history, evidence, notes and the agreement editor. */
async function mediatorCasePage(id) {
  const [{ case: c, ...d }, evidence, caseNotes] = await Promise.all([
    api.get(`/api/mediator/cases/${id}`), evidenceSection(id), api.get(`/api/intake/${id}/notes`)]);
  document.title = `${fmt.ref(c)} · 信易调`;
  const reload = () => mediatorCasePage(id);
  mount(
    h('p', {}, h('a', { href: '#/calendar' }, '← 返回调解日程')),
    h('h1', {}, `${fmt.caseTitle(c)} `, h('span', { class: 'badge', id: 'case-status' }, c.statusName)),
    ['MediatorAssigned', 'InMediation'].includes(c.status)
      ? h('p', {}, h('a', { href: `#/case/${id}/rooms`, id: 'to-rooms', class: 'button' }, '进入在线调解室（共同 / 背靠背）')) : null,
    h('section', { class: 'card' },
      h('dl', { class: 'facts' },
        h('dt', {}, '调解组织'), h('dd', {}, c.bodyName),
        h('dt', {}, '纠纷类型'), h('dd', {}, c.typeName),
        h('dt', {}, '涉及金额'), h('dd', {}, d.amountFen == null ? '未填写' : fmt.yuan(d.amountFen)),
        h('dt', {}, '纠纷发生地'), h('dd', {}, d.place || '未填写'),
        h('dt', {}, '指派时间'), h('dd', {}, fmt.time(c.assignedAt)),
        h('dt', {}, '下次调解'), h('dd', {}, c.nextSession ? fmt.time(c.nextSession.startsAt) : '暂无安排（在「调解日程」中安排）'))),
    h('h2', {}, '当事人'),
    h('section', { class: 'card', id: 'parties' }, c.parties.map(p => h('div', { class: 'panel', 'data-party': p.id },
      h('strong', {}, `${names.partyRole[p.role]}：${p.name}`, p.kind === 'Organization' ? '（单位）' : ''),
      h('dl', { class: 'facts' },
        p.kind === 'Organization' ? [h('dt', {}, '统一社会信用代码'), h('dd', {}, p.creditCode || '—')] : [h('dt', {}, '身份证号'), h('dd', {}, p.idNumber || '—')],
        h('dt', {}, '电话'), h('dd', {}, p.phone || '—'),
        h('dt', {}, '小程序'), h('dd', {}, p.hasAccount ? '已登录，可在小程序中确认协议' : '未登录，须当面签字后由调解员记录'))))),
    h('h2', {}, '纠纷简要情况'), h('section', { class: 'card', id: 'facts' }, d.facts),
    h('h2', {}, '申请事项'), h('section', { class: 'card', id: 'claims' }, d.claims),
    h('h2', {}, '证据材料'), evidence,
    h('h2', {}, '调解协议'),
    agreementSection({ caseId: id, status: c.status, parties: c.parties, reload, mediator: true, supervisor: false, staff: true }),
    h('h2', {}, '办理经过'), timeline({ history: d.history }),
    h('h2', {}, '内部备注（当事人不可见）'), notes(id, caseNotes),
  );
}

function party(caseId, p) {
  const id = h('dd', { 'data-field': 'idNumber' }, p.idNumber || '—');
  const phone = h('dd', { 'data-field': 'phone' }, p.phone || '—');
  const address = h('dd', { 'data-field': 'address' }, p.address || '—');
  // Only the year beside the masked ID number; the full date comes with the audited reveal.
  const birth = h('dd', { 'data-field': 'birth' }, p.birthYear ? `${p.birthYear} 年` : '—');
  const box = h('div', { class: 'panel', 'data-party': p.id },
    h('strong', {}, `${names.partyRole[p.role]}：${p.name}`, p.kind === 'Organization' ? '（单位）' : ''),
    h('dl', { class: 'facts' },
      p.kind === 'Organization'
        ? [h('dt', {}, '统一社会信用代码'), h('dd', {}, p.creditCode || '—'), h('dt', {}, '法定代表人'), h('dd', {}, p.legalRepresentative || '—')]
        : [h('dt', {}, '性别 / 民族'), h('dd', {}, `${p.gender === 'Male' ? '男' : p.gender === 'Female' ? '女' : '—'} / ${p.ethnicity || '—'}`),
           h('dt', {}, '出生日期'), birth, h('dt', {}, '身份证号'), id, h('dt', {}, '职业'), h('dd', {}, p.occupation || '—')],
      h('dt', {}, '电话'), phone, h('dt', {}, '住址'), address));
  const reveal = h('button', { class: 'plain reveal', onclick: async () => {
    const full = await attempt(box, () => api.post(`/api/intake/${caseId}/parties/${p.id}/reveal`), '已显示完整信息，本次查看已记录日志。');
    if (!full) return;
    id.textContent = full.idNumber || '—';
    birth.textContent = full.birthDate || birth.textContent;
    phone.textContent = full.phone || '—';
    address.textContent = full.address || '—';
    reveal.disabled = true;
  } }, '显示完整');
  box.append(reveal);
  return box;
}

function timeline(c) {
  return h('ul', { class: 'timeline', id: 'timeline' }, c.history.map(x =>
    h('li', {}, h('div', {}, h('strong', {}, `${x.from ? names.status[x.from] + ' → ' : ''}${names.status[x.to]}`), ` · ${fmt.time(x.at)}`),
      x.reason ? h('div', { class: 'muted' }, x.reason) : null)));
}

function related(list) {
  if (!list.length) return h('p', { class: 'muted' }, '无');
  return h('ul', { id: 'related' }, list.map(r => h('li', {}, h('a', { href: `#/case/${r.id}` }, fmt.ref(r)),
    ` · ${r.statusName} · ${r.bodyName} · 相同：${r.matchedBy.map(m => matchNames[m] || m).join('、')}`)));
}

const matchNames = { idNumber: '身份证号', phone: '电话', creditCode: '统一社会信用代码' };

function notes(caseId, list) {
  const box = h('section', { class: 'card', id: 'notes' });
  const render = items => box.replaceChildren(
    items.length ? h('ul', {}, items.map(n => h('li', {}, h('strong', {}, n.authorName), ` ${fmt.time(n.at)}：`, n.text))) : h('p', { class: 'muted' }, '暂无备注'),
    form);
  const form = h('form', { class: 'row', onsubmit: async e => {
    e.preventDefault();
    const text = form.elements.text.value;
    const added = await attempt(form, () => api.post(`/api/intake/${caseId}/notes`, { text }));
    if (added) { list = [...list, added]; form.elements.text.value = ''; render(list); }
  } }, h('textarea', { name: 'text', placeholder: '添加内部备注' }), h('button', { type: 'submit' }, '添加备注'));
  render(list);
  return box;
}


/** A referred case: who sent it, their document number and time limit, and the result letters sent back. */
function referralSection(d, r, notices) {
  return [h('h2', {}, '移送单位与期限'),
    h('section', { class: 'card', id: 'referral-details' },
      h('dl', { class: 'facts' },
        h('dt', {}, '移送单位'), h('dd', {}, `${r.unitName}（${names.source[d.source] || d.source}）`),
        h('dt', {}, '联系人'), h('dd', {}, r.contact || '未填写'),
        h('dt', {}, '文书编号'), h('dd', {}, r.documentNumber || '未填写'),
        h('dt', {}, '收到日期'), h('dd', {}, r.receivedOn),
        h('dt', {}, '调解期限'), h('dd', { id: 'referral-due' }, r.dueOn ? `至 ${r.dueOn}` : '未设期限',
          r.overdue ? h('span', { class: 'badge red' }, ' 已超过移送期限') : null)),
      h('h3', {}, '调解结果告知函'),
      notices.length ? h('ul', { id: 'result-notices' }, notices.map(n => h('li', {},
        `${n.resultName} · ${fmt.time(n.endedAt)}`, n.reason ? `：${n.reason}` : '',
        n.push ? h('span', { class: 'muted' }, ` · 推送：${pushNames[n.push.status] || n.push.status}`) : null, ' ',
        h('button', { type: 'button', class: 'plain small', onclick: e => openPrintView(`/api/disputes/${d.id}/result-notices/${n.id}/print`, `调解结果告知函-${n.caseNumber}.html`, e.target) }, '查看并打印')))) :
        h('p', { class: 'muted' }, '案件结束时生成，送回移送单位。'))];
}

const pushNames = { Pending: '待推送', Sent: '已送达', Failed: '推送失败' };
