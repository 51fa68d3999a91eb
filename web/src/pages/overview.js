// Overview: today's volume, the tone toward the country, top topics and
// outlets, coverage by country (ranked bars) and the trend over 30/90/365
// days from /api/v1/stats/volume.
import { h, mount } from '../dom.js';
import { t, fmtNum } from '../i18n.js';
import { api, qs } from '../api.js';
import { timeChart, rankedBars, shareBar } from '../charts.js';
import { navigate } from '../nav.js';

const PERIODS = [30, 90, 365];

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

function daysBack(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - (n - 1));
  return isoDay(d);
}

// Sums the points of every series into one map day -> {count, negative, neutral, positive}.
function sumByDay(stats) {
  const m = new Map();
  for (const s of stats.series || []) {
    for (const p of s.points) {
      const c = m.get(p.date) || { count: 0, negative: 0, neutral: 0, positive: 0 };
      c.count += p.count;
      c.negative += p.tone.negative;
      c.neutral += p.tone.neutral;
      c.positive += p.tone.positive;
      m.set(p.date, c);
    }
  }
  return m;
}

function allDays(since) {
  const out = [];
  const d = new Date(`${since}T00:00:00Z`);
  const end = isoDay(new Date());
  while (isoDay(d) <= end) {
    out.push(isoDay(d));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

function card(title, ...body) {
  const id = `card-${title.replace(/\W+/g, '-')}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...body);
}

export async function pageOverview(main, params, query, current) {
  const period = PERIODS.includes(Number(query.get('days'))) ? Number(query.get('days')) : 30;
  const since = daysBack(period);
  const today = isoDay(new Date());
  const [stats, facetsRes, todayStats] = await Promise.all([
    api('GET', `/stats/volume${qs({ since, interval: 'day', group: 'none' })}`),
    api('GET', `/articles${qs({ since, facets: 1, limit: 1 })}`),
    api('GET', `/stats/volume${qs({ since: today, interval: 'day', group: 'none' })}`),
  ]);
  if (!current()) return;
  const byDay = sumByDay(stats);
  const todayN = [...sumByDay(todayStats).values()].reduce((a, c) => a + c.count, 0);
  const tone = { negative: 0, neutral: 0, positive: 0, count: 0 };
  for (const c of byDay.values()) for (const k of Object.keys(tone)) tone[k] += c[k];
  const f = facetsRes.facets || {};

  const periodButtons = h('div', { class: 'segmented', role: 'group', 'aria-label': t('overview.period') },
    PERIODS.map((p) => h('button', {
      type: 'button', 'aria-pressed': String(p === period),
      on: { click: () => navigate(`/?days=${p}`, true) },
    }, t('overview.days', { n: p }))));
  const chartBox = h('div', { class: 'chart', id: 'trend-chart' });
  const days = allDays(since);
  const pick = (k) => days.map((d) => (byDay.get(d) ? byDay.get(d)[k] : 0));
  const toneParts = ['negative', 'neutral', 'positive'].map((k) => ({ key: k, label: t(`tone.${k}`), count: tone[k] }));

  mount(main,
    h('h1', null, t('overview.title')),
    h('div', { class: 'grid' },
      card(t('overview.today'), h('p', { class: 'big', 'data-testid': 'today-count' }, fmtNum(todayN)),
        h('p', { class: 'muted' }, t('overview.in_period', { n: fmtNum(stats.series.reduce((a, s) => a + s.total, 0)), days: period }))),
      card(t('overview.tone'), tone.negative + tone.neutral + tone.positive
        ? shareBar(toneParts, { label: t('overview.tone') })
        : h('p', { class: 'muted' }, t('overview.no_tone')),
        h('p', { class: 'muted' }, t('overview.tone_note', { days: period }))),
      card(t('overview.topics'), facetList(f.topic, (v) => `/search?topic=${encodeURIComponent(v.value)}`, (v) => t(`topic.${v.value}`) === `topic.${v.value}` ? v.value : t(`topic.${v.value}`))),
      card(t('overview.outlets'), facetList(f.source, (v) => `/search?source=${v.value}`, (v) => v.name || `#${v.value}`))),
    card(t('overview.countries'), f.country && f.country.length
      ? rankedBars(f.country.map((c) => ({ label: c.value, count: c.count, href: `/search?country=${encodeURIComponent(c.value)}` })), { label: t('overview.countries'), max: 15 })
      : h('p', { class: 'muted' }, t('common.empty'))),
    card(t('overview.trend'), periodButtons, chartBox,
      h('p', { class: 'sr-only' }, t('overview.trend_sr', { n: fmtNum(pick('count').reduce((a, b) => a + b, 0)), days: period }))),
    facetsRes.facets && !facetsRes.facets.complete ? h('p', { class: 'muted' }, t('overview.facets_partial', { n: fmtNum(facetsRes.facets.counted) })) : null);

  timeChart(chartBox, days, [
    { label: t('overview.series_all'), values: pick('count'), color: '#1f4e79' },
    { label: t('tone.negative'), values: pick('negative'), color: '#b3261e' },
    { label: t('tone.positive'), values: pick('positive'), color: '#1e7b34' },
  ], { title: t('overview.trend_title', { days: period }) });
}

function facetList(values, href, label) {
  if (!values || !values.length) return h('p', { class: 'muted' }, t('common.empty'));
  return rankedBars(values.map((v) => ({ label: label(v), count: v.count, href: href(v) })), { label: '', max: 8 });
}
