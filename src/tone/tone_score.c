/* Lexicon scoring, VADER-like: valences with intensifiers scaling and
 * negation flipping within three words, "but" moving weight to the clause
 * after it, sentence sums normalised to [-1, 1]; document tone is the mean
 * over sentences with tone words, target tone weights words by distance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text/fold.h"
#include "tone/tone_internal.h"
#include "util/xalloc.h"

#define NEG_SCALAR (-0.74)
#define REACH 3            /* words a negator or intensifier reaches */
#define DIST_SCALE 3.0     /* target: weight 1 / (1 + d / DIST_SCALE) */
#define OTHER_SEGMENT 0.35 /* target: weight of the other side of "but" */
#define OTHER_CLAUSE 0.6   /* target: weight of another clause */

double tone_normalize(double x)
{
    double s = x / sqrt(x * x + 15.0);
    return s < -1 ? -1 : s > 1 ? 1 : s;
}

enum tone_label tone_label_for(double score, double th)
{
    return score >= th ? TONE_POSITIVE : score <= -th ? TONE_NEGATIVE : TONE_NEUTRAL;
}

size_t tone_cp_to_byte(const char *text, size_t len, size_t cp)
{
    size_t at = 0;
    for (size_t i = 0; i < cp && at < len; i++) {
        int c;
        int k = fold_utf8_next(text + at, len - at, &c);
        at += k > 0 ? (size_t)k : 1;
    }
    return at;
}

const char *tone_label_name(enum tone_label l)
{
    return l == TONE_NEGATIVE ? "negative" : l == TONE_POSITIVE ? "positive" : "neutral";
}

/* Sentence index, kind map and contrast weights per token. */
static void mark_tokens(struct tone_analysis *a)
{
    const struct tone_toks *t = &a->t;
    for (size_t k = 0; k < a->it.n; k++)
        for (size_t i = a->it.v[k].from; i < a->it.v[k].to; i++)
            a->kind[i] = a->it.v[k].kind;
    size_t s = 0, start = 0, c = 0;
    for (size_t i = 0; i < t->n; i++) {
        a->sent[i] = s;
        a->clause[i] = c;
        c += t->v[i].clause_end;
        a->cw[i] = 1;
        if (!t->v[i].sent_end)
            continue;
        size_t but = (size_t)-1;
        for (size_t j = start; j <= i; j++)
            if (a->kind[j] == TK_BUT)
                but = j;
        for (size_t j = start; but != (size_t)-1 && j <= i; j++) {
            a->cw[j] = j < but ? 0.5 : 1.5;
            a->seg[j] = j > but;
        }
        s++;
        start = i + 1;
    }
    a->nsent = s;
}

/* Applies intensifiers and negators in the REACH words before each
 * polarity item (same sentence, same clause for negation). */
static void valences(struct tone_analysis *a)
{
    const struct tone_toks *t = &a->t;
    for (size_t k = 0; k < a->it.n; k++) {
        const struct tone_item *m = &a->it.v[k];
        if (m->kind == TK_NEG)
            for (size_t i = m->to; i < t->n && i < m->to + REACH; i++) {
                a->negated[i] = true;
                if (t->v[i].clause_end)
                    break;
            }
    }
    for (size_t k = 0; k < a->it.n; k++) {
        const struct tone_item *m = &a->it.v[k];
        if (m->kind != TK_POL)
            continue;
        double v = m->val;
        for (size_t d = 1; d <= REACH && d <= m->from; d++) {
            size_t j = m->from - d;
            if (t->v[j].sent_end)
                break;
            const struct tone_item *b = NULL;
            for (size_t q = k; q-- > 0 && a->it.v[q].to > j;)
                if (a->it.v[q].from <= j)
                    b = &a->it.v[q];
            if (b && b->kind == TK_INT) {
                double s = b->val * (1.0 - 0.05 * (double)(d - 1));
                v += v > 0 ? s : -s;
            }
        }
        if (a->negated[m->from])
            v *= NEG_SCALAR;
        a->val[m->from] = v;
    }
}

