// Charts: uPlot for time series; ranked bars and tone shares as plain,
// accessible HTML (numbers in text, widths set through the CSSOM, which the
// strict CSP allows).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom.js';
import { fmtNum } from './i18n.js';

// A line chart of daily series. days: ['2026-11-01', ...]; series: [{label, values, color}].
export function timeChart(container, days, series, { title, width }) {
  const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  const opts = {
    title,
    width: width || Math.max(320, Math.min(container.clientWidth || 900, 1100)),
    height: 240,
    scales: { x: { time: true } },
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: xs.length < 60 } }))],
    axes: [{}, { size: 50 }],
  };
  const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)], container);
  return plot;
}

// A ranked horizontal bar chart: items [{label, count, href?}] as a list.
export function rankedBars(items, { label, max }) {
  const top = Math.max(1, ...items.map((i) => i.count));
  const shown = items.slice(0, max || 10);
  return h('ol', { class: 'bars', 'aria-label': label }, shown.map((i) => {
    const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.width = `${Math.max(2, (100 * i.count) / top)}%`;
    const name = i.href ? h('a', { href: i.href }, i.label) : h('span', null, i.label);
    return h('li', null, h('span', { class: 'bar-label' }, name),
      h('span', { class: 'bar-track' }, bar), h('span', { class: 'bar-value' }, fmtNum(i.count)));
  }));
}

// A stacked share bar for tone: parts [{key, label, count}].
export function shareBar(parts, { label }) {
  const total = parts.reduce((a, p) => a + p.count, 0);
  const bar = h('div', { class: 'share', role: 'img', 'aria-label': label });
  const legend = h('ul', { class: 'share-legend' });
  for (const p of parts) {
    const pct = total ? (100 * p.count) / total : 0;
    const seg = h('span', { class: `seg tone-${p.key}` });
    seg.style.width = `${pct}%`;
    bar.appendChild(seg);
    legend.appendChild(h('li', { 'data-tone': p.key }, h('span', { class: `swatch tone-${p.key}`, 'aria-hidden': 'true' }),
      `${p.label}: ${fmtNum(pct, 1)} % (${fmtNum(p.count)})`));
  }
  return h('div', { class: 'share-wrap' }, bar, legend);
}

const toSec = (iso) => Date.parse(iso) / 1000;

