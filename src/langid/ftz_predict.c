/* fastText prediction with a loaded model: the text is one line of tokens
 * (any ASCII whitespace separates them, a trailing "</s>" is added), each
 * token contributes its vocabulary row and char n-gram buckets (and word
 * n-grams when the model has them), the rows are averaged and the loss
 * (hierarchical softmax, softmax or one-vs-all) ranks the labels. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "langid/langid_internal.h"
#include "util/xalloc.h"

#define EOS "</s>"

/* The running sum of input rows. */
struct hidden {
    float v[FTZ_MAX_DIM];
    int64_t count;
};

static const float *pq_centroid(const struct ftz_pq *pq, int32_t sub, uint8_t code)
{
    if (sub == pq->nsubq - 1)
        return &pq->centroids[(size_t)sub * FTZ_KSUB * pq->dsub + (size_t)code * pq->lastdsub];
    return &pq->centroids[((size_t)sub * FTZ_KSUB + code) * pq->dsub];
}

static float row_norm(const struct ftz_matrix *x, int64_t row)
{
    return x->qnorm ? pq_centroid(&x->npq, 0, x->norm_codes[row])[0] : 1.0f;
}

static void add_row(struct hidden *h, const struct ftz_matrix *x, int64_t row)
{
    h->count++;
    if (!x->quant) {
        const float *r = x->dense + row * x->n;
        for (int64_t i = 0; i < x->n; i++)
            h->v[i] += r[i];
        return;
    }
    float alpha = row_norm(x, row);
    const uint8_t *code = x->codes + row * x->pq.nsubq;
    for (int32_t s = 0; s < x->pq.nsubq; s++) {
        const float *c = pq_centroid(&x->pq, s, code[s]);
        int32_t d = s == x->pq.nsubq - 1 ? x->pq.lastdsub : x->pq.dsub;
        for (int32_t k = 0; k < d; k++)
            h->v[s * x->pq.dsub + k] += alpha * c[k];
    }
}

static float dot_row(const struct ftz_matrix *x, const float *v, int64_t row)
{
    float res = 0.0f;
    if (!x->quant) {
        const float *r = x->dense + row * x->n;
        for (int64_t i = 0; i < x->n; i++)
            res += r[i] * v[i];
        return res;
    }
    const uint8_t *code = x->codes + row * x->pq.nsubq;
    for (int32_t s = 0; s < x->pq.nsubq; s++) {
        const float *c = pq_centroid(&x->pq, s, code[s]);
        int32_t d = s == x->pq.nsubq - 1 ? x->pq.lastdsub : x->pq.dsub;
        for (int32_t k = 0; k < d; k++)
            res += v[s * x->pq.dsub + k] * c[k];
    }
    return res * row_norm(x, row);
}

static void add_bucket(struct hidden *h, const struct langid_model *m, int32_t b)
{
    int64_t row = ftz_bucket_row(m, b);
    if (row >= 0)
        add_row(h, &m->input, row);
}

/* The byte at position p of "<" + token + ">". */
static unsigned char bow_at(const char *t, size_t n, size_t p)
{
    return p == 0 ? '<' : p == n + 1 ? '>' : (unsigned char)t[p - 1];
}

/* Adds the char n-grams (minn..maxn characters) of "<" + token + ">". */
static void add_subwords(struct hidden *h, const struct langid_model *m, const char *t, size_t n)
{
    size_t len = n + 2;
    for (size_t i = 0; i < len; i++) {
        if ((bow_at(t, n, i) & 0xC0) == 0x80)
            continue;
        uint32_t hash = FTZ_HASH_INIT;
        size_t j = i;
        for (int32_t k = 1; j < len && k <= m->maxn; k++) {
            hash = ftz_hash_step(hash, bow_at(t, n, j++));
            while (j < len && (bow_at(t, n, j) & 0xC0) == 0x80)
                hash = ftz_hash_step(hash, bow_at(t, n, j++));
            if (k >= m->minn && !(k == 1 && (i == 0 || j == len)))
                add_bucket(h, m, (int32_t)(hash % (uint32_t)m->bucket));
        }
    }
}

/* One token: its row and subwords, or nothing for a label. Returns whether it
 * was a word (its hash then counts for word n-grams). */
static bool add_token(struct hidden *h, const struct langid_model *m, const char *t, size_t n,
                      uint32_t *hash_out)
{
    uint32_t hash = FTZ_HASH_INIT;
    for (size_t i = 0; i < n; i++)
        hash = ftz_hash_step(hash, (unsigned char)t[i]);
    *hash_out = hash;
    int32_t wid = ftz_lookup(m, t, n, hash);
    bool eos = n == 4 && !memcmp(t, EOS, 4);
    if (wid >= m->nwords || (wid < 0 && n >= 9 && !memcmp(t, "__label__", 9)))
        return false;
    if (wid >= 0)
        add_row(h, &m->input, wid);
    if (!eos && (wid < 0 || m->maxn > 0) && m->bucket > 0)
        add_subwords(h, m, t, n);
    return true;
}

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == 0;
}

