// Sources: every outlet with its health (last fetch, failures, last error),
// its coverage and whether it went silent; analysts and admins enable,
// disable and add sources, admins delete them. Writes carry the CSRF token.
import { h, mount, field } from '../dom.js';
import { t, fmtDate, fmtNum } from '../i18n.js';
import { api, qs, can } from '../api.js';
import { navigate } from '../nav.js';

function healthBadge(hl) {
  const st = hl ? hl.status : 'never';
  return h('span', { class: `badge health-${st}`, title: hl && hl.last_error ? hl.last_error : null }, t(`health.${st}`));
}

export async function pageSources(main, params, query, current) {
  const silentDays = Math.max(1, Math.min(365, Number(query.get('silent_days')) || 7));
  const res = await api('GET', `/sources${qs({ silent_days: silentDays })}`);
  if (!current()) return;
  const items = res.items || [];
  const silent = items.filter((s) => s.coverage && s.coverage.silent && s.enabled);
  const msg = h('p', { role: 'status', class: 'muted', 'aria-live': 'polite', id: 'sources-msg' });
  const writable = can('sources.write');

  async function change(s, body, doneKey) {
    try {
      await api('PATCH', `/sources/${s.id}`, body);
      navigate(`/sources${qs({ silent_days: query.get('silent_days') })}`, true);
      // navigate re-renders; announce after the new page is in place
      setTimeout(() => { const m = document.getElementById('sources-msg'); if (m) m.textContent = t(doneKey, { name: s.name || s.url }); }, 0);
    } catch (e) {
      msg.textContent = e.status === 403 ? t('common.forbidden') : `${t('common.error')}: ${e.message}`;
    }
  }
  async function remove(s) {
    if (!window.confirm(t('sources.confirm_delete', { name: s.name || s.url }))) return;
    try {
      await api('DELETE', `/sources/${s.id}`);
      navigate(location.pathname + location.search, true);
    } catch (e) {
      msg.textContent = `${t('common.error')}: ${e.message}`;
    }
  }

  const rows = items.map((s) => h('tr', { 'data-source-id': s.id },
    h('th', { scope: 'row' }, s.name || s.url, h('br'), h('small', { class: 'muted' }, s.url)),
    h('td', null, s.country || '—'), h('td', null, s.lang || '—'), h('td', null, t(`kind.${s.kind}`)),
    h('td', null, s.enabled ? t('sources.enabled') : h('strong', null, t('sources.disabled'))),
    h('td', null, healthBadge(s.health), h('br'), h('small', null, fmtDate(s.health && s.health.last_fetch))),
    h('td', { class: 'num' }, fmtNum(s.coverage ? s.coverage.articles : 0)),
    h('td', null, s.coverage && s.coverage.silent ? h('span', { class: 'badge health-failing' }, t('sources.silent')) : '—'),
    writable ? h('td', { class: 'actions' },
      h('button', {
        type: 'button', 'data-action': s.enabled ? 'disable' : 'enable',
        'aria-label': t(s.enabled ? 'sources.disable_named' : 'sources.enable_named', { name: s.name || s.url }),
        on: { click: () => change(s, { enabled: !s.enabled }, s.enabled ? 'sources.disabled_done' : 'sources.enabled_done') },
      }, t(s.enabled ? 'sources.disable' : 'sources.enable')),
      can('sources.delete') ? h('button', {
        type: 'button', class: 'danger', 'aria-label': t('sources.delete_named', { name: s.name || s.url }),
        on: { click: () => remove(s) },
      }, t('sources.delete')) : null) : null));

  const table = h('table', { class: 'table', id: 'sources-table' },
    h('caption', null, t('sources.caption', { n: fmtNum(items.length) })),
    h('thead', null, h('tr', null, ['name', 'country', 'lang', 'kind', 'state', 'health', 'articles', 'silent']
      .map((k) => h('th', { scope: 'col' }, t(`sources.col_${k}`))), writable ? h('th', { scope: 'col' }, t('sources.col_actions')) : null)),
    h('tbody', null, rows));

  const daysSel = h('select', { on: { change: (e) => navigate(`/sources?silent_days=${e.target.value}`, true) } },
    [1, 3, 7, 14, 30].map((d) => h('option', { value: d, props: { selected: d === silentDays } }, t('sources.days', { n: d }))));

  mount(main,
    h('h1', null, t('sources.title')),
    msg,
    h('section', { class: 'card', 'aria-labelledby': 'silent-h' },
      h('h2', { id: 'silent-h' }, t('sources.silent_title')),
      field(t('sources.silent_days'), daysSel),
      silent.length ? h('ul', { class: 'silent-list' }, silent.map((s) => h('li', null, s.name || s.url, ' — ',
        t('sources.last_article', { date: fmtDate(s.coverage.last_published) }))))
        : h('p', { class: 'muted' }, t('sources.no_silent'))),
    h('div', { class: 'table-wrap' }, table),
    writable ? addForm() : null);
}

function addForm() {
  const url = h('input', { type: 'url', required: true, name: 'url' });
  const name = h('input', { type: 'text', name: 'name' });
  const country = h('input', { type: 'text', name: 'country', maxlength: 2, pattern: '[A-Za-z]{2}', size: 3 });
  const lang = h('input', { type: 'text', name: 'lang', size: 6 });
  const kind = h('select', { name: 'kind' }, ['foreign', 'domestic', 'official'].map((k) => h('option', { value: k }, t(`kind.${k}`))));
  const msg = h('p', { role: 'status', 'aria-live': 'polite' });
  const submit = async (e) => {
    e.preventDefault();
    try {
      await api('POST', '/sources', { url: url.value.trim(), name: name.value.trim() || undefined, country: country.value.trim().toUpperCase() || undefined, lang: lang.value.trim() || undefined, kind: kind.value });
      navigate('/sources', true);
    } catch (err) {
      msg.textContent = `${t('common.error')}: ${err.message}`;
    }
  };
  return h('form', { class: 'card inline-form', 'aria-labelledby': 'add-src-h', on: { submit } },
    h('h2', { id: 'add-src-h' }, t('sources.add_title')),
    field(t('sources.url'), url), field(t('sources.name'), name), field(t('sources.country'), country),
    field(t('sources.lang'), lang), field(t('sources.kind'), kind),
    h('button', { type: 'submit', class: 'primary' }, t('sources.add')), msg);
}
