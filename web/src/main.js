// The dashboard's entry: the page shell (skip link, navigation, language
// switch, user menu) and a small History-API router over the pages.
import './style.css';
import { h, mount } from './dom.js';
import { t, getLang, setLang, languages } from './i18n.js';
import { session, loadSession, signOut, can, setUnauthorizedHandler } from './api.js';
import { navigate, setRenderer } from './nav.js';
import { pageSignIn } from './pages/signin.js';
import { pageOverview } from './pages/overview.js';
import { pageSearch } from './pages/search.js';
import { pageArticle } from './pages/article.js';
import { pageSources } from './pages/sources.js';
import { pageUsers } from './pages/users.js';
import { pageAudit } from './pages/audit.js';
import { pageStories, pageStory } from './pages/stories.js';
import { pageAlerts, unackedCount } from './pages/alerts.js';
import { pageRules } from './pages/rules.js';

// [pattern, page, title key, needs]: pages get (main, params, query).
const routes = [
  [/^\/signin$/, pageSignIn, 'nav.signin', null],
  [/^\/$/, pageOverview, 'nav.overview', null],
  [/^\/search$/, pageSearch, 'nav.search', null],
  [/^\/articles\/(\d+)$/, pageArticle, 'article.title', null],
  [/^\/stories$/, pageStories, 'nav.stories', null],
  [/^\/stories\/(\d+)$/, pageStory, 'stories.title', null],
  [/^\/alerts$/, pageAlerts, 'nav.alerts', 'alerts.read'],
  [/^\/alerts\/rules$/, pageRules, 'nav.rules', 'alerts.read'],
  [/^\/sources$/, pageSources, 'nav.sources', null],
  [/^\/admin\/users$/, pageUsers, 'nav.users', 'users.admin'],
  [/^\/admin\/audit$/, pageAudit, 'nav.audit', 'audit.read'],
];

const main = document.getElementById('main');
const top = document.getElementById('top');
let renderSeq = 0;
let shown = ''; // path + query of the page on screen


function navLink(path, key, extra) {
  const here = location.pathname === path ||
    (path !== '/' && location.pathname.startsWith(path));
  return h('li', null, h('a', { href: path, 'aria-current': here ? 'page' : null }, t(key), extra || null));
}

// The alerts link's badge: the unacknowledged count, fetched after the
// shell is drawn (the link's name says it for screen readers).
const badge = h('span', { class: 'count-badge', id: 'alerts-badge', hidden: true });
async function updateBadge() {
  const n = await unackedCount();
  badge.hidden = !n;
  badge.textContent = n ? (n >= 200 ? '200+' : String(n)) : '';
  badge.setAttribute('aria-label', n ? t('nav.alerts_unacked', { n }) : '');
}

function renderTop() {
  const signedIn = Boolean(session.user);
  const open = !session.auth;
  const links = signedIn || open ? [
    navLink('/', 'nav.overview'),
    navLink('/search', 'nav.search'),
    navLink('/stories', 'nav.stories'),
    can('alerts.read') ? navLink('/alerts', 'nav.alerts', [' ', badge]) : null,
    navLink('/sources', 'nav.sources'),
    can('users.admin') ? navLink('/admin/users', 'nav.users') : null,
    can('audit.read') ? navLink('/admin/audit', 'nav.audit') : null,
  ] : [];
  const langSel = h('select', {
    id: 'lang-select',
    on: { change: (e) => { setLang(e.target.value); render(false); } },
  }, languages.map(([code, name]) => h('option', { value: code, props: { selected: code === getLang() } }, name)));
  const user = signedIn ? h('div', { class: 'user' },
    h('span', { class: 'who', 'data-testid': 'who' }, `${session.user.display || session.user.name} · ${t(`role.${session.user.role}`)}`),
    h('button', { type: 'button', class: 'link', on: { click: doSignOut } }, t('nav.signout'))) : null;
  mount(top,
    h('a', { class: 'brand', href: signedIn || open ? '/' : '/signin' }, 'herald'),
    h('nav', { 'aria-label': t('nav.label') }, h('ul', null, links)),
    h('div', { class: 'tools' },
      h('label', { for: 'lang-select', class: 'sr-only' }, t('nav.language')), langSel, user),
    open ? h('p', { class: 'banner', role: 'note' }, t('common.open_mode')) : null);
  document.getElementById('skip-link').textContent = t('nav.skip');
  if (signedIn || open) updateBadge();
}

async function doSignOut() {
  try {
    await signOut();
  } catch {
    /* the session is gone either way */
  }
  navigate('/signin');
}

async function render(focus) {
  const seq = ++renderSeq;
  shown = location.pathname + location.search;
  document.documentElement.lang = getLang();
  const path = location.pathname;
  let route = routes.find(([re]) => re.test(path));
  if (!route) route = [null, notFound, 'common.not_found', null];
  const [re, page, titleKey, needs] = route;
  if (session.auth && !session.user && page !== pageSignIn) {
    const next = path + location.search;
    history.replaceState(null, '', `/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`);
    return render(focus);
  }
  renderTop();
  if (needs && !can(needs)) {
    mount(main, h('h1', null, t(titleKey)), h('p', { class: 'error', role: 'alert' }, t('common.forbidden')));
    return;
  }
  document.title = `${t(titleKey)} · herald`;
  const params = re ? path.match(re).slice(1) : [];
  mount(main, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  try {
    await page(main, params, new URLSearchParams(location.search), () => seq === renderSeq);
  } catch (e) {
    if (seq !== renderSeq) return;
    mount(main, h('h1', null, t(titleKey)),
      h('p', { class: 'error', role: 'alert' }, `${t('common.error')}: ${e.message}`));
  }
  if (focus && seq === renderSeq) main.focus({ preventScroll: false });
}

function notFound(el) {
  mount(el, h('h1', null, t('common.not_found')), h('p', null, h('a', { href: '/' }, t('nav.overview'))));
}

// Same-origin links navigate in place; modified clicks keep their meaning.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('//') || a.target || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(href);
});
// The skip link moves focus itself: a #main fragment would add a history
// entry (and a popstate) for nothing.
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
// Back and forward render the page again, unless only the fragment changed.
window.addEventListener('popstate', () => {
  if (location.pathname + location.search === shown) return;
  render(true);
});
setUnauthorizedHandler(() => {
  session.user = null;
  session.csrf = null;
  if (location.pathname !== '/signin') navigate('/signin', true);
});

setRenderer(render);

(async () => {
  await loadSession();
  render(false);
})();
