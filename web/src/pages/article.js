// Article view: title, outlet, dates, the link to the original and herald's
// analysis (language, relevance, topics, tone). All of it rendered as text.
import { h, mount, safeUrl } from '../dom.js';
import { t, fmtDate, fmtNum, topicName } from '../i18n.js';
import { api, qs } from '../api.js';
import { toneBadge } from './search.js';

function row(label, ...value) {
  return [h('dt', null, label), h('dd', null, ...value)];
}

export async function pageArticle(main, params, query, current) {
  const [a, stories] = await Promise.all([
    api('GET', `/articles/${params[0]}`),
    api('GET', `/stories${qs({ article: params[0] })}`).catch(() => ({ items: [] })),
  ]);
  if (!current()) return;
  const story = (stories.items || [])[0];
  const an = a.analysis || {};
  const link = safeUrl(a.canonical_url || a.url);
  const paragraphs = (a.text || '').split(/\n\s*\n|\n/).map((p) => p.trim()).filter(Boolean);
  document.title = `${a.title || t('article.untitled')} · herald`;
  mount(main,
    h('p', null, h('a', { href: '/search' }, `← ${t('article.back')}`)),
    h('article', { class: 'article', 'aria-labelledby': 'article-title' },
      h('h1', { id: 'article-title', lang: a.lang || null }, a.title || t('article.untitled')),
      h('p', { class: 'meta' }, [a.source || a.site_name, a.country, a.byline].filter(Boolean).join(' · '),
        ' · ', fmtDate(a.published)),
      link ? h('p', null, h('a', { href: link, rel: 'noopener noreferrer', target: '_blank' }, t('article.original'))) : null,
      story ? h('p', { class: 'story-link' }, `${t('article.story')}: `,
        h('a', { href: `/stories/${story.id}` }, story.title || t('article.untitled')),
        ` (${t('article.story_size', { n: fmtNum(story.articles), langs: fmtNum((story.langs || []).length) })})`) : null,
      h('section', { class: 'card analysis', 'aria-labelledby': 'an-h' },
        h('h2', { id: 'an-h' }, t('article.analysis')),
        h('dl', null,
          row(t('article.lang'), `${a.lang || t('common.none')} (${fmtNum(an.lang_confidence, 2)})`),
          row(t('article.relevance'), an.relevance_class ? t(`relevance.${an.relevance_class}`) : t('common.none'), ` (${fmtNum(an.relevance, 2)})`),
          row(t('article.topics'), (an.topics || []).length ? (an.topics || []).map((x) => topicName(typeof x === 'string' ? x : x.slug || x.topic || JSON.stringify(x))).join(', ') : t('common.none')),
          row(t('article.tone'), toneBadge(an.tone_label), an.tone !== null && an.tone !== undefined ? ` ${fmtNum(an.tone, 2)}` : ''),
          row(t('article.tone_doc'), toneBadge(an.tone_document_label), ` ${fmtNum(an.tone_document, 2)}`),
          row(t('article.fetched'), fmtDate(a.fetched)))),
      a.description ? h('p', { class: 'lead', lang: a.lang || null }, a.description) : null,
      h('div', { class: 'text', lang: a.lang || null }, paragraphs.map((p) => h('p', null, p)))));
}
