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
#include "util/xalloc.h"

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
                                      .hash_bits = 20,
                                      .char_ngrams = 1,
                                      .threads = 1};
}

static herald_rc check_opts(const struct topics_train_opts *o)
{
    if (!(o->c > 0 && o->c < 1e6) || o->max_iter < 1 || o->max_iter > 100000 || !(o->eps > 0) ||
        o->hash_bits < 16 || o->hash_bits > 24 || o->threads < 1 || o->threads > 64)
        return herald_error_set(HERALD_EINVAL, "topics: training options out of range");
    return HERALD_OK;
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

/* Hashes every document into x (bucket ids for now) and counts document
 * frequencies per bucket into df. */
static void featurize_all(struct csr *x, uint32_t *df, const struct topics_doc *docs,
                          const struct topics_model *m)
{
    struct feat_ctx *fc = feat_ctx_new(m->bits, m->flags);
    struct feat_vec v = {0};
    size_t cap = 0, len = 0;
    x->start = xmalloc((x->n + 1) * sizeof *x->start);
    for (size_t d = 0; d < x->n; d++) {
        feat_extract(&v, fc, docs[d].title, docs[d].text);
        if (len + v.n > cap) {
            cap = (len + v.n) * 2;
            x->col = xrealloc(x->col, cap * sizeof *x->col);
            x->val = xrealloc(x->val, cap * sizeof *x->val);
        }
        x->start[d] = len;
        for (size_t i = 0; i < v.n; i++) {
            x->col[len + i] = v.id[i];
            x->val[len + i] = v.val[i];
            df[v.id[i]]++;
        }
        len += v.n;
    }
    x->start[x->n] = len;
    feat_vec_free(&v);
    feat_ctx_free(fc);
}

/* Gives each bucket seen in training a row with its idf, maps x onto rows
 * and turns counts into L2-normalised sublinear TF-IDF. */
static void build_rows(struct topics_model *m, struct csr *x, const uint32_t *df)
{
    size_t nb = (size_t)1 << m->bits;
    for (size_t b = 0; b < nb; b++)
        m->nrows += df[b] > 0;
    m->row_id = xmalloc((m->nrows ? m->nrows : 1) * sizeof *m->row_id);
    m->idf = xmalloc((m->nrows ? m->nrows : 1) * sizeof *m->idf);
    model_alloc_index(m);
    size_t r = 0;
    for (size_t b = 0; b < nb; b++) {
        if (!df[b])
            continue;
        m->row_of[b] = (int32_t)r;
        m->row_id[r] = (uint32_t)b;
        m->idf[r++] = (float)(log((1.0 + (double)x->n) / (1.0 + df[b])) + 1.0);
    }
    x->sqnorm = xmalloc((x->n ? x->n : 1) * sizeof *x->sqnorm);
    for (size_t d = 0; d < x->n; d++) {
        double ss = 0;
        for (size_t i = x->start[d]; i < x->start[d + 1]; i++) {
            uint32_t row = (uint32_t)m->row_of[x->col[i]];
            x->col[i] = row;
            x->val[i] = (float)((1.0 + log(x->val[i])) * m->idf[row]);
            ss += (double)x->val[i] * x->val[i];
        }
        double inv = ss > 0 ? 1.0 / sqrt(ss) : 0;
        for (size_t i = x->start[d]; i < x->start[d + 1]; i++)
            x->val[i] = (float)(x->val[i] * inv);
        x->sqnorm[d] = ss > 0 ? 1.0 : 0.0;
    }
}

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* One class's solver state. w has nrows + 1 entries (the last: bias). */
struct svm_job {
    const struct csr *x;
    const struct topics_train_opts *o;
    int32_t cls;
    size_t nrows;
    double *w;
};

static double dot(const struct csr *x, size_t d, const double *w, size_t bias_at)
{
    double s = w[bias_at];
    for (size_t i = x->start[d]; i < x->start[d + 1]; i++)
        s += w[x->col[i]] * x->val[i];
    return s;
}

/* Dual coordinate descent for min 0.5|w|^2 + C sum max(0, 1 - y w.x)^2
 * (liblinear's solve_l2r_l1l2_svc with L2 loss, with shrinking). */
static void svm_solve(struct svm_job *j)
{
    const struct csr *x = j->x;
    size_t l = x->n, active = l;
    double diag = 0.5 / j->o->c, pgmax_old = INFINITY;
    double *alpha = xcalloc(l, sizeof *alpha);
    size_t *index = xmalloc(l * sizeof *index);
    uint64_t rng = j->o->seed ^ ((uint64_t)j->cls * 0x9E3779B97F4A7C15ull);
    for (size_t i = 0; i < l; i++)
        index[i] = i;
    for (int iter = 0; iter < j->o->max_iter; iter++) {
        double pgmax = -INFINITY, pgmin = INFINITY;
        for (size_t i = 0; i + 1 < active; i++) {
            size_t k = i + (size_t)(rng_next(&rng) % (active - i));
            size_t t = index[i];
            index[i] = index[k], index[k] = t;
        }
        for (size_t s = 0; s < active; s++) {
            size_t d = index[s];
            double yi = x->y[d] == j->cls ? 1.0 : -1.0;
            double g = yi * dot(x, d, j->w, j->nrows) - 1.0 + alpha[d] * diag, pg = g;
            if (alpha[d] == 0) {
                if (g > pgmax_old) {
                    index[s--] = index[--active];
                    continue;
                }
                pg = g < 0 ? g : 0;
            }
            pgmax = pg > pgmax ? pg : pgmax;
            pgmin = pg < pgmin ? pg : pgmin;
            if (fabs(pg) <= 1e-12)
                continue;
            double old = alpha[d], qd = x->sqnorm[d] + 1.0 + diag;
            alpha[d] = fmax(old - g / qd, 0.0);
            double delta = (alpha[d] - old) * yi;
            for (size_t i = x->start[d]; i < x->start[d + 1]; i++)
                j->w[x->col[i]] += delta * x->val[i];
            j->w[j->nrows] += delta;
        }
        if (pgmax - pgmin <= j->o->eps) {
            if (active == l)
                break;
            active = l, pgmax_old = INFINITY;
            continue;
        }
        pgmax_old = pgmax <= 0 ? INFINITY : pgmax;
    }
    free(index);
    free(alpha);
}

struct svm_pool {
    struct svm_job *jobs;
    size_t njobs, stride;
    size_t first;
};

static void *svm_thread(void *arg)
{
    struct svm_pool *p = arg;
    for (size_t k = p->first; k < p->njobs; k += p->stride)
        svm_solve(&p->jobs[k]);
    return NULL;
}

/* Trains every class, on opts->threads threads, into m->w and m->bias. */
static void train_all(struct topics_model *m, const struct csr *x,
                      const struct topics_train_opts *o)
{
    size_t nl = m->nlabels, nt = (size_t)o->threads < nl ? (size_t)o->threads : nl;
    struct svm_job *jobs = xcalloc(nl, sizeof *jobs);
    struct svm_pool *pools = xcalloc(nt, sizeof *pools);
    pthread_t *tids = xcalloc(nt, sizeof *tids);
    for (size_t k = 0; k < nl; k++)
        jobs[k] =
            (struct svm_job){x, o, (int32_t)k, m->nrows, xcalloc(m->nrows + 1, sizeof(double))};
    bool *started = xcalloc(nt, sizeof *started);
    for (size_t t = 0; t < nt; t++)
        pools[t] = (struct svm_pool){jobs, nl, nt, t};
    for (size_t t = 1; t < nt; t++)
        started[t] = pthread_create(&tids[t], NULL, svm_thread, &pools[t]) == 0;
    svm_thread(&pools[0]);
    for (size_t t = 1; t < nt; t++)
        if (started[t])
            pthread_join(tids[t], NULL);
        else
            svm_thread(&pools[t]);
    free(started);
    m->w = xmalloc((m->nrows ? m->nrows : 1) * nl * sizeof *m->w);
    m->bias = xmalloc(nl * sizeof *m->bias);
    for (size_t k = 0; k < nl; k++) {
        for (size_t r = 0; r < m->nrows; r++)
            m->w[r * nl + k] = (float)jobs[k].w[r];
        m->bias[k] = (float)jobs[k].w[m->nrows];
        free(jobs[k].w);
    }
    free(tids);
    free(pools);
    free(jobs);
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
    for (size_t d = 0; d < n; d++)
        if ((x.y[d] = label_index(m, docs[d].label ? docs[d].label : "", &lcap)) < 0) {
            rc = herald_error_set(HERALD_EINVAL, "topics: more than 65535 labels");
            goto done;
        }
    if (m->nlabels < 2) {
        rc = herald_error_set(HERALD_EINVAL, "topics: training needs at least 2 labels");
        goto done;
    }
    df = xcalloc((size_t)1 << m->bits, sizeof *df);
    featurize_all(&x, df, docs, m);
    build_rows(m, &x, df);
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
    size_t nl = m->nlabels, best = 0;
    double *s = xmalloc(nl * sizeof *s), ss = 0;
    feat_extract(&v, thread_ctx(m), title, text);
    for (size_t k = 0; k < nl; k++)
        s[k] = 0;
    for (size_t i = 0; i < v.n; i++) {
        int32_t r = m->row_of[v.id[i]];
        if (r < 0)
            continue;
        double val = (1.0 + log(v.val[i])) * m->idf[r];
        ss += val * val;
        const float *wr = m->w + (size_t)r * nl;
        for (size_t k = 0; k < nl; k++)
            s[k] += val * wr[k];
    }
    double inv = ss > 0 ? 1.0 / sqrt(ss) : 0;
    for (size_t k = 0; k < nl; k++) {
        s[k] = s[k] * inv + m->bias[k];
        if (s[k] > s[best])
            best = k;
        if (scores)
            scores[k] = (float)s[k];
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
    for (size_t i = 0; i < m->nlabels; i++)
        free(m->labels[i]);
    free(m->labels);
    free(m->row_of);
    free(m->row_id);
    free(m->idf);
    free(m->w);
    free(m->bias);
    free(m);
}
