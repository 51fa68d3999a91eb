/* Time series reads: one dimension and key from the hourly rollups (v10),
 * a story's from article_stories (v9), any filter set counted from the
 * articles over a bounded window, and the per-day volume behind
 * GET /api/v1/stats/volume from whichever of the two fits. */
#include "store/store_series.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_filter.h"
#include "util/date.h"
#include "util/str.h"

static const char *const dim_names[] = {"all", "country", "lang", "topic", "source", "story"};

#define ROLLUP_READ                                                                                \
    "SELECT hour, n, scored, neg, neu, pos, tone_sum FROM rollup_hourly"                           \
    " WHERE dim = ?1 AND key = ?2 AND hour >= ?3 AND hour < ?4"
/* The story hook: stories (v9) map articles to stories in article_stories;
 * a story's series is counted from there (stories are short-lived, so the
 * scan is small). */
#define STORY_READ                                                                                 \
    "SELECT (a.published - ?2) / ?3, count(*), count(a.tone), coalesce(sum(a.tone_label = -1), "   \
    "0),"                                                                                          \
    " coalesce(sum(a.tone_label = 0), 0), coalesce(sum(a.tone_label = 1), 0), total(a.tone)"       \
    " FROM article_stories s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?1"         \
    " AND a.published >= ?2 AND a.published < ?4 GROUP BY 1"
#define SCAN_COLS                                                                                  \
    "SELECT (a.published - ?7) / ?8, count(*), count(a.tone), coalesce(sum(a.tone_label = -1), "   \
    "0),"                                                                                          \
    " coalesce(sum(a.tone_label = 0), 0), coalesce(sum(a.tone_label = 1), 0), total(a.tone) FROM "
#define SCAN_ALL SCAN_COLS "articles a WHERE a.published > 0" STORE_FILTER_SQL " GROUP BY 1"
#define SCAN_MATCH                                                                                 \
    SCAN_COLS "articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ?1"       \
              " AND a.published > 0" STORE_FILTER_SQL " GROUP BY 1"

herald_rc store_dim_parse(enum store_dim *out, const char *name)
{
    for (size_t i = 0; name && i < sizeof dim_names / sizeof *dim_names; i++)
        if (!strcmp(name, dim_names[i])) {
            *out = (enum store_dim)i;
            return HERALD_OK;
        }
    return herald_error_set(HERALD_EINVAL,
                            "dim: '%.40s' is not one of all, country, lang, topic, source, story",
                            name ? name : "");
}

const char *store_dim_name(enum store_dim d)
{
    return (size_t)d < sizeof dim_names / sizeof *dim_names ? dim_names[d] : "?";
}

/* Returns floor(a / b) for b > 0. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* Copies v into key[0..64), upper case when upper. */
static void set_key(char key[64], const char *v, bool upper)
{
    snprintf(key, 64, "%s", v);
    for (char *p = key; upper && *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
}

/* Allocates *out over [since, until) widened to local bucket boundaries. */
static herald_rc series_span(struct signals_series *out, int step, int off, int64_t since,
                             int64_t until, int64_t max_buckets)
{
    memset(out, 0, sizeof *out);
    if (since <= 0 || until <= since)
        return herald_error_set(HERALD_EINVAL, "series: since must be before until");
    int64_t first = floor_div(since + off, step), last = floor_div(until + off - 1, step) + 1;
    if (last - first > max_buckets)
        return herald_error_set(HERALD_EINVAL,
                                "series: %lld buckets, at most %lld: narrow the dates",
                                (long long)(last - first), (long long)max_buckets);
    return signals_series_init(out, first * step - off, step, off, (size_t)(last - first));
}

/* Sets out->first to the bucket of the store's first article (from the
 * rollups of every article), so the empty buckets before the store had
 * any data are not taken for a calm history. */
static herald_rc set_history_start(struct store *st, struct signals_series *out)
{
    sqlite3_stmt *s = NULL;
    herald_rc rc = store_prepare(st, &s, "SELECT min(hour) FROM rollup_hourly WHERE dim = 0");
    if (rc)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        int64_t i = floor_div(sqlite3_column_int64(s, 0) * 3600 - out->start, out->step);
        out->first = i <= 0 ? 0 : (uint64_t)i < out->n ? (size_t)i : out->n;
    } else if (src != SQLITE_DONE && src != SQLITE_ROW) {
        rc = store_fail(st, "series history");
    }
    sqlite3_reset(s);
    return rc;
}

/* Reads the rows of s (bucket index, n, scored, neg, neu, pos, tone_sum)
 * into out; hours says column 0 is a UTC hour instead of an index. */
static herald_rc fill(struct store *st, struct signals_series *out, sqlite3_stmt *s, bool hours)
{
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t i = sqlite3_column_int64(s, 0);
        if (hours)
            i = floor_div(i * 3600 - out->start, out->step);
        if (i < 0 || (uint64_t)i >= out->n)
            continue;
        struct signals_bucket *b = &out->b[i];
        b->count += sqlite3_column_int64(s, 1);
        b->scored += sqlite3_column_int64(s, 2);
        b->neg += sqlite3_column_int64(s, 3);
        b->neu += sqlite3_column_int64(s, 4);
        b->pos += sqlite3_column_int64(s, 5);
        b->tone_sum += sqlite3_column_double(s, 6);
    }
    return src == SQLITE_DONE ? HERALD_OK : store_fail(st, "series");
}

