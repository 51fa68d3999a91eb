/* Evaluation of alert rules as of a given time: series conditions (spike,
 * threshold, negative shift) through store_series and signals_judge() on
 * the current (partial) and the last complete bucket, new stories through
 * the story summaries; new hits become events plus outbox rows in one
 * transaction, de-duplicated by key. Deterministic for a given now. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/alerts_internal.h"
#include "signals/signals.h"
#include "store/store_filter.h"
#include "store/store_series.h"
#include "store/store_story.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Days of history read for a series condition: four weeks of baseline
 * plus slack. */
#define HISTORY_DAYS 36
/* A story is new while its first article is at most this old. */
#define NEW_STORY_WINDOW (2 * 86400)
/* Stories considered per new_story evaluation, and articles per story. */
#define STORY_SCAN_MAX 2000
#define STORY_ARTICLES_MAX 1000

static const char *const cond_names[] = {"spike", "threshold", "new_story", "negative_shift"};

void alerts_config_defaults(struct alerts_config *c)
{
    memset(c, 0, sizeof *c);
    c->interval_s = 300;
    c->utc_offset_min = 7 * 60;
    c->timeout_ms = 10000;
    c->max_attempts = 8;
    c->backoff_s = 30;
}

struct hits {
    struct alert_hit *v;
    size_t n, cap;
};

static void hits_add(struct hits *h, char *key, json_t *payload)
{
    if (h->n == h->cap)
        h->v = xrealloc(h->v, (h->cap = h->cap ? h->cap * 2 : 4) * sizeof *h->v);
    h->v[h->n].dedup_key = key;
    h->v[h->n].payload = json_dumps(payload, JSON_COMPACT | JSON_REAL_PRECISION(6));
    h->n++;
    json_decref(payload);
}

void alert_hits_free(struct alert_hit *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].dedup_key);
        free(v[i].payload);
    }
    free(v);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static void rule_query(struct search_query *q, const struct alert_rule *r)
{
    memset(q, 0, sizeof *q);
    q->q = r->q;
    q->lang = r->lang;
    q->country = r->country;
    q->source_id = r->source_id;
    q->relevance = r->relevance;
    q->tone = r->tone;
    q->topic = r->topic;
}

/* The payload every event starts with. */
static json_t *payload_base(const struct alert_rule *r, int64_t now)
{
    char iso[32];
    char *qt = alert_rule_query_text(r);
    json_t *q = json_loads(qt, 0, NULL);
    free(qt);
    return json_pack("{sIsssssosssb}", "rule_id", (json_int_t)r->id, "rule", r->name, "condition",
                     cond_names[r->cond], "query", q ? q : json_object(), "evaluated_at",
                     date_format_iso(iso, now), "urgent", r->urgent);
}

static herald_rc read_series(struct store *st, struct signals_series *s, const struct alert_rule *r,
                             int off, int64_t since, int64_t until)
{
    struct search_query q;
    enum store_dim dim;
    char key[64];
    rule_query(&q, r);
    if (store_series_rollup_fits(&q, &dim, key))
        return store_series_read(st, s, dim, key, r->resolution, off, since, until);
    return store_series_query(st, s, &q, r->resolution, off, since, until);
}

/* Recounts bucket b of the rule's series from the articles published in
 * [start, now) only, so that a bucket still open at now is judged on what
 * was known at now whatever was stored after (replays are deterministic). */
static herald_rc recount_open(struct store *st, struct signals_bucket *b,
                              const struct alert_rule *r, int64_t start, int64_t now)
{
    static const char sql[] =
        "SELECT count(*), count(a.tone_label), coalesce(sum(a.tone_label = -1), 0),"
        " coalesce(sum(a.tone_label = 0), 0), coalesce(sum(a.tone_label = 1), 0),"
        " total(CASE WHEN a.tone_label IS NOT NULL THEN a.tone END) FROM articles a"
        " WHERE (?1 IS NULL OR a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH"
        " ?1))" STORE_FILTER_SQL;
    struct search_query q;
    sqlite3_stmt *stmt = NULL;
    rule_query(&q, r);
    q.since = start;
    q.until = now;
    herald_rc rc = store_prepare(st, &stmt, sql);
    if (!rc)
        rc = store_filter_bind(stmt, &q);
    if (!rc && sqlite3_step(stmt) == SQLITE_ROW) {
        b->count = sqlite3_column_int64(stmt, 0);
        b->scored = sqlite3_column_int64(stmt, 1);
        b->neg = sqlite3_column_int64(stmt, 2);
        b->neu = sqlite3_column_int64(stmt, 3);
        b->pos = sqlite3_column_int64(stmt, 4);
        b->tone_sum = sqlite3_column_double(stmt, 5);
    } else if (!rc) {
        rc = store_fail(st, "alert bucket count");
    }
    if (stmt) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    return rc;
}

