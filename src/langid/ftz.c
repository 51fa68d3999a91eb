/* Reader of fastText model files (.ftz quantized and .bin dense, format
 * version 11/12) into struct langid_model: header, arguments, dictionary
 * with its pruned-bucket map, input and output matrices, and the
 * hierarchical-softmax tree built from the label counts as fastText does. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "langid/langid_internal.h"
#include "util/xalloc.h"

/* A bounds-checked cursor over the model bytes. */
struct rd {
    const unsigned char *p;
    size_t len, pos;
};

static bool rd_bytes(struct rd *r, void *out, size_t n)
{
    if (n > r->len - r->pos)
        return false;
    memcpy(out, r->p + r->pos, n);
    r->pos += n;
    return true;
}

static bool rd_i32(struct rd *r, int32_t *out)
{
    return rd_bytes(r, out, sizeof *out);
}

static bool rd_i64(struct rd *r, int64_t *out)
{
    return rd_bytes(r, out, sizeof *out);
}

static bool rd_bool(struct rd *r, int *out)
{
    unsigned char c;
    if (!rd_bytes(r, &c, 1) || c > 1)
        return false;
    *out = c;
    return true;
}

/* Reads count floats into a new array (*out), refusing counts the remaining
 * bytes cannot hold before allocating. */
static bool rd_floats(struct rd *r, float **out, uint64_t count)
{
    if (count > (r->len - r->pos) / sizeof(float))
        return false;
    *out = xmalloc(count ? count * sizeof(float) : 1);
    return rd_bytes(r, *out, count * sizeof(float));
}

static bool rd_u8s(struct rd *r, uint8_t **out, uint64_t count)
{
    if (count > r->len - r->pos)
        return false;
    *out = xmalloc(count ? count : 1);
    return rd_bytes(r, *out, count);
}

static herald_rc corrupt(const char *what)
{
    return herald_error_set(HERALD_EINVAL, "langid: corrupt or truncated model (%s)", what);
}

static uint32_t pow2_at_least(uint64_t n)
{
    uint32_t s = 16;
    while (s < n)
        s <<= 1;
    return s;
}

/* Args: 12 int32 and a double; keeps what prediction needs. */
static herald_rc read_args(struct langid_model *m, struct rd *r, int32_t version)
{
    int32_t a[12];
    double t;
    for (int i = 0; i < 12; i++)
        if (!rd_i32(r, &a[i]))
            return corrupt("arguments");
    if (!rd_bytes(r, &t, sizeof t))
        return corrupt("arguments");
    m->dim = a[0];
    m->word_ngrams = a[5];
    m->loss = a[6];
    m->bucket = a[8];
    m->minn = a[9];
    m->maxn = a[10];
    if (version == 11)
        m->maxn = 0; /* old supervised models have no char n-grams */
    if (a[7] != 3)
        return herald_error_set(HERALD_EINVAL, "langid: not a supervised fastText model");
    if (m->dim < 1 || m->dim > FTZ_MAX_DIM || m->loss < FTZ_LOSS_HS || m->loss > FTZ_LOSS_OVA ||
        m->bucket < 0 || m->minn < 0 || m->maxn > 64 || m->word_ngrams < 1 || m->word_ngrams > 64)
        return corrupt("argument out of range");
    return HERALD_OK;
}

static void word_table_put(struct langid_model *m, int32_t i)
{
    uint32_t s = m->words[i].hash & m->word_mask;
    while (m->word_table[s] >= 0)
        s = (s + 1) & m->word_mask;
    m->word_table[s] = i;
}

int32_t ftz_lookup(const struct langid_model *m, const char *s, size_t n, uint32_t h)
{
    for (uint32_t k = h & m->word_mask;; k = (k + 1) & m->word_mask) {
        int32_t i = m->word_table[k];
        if (i < 0)
            return -1;
        const struct ftz_word *w = &m->words[i];
        if (w->hash == h && w->len == n && !memcmp(w->text, s, n))
            return i;
    }
}

