// Overview: today's volume, the tone toward the country, top topics and
// outlets, coverage by country (ranked bars) and the trend over 30/90/365
// days from /api/v1/stats/volume; the trend chart is a signals series
// (/api/v1/stats/signals) for all articles or one country, language,
// topic or source: expected band, spikes and the next-day forecast.
import { h, mount, field } from '../dom.js';
import { t, fmtNum, fmtDate } from '../i18n.js';
import { api, qs } from '../api.js';
import { rankedBars, shareBar, signalsChart } from '../charts.js';
import { navigate } from '../nav.js';

const PERIODS = [30, 90, 365];

function isoDay(d) {
  return d.toISOString().slice(0, 10);
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

// The dates from since to end (YYYY-MM-DD, the office's days) inclusive.
function allDays(since, end) {
  const out = [];
  const d = new Date(`${since}T00:00:00Z`);
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
  // Days are the office's (the server's time zone, not the browser's):
  // the answer says which day is today and where the period starts.
  const stats = await api('GET', `/stats/volume${qs({ days: period, interval: 'day', group: 'none' })}`);
  if (!current()) return;
  const { since, today } = stats;
  const facetsRes = await api('GET', `/articles${qs({ since, facets: 1, limit: 1 })}`);
  if (!current()) return;
  const byDay = sumByDay(stats);
  const todayN = byDay.get(today) ? byDay.get(today).count : 0;
  const tone = { negative: 0, neutral: 0, positive: 0, count: 0 };
  for (const c of byDay.values()) for (const k of Object.keys(tone)) tone[k] += c[k];
  const f = facetsRes.facets || {};

  const sel = pickSeries(query, f);
  const periodButtons = h('div', { class: 'segmented', role: 'group', 'aria-label': t('overview.period') },
    PERIODS.map((p) => h('button', {
      type: 'button', 'aria-pressed': String(p === period),
      on: { click: () => navigate(`/${qs({ days: p, dim: sel.dim === 'all' ? '' : sel.dim, key: sel.key })}`, true) },
    }, t('overview.days', { n: p }))));
  const chartBox = h('div', { class: 'chart', id: 'trend-chart' });
  const signalsNote = h('div', { class: 'signals-note', 'aria-live': 'polite' });
  const days = allDays(since, today);
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
    card(t('overview.trend'), h('div', { class: 'trend-tools' }, periodButtons, seriesPicker(sel, f, period)),
      chartBox, signalsNote,
      h('p', { class: 'sr-only' }, t('overview.trend_sr', { n: fmtNum(pick('count').reduce((a, b) => a + b, 0)), days: period }))),
    facetsRes.facets && !facetsRes.facets.complete ? h('p', { class: 'muted' }, t('overview.facets_partial', { n: fmtNum(facetsRes.facets.counted) })) : null);

  await drawSignals(chartBox, signalsNote, sel, period, today, current);
}

const DIMS = ['all', 'country', 'lang', 'topic', 'source'];

// The series on the trend chart: ?dim=&key= when valid, else all articles.
function pickSeries(query, f) {
  const dim = DIMS.includes(query.get('dim')) ? query.get('dim') : 'all';
  if (dim === 'all') return { dim, key: '' };
  const keys = (f[dim] || []).map((v) => String(v.value));
  const key = query.get('key') || keys[0] || '';
  return key ? { dim, key } : { dim: 'all', key: '' };
}

// Two labelled selects: the dimension and its value (from the facets).
function seriesPicker(sel, f, period) {
  const first = (dim) => (dim === 'all' || !(f[dim] || []).length ? '' : String(f[dim][0].value));
  const go = (dim, key) => navigate(`/${qs({ days: period, dim: dim === 'all' ? '' : dim, key: key || first(dim) })}`, true);
  const dimSel = h('select', { id: 'signals-dim', on: { change: (e) => go(e.target.value, '') } },
    DIMS.map((d) => h('option', { value: d, props: { selected: d === sel.dim } }, t(`signals.dim_${d}`))));
  const values = sel.dim === 'all' ? [] : (f[sel.dim] || []);
  const keySel = h('select', { id: 'signals-key', disabled: sel.dim === 'all', on: { change: (e) => go(sel.dim, e.target.value) } },
    sel.dim === 'all' ? h('option', { value: '' }, t('search.any'))
      : values.map((v) => h('option', { value: String(v.value), props: { selected: String(v.value) === sel.key } },
        sel.dim === 'source' ? (v.name || `#${v.value}`) : String(v.value))));
  return h('div', { class: 'series-picker' }, field(t('signals.dimension'), dimSel), field(t('signals.key'), keySel));
}

// The date n days before day (both YYYY-MM-DD).
function daysBefore(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return isoDay(d);
}

// Fetches the series (28 more days than shown, so the baseline has
// history) and draws it with a text summary of the spikes and forecast.
async function drawSignals(box, note, sel, period, today, current) {
  let sig;
  try {
    sig = await api('GET', `/stats/signals${qs({ dim: sel.dim, key: sel.key, resolution: 'day', since: daysBefore(today, period + 28) })}`);
  } catch (e) {
    mount(note, h('p', { class: 'error', role: 'alert' }, `${t('common.error')}: ${e.message}`));
    return;
  }
  if (!current()) return;
  const shown = { ...sig, points: (sig.points || []).slice(-period) };
  const fc = sig.forecast || {};
  signalsChart(box, shown, {
    count: t('signals.count'), expected: t('signals.expected'), band: t('signals.band'), spikes: t('signals.spikes'),
    forecast: t('signals.forecast'), forecastBand: t('signals.forecast_band'), negative: t('tone.negative'), positive: t('tone.positive'),
  }, { title: t('overview.trend_title', { days: period }), tone: true });
  const spikes = shown.points.filter((p) => p.spike).map((p) => fmtDate(p.start));
  const shifts = shown.points.filter((p) => p.negative_shift).map((p) => fmtDate(p.start));
  mount(note,
    h('p', { 'data-testid': 'forecast' }, fc.insufficient_history || !Number.isFinite(fc.value)
      ? t('signals.forecast_none', { why: fc.message || '' })
      : t('signals.forecast_text', { date: fc.date || fmtDate(fc.start), v: fmtNum(fc.value, 1), lo: fmtNum(fc.lo, 1), hi: fmtNum(fc.hi, 1), level: fmtNum(100 * (fc.level || 0.8)) })),
    h('p', { 'data-testid': 'spikes' }, spikes.length ? t('signals.spikes_on', { days: spikes.join(', ') }) : t('signals.no_spikes')),
    shifts.length ? h('p', { class: 'error' }, t('signals.shifts_on', { days: shifts.join(', ') })) : null);
}

function facetList(values, href, label) {
  if (!values || !values.length) return h('p', { class: 'muted' }, t('common.empty'));
  return rankedBars(values.map((v) => ({ label: label(v), count: v.count, href: href(v) })), { label: '', max: 8 });
}