/* Whether bucket i fires the rule's condition; fills *pt. */
static bool judge(struct signals_point *pt, const struct signals_series *s, size_t i,
                  const struct alert_rule *r)
{
    struct signals_params p = {0};
    memset(pt, 0, sizeof *pt);
    if (r->cond == ALERT_COND_THRESHOLD)
        return s->b[i].count >= r->min_count;
    p.spike_z = p.shift_z = r->threshold;
    p.spike_min = p.shift_min_n = r->min_count > 0 ? r->min_count : 1;
    if (signals_judge(pt, s, i, &p) != HERALD_OK || pt->insufficient)
        return false;
    if (r->cond == ALERT_COND_SPIKE)
        return pt->spike;
    return pt->neg_shift && pt->neg_share >= r->share;
}

static json_t *series_payload(const struct alert_rule *r, const struct signals_series *s, size_t i,
                              const struct signals_point *pt, int64_t now)
{
    char a[32], b[32], sum[256];
    int64_t start = s->start + (int64_t)i * s->step;
    const struct signals_bucket *k = &s->b[i];
    json_t *o = payload_base(r, now);
    json_object_set_new(o, "resolution", json_string(s->step == 3600 ? "hour" : "day"));
    json_object_set_new(o, "bucket_start", json_string(date_format_iso(a, start)));
    json_object_set_new(o, "bucket_end", json_string(date_format_iso(b, start + s->step)));
    json_object_set_new(o, "partial", json_boolean(start + s->step > now));
    json_object_set_new(o, "count", json_integer(k->count));
    if (r->cond == ALERT_COND_THRESHOLD) {
        json_object_set_new(o, "threshold", json_integer(r->min_count));
        snprintf(sum, sizeof sum, "%lld articles from %s (threshold %d)", (long long)k->count, a,
                 r->min_count);
    } else if (r->cond == ALERT_COND_SPIKE) {
        json_object_set_new(o, "expected", json_real(round(pt->expected * 100) / 100));
        json_object_set_new(o, "band", json_pack("[ff]", pt->lo, pt->hi));
        json_object_set_new(o, "score", json_real(round(pt->score * 100) / 100));
        snprintf(sum, sizeof sum, "spike: %lld articles from %s (expected %.1f, score %.1f)",
                 (long long)k->count, a, pt->expected, pt->score);
    } else {
        json_object_set_new(o, "negative_share", json_real(round(pt->neg_share * 1000) / 1000));
        json_object_set_new(o, "baseline_share", json_real(round(pt->neg_base * 1000) / 1000));
        json_object_set_new(o, "scored", json_integer(pt->neg_n));
        json_object_set_new(o, "z", json_real(round(pt->neg_z * 100) / 100));
        snprintf(sum, sizeof sum, "negative shift: %.0f%% negative from %s (baseline %.0f%%)",
                 pt->neg_share * 100, a, pt->neg_base * 100);
    }
    json_object_set_new(o, "summary", json_string(sum));
    return o;
}

static herald_rc eval_series(struct store *st, struct hits *h, const struct alert_rule *r,
                             int64_t now, int off)
{
    struct signals_series s = {0};
    struct signals_point pt;
    int64_t cur = floor_div(now + off, r->resolution) * r->resolution - off;
    int64_t hist = r->cond == ALERT_COND_THRESHOLD ? r->resolution : HISTORY_DAYS * 86400LL;
    herald_rc rc = read_series(st, &s, r, off, cur - hist, cur + r->resolution);
    if (rc)
        return rc;
    if (s.n && s.start + (int64_t)(s.n - 1) * s.step == cur &&
        (rc = recount_open(st, &s.b[s.n - 1], r, cur, now))) {
        signals_series_clear(&s);
        return rc;
    }
    for (int back = 1; back >= 0; back--) { /* the last complete bucket, then the current */
        int64_t start = cur - back * r->resolution;
        int64_t i = (start - s.start) / s.step;
        if (start < s.start || i >= (int64_t)s.n || !judge(&pt, &s, (size_t)i, r))
            continue;
        char *key = xasprintf("rule:%lld:%s:%d:%lld", (long long)r->id, cond_names[r->cond],
                              r->resolution, (long long)start);
        hits_add(h, key, series_payload(r, &s, (size_t)i, &pt, now));
    }
    signals_series_clear(&s);
    return HERALD_OK;
}

