/* The article filters every module shares (lang, country, source, since,
 * until, relevance, tone, topic): the names and codes of relevance classes
 * and tone labels, strict parsing of one filter value into a struct
 * search_query, and the SQL WHERE fragment with the function that binds it. */
#ifndef HERALD_STORE_FILTER_H
#define HERALD_STORE_FILTER_H

#include <sqlite3.h>

#include "store/store_search.h"
#include "util/error.h"

/* The filters of struct search_query as SQL over "articles a", to append
 * after a WHERE clause; bound by store_filter_bind(): ?1 the FTS match
 * (see there), ?2 lang, ?3 country, ?4 source, ?5 since, ?6 until,
 * ?11 relevance mask, ?12 tone mask, ?13 topic. ?7..?10 and ?14 up are
 * left to the caller. */
#define STORE_FILTER_SQL                                                                           \
    " AND (?2 IS NULL OR a.lang = ?2) AND (?3 IS NULL OR a.country = upper(?3))"                   \
    " AND (?4 = 0 OR a.source_id = ?4) AND (?5 = 0 OR a.published >= ?5)"                          \
    " AND (?6 = 0 OR a.published < ?6)"                                                            \
    " AND (?11 = 0 OR ((1 << a.relevance_class) & ?11) != 0)"                                      \
    " AND (?12 = 0 OR ((1 << (a.tone_label + 1)) & ?12) != 0)"                                     \
    " AND (?13 IS NULL OR ',' || a.topics || ',' LIKE '%,' || ?13 || ',%')"

/* Binds q's filters to the parameters of STORE_FILTER_SQL, and to ?1 the
 * FTS5 expression "{title text} : (...)" for q->q (NULL when q->q is NULL
 * or blank, for statements that MATCH ?1). Strings are copied. Returns
 * HERALD_EINVAL (with a message) when q->q cannot be made an expression. */
herald_rc store_filter_bind(sqlite3_stmt *st, const struct search_query *q);

/* Returns "none", "mentions", "about" for relevance classes 0..2 and
 * "negative", "neutral", "positive" for tone labels -1..1; NULL out of
 * range. Static strings. */
const char *store_filter_relevance_name(int cls);
const char *store_filter_tone_name(int label);

/* Sets *out to the relevance class (0..2) or tone label (-1..1) named
 * name. Returns HERALD_EINVAL (no message) for any other name. */
herald_rc store_filter_relevance_code(int *out, const char *name);
herald_rc store_filter_tone_code(int *out, const char *name);

/* Parses the value v of filter key ("lang", "country", "source", "since",
 * "until", "relevance", "tone", "topic") into q. Dates are ISO 8601
 * (YYYY-MM-DD, or with THH:MM[:SS][zone]); a bare day given to until
 * includes that day. relevance and tone take comma-separated names and
 * set a bit mask. Returns HERALD_OK; HERALD_ENOTFOUND (no message) when
 * key is not a filter; HERALD_EINVAL with a message that starts with the
 * key for a bad value. String values stay borrowed from v. */
herald_rc store_filter_parse(struct search_query *q, const char *key, const char *v);

/* The filter keys store_filter_parse() knows, NULL-terminated; static. */
extern const char *const store_filter_keys[];

#endif