/* One entry: NUL-terminated bytes, int64 count, int8 type. Appends the text
 * at strings + *used. */
static herald_rc read_entry(struct langid_model *m, struct rd *r, int32_t i, size_t *used)
{
    const unsigned char *start = r->p + r->pos;
    const unsigned char *nul = memchr(start, 0, r->len - r->pos);
    int64_t count;
    int8_t type;
    if (!nul)
        return corrupt("dictionary entry");
    size_t n = (size_t)(nul - start);
    memcpy(m->strings + *used, start, n + 1);
    r->pos += n + 1;
    if (!rd_i64(r, &count) || !rd_bytes(r, &type, 1))
        return corrupt("dictionary entry");
    if (type != (i >= m->nwords) || count < 0)
        return corrupt("dictionary entry type");
    m->words[i].text = m->strings + *used;
    m->words[i].len = (uint32_t)n;
    uint32_t h = FTZ_HASH_INIT;
    for (size_t k = 0; k < n; k++)
        h = ftz_hash_step(h, start[k]);
    m->words[i].hash = h;
    if (i >= m->nwords)
        m->label_counts[i - m->nwords] = count;
    *used += n + 1;
    return HERALD_OK;
}

static void prune_put(struct langid_model *m, int32_t key, int32_t val)
{
    uint32_t s = ((uint32_t)key * 2654435761u) & m->prune_mask;
    while (m->prune_keys[s] >= 0 && m->prune_keys[s] != key)
        s = (s + 1) & m->prune_mask;
    m->prune_keys[s] = key;
    m->prune_vals[s] = val;
}

int64_t ftz_bucket_row(const struct langid_model *m, int32_t b)
{
    if (m->prune_size < 0)
        return (int64_t)m->nwords + b;
    if (m->prune_size == 0)
        return -1;
    for (uint32_t s = ((uint32_t)b * 2654435761u) & m->prune_mask;; s = (s + 1) & m->prune_mask) {
        if (m->prune_keys[s] < 0)
            return -1;
        if (m->prune_keys[s] == b)
            return (int64_t)m->nwords + m->prune_vals[s];
    }
}

static herald_rc read_prune(struct langid_model *m, struct rd *r)
{
    if (m->prune_size <= 0)
        return HERALD_OK;
    m->prune_mask = pow2_at_least((uint64_t)m->prune_size * 2) - 1;
    m->prune_keys = xmalloc(((size_t)m->prune_mask + 1) * sizeof(int32_t));
    m->prune_vals = xmalloc(((size_t)m->prune_mask + 1) * sizeof(int32_t));
    memset(m->prune_keys, 0xff, ((size_t)m->prune_mask + 1) * sizeof(int32_t));
    for (int64_t i = 0; i < m->prune_size; i++) {
        int32_t k, v;
        if (!rd_i32(r, &k) || !rd_i32(r, &v))
            return corrupt("pruned buckets");
        if (k < 0 || k >= m->bucket || v < 0)
            return corrupt("pruned bucket out of range");
        prune_put(m, k, v);
    }
    return HERALD_OK;
}

static herald_rc read_dict(struct langid_model *m, struct rd *r)
{
    int64_t ntokens;
    size_t used = 0;
    herald_rc rc;
    if (!rd_i32(r, &m->size) || !rd_i32(r, &m->nwords) || !rd_i32(r, &m->nlabels) ||
        !rd_i64(r, &ntokens) || !rd_i64(r, &m->prune_size))
        return corrupt("dictionary header");
    /* Each entry takes at least 10 bytes: refuse sizes the file cannot hold. */
    if (m->size < 1 || m->nwords < 0 || m->nlabels < 1 || m->nlabels > FTZ_MAX_LABELS ||
        (int64_t)m->nwords + m->nlabels != m->size || (uint64_t)m->size > (r->len - r->pos) / 10 ||
        m->prune_size < -1 || m->prune_size > m->bucket)
        return corrupt("dictionary sizes");
    m->strings = xmalloc(r->len - r->pos);
    m->words = xcalloc((size_t)m->size, sizeof *m->words);
    m->label_counts = xcalloc((size_t)m->nlabels, sizeof *m->label_counts);
    for (int32_t i = 0; i < m->size; i++)
        if ((rc = read_entry(m, r, i, &used)) != HERALD_OK)
            return rc;
    m->word_mask = pow2_at_least((uint64_t)m->size * 2) - 1;
    m->word_table = xmalloc(((size_t)m->word_mask + 1) * sizeof(int32_t));
    memset(m->word_table, 0xff, ((size_t)m->word_mask + 1) * sizeof(int32_t));
    for (int32_t i = 0; i < m->size; i++)
        if (ftz_lookup(m, m->words[i].text, m->words[i].len, m->words[i].hash) < 0)
            word_table_put(m, i);
    return read_prune(m, r);
}