void tone_analyse(struct tone_analysis *out, const struct tone_lexicon *lx, const char *text,
                  size_t len, const char *lang)
{
    memset(out, 0, sizeof(*out));
    if (!text)
        len = 0;
    tone_tokenize(&out->t, text ? text : "", len);
    if (lang && !strcmp(lang, "und"))
        lang = NULL;
    out->lang = tone_pick_lang(lx, lang, &out->t);
    size_t n = out->t.n + 1;
    out->val = xcalloc(n, sizeof(double));
    out->cw = xcalloc(n, sizeof(double));
    out->seg = xcalloc(n, sizeof(int));
    out->sent = xcalloc(n, sizeof(size_t));
    out->clause = xcalloc(n, sizeof(size_t));
    out->negated = xcalloc(n, sizeof(bool));
    out->kind = xcalloc(n, 1);
    if (out->lang)
        tone_match(&out->it, out->lang, &out->t);
    mark_tokens(out);
    valences(out);
}

void tone_analysis_free(struct tone_analysis *a)
{
    tone_toks_free(&a->t);
    free(a->it.v);
    free(a->val);
    free(a->cw);
    free(a->seg);
    free(a->sent);
    free(a->clause);
    free(a->negated);
    free(a->kind);
    memset(a, 0, sizeof(*a));
}

double tone_sentence_mean(const struct tone_analysis *a, const bool *use, unsigned *sentences)
{
    double total = 0;
    unsigned used = 0;
    for (size_t i = 0; i < a->t.n;) {
        size_t s = a->sent[i];
        double sum = 0;
        bool any = false;
        for (; i < a->t.n && a->sent[i] == s; i++) {
            sum += a->val[i] * a->cw[i];
            any = any || a->val[i] != 0;
        }
        if (any && (!use || use[s])) {
            total += tone_normalize(sum);
            used++;
        }
    }
    *sentences = used;
    return used ? total / used : 0;
}

herald_rc tone_document(const struct tone_lexicon *lx, const char *text, size_t len,
                        const char *lang, struct tone_result *out)
{
    struct tone_analysis a;
    tone_analyse(&a, lx, text, len, lang);
    out->score = tone_sentence_mean(&a, NULL, &out->sentences);
    out->label = tone_label_for(out->score, TONE_DOC_THRESHOLD);
    tone_analysis_free(&a);
    return HERALD_OK;
}

size_t tone_mention_tokens(bool *mark, const struct tone_analysis *a, const struct tone_span *spans,
                           size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < a->t.n; i++) {
        mark[i] = false;
        for (size_t k = 0; k < n && !mark[i]; k++)
            mark[i] = spans[k].from < a->t.v[i].to && a->t.v[i].from < spans[k].to;
        count += mark[i];
    }
    return count;
}

/* The mention token nearest to i in i's sentence, or (size_t)-1. */
static size_t nearest_mention(const struct tone_analysis *a, const bool *mention, size_t i)
{
    size_t best = (size_t)-1, bd = (size_t)-1;
    for (size_t j = i; j < a->t.n && a->sent[j] == a->sent[i] && j - i < bd; j++)
        if (mention[j]) {
            best = j;
            bd = j - i;
        }
    for (size_t j = i + 1; j-- > 0 && a->sent[j] == a->sent[i] && i - j < bd;)
        if (mention[j]) {
            best = j;
            bd = i - j;
        }
    return best;
}

double tone_target_score(const struct tone_analysis *a, const bool *mention, unsigned *sentences)
{
    double sum = 0;
    size_t last_sent = (size_t)-1;
    unsigned used = 0;
    for (size_t i = 0; i < a->t.n; i++) {
        if (a->val[i] == 0 || mention[i])
            continue;
        size_t m = nearest_mention(a, mention, i);
        if (m == (size_t)-1)
            continue;
        double d = (double)(m > i ? m - i : i - m);
        double w = 1.0 / (1.0 + d / DIST_SCALE);
        if (a->seg[i] != a->seg[m])
            w *= OTHER_SEGMENT;
        else if (a->clause[i] != a->clause[m])
            w *= OTHER_CLAUSE;
        sum += a->val[i] * w;
        if (a->sent[i] != last_sent) {
            used++;
            last_sent = a->sent[i];
        }
    }
    *sentences = used;
    return tone_normalize(sum);
}
