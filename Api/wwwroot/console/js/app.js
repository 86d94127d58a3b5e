import { api, session } from './api.js';
import { h, mount, errorBox, names } from './ui.js';
import { queuePage } from './queue.js';
import { casePage } from './case.js';
import { statsPage } from './stats.js';
import { mediatorStatsPage } from './mediator-stats.js';
import { subsidiesPage } from './subsidies.js';
import { caseReviewsPage } from './case-reviews.js';
import { mediatorRegisterPage } from './mediator-register.js';
import { bodiesPage, staffPage } from './admin.js';
import { releasePreviews } from './evidence.js';
import { calendarPage } from './calendar.js';
import { creditPage } from './credit.js';
import { registerPage } from './register.js';
import { lexiconPage } from './risk.js';
import { screeningPage } from './screening.js';
import { gridReportPage, gridInboxPage } from './grid.js';
import { roomsPage, leaveRooms } from './room.js';

const pages = [
  { path: 'queue', title: '受理队列', roles: ['Intake', 'Supervisor'], render: queuePage },
  { path: 'calendar', title: '调解日程', roles: ['Mediator'], render: calendarPage },
  { path: 'stats', title: '统计报表', roles: ['Supervisor', 'Admin'], render: statsPage },
  { path: 'mediator-stats', title: '调解员绩效', roles: ['Supervisor', 'Admin'], render: mediatorStatsPage },
  { path: 'subsidies', title: '以案定补', roles: ['Supervisor', 'Admin'], render: subsidiesPage },
  { path: 'mediator-register', title: '调解员名册', roles: ['Supervisor', 'Admin'], render: mediatorRegisterPage },
  { path: 'case-reviews', title: '案卷评查', roles: ['Supervisor', 'Admin', 'Mediator'], render: caseReviewsPage },
  { path: 'credit', title: '信用提议', roles: ['Supervisor'], render: creditPage },
  { path: 'register', title: '登记案件', roles: ['Intake', 'Mediator', 'Supervisor'], render: registerPage },
  { path: 'screening', title: '排查登记', roles: ['Intake', 'Mediator', 'Supervisor'], render: screeningPage },
  { path: 'grid-reports', title: '网格上报', roles: ['Intake', 'Supervisor'], render: () => gridInboxPage() },
  { path: 'grid', title: '排查上报', roles: ['GridWorker'], render: gridReportPage },
  { path: 'admin/bodies', title: '调解组织', roles: ['Admin'], render: bodiesPage },
  { path: 'admin/staff', title: '工作人员', roles: ['Admin'], render: staffPage },
  { path: 'admin/risk-lexicon', title: '风险词库', roles: ['Admin'], render: lexiconPage },
];

function loginPage() {
  const form = h('form', { id: 'login-form', onsubmit: async e => {
    e.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const login = await api.post('/api/auth/staff', { username: data.get('username'), password: data.get('password') });
      session.set(login);
      location.hash = '#/' + (firstPage()?.path ?? 'queue');
    } catch (err) {
      form.querySelector('.result').replaceChildren(errorBox(err));
    } finally { button.disabled = false; }
  } },
  h('h1', {}, '工作人员登录'),
  h('label', {}, '用户名', h('input', { name: 'username', autocomplete: 'username', required: true })),
  h('label', {}, '密码', h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  h('button', { type: 'submit' }, '登录'),
  h('div', { class: 'result' }));
  mount(h('section', { class: 'card login' }, form));
}

const allowed = () => pages.filter(p => session.has(...p.roles));
const firstPage = () => allowed()[0];

function renderChrome(current) {
  const user = session.user();
  document.getElementById('nav').replaceChildren(...(user ? allowed().map(p =>
    h('a', { href: `#/${p.path}`, class: current === p.path ? 'active' : '' }, p.title)) : []));
  document.getElementById('who').replaceChildren(...(user ? [
    `${user.displayName}（${(user.roles || []).map(r => names.role[r] || r).join('、')}）`,
    h('button', { class: 'plain', id: 'logout', onclick: () => { session.clear(); location.hash = '#/login'; } }, '退出'),
  ] : []));
}

async function route() {
  const path = location.hash.replace(/^#\/?/, '');
  releasePreviews();
  leaveRooms();
  document.getElementById('agreement-document')?.remove();
  document.body.classList.remove('has-document');
  if (!session.get() || path === 'login') { renderChrome(null); return loginPage(); }
  const caseMatch = /^case\/([0-9a-f-]{36})(\/rooms)?$/i.exec(path);
  renderChrome(caseMatch ? (session.has('Intake', 'Supervisor') ? 'queue' : 'calendar') : path);
  try {
    if (caseMatch?.[2]) return await roomsPage(caseMatch[1]);
    if (caseMatch) return await casePage(caseMatch[1]);
    const page = allowed().find(p => p.path === path) ?? firstPage();
    if (!page) return mount(h('p', {}, '当前账号没有可用的页面。'));
    if (page.path !== path) { location.hash = `#/${page.path}`; return; }
    document.title = `${page.title} · 信易调`;
    await page.render();
  } catch (e) {
    mount(errorBox(e));
  }
}

window.addEventListener('hashchange', route);
route();