static bool has_item(const char *csv, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = csv; p && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !strncmp(p, item, n))
            return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

/* Counts the story's articles that match the rule's filters and were
 * published by now, and their distinct outlets. */
static herald_rc story_matches(struct store *st, int64_t *n_art, int64_t *n_out,
                               const struct alert_rule *r, int64_t story, int64_t now)
{
    static const char sql[] =
        "SELECT coalesce(a.source_id, -a.id) FROM articles a"
        " WHERE a.id = ?7 AND (?1 IS NULL OR ?1 IS NOT NULL)" STORE_FILTER_SQL;
    int64_t *ids = NULL, outlets[64];
    size_t n = 0, n_outlets = 0;
    struct search_query q;
    sqlite3_stmt *stmt = NULL;
    *n_art = *n_out = 0;
    herald_rc rc = store_story_articles(st, story, &ids, &n);
    if (!rc)
        rc = store_prepare(st, &stmt, sql);
    rule_query(&q, r);
    q.until = now + 1;
    for (size_t i = 0; !rc && i < n && i < STORY_ARTICLES_MAX; i++) {
        if ((rc = store_filter_bind(stmt, &q)))
            break;
        sqlite3_bind_int64(stmt, 7, ids[i]);
        int step = sqlite3_step(stmt);
        if (step == SQLITE_ROW) {
            int64_t src = sqlite3_column_int64(stmt, 0);
            size_t j = 0;
            while (j < n_outlets && outlets[j] != src)
                j++;
            if (j == n_outlets && n_outlets < 64)
                outlets[n_outlets++] = src;
            (*n_art)++;
        } else if (step != SQLITE_DONE) {
            rc = store_fail(st, "alert story articles");
        }
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
    *n_out = (int64_t)n_outlets;
    free(ids);
    return rc;
}

static json_t *story_payload(const struct alert_rule *r, const struct story_summary *s,
                             int64_t n_art, int64_t n_out, int64_t now)
{
    char a[32], sum[300];
    json_t *o = payload_base(r, now);
    json_object_set_new(o, "story_id", json_integer(s->id));
    json_object_set_new(o, "title", json_string(s->title && *s->title ? s->title : ""));
    json_object_set_new(o, "first_seen", json_string(date_format_iso(a, s->first_seen)));
    json_object_set_new(o, "articles", json_integer(n_art));
    json_object_set_new(o, "outlets", json_integer(n_out));
    json_object_set_new(o, "topics", json_string(s->topics ? s->topics : ""));
    json_object_set_new(o, "countries", json_string(s->countries ? s->countries : ""));
    snprintf(sum, sizeof sum, "new story: %.200s (%lld articles, %lld outlets)",
             s->title ? s->title : "", (long long)n_art, (long long)n_out);
    json_object_set_new(o, "summary", json_string(sum));
    return o;
}

static herald_rc eval_stories(struct store *st, struct hits *h, const struct alert_rule *r,
                              int64_t now)
{
    struct story_summary *v = NULL;
    size_t n = 0;
    int64_t wall = time(NULL), since = (now < wall ? now : wall) - 3 * 86400;
    herald_rc rc = store_story_list_since(st, since, STORY_SCAN_MAX, &v, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct story_summary *s = &v[i];
        int64_t n_art = 0, n_out = 0;
        if (s->first_seen > now || s->first_seen < now - NEW_STORY_WINDOW ||
            s->articles < r->min_articles ||
            (r->story_topic && !has_item(s->topics, r->story_topic)))
            continue;
        rc = story_matches(st, &n_art, &n_out, r, s->id, now);
        if (rc || n_art < r->min_articles || n_out < r->min_outlets)
            continue;
        char *key = xasprintf("rule:%lld:story:%lld", (long long)r->id, (long long)s->id);
        hits_add(h, key, story_payload(r, s, n_art, n_out, now));
    }
    story_summary_free_array(v, n);
    return rc;
}

herald_rc alerts_rule_eval(struct store *s, struct alert_hit **out, size_t *n,
                           const struct alerts_config *c, const struct alert_rule *r, int64_t now)
{
    struct hits h = {0};
    herald_rc rc = r->cond == ALERT_COND_NEW_STORY
                       ? eval_stories(s, &h, r, now)
                       : eval_series(s, &h, r, now, c->utc_offset_min * 60);
    if (rc) {
        alert_hits_free(h.v, h.n);
        h.v = NULL, h.n = 0;
    }
    *out = h.v;
    *n = h.n;
    return rc;
}

/* Writes one hit as an event and its deliveries unless its key exists;
 * *added tells which. Inside the caller's transaction. */
static herald_rc write_hit(struct store *s, bool *added, const struct alerts_config *c,
                           const struct alert_rule *r, const struct alert_hit *h, int64_t now)
{
    static const char sql_ev[] = "INSERT INTO alert_events (rule_id, rule_name, dedup_key,"
                                 " fired_at, payload) VALUES (?, ?, ?, ?, ?)"
                                 " ON CONFLICT (dedup_key) DO NOTHING";
    static const char sql_del[] = "INSERT INTO alert_deliveries (event_id, channel, next_attempt)"
                                  " VALUES (?, ?, ?)";
    sqlite3_stmt *st = NULL;
    herald_rc rc = store_prepare(s, &st, sql_ev);
    *added = false;
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, r->id);
    store_bind_text(st, 2, r->name);
    store_bind_text(st, 3, h->dedup_key);
    sqlite3_bind_int64(st, 4, now);
    store_bind_text(st, 5, h->payload);
    int step = sqlite3_step(st);
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        return store_fail(s, "alert event");
    if (sqlite3_changes(store_db(s)) == 0)
        return HERALD_OK;
    *added = true;
    int64_t ev = sqlite3_last_insert_rowid(store_db(s));
    int64_t at = now + (r->urgent ? 0 : alerts_quiet_delay(r, now, c->utc_offset_min));
    json_t *rj = alert_rule_json(r, false, false), *chs = json_object_get(rj, "channels");
    for (size_t i = 0; !rc && i < json_array_size(chs); i++) {
        if (r->channels[i].type == ALERT_CH_INBOX)
            continue;
        char *ch = json_dumps(json_array_get(chs, i), JSON_COMPACT);
        if (!(rc = store_prepare(s, &st, sql_del))) {
            sqlite3_bind_int64(st, 1, ev);
            store_bind_text(st, 2, ch);
            sqlite3_bind_int64(st, 3, at);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = store_fail(s, "alert delivery");
            sqlite3_reset(st);
        }
        free(ch);
    }
    json_decref(rj);
    return rc;
}

