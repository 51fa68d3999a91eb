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

/* Returns whether q can be answered from the rollups: no query text,
 * relevance or tone filter, and at most one of lang, country, source,
 * topic, whose dimension and key (country upper case, source in decimal)
 * go to *dim and key[0..64) (STORE_DIM_ALL and "" when none). Since and
 * until are not looked at. */
bool store_series_rollup_fits(const struct search_query *q, enum store_dim *dim, char key[64]);

/* Recomputes every rollup row from the articles (the migration's
 * backfill; also a repair tool). HERALD_EDB on failure. */
herald_rc store_series_rebuild(struct store *st);

/* Callback of store_series_volume(): one (group key, office day) cell; group
 * is "" for no group or an article without that column, borrowed. */
typedef herald_rc (*store_volume_fn)(void *ctx, const char *group, int64_t day,
                                     const struct signals_bucket *b);

/* Calls fn for the article counts of the articles matching q (query text
 * and every filter) per office day (date_office_day()) and per group (one of
 * ALL, COUNTRY, LANG, TOPIC (one call per slug), SOURCE), from the rollups
 * when q allows it (see store_series_rollup_fits(); the group must be
 * ALL or the filtered dimension, and since/until whole hours), otherwise
 * from the articles; *used_rollup (may be NULL) says which. Cells come in
 * no particular order and a (group, day) may come more than once. Returns
 * fn's first error, HERALD_EINVAL for a bad query, HERALD_EDB otherwise. */
herald_rc store_series_volume(struct store *st, enum store_dim group, const struct search_query *q,
                              store_volume_fn fn, void *ctx, bool *used_rollup);

/* The rollup backfill from the articles, shared by the v10 migration and
 * store_series_rebuild() (which empties rollup_hourly first). */
#define STORE_SERIES_BACKFILL_ONE(dim, key, from, where)                                           \
    "INSERT INTO rollup_hourly (dim, key, hour, n, scored, neg, neu, pos, tone_sum)"               \
    " SELECT " dim ", " key ", a.published / 3600, count(*), count(a.tone),"                       \
    " coalesce(sum(a.tone_label = -1), 0), coalesce(sum(a.tone_label = 0), 0),"                    \
    " coalesce(sum(a.tone_label = 1), 0), total(a.tone) FROM articles a" from                      \
    " WHERE a.published > 0" where " GROUP BY 1, 2, 3;"
#define STORE_SERIES_BACKFILL_SQL                                                                  \
    STORE_SERIES_BACKFILL_ONE("0", "''", "", "")                                                   \
    STORE_SERIES_BACKFILL_ONE("1", "coalesce(a.country, '')", "", "")                              \
    STORE_SERIES_BACKFILL_ONE("2", "coalesce(a.lang, '')", "", "")                                 \
    STORE_SERIES_BACKFILL_ONE("4", "coalesce(CAST(a.source_id AS TEXT), '')", "", "")              \
    STORE_SERIES_BACKFILL_ONE("3", "j.value",                                                      \
                              ", json_each('[\"' || replace(coalesce(a.topics, ''), ',', '\",\"')" \
                              " || '\"]') j",                                                      \
                              " AND (j.value <> '' OR coalesce(a.topics, '') = '')")

#endif