/* A product quantizer for vectors of dim floats. */
static herald_rc read_pq(struct ftz_pq *pq, struct rd *r, int64_t dim)
{
    if (!rd_i32(r, &pq->dim) || !rd_i32(r, &pq->nsubq) || !rd_i32(r, &pq->dsub) ||
        !rd_i32(r, &pq->lastdsub))
        return corrupt("quantizer header");
    if (pq->dim != dim || pq->dsub < 1 || pq->dsub > pq->dim || pq->lastdsub < 1 ||
        pq->lastdsub > pq->dsub || pq->nsubq < 1 ||
        (int64_t)(pq->nsubq - 1) * pq->dsub + pq->lastdsub != pq->dim)
        return corrupt("quantizer shape");
    if (!rd_floats(r, &pq->centroids, (uint64_t)pq->dim * FTZ_KSUB))
        return corrupt("quantizer centroids");
    return HERALD_OK;
}

static herald_rc read_qmatrix(struct ftz_matrix *x, struct rd *r, int32_t dim)
{
    int32_t codesize;
    herald_rc rc;
    if (!rd_bool(r, &x->qnorm) || !rd_i64(r, &x->m) || !rd_i64(r, &x->n) || !rd_i32(r, &codesize))
        return corrupt("quantized matrix header");
    if (x->m < 1 || x->n != dim || codesize < 0 || (uint64_t)x->m > r->len - r->pos)
        return corrupt("quantized matrix shape");
    if (!rd_u8s(r, &x->codes, (uint64_t)codesize))
        return corrupt("quantized matrix codes");
    if ((rc = read_pq(&x->pq, r, dim)) != HERALD_OK)
        return rc;
    if ((int64_t)codesize != x->m * x->pq.nsubq)
        return corrupt("quantized matrix code size");
    if (!x->qnorm)
        return HERALD_OK;
    if (!rd_u8s(r, &x->norm_codes, (uint64_t)x->m))
        return corrupt("norm codes");
    return read_pq(&x->npq, r, 1);
}

static herald_rc read_dense(struct ftz_matrix *x, struct rd *r, int32_t dim)
{
    if (!rd_i64(r, &x->m) || !rd_i64(r, &x->n))
        return corrupt("matrix header");
    if (x->m < 1 || x->n != dim || (uint64_t)x->m > (r->len - r->pos) / sizeof(float))
        return corrupt("matrix shape");
    if (!rd_floats(r, &x->dense, (uint64_t)x->m * (uint64_t)x->n))
        return corrupt("matrix data");
    return HERALD_OK;
}

static herald_rc read_matrices(struct langid_model *m, struct rd *r)
{
    herald_rc rc;
    int quant_in, quant_out;
    if (!rd_bool(r, &quant_in))
        return corrupt("input matrix flag");
    m->input.quant = quant_in;
    rc = quant_in ? read_qmatrix(&m->input, r, m->dim) : read_dense(&m->input, r, m->dim);
    if (rc != HERALD_OK)
        return rc;
    if (!rd_bool(r, &quant_out))
        return corrupt("output matrix flag");
    m->output.quant = quant_in && quant_out;
    rc = m->output.quant ? read_qmatrix(&m->output, r, m->dim) : read_dense(&m->output, r, m->dim);
    if (rc != HERALD_OK)
        return rc;
    /* Every row a feature can name must exist. */
    int64_t rows = m->nwords + (m->prune_size >= 0 ? m->prune_size : m->bucket);
    if (m->input.m < rows || m->output.m < m->nlabels)
        return corrupt("matrix rows");
    if (m->prune_size > 0)
        for (uint32_t s = 0; s <= m->prune_mask; s++)
            if (m->prune_keys[s] >= 0 && (int64_t)m->nwords + m->prune_vals[s] >= m->input.m)
                return corrupt("pruned bucket row");
    return HERALD_OK;
}

