// Search: a query box, facets (language, country, source, relevance, topic,
// tone) from the API's facet counts, results with highlighted snippets
// (segments with match flags, rendered as text and <mark>), cursor paging.
// The URL holds the state: /search?q=...&tone=negative,neutral&lang=vi
import { h, mount, field, nextId } from '../dom.js';
import { t, fmtDate, fmtNum, topicName } from '../i18n.js';
import { api, qs } from '../api.js';
import { navigate } from '../nav.js';

const SINGLE = ['lang', 'country', 'source', 'topic'];
const MULTI = ['relevance', 'tone'];
const MULTI_VALUES = { relevance: ['about', 'mentions', 'none'], tone: ['negative', 'neutral', 'positive'] };

function stateFrom(query) {
  const s = { q: query.get('q') || '' };
  for (const k of SINGLE) s[k] = query.get(k) || '';
  for (const k of MULTI) s[k] = (query.get(k) || '').split(',').filter((v) => MULTI_VALUES[k].includes(v));
  return s;
}

function urlOf(s) {
  return `/search${qs({ q: s.q, ...Object.fromEntries(SINGLE.map((k) => [k, s[k]])), ...Object.fromEntries(MULTI.map((k) => [k, s[k]])) })}`;
}

export function snippetNodes(parts) {
  return (parts || []).map((p) => (p.match ? h('mark', null, p.text) : p.text));
}

export function toneBadge(tone) {
  if (!tone) return h('span', { class: 'badge' }, t('tone.unknown'));
  return h('span', { class: `badge tone-${tone}`, 'data-tone': tone }, t(`tone.${tone}`));
}

function resultItem(a) {
  return h('li', { class: 'result', 'data-id': a.id },
    h('h3', null, h('a', { href: `/articles/${a.id}` }, a.title || t('article.untitled'))),
    h('p', { class: 'meta' },
      [a.source, a.country, a.lang, fmtDate(a.published)].filter(Boolean).join(' · '), ' ',
      toneBadge(a.tone), ' ',
      a.relevance ? h('span', { class: 'badge' }, t(`relevance.${a.relevance}`)) : null),
    h('p', { class: 'snippet' }, snippetNodes(a.snippet)));
}

// One facet as a fieldset: radios for single-valued filters, checkboxes for multi.
function facetBox(key, values, s, apply) {
  const multi = MULTI.includes(key);
  const legendId = nextId('facet');
  const name = `facet-${key}`;
  const options = multi
    ? MULTI_VALUES[key].map((v) => ({ value: v, count: (values || []).find((x) => x.value === v)?.count ?? 0 }))
    : [{ value: '', count: null }, ...(values || []).slice(0, 12)];
  if (!multi && s[key] && !options.some((o) => String(o.value) === s[key])) options.push({ value: s[key], count: null });
  const label = (o) => {
    if (o.value === '') return t('search.any');
    if (key === 'source') return o.name || `#${o.value}`;
    if (key === 'tone') return t(`tone.${o.value}`);
    if (key === 'relevance') return t(`relevance.${o.value}`);
    if (key === 'topic') return topicName(o.value);
    return String(o.value);
  };
  return h('fieldset', { class: 'facet', 'data-facet': key },
    h('legend', { id: legendId }, t(`facet.${key}`)),
    options.map((o) => {
      const id = nextId(name);
      const checked = multi ? s[key].includes(o.value) : String(o.value) === s[key];
      const input = h('input', {
        type: multi ? 'checkbox' : 'radio', name, id, value: String(o.value), props: { checked },
        on: { change: (e) => {
          if (multi) s[key] = e.target.checked ? [...s[key], o.value] : s[key].filter((v) => v !== o.value);
          else s[key] = String(o.value);
          apply();
        } },
      });
      return h('div', { class: 'opt' }, input, h('label', { for: id }, label(o),
        o.count !== null ? h('span', { class: 'count' }, ` (${fmtNum(o.count)})`) : null));
    }));
}

export async function pageSearch(main, params, query, current) {
  const s = stateFrom(query);
  const apiParams = { q: s.q, ...Object.fromEntries(SINGLE.map((k) => [k, s[k]])), ...Object.fromEntries(MULTI.map((k) => [k, s[k]])) };
  const res = await api('GET', `/articles${qs({ ...apiParams, facets: 1, limit: 20 })}`);
  if (!current()) return;
  const apply = () => navigate(urlOf(s), true);
  const input = h('input', { type: 'search', name: 'q', value: s.q, id: 'search-q', autocomplete: 'off' });
  const form = h('form', { role: 'search', class: 'searchbar', on: { submit: (e) => { e.preventDefault(); s.q = input.value.trim(); apply(); } } },
    field(t('search.label'), input, t('search.hint')),
    h('button', { type: 'submit', class: 'primary' }, t('search.submit')));
  const list = h('ol', { class: 'results', 'aria-label': t('search.results') }, res.items.map(resultItem));
  const more = h('div', { class: 'more' });
  let cursor = res.next_cursor;
  const renderMore = () => mount(more, cursor ? h('button', {
    type: 'button',
    on: { click: async () => {
      const r = await api('GET', `/articles${qs({ ...apiParams, limit: 20, cursor })}`);
      r.items.forEach((a) => list.appendChild(resultItem(a)));
      cursor = r.next_cursor;
      renderMore();
    } },
  }, t('search.more')) : null);
  renderMore();
  const f = res.facets || {};
  const status = h('p', { role: 'status', class: 'muted', 'data-testid': 'result-count' },
    res.items.length ? t(cursor ? 'search.count_more' : 'search.count', { n: fmtNum(res.items.length) }) : t('search.none'));
  mount(main,
    h('h1', null, t('search.title')),
    form,
    h('div', { class: 'search-layout' },
      h('aside', { class: 'facets', 'aria-label': t('search.facets') },
        h('h2', null, t('search.facets')),
        ['tone', 'relevance', 'lang', 'country', 'source', 'topic'].map((k) => facetBox(k, f[k], s, apply))),
      h('section', { 'aria-label': t('search.results') }, status, list, more)));
}
