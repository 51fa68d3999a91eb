// Users (admins only): the list from GET /api/v1/users, a form to add one
// (POST), and per user a role change and disable/enable (PATCH).
import { h, mount, field } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { api, session } from '../api.js';
import { navigate } from '../nav.js';

const ROLES = ['admin', 'analyst', 'officer', 'approver', 'viewer'];

// What the last change did, said once on the page it reloads into.
let flash = '';
function reload(message) {
  flash = message;
  navigate('/admin/users', true);
}

export async function pageUsers(main, params, query, current) {
  const res = await api('GET', '/users');
  if (!current()) return;
  const users = res.items || res.users || [];
  const msg = h('p', { role: 'status', 'aria-live': 'polite', id: 'users-msg', class: flash ? 'ok' : null }, flash);
  flash = '';
  const patch = async (u, body) => {
    try {
      await api('PATCH', `/users/${u.id}`, body);
      if (body.role) reload(t('users.role_changed', { name: u.name, role: t(`role.${body.role}`) }));
      else reload(t(body.disabled ? 'users.disabled_done' : 'users.enabled_done', { name: u.name }));
    } catch (e) {
      msg.className = 'error';
      msg.textContent = `${t('common.error')}: ${e.message}`;
    }
  };
  const rows = users.map((u) => {
    const self = session.user && session.user.id === u.id;
    const role = h('select', {
      'aria-label': t('users.role_of', { name: u.name }), disabled: self,
      on: { change: (e) => patch(u, { role: e.target.value }) },
    }, ROLES.map((r) => h('option', { value: r, props: { selected: r === u.role } }, t(`role.${r}`))));
    return h('tr', { 'data-user': u.name },
      h('th', { scope: 'row' }, u.name), h('td', null, u.display || '—'), h('td', null, role),
      h('td', null, u.agency || '—'),
      h('td', null, u.disabled ? h('strong', null, t('users.disabled')) : t('users.active')),
      h('td', null, fmtDate(u.last_seen || u.last_login)),
      h('td', null, self ? '—' : h('button', {
        type: 'button', on: { click: () => patch(u, { disabled: !u.disabled }) },
        'aria-label': t(u.disabled ? 'users.enable_named' : 'users.disable_named', { name: u.name }),
      }, t(u.disabled ? 'users.enable' : 'users.disable'))));
  });
  mount(main,
    h('h1', null, t('users.title')), msg,
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', null, t('users.caption')),
      h('thead', null, h('tr', null, ['name', 'display', 'role', 'agency', 'state', 'seen', 'actions']
        .map((k) => h('th', { scope: 'col' }, t(`users.col_${k}`))))),
      h('tbody', null, rows))),
    addForm(msg));
}

function addForm(msg) {
  const name = h('input', { type: 'text', required: true, name: 'name', autocomplete: 'off' });
  const display = h('input', { type: 'text', name: 'display' });
  const role = h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r, props: { selected: r === 'viewer' } }, t(`role.${r}`))));
  const agency = h('input', { type: 'text', name: 'agency' });
  const pw = h('input', { type: 'password', required: true, name: 'password', autocomplete: 'new-password', minlength: 12 });
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/users', { name: name.value.trim(), display: display.value.trim() || undefined, role: role.value, agency: agency.value.trim() || undefined, password: pw.value });
      reload(t('users.added', { name: name.value.trim(), role: t(`role.${role.value}`) }));
    } catch (err) {
      msg.className = 'error';
      msg.textContent = `${t('common.error')}: ${err.message}`;
    }
  };
  return h('form', { class: 'card inline-form', 'aria-labelledby': 'add-user-h', on: { submit } },
    h('h2', { id: 'add-user-h' }, t('users.add_title')),
    field(t('users.name'), name), field(t('users.display'), display), field(t('users.role'), role),
    field(t('users.agency'), agency, t('users.agency_hint')), field(t('users.password'), pw, t('users.password_hint')),
    h('button', { type: 'submit', class: 'primary' }, t('users.add')));
}
