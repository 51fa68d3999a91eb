/* Target tone: the lexicon score around the mentions, or a multinomial
 * logistic regression over hashed features of the mention's sentences
 * (words and bigrams by side and distance, negation, lexicon scores),
 * trained deterministically, saved as a versioned, checksummed file. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tone/tone_internal.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MODEL_MAGIC "HRLDTONE"
#define MODEL_VERSION 1u
#define MODEL_BITS 18u
#define NCLASS 3
#define NDENSE 16     /* feature indices below this are dense lexicon features */
#define MAX_FEAT 4096 /* features per example */
#define EPOCHS 12
#define LEARN_RATE 0.15
#define L2 1e-6

struct tone_model {
    unsigned bits;
    float *w; /* (1 << bits) * NCLASS */
};

struct feats {
    unsigned idx[MAX_FEAT];
    float val[MAX_FEAT];
    size_t n;
    unsigned bits;
};

static uint32_t hash_str(uint32_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return (h ^ 0xFF) * 16777619u;
}

static void add(struct feats *f, unsigned idx, float v)
{
    if (f->n < MAX_FEAT) {
        f->idx[f->n] = idx;
        f->val[f->n++] = v;
    }
}

/* Adds the hashed feature made of the parts (NULL-terminated). */
static void add_hashed(struct feats *f, float v, const char *a, const char *b, const char *c)
{
    uint32_t h = hash_str(2166136261u, a);
    h = hash_str(h, b);
    if (c)
        h = hash_str(h, c);
    unsigned range = (1u << f->bits) - NDENSE;
    add(f, NDENSE + h % range, v);
}

static const char *bucket(long d)
{
    long a = d < 0 ? -d : d;
    const char *l[] = {"L1", "L2", "L3", "L5", "L9"}, *r[] = {"R1", "R2", "R3", "R5", "R9"};
    int b = a <= 1 ? 0 : a == 2 ? 1 : a <= 4 ? 2 : a <= 8 ? 3 : 4;
    return d < 0 ? l[b] : r[b];
}

/* dist[i]: signed token distance from i to the nearest mention in its
 * sentence (1 << 30 when none). */
static void mention_dists(long *dist, const struct tone_analysis *a, const bool *mention)
{
    const long none = 1L << 30;
    long last = -1;
    for (size_t i = 0; i < a->t.n; i++) {
        if (i && a->sent[i] != a->sent[i - 1])
            last = -1;
        if (mention[i])
            last = (long)i;
        dist[i] = last < 0 ? none : (long)i - last;
    }
    long next = -1;
    for (size_t i = a->t.n; i-- > 0;) {
        if (i + 1 < a->t.n && a->sent[i] != a->sent[i + 1])
            next = -1;
        if (mention[i])
            next = (long)i;
        if (next >= 0 && next - (long)i < labs(dist[i]))
            dist[i] = (long)i - next;
    }
}

static void word_features(struct feats *f, const struct tone_analysis *a, const bool *mention,
                          const bool *use)
{
    const char *prev = NULL;
    long *dist = xmalloc((a->t.n + 1) * sizeof(long));
    mention_dists(dist, a, mention);
    for (size_t i = 0; i < a->t.n; i++) {
        if (!use[a->sent[i]])
            continue;
        const char *w = a->t.str + a->t.v[i].loose;
        if (mention[i]) {
            add_hashed(f, 1, "m", w, NULL);
            prev = NULL;
            continue;
        }
        long d = dist[i];
        const char *neg = a->negated[i] ? "!" : "";
        add_hashed(f, 1, "w", neg, w);
        add_hashed(f, 1, bucket(d), neg, w);
        if (prev)
            add_hashed(f, 1, "b", prev, w);
        prev = a->t.v[i].clause_end ? NULL : w;
        if (a->val[i] != 0) {
            float v = (float)(a->val[i] / 4.0);
            add_hashed(f, v, "p", bucket(d), a->seg[i] ? "after" : "before");
        }
    }
    free(dist);
}