herald_rc store_series_read(struct store *st, struct signals_series *out, enum store_dim d,
                            const char *key, int step, int utc_offset, int64_t since, int64_t until)
{
    sqlite3_stmt *s = NULL;
    herald_rc rc = series_span(out, step, utc_offset, since, until, STORE_SERIES_MAX_BUCKETS);
    if (!rc)
        rc = set_history_start(st, out);
    if (!rc && (size_t)d > STORE_DIM_STORY)
        rc = herald_error_set(HERALD_EINVAL, "series: no such dimension");
    if (!rc && d != STORE_DIM_ALL && str_blank(key))
        rc = herald_error_set(HERALD_EINVAL, "series: %s needs a key", store_dim_name(d));
    if (rc)
        goto done;
    int64_t end = out->start + (int64_t)out->n * out->step;
    if (d == STORE_DIM_STORY) {
        char *e = NULL;
        long long id = strtoll(key, &e, 10);
        if (*e || id <= 0) {
            rc = herald_error_set(HERALD_EINVAL, "series: story key must be a story id");
            goto done;
        }
        rc = store_prepare(st, &s, STORY_READ);
        if (!rc) {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, out->start);
            sqlite3_bind_int(s, 3, out->step);
            sqlite3_bind_int64(s, 4, end);
            rc = fill(st, out, s, false);
        }
        goto done;
    }
    rc = store_prepare(st, &s, ROLLUP_READ);
    if (!rc) {
        sqlite3_bind_int(s, 1, (int)d);
        char k[64];
        set_key(k, d == STORE_DIM_ALL ? "" : key, d == STORE_DIM_COUNTRY);
        store_bind_text(s, 2, k);
        sqlite3_bind_int64(s, 3, floor_div(out->start, 3600));
        sqlite3_bind_int64(s, 4, floor_div(end + 3599, 3600));
        rc = fill(st, out, s, true);
    }
done:
    if (s)
        sqlite3_reset(s);
    if (rc)
        signals_series_clear(out);
    return rc;
}

herald_rc store_series_query(struct store *st, struct signals_series *out,
                             const struct search_query *q, int step, int utc_offset, int64_t since,
                             int64_t until)
{
    sqlite3_stmt *s = NULL;
    herald_rc rc = series_span(out, step, utc_offset, since, until,
                               (int64_t)STORE_SERIES_MAX_SCAN_DAYS * SIGNALS_DAY / step);
    if (!rc)
        rc = set_history_start(st, out);
    if (rc) {
        signals_series_clear(out);
        return rc;
    }
    struct search_query f = *q;
    f.since = out->start;
    f.until = out->start + (int64_t)out->n * out->step;
    rc = store_prepare(st, &s, str_blank(q->q) ? SCAN_ALL : SCAN_MATCH);
    if (!rc)
        rc = store_filter_bind(s, &f);
    if (!rc) {
        sqlite3_bind_int64(s, 7, out->start);
        sqlite3_bind_int(s, 8, out->step);
        rc = fill(st, out, s, false);
    }
    if (s)
        sqlite3_reset(s);
    if (rc)
        signals_series_clear(out);
    return rc;
}

bool store_series_rollup_fits(const struct search_query *q, enum store_dim *dim, char key[64])
{
    int n = 0;
    *dim = STORE_DIM_ALL;
    key[0] = '\0';
    if (!str_blank(q->q) || q->relevance || q->tone)
        return false;
    if (q->lang && ++n)
        *dim = STORE_DIM_LANG, set_key(key, q->lang, false);
    if (q->country && ++n)
        *dim = STORE_DIM_COUNTRY, set_key(key, q->country, true);
    if (q->topic && ++n)
        *dim = STORE_DIM_TOPIC, set_key(key, q->topic, false);
    if (q->source_id && ++n) {
        *dim = STORE_DIM_SOURCE;
        snprintf(key, 64, "%lld", (long long)q->source_id);
    }
    return n <= 1;
}

#define VOLUME_ROLLUP                                                                              \
    "SELECT (hour + ?6) / 24, CASE WHEN ?5 THEN key ELSE '' END, sum(n), sum(scored), sum(neg),"   \
    " sum(neu), sum(pos), total(tone_sum) FROM rollup_hourly WHERE dim = ?1"                       \
    " AND (?2 IS NULL OR key = ?2) AND hour >= ?3 AND hour < ?4 GROUP BY 1, 2"
#define VOLUME_COLS(g)                                                                             \
    "SELECT (a.published + ?14) / 86400, " g ", count(*), count(a.tone),"                          \
    " coalesce(sum(a.tone_label = -1), 0), coalesce(sum(a.tone_label = 0), 0),"                    \
    " coalesce(sum(a.tone_label = 1), 0), total(a.tone) FROM "
