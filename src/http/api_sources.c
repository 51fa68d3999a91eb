/* GET /api/v1/sources and /api/v1/sources/{id}: each source with its fetch
 * health and its coverage (articles stored, the newest one, and "silent"
 * when a source that used to publish has stored nothing for N days). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/api.h"
#include "http/api_json.h"
#include "store/store_source.h"
#include "util/xalloc.h"

#define SILENT_DAYS_DEFAULT 7

/* Index-only (articles_source is (source_id, published)). */
static const char sql_coverage_all[] = "SELECT source_id, count(*), max(published) FROM articles"
                                       " WHERE source_id IS NOT NULL GROUP BY source_id";
static const char sql_coverage_one[] =
    "SELECT source_id, count(*), max(published) FROM articles WHERE source_id = ?1";

static const char *const params[] = {"silent_days", NULL};

static json_t *health_json(const struct source *s)
{
    const char *status = !s->last_fetch ? "never" : s->failures ? "failing" : "ok";
    return json_pack("{s:s, s:o, s:o, s:i, s:o, s:I}", "status", status, "last_fetch",
                     api_date(s->last_fetch), "last_success", api_date(s->last_success), "failures",
                     s->failures, "last_error", api_str(s->last_error), "items_seen",
                     (json_int_t)s->items_seen);
}

static json_t *source_json(const struct source *s, int64_t articles, int64_t last, int64_t cutoff)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "url", api_str(s->url));
    json_object_set_new(o, "name", api_str(s->name));
    json_object_set_new(o, "country", api_str(s->country));
    json_object_set_new(o, "lang", api_str(s->lang));
    json_object_set_new(o, "kind", api_str(s->kind ? s->kind : "foreign"));
    json_object_set_new(o, "poll_minutes", json_integer(s->poll_minutes));
    json_object_set_new(o, "enabled", json_boolean(s->enabled));
    json_object_set_new(o, "added", api_date(s->added));
    json_object_set_new(o, "health", health_json(s));
    json_object_set_new(o, "coverage",
                        json_pack("{s:I, s:o, s:b}", "articles", (json_int_t)articles,
                                  "last_published", api_date(last), "silent",
                                  articles > 0 && last > 0 && last < cutoff));
    return o;
}

/* Parses silent_days (1..3650) into the cutoff time. */
static herald_rc parse_cutoff(int64_t *cutoff, const struct http_query *q)
{
    const char *v = http_query_get(q, "silent_days");
    long days = SILENT_DAYS_DEFAULT;
    herald_rc rc = http_query_check(q, params);
    if (rc)
        return rc;
    if (v) {
        char *end = NULL;
        days = strtol(v, &end, 10);
        if (!*v || *end || days < 1 || days > 3650 || *v == '+' || *v == '-' || *v == ' ')
            return herald_error_set(HERALD_EINVAL,
                                    "silent_days: '%.40s' is not a number in "
                                    "1..3650",
                                    v);
    }
    *cutoff = (int64_t)time(NULL) - (int64_t)days * 86400;
    return HERALD_OK;
}

/* Runs a coverage statement (sql_coverage_one binds id) and appends the
 * JSON of each of the n sources v to the array sources. */
static herald_rc coverage(struct store *st, const char *sql, int64_t id, json_t *sources,
                          const struct source *v, size_t n, int64_t cutoff)
{
    sqlite3_stmt *s = NULL;
    int64_t *cnt = xcalloc(n + 1, sizeof *cnt), *last = xcalloc(n + 1, sizeof *last);
    herald_rc rc = store_prepare(st, &s, sql);
    int src = SQLITE_DONE;
    if (!rc) {
        sqlite3_bind_int64(s, 1, id);
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
            int64_t sid = sqlite3_column_int64(s, 0);
            for (size_t i = 0; i < n; i++)
                if (v[i].id == sid) {
                    cnt[i] = sqlite3_column_int64(s, 1);
                    last[i] = sqlite3_column_int64(s, 2);
                }
        }
        if (src != SQLITE_DONE)
            rc = store_fail(st, "sources");
        sqlite3_reset(s);
    }
    for (size_t i = 0; !rc && i < n; i++)
        json_array_append_new(sources, source_json(&v[i], cnt[i], last[i], cutoff));
    free(cnt);
    free(last);
    return rc;
}

void api_sources_list(struct http_resp *out, const struct http_req *req)
{
    struct source *v = NULL;
    size_t n = 0;
    int64_t cutoff = 0;
    json_t *arr = json_array();
    if (parse_cutoff(&cutoff, &req->query) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        goto done;
    }
    if (store_source_list(req->st, &v, &n) != HERALD_OK ||
        coverage(req->st, sql_coverage_all, 0, arr, v, n, cutoff) != HERALD_OK) {
        http_resp_error(out, 500, "internal", "%s", herald_error_last());
        goto done;
    }
    http_resp_json(out, json_pack("{s:O}", "items", arr));
done:
    json_decref(arr);
    sources_free(v, n);
}

void api_source_answer(struct http_resp *out, struct store *st, int64_t id, int64_t cutoff,
                       unsigned status)
{
    struct source *s = NULL;
    json_t *arr = json_array();
    herald_rc rc = store_source_get(st, id, &s);
    if (!rc)
        rc = coverage(st, sql_coverage_one, id, arr, s, 1, cutoff);
    if (rc == HERALD_ENOTFOUND)
        http_resp_error(out, 404, "not_found", "no source %lld", (long long)id);
    else if (rc)
        http_resp_error(out, 500, "internal", "%s", herald_error_last());
    else {
        http_resp_json(out, json_incref(json_array_get(arr, 0)));
        out->status = status;
    }
    json_decref(arr);
    source_free(s);
}

void api_source_get(struct http_resp *out, const struct http_req *req)
{
    int64_t cutoff = 0;
    if (parse_cutoff(&cutoff, &req->query) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    api_source_answer(out, req->st, req->id, cutoff, 200);
}
