/* One pass of analysis over an article: the text analysed is the title,
 * a blank line and the body (capped), so the watchlist's matches give
 * tone_target() its spans in the same buffer; relevance scores title and
 * body separately, as its rule weighs a title hit above a body hit. */
#include "analyze/analyze.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langid/langid.h"
#include "tone/tone.h"
#include "topics/topics.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Spans for tone toward the country: more are not needed to find the
 * sentences that mention it. */
#define MAX_SPANS 256

struct analyzer {
    struct analyzer_config cfg; /* the paths are not kept */
    struct watchlist *wl;
    struct topics_rules *rules;
    struct topics_model *topics_model; /* may be NULL */
    struct tone_lexicon *lex;
    struct tone_model *tone_model; /* may be NULL */
};

void analyzer_config_default(struct analyzer_config *c)
{
    memset(c, 0, sizeof *c);
    relevance_params_default(&c->relevance);
    c->langid_min_confidence = LANGID_MIN_CONFIDENCE_DEFAULT;
    c->max_text_bytes = 64 << 10;
}

void analyzer_free(struct analyzer *an)
{
    if (!an)
        return;
    watchlist_free(an->wl);
    topics_rules_free(an->rules);
    topics_model_free(an->topics_model);
    tone_lexicon_free(an->lex);
    tone_model_free(an->tone_model);
    free(an);
}

herald_rc analyzer_new(const struct analyzer_config *c, struct analyzer **out)
{
    const struct langid_model *lid = NULL;
    struct analyzer *an = xcalloc(1, sizeof *an);
    herald_rc rc = langid_model_default(&lid);
    an->cfg = *c;
    if (!rc)
        rc = watchlist_load(c->watchlist, &an->wl);
    if (!rc)
        rc = topics_rules_load(c->topics_rules, &an->rules);
    if (!rc && c->topics_model)
        rc = topics_model_load(c->topics_model, &an->topics_model);
    if (!rc)
        rc = tone_lexicon_load(c->tone_lexicons, &an->lex);
    if (!rc && c->tone_model)
        rc = tone_model_load(c->tone_model, &an->tone_model);
    an->cfg.watchlist = an->cfg.topics_rules = an->cfg.topics_model = NULL;
    an->cfg.tone_lexicons = an->cfg.tone_model = NULL;
    if (rc) {
        analyzer_free(an);
        an = NULL;
    }
    *out = an;
    return rc;
}

const char *analyzer_country(const struct analyzer *an)
{
    return watchlist_country(an->wl);
}

/* Returns the length of the first n bytes of s cut back to a UTF-8
 * character boundary. */
static size_t utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Writes the primary subtag of a declared language tag ("en-US" -> "en"),
 * lower-cased, into lang; "" when it is not 2-3 letters. */
static void declared_primary(char lang[16], const char *declared)
{
    size_t n = 0;
    lang[0] = '\0';
    while (declared && isalpha((unsigned char)declared[n]) && n < 8)
        n++;
    if (n < 2 || n > 3 || (declared[n] && declared[n] != '-' && declared[n] != '_'))
        return;
    for (size_t i = 0; i < n; i++)
        lang[i] = (char)tolower((unsigned char)declared[i]);
    lang[n] = '\0';
}

static void detect_lang(const struct analyzer *an, const char *buf, size_t len,
                        const char *declared, char lang[16], struct article_analysis *out)
{
    struct langid_result r;
    langid_detect(buf, len, an->cfg.langid_min_confidence, &r);
    out->lang_conf = r.confidence;
    if (strcmp(r.code, "und") != 0) {
        snprintf(lang, 16, "%s", r.code);
        return;
    }
    declared_primary(lang, declared);
    if (*lang)
        out->lang_conf = 0;
}

/* Joins the set topics' slugs with commas into out->topics. */
static void topics_string(const struct topics_rules *r, uint32_t mask, struct article_analysis *out)
{
    size_t used = 0;
    out->topics[0] = '\0';
    for (size_t i = 0; i < topics_count(r) && i < 32; i++) {
        if (!(mask & (1u << i)))
            continue;
        int w = snprintf(out->topics + used, sizeof out->topics - used, "%s%s", used ? "," : "",
                         topics_slug(r, i));
        if (w < 0 || (size_t)w >= sizeof out->topics - used) {
            out->topics[used] = '\0';
            break;
        }
        used += (size_t)w;
    }
}

/* Tone of the whole buffer, and toward the country where the watchlist
 * matches it. */
static void tone(const struct analyzer *an, const char *buf, size_t len, const char *lang,
                 struct article_analysis *out)
{
    struct watch_match *m = NULL;
    struct tone_span spans[MAX_SPANS];
    struct tone_result r;
    size_t n = 0, k = 0;
    const char *l = *lang ? lang : NULL;
    tone_document(an->lex, buf, len, l, &r);
    out->tone_doc = r.score;
    out->tone_doc_label = r.label;
    watchlist_find(an->wl, buf, len, &m, &n);
    for (; k < n && k < MAX_SPANS; k++)
        spans[k] = (struct tone_span){m[k].from, m[k].to};
    free(m);
    out->has_tone = k > 0;
    if (!k)
        return;
    tone_target(an->lex, an->tone_model, buf, len, l, spans, k, &r);
    out->tone = r.score;
    out->tone_label = r.label;
}

herald_rc analyze_article(const struct analyzer *an, const char *title, const char *text,
                          const char *declared_lang, char lang[16], struct article_analysis *out)
{
    size_t tl = title ? strlen(title) : 0, xl = text ? strlen(text) : 0;
    struct relevance_result rel;
    uint32_t mask = 0;
    if (xl > an->cfg.max_text_bytes)
        xl = utf8_cut(text, an->cfg.max_text_bytes);
    char *buf = xmalloc(tl + xl + 3);
    char *body = xstrndup(text ? text : "", xl);
    snprintf(buf, tl + xl + 3, "%s\n\n%s", title ? title : "", body);
    memset(out, 0, sizeof *out);
    out->analyzed = true;
    detect_lang(an, buf, tl + xl + 2, declared_lang, lang, out);
    relevance_score_lang(an->wl, &an->cfg.relevance, title, body, *lang ? lang : NULL, &rel);
    out->relevance = rel.score;
    out->relevance_class = rel.cls;
    topics_classify(an->rules, an->topics_model, title, body, &mask, NULL);
    topics_string(an->rules, mask, out);
    tone(an, buf, tl + xl + 2, lang, out);
    free(body);
    free(buf);
    return HERALD_OK;
}
