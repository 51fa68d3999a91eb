/* Stories in the store (schema version 9): summary rows, each article's
 * story and SimHash with its band keys, listing by importance, and the
 * band-index lookup of near-duplicate candidates. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_story.h"
#include "util/xalloc.h"

#define STORY_COLUMNS                                                                              \
    "id, title, title_article, first_seen, last_seen, updated, articles, articles_24h,"            \
    " outlets, langs, countries, topics, tone_neg, tone_neu, tone_pos, n_outlets"

/* Prepares a statement used rarely (listing, lookups) outside the
 * connection's statement cache; the caller finalizes it. */
static herald_rc prepare_once(struct store *st, sqlite3_stmt **out, const char *sql)
{
    if (sqlite3_prepare_v2(store_db(st), sql, -1, out, NULL) != SQLITE_OK)
        return store_fail(st, "prepare");
    return HERALD_OK;
}

void story_summary_clear(struct story_summary *s)
{
    if (!s)
        return;
    free(s->title);
    free(s->outlets);
    free(s->langs);
    free(s->countries);
    free(s->topics);
    memset(s, 0, sizeof *s);
}

void story_summary_free_array(struct story_summary *a, size_t n)
{
    if (!a)
        return;
    for (size_t i = 0; i < n; i++)
        story_summary_clear(&a[i]);
    free(a);
}

double store_story_importance(const struct story_summary *s, int64_t now)
{
    double n = s->articles > 0 ? (double)s->articles : 0;
    double growth = n > 0 ? (double)s->articles_24h / n : 0;
    int64_t toned = s->tone_neg + s->tone_neu + s->tone_pos;
    double neg = toned > 0 ? (double)s->tone_neg / (double)toned : 0;
    double age = now > s->last_seen ? (double)(now - s->last_seen) / 86400.0 : 0;
    double score = log1p(n) + growth + 0.7 * log1p((double)s->n_outlets) + 0.5 * neg;
    return score * exp(-age / 3.0);
}

herald_rc store_story_put(struct store *st, const struct story_summary *s)
{
    static const char sql[] =
        "INSERT INTO stories (" STORY_COLUMNS ", importance)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
        " ON CONFLICT (id) DO UPDATE SET title = ?2, title_article = ?3, first_seen = ?4,"
        " last_seen = ?5, updated = ?6, articles = ?7, articles_24h = ?8, outlets = ?9,"
        " langs = ?10, countries = ?11, topics = ?12, tone_neg = ?13, tone_neu = ?14,"
        " tone_pos = ?15, n_outlets = ?16, importance = ?17";
    sqlite3_stmt *q;
    herald_rc rc = store_prepare(st, &q, sql);
    if (rc)
        return rc;
    int64_t now = (int64_t)time(NULL);
    sqlite3_bind_int64(q, 1, s->id);
    store_bind_text(q, 2, s->title ? s->title : "");
    if (s->title_article)
        sqlite3_bind_int64(q, 3, s->title_article);
    sqlite3_bind_int64(q, 4, s->first_seen);
    sqlite3_bind_int64(q, 5, s->last_seen);
    sqlite3_bind_int64(q, 6, s->updated ? s->updated : now);
    sqlite3_bind_int64(q, 7, s->articles);
    sqlite3_bind_int64(q, 8, s->articles_24h);
    store_bind_text(q, 9, s->outlets ? s->outlets : "");
    store_bind_text(q, 10, s->langs ? s->langs : "");
    store_bind_text(q, 11, s->countries ? s->countries : "");
    store_bind_text(q, 12, s->topics ? s->topics : "");
    sqlite3_bind_int64(q, 13, s->tone_neg);
    sqlite3_bind_int64(q, 14, s->tone_neu);
    sqlite3_bind_int64(q, 15, s->tone_pos);
    sqlite3_bind_int64(q, 16, s->n_outlets);
    sqlite3_bind_double(q, 17, store_story_importance(s, s->last_seen));
    if (sqlite3_step(q) != SQLITE_DONE)
        return store_fail(st, "story put");
    return HERALD_OK;
}

herald_rc store_story_set_article(struct store *st, int64_t article_id, int64_t story_id,
                                  uint64_t fp, int64_t dup_of)
{
    static const char sql[] = "INSERT OR REPLACE INTO article_stories"
                              " (article_id, story_id, fp, band0, band1, band2, band3, dup_of)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    sqlite3_stmt *q;
    herald_rc rc = store_prepare(st, &q, sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, article_id);
    sqlite3_bind_int64(q, 2, story_id);
    sqlite3_bind_int64(q, 3, (int64_t)fp);
    for (int b = 0; b < 4; b++)
        sqlite3_bind_int64(q, 4 + b, (int64_t)((fp >> (16 * b)) & 0xffff));
    if (dup_of)
        sqlite3_bind_int64(q, 8, dup_of);
    if (sqlite3_step(q) != SQLITE_DONE)
        return store_fail(st, "story article");
    return HERALD_OK;
}

