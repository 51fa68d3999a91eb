// Alert rules: the list (GET /api/v1/alert-rules) and, for roles that may
// write rules, a form to create one (POST: saved query, condition,
// channels, quiet hours), enable/disable (PATCH) and delete (DELETE). The
// server validates; its message is shown as it is when it refuses.
import { h, mount, field, nextId } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { api, can } from '../api.js';
import { navigate } from '../nav.js';

const TYPES = ['spike', 'threshold', 'new_story', 'negative_shift'];
// Which condition fields each type takes (the server refuses others).
const COND_FIELDS = {
  resolution: ['spike', 'threshold', 'negative_shift'],
  threshold: ['spike', 'negative_shift'],
  min_count: ['spike', 'negative_shift'],
  count: ['threshold'],
  share: ['negative_shift'],
  topic: ['new_story'],
  min_articles: ['new_story'],
  min_outlets: ['new_story'],
};

function summaryOf(r) {
  const c = r.condition || {};
  const parts = Object.entries(c).filter(([k]) => k !== 'type').map(([k, v]) => `${k}=${v}`);
  return `${t(`cond.${c.type}`)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function queryOf(r) {
  const q = r.query || {};
  const parts = Object.entries(q).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(',') : v}`);
  return parts.length ? parts.join('; ') : t('rules.all_articles');
}

function channelsOf(r) {
  return (r.channels || []).map((c) => (c.type === 'webhook' ? `${t('channel.webhook')} ${c.url || ''}`
    : c.type === 'email' ? `${t('channel.email')} ${(c.to || []).join(', ')}` : t('channel.inbox'))).join('; ') || t('channel.inbox');
}

function ruleRow(r, act) {
  const write = can('alert_rules.write');
  return h('tr', { 'data-rule': r.name },
    h('th', { scope: 'row' }, r.name, r.urgent ? h('span', { class: 'badge' }, ` ${t('rules.urgent')}`) : null),
    h('td', null, r.enabled ? t('rules.enabled') : h('strong', null, t('rules.disabled'))),
    h('td', null, summaryOf(r)), h('td', null, queryOf(r)), h('td', null, channelsOf(r)),
    h('td', null, r.quiet_hours ? `${r.quiet_hours.from}–${r.quiet_hours.to}` : t('common.none')),
    h('td', null, fmtDate(r.updated || null)),
    write ? h('td', { class: 'actions' },
      h('button', {
        type: 'button', 'aria-label': t(r.enabled ? 'rules.disable_named' : 'rules.enable_named', { name: r.name }),
        on: { click: () => act(() => api('PATCH', `/alert-rules/${r.id}`, { enabled: !r.enabled })) },
      }, t(r.enabled ? 'rules.disable' : 'rules.enable')),
      h('button', {
        type: 'button', class: 'danger', 'aria-label': t('rules.delete_named', { name: r.name }),
        on: { click: () => { if (window.confirm(t('rules.confirm_delete', { name: r.name }))) act(() => api('DELETE', `/alert-rules/${r.id}`)); } },
      }, t('rules.delete'))) : null);
}

export async function pageRules(main, params, query, current) {
  const res = await api('GET', '/alert-rules');
  if (!current()) return;
  const rules = res.items || [];
  const msg = h('p', { role: 'status', 'aria-live': 'polite', id: 'rules-msg' });
  const act = async (fn) => {
    try {
      await fn();
      navigate('/alerts/rules', true);
    } catch (e) {
      msg.textContent = `${t('common.error')}: ${e.message}`;
    }
  };
  const cols = ['name', 'state', 'condition', 'query', 'channels', 'quiet', 'updated'];
  if (can('alert_rules.write')) cols.push('actions');
  mount(main,
    h('p', null, h('a', { href: '/alerts' }, `← ${t('rules.back')}`)),
    h('h1', null, t('rules.title')), msg,
    rules.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'rules-table' },
      h('caption', null, t('rules.caption')),
      h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, t(`rules.col_${k}`))))),
      h('tbody', null, rules.map((r) => ruleRow(r, act))))) : h('p', { class: 'muted' }, t('rules.none')),
    can('alert_rules.write') ? ruleForm() : h('p', { class: 'muted' }, t('rules.read_only')));
}

function checks(name, values, label) {
  const boxes = values.map((v) => {
    const id = nextId(name);
    return [h('input', { type: 'checkbox', id, name, value: v }), h('label', { for: id }, label(v))];
  });
  return h('fieldset', { class: 'facet' }, h('legend', null, t(`rules.${name}`)),
    boxes.map(([i, l]) => h('div', { class: 'opt' }, i, l)));
}

function input(type, name, attrs) {
  return h('input', { type, name, ...(attrs || {}) });
}

