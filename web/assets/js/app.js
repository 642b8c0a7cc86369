// The console's entry point: finds the session, draws the header for it and routes the hash (#/inbox,
// #/dossiers/<id>, its printable documents #/dossiers/<id>/to-trinh|bien-ban|quyet-dinh, #/new, #/notifications,
// #/dashboard, #/report, the emulation blocs #/bloc and #/bloc/<id>, #/status, #/login) to the page modules. The
// public status page (/tra-cuu or #/status) works without a session.
import {currentSession, logout} from './api.js';
import {el, replace} from './dom.js';
import {ROLE, label} from './labels.js';
import {drawCalendarAlarm} from './calendar_alarm.js';
import {bellNode, startNotifications, stopNotifications} from './notify.js';
import {forgetOrganisations, orgNameNode} from './orgs.js';
import {errorBox, focusHeading, toast} from './ui.js';
import * as loginPage from './pages/login.js';
import * as inboxPage from './pages/inbox.js';
import * as dossierPage from './pages/dossier.js';
import * as documentPage from './pages/document.js';
import * as newDossierPage from './pages/new_dossier.js';
import * as notificationsPage from './pages/notifications.js';
import * as dashboardPage from './pages/dashboard.js';
import * as reportPage from './pages/report.js';
import * as blocsPage from './pages/blocs.js';
import * as blocPage from './pages/bloc.js';
import * as statusPage from './pages/status.js';

const ROUTES = [
  {pattern: /^\/login$/, page: loginPage, public: true},
  {pattern: /^\/status$/, page: statusPage, public: true},
  {pattern: /^\/inbox$/, page: inboxPage},
  {pattern: /^\/dossiers\/([^/]+)$/, page: dossierPage},
  {pattern: /^\/dossiers\/([^/]+)\/(to-trinh|bien-ban|quyet-dinh)(?:\/([^/]+))?$/, page: documentPage},
  {pattern: /^\/new$/, page: newDossierPage},
  {pattern: /^\/notifications$/, page: notificationsPage},
  {pattern: /^\/dashboard$/, page: dashboardPage},
  {pattern: /^\/report$/, page: reportPage},
  {pattern: /^\/bloc$/, page: blocsPage},
  {pattern: /^\/bloc\/([^/]+)$/, page: blocPage},
];

const NAV = [
  ['#/inbox', 'Hồ sơ cần xử lý', () => true],
  ['#/new', 'Lập hồ sơ', (s) => s.grants.some((g) => g.role === 'ROLE_SUBMITTER')],
  ['#/dashboard', 'Thống kê', () => true],
  ['#/report', 'Báo cáo', () => true],
  ['#/bloc', 'Khối thi đua', () => true],
  ['#/notifications', 'Thông báo', () => true],
  ['#/status', 'Tra cứu', () => true],
];

const app = {
  session: null,  // {person, grants, csrfToken}
  cleanup: null,
  renderId: 0,
};

function sessionFrom(body) {
  const identity = (body && body.identity) || {};
  return {person: identity.person || {}, grants: identity.grants || []};
}

// Called by the login page.
export async function signedIn(body) {
  app.session = sessionFrom(body);
  drawHeader();
  startNotifications();
}

async function signOut() {
  try {
    await logout();
  } catch (error) {
    toast(error.message, {kind: 'error'});
  }
  app.session = null;
  stopNotifications();
  forgetOrganisations();
  drawHeader();
  location.hash = '#/login';
}

function drawHeader() {
  const nav = document.getElementById('site-nav');
  const user = document.getElementById('site-user');
  const s = app.session;
  drawCalendarAlarm(document.getElementById('site-alarm'), s);
  if (!s) {
    replace(nav, el('a', {href: '#/status', class: 'site-nav__link'}, 'Tra cứu hồ sơ'));
    replace(user, el('a', {href: '#/login', class: 'button button--small'}, 'Đăng nhập'));
    return;
  }
  replace(nav, NAV.filter(([, , visible]) => visible(s)).map(([href, text]) =>
    el('a', {href, class: 'site-nav__link', dataset: {route: href.slice(1)}}, text)));
  const firstGrant = s.grants[0];
  replace(user,
    bellNode(),
    el('span', {class: 'site-user__who'},
      el('span', {class: 'site-user__name'}, s.person.fullName || s.person.username || ''),
      firstGrant ? el('span', {class: 'site-user__role'}, label(ROLE, firstGrant.role), ' — ',
        orgNameNode(firstGrant.orgId)) : null),
    el('button', {type: 'button', class: 'button button--small', onClick: signOut}, 'Đăng xuất'));
  markCurrentNav();
}

function markCurrentNav() {
  const path = currentPath();
  for (const link of document.querySelectorAll('.site-nav__link')) {
    const route = link.getAttribute('href').slice(1);
    if (path === route || path.startsWith(`${route}/`)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function currentPath() {
  const hash = location.hash.replace(/^#/, '');
  if (hash) return hash.split('?')[0];
  if (location.pathname === '/tra-cuu') return '/status';
  return app.session ? '/inbox' : '/login';
}

// The query part of the hash (#/inbox?org=…) as URLSearchParams.
export function hashQuery() {
  const hash = location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

async function route() {
  const renderId = ++app.renderId;
  if (app.cleanup) {
    try { app.cleanup(); } catch { /* a page's cleanup never stops navigation */ }
    app.cleanup = null;
  }
  const main = document.getElementById('main');
  let path = currentPath();
  let match = null;
  let target = ROUTES.find((r) => (match = r.pattern.exec(path)));
  if (!target) {
    path = app.session ? '/inbox' : '/login';
    target = ROUTES.find((r) => (match = r.pattern.exec(path)));
  }
  if (!target.public && !app.session) {
    sessionStorage.setItem('tdkt:after-login', location.hash || '#/inbox');
    location.hash = '#/login';
    return;
  }
  markCurrentNav();
  replace(main);
  try {
    const cleanup = await target.page.render(main, {session: app.session, params: match.slice(1), renderId,
      stale: () => renderId !== app.renderId});
    if (renderId === app.renderId) app.cleanup = typeof cleanup === 'function' ? cleanup : null;
    else if (typeof cleanup === 'function') cleanup();
  } catch (error) {
    if (renderId === app.renderId) replace(main, errorBox(error));
  }
  if (renderId === app.renderId) focusHeading(main);
}

window.addEventListener('tdkt:session-lost', () => {
  if (!app.session) return;
  app.session = null;
  stopNotifications();
  drawHeader();
  toast('Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.', {kind: 'error'});
  sessionStorage.setItem('tdkt:after-login', location.hash || '#/inbox');
  location.hash = '#/login';
});

async function boot() {
  try {
    const body = await currentSession();
    if (body) {
      app.session = sessionFrom(body);
      startNotifications();
    }
  } catch (error) {
    toast(error.message, {kind: 'error'});
  }
  drawHeader();
  window.addEventListener('hashchange', route);
  await route();
}

boot();
