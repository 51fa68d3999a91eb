/* Internals of the langid module shared by the .ftz reader (ftz.c), the
 * fastText prediction (ftz_predict.c) and the public entry points
 * (langid.c). Not for use outside src/langid/. */
#ifndef HERALD_LANGID_INTERNAL_H
#define HERALD_LANGID_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "langid/langid.h"

#define FTZ_MAGIC 793712314
#define FTZ_KSUB 256        /* centroids per sub-quantizer (8-bit codes) */
#define FTZ_MAX_DIM 512     /* larger models are refused (hidden vector on the stack) */
#define FTZ_MAX_LABELS 4096 /* labels kept by a model we accept */

enum ftz_loss { FTZ_LOSS_HS = 1, FTZ_LOSS_NS = 2, FTZ_LOSS_SOFTMAX = 3, FTZ_LOSS_OVA = 4 };

/* A product quantizer: nsubq sub-vectors of dsub floats (the last lastdsub). */
struct ftz_pq {
    int32_t dim, nsubq, dsub, lastdsub;
    float *centroids; /* dim * FTZ_KSUB floats */
};

/* A matrix of m rows of n floats, dense or product-quantized. */
struct ftz_matrix {
    int64_t m, n;
    int quant;
    float *dense;        /* m * n, when !quant */
    int qnorm;           /* quantized norms present */
    uint8_t *codes;      /* m * pq.nsubq */
    struct ftz_pq pq;    /* the row quantizer */
    uint8_t *norm_codes; /* m, when qnorm */
    struct ftz_pq npq;   /* the norm quantizer (dim 1), when qnorm */
};

struct ftz_word {
    const char *text; /* NUL-terminated, in langid_model.strings */
    uint32_t len;
    uint32_t hash; /* fastText's FNV-1a of text */
};

struct langid_model {
    int32_t dim, word_ngrams, loss, bucket, minn, maxn;
    int32_t size, nwords, nlabels;
    char *strings;          /* all entries' bytes, NUL-separated */
    struct ftz_word *words; /* size entries: words then labels */
    int64_t *label_counts;  /* nlabels */
    int32_t *word_table;    /* open addressing: entry index or -1 */
    uint32_t word_mask;     /* table size - 1 */
    int64_t prune_size;     /* -1 when not pruned */
    int32_t *prune_keys;    /* open addressing: bucket id or -1 */
    int32_t *prune_vals;    /* row offset after nwords */
    uint32_t prune_mask;
    struct ftz_matrix input, output;
    int32_t *tree_left, *tree_right; /* hierarchical softmax: 2 * nlabels - 1 nodes */
    char (*codes)[8];                /* nlabels codes, "__label__" stripped */
};

/* fastText's 32-bit FNV-1a over n bytes, each byte sign-extended first. */
static inline uint32_t ftz_hash_step(uint32_t h, unsigned char c)
{
    return (h ^ (uint32_t)(int32_t)(int8_t)c) * 16777619u;
}
#define FTZ_HASH_INIT 2166136261u

/* Returns the index of the entry whose text is the n bytes at s with hash h,
 * or -1. */
int32_t ftz_lookup(const struct langid_model *m, const char *s, size_t n, uint32_t h);

/* Returns the input row for pruned bucket id b, or -1 when b was pruned away. */
int64_t ftz_bucket_row(const struct langid_model *m, int32_t b);

/* Decodes one UTF-8 sequence at s (n >= 1 bytes left). Returns its length
 * (1 for an invalid byte, with *cp = U+FFFD). */
size_t langid_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

/* Whether code point c can be part of a word: ASCII letters and everything
 * beyond ASCII except punctuation, symbols, digits, marks and emoji blocks. */
bool langid_is_letter(uint32_t c);

/* Returns the share (0..1) of the words of the len bytes at text that are
 * Vietnamese syllables without diacritics, *words their count; 0 when the
 * text has any non-ASCII letter (text with diacritics is the model's). */
float langid_vi_syllable_share(const char *text, size_t len, size_t *words);

/* When at least half of the len bytes at text's letters (a CJK character
 * weighing three) are Han, kana, Hangul or Thai, returns the languages that
 * script allows (a NULL-terminated static list, best guess first) and sets
 * *share to that script's share; else returns NULL (*share 0). */
const char *const *langid_script_languages(const char *text, size_t len, float *share);

#endif
