/* The topic taxonomy and its keyword rules: parsing the text format of
 * data/topics/README.md (the default is built into the binary), matching
 * terms on diacritic-folded tokens (word boundaries; CJK and other
 * unspaced scripts by character, so substrings match), scoring, and the
 * firing rule (absolute and relative thresholds, at most N topics). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "topics/topics_internal.h"
#include "util/embed.h"
#include "util/str.h"
#include "util/xalloc.h"

HERALD_BLOB_DECLARE(topics_taxonomy);

#define TERMS_MAX 100000
#define LENGTH_UNIT 300.0 /* body scores are divided by sqrt(tokens / this) */
#define RULES_MAX (4u << 20)

struct term {
    char *norm; /* folded tokens joined by single spaces */
    size_t len;
    uint64_t first; /* hash of the first token */
    size_t ntok;
    uint32_t topic;
    float weight;
};

struct topic {
    char *slug, *name_vi, *name_en;
    float threshold;
};

struct topics_rules {
    struct topic t[TOPICS_MAX];
    size_t n;
    struct term *terms; /* sorted by first */
    size_t nterms, cap;
    float default_threshold;
    float relative;     /* a topic fires at >= relative x the best score (0: off) */
    float title_weight; /* a term in the title counts this much x its weight, once */
    size_t max_topics;  /* topics fired by the rules at most */
};

/* Folded text as tokens joined by single spaces, with token starts. */
struct normed {
    char *s;
    size_t len;
    uint32_t *start;
    size_t ntok;
};

static void normalise(struct normed *out, struct tok_list *tl, const char *s, size_t n)
{
    char *f = fold_loose(s, n);
    tok_split(tl, f, strlen(f));
    out->s = xmalloc(strlen(f) + tl->n + 1);
    out->start = xmalloc((tl->n ? tl->n : 1) * sizeof *out->start);
    out->ntok = tl->n;
    size_t at = 0;
    for (size_t i = 0; i < tl->n; i++) {
        if (i)
            out->s[at++] = ' ';
        out->start[i] = (uint32_t)at;
        memcpy(out->s + at, f + tl->v[i].off, tl->v[i].len);
        at += tl->v[i].len;
    }
    out->s[at] = '\0';
    out->len = at;
    free(f);
}

static void normed_free(struct normed *nm)
{
    free(nm->s);
    free(nm->start);
}

static uint64_t first_hash(const char *s, size_t len)
{
    const char *sp = memchr(s, ' ', len);
    return topics_hash(s, sp ? (size_t)(sp - s) : len, 0);
}

void topics_rules_free(struct topics_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->t[i].slug);
        free(r->t[i].name_vi);
        free(r->t[i].name_en);
    }
    for (size_t i = 0; i < r->nterms; i++)
        free(r->terms[i].norm);
    free(r->terms);
    free(r);
}

size_t topics_count(const struct topics_rules *r)
{
    return r->n;
}

const char *topics_slug(const struct topics_rules *r, size_t i)
{
    return i < r->n ? r->t[i].slug : NULL;
}

const char *topics_name(const struct topics_rules *r, size_t i, const char *lang)
{
    if (i >= r->n)
        return NULL;
    const char *v = lang && !strcmp(lang, "vi") ? r->t[i].name_vi : r->t[i].name_en;
    return v ? v : r->t[i].slug;
}

int topics_find(const struct topics_rules *r, const char *slug)
{
    for (size_t i = 0; i < r->n; i++)
        if (slug && !strcmp(r->t[i].slug, slug))
            return (int)i;
    return -1;
}

/* ---- parsing ---- */

struct parser {
    struct topics_rules *r;
    struct tok_list tl;
    size_t line;
};

static herald_rc perr(const struct parser *p, const char *why)
{
    return herald_error_set(HERALD_EINVAL, "line %zu: %s", p->line, why);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static bool parse_num(const char *s, float lo, float hi, float *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *trim(end) || !(v > lo && v <= hi))
        return false;
    *out = (float)v;
    return true;
}

static herald_rc add_topic(struct parser *p, char *s)
{
    size_t n = strlen(s);
    if (n < 3 || s[n - 1] != ']')
        return perr(p, "a section is [slug]");
    s[n - 1] = '\0';
    s = trim(s + 1);
    if (!*s || strlen(s) > 31 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(s))
        return perr(p, "a slug is 1-31 of a-z, 0-9, _ and -");
    if (topics_find(p->r, s) >= 0)
        return perr(p, "duplicate topic");
    if (p->r->n == TOPICS_MAX)
        return perr(p, "more than 32 topics");
    p->r->t[p->r->n++] = (struct topic){xstrdup(s), NULL, NULL, p->r->default_threshold};
    return HERALD_OK;
}

