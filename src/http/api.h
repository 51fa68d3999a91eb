/* The routes of the JSON API (GET /healthz, /metrics and /api/v1/...) and
 * their handlers, one file per family: api_articles.c, api_sources.c,
 * api_sources_write.c, api_stats.c, api_session.c, api_users.c,
 * api_audit.c. Each route names the permission it needs. The table is what the server dispatches on
 * and what the OpenAPI test checks against data/openapi.json. */
#ifndef HERALD_HTTP_API_H
#define HERALD_HTTP_API_H

#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "auth/auth.h"
#include "http/router.h"
#include "store/store_search.h"

/* The route table, borrowed and static, and its length. */
extern const struct http_route http_api_routes[];
extern const size_t http_api_route_count;

/* Returns the embedded OpenAPI document (data/openapi.json), borrowed,
 * NUL-terminated; its length in *len when len is not NULL. */
const char *http_api_openapi(size_t *len);

void api_healthz(struct http_resp *out, const struct http_req *req);
void api_metrics(struct http_resp *out, const struct http_req *req);
void api_openapi(struct http_resp *out, const struct http_req *req);
void api_articles_list(struct http_resp *out, const struct http_req *req);
void api_article_get(struct http_resp *out, const struct http_req *req);
void api_sources_list(struct http_resp *out, const struct http_req *req);
void api_source_get(struct http_resp *out, const struct http_req *req);
void api_stats_volume(struct http_resp *out, const struct http_req *req);
void api_stats_signals(struct http_resp *out, const struct http_req *req);
void api_session_create(struct http_resp *out, const struct http_req *req);
void api_session_get(struct http_resp *out, const struct http_req *req);
void api_session_delete(struct http_resp *out, const struct http_req *req);
void api_sources_create(struct http_resp *out, const struct http_req *req);
void api_sources_update(struct http_resp *out, const struct http_req *req);
void api_sources_delete(struct http_resp *out, const struct http_req *req);
void api_users_list(struct http_resp *out, const struct http_req *req);
void api_users_create(struct http_resp *out, const struct http_req *req);
void api_users_update(struct http_resp *out, const struct http_req *req);
void api_audit_list(struct http_resp *out, const struct http_req *req);
void api_stories_list(struct http_resp *out, const struct http_req *req);
void api_story_get(struct http_resp *out, const struct http_req *req);
void api_alerts_list(struct http_resp *out, const struct http_req *req);
void api_alerts_ack(struct http_resp *out, const struct http_req *req);
void api_alert_rules_list(struct http_resp *out, const struct http_req *req);
void api_alert_rules_create(struct http_resp *out, const struct http_req *req);
void api_alert_rule_get(struct http_resp *out, const struct http_req *req);
void api_alert_rules_update(struct http_resp *out, const struct http_req *req);
void api_alert_rules_delete(struct http_resp *out, const struct http_req *req);

/* Sets out to status with source id as GET /api/v1/sources/{id} shows it
 * (silent when nothing since cutoff), read from st; 404 or 500 otherwise. */
void api_source_answer(struct http_resp *out, struct store *st, int64_t id, int64_t cutoff,
                       unsigned status);

/* Returns user u as the API shows it (no secrets); caller releases it. */
json_t *api_user_json(const struct auth_user *u);

/* The article filters shared by /articles and /stats/volume, parsed. */
struct api_filters {
    struct search_query sq; /* q, lang, country, source_id, since, until,
                               relevance, tone, topic; strings borrowed from the query */
};

/* The parsed parameters of GET /api/v1/articles. */
struct api_articles_params {
    struct api_filters f;
    int limit;   /* 1..100, default 20 */
    bool facets; /* facets=1 */
    bool has_cursor;
    int64_t cur_published, cur_id; /* newest-first cursor: items before this key */
    int cur_offset;                /* ranked (q) cursor: hits to skip */
};

/* Parses the filter parameter named key with value v into f. Returns
 * HERALD_OK, HERALD_ENOTFOUND when key is not a filter, HERALD_EINVAL
 * (message names the parameter) for a bad value. Strings stay borrowed. */
herald_rc api_filter_parse(struct api_filters *f, const char *key, const char *v);

/* Parses the parameters of GET /api/v1/articles from q into *out (strings
 * borrowed from q). Returns HERALD_EINVAL with a message for an unknown
 * parameter, a bad date, limit, cursor or filter value. */
herald_rc api_articles_params_parse(struct api_articles_params *out, const struct http_query *q);

/* Writes the opaque cursor for a page that ends with the article
 * (published, id) (ranked: offset >= 0, key ignored) into out (size n, at
 * least 64). Returns out. */
char *api_cursor_encode(char *out, size_t n, int64_t published, int64_t id, int offset);

/* Decodes a cursor written by api_cursor_encode(): sets *offset (-1 for a
 * newest-first cursor) or *published and *id. HERALD_EINVAL when s is not
 * one. */
herald_rc api_cursor_decode(const char *s, int64_t *published, int64_t *id, int *offset);

#endif
