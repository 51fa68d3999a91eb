/* The API's route table and the small routes: /healthz, /metrics (request
 * metrics plus ingest counts from the store) and the embedded OpenAPI
 * document. */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/cache.h"
#include "http/server.h"
#include "store/store_article.h"
#include "store/store_source.h"
#include "util/buf.h"
#include "util/embed.h"

HERALD_BLOB_DECLARE(openapi);

const struct http_route http_api_routes[] = {
    {"GET", "/healthz", api_healthz, false, HTTP_PUBLIC, false},
    {"GET", "/metrics", api_metrics, true, "metrics.read", false},
    {"GET", "/api/v1/openapi.json", api_openapi, false, HTTP_PUBLIC, false},
    {"POST", "/api/v1/session", api_session_create, true, HTTP_PUBLIC, false},
    {"GET", "/api/v1/session", api_session_get, true, HTTP_SIGNED_IN, true},
    {"DELETE", "/api/v1/session", api_session_delete, true, HTTP_SIGNED_IN, true},
    {"GET", "/api/v1/articles", api_articles_list, true, "articles.read", false},
    {"GET", "/api/v1/articles/{id}", api_article_get, true, "articles.read", false},
    {"GET", "/api/v1/sources", api_sources_list, true, "sources.read", false},
    {"POST", "/api/v1/sources", api_sources_create, true, "sources.write", true},
    {"GET", "/api/v1/sources/{id}", api_source_get, true, "sources.read", false},
    {"PATCH", "/api/v1/sources/{id}", api_sources_update, true, "sources.write", true},
    {"DELETE", "/api/v1/sources/{id}", api_sources_delete, true, "sources.delete", true},
    {"GET", "/api/v1/stats/volume", api_stats_volume, true, "stats.read", false},
    {"GET", "/api/v1/stats/signals", api_stats_signals, true, "stats.read", false},
    {"GET", "/api/v1/users", api_users_list, true, "users.admin", false},
    {"POST", "/api/v1/users", api_users_create, true, "users.admin", true},
    {"PATCH", "/api/v1/users/{id}", api_users_update, true, "users.admin", true},
    {"GET", "/api/v1/audit", api_audit_list, true, "audit.read", false},
    {"GET", "/api/v1/stories", api_stories_list, true, "articles.read", false},
    {"GET", "/api/v1/stories/{id}", api_story_get, true, "articles.read", false},
    {"GET", "/api/v1/alerts", api_alerts_list, true, "alerts.read", false},
    {"POST", "/api/v1/alerts/{id}/ack", api_alerts_ack, true, "alerts.read", true},
    {"GET", "/api/v1/alert-rules", api_alert_rules_list, true, "alerts.read", false},
    {"POST", "/api/v1/alert-rules", api_alert_rules_create, true, "alert_rules.write", true},
    {"GET", "/api/v1/alert-rules/{id}", api_alert_rule_get, true, "alerts.read", false},
    {"PATCH", "/api/v1/alert-rules/{id}", api_alert_rules_update, true, "alert_rules.write", true},
    {"DELETE", "/api/v1/alert-rules/{id}", api_alert_rules_delete, true, "alert_rules.write", true},
};
const size_t http_api_route_count = sizeof http_api_routes / sizeof http_api_routes[0];

const char *http_api_openapi(size_t *len)
{
    if (len)
        *len = HERALD_BLOB_SIZE(openapi);
    return (const char *)HERALD_BLOB_DATA(openapi);
}

static const char *const no_params[] = {NULL};

void api_healthz(struct http_resp *out, const struct http_req *req)
{
    if (http_query_check(&req->query, no_params) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    int64_t up = (int64_t)time(NULL) - http_server_started(req->srv);
    http_resp_json(out, json_pack("{s:s, s:I}", "status", "ok", "uptime_s", (json_int_t)up));
}

void api_openapi(struct http_resp *out, const struct http_req *req)
{
    size_t len = 0;
    const char *doc = http_api_openapi(&len);
    if (http_query_check(&req->query, no_params) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        http_resp_error(out, 500, "internal", "out of memory");
        return;
    }
    memcpy(copy, doc, len + 1);
    http_resp_text(out, copy, len, "application/json; charset=utf-8");
}

/* Appends the store's ingest counters and per-source fetch health. */
static herald_rc store_metrics(struct buf *b, struct store *st)
{
    struct store_counts c;
    struct source *v = NULL;
    size_t n = 0;
    herald_rc rc = store_counts(st, &c);
    if (!rc)
        rc = store_source_list(st, &v, &n);
    if (rc)
        return rc;
    rc = buf_printf(b,
                    "# HELP herald_articles_total Articles stored.\n"
                    "# TYPE herald_articles_total gauge\nherald_articles_total %lld\n"
                    "# HELP herald_rejects_total Fetched items not stored, with a reason.\n"
                    "# TYPE herald_rejects_total gauge\nherald_rejects_total %lld\n"
                    "# HELP herald_sources Sources configured.\n"
                    "# TYPE herald_sources gauge\nherald_sources %lld\n"
                    "# HELP herald_source_fetch_failures Consecutive failed fetches of a source.\n"
                    "# TYPE herald_source_fetch_failures gauge\n",
                    (long long)c.articles, (long long)c.rejects, (long long)c.sources);
    for (size_t i = 0; i < n && !rc; i++)
        rc = buf_printf(b, "herald_source_fetch_failures{source_id=\"%lld\"} %d\n",
                        (long long)v[i].id, v[i].failures);
    for (size_t i = 0; i < n && !rc; i++)
        rc = buf_printf(b, "%sherald_source_items_seen_total{source_id=\"%lld\"} %lld\n",
                        i ? ""
                          : "# HELP herald_source_items_seen_total New items seen.\n"
                            "# TYPE herald_source_items_seen_total counter\n",
                        (long long)v[i].id, (long long)v[i].items_seen);
    sources_free(v, n);
    return rc;
}

void api_metrics(struct http_resp *out, const struct http_req *req)
{
    struct buf b;
    buf_init(&b, 8u << 20);
    herald_rc rc = http_query_check(&req->query, no_params);
    if (rc) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        goto done;
    }
    rc = http_metrics_render(&b, http_server_metrics(req->srv), http_api_routes,
                             http_api_route_count);
    if (!rc && http_server_cache(req->srv))
        rc = http_cache_render(&b, http_server_cache(req->srv));
    if (!rc)
        rc = store_metrics(&b, req->st);
    if (rc) {
        http_resp_error(out, 500, "internal", "metrics: %s", herald_error_last());
        goto done;
    }
    size_t len = b.len;
    http_resp_text(out, buf_steal(&b), len, "text/plain; version=0.0.4; charset=utf-8");
done:
    buf_free(&b);
}