static herald_rc write_hits(struct store *s, size_t *n_new, const struct alerts_config *c,
                            const struct alert_rule *r, const struct alert_hit *v, size_t n,
                            int64_t now)
{
    herald_rc rc = store_begin(s);
    for (size_t i = 0; !rc && i < n; i++) {
        bool added = false;
        rc = write_hit(s, &added, c, r, &v[i], now);
        if (added) {
            (*n_new)++;
            log_info("alert: rule %lld (%s): %s", (long long)r->id, r->name, v[i].dedup_key);
        }
    }
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s);
}

herald_rc alerts_evaluate(struct store *s, const struct alerts_config *c, int64_t now,
                          size_t *n_new)
{
    struct alert_rule **rules = NULL;
    size_t n = 0, added = 0;
    herald_rc rc = alerts_rule_list(s, &rules, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        struct alert_hit *v = NULL;
        size_t nh = 0;
        if (!rules[i]->enabled)
            continue;
        herald_rc erc = alerts_rule_eval(s, &v, &nh, c, rules[i], now);
        if (erc)
            log_warn("alert rule %lld (%s): %s", (long long)rules[i]->id, rules[i]->name,
                     herald_error_last());
        else
            rc = write_hits(s, &added, c, rules[i], v, nh, now);
        alert_hits_free(v, nh);
    }
    alert_rules_free(rules, n);
    if (n_new)
        *n_new = added;
    return rc;
}

int64_t alerts_quiet_delay(const struct alert_rule *r, int64_t now, int utc_offset_min)
{
    if (r->quiet_from < 0)
        return 0;
    int64_t local = now + (int64_t)utc_offset_min * 60;
    int64_t sec = ((local % 86400) + 86400) % 86400;
    int m = (int)(sec / 60), from = r->quiet_from, to = r->quiet_to;
    bool quiet = from < to ? (m >= from && m < to) : (m >= from || m < to);
    if (!quiet)
        return 0;
    return (((int64_t)to * 60 - sec) % 86400 + 86400) % 86400;
}
