// The interface language: Vietnamese (default) or English, every string in
// web/i18n/<lang>.json. t('key', {n: 3}) fills {n}; a missing key shows the
// key itself so gaps are visible (and tested).
import vi from '../i18n/vi.json';
import en from '../i18n/en.json';

const tables = { vi, en };
const KEY = 'herald.lang';
let lang = pick();

function pick() {
  let saved = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    saved = null;
  }
  return saved && tables[saved] ? saved : 'vi';
}

export function t(key, vars) {
  let s = tables[lang][key] ?? tables.en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// A taxonomy topic's name in the interface language (topic.<slug> in the
// message files, from data/topics/taxonomy); the slug when it has none.
export function topicName(slug) {
  const key = `topic.${slug}`;
  const s = t(key);
  return s === key ? String(slug) : s;
}

export function getLang() {
  return lang;
}

export function setLang(l) {
  if (!tables[l]) return;
  lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = l;
}

export const languages = [
  ['vi', 'Tiếng Việt'],
  ['en', 'English'],
];

// Dates and numbers in the interface language.
export function fmtDate(iso) {
  if (!iso) return t('common.none');
  const d = new Date(typeof iso === 'number' ? iso * 1000 : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

export function fmtNum(n, digits) {
  if (n === null || n === undefined) return t('common.none');
  return Number(n).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    maximumFractionDigits: digits ?? 0,
  });
}
