// Alerts: the inbox (GET /api/v1/alerts, newest first, unacknowledged
// highlighted, POST /alerts/{id}/ack), and the nav badge's count of
// unacknowledged alerts. Rules are pages/rules.js.
import { h, mount } from '../dom.js';
import { t, fmtDate, fmtNum } from '../i18n.js';
import { api, qs, can } from '../api.js';
import { navigate } from '../nav.js';

// Returns the number of unacknowledged alerts (at most 200), or null when
// the role may not read alerts or the request failed.
export async function unackedCount() {
  if (!can('alerts.read')) return null;
  try {
    const r = await api('GET', `/alerts${qs({ limit: 200 })}`);
    return (r.items || []).length;
  } catch {
    return null;
  }
}

function epoch(s) {
  return s ? fmtDate(s) : t('common.none');
}

// Delivery per channel of the rule: in-app is the inbox itself; webhook
// and e-mail share the outbox counts the API gives per alert.
function deliveries(a, rule) {
  const d = a.deliveries || { pending: 0, sent: 0, failed: 0 };
  const types = rule ? [...new Set((rule.channels || []).map((c) => c.type))] : [];
  const out = types.length ? types : (d.pending + d.sent + d.failed ? ['outbox'] : ['inbox']);
  return h('ul', { class: 'deliveries' }, out.map((ty) => {
    if (ty === 'inbox') return h('li', { 'data-channel': ty }, `${t('channel.inbox')}: ${t('delivery.shown')}`);
    const state = d.failed ? 'failed' : d.pending ? 'pending' : 'sent';
    return h('li', { 'data-channel': ty, class: `delivery-${state}` },
      `${t(`channel.${ty}`)}: ${t(`delivery.${state}`)} (${t('delivery.counts', { sent: d.sent, pending: d.pending, failed: d.failed })})`,
      a.last_error ? h('small', { class: 'hint' }, ` ${a.last_error}`) : null);
  }));
}

function why(a) {
  const e = a.event || {};
  const cond = e.condition ? t(`cond.${e.condition}`) : '';
  const story = e.story_id || e.story;
  return h('div', null,
    h('p', { class: 'why' }, [cond, e.summary].filter(Boolean).join(': ') || a.key),
    e.bucket_start ? h('p', { class: 'meta' }, t('alerts.bucket', { from: fmtDate(e.bucket_start), to: fmtDate(e.bucket_end) })) : null,
    story && Number.isInteger(Number(story)) ? h('p', null, h('a', { href: `/stories/${Number(story)}` }, t('alerts.open_story'))) : null);
}

function alertRow(a, rules, ack) {
  const unacked = !a.ack_at;
  return h('li', { class: `alert${unacked ? ' unacked' : ''}`, 'data-alert': a.id, 'aria-labelledby': `alert-${a.id}` },
    h('div', { class: 'alert-head' },
      h('h2', { id: `alert-${a.id}` }, unacked ? h('span', { class: 'badge new' }, t('alerts.new')) : null, ' ',
        a.rule || t('alerts.deleted_rule')),
      h('span', { class: 'meta' }, t('alerts.fired', { at: epoch(a.fired_at) }))),
    why(a),
    deliveries(a, rules.get(a.rule_id)),
    unacked
      ? h('button', { type: 'button', class: 'primary', 'aria-label': t('alerts.ack_named', { rule: a.rule, id: a.id }), on: { click: () => ack(a) } }, t('alerts.ack'))
      : h('p', { class: 'muted' }, t('alerts.acked', { by: a.ack_by || '?', at: epoch(a.ack_at) })));
}

export async function pageAlerts(main, params, query, current) {
  const all = query.get('all') !== '0';
  const [res, rulesRes] = await Promise.all([
    api('GET', `/alerts${qs({ all: all ? 1 : 0, limit: 50 })}`),
    api('GET', '/alert-rules'),
  ]);
  if (!current()) return;
  const rules = new Map((rulesRes.items || []).map((r) => [r.id, r]));
  const items = res.items || [];
  const msg = h('p', { role: 'status', 'aria-live': 'polite', id: 'alerts-msg' });
  const ack = async (a) => {
    try {
      await api('POST', `/alerts/${a.id}/ack`, {});
      navigate(location.pathname + location.search, true);
    } catch (e) {
      msg.textContent = `${t('common.error')}: ${e.message}`;
    }
  };
  const unacked = items.filter((a) => !a.ack_at).length;
  mount(main,
    h('h1', null, t('alerts.title')),
    h('div', { class: 'trend-tools' },
      h('p', { 'data-testid': 'unacked' }, t('alerts.unacked', { n: fmtNum(unacked) })),
      h('div', { class: 'segmented', role: 'group', 'aria-label': t('alerts.show') },
        h('button', { type: 'button', 'aria-pressed': String(all), on: { click: () => navigate('/alerts', true) } }, t('alerts.show_all')),
        h('button', { type: 'button', 'aria-pressed': String(!all), on: { click: () => navigate('/alerts?all=0', true) } }, t('alerts.show_unacked'))),
      h('a', { href: '/alerts/rules' }, t('nav.rules'))),
    msg,
    items.length ? h('ol', { class: 'alerts', 'aria-label': t('alerts.list') }, items.map((a) => alertRow(a, rules, ack)))
      : h('p', { class: 'muted' }, t('alerts.none')),
    res.next_cursor ? h('p', { class: 'muted' }, t('alerts.more')) : null);
}
