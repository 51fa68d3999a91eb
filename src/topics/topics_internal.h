/* Internals shared by the topics files: the tokenizer both the keyword
 * rules and the classifier's features use, and the model's layout. */
#ifndef HERALD_TOPICS_INTERNAL_H
#define HERALD_TOPICS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "topics/topics.h"

/* A token of text: a word (letters, digits, marks) or one character of a
 * script written without spaces (CJK, Thai, Lao, Khmer, Myanmar). */
struct tok {
    uint32_t off, len; /* bytes in the text */
    bool single;       /* a character of an unspaced script */
};

/* A growable list of tokens. */
struct tok_list {
    struct tok *v;
    size_t n, cap;
};

/* Splits the n bytes of UTF-8 text (folded or not) into tokens, appended
 * to *out after emptying it. Invalid bytes separate tokens. */
void tok_split(struct tok_list *out, const char *s, size_t n);
/* Frees the list's memory; accepts an empty list. */
void tok_list_free(struct tok_list *l);

/* Returns a 64-bit hash of n bytes, started from seed. */
uint64_t topics_hash(const void *p, size_t n, uint64_t seed);

/* Feature-extraction flags stored in the model. */
#define FEAT_CHAR 1u  /* character 2..4-grams within words */
#define FEAT_LOOSE 2u /* diacritic-folded unigrams beside the exact ones */

/* One document's hashed features: distinct bucket ids (in order of first
 * appearance) and their values (raw counts from feat_extract()). */
struct feat_vec {
    uint32_t *id;
    float *val;
    size_t n, cap;
};

/* Scratch space for feature extraction with one hash size and flag set;
 * one per thread. */
struct feat_ctx;

/* Returns a new scratch for 2^bits buckets. Caller frees with
 * feat_ctx_free(). */
struct feat_ctx *feat_ctx_new(unsigned bits, unsigned flags);
/* Returns bits | flags << 8: the settings fc was made for. */
unsigned feat_ctx_key(const struct feat_ctx *fc);
/* Frees fc; accepts NULL. */
void feat_ctx_free(struct feat_ctx *fc);
/* Hashes title and text (either may be NULL; any bytes) into *out, which
 * is emptied first: distinct bucket ids below 2^bits with raw counts. */
void feat_extract(struct feat_vec *out, struct feat_ctx *fc, const char *title, const char *text);
/* Frees the vector's memory; accepts an empty vector. */
void feat_vec_free(struct feat_vec *v);

/* The trained classifier. Rows are the buckets seen in training. */
struct topics_model {
    unsigned bits, flags;
    size_t nlabels;
    char **labels;
    size_t nrows;
    int32_t *row_of;  /* 2^bits entries: bucket -> row, or -1 */
    uint32_t *row_id; /* row -> bucket */
    float *idf;       /* row -> idf */
    size_t stride;    /* nlabels rounded up to a multiple of 8 */
    float *w;         /* row-major nrows x stride, padding zero */
    float *bias;      /* nlabels */
};

/* Returns n rounded up to a multiple of 8: the weight rows' stride. */
static inline size_t model_stride(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* Returns zeroed weights for nrows x stride floats, 64-byte aligned so a
 * row of 16 is one cache line. Caller frees with free(); OOM aborts. */
float *model_alloc_weights(size_t nrows, size_t stride);

/* Allocates the model's row index for 2^bits buckets, all -1. */
void model_alloc_index(struct topics_model *m);

#endif
