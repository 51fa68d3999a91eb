/* The alerts API: GET /api/v1/alerts (the inbox, newest first, cursor),
 * POST /api/v1/alerts/{id}/ack, GET/POST /api/v1/alert-rules and
 * GET/PATCH/DELETE /api/v1/alert-rules/{id}. Rules are validated strictly
 * by src/alerts (the message names the field); webhook secrets are never
 * returned; every change is audited on the server's writer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts.h"
#include "http/api.h"
#include "http/api_body.h"

/* Returns r as the API shows it (secrets redacted), or NULL. */
static json_t *rule_json(const struct alert_rule *r)
{
    char *s = alert_rule_to_json(r, true);
    json_t *o = json_loads(s, 0, NULL);
    free(s);
    return o;
}

static void answer_rule(struct http_resp *out, struct store *st, int64_t id, unsigned status)
{
    struct alert_rule *r = NULL;
    herald_rc rc = alerts_rule_get(st, &r, id);
    if (rc) {
        api_resp_rc(out, rc);
        return;
    }
    http_resp_json(out, rule_json(r));
    out->status = status;
    alert_rule_free(r);
}

/* Checks the body's type and size as api_body_parse() does. */
static bool body_ok(struct http_resp *out, const struct http_req *req)
{
    const char *t = req->body_type;
    if (!t || strncasecmp(t, "application/json", 16) || (t[16] && t[16] != ';' && t[16] != ' ')) {
        http_resp_error(out, 415, "unsupported_media_type", "the body must be application/json");
        return false;
    }
    if (req->body_len > ALERTS_RULE_MAX) {
        http_resp_error(out, 413, "payload_too_large", "the rule is over %d bytes",
                        ALERTS_RULE_MAX);
        return false;
    }
    return true;
}

void api_alerts_list(struct http_resp *out, const struct http_req *req)
{
    static const char *const allowed[] = {"all", "limit", "cursor", NULL};
    struct alerts_inbox_filter f = {.limit = 50};
    struct alert_event *v = NULL;
    size_t n = 0;
    const char *all = http_query_get(&req->query, "all"),
               *lim = http_query_get(&req->query, "limit");
    const char *cur = http_query_get(&req->query, "cursor");
    char *end = NULL;
    if (http_query_check(&req->query, allowed)) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    if (all && strcmp(all, "0") && strcmp(all, "1")) {
        http_resp_error(out, 400, "bad_request", "all: 0 or 1");
        return;
    }
    f.all = all && !strcmp(all, "1");
    if (lim && ((f.limit = strtoul(lim, &end, 10)) < 1 || f.limit > 200 || *end)) {
        http_resp_error(out, 400, "bad_request", "limit: a number in 1..200");
        return;
    }
    if (cur && !http_router_parse_id(cur, strlen(cur), &f.before_id)) {
        http_resp_error(out, 400, "bad_request", "cursor: not a cursor from this API");
        return;
    }
    herald_rc rc = alerts_inbox_list(req->st, &v, &n, &f);
    if (rc) {
        api_resp_rc(out, rc);
        return;
    }
    json_t *items = json_array(), *o = json_object();
    for (size_t i = 0; i < n; i++) {
        char *s = alert_event_to_json(&v[i]);
        json_array_append_new(items, json_loads(s, 0, NULL));
        free(s);
    }
    json_object_set_new(o, "items", items);
    if (n == f.limit && n > 0) {
        char c[24];
        snprintf(c, sizeof c, "%lld", (long long)v[n - 1].id);
        json_object_set_new(o, "next_cursor", json_string(c));
    } else {
        json_object_set_new(o, "next_cursor", json_null());
    }
    alert_events_free(v, n);
    http_resp_json(out, o);
}

void api_alerts_ack(struct http_resp *out, const struct http_req *req)
{
    struct auth_actor by = api_actor(req);
    struct alert_event e;
    herald_rc rc = alerts_event_ack(req->wst, &by, req->id);
    if (!rc)
        rc = alerts_event_get(req->wst, &e, req->id);
    if (rc) {
        api_resp_rc(out, rc);
        return;
    }
    char *s = alert_event_to_json(&e);
    http_resp_json(out, json_loads(s, 0, NULL));
    free(s);
    alert_event_clear(&e);
}

void api_alert_rules_list(struct http_resp *out, const struct http_req *req)
{
    struct alert_rule **v = NULL;
    size_t n = 0;
    if (req->query.n) {
        http_resp_error(out, 400, "bad_request", "this route takes no parameters");
        return;
    }
    herald_rc rc = alerts_rule_list(req->st, &v, &n);
    if (rc) {
        api_resp_rc(out, rc);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, rule_json(v[i]));
    alert_rules_free(v, n);
    http_resp_json(out, json_pack("{so}", "items", items));
}

void api_alert_rules_create(struct http_resp *out, const struct http_req *req)
{
    struct alert_rule *r = NULL;
    struct auth_actor by = api_actor(req);
    int64_t id = 0;
    if (!body_ok(out, req))
        return;
    herald_rc rc = alert_rule_parse(&r, req->body, req->body_len);
    if (!rc)
        rc = alerts_rule_add(req->wst, &id, &by, r);
    alert_rule_free(r);
    if (rc)
        api_resp_rc(out, rc);
    else
        answer_rule(out, req->wst, id, 201);
}

void api_alert_rule_get(struct http_resp *out, const struct http_req *req)
{
    answer_rule(out, req->st, req->id, 200);
}

void api_alert_rules_update(struct http_resp *out, const struct http_req *req)
{
    struct auth_actor by = api_actor(req);
    if (!body_ok(out, req))
        return;
    if (memmem(req->body, req->body_len, "\"***\"", 5)) {
        http_resp_error(out, 400, "bad_request",
                        "channels: give webhook secrets in full (\"***\" is only shown)");
        return;
    }
    herald_rc rc = alerts_rule_update(req->wst, NULL, &by, req->id, req->body, req->body_len);
    if (rc)
        api_resp_rc(out, rc);
    else
        answer_rule(out, req->wst, req->id, 200);
}

void api_alert_rules_delete(struct http_resp *out, const struct http_req *req)
{
    struct auth_actor by = api_actor(req);
    herald_rc rc = alerts_rule_delete(req->wst, &by, req->id);
    if (rc)
        api_resp_rc(out, rc);
    else
        http_resp_json(out, json_pack("{sIsb}", "id", (json_int_t)req->id, "deleted", 1));
}
