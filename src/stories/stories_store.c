/* The clusterer with the store: rebuilding the window from stored
 * articles on start, clustering a stored article and recording its story
 * and fingerprint, and the process's clusterer that ingest keeps across
 * cycles (one per store path, on the store's writer thread). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stories/stories.h"
#include "stories/stories_story.h"
#include "util/xalloc.h"

static const char window_sql[] =
    "SELECT a.id, a.title, a.text, a.lang, s.name, coalesce(a.country, s.country), a.topics,"
    " a.published, a.tone_label, a.tone IS NOT NULL, x.story_id, x.fp"
    " FROM article_stories x JOIN stories y ON y.id = x.story_id"
    " JOIN articles a ON a.id = x.article_id LEFT JOIN sources s ON s.id = a.source_id"
    " WHERE y.last_seen >= ?1 ORDER BY a.published, a.id";

static herald_rc newest(struct store *st, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(store_db(st), "SELECT coalesce(max(last_seen), 0) FROM stories", -1, &q,
                           NULL) != SQLITE_OK)
        return store_fail(st, "stories newest");
    if (sqlite3_step(q) == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return HERALD_OK;
}

/* Re-adds every article of the stories seen since `since` to s. */
static herald_rc replay(struct stories *s, struct store *st, int64_t since)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(store_db(st), window_sql, -1, &q, NULL) != SQLITE_OK)
        return store_fail(st, "stories window");
    sqlite3_bind_int64(q, 1, since);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        struct story_article a = {
            .id = sqlite3_column_int64(q, 0),
            .title = (const char *)sqlite3_column_text(q, 1),
            .text = (const char *)sqlite3_column_text(q, 2),
            .lang = (const char *)sqlite3_column_text(q, 3),
            .outlet = (const char *)sqlite3_column_text(q, 4),
            .country = (const char *)sqlite3_column_text(q, 5),
            .topics = (const char *)sqlite3_column_text(q, 6),
            .published = sqlite3_column_int64(q, 7),
            .tone_label = sqlite3_column_int(q, 8),
            .has_tone = sqlite3_column_int(q, 9) != 0,
            .fp = (uint64_t)sqlite3_column_int64(q, 11),
        };
        stories_add_to(s, &a, sqlite3_column_int64(q, 10));
    }
    herald_rc rc = r == SQLITE_DONE ? HERALD_OK : store_fail(st, "stories window");
    sqlite3_finalize(q);
    return rc;
}

herald_rc stories_load_window(struct store *st, const struct stories_config *c, int64_t now,
                              struct stories **out)
{
    struct stories_config d;
    struct stories *s = NULL;
    int64_t max_id = 0;
    stories_config_default(&d);
    if (!c)
        c = &d;
    *out = NULL;
    herald_rc rc = store_story_max_id(st, &max_id);
    if (!rc && !now)
        rc = newest(st, &now);
    if (!rc)
        rc = stories_new(c, max_id + 1, &s);
    if (!rc)
        rc = replay(s, st, now - (int64_t)(c->window_hours * 3600));
    if (rc) {
        stories_free(s);
        return rc;
    }
    *out = s;
    return HERALD_OK;
}

herald_rc stories_ingest(struct stories *s, struct store *st, const struct story_article *a,
                         struct story_assign *out)
{
    struct story_assign as;
    struct story_summary sum;
    stories_add(s, a, &as);
    herald_rc rc = stories_summary(s, as.story, &sum);
    if (!rc) {
        sum.updated = (int64_t)time(NULL);
        rc = store_story_put(st, &sum);
    }
    story_summary_clear(&sum);
    if (!rc)
        rc = store_story_set_article(st, a->id, as.story, as.fp, as.dup_of);
    if (out)
        *out = as;
    return rc;
}

/* The process's clusterer, for the store at `path` (the connection db),
 * with its settings; stale is set by a rollback on that connection: the
 * clusterer may then hold articles the store never kept, and is rebuilt
 * from the store on next use. */
static struct {
    pthread_mutex_t lock;
    struct stories *s;
    char *path;
    sqlite3 *db;
    struct stories_config config;
    bool configured;
    atomic_bool stale;
} proc = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* sqlite3_rollback_hook(): the transaction's clustering is undone. */
static void on_rollback(void *unused)
{
    (void)unused;
    atomic_store(&proc.stale, true);
}

herald_rc stories_set_process_config(const struct stories_config *c)
{
    herald_rc rc = stories_config_check(c);
    if (rc)
        return rc;
    pthread_mutex_lock(&proc.lock);
    proc.config = *c;
    proc.configured = true;
    stories_free(proc.s);
    proc.s = NULL;
    pthread_mutex_unlock(&proc.lock);
    return HERALD_OK;
}

/* Rebuilds the process's clusterer for st when it has none, st is another
 * database, or a rollback made it stale. Called with proc.lock held. */
static herald_rc process_clusterer(struct store *st)
{
    sqlite3_rollback_hook(store_db(st), on_rollback, NULL); /* cheap; a reopened store too */
    bool stale = atomic_exchange(&proc.stale, false);
    if (proc.s && proc.path && !strcmp(proc.path, store_path(st)) && proc.db == store_db(st) &&
        !stale)
        return HERALD_OK;
    stories_free(proc.s);
    free(proc.path);
    proc.s = NULL;
    proc.path = xstrdup(store_path(st));
    proc.db = store_db(st);
    return stories_load_window(st, proc.configured ? &proc.config : NULL, 0, &proc.s);
}

herald_rc stories_ingest_row(struct store *st, const struct article_row *row, int64_t id,
                             const char *outlet, const char *country, struct story_assign *out)
{
    pthread_mutex_lock(&proc.lock);
    herald_rc rc = process_clusterer(st);
    if (!rc) {
        struct story_article a = {.id = id,
                                  .title = row->title,
                                  .text = row->text,
                                  .lang = row->lang,
                                  .outlet = outlet,
                                  .country = row->country ? row->country : country,
                                  .topics = row->an.analyzed ? row->an.topics : NULL,
                                  .published = row->published ? row->published : row->fetched,
                                  .tone_label = row->an.tone_label,
                                  .has_tone = row->an.analyzed && row->an.has_tone};
        rc = stories_ingest(proc.s, st, &a, out);
    }
    pthread_mutex_unlock(&proc.lock);
    return rc;
}

void stories_process_reset(void)
{
    pthread_mutex_lock(&proc.lock);
    stories_free(proc.s);
    free(proc.path);
    proc.s = NULL;
    proc.path = NULL;
    proc.db = NULL;
    pthread_mutex_unlock(&proc.lock);
}