// The series' offset from UTC in seconds ("+07:00" or utc_offset_s): the
// charts draw the office's local days, shifted onto a UTC axis.
export function utcOffset(sig) {
  if (sig && Number.isFinite(sig.utc_offset_s)) return sig.utc_offset_s;
  const m = /^([+-])(\d\d):(\d\d)$/.exec((sig && sig.utc_offset) || '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
}
const utcAxis = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
const hidden = { stroke: 'rgba(0,0,0,0)', width: 0, points: { show: false } };

function chartWidth(container, width) {
  return width || Math.max(320, Math.min(container.clientWidth || 900, 1100));
}

// A signals chart (GET /api/v1/stats/signals): the counts, the expected
// value with its band, spike markers, the negative and positive counts,
// and the next-day forecast as a dashed segment from the last bucket with
// its interval shaded. labels: {count, expected, band, spikes, forecast,
// forecastBand, negative, positive}. Returns the uPlot instance.
export function signalsChart(container, sig, labels, { title, width, tone }) {
  const pts = sig.points || [];
  const fc = sig.forecast && !sig.forecast.insufficient_history && Number.isFinite(sig.forecast.value)
    ? sig.forecast : null;
  const off = utcOffset(sig);
  const xs = pts.map((p) => toSec(p.start) + off);
  const last = pts.length - 1;
  const pad = (arr) => (fc ? [...arr, null] : arr);
  const num = (v) => (v === null || v === undefined || Number.isNaN(v) ? null : v);
  const fcAt = (v, lastVal) => pts.map((_, i) => (i === last ? lastVal : null)).concat([v]);
  if (fc) xs.push(fc.start ? toSec(fc.start) + off : (xs.length ? 2 * xs[last] - (xs[last - 1] ?? xs[last] - 86400) : Date.now() / 1000));
  const lastCount = last >= 0 ? pts[last].count : null;
  const series = [{},
    { label: labels.count, stroke: '#1f4e79', width: 2, values: pad(pts.map((p) => p.count)) },
    { label: labels.expected, stroke: '#6b7785', width: 1, dash: [2, 3], values: pad(pts.map((p) => num(p.expected))) },
    { label: labels.band, ...hidden, values: pad(pts.map((p) => num(p.hi))) },
    { label: `${labels.band} (lo)`, ...hidden, values: pad(pts.map((p) => num(p.lo))) },
    { label: labels.spikes, stroke: '#b3261e', width: 0, paths: () => null,
      points: { show: true, size: 11, fill: '#b3261e', stroke: '#ffffff', width: 2 },
      values: pad(pts.map((p) => (p.spike ? p.count : null))) },
  ];
  if (tone) {
    series.push({ label: labels.negative, stroke: '#b3261e', width: 1.5, values: pad(pts.map((p) => (p.tone ? p.tone.negative : null))) });
    series.push({ label: labels.positive, stroke: '#1e7b34', width: 1.5, values: pad(pts.map((p) => (p.tone ? p.tone.positive : null))) });
  }
  const bands = [{ series: [3, 4], fill: 'rgba(31,78,121,0.12)' }];
  if (fc) {
    const f = series.length;
    series.push({ label: labels.forecast, stroke: '#d14900', width: 2, dash: [6, 4], values: fcAt(fc.value, lastCount) });
    series.push({ label: labels.forecastBand, ...hidden, values: fcAt(fc.hi, lastCount) });
    series.push({ label: `${labels.forecastBand} (lo)`, ...hidden, values: fcAt(fc.lo, lastCount) });
    bands.push({ series: [f + 1, f + 2], fill: 'rgba(209,73,0,0.18)' });
  }
  const opts = {
    title,
    width: chartWidth(container, width),
    height: 260,
    scales: { x: { time: true } },
    series: series.map(({ values, ...s }) => ({ spanGaps: false, points: { show: xs.length < 60 }, ...s })),
    bands,
    tzDate: utcAxis,
    axes: [{}, { size: 50 }],
    legend: { live: true },
  };
  // The band's lower edges carry no legend entry of their own.
  opts.series.forEach((s) => { if (/\(lo\)$/.test(s.label || '')) s.label = ''; });
  const plot = new uPlot(opts, [xs, ...series.slice(1).map((s) => s.values)], container);
  const rows = plot.root.querySelectorAll('.u-legend .u-series');
  opts.series.forEach((s, i) => { if (i && !s.label && rows[i]) rows[i].style.display = 'none'; });
  return plot;
}

// A bar-like count timeline (a story's articles per hour or day).
export function countChart(container, points, { title, label, width, offset }) {
  const xs = points.map((p) => toSec(p.start) + (offset || 0));
  const opts = {
    title,
    width: chartWidth(container, width),
    height: 200,
    scales: { x: { time: true } },
    tzDate: utcAxis,
    series: [{}, { label, stroke: '#1f4e79', fill: 'rgba(31,78,121,0.15)', width: 2, paths: uPlot.paths.stepped({ align: 1 }) }],
    axes: [{}, { size: 40 }],
  };
  return new uPlot(opts, [xs, points.map((p) => p.count)], container);
}

// A compact stacked tone bar with its numbers in the accessible name and
// a visible title: tone {negative, neutral, positive}.
export function toneMini(tone, label) {
  const parts = ['negative', 'neutral', 'positive'].map((k) => [k, tone ? tone[k] || 0 : 0]);
  const total = parts.reduce((a, [, n]) => a + n, 0);
  const bar = h('span', { class: 'share mini', role: 'img', 'aria-label': label, title: label });
  for (const [k, n] of parts) {
    const seg = h('span', { class: `seg tone-${k}` });
    seg.style.width = `${total ? (100 * n) / total : 0}%`;
    bar.appendChild(seg);
  }
  return bar;
}
