/* The JSON form of stored articles, one builder for the CLI (show, export)
 * and the API: strings always valid UTF-8, ISO dates, the analysis with its
 * class and label names. */
#ifndef HERALD_STORE_JSON_H
#define HERALD_STORE_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store_article.h"

/* Returns a JSON string of s (invalid UTF-8 replaced by U+FFFD), or null
 * for NULL. Caller releases it. */
json_t *store_json_str(const char *s);

/* Returns a JSON string "YYYY-MM-DDTHH:MM:SSZ" for t, or null for 0.
 * Caller releases it. */
json_t *store_json_date(int64_t t);

/* Returns topics "a,b" as a JSON array of strings (empty for NULL or "").
 * Caller releases it. */
json_t *store_json_topics(const char *topics);

/* Returns an's analysis as an object, or null when it was not analysed.
 * Caller releases it. */
json_t *store_json_analysis(const struct article_analysis *an);

/* Returns a new object with every field of a (dates ISO 8601, the
 * fingerprint as 16 hex digits, "analysis"); with_text adds "text".
 * Caller releases it with json_decref(). */
json_t *store_json_article(const struct article_row *a, bool with_text);

#endif
