// Audit log (admins only): GET /api/v1/audit with actor, action and since
// filters and cursor paging; before/after shown as JSON text.
import { h, mount, field } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { api, qs } from '../api.js';
import { navigate } from '../nav.js';

function show(v) {
  if (v === null || v === undefined || v === '') return '—';
  return h('pre', null, typeof v === 'string' ? v : JSON.stringify(v, null, 1));
}

function row(e) {
  return h('tr', null, h('td', null, fmtDate(e.at || e.time || e.ts)), h('td', null, e.actor || '—'),
    h('td', null, e.action || '—'), h('td', null, [e.object_type || e.object || '', e.object_id ?? ''].join(' ').trim() || '—'),
    h('td', null, show(e.before)), h('td', null, show(e.after)), h('td', null, e.ip || '—'));
}

export async function pageAudit(main, params, query, current) {
  const filters = { actor: query.get('actor') || '', action: query.get('action') || '', since: query.get('since') || '' };
  const res = await api('GET', `/audit${qs({ ...filters, limit: 50 })}`);
  if (!current()) return;
  const items = res.items || [];
  const body = h('tbody', null, items.map(row));
  let cursor = res.next_cursor;
  const more = h('div', { class: 'more' });
  const renderMore = () => mount(more, cursor ? h('button', {
    type: 'button',
    on: { click: async () => {
      const r = await api('GET', `/audit${qs({ ...filters, limit: 50, cursor })}`);
      (r.items || []).forEach((e) => body.appendChild(row(e)));
      cursor = r.next_cursor;
      renderMore();
    } },
  }, t('search.more')) : null);
  renderMore();
  const inputs = {
    actor: h('input', { type: 'text', name: 'actor', value: filters.actor }),
    action: h('input', { type: 'text', name: 'action', value: filters.action }),
    since: h('input', { type: 'date', name: 'since', value: filters.since }),
  };
  const submit = (e) => {
    e.preventDefault();
    navigate(`/admin/audit${qs(Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()])))}`, true);
  };
  mount(main,
    h('h1', null, t('audit.title')),
    h('form', { class: 'inline-form filters', on: { submit } },
      field(t('audit.actor'), inputs.actor), field(t('audit.action'), inputs.action), field(t('audit.since'), inputs.since),
      h('button', { type: 'submit', class: 'primary' }, t('audit.filter'))),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('caption', null, t('audit.caption')),
      h('thead', null, h('tr', null, ['time', 'actor', 'action', 'object', 'before', 'after', 'ip']
        .map((k) => h('th', { scope: 'col' }, t(`audit.col_${k}`))))),
      body)),
    items.length ? null : h('p', { class: 'muted' }, t('common.empty')),
    more);
}
