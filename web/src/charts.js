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