/* Dense lexicon features at fixed indices 0 .. NDENSE-1. */
static void dense_features(struct feats *f, const struct tone_analysis *a, const bool *mention,
                           const bool *use)
{
    unsigned s1, s2;
    double target = tone_target_score(a, mention, &s1);
    double sent = tone_sentence_mean(a, use, &s2);
    double pos = 0, neg = 0;
    unsigned npos = 0, nneg = 0, negs = 0;
    for (size_t i = 0; i < a->t.n; i++) {
        if (!use[a->sent[i]])
            continue;
        pos += a->val[i] > 0 ? a->val[i] : 0;
        neg += a->val[i] < 0 ? -a->val[i] : 0;
        npos += a->val[i] > 0;
        nneg += a->val[i] < 0;
        negs += a->kind[i] == TK_NEG;
    }
    add(f, 0, 1.0f); /* bias */
    add(f, 1, (float)target);
    add(f, 2, (float)sent);
    add(f, 3, (float)log1p(pos));
    add(f, 4, (float)log1p(neg));
    add(f, 5, (float)log1p(npos));
    add(f, 6, (float)log1p(nneg));
    add(f, 7, negs ? 1.0f : 0.0f);
    add(f, 8, target >= TONE_TARGET_THRESHOLD ? 1.0f : 0.0f);
    add(f, 9, target <= -TONE_TARGET_THRESHOLD ? 1.0f : 0.0f);
}

/* Features of the target at spans in text into f; returns false when no
 * token overlaps a span. */
static bool extract(struct feats *f, const struct tone_lexicon *lx, const char *text, size_t len,
                    const char *lang, const struct tone_span *spans, size_t n)
{
    struct tone_analysis a;
    tone_analyse(&a, lx, text, len, lang);
    bool *mention = xcalloc(a.t.n + 1, sizeof(bool));
    bool *use = xcalloc(a.nsent + 1, sizeof(bool));
    bool found = tone_mention_tokens(mention, &a, spans, n) > 0;
    for (size_t i = 0; i < a.t.n; i++)
        if (mention[i])
            use[a.sent[i]] = true;
    f->n = 0;
    if (found) {
        dense_features(f, &a, mention, use);
        word_features(f, &a, mention, use);
    }
    free(use);
    free(mention);
    tone_analysis_free(&a);
    return found;
}

static void predict(double *p, const struct tone_model *m, const struct feats *f)
{
    double mx = -1e300;
    for (int c = 0; c < NCLASS; c++) {
        p[c] = 0;
        for (size_t k = 0; k < f->n; k++)
            p[c] += m->w[(size_t)f->idx[k] * NCLASS + c] * f->val[k];
        mx = p[c] > mx ? p[c] : mx;
    }
    double z = 0;
    for (int c = 0; c < NCLASS; c++)
        z += p[c] = exp(p[c] - mx);
    for (int c = 0; c < NCLASS; c++)
        p[c] /= z;
}

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* One AdaGrad step on example f with class y (0 neg, 1 neutral, 2 pos). */
static void sgd_step(struct tone_model *m, float *g2, const struct feats *f, int y)
{
    double p[NCLASS];
    predict(p, m, f);
    for (size_t k = 0; k < f->n; k++)
        for (int c = 0; c < NCLASS; c++) {
            size_t at = (size_t)f->idx[k] * NCLASS + c;
            double g = (p[c] - (c == y)) * f->val[k] + L2 * m->w[at];
            g2[at] += (float)(g * g);
            m->w[at] -= (float)(LEARN_RATE * g / sqrt(g2[at] + 1e-8));
        }
}

/* The training examples' features, packed: example i has the features
 * [off[i], off[i+1]) of idx/val. */
struct packed {
    unsigned *idx;
    float *val;
    size_t *off;
    size_t n, cap;
};