/* Word n-grams over the token hashes, fastText's way (sign-extended). */
static void add_word_ngrams(struct hidden *h, const struct langid_model *m, const int32_t *hs,
                            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t x = (uint64_t)(int64_t)hs[i];
        for (size_t j = i + 1; j < n && j < i + (size_t)m->word_ngrams; j++) {
            x = x * 116049371u + (uint64_t)(int64_t)hs[j];
            if (m->bucket > 0)
                add_bucket(h, m, (int32_t)(x % (uint64_t)m->bucket));
        }
    }
}

/* Sums the rows of every feature of text (plus the closing "</s>"). */
static void features(struct hidden *h, const struct langid_model *m, const char *text, size_t len)
{
    int32_t *hashes = NULL;
    size_t nh = 0, cap = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && is_space((unsigned char)text[i]))
            i++;
        bool at_end = i >= len;
        const char *t = at_end ? EOS : text + i;
        size_t n = at_end ? 4 : 0;
        while (i < len && !is_space((unsigned char)text[i])) {
            i++;
            n++;
        }
        uint32_t hash;
        bool word = add_token(h, m, t, n, &hash);
        if (word && m->word_ngrams > 1) {
            if (nh == cap) {
                cap = cap ? cap * 2 : 64;
                hashes = xrealloc(hashes, cap * sizeof *hashes);
            }
            hashes[nh++] = (int32_t)hash;
        }
        if (at_end)
            break;
    }
    if (nh > 1)
        add_word_ngrams(h, m, hashes, nh);
    free(hashes);
}

/* The k best (log-probability, label) pairs so far, best first. */
struct topk {
    float *score;
    int32_t *label;
    size_t k, n;
};

static void topk_push(struct topk *t, float score, int32_t label)
{
    if (t->n == t->k && score <= t->score[t->n - 1])
        return;
    size_t i = t->n < t->k ? t->n++ : t->n - 1;
    while (i > 0 && t->score[i - 1] < score) {
        t->score[i] = t->score[i - 1];
        t->label[i] = t->label[i - 1];
        i--;
    }
    t->score[i] = score;
    t->label[i] = label;
}

/* fastText's log with a floor: log(x + 1e-5), in double like fastText. */
static float std_log(double x)
{
    return (float)log(x + 1e-5);
}

static void hs_dfs(const struct langid_model *m, struct topk *t, int32_t node, float score,
                   const float *hidden)
{
    if (score < std_log(0.0f))
        return;
    if (t->n == t->k && score < t->score[t->n - 1])
        return;
    if (m->tree_left[node] < 0 && m->tree_right[node] < 0) {
        topk_push(t, score, node);
        return;
    }
    float f = dot_row(&m->output, hidden, node - m->nlabels);
    f = (float)(1.0 / (1.0 + exp(-(double)f)));
    hs_dfs(m, t, m->tree_left[node], score + std_log(1.0 - (double)f), hidden);
    hs_dfs(m, t, m->tree_right[node], score + std_log(f), hidden);
}

/* Softmax (or one sigmoid per label for ns/ova) over all labels. */
static void flat_predict(const struct langid_model *m, struct topk *t, const float *hidden)
{
    float *out = xmalloc((size_t)m->nlabels * sizeof *out);
    float max = -INFINITY, z = 0.0f;
    for (int32_t i = 0; i < m->nlabels; i++) {
        out[i] = dot_row(&m->output, hidden, i);
        if (out[i] > max)
            max = out[i];
    }
    for (int32_t i = 0; i < m->nlabels; i++) {
        if (m->loss == FTZ_LOSS_SOFTMAX) {
            out[i] = expf(out[i] - max);
            z += out[i];
        } else {
            out[i] = (float)(1.0 / (1.0 + exp(-(double)out[i])));
        }
    }
    for (int32_t i = 0; i < m->nlabels; i++)
        topk_push(t, std_log(m->loss == FTZ_LOSS_SOFTMAX ? out[i] / z : out[i]), i);
    free(out);
}

herald_rc langid_model_predict(const struct langid_model *m, const char *text, size_t len,
                               struct langid_result *out, size_t k, size_t *n)
{
    struct hidden h;
    *n = 0;
    if (k == 0)
        return HERALD_OK;
    memset(&h, 0, sizeof h);
    features(&h, m, text ? text : "", text ? len : 0);
    if (h.count == 0)
        return HERALD_OK;
    float inv = (float)(1.0 / (double)h.count);
    for (int32_t i = 0; i < m->dim; i++)
        h.v[i] *= inv;
    if (k > (size_t)m->nlabels)
        k = (size_t)m->nlabels;
    struct topk t = {xmalloc(k * sizeof(float)), xmalloc(k * sizeof(int32_t)), k, 0};
    if (m->loss == FTZ_LOSS_HS)
        hs_dfs(m, &t, 2 * m->nlabels - 2, 0.0f, h.v);
    else
        flat_predict(m, &t, h.v);
    for (size_t i = 0; i < t.n; i++) {
        memcpy(out[i].code, m->codes[t.label[i]], sizeof out[i].code);
        out[i].confidence = expf(t.score[i]);
        if (out[i].confidence > 1.0f)
            out[i].confidence = 1.0f;
    }
    *n = t.n;
    free(t.score);
    free(t.label);
    return HERALD_OK;
}
