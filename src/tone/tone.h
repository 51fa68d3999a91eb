/* Tone toward the country: lexicon scoring of a whole text (VADER-like:
 * negation, intensifiers, contrast) and of the sentences around a target
 * mention, plus an optional trained linear model for target tone. The
 * lexicon format is documented in data/tone/README.md. */
#ifndef HERALD_TONE_H
#define HERALD_TONE_H

#include <stddef.h>

#include "util/error.h"

struct tone_lexicon; /* per-language word/phrase polarities, negators, intensifiers, contrast */

/* Loads every <lang>.tsv lexicon in dir, or the built-in ones when dir is
 * NULL. On success *out is set; the caller frees it with
 * tone_lexicon_free(). Returns HERALD_EIO when dir cannot be read and
 * HERALD_EPARSE (message names file and line) on a malformed line. */
herald_rc tone_lexicon_load(const char *dir, struct tone_lexicon **out);

/* Adds the lexicon text for language lang (len bytes at data, the
 * <lang>.tsv format) to lx. Returns HERALD_EPARSE with the line number on
 * a malformed line (lx keeps the lines before it) and HERALD_EINVAL on a
 * bad language code. Used by tone_lexicon_load() and the fuzz target. */
herald_rc tone_lexicon_add(struct tone_lexicon *lx, const char *lang, const char *data, size_t len);

/* Returns a new lexicon with no languages (for tone_lexicon_add()). Caller
 * frees with tone_lexicon_free(). */
struct tone_lexicon *tone_lexicon_new(void);

/* Frees lx; accepts NULL. */
void tone_lexicon_free(struct tone_lexicon *lx);

enum tone_label { TONE_NEGATIVE = -1, TONE_NEUTRAL = 0, TONE_POSITIVE = 1 };

struct tone_result {
    double score; /* -1..1 */
    enum tone_label label;
    unsigned sentences; /* sentences that contributed */
};

struct tone_span {
    size_t from, to;
}; /* byte offsets of a target mention (to exclusive) */

/* Overall tone of the text. lang is an ISO code ("en", "vi", ...; NULL or
 * "und": every lexicon is tried and the one matching most words is used).
 * Never fails on any bytes (invalid UTF-8 is read as U+FFFD); empty text is
 * neutral with score 0. Returns HERALD_OK. */
herald_rc tone_document(const struct tone_lexicon *lx, const char *text, size_t len,
                        const char *lang, struct tone_result *out);

struct tone_model; /* optional trained linear model for target tone */

/* One labelled training example: a text, its target mentions and the tone
 * toward the target. */
struct tone_example {
    const char *text;
    size_t len;
    const struct tone_span *spans;
    size_t n;
    enum tone_label label;
};

/* Trains a multinomial logistic regression (hashed features, fixed seed:
 * the same examples give the same model) on n examples, with the lexicon
 * features taken from lx and lang. On success *out is set; the caller frees
 * it with tone_model_free(). Returns HERALD_EINVAL when n is 0. */
herald_rc tone_model_train(const struct tone_lexicon *lx, const char *lang,
                           const struct tone_example *ex, size_t n, struct tone_model **out);

/* Writes m to path (binary, versioned, checksummed). Returns HERALD_EIO
 * with a message naming the path. */
herald_rc tone_model_save(const struct tone_model *m, const char *path);

/* Reads a model written by tone_model_save(). On success *out is set; the
 * caller frees it with tone_model_free(). Returns HERALD_EIO when path
 * cannot be read and HERALD_EPARSE on a wrong magic, version, size or
 * checksum. */
herald_rc tone_model_load(const char *path, struct tone_model **out);

/* Same as tone_model_load() from len bytes in memory. */
herald_rc tone_model_parse(const char *data, size_t len, struct tone_model **out);

/* Frees m; accepts NULL. */
void tone_model_free(struct tone_model *m);

/* Tone toward a target mentioned at spans (n > 0): from the sentences (or
 * clause windows) that contain a mention, with negation, intensifiers and
 * contrast ("but", "nhưng", "mais", ...) handled and words weighted by
 * their distance to the mention; uses model when non-NULL, else the
 * lexicon. n == 0: neutral. Spans outside the text are clamped. Never fails
 * on any bytes; returns HERALD_OK. */
herald_rc tone_target(const struct tone_lexicon *lx, const struct tone_model *model,
                      const char *text, size_t len, const char *lang, const struct tone_span *spans,
                      size_t n, struct tone_result *out);

/* Finds every occurrence of the mention (mlen bytes) in text as a run of
 * whole words, compared folded (case and diacritics ignored). Sets *out
 * (caller frees with free(); NULL when none) and *n. Never fails. */
void tone_find_mentions(struct tone_span **out, size_t *n, const char *text, size_t len,
                        const char *mention, size_t mlen);

/* Returns the byte offset of code point cp in the len bytes at text
 * (len when the text has fewer code points; an invalid byte counts as one
 * code point). For offsets given in code points (NewsMTSC, JSON). */
size_t tone_cp_to_byte(const char *text, size_t len, size_t cp);

/* Returns "negative", "neutral" or "positive" (static). */
const char *tone_label_name(enum tone_label l);

#endif
