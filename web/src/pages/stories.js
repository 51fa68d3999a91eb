// Stories: the list by importance (GET /api/v1/stories: volume, growth,
// outlets, languages, countries, tone mix toward the country) and one
// story (GET /api/v1/stories/{id}): its timeline from
// /api/v1/stats/signals?dim=story and its articles grouped by language.
import { h, mount } from '../dom.js';
import { t, fmtDate, fmtNum } from '../i18n.js';
import { api, qs } from '../api.js';
import { countChart, shareBar, toneMini, utcOffset } from '../charts.js';
import { toneBadge } from './search.js';

function toneLabel(tone) {
  return t('stories.tone_mix', {
    neg: fmtNum(tone.negative), neu: fmtNum(tone.neutral), pos: fmtNum(tone.positive),
  });
}

function listOf(values, max) {
  if (!values || !values.length) return t('common.none');
  const shown = values.slice(0, max);
  return values.length > max ? `${shown.join(', ')} +${values.length - max}` : shown.join(', ');
}

function growth(s) {
  return t('stories.growth_value', { n: fmtNum(s.articles_24h), pct: fmtNum(100 * (s.growth || 0)) });
}

function storyRow(s) {
  return h('tr', { 'data-story': s.id },
    h('th', { scope: 'row' }, h('a', { href: `/stories/${s.id}` }, s.title || t('article.untitled'))),
    h('td', { class: 'num' }, fmtNum(s.articles)),
    h('td', null, growth(s)),
    h('td', null, `${fmtNum(s.n_outlets)}: ${listOf(s.outlets, 3)}`),
    h('td', null, listOf(s.langs, 5)),
    h('td', null, listOf(s.countries, 5)),
    h('td', null, toneMini(s.tone, toneLabel(s.tone))),
    h('td', null, fmtDate(s.last_seen)));
}

export async function pageStories(main, params, query, current) {
  const res = await api('GET', `/stories${qs({ limit: 50 })}`);
  if (!current()) return;
  const items = res.items || [];
  const cols = ['title', 'articles', 'growth', 'outlets', 'langs', 'countries', 'tone', 'last'];
  mount(main,
    h('h1', null, t('stories.title')),
    h('p', { class: 'muted' }, t('stories.intro')),
    items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'stories-table' },
      h('caption', null, t('stories.caption', { n: fmtNum(items.length) })),
      h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(`stories.col_${k}`))))),
      h('tbody', null, items.map(storyRow))))
      : h('p', { class: 'muted' }, t('stories.none')));
}

function isoDay(sec) {
  return new Date(sec * 1000).toISOString().slice(0, 10);
}

// The story's timeline: hourly for a story up to 7 days long, else daily.
async function drawTimeline(box, s, current) {
  const first = Date.parse(s.first_seen || s.last_seen) / 1000;
  const last = Date.parse(s.last_seen || s.first_seen) / 1000;
  if (!Number.isFinite(first) || !Number.isFinite(last)) {
    mount(box, h('p', { class: 'muted' }, t('common.empty')));
    return;
  }
  const hourly = last - first <= 7 * 86400;
  const sig = await api('GET', `/stats/signals${qs({
    dim: 'story', key: s.id, resolution: hourly ? 'hour' : 'day',
    since: isoDay(first - 86400), until: isoDay(last + 2 * 86400),
  })}`);
  if (!current()) return;
  countChart(box, sig.points || [], {
    title: t(hourly ? 'story.timeline_hour' : 'story.timeline_day'), label: t('story.articles'), offset: utcOffset(sig),
  });
}

function articleItem(a) {
  return h('li', { class: 'result', 'data-id': a.id },
    h('a', { href: `/articles/${a.id}`, lang: a.lang || null }, a.title || t('article.untitled')),
    h('p', { class: 'meta' }, [a.source, a.country, fmtDate(a.published)].filter(Boolean).join(' · '), ' ',
      toneBadge(a.tone),
      a.dup_of ? h('span', { class: 'badge' }, t('story.duplicate_of', { id: a.dup_of })) : null));
}

// The articles grouped by language, the largest group first.
function byLanguage(items) {
  const groups = new Map();
  for (const a of items) {
    const k = a.lang || '';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(a);
  }
  return [...groups.entries()].sort((x, y) => y[1].length - x[1].length).map(([lang, list]) => {
    const id = `lang-${lang || 'unknown'}`;
    return h('section', { class: 'lang-group', 'aria-labelledby': id, 'data-lang': lang },
      h('h3', { id }, t('story.lang_group', { lang: lang || t('common.none'), n: fmtNum(list.length) })),
      h('ul', { class: 'results' }, list.map(articleItem)));
  });
}

export async function pageStory(main, params, query, current) {
  const s = await api('GET', `/stories/${params[0]}`);
  if (!current()) return;
  document.title = `${s.title || t('stories.title')} · herald`;
  const chart = h('div', { class: 'chart small', id: 'story-timeline' });
  const toneParts = ['negative', 'neutral', 'positive'].map((k) => ({ key: k, label: t(`tone.${k}`), count: s.tone[k] || 0 }));
  const items = s.items || [];
  mount(main,
    h('p', null, h('a', { href: '/stories' }, `← ${t('story.back')}`)),
    h('h1', { id: 'story-title' }, s.title || t('article.untitled')),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'story-facts' },
        h('h2', { id: 'story-facts' }, t('story.facts')),
        h('dl', { class: 'facts' },
          h('dt', null, t('stories.col_articles')), h('dd', { 'data-testid': 'story-articles' }, fmtNum(s.articles)),
          h('dt', null, t('stories.col_growth')), h('dd', null, growth(s)),
          h('dt', null, t('story.span')), h('dd', null, `${fmtDate(s.first_seen)} – ${fmtDate(s.last_seen)}`))),
      h('section', { class: 'card', 'aria-labelledby': 'story-outlets' },
        h('h2', { id: 'story-outlets' }, t('stories.col_outlets')), h('p', null, listOf(s.outlets, 12))),
      h('section', { class: 'card', 'aria-labelledby': 'story-where' },
        h('h2', { id: 'story-where' }, t('story.where')),
        h('p', null, `${t('stories.col_langs')}: ${listOf(s.langs, 12)}`),
        h('p', null, `${t('stories.col_countries')}: ${listOf(s.countries, 12)}`)),
      h('section', { class: 'card', 'aria-labelledby': 'story-tone' },
        h('h2', { id: 'story-tone' }, t('overview.tone')),
        toneParts.some((p) => p.count) ? shareBar(toneParts, { label: t('overview.tone') }) : h('p', { class: 'muted' }, t('overview.no_tone')))),
    h('section', { class: 'card', 'aria-labelledby': 'story-tl' },
      h('h2', { id: 'story-tl' }, t('story.timeline')), chart),
    h('section', { 'aria-labelledby': 'story-arts' },
      h('h2', { id: 'story-arts' }, t('story.by_language')),
      byLanguage(items),
      s.items_truncated ? h('p', { class: 'muted' }, t('story.truncated', { n: fmtNum(items.length) })) : null));
  await drawTimeline(chart, s, current);
}