/* fastText's Huffman tree over the label counts (labels sorted by count,
 * descending): leaves 0..n-1, inner nodes n..2n-2, the root last. */
static void build_tree(struct langid_model *m)
{
    int32_t n = m->nlabels, total = 2 * n - 1;
    int64_t *count = xmalloc((size_t)total * sizeof *count);
    m->tree_left = xmalloc((size_t)total * sizeof(int32_t));
    m->tree_right = xmalloc((size_t)total * sizeof(int32_t));
    for (int32_t i = 0; i < total; i++) {
        count[i] = i < n ? m->label_counts[i] : (int64_t)1e15;
        m->tree_left[i] = m->tree_right[i] = -1;
    }
    int32_t leaf = n - 1, node = n;
    for (int32_t i = n; i < total; i++) {
        int32_t mini[2];
        for (int j = 0; j < 2; j++)
            mini[j] = (leaf >= 0 && count[leaf] < count[node]) ? leaf-- : node++;
        m->tree_left[i] = mini[0];
        m->tree_right[i] = mini[1];
        count[i] = count[mini[0]] + count[mini[1]];
    }
    free(count);
}

static void set_codes(struct langid_model *m)
{
    m->codes = xcalloc((size_t)m->nlabels, sizeof *m->codes);
    for (int32_t i = 0; i < m->nlabels; i++) {
        const struct ftz_word *w = &m->words[m->nwords + i];
        const char *s = w->text;
        size_t n = w->len;
        if (n > 9 && !memcmp(s, "__label__", 9)) {
            s += 9;
            n -= 9;
        }
        if (n == 3 && !memcmp(s, "als", 3))
            s = "gsw"; /* Wikipedia's code for Alemannic; ISO 639-3 als is Tosk Albanian */
        if (n > sizeof m->codes[i] - 1)
            n = sizeof m->codes[i] - 1;
        memcpy(m->codes[i], s, n);
    }
}

herald_rc langid_model_load(struct langid_model **out, const unsigned char *data, size_t size)
{
    struct rd r = {data, size, 0};
    struct langid_model *m = xcalloc(1, sizeof *m);
    int32_t magic, version;
    herald_rc rc;
    *out = NULL;
    if (!rd_i32(&r, &magic) || !rd_i32(&r, &version) || magic != FTZ_MAGIC ||
        (version != 11 && version != 12)) {
        rc = herald_error_set(HERALD_EINVAL, "langid: not a fastText model (bad magic/version)");
        goto done;
    }
    if ((rc = read_args(m, &r, version)) != HERALD_OK || (rc = read_dict(m, &r)) != HERALD_OK ||
        (rc = read_matrices(m, &r)) != HERALD_OK)
        goto done;
    build_tree(m);
    set_codes(m);
    *out = m;
    m = NULL;
done:
    langid_model_free(m);
    return rc;
}

static void matrix_free(struct ftz_matrix *x)
{
    free(x->dense);
    free(x->codes);
    free(x->pq.centroids);
    free(x->norm_codes);
    free(x->npq.centroids);
}

void langid_model_free(struct langid_model *m)
{
    if (!m)
        return;
    free(m->strings);
    free(m->words);
    free(m->label_counts);
    free(m->word_table);
    free(m->prune_keys);
    free(m->prune_vals);
    matrix_free(&m->input);
    matrix_free(&m->output);
    free(m->tree_left);
    free(m->tree_right);
    free(m->codes);
    free(m);
}