// Reads the form into a rule body: empty fields are left out, numbers
// parsed, everything else sent as typed for the server to judge.
function ruleBody(form, type) {
  const v = (n) => form.elements[n].value.trim();
  const num = (n) => (v(n) === '' ? undefined : Number(v(n)));
  const checked = (n) => [...form.querySelectorAll(`input[name="${n}"]:checked`)].map((e) => e.value);
  const query = {};
  for (const k of ['q', 'lang', 'country', 'topic']) if (v(`q_${k}`)) query[k] = v(`q_${k}`);
  if (checked('tone').length) query.tone = checked('tone');
  if (checked('relevance').length) query.relevance = checked('relevance');
  const condition = { type };
  for (const [k, types] of Object.entries(COND_FIELDS)) {
    if (!types.includes(type)) continue;
    const raw = v(`c_${k}`);
    if (raw === '') continue;
    condition[k] = k === 'resolution' || k === 'topic' ? raw : num(`c_${k}`);
  }
  const channels = [];
  if (form.elements.ch_inbox.checked) channels.push({ type: 'inbox' });
  if (v('ch_webhook_url')) channels.push({ type: 'webhook', url: v('ch_webhook_url'), ...(v('ch_webhook_secret') ? { secret: v('ch_webhook_secret') } : {}) });
  if (v('ch_email')) channels.push({ type: 'email', to: v('ch_email').split(',').map((s) => s.trim()).filter(Boolean) });
  const body = { name: v('name'), enabled: form.elements.enabled.checked, urgent: form.elements.urgent.checked, condition };
  if (Object.keys(query).length) body.query = query;
  if (channels.length) body.channels = channels;
  if (v('quiet_from') || v('quiet_to')) body.quiet_hours = { from: v('quiet_from'), to: v('quiet_to') };
  return body;
}

function condFields() {
  const res = h('select', { name: 'c_resolution' }, ['day', 'hour'].map((r) => h('option', { value: r }, t(`rules.res_${r}`))));
  const wrap = (k, control, hint) => h('div', { class: 'cond-field', 'data-for': COND_FIELDS[k].join(' ') }, field(t(`rules.c_${k}`), control, hint));
  return [
    wrap('resolution', res),
    wrap('threshold', input('number', 'c_threshold', { step: 'any', placeholder: '4' }), t('rules.c_threshold_hint')),
    wrap('min_count', input('number', 'c_min_count', { step: '1', placeholder: '5' })),
    wrap('count', input('number', 'c_count', { step: '1' }), t('rules.c_count_hint')),
    wrap('share', input('number', 'c_share', { step: 'any' }), t('rules.c_share_hint')),
    wrap('topic', input('text', 'c_topic')),
    wrap('min_articles', input('number', 'c_min_articles', { step: '1', placeholder: '2' })),
    wrap('min_outlets', input('number', 'c_min_outlets', { step: '1', placeholder: '1' })),
  ];
}

function ruleForm() {
  const err = h('div', { class: 'error', role: 'alert', id: 'rule-error' });
  const type = h('select', { name: 'c_type' }, TYPES.map((ty) => h('option', { value: ty }, t(`cond.${ty}`))));
  const cond = h('fieldset', { class: 'group' }, h('legend', null, t('rules.condition')), field(t('rules.c_type'), type), condFields());
  const showFields = () => cond.querySelectorAll('.cond-field').forEach((el) => {
    el.hidden = !el.dataset.for.split(' ').includes(type.value);
  });
  type.addEventListener('change', showFields);
  showFields();
  const submit = async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      await api('POST', '/alert-rules', ruleBody(e.target, type.value));
      navigate('/alerts/rules', true);
    } catch (x) {
      err.textContent = x.message; // the server's validation message, as it is
    }
  };
  const inbox = h('input', { type: 'checkbox', name: 'ch_inbox', id: nextId('ch'), props: { checked: true } });
  const enabled = h('input', { type: 'checkbox', name: 'enabled', id: nextId('en'), props: { checked: true } });
  const urgent = h('input', { type: 'checkbox', name: 'urgent', id: nextId('ur') });
  return h('form', { class: 'card rule-form', 'aria-labelledby': 'add-rule-h', novalidate: true, on: { submit } },
    h('h2', { id: 'add-rule-h' }, t('rules.add_title')),
    field(t('rules.name'), input('text', 'name', { autocomplete: 'off' })),
    h('div', { class: 'opt' }, enabled, h('label', { for: enabled.id }, t('rules.enabled'))),
    h('div', { class: 'opt' }, urgent, h('label', { for: urgent.id }, t('rules.urgent_hint'))),
    h('fieldset', { class: 'group' }, h('legend', null, t('rules.query')),
      field(t('search.label'), input('text', 'q_q'), t('search.hint')),
      field(t('facet.lang'), input('text', 'q_lang', { placeholder: 'en' })),
      field(t('sources.country'), input('text', 'q_country', { placeholder: 'US' })),
      field(t('facet.topic'), input('text', 'q_topic')),
      checks('tone', ['negative', 'neutral', 'positive'], (v) => t(`tone.${v}`)),
      checks('relevance', ['about', 'mentions', 'none'], (v) => t(`relevance.${v}`))),
    cond,
    h('fieldset', { class: 'group' }, h('legend', null, t('rules.channels')),
      h('div', { class: 'opt' }, inbox, h('label', { for: inbox.id }, t('channel.inbox'))),
      field(t('rules.webhook_url'), input('url', 'ch_webhook_url', { placeholder: 'https://' })),
      field(t('rules.webhook_secret'), input('password', 'ch_webhook_secret', { autocomplete: 'off' }), t('rules.webhook_secret_hint')),
      field(t('rules.email_to'), input('text', 'ch_email'), t('rules.email_hint'))),
    h('fieldset', { class: 'group' }, h('legend', null, t('rules.quiet')),
      field(t('rules.quiet_from'), input('time', 'quiet_from')),
      field(t('rules.quiet_to'), input('time', 'quiet_to')),
      h('small', { class: 'hint' }, t('rules.quiet_hint'))),
    err,
    h('button', { type: 'submit', class: 'primary' }, t('rules.add')));
}
