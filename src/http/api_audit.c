/* GET /api/v1/audit (admins): the append-only audit log, newest first,
 * filtered by since, actor and action (exact, or a prefix ending in '.'),
 * in pages of at most 500 rows with an opaque cursor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/api_json.h"

#define AUDIT_LIMIT_DEFAULT 100
#define AUDIT_LIMIT_MAX 500

static const char *const params[] = {"since", "actor", "action", "limit", "cursor", NULL};

/* Parses a decimal in 1..max (no sign, no spaces) into *out. */
static bool parse_pos(const char *v, long long max, long long *out)
{
    char *end = NULL;
    if (!v[0] || v[0] < '1' || v[0] > '9' || strlen(v) > 18)
        return false;
    long long x = strtoll(v, &end, 10);
    if (*end || x > max)
        return false;
    *out = x;
    return true;
}

/* Fills f from the query string. Returns HERALD_EINVAL with a message. */
static herald_rc parse_filter(struct auth_audit_filter *f, const struct http_query *q)
{
    struct api_filters since = {0};
    const char *v;
    long long n = 0;
    herald_rc rc = http_query_check(q, params);
    memset(f, 0, sizeof *f);
    f->limit = AUDIT_LIMIT_DEFAULT;
    f->newest_first = true;
    if (rc)
        return rc;
    if ((v = http_query_get(q, "since")) && (rc = api_filter_parse(&since, "since", v)))
        return rc;
    f->since = since.sq.since;
    if ((v = http_query_get(q, "actor")) && (!*v || strlen(v) > AUTH_NAME_MAX))
        return herald_error_set(HERALD_EINVAL, "actor: 1..%d bytes", AUTH_NAME_MAX);
    f->actor = v;
    if ((v = http_query_get(q, "action")) && (!*v || strlen(v) > 64))
        return herald_error_set(HERALD_EINVAL, "action: 1..64 bytes");
    f->action = v;
    if ((v = http_query_get(q, "limit"))) {
        if (!parse_pos(v, AUDIT_LIMIT_MAX, &n))
            return herald_error_set(HERALD_EINVAL, "limit: '%.40s' is not a number in 1..%d", v,
                                    AUDIT_LIMIT_MAX);
        f->limit = (size_t)n;
    }
    if ((v = http_query_get(q, "cursor"))) {
        if (!parse_pos(v, INT64_MAX, &n))
            return herald_error_set(HERALD_EINVAL, "cursor: '%.40s' is not a cursor", v);
        f->before_id = n;
    }
    return HERALD_OK;
}

void api_audit_list(struct http_resp *out, const struct http_req *req)
{
    struct auth_audit_filter f;
    struct auth_audit_row *v = NULL;
    size_t n = 0;
    if (parse_filter(&f, &req->query) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    size_t limit = f.limit;
    f.limit = limit + 1; /* one more tells whether there is a next page */
    if (auth_audit_list(req->st, &v, &n, &f) != HERALD_OK) {
        http_resp_error(out, 500, "internal", "%s", herald_error_last());
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n && i < limit; i++) {
        char *s = auth_audit_row_json(&v[i]);
        json_t *row = s ? json_loads(s, 0, NULL) : NULL;
        json_array_append_new(items, row ? row : json_null());
        free(s);
    }
    json_t *next = json_null();
    if (n > limit) {
        char cur[24];
        snprintf(cur, sizeof cur, "%lld", (long long)v[limit - 1].id);
        json_decref(next);
        next = json_string(cur);
    }
    auth_audit_rows_free(v, n);
    http_resp_json(out, json_pack("{s:o, s:o}", "items", items, "next_cursor", next));
}
