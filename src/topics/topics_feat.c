/* Tokens and hashed features for topics: folded text split into words and
 * single characters of unspaced scripts; features are word unigrams and
 * bigrams, optional diacritic-folded unigrams and character 2..4-grams
 * within words, hashed into 2^bits buckets and counted. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/fold.h"
#include "topics/topics_internal.h"
#include "util/xalloc.h"

#define SEED_WORD 0x1f3a5c7e9b2d4f61ull
#define SEED_LOOSE 0x6a09e667f3bcc908ull
#define SEED_CHAR 0xbb67ae8584caa73bull
#define SEED_PAIR 0x3c6ef372fe94f82bull

struct feat_ctx {
    unsigned bits, flags;
    uint16_t *count; /* 2^bits counters, zero between documents */
    struct tok_list toks;
    struct fold_ctx *fold;
};

uint64_t topics_hash(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *u = p;
    uint64_t h = 0xcbf29ce484222325ull ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 0x100000001b3ull;
    return h;
}

/* Returns true for codepoints of scripts written without spaces between
 * words: each one becomes its own token. */
static bool unspaced(int cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
           (cp >= 0x1780 && cp <= 0x17FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

static bool is_mark(int cp)
{
    if (cp < 0x300)
        return false;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static bool is_wordch(int cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

static void tok_push(struct tok_list *l, size_t off, size_t len, bool single)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (struct tok){(uint32_t)off, (uint32_t)len, single};
}

void tok_split(struct tok_list *out, const char *s, size_t n)
{
    out->n = 0;
    size_t start = 0;
    bool in_word = false, in_single = false;
    for (size_t i = 0; i < n;) {
        int cp = 0, k = fold_utf8_next(s + i, n - i, &cp);
        if (k == 0) {
            cp = -1;
            k = 1;
        }
        bool mark = cp > 0 && is_mark(cp);
        if ((in_word || in_single) && mark) {
            out->v[out->n - 1].len += (uint32_t)k; /* marks join the token */
        } else if (cp > 0 && unspaced(cp)) {
            tok_push(out, i, (size_t)k, true);
            in_single = true, in_word = false;
        } else if (cp > 0 && is_wordch(cp)) {
            if (!in_word)
                tok_push(out, i, 0, false), start = i;
            out->v[out->n - 1].len = (uint32_t)(i + (size_t)k - start);
            in_word = true, in_single = false;
        } else {
            in_word = in_single = false;
        }
        i += (size_t)k;
    }
}

void tok_list_free(struct tok_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

struct feat_ctx *feat_ctx_new(unsigned bits, unsigned flags)
{
    struct feat_ctx *fc = xcalloc(1, sizeof *fc);
    fc->bits = bits;
    fc->flags = flags;
    fc->count = xcalloc((size_t)1 << bits, sizeof *fc->count);
    fc->fold = fold_ctx_new();
    return fc;
}

unsigned feat_ctx_key(const struct feat_ctx *fc)
{
    return fc->bits | (fc->flags << 8);
}

void feat_ctx_free(struct feat_ctx *fc)
{
    if (!fc)
        return;
    free(fc->count);
    tok_list_free(&fc->toks);
    fold_ctx_free(fc->fold);
    free(fc);
}

void feat_vec_free(struct feat_vec *v)
{
    free(v->id);
    free(v->val);
    v->id = NULL;
    v->val = NULL;
    v->n = v->cap = 0;
}

static void add(struct feat_vec *out, struct feat_ctx *fc, uint64_t h)
{
    uint32_t b = (uint32_t)((h * 0x9E3779B97F4A7C15ull) >> (64 - fc->bits));
    if (fc->count[b] == UINT16_MAX)
        return;
    if (fc->count[b]++ == 0) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 1024;
            out->id = xrealloc(out->id, out->cap * sizeof *out->id);
            out->val = xrealloc(out->val, out->cap * sizeof *out->val);
        }
        out->id[out->n++] = b;
    }
}

/* Character 2..4-grams of " word " (codepoints, not bytes). */
static void add_char_ngrams(struct feat_vec *out, struct feat_ctx *fc, const char *w, size_t len)
{
    char pad[260];
    uint16_t at[260];
    size_t np = 0, nc = 0;
    if (len > 250)
        return;
    at[nc++] = 0;
    pad[np++] = ' ';
    for (size_t i = 0; i < len;) {
        int cp = 0, k = fold_utf8_next(w + i, len - i, &cp);
        k = k ? k : 1;
        at[nc++] = (uint16_t)np;
        memcpy(pad + np, w + i, (size_t)k);
        np += (size_t)k, i += (size_t)k;
    }
    at[nc++] = (uint16_t)np;
    pad[np++] = ' ';
    at[nc] = (uint16_t)np; /* at[j]: start of codepoint j of " word " */
    for (size_t n = 2; n <= 4; n++)
        for (size_t j = 0; j + n <= nc; j++)
            add(out, fc, topics_hash(pad + at[j], (size_t)(at[j + n] - at[j]), SEED_CHAR));
}

/* Adds the features of the tokens of s (raw UTF-8, n bytes): each token is
 * folded on its own (fold_ctx_both has fast paths for plain words). *prev
 * is the previous token's hash (0 at the start) for the bigrams. */
static void add_tokens(struct feat_vec *out, struct feat_ctx *fc, const char *s, size_t n,
                       uint64_t *prev)
{
    tok_split(&fc->toks, s, n);
    for (size_t i = 0; i < fc->toks.n; i++) {
        const struct tok *t = &fc->toks.v[i];
        struct fold_pair fp;
        fold_ctx_both(&fp, fc->fold, s + t->off, t->len);
        uint64_t h = topics_hash(fp.exact, fp.exact_len, SEED_WORD);
        add(out, fc, h);
        if (*prev)
            add(out, fc, (*prev ^ (h >> 1)) * 0x2545F4914F6CDD1Dull + SEED_PAIR);
        *prev = h;
        if (t->single)
            continue;
        if (fc->flags & FEAT_LOOSE)
            add(out, fc, topics_hash(fp.loose, fp.loose_len, SEED_LOOSE));
        if (fc->flags & FEAT_CHAR)
            add_char_ngrams(out, fc, fp.exact, fp.exact_len);
    }
}

void feat_extract(struct feat_vec *out, struct feat_ctx *fc, const char *title, const char *text)
{
    uint64_t prev = 0;
    out->n = 0;
    if (title)
        add_tokens(out, fc, title, strlen(title), &prev);
    if (text)
        add_tokens(out, fc, text, strlen(text), &prev);
    for (size_t i = 0; i < out->n; i++) {
        out->val[i] = fc->count[out->id[i]];
        fc->count[out->id[i]] = 0;
    }
}
