/* JSON building blocks shared by the API handlers: strings from the
 * database that are always valid UTF-8 in the output, ISO dates, the
 * names of relevance classes and tone labels, and the SQL filter clause
 * that the list and statistics queries bind the same way. */
#ifndef HERALD_HTTP_API_JSON_H
#define HERALD_HTTP_API_JSON_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#include "store/store_article.h"
#include "store/store_search.h"

/* The filters of struct search_query as SQL over "articles a", bound by
 * api_bind_filters(): ?2 lang, ?3 country, ?4 source, ?5 since, ?6 until,
 * ?11 relevance mask, ?12 tone mask, ?13 topic. */
#define API_SQL_FILTERS                                                                            \
    " AND (?2 IS NULL OR a.lang = ?2) AND (?3 IS NULL OR a.country = upper(?3))"                   \
    " AND (?4 = 0 OR a.source_id = ?4) AND (?5 = 0 OR a.published >= ?5)"                          \
    " AND (?6 = 0 OR a.published < ?6)"                                                            \
    " AND (?11 = 0 OR ((1 << a.relevance_class) & ?11) != 0)"                                      \
    " AND (?12 = 0 OR ((1 << (a.tone_label + 1)) & ?12) != 0)"                                     \
    " AND (?13 IS NULL OR ',' || a.topics || ',' LIKE '%,' || ?13 || ',%')"

/* Binds q's filters to the parameters of API_SQL_FILTERS and the FTS
 * expression for q->q (or NULL) to ?1. Returns HERALD_EINVAL for an
 * unusable query. */
herald_rc api_bind_filters(sqlite3_stmt *st, const struct search_query *q);

/* Returns a JSON string of s (invalid UTF-8 replaced), or null for NULL. */
json_t *api_str(const char *s);

/* Returns a JSON string "YYYY-MM-DDTHH:MM:SSZ", or null for 0. */
json_t *api_date(int64_t t);

/* Returns "none"/"mentions"/"about" for 0..2 and "negative"/"neutral"/
 * "positive" for -1..1; NULL otherwise. Static. */
const char *api_relevance_name(int cls);
const char *api_tone_name(int label);

/* Returns topics "a,b" as a JSON array of strings (empty for NULL). */
json_t *api_topics(const char *topics);

/* Returns a new JSON object for article a with its analysis; with_text
 * adds the full text. Caller releases it. */
json_t *api_article_json(const struct article_row *a, bool with_text);

#endif
