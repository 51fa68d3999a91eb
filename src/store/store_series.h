/* Time series of article counts and tone toward the country, read from
 * the hourly rollups (schema v10, kept in the same transaction as
 * store_article_add() and store_article_set_analysis()) for one dimension
 * and key, or counted from the articles for any filter set. */
#ifndef HERALD_STORE_SERIES_H
#define HERALD_STORE_SERIES_H

#include <stdbool.h>
#include <stdint.h>

#include "signals/signals.h"
#include "store/store.h"
#include "store/store_search.h"

/* Rollup dimensions. The key is "" for ALL, a two-letter code for
 * COUNTRY (upper case), a language tag, a topic slug, a decimal source id,
 * or a decimal story id for STORY (stories come from schema v9: see the
 * hook in store_series.c; until it is wired, STORY reads HERALD_ENOTFOUND). */
enum store_dim {
    STORE_DIM_ALL = 0,
    STORE_DIM_COUNTRY,
    STORE_DIM_LANG,
    STORE_DIM_TOPIC,
    STORE_DIM_SOURCE,
    STORE_DIM_STORY,
};

/* A filtered series counts at most this many days of articles. */
#define STORE_SERIES_MAX_SCAN_DAYS 400
/* A rollup series holds at most this many buckets. */
#define STORE_SERIES_MAX_BUCKETS 20000

/* Returns the dimension named name ("all", "country", "lang", "topic",
 * "source", "story") in *out; HERALD_EINVAL for another name. */
herald_rc store_dim_parse(enum store_dim *out, const char *name);

/* Returns the static name of d. */
const char *store_dim_name(enum store_dim d);

/* Reads in *out (caller frees with signals_series_clear()) the series of
 * dimension d and key at step (SIGNALS_HOUR or SIGNALS_DAY) over
 * [since, until), days being local days at utc_offset (seconds east of
 * UTC, a whole number of hours): since is rounded down and until up to a
 * bucket boundary. Zero buckets are present. HERALD_EINVAL for a bad
 * step, offset, key or range (over STORE_SERIES_MAX_BUCKETS), HERALD_EDB
 * otherwise. */
herald_rc store_series_read(struct store *st, struct signals_series *out, enum store_dim d,
                            const char *key, int step, int utc_offset, int64_t since,
                            int64_t until);

/* The same for the articles matching q (its query text, when set, and all
 * its filters; limit, offset and rank_window are ignored), counted from
 * the articles themselves: [since, until) must span at most
 * STORE_SERIES_MAX_SCAN_DAYS days. q->since/q->until are ignored in favour
 * of since/until. HERALD_EINVAL for a bad range or query, HERALD_EDB
 * otherwise. */
herald_rc store_series_query(struct store *st, struct signals_series *out,
                             const struct search_query *q, int step, int utc_offset, int64_t since,
                             int64_t until);

/* Sets *out to whether q can be answered from the rollups: no query text,
 * relevance or tone filter, and at most one of lang, country, source,
 * topic (whose dimension and key go to *dim and *key, borrowed from q;
 * STORE_DIM_ALL and "" when none). */
bool store_series_rollup_fits(const struct search_query *q, enum store_dim *dim, const char **key);

/* Recomputes every rollup row from the articles (the migration's
 * backfill; also a repair tool). HERALD_EDB on failure. */
herald_rc store_series_rebuild(struct store *st);

#endif
