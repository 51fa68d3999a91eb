/* The trainable topic classifier: hashed features (topics_feat.c) weighted
 * by TF-IDF (sublinear tf, smoothed idf, L2-normalised), one-vs-rest
 * L2-regularised L2-loss linear SVMs with a bias, solved in the dual by
 * coordinate descent with shrinking (Hsieh et al. 2008, as liblinear). */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "topics/topics_internal.h"
#include "util/str.h"
#include "util/xalloc.h"

/* With min_df 0, features need 3 documents from this many training
 * documents on, else 1. */
#define AUTO_MIN_DF_DOCS 1000

/* The training set as compressed sparse rows over compact row ids. */
struct csr {
    size_t n;       /* documents */
    size_t *start;  /* n + 1 offsets into col/val */
    uint32_t *col;  /* model row of each entry */
    float *val;     /* TF-IDF value */
    int32_t *y;     /* label index of each document */
    double *sqnorm; /* squared norm of each row (1, or 0 when empty) */
};

void topics_train_opts_default(struct topics_train_opts *out)
{
    *out = (struct topics_train_opts){.c = 1.0,
                                      .max_iter = 50,
                                      .eps = 0.1,
                                      .seed = 57,
                                      .hash_bits = 18,
                                      .char_ngrams = 0,
                                      .threads = 1,
                                      .min_df = 0};
}

static herald_rc check_opts(const struct topics_train_opts *o)
{
    if (!(o->c > 0 && o->c < 1e6) || o->max_iter < 1 || o->max_iter > 100000 || !(o->eps > 0) ||
        o->hash_bits < 16 || o->hash_bits > 24 || o->threads < 1 || o->threads > 64 ||
        o->min_df < 0)
        return herald_error_set(HERALD_EINVAL, "topics: training options out of range");
    return HERALD_OK;
}

float *model_alloc_weights(size_t nrows, size_t stride)
{
    size_t bytes = (nrows * stride * sizeof(float) + 63) & ~(size_t)63;
    float *w = aligned_alloc(64, bytes);
    if (!w)
        abort(); /* out of memory, as xmalloc() */
    memset(w, 0, bytes);
    return w;
}

void model_alloc_index(struct topics_model *m)
{
    size_t nb = (size_t)1 << m->bits;
    m->row_of = xmalloc(nb * sizeof *m->row_of);
    memset(m->row_of, 0xff, nb * sizeof *m->row_of);
}

/* Returns the index of label s in m, adding it when new, or -1 when the
 * model already has 65535 labels. */
static int32_t label_index(struct topics_model *m, const char *s, size_t *cap)
{
    for (size_t i = m->nlabels; i-- > 0;)
        if (!strcmp(m->labels[i], s))
            return (int32_t)i;
    if (m->nlabels == 65535)
        return -1;
    if (m->nlabels == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        m->labels = xrealloc(m->labels, *cap * sizeof *m->labels);
    }
    m->labels[m->nlabels] = xstrdup(s);
    return (int32_t)m->nlabels++;
}

/* A range of documents hashed by one thread. */
struct part {
    const struct topics_doc *docs;
    size_t lo, hi;
    unsigned bits, flags;
    struct csr c; /* start[] relative to this part */
};

static void *featurize_part(void *arg)
{
    struct part *p = arg;
    struct feat_ctx *fc = feat_ctx_new(p->bits, p->flags);
    struct feat_vec v = {0};
    size_t cap = 0, len = 0, n = p->hi - p->lo;
    for (size_t d = p->lo; d < p->hi; d++)
        cap += strlen(p->docs[d].text) + (p->docs[d].title ? strlen(p->docs[d].title) : 0);
    cap = (p->flags & FEAT_CHAR ? cap * 2 : cap / 2) + 1024; /* untouched pages cost nothing */
    p->c.col = xmalloc(cap * sizeof *p->c.col);
    p->c.val = xmalloc(cap * sizeof *p->c.val);
    p->c.start = xmalloc((n + 1) * sizeof *p->c.start);
    for (size_t d = 0; d < n; d++) {
        feat_extract(&v, fc, p->docs[p->lo + d].title, p->docs[p->lo + d].text);
        if (len + v.n > cap) {
            cap = (len + v.n) * 2;
            p->c.col = xrealloc(p->c.col, cap * sizeof *p->c.col);
            p->c.val = xrealloc(p->c.val, cap * sizeof *p->c.val);
        }
        p->c.start[d] = len;
        memcpy(p->c.col + len, v.id, v.n * sizeof *v.id);
        memcpy(p->c.val + len, v.val, v.n * sizeof *v.val);
        len += v.n;
    }
    p->c.start[n] = len;
    feat_vec_free(&v);
    feat_ctx_free(fc);
    return NULL;
}

