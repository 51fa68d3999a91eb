/* Language identification: herald's own reader of fastText .ftz models and
 * prediction with the official lid.176 model built into the binary (176
 * languages). Codes are lid.176's labels without "__label__": ISO 639-1
 * where one exists, else 639-3 (nah, eml: 639-2/5 and retired 639-3 as in
 * lid.176), except "als" (Wikipedia's Alemannic) given as 639-3 "gsw".
 * Long texts are judged on their first 4 KB (cut at a word boundary);
 * Vietnamese written without diacritics is recognised by a syllable check
 * (langid_vi.c) that lid.176 lacks. "und" when unsure. */
#ifndef HERALD_LANGID_H
#define HERALD_LANGID_H

#include <stddef.h>

#include "util/error.h"

struct langid_result {
    char code[8];     /* ISO 639-1 where one exists, else 639-3; "und" when unsure */
    float confidence; /* 0..1, probability of the top language */
};

/* Default minimum confidence below which the answer is "und". */
#define LANGID_MIN_CONFIDENCE_DEFAULT 0.40f

/* Detects the language of the len bytes at text (UTF-8; invalid bytes are tolerated).
 * Thread-safe; the embedded model is loaded once on first use. Returns 0 and fills out
 * ("und" with confidence 0 for empty text or text without letters; "und" with the top
 * probability when it is below min_confidence); HERALD_EINVAL never for text, only for a
 * corrupt model. */
herald_rc langid_detect(const char *text, size_t len, float min_confidence,
                        struct langid_result *out);

/* Up to k best languages, best first; *n gets the count. Same rules, except
 * that no threshold applies: text without letters gives one "und" with 0. */
herald_rc langid_detect_top(const char *text, size_t len, struct langid_result *out, size_t k,
                            size_t *n);

/* A loaded fastText model (supervised, .ftz or .bin). */
struct langid_model;

/* Parses the size bytes at data as a fastText model. Returns 0 and sets *out
 * (caller frees with langid_model_free(); data is copied from, not kept), or
 * HERALD_EINVAL / HERALD_EPARSE with a message for a truncated or corrupt model. */
herald_rc langid_model_load(struct langid_model **out, const unsigned char *data, size_t size);

/* Frees a model from langid_model_load(); NULL is fine. */
void langid_model_free(struct langid_model *m);

/* The embedded lid.176 model, loaded once (thread-safe). Returns 0 and sets *out
 * (borrowed, lives as long as the program) or HERALD_EINVAL if the blob is corrupt. */
herald_rc langid_model_default(const struct langid_model **out);

/* Like langid_detect_top() but with model m and raw probabilities: fills up to k
 * results with the model's codes (no "und" threshold; empty text gives *n = 0). */
herald_rc langid_model_predict(const struct langid_model *m, const char *text, size_t len,
                               struct langid_result *out, size_t k, size_t *n);

#endif