static void pack(struct packed *p, size_t i, const struct feats *f)
{
    if (p->n + f->n > p->cap) {
        p->cap = (p->n + f->n) * 2;
        p->idx = xrealloc(p->idx, p->cap * sizeof(unsigned));
        p->val = xrealloc(p->val, p->cap * sizeof(float));
    }
    memcpy(p->idx + p->n, f->idx, f->n * sizeof(unsigned));
    memcpy(p->val + p->n, f->val, f->n * sizeof(float));
    p->n += f->n;
    p->off[i + 1] = p->n;
}

static void shuffle(size_t *order, size_t n, uint64_t *seed)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(xorshift(seed) % i), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

herald_rc tone_model_train(const struct tone_lexicon *lx, const char *lang,
                           const struct tone_example *ex, size_t n, struct tone_model **out)
{
    *out = NULL;
    if (!n)
        return herald_error_set(HERALD_EINVAL, "tone model: no training examples");
    struct tone_model *m = xcalloc(1, sizeof(*m));
    m->bits = MODEL_BITS;
    size_t dim = ((size_t)1 << m->bits) * NCLASS;
    m->w = xcalloc(dim, sizeof(float));
    float *g2 = xcalloc(dim, sizeof(float));
    struct feats *f = xcalloc(1, sizeof(*f));
    struct packed p = {.off = xcalloc(n + 1, sizeof(size_t))};
    size_t *order = xmalloc(n * sizeof(size_t));
    f->bits = m->bits;
    for (size_t i = 0; i < n; i++) {
        if (!extract(f, lx, ex[i].text, ex[i].len, lang, ex[i].spans, ex[i].n))
            f->n = 0;
        pack(&p, i, f);
        order[i] = i;
    }
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (int e = 0; e < EPOCHS; e++) {
        shuffle(order, n, &seed);
        for (size_t i = 0; i < n; i++) {
            size_t k = order[i];
            f->n = p.off[k + 1] - p.off[k];
            memcpy(f->idx, p.idx + p.off[k], f->n * sizeof(unsigned));
            memcpy(f->val, p.val + p.off[k], f->n * sizeof(float));
            if (f->n)
                sgd_step(m, g2, f, (int)ex[k].label + 1);
        }
    }
    free(order);
    free(p.idx);
    free(p.val);
    free(p.off);
    free(f);
    free(g2);
    *out = m;
    return HERALD_OK;
}

void tone_model_free(struct tone_model *m)
{
    if (!m)
        return;
    free(m->w);
    free(m);
}

static uint64_t fnv64(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

#define HEADER 20 /* magic 8, version 4, bits 4, classes 4 */

herald_rc tone_model_save(const struct tone_model *m, const char *path)
{
    herald_rc rc = HERALD_OK;
    size_t dim = ((size_t)1 << m->bits) * NCLASS, size = HEADER + dim * 4 + 8;
    unsigned char *b = xmalloc(size);
    memcpy(b, MODEL_MAGIC, 8);
    put_u32(b + 8, MODEL_VERSION);
    put_u32(b + 12, m->bits);
    put_u32(b + 16, NCLASS);
    for (size_t i = 0; i < dim; i++) {
        uint32_t u;
        memcpy(&u, &m->w[i], 4);
        put_u32(b + HEADER + i * 4, u);
    }
    uint64_t h = fnv64(b, size - 8);
    put_u32(b + size - 8, (uint32_t)h);
    put_u32(b + size - 4, (uint32_t)(h >> 32));
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b, 1, size, f) != size)
        rc = herald_error_set(HERALD_EIO, "tone model: cannot write %s", path);
    if (f && fclose(f) != 0 && rc == HERALD_OK)
        rc = herald_error_set(HERALD_EIO, "tone model: cannot write %s", path);
    free(b);
    return rc;
}

