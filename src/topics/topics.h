/* Topics of an article: the office's taxonomy with multilingual keyword
 * rules (data/topics/, built into the binary), and a trainable linear
 * classifier (hashed word uni- and bigrams, optionally character n-grams,
 * TF-IDF, one-vs-rest linear SVMs by dual coordinate descent) over
 * arbitrary string labels. */
#ifndef HERALD_TOPICS_H
#define HERALD_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define TOPICS_MAX 32 /* taxonomy labels at most */

/* ---- the taxonomy and its keyword rules ---- */

struct topics_rules; /* the taxonomy and its multilingual keyword rules */

/* Loads rules from a file, or the built-in default taxonomy when path is
 * NULL. HERALD_EINVAL with "line N: why" for a bad file, HERALD_EIO when it
 * cannot be read. Caller frees with topics_rules_free(). */
herald_rc topics_rules_load(const char *path, struct topics_rules **out);
/* Parses rules from len bytes of text (format: data/topics/README.md).
 * HERALD_EINVAL with "line N: why" for bad input. Caller frees with
 * topics_rules_free(). */
herald_rc topics_rules_parse(const char *data, size_t len, struct topics_rules **out);
/* Frees r; accepts NULL. */
void topics_rules_free(struct topics_rules *r);
/* Returns the number of taxonomy labels (at most TOPICS_MAX). */
size_t topics_count(const struct topics_rules *r);
/* Returns label i's slug, e.g. "economy"; borrowed from r. */
const char *topics_slug(const struct topics_rules *r, size_t i);
/* Returns label i's name in lang ("vi" or "en"; anything else gives "en"),
 * falling back to the slug; borrowed from r. */
const char *topics_name(const struct topics_rules *r, size_t i, const char *lang);
/* Returns the index of the label with this slug, or -1. */
int topics_find(const struct topics_rules *r, const char *slug);

/* ---- the trainable classifier ---- */

struct topics_model; /* trainable classifier over arbitrary string labels */

/* One labelled training document; title may be NULL. */
struct topics_doc {
    const char *title;
    const char *text;
    const char *label;
};

/* Training settings; topics_train_opts_default() fills the defaults, chosen
 * by 5-fold cross-validation on BBC News and VNTC (bench/RESULTS.md). */
struct topics_train_opts {
    double c;           /* SVM cost (1.0) */
    int max_iter;       /* passes of coordinate descent at most (50) */
    double eps;         /* stopping tolerance on the projected gradient (0.1) */
    uint64_t seed;      /* shuffling seed (57); same seed, same model */
    unsigned hash_bits; /* feature space 2^hash_bits (18), 16..24 */
    int char_ngrams;    /* 1: character 2..4-grams within words too (0) */
    int threads;        /* threads hashing documents (1) */
    int min_df;         /* features in fewer training documents are dropped;
                           0: 3 from 1,000 documents on, else 1 (0) */
};

/* Fills *out with the default training settings. */
void topics_train_opts_default(struct topics_train_opts *out);

/* Trains a model on n documents (each has a non-NULL text and label; any
 * bytes in the text; a label is UTF-8 of at most 65535 bytes). opts NULL
 * means the defaults. HERALD_EINVAL when n == 0, for a bad label, when
 * there are fewer than 2 distinct labels or more than 65535, or when opts
 * are out of range. Deterministic for the same input and seed. Caller
 * frees with topics_model_free(). */
herald_rc topics_model_train(const struct topics_doc *docs, size_t n,
                             const struct topics_train_opts *opts, struct topics_model **out);

/* Serialises m (versioned binary format with a magic and a checksum) into
 * a new buffer *out of *out_len bytes. Never fails. Caller frees *out with
 * free(). */
void topics_model_serialize(char **out, size_t *out_len, const struct topics_model *m);
/* Parses a serialised model. HERALD_EPARSE with a one-line reason for a bad
 * magic, unknown version, truncated or corrupt data. Caller frees with
 * topics_model_free(). */
herald_rc topics_model_parse(const void *data, size_t len, struct topics_model **out);
/* Writes m to path (atomically: a temporary file renamed). HERALD_EIO. */
herald_rc topics_model_save(const struct topics_model *m, const char *path);
/* Reads a model from path. HERALD_EIO when unreadable, else as
 * topics_model_parse(). Caller frees with topics_model_free(). */
herald_rc topics_model_load(const char *path, struct topics_model **out);

/* Returns the index of the best label for a document (title may be NULL;
 * any bytes, never fails). scores (may be NULL) gets one SVM margin per
 * label, topics_model_label_count(m) of them. */
size_t topics_model_predict(const struct topics_model *m, const char *title, const char *text,
                            float *scores);

/* Returns the number of labels the model knows. */
size_t topics_model_label_count(const struct topics_model *m);
/* Returns label i (in order of first appearance in training); borrowed. */
const char *topics_model_label(const struct topics_model *m, size_t i);
/* Frees m; accepts NULL. */
void topics_model_free(struct topics_model *m);

/* ---- combined ---- */

/* Multi-label topics of one article: a bit per taxonomy label (bit i =
 * topics_slug(r, i)). Combines the keyword rules with the model when model
 * is non-NULL (model labels that are taxonomy slugs count; others are
 * ignored): the model's best label is added when its margin is positive.
 * scores (may be NULL) gets one score per taxonomy label: the rule score,
 * plus the model margin where positive. Never fails on any bytes (returns
 * HERALD_OK). */
herald_rc topics_classify(const struct topics_rules *r, const struct topics_model *model,
                          const char *title, const char *text, uint32_t *out_mask,
                          float scores[TOPICS_MAX]);

#endif