/* Joins the parts' rows into x, in document order. */
static void join_parts(struct csr *x, struct part *parts, size_t np)
{
    size_t total = 0, at = 0;
    for (size_t t = 0; t < np; t++)
        total += parts[t].c.start[parts[t].hi - parts[t].lo];
    if (np == 1) {
        x->col = parts[0].c.col, x->val = parts[0].c.val, x->start = parts[0].c.start;
        return;
    }
    x->col = xmalloc((total ? total : 1) * sizeof *x->col);
    x->val = xmalloc((total ? total : 1) * sizeof *x->val);
    x->start = xmalloc((x->n + 1) * sizeof *x->start);
    for (size_t t = 0; t < np; t++) {
        struct part *p = &parts[t];
        size_t len = p->c.start[p->hi - p->lo];
        for (size_t d = p->lo; d < p->hi; d++)
            x->start[d] = at + p->c.start[d - p->lo];
        memcpy(x->col + at, p->c.col, len * sizeof *x->col);
        memcpy(x->val + at, p->c.val, len * sizeof *x->val);
        at += len;
        free(p->c.col), free(p->c.val), free(p->c.start);
    }
    x->start[x->n] = total;
}

/* Hashes every document into x (bucket ids for now), on up to `threads`
 * threads, and counts document frequencies per bucket into df. */
static void featurize_all(struct csr *x, uint32_t *df, const struct topics_doc *docs,
                          const struct topics_model *m, int threads)
{
    size_t np = (size_t)threads < x->n ? (size_t)threads : 1;
    struct part *parts = xcalloc(np, sizeof *parts);
    pthread_t *tids = xcalloc(np, sizeof *tids);
    bool *started = xcalloc(np, sizeof *started);
    for (size_t t = 0; t < np; t++)
        parts[t] = (struct part){docs, x->n * t / np, x->n * (t + 1) / np, m->bits, m->flags, {0}};
    for (size_t t = 1; t < np; t++)
        started[t] = pthread_create(&tids[t], NULL, featurize_part, &parts[t]) == 0;
    featurize_part(&parts[0]);
    for (size_t t = 1; t < np; t++)
        if (started[t])
            pthread_join(tids[t], NULL);
        else
            featurize_part(&parts[t]);
    join_parts(x, parts, np);
    for (size_t i = 0; i < x->start[x->n]; i++)
        df[x->col[i]]++;
    free(started);
    free(tids);
    free(parts);
}

static double sublinear_tab[256];
static pthread_once_t sublinear_once = PTHREAD_ONCE_INIT;

static void sublinear_init(void)
{
    for (size_t c = 1; c < 256; c++)
        sublinear_tab[c] = 1.0 + log((double)c);
}

/* Returns 1 + ln(count) (count >= 1), from a table for small counts. */
static double sublinear(float count)
{
    if (count >= 256)
        return 1.0 + log(count);
    pthread_once(&sublinear_once, sublinear_init);
    return sublinear_tab[(size_t)count];
}

/* Gives each bucket seen in at least min_df training documents a row with
 * its idf, maps x onto rows (dropping the rest) and turns counts into
 * L2-normalised sublinear TF-IDF. */
