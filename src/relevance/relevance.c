/* relevance_score(): how central the watchlist's country is to an article.
 * The rule: a match counts only when the article holds at least one strong
 * term (weight >= strong_min, not foreign), so ambiguous weak terms never
 * score alone. With the article's language known, a term weighs as
 * watchlist_find_lang() says: its own weight in its language, half and never
 * strong in another language written in the same script.
 * Then five parts, each in [0,1], are mixed by their weights:
 *   title    min(1, sum of title match weights)
 *   lead     min(1, sum of lead match weights / 1.5)   lead: the first
 *            lead_sentences sentences or lead_bytes bytes, the longer
 *   share    min(1, (sentences with a match / sentences) / 0.4)
 *   density  min(1, sum of all match weights / 4)
 *   position 1 for a title match, else 1 - (first match offset / text length)
 * The classes cut the score at about_min and mentions_min. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relevance/watchlist_internal.h"
#include "text/fold.h"

#define LEAD_SATURATION 1.5
#define SHARE_SATURATION 0.4
#define DENSITY_SATURATION 4.0

void relevance_params_default(struct relevance_params *p)
{
    p->about_min = 0.45;
    p->mentions_min = 0.02;
    p->strong_min = 0.6;
    p->w_title = 0.35;
    p->w_lead = 0.2;
    p->w_share = 0.25;
    p->w_density = 0.1;
    p->w_position = 0.1;
    p->lead_sentences = 3;
    p->lead_bytes = 400;
}

const char *relevance_class_name(enum relevance_class c)
{
    switch (c) {
    case RELEVANCE_ABOUT:
        return "about";
    case RELEVANCE_MENTIONS:
        return "mentions";
    default:
        return "none";
    }
}

int relevance_class_parse(const char *name)
{
    static const char *const names[] = {"none", "mentions", "about"};
    for (int i = 0; name && i < 3; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

/* Returns the length of the sentence end mark at s[i] (0 when none): . ! ?
 * followed by a space or the end, a newline, or a full-width or other
 * script's end mark (。！？؟। …). */
static size_t sentence_mark(const char *s, size_t len, size_t i)
{
    char c = s[i];
    if (c == '\n')
        return 1;
    if (c == '.' || c == '!' || c == '?') {
        if (i + 1 == len || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\t' ||
            s[i + 1] == '"' || s[i + 1] == '\r')
            return 1;
        return 0;
    }
    if ((unsigned char)c < 0x80)
        return 0;
    int cp, n = fold_utf8_next(s + i, len - i, &cp);
    if (n && (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x061F || cp == 0x0964 ||
              cp == 0x2026 || cp == 0x0E2F || cp == 0x17D4))
        return (size_t)n;
    return 0;
}

/* Fills ends[] (capacity cap) with the byte offset where each sentence
 * ends (exclusive); returns the number of non-blank sentences. Sentences
 * past cap are merged into the last. */
static size_t split_sentences(const char *s, size_t len, size_t *ends, size_t cap)
{
    size_t n = 0;
    bool content = false;
    for (size_t i = 0; i < len;) {
        size_t m = sentence_mark(s, len, i);
        if (!m) {
            if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
                content = true;
            i++;
            continue;
        }
        i += m;
        if (content && n < cap)
            ends[n++] = i;
        else if (content)
            ends[cap - 1] = i;
        content = false;
    }
    if (content) {
        if (n < cap)
            ends[n++] = len;
        else
            ends[cap - 1] = len;
    }
    return n;
}

static double cap1(double x)
{
    return x > 1 ? 1 : x < 0 ? 0 : x;
}

static bool any_strong(const struct watch_match *m, size_t n, double strong_min)
{
    for (size_t i = 0; i < n; i++)
        if (m[i].weight >= strong_min && !m[i].foreign)
            return true;
    return false;
}

struct text_tally {
    double lead_sum, sum;
    size_t first; /* offset of the first match, or SIZE_MAX */
};

#define MAX_SENTENCES 4096

/* Counts the text's matches by sentence, lead and body into *out and *tt. */
static void tally_text(struct relevance_result *out, struct text_tally *tt,
                       const struct relevance_params *p, const char *text, size_t len,
                       const struct watch_match *m, size_t n)
{
    static _Thread_local size_t ends[MAX_SENTENCES];
    size_t ns = split_sentences(text, len, ends, MAX_SENTENCES);
    size_t lead_end = p->lead_bytes < len ? p->lead_bytes : len;
    if (p->lead_sentences && ns) {
        size_t k = p->lead_sentences < ns ? p->lead_sentences : ns;
        if (ends[k - 1] > lead_end)
            lead_end = ends[k - 1];
    }
    out->sentences = (unsigned)ns;
    size_t si = 0, last_hit = SIZE_MAX;
    tt->first = n ? m[0].from : SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        while (si + 1 < ns && m[i].from >= ends[si])
            si++;
        if (si != last_hit && ns)
            out->sentences_hit++, last_hit = si;
        tt->sum += m[i].weight;
        if (m[i].from < lead_end) {
            out->lead_hits++;
            tt->lead_sum += m[i].weight;
        } else {
            out->body_hits++;
        }
    }
}

static void classify(struct relevance_result *out, const struct relevance_params *p)
{
    if (out->score >= p->about_min)
        out->cls = RELEVANCE_ABOUT;
    else if (out->score >= p->mentions_min && out->score > 0)
        out->cls = RELEVANCE_MENTIONS;
    else
        out->cls = RELEVANCE_NONE;
}

herald_rc relevance_score(const struct watchlist *wl, const struct relevance_params *p,
                          const char *title, const char *text, struct relevance_result *out)
{
    return relevance_score_lang(wl, p, title, text, NULL, out);
}

herald_rc relevance_score_lang(const struct watchlist *wl, const struct relevance_params *p,
                               const char *title, const char *text, const char *lang,
                               struct relevance_result *out)
{
    struct relevance_params defaults;
    struct watch_match *tm = NULL, *xm = NULL;
    size_t ntm = 0, nxm = 0;
    size_t tlen = title ? strlen(title) : 0, xlen = text ? strlen(text) : 0;
    struct text_tally tt = {0, 0, SIZE_MAX};
    memset(out, 0, sizeof(*out));
    if (!p) {
        relevance_params_default(&defaults);
        p = &defaults;
    }
    watchlist_find_lang(wl, title, tlen, lang, &tm, &ntm);
    watchlist_find_lang(wl, text, xlen, lang, &xm, &nxm);
    if (!any_strong(tm, ntm, p->strong_min) && !any_strong(xm, nxm, p->strong_min))
        nxm = ntm = 0; /* weak terms never count alone */
    tally_text(out, &tt, p, text ? text : "", xlen, xm, nxm);
    double title_sum = 0;
    for (size_t i = 0; i < ntm; i++)
        title_sum += tm[i].weight;
    out->title_hits = (unsigned)ntm;
    double share = out->sentences ? (double)out->sentences_hit / out->sentences : 0;
    double pos = ntm ? 1 : nxm ? 1 - (double)tt.first / (double)xlen : 0;
    out->score = p->w_title * cap1(title_sum) + p->w_lead * cap1(tt.lead_sum / LEAD_SATURATION) +
                 p->w_share * cap1(share / SHARE_SATURATION) +
                 p->w_density * cap1((tt.sum + title_sum) / DENSITY_SATURATION) +
                 p->w_position * cap1(pos);
    out->score = cap1(out->score);
    classify(out, p);
    free(tm);
    free(xm);
    return HERALD_OK;
}