static void read_story(sqlite3_stmt *q, struct story_summary *s)
{
    s->id = sqlite3_column_int64(q, 0);
    s->title = store_column_dup(q, 1);
    s->title_article = sqlite3_column_int64(q, 2);
    s->first_seen = sqlite3_column_int64(q, 3);
    s->last_seen = sqlite3_column_int64(q, 4);
    s->updated = sqlite3_column_int64(q, 5);
    s->articles = sqlite3_column_int64(q, 6);
    s->articles_24h = sqlite3_column_int64(q, 7);
    s->outlets = store_column_dup(q, 8);
    s->langs = store_column_dup(q, 9);
    s->countries = store_column_dup(q, 10);
    s->topics = store_column_dup(q, 11);
    s->tone_neg = sqlite3_column_int64(q, 12);
    s->tone_neu = sqlite3_column_int64(q, 13);
    s->tone_pos = sqlite3_column_int64(q, 14);
    s->n_outlets = sqlite3_column_int64(q, 15);
}

static int by_importance(const void *a, const void *b)
{
    const struct story_summary *x = a, *y = b;
    if (x->importance != y->importance)
        return x->importance < y->importance ? 1 : -1;
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

herald_rc store_story_list_since(struct store *st, int64_t since, size_t limit,
                                 struct story_summary **out, size_t *n)
{
    static const char sql[] = "SELECT " STORY_COLUMNS " FROM stories WHERE updated >= ?1";
    struct story_summary *v = NULL;
    size_t nv = 0, cap = 0;
    int64_t newest = 0;
    sqlite3_stmt *q;
    *out = NULL;
    *n = 0;
    herald_rc rc = prepare_once(st, &q, sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, since);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        if (nv == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        memset(&v[nv], 0, sizeof *v);
        read_story(q, &v[nv]);
        if (v[nv].last_seen > newest)
            newest = v[nv].last_seen;
        nv++;
    }
    if (r != SQLITE_DONE) {
        story_summary_free_array(v, nv);
        rc = store_fail(st, "story list");
        sqlite3_finalize(q);
        return rc;
    }
    sqlite3_finalize(q);
    for (size_t i = 0; i < nv; i++)
        v[i].importance = store_story_importance(&v[i], newest);
    if (nv)
        qsort(v, nv, sizeof *v, by_importance);
    if (!limit)
        limit = 100;
    for (size_t i = limit; i < nv; i++)
        story_summary_clear(&v[i]);
    *out = v;
    *n = nv < limit ? nv : limit;
    return HERALD_OK;
}

herald_rc store_story_get(struct store *st, int64_t id, struct story_summary *out)
{
    static const char sql[] = "SELECT " STORY_COLUMNS " FROM stories WHERE id = ?1";
    sqlite3_stmt *q;
    memset(out, 0, sizeof *out);
    herald_rc rc = prepare_once(st, &q, sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE) {
        rc = herald_error_set(HERALD_ENOTFOUND, "no story %lld", (long long)id);
    } else if (r != SQLITE_ROW) {
        rc = store_fail(st, "story get");
    } else {
        read_story(q, out);
        out->importance = store_story_importance(out, out->last_seen);
    }
    sqlite3_finalize(q);
    return rc;
}

/* Collects column 0 of every row of q (bound by the caller), then
 * finalizes q. */
static herald_rc collect_ids(struct store *st, sqlite3_stmt *q, int64_t **out, size_t *n)
{
    int64_t *v = NULL;
    size_t nv = 0, cap = 0;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        if (nv == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        v[nv++] = sqlite3_column_int64(q, 0);
    }
    if (r != SQLITE_DONE) {
        free(v);
        *out = NULL;
        *n = 0;
        herald_rc rc = store_fail(st, "story ids");
        sqlite3_finalize(q);
        return rc;
    }
    sqlite3_finalize(q);
    *out = v;
    *n = nv;
    return HERALD_OK;
}

herald_rc store_story_articles(struct store *st, int64_t id, int64_t **out, size_t *n)
{
    static const char sql[] = "SELECT s.article_id FROM article_stories s"
                              " JOIN articles a ON a.id = s.article_id"
                              " WHERE s.story_id = ?1 ORDER BY a.published, a.id";
    sqlite3_stmt *q;
    herald_rc rc = prepare_once(st, &q, sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    return collect_ids(st, q, out, n);
}

herald_rc store_story_band_candidates(struct store *st, uint64_t fp, int64_t **out, size_t *n)
{
    static const char sql[] = "SELECT article_id FROM article_stories WHERE band0 = ?1"
                              " UNION SELECT article_id FROM article_stories WHERE band1 = ?2"
                              " UNION SELECT article_id FROM article_stories WHERE band2 = ?3"
                              " UNION SELECT article_id FROM article_stories WHERE band3 = ?4";
    sqlite3_stmt *q;
    herald_rc rc = prepare_once(st, &q, sql);
    if (rc)
        return rc;
    for (int b = 0; b < 4; b++)
        sqlite3_bind_int64(q, 1 + b, (int64_t)((fp >> (16 * b)) & 0xffff));
    return collect_ids(st, q, out, n);
}

herald_rc store_story_max_id(struct store *st, int64_t *out)
{
    static const char sql[] = "SELECT coalesce(max(id), 0) FROM stories";
    sqlite3_stmt *q;
    *out = 0;
    herald_rc rc = prepare_once(st, &q, sql);
    if (rc)
        return rc;
    if (sqlite3_step(q) != SQLITE_ROW)
        rc = store_fail(st, "story max id");
    else
        *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc;
}