herald_rc tone_model_parse(const char *data, size_t len, struct tone_model **out)
{
    const unsigned char *b = (const unsigned char *)data;
    *out = NULL;
    if (len < HEADER + 8 || memcmp(b, MODEL_MAGIC, 8))
        return herald_error_set(HERALD_EPARSE, "tone model: not a herald tone model");
    if (get_u32(b + 8) != MODEL_VERSION)
        return herald_error_set(HERALD_EPARSE, "tone model: version %u, expected %u",
                                get_u32(b + 8), MODEL_VERSION);
    unsigned bits = get_u32(b + 12);
    if (bits < 8 || bits > 24 || get_u32(b + 16) != NCLASS ||
        len != HEADER + ((size_t)1 << bits) * NCLASS * 4 + 8)
        return herald_error_set(HERALD_EPARSE, "tone model: bad size or dimensions");
    uint64_t h = fnv64(b, len - 8);
    if (get_u32(b + len - 8) != (uint32_t)h || get_u32(b + len - 4) != (uint32_t)(h >> 32))
        return herald_error_set(HERALD_EPARSE, "tone model: checksum mismatch (corrupt file)");
    struct tone_model *m = xcalloc(1, sizeof(*m));
    size_t dim = ((size_t)1 << bits) * NCLASS;
    m->bits = bits;
    m->w = xmalloc(dim * sizeof(float));
    for (size_t i = 0; i < dim; i++) {
        uint32_t u = get_u32(b + HEADER + i * 4);
        memcpy(&m->w[i], &u, 4);
        if (!isfinite(m->w[i]))
            m->w[i] = 0;
    }
    *out = m;
    return HERALD_OK;
}

herald_rc tone_model_load(const char *path, struct tone_model **out)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    herald_rc rc = str_read_file(&data, &len, path, 256u << 20);
    if (rc == HERALD_OK && (rc = tone_model_parse(data, len, out)) != HERALD_OK) {
        char *msg = xstrdup(herald_error_last());
        herald_error_set(rc, "%s: %s", path, msg);
        free(msg);
    }
    free(data);
    return rc;
}

static void clamp_spans(struct tone_span *c, const struct tone_span *spans, size_t n, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        c[i].from = spans[i].from < len ? spans[i].from : len;
        c[i].to = spans[i].to < len ? spans[i].to : len;
        if (c[i].to < c[i].from)
            c[i].to = c[i].from;
    }
}

static void target_lexicon(struct tone_result *out, const struct tone_lexicon *lx, const char *text,
                           size_t len, const char *lang, const struct tone_span *spans, size_t n)
{
    struct tone_analysis a;
    tone_analyse(&a, lx, text, len, lang);
    bool *mention = xcalloc(a.t.n + 1, sizeof(bool));
    if (tone_mention_tokens(mention, &a, spans, n))
        out->score = tone_target_score(&a, mention, &out->sentences);
    out->label = tone_label_for(out->score, TONE_TARGET_THRESHOLD);
    free(mention);
    tone_analysis_free(&a);
}

static void target_model(struct tone_result *out, const struct tone_lexicon *lx,
                         const struct tone_model *model, const char *text, size_t len,
                         const char *lang, const struct tone_span *spans, size_t n)
{
    struct feats *f = xcalloc(1, sizeof(*f));
    f->bits = model->bits;
    if (extract(f, lx, text, len, lang, spans, n)) {
        double p[NCLASS];
        predict(p, model, f);
        int best = p[0] > p[1] ? (p[0] > p[2] ? 0 : 2) : (p[1] > p[2] ? 1 : 2);
        out->score = p[2] - p[0];
        out->label = (enum tone_label)(best - 1);
        out->sentences = 1;
    }
    free(f);
}

herald_rc tone_target(const struct tone_lexicon *lx, const struct tone_model *model,
                      const char *text, size_t len, const char *lang, const struct tone_span *spans,
                      size_t n, struct tone_result *out)
{
    memset(out, 0, sizeof(*out));
    out->label = TONE_NEUTRAL;
    if (!n || !text || !len)
        return HERALD_OK;
    struct tone_span *c = xmalloc(n * sizeof(*c));
    clamp_spans(c, spans, n, len);
    if (model)
        target_model(out, lx, model, text, len, lang, c, n);
    else
        target_lexicon(out, lx, text, len, lang, c, n);
    free(c);
    return HERALD_OK;
}