#define VOLUME_ALL " articles a WHERE a.published > 0" STORE_FILTER_SQL " GROUP BY 1, 2"
#define VOLUME_MATCH                                                                               \
    " articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ?1"                \
    " AND a.published > 0" STORE_FILTER_SQL " GROUP BY 1, 2"
#define VOLUME_SQL(g)                                                                              \
    {                                                                                              \
        VOLUME_COLS(g) VOLUME_ALL, VOLUME_COLS(g) VOLUME_MATCH                                     \
    }

/* The article scans, by group (enum store_dim order, story excluded). */
static const char *const volume_scan[][2] = {
    VOLUME_SQL("''"),       VOLUME_SQL("a.country"),   VOLUME_SQL("a.lang"),
    VOLUME_SQL("a.topics"), VOLUME_SQL("a.source_id"),
};

/* Calls fn for the current row of s (day, group, counts), once per topic
 * when split (the group is a comma-separated topic list). */
static herald_rc volume_row(sqlite3_stmt *s, bool split, store_volume_fn fn, void *ctx)
{
    struct signals_bucket b = {
        .count = sqlite3_column_int64(s, 2),
        .scored = sqlite3_column_int64(s, 3),
        .neg = sqlite3_column_int64(s, 4),
        .neu = sqlite3_column_int64(s, 5),
        .pos = sqlite3_column_int64(s, 6),
        .tone_sum = sqlite3_column_double(s, 7),
    };
    int64_t day = sqlite3_column_int64(s, 0);
    const char *g = (const char *)sqlite3_column_text(s, 1);
    char one[256];
    herald_rc rc = HERALD_OK;
    if (!split || !g || !*g)
        return fn(ctx, g ? g : "", day, &b);
    for (const char *p = g; *p && !rc;) {
        size_t n = strcspn(p, ",");
        if (n && n < sizeof one) {
            memcpy(one, p, n);
            one[n] = '\0';
            rc = fn(ctx, one, day, &b);
        }
        p += n + (p[n] == ',');
    }
    return rc;
}

/* Prepares the rollup read for group and q into *s when they fit. */
static herald_rc volume_rollup(struct store *st, sqlite3_stmt **s, bool *fits, enum store_dim group,
                               const struct search_query *q)
{
    enum store_dim d;
    char key[64];
    *fits = store_series_rollup_fits(q, &d, key) &&
            (group == STORE_DIM_ALL || d == STORE_DIM_ALL || group == d) && q->since % 3600 == 0 &&
            q->until % 3600 == 0;
    if (!*fits)
        return HERALD_OK;
    if (d == STORE_DIM_ALL)
        d = group;
    herald_rc rc = store_prepare(st, s, VOLUME_ROLLUP);
    if (rc)
        return rc;
    sqlite3_bind_int(*s, 1, (int)d);
    if (key[0] || d == STORE_DIM_ALL)
        store_bind_text(*s, 2, key);
    sqlite3_bind_int64(*s, 3, q->since > 0 ? q->since / 3600 : 0);
    sqlite3_bind_int64(*s, 4, q->until > 0 ? q->until / 3600 : INT64_MAX);
    sqlite3_bind_int(*s, 5, group != STORE_DIM_ALL);
    sqlite3_bind_int(*s, 6, date_office_offset() / 3600);
    return HERALD_OK;
}

herald_rc store_series_volume(struct store *st, enum store_dim group, const struct search_query *q,
                              store_volume_fn fn, void *ctx, bool *used_rollup)
{
    sqlite3_stmt *s = NULL;
    bool fits = false;
    int src = SQLITE_DONE;
    if ((size_t)group >= STORE_DIM_STORY)
        return herald_error_set(HERALD_EINVAL, "volume: no such group");
    herald_rc rc = volume_rollup(st, &s, &fits, group, q);
    if (!rc && !fits) {
        rc = store_prepare(st, &s, volume_scan[group][!str_blank(q->q)]);
        if (!rc)
            rc = store_filter_bind(s, q);
        if (!rc)
            sqlite3_bind_int(s, 14, date_office_offset());
    }
    while (!rc && (src = sqlite3_step(s)) == SQLITE_ROW)
        rc = volume_row(s, !fits && group == STORE_DIM_TOPIC, fn, ctx);
    if (!rc && src != SQLITE_DONE)
        rc = store_fail(st, "volume");
    if (s)
        sqlite3_reset(s);
    if (used_rollup)
        *used_rollup = fits;
    return rc;
}

herald_rc store_series_rebuild(struct store *st)
{
    char *err = NULL;
    herald_rc rc = store_begin(st);
    if (rc)
        return rc;
    if (sqlite3_exec(store_db(st), "DELETE FROM rollup_hourly;" STORE_SERIES_BACKFILL_SQL, NULL,
                     NULL, &err) != SQLITE_OK) {
        rc = herald_error_set(HERALD_EDB, "rollup rebuild: %s", err ? err : "failed");
        sqlite3_free(err);
        store_rollback(st);
        return rc;
    }
    return store_commit(st);
}
