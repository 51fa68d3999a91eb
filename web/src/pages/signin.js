// Sign-in page: name and password to POST /api/v1/session; on success the
// session (user and CSRF token) is kept in memory and the user goes on to
// the page they asked for.
import { h, mount, field } from '../dom.js';
import { t } from '../i18n.js';
import { session, signIn } from '../api.js';
import { navigate } from '../nav.js';

function nextPath(query) {
  const n = query.get('next');
  return n && n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/signin') ? n : '/';
}

export async function pageSignIn(main, params, query) {
  if (!session.auth || session.user) {
    navigate(nextPath(query), true);
    return;
  }
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'username', required: true });
  const pw = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p', { class: 'error', role: 'alert', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'primary' }, t('signin.submit'));
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-h', on: { submit } },
    h('h1', { id: 'signin-h' }, t('signin.title')),
    h('p', null, t('signin.intro')),
    field(t('signin.name'), name),
    field(t('signin.password'), pw),
    button, msg);

  async function submit(e) {
    e.preventDefault();
    msg.textContent = '';
    button.disabled = true;
    try {
      await signIn(name.value.trim(), pw.value);
      navigate(nextPath(query), true);
    } catch (err) {
      msg.textContent = err.status === 401 ? t('signin.bad') :
        err.status === 429 ? t('signin.rate_limited') : `${t('common.error')}: ${err.message}`;
      pw.value = '';
      pw.focus();
    } finally {
      button.disabled = false;
    }
  }
  mount(main, form);
  name.focus();
}