static void build_rows(struct topics_model *m, struct csr *x, uint32_t *df, int min_df_opt)
{
    size_t nb = (size_t)1 << m->bits, w = 0;
    uint32_t min_df = min_df_opt > 0 ? (uint32_t)min_df_opt : x->n < AUTO_MIN_DF_DOCS ? 1 : 3;
    for (size_t b = 0; b < nb; b++) {
        if (df[b] < min_df)
            df[b] = 0;
        m->nrows += df[b] > 0;
    }
    m->row_id = xmalloc((m->nrows ? m->nrows : 1) * sizeof *m->row_id);
    m->idf = xmalloc((m->nrows ? m->nrows : 1) * sizeof *m->idf);
    model_alloc_index(m);
    /* Rows in order of falling document frequency (a counting sort), so
     * the weights of common features share cache lines. */
    size_t *next = xcalloc(x->n + 2, sizeof *next);
    for (size_t b = 0; b < nb; b++)
        next[x->n - df[b] + 1]++;
    for (size_t f = 1; f <= x->n + 1; f++)
        next[f] += next[f - 1];
    for (size_t b = 0; b < nb; b++) {
        if (!df[b])
            continue;
        size_t r = next[x->n - df[b]]++;
        m->row_of[b] = (int32_t)r;
        m->row_id[r] = (uint32_t)b;
        m->idf[r] = (float)(log((1.0 + (double)x->n) / (1.0 + df[b])) + 1.0);
    }
    free(next);
    x->sqnorm = xmalloc((x->n ? x->n : 1) * sizeof *x->sqnorm);
    for (size_t d = 0; d < x->n; d++) {
        double ss = 0;
        size_t from = w;
        for (size_t i = x->start[d]; i < x->start[d + 1]; i++) {
            int32_t row = m->row_of[x->col[i]];
            if (row < 0)
                continue;
            x->col[w] = (uint32_t)row;
            x->val[w] = (float)(sublinear(x->val[i]) * m->idf[row]);
            ss += (double)x->val[w] * x->val[w];
            w++;
        }
        x->start[d] = from;
        double inv = ss > 0 ? 1.0 / sqrt(ss) : 0;
        for (size_t i = from; i < w; i++)
            x->val[i] = (float)(x->val[i] * inv);
        x->sqnorm[d] = ss > 0 ? 1.0 : 0.0;
    }
    x->start[x->n] = w;
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* The solver's state for all classes at once: w is the model's row-major
 * nrows x nlabels weights, so one pass over a document's features gives
 * every class's margin from contiguous memory. */
struct solver {
    const struct csr *x;
    size_t nl, stride;
    float *w;
    float *acc;           /* stride margins of the current document */
    double *bias, *alpha; /* alpha: n x nl */
    double *pgmax_old, *pgmax, *pgmin;
    bool *done;
    uint8_t *shrunk;  /* n x nl: skipped until the class re-checks */
    uint16_t *active; /* per document: classes neither done nor shrunk */
    size_t n;
};

/* Sets acc[0..stride) to the sum over the n features (row, value) of
 * value times the weight row: 8 classes at a time, which vectorises. */
static void margins(float *restrict acc, const float *restrict w, size_t stride,
                    const uint32_t *restrict row, const float *restrict val, size_t n)
{
    memset(acc, 0, stride * sizeof *acc);
    for (size_t i = 0; i < n; i++) {
        const float *wr = w + (size_t)row[i] * stride;
        float v = val[i];
        for (size_t g = 0; g < stride; g += 8)
            for (size_t j = 0; j < 8; j++)
                acc[g + j] += v * wr[g + j];
    }
}

/* Visits document d: the projected gradient of each unfinished class,
 * then the coordinate step (liblinear's, with shrinking as a skip). */
static void visit(struct solver *v, size_t d, double diag)
{
    const struct csr *x = v->x;
    size_t nl = v->nl;
    if (v->active[d] == 0)
        return;
    margins(v->acc, v->w, v->stride, x->col + x->start[d], x->val + x->start[d],
            x->start[d + 1] - x->start[d]);
    for (size_t k = 0; k < nl; k++)
        v->acc[k] += (float)v->bias[k];
    double qd = x->sqnorm[d] + 1.0 + diag;
    for (size_t k = 0; k < nl; k++) {
        if (v->done[k] || v->shrunk[d * nl + k])
            continue;
        double yi = x->y[d] == (int32_t)k ? 1.0 : -1.0, *a = &v->alpha[d * nl + k];
        double g = yi * v->acc[k] - 1.0 + *a * diag, pg = g;
        if (*a == 0) {
            if (g > v->pgmax_old[k]) {
                v->shrunk[d * nl + k] = 1;
                v->active[d]--;
                continue;
            }
            pg = g < 0 ? g : 0;
        }
        v->pgmax[k] = fmax(v->pgmax[k], pg);
        v->pgmin[k] = fmin(v->pgmin[k], pg);
        if (fabs(pg) <= 1e-12)
            continue;
        double old = *a;
        *a = fmax(old - g / qd, 0.0);
        float delta = (float)((*a - old) * yi);
        for (size_t i = x->start[d]; i < x->start[d + 1]; i++)
            v->w[(size_t)x->col[i] * v->stride + k] += delta * x->val[i];
        v->bias[k] += delta;
    }
}

/* Ends a pass: a class whose gradient spread is within eps is done (after
 * one more pass without skips, as liblinear re-checks shrunk variables).
 * Returns true when every class is done. */
static bool end_pass(struct solver *v, double eps)
{
    bool all = true;
    for (size_t k = 0; k < v->nl; k++) {
        if (v->done[k])
            continue;
        if (v->pgmax[k] - v->pgmin[k] <= eps) {
            v->done[k] = isinf(v->pgmax_old[k]);
            v->pgmax_old[k] = INFINITY;
            for (size_t d = 0; d < v->n; d++) {
                uint8_t *sh = &v->shrunk[d * v->nl + k];
                if (v->done[k] && !*sh)
                    v->active[d]--; /* done: no document needs it */
                else if (!v->done[k] && *sh)
                    *sh = 0, v->active[d]++; /* re-check the skipped ones */
            }
        } else
            v->pgmax_old[k] = v->pgmax[k] <= 0 ? INFINITY : v->pgmax[k];
        v->pgmax[k] = -INFINITY, v->pgmin[k] = INFINITY;
        all = all && v->done[k];
    }
    return all;
}

/* Dual coordinate descent for each class k of min 0.5|w|^2 + C sum
 * max(0, 1 - y w.x)^2 (liblinear's L2-loss SVC, bias as a feature of
 * value 1), every class stepping on the same shuffled document. */
static void train_all(struct topics_model *m, const struct csr *x,
                      const struct topics_train_opts *o)
{
    size_t nl = m->nlabels, l = x->n;
    struct solver v = {.x = x, .nl = nl, .stride = model_stride(nl)};
    uint64_t rng = o->seed;
    size_t *index = xmalloc(l * sizeof *index);
    m->stride = v.stride;
    m->w = v.w = model_alloc_weights(m->nrows ? m->nrows : 1, v.stride);
    m->bias = xmalloc(nl * sizeof *m->bias);
    v.bias = xcalloc(nl, sizeof *v.bias);
    v.acc = xcalloc(v.stride, sizeof *v.acc);
    v.alpha = xcalloc(l * nl, sizeof *v.alpha);
    v.pgmax_old = xmalloc(nl * sizeof *v.pgmax_old);
    v.pgmax = xmalloc(nl * sizeof *v.pgmax);
    v.pgmin = xmalloc(nl * sizeof *v.pgmin);
    v.done = xcalloc(nl, sizeof *v.done);
    v.n = l;
    v.shrunk = xcalloc(l * nl, 1);
    v.active = xmalloc(l * sizeof *v.active);
    for (size_t d = 0; d < l; d++)
        v.active[d] = (uint16_t)nl;
    for (size_t k = 0; k < nl; k++)
        v.pgmax_old[k] = INFINITY, v.pgmax[k] = -INFINITY, v.pgmin[k] = INFINITY;
    for (size_t i = 0; i < l; i++)
        index[i] = i;
    for (int iter = 0; iter < o->max_iter; iter++) {
        for (size_t i = 0; i + 1 < l; i++) {
            size_t k = i + (size_t)(rng_next(&rng) % (l - i)), t = index[i];
            index[i] = index[k], index[k] = t;
        }
        for (size_t s = 0; s < l; s++)
            visit(&v, index[s], 0.5 / o->c);
        if (end_pass(&v, o->eps))
            break;
    }
    for (size_t k = 0; k < nl; k++)
        m->bias[k] = (float)v.bias[k];
    free(index);
    free(v.bias);
    free(v.acc);
    free(v.alpha);
    free(v.pgmax_old);
    free(v.pgmax);
    free(v.pgmin);
    free(v.done);
    free(v.shrunk);
    free(v.active);
}

herald_rc topics_model_train(const struct topics_doc *docs, size_t n,
                             const struct topics_train_opts *opts, struct topics_model **out)
{
    herald_rc rc = HERALD_OK;
    struct topics_train_opts o;
    struct topics_model *m = xcalloc(1, sizeof *m);
    struct csr x = {.n = n};
    uint32_t *df = NULL;
    size_t lcap = 0;
    *out = NULL;
    if (opts)
        o = *opts;
    else
        topics_train_opts_default(&o);
    if ((rc = check_opts(&o)) != HERALD_OK)
        goto done;
    if (n == 0) {
        rc = herald_error_set(HERALD_EINVAL, "topics: no training documents");
        goto done;
    }
    m->bits = o.hash_bits;
    m->flags = o.char_ngrams ? FEAT_CHAR : 0;
    x.y = xmalloc(n * sizeof *x.y);
    for (size_t d = 0; d < n; d++) {
        const char *l = docs[d].label ? docs[d].label : "";
        if (strlen(l) > 65535 || !str_valid_utf8(l, strlen(l))) {
            rc = herald_error_set(HERALD_EINVAL,
                                  "topics: document %zu: label is not UTF-8 of "
                                  "at most 65535 bytes",
                                  d + 1);
            goto done;
        }
        if ((x.y[d] = label_index(m, l, &lcap)) < 0) {
            rc = herald_error_set(HERALD_EINVAL, "topics: more than 65535 labels");
            goto done;
        }
    }
    if (m->nlabels < 2) {
        rc = herald_error_set(HERALD_EINVAL, "topics: training needs at least 2 labels");
        goto done;
    }
    df = xcalloc((size_t)1 << m->bits, sizeof *df);
    featurize_all(&x, df, docs, m, o.threads);
    build_rows(m, &x, df, o.min_df);
    train_all(m, &x, &o);
    *out = m;
    m = NULL;
done:
    topics_model_free(m);
    free(df);
    free(x.start);
    free(x.col);
    free(x.val);
    free(x.y);
    free(x.sqnorm);
    return rc;
}

static pthread_key_t fc_key;
static pthread_once_t fc_once = PTHREAD_ONCE_INIT;

static void fc_destroy(void *p)
{
    feat_ctx_free(p);
}

static void fc_init(void)
{
    pthread_key_create(&fc_key, fc_destroy);
}

/* Returns this thread's feature scratch for m's settings (kept between
 * calls, freed when the thread exits). */
static struct feat_ctx *thread_ctx(const struct topics_model *m)
{
    pthread_once(&fc_once, fc_init);
    struct feat_ctx *fc = pthread_getspecific(fc_key);
    unsigned key = m->bits | (m->flags << 8);
    if (fc && feat_ctx_key(fc) == key)
        return fc;
    feat_ctx_free(fc);
    fc = feat_ctx_new(m->bits, m->flags);
    pthread_setspecific(fc_key, fc);
    return fc;
}

size_t topics_model_predict(const struct topics_model *m, const char *title, const char *text,
                            float *scores)
{
    struct feat_vec v = {0};
    size_t nl = m->nlabels, best = 0, n = 0;
    float *s = xmalloc(m->stride * sizeof *s);
    double ss = 0;
    feat_extract(&v, thread_ctx(m), title, text);
    for (size_t i = 0; i < v.n; i++) { /* rows and TF-IDF values, in place */
        int32_t r = m->row_of[v.id[i]];
        if (r < 0)
            continue;
        double val = sublinear(v.val[i]) * m->idf[r];
        ss += val * val;
        v.id[n] = (uint32_t)r;
        v.val[n++] = (float)val;
    }
    margins(s, m->w, m->stride, v.id, v.val, n);
    double inv = ss > 0 ? 1.0 / sqrt(ss) : 0;
    for (size_t k = 0; k < nl; k++) {
        s[k] = (float)(s[k] * inv + m->bias[k]);
        if (s[k] > s[best])
            best = k;
        if (scores)
            scores[k] = s[k];
    }
    free(s);
    feat_vec_free(&v);
    return best;
}

size_t topics_model_label_count(const struct topics_model *m)
{
    return m->nlabels;
}

const char *topics_model_label(const struct topics_model *m, size_t i)
{
    return i < m->nlabels ? m->labels[i] : NULL;
}

void topics_model_free(struct topics_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->labels && i < m->nlabels; i++)
        free(m->labels[i]);
    free(m->labels);
    free(m->row_of);
    free(m->row_id);
    free(m->idf);
    free(m->w);
    free(m->bias);
    free(m);
}