static herald_rc add_terms(struct parser *p, float weight, char *list)
{
    struct topics_rules *r = p->r;
    for (char *save = NULL, *t = strtok_r(list, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        struct normed nm;
        t = trim(t);
        normalise(&nm, &p->tl, t, strlen(t));
        if (nm.len == 0) {
            normed_free(&nm);
            return perr(p, "empty term");
        }
        if (r->nterms == TERMS_MAX) {
            normed_free(&nm);
            return perr(p, "too many terms");
        }
        if (r->nterms == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 256;
            r->terms = xrealloc(r->terms, r->cap * sizeof *r->terms);
        }
        r->terms[r->nterms++] = (struct term){.norm = nm.s,
                                              .len = nm.len,
                                              .first = first_hash(nm.s, nm.len),
                                              .ntok = nm.ntok,
                                              .topic = (uint32_t)(r->n - 1),
                                              .weight = weight};
        free(nm.start);
    }
    return HERALD_OK;
}

/* "key = value" before the first section: the firing rule's settings. */
static herald_rc parse_global(struct parser *p, const char *key, const char *val)
{
    struct topics_rules *r = p->r;
    float f;
    if (!strcmp(key, "relative")) {
        if (!parse_num(val, -1, 1, &f) || f < 0)
            return perr(p, "relative is a number in [0, 1]");
        r->relative = f;
    } else if (!strcmp(key, "title_weight")) {
        if (!parse_num(val, 0, 100, &f))
            return perr(p, "title_weight is a number in (0, 100]");
        r->title_weight = f;
    } else if (!strcmp(key, "max_topics")) {
        if (!parse_num(val, 0, TOPICS_MAX, &f) || f != (float)(int)f)
            return perr(p, "max_topics is a whole number in [1, 32]");
        r->max_topics = (size_t)f;
    } else {
        return perr(p, "only threshold, relative, max_topics and title_weight may come before "
                       "the first [topic]");
    }
    return HERALD_OK;
}

/* "key = value" inside or before a section. */
static herald_rc parse_pair(struct parser *p, char *key, char *val)
{
    struct topics_rules *r = p->r;
    struct topic *t = r->n ? &r->t[r->n - 1] : NULL;
    float f;
    char lang[4];
    int used = 0;
    if (!strcmp(key, "threshold")) {
        if (!parse_num(val, 0, 1000, &f))
            return perr(p, "threshold is a number in (0, 1000]");
        *(t ? &t->threshold : &r->default_threshold) = f;
        return HERALD_OK;
    }
    if (!t)
        return parse_global(p, key, val);
    if (!strcmp(key, "name.vi") || !strcmp(key, "name.en")) {
        char **dst = key[5] == 'v' ? &t->name_vi : &t->name_en;
        if (!*val || !str_valid_utf8(val, strlen(val)))
            return perr(p, "a name is non-empty UTF-8");
        free(*dst);
        *dst = xstrdup(val);
        return HERALD_OK;
    }
    if (sscanf(key, "%3[a-z] %n", lang, &used) == 1 && used > 0 &&
        parse_num(key + used, 0, 100, &f) && strlen(lang) >= 2)
        return add_terms(p, f, val);
    return perr(p, "expected name.vi, name.en, threshold or \"LANG WEIGHT = terms\"");
}

static herald_rc parse_line(struct parser *p, char *line)
{
    char *s = trim(line);
    if (!*s || *s == '#')
        return HERALD_OK;
    if (*s == '[')
        return add_topic(p, s);
    char *eq = strchr(s, '=');
    if (!eq)
        return perr(p, "expected [topic] or key = value");
    *eq = '\0';
    return parse_pair(p, trim(s), trim(eq + 1));
}

static int term_cmp(const void *a, const void *b)
{
    const struct term *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

herald_rc topics_rules_parse(const char *data, size_t len, struct topics_rules **out)
{
    herald_rc rc = HERALD_OK;
    struct parser p = {.r = xcalloc(1, sizeof *p.r)};
    char *copy = xstrndup(data, len);
    *out = NULL;
    p.r->default_threshold = 3.0f;
    p.r->title_weight = 2.0f;
    p.r->max_topics = TOPICS_MAX;
    if (memchr(data, '\0', len) || !str_valid_utf8(data, len)) {
        rc = herald_error_set(HERALD_EINVAL, "line 1: rules are not valid UTF-8 text");
        goto done;
    }
    for (char *line = copy, *next; line; line = next) {
        p.line++;
        if ((next = strchr(line, '\n')))
            *next++ = '\0';
        if ((rc = parse_line(&p, line)) != HERALD_OK)
            goto done;
    }
    if (p.r->n == 0) {
        rc = herald_error_set(HERALD_EINVAL, "line %zu: no [topic] sections", p.line);
        goto done;
    }
    if (p.r->nterms)
        qsort(p.r->terms, p.r->nterms, sizeof *p.r->terms, term_cmp);
    *out = p.r;
    p.r = NULL;
done:
    tok_list_free(&p.tl);
    topics_rules_free(p.r);
    free(copy);
    return rc;
}

herald_rc topics_rules_load(const char *path, struct topics_rules **out)
{
    char *data = NULL;
    size_t len = 0;
    herald_rc rc;
    *out = NULL;
    if (!path)
        return topics_rules_parse((const char *)HERALD_BLOB_DATA(topics_taxonomy),
                                  HERALD_BLOB_SIZE(topics_taxonomy), out);
    if ((rc = str_read_file(&data, &len, path, RULES_MAX)) != HERALD_OK)
        return rc;
    if ((rc = topics_rules_parse(data, len, out)) != HERALD_OK) {
        char *why = xstrdup(herald_error_last());
        herald_error_set(rc, "%s: %s", path, why);
        free(why);
    }
    free(data);
    return rc;
}

/* ---- matching and scoring ---- */

/* Counts into hits[term] the occurrences of every term in nm: at each
 * token the longest matching term counts, and matching goes on after it
 * (so "vùng đặc quyền kinh tế" does not also count "kinh tế"). */
static void count_hits(const struct topics_rules *r, const struct normed *nm, uint32_t *hits)
{
    for (size_t i = 0; i < nm->ntok; i++) {
        const char *tok = nm->s + nm->start[i];
        size_t rest = nm->len - nm->start[i], lo = 0, hi = r->nterms, best = SIZE_MAX;
        uint64_t h = first_hash(tok, rest);
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (r->terms[mid].first < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < r->nterms && r->terms[k].first == h; k++) {
            const struct term *t = &r->terms[k];
            if (t->len <= rest && !memcmp(tok, t->norm, t->len) &&
                (t->len == rest || tok[t->len] == ' ') &&
                (best == SIZE_MAX || t->len > r->terms[best].len))
                best = k;
        }
        if (best == SIZE_MAX)
            continue;
        hits[best]++;
        i += r->terms[best].ntok - 1;
    }
}

/* Fills score[topic] from the title and body hits (README: scoring). */
static void rule_scores(const struct topics_rules *r, const uint32_t *th, const uint32_t *bh,
                        size_t body_tokens, float *score)
{
    double norm = sqrt((double)body_tokens / LENGTH_UNIT);
    if (norm < 1)
        norm = 1;
    for (size_t k = 0; k < r->nterms; k++) {
        const struct term *t = &r->terms[k];
        double s = 0;
        if (th[k])
            s += r->title_weight * t->weight;
        if (bh[k])
            s += t->weight * (1.0 + log((double)bh[k])) / norm;
        score[t->topic] += (float)s;
    }
}

/* Returns the topics the rule scores fire (README: firing): each at or
 * above its threshold and relative x the best such score, the
 * max_topics highest of them (ties: the earlier topic). */
static uint32_t rule_fire(const struct topics_rules *r, const float *sc)
{
    uint32_t cand = 0, mask = 0;
    float best = 0;
    for (size_t i = 0; i < r->n; i++)
        if (sc[i] >= r->t[i].threshold) {
            cand |= 1u << i;
            best = sc[i] > best ? sc[i] : best;
        }
    for (size_t i = 0; i < r->n; i++)
        if (sc[i] < r->relative * best)
            cand &= ~(1u << i);
    for (size_t k = 0; k < r->max_topics && cand; k++) {
        size_t top = SIZE_MAX;
        for (size_t i = 0; i < r->n; i++)
            if ((cand >> i & 1u) && (top == SIZE_MAX || sc[i] > sc[top]))
                top = i;
        mask |= 1u << top;
        cand &= ~(1u << top);
    }
    return mask;
}

herald_rc topics_classify(const struct topics_rules *r, const struct topics_model *model,
                          const char *title, const char *text, uint32_t *out_mask,
                          float scores[TOPICS_MAX])
{
    struct tok_list tl = {0};
    struct normed nt, nb;
    float sc[TOPICS_MAX] = {0};
    uint32_t *th = xcalloc(r->nterms + 1, sizeof *th), *bh = xcalloc(r->nterms + 1, sizeof *bh);
    uint32_t mask = 0;
    normalise(&nt, &tl, title ? title : "", title ? strlen(title) : 0);
    normalise(&nb, &tl, text ? text : "", text ? strlen(text) : 0);
    count_hits(r, &nt, th);
    count_hits(r, &nb, bh);
    rule_scores(r, th, bh, nb.ntok, sc);
    mask = rule_fire(r, sc);
    if (model) {
        float *ms = xmalloc(topics_model_label_count(model) * sizeof *ms);
        size_t best = topics_model_predict(model, title, text, ms);
        for (size_t k = 0; k < topics_model_label_count(model); k++) {
            int i = topics_find(r, topics_model_label(model, k));
            if (i >= 0 && ms[k] > 0)
                sc[i] += ms[k];
            if (i >= 0 && k == best && ms[k] > 0)
                mask |= 1u << i;
        }
        free(ms);
    }
    if (scores)
        memcpy(scores, sc, sizeof sc);
    *out_mask = mask;
    normed_free(&nt);
    normed_free(&nb);
    tok_list_free(&tl);
    free(th);
    free(bh);
    return HERALD_OK;
}
