/* POST /api/v1/sources, PATCH and DELETE /api/v1/sources/{id}: each change
 * runs in one transaction on the server's writer together with its audit
 * row (who, what, when, the source before and after). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/api.h"
#include "http/api_body.h"
#include "http/api_json.h"
#include "store/store_source.h"
#include "util/str.h"

#define NAME_MAX_BYTES 200

/* Returns the audited fields of s as a JSON text; caller frees. */
static char *audit_json(const struct source *s)
{
    json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:s, s:i, s:b}", "url", s->url, "name",
                          api_str(s->name), "country", api_str(s->country), "lang",
                          api_str(s->lang), "kind", s->kind ? s->kind : "foreign", "poll_minutes",
                          s->poll_minutes, "enabled", s->enabled);
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return text;
}

/* Returns HERALD_EINVAL unless name is NULL or 1..200 bytes of text. */
static herald_rc name_check(const char *name)
{
    if (!name)
        return HERALD_OK;
    size_t n = strlen(name);
    if (n == 0 || n > NAME_MAX_BYTES || str_blank(name))
        return herald_error_set(HERALD_EINVAL, "name: 1..%d bytes of text", NAME_MAX_BYTES);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return herald_error_set(HERALD_EINVAL, "name: contains a control character");
    return HERALD_OK;
}

/* Audits action on source id with before/after texts (may be NULL). */
static herald_rc audit(const struct http_req *req, const char *action, int64_t id,
                       const char *before, const char *after)
{
    struct auth_actor by = api_actor(req);
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    return auth_audit(req->wst, &by, action, "source", oid, before, after);
}

/* Adds the source described by b, audited, in one transaction. */
static herald_rc add_source(const struct http_req *req, int64_t *id, json_t *b)
{
    json_t *poll = json_object_get(b, "poll_minutes"), *enabled = json_object_get(b, "enabled");
    struct source s = {.url = (char *)api_body_str(b, "url"),
                       .name = (char *)api_body_str(b, "name"),
                       .country = (char *)api_body_str(b, "country"),
                       .lang = (char *)api_body_str(b, "lang"),
                       .kind = (char *)api_body_str(b, "kind"),
                       .enabled = true};
    char *after = NULL;
    herald_rc rc = name_check(s.name);
    if (rc)
        return rc;
    if (poll && (json_integer_value(poll) < 1 || json_integer_value(poll) > 10080))
        return herald_error_set(HERALD_EINVAL, "poll_minutes: a number in 1..10080");
    s.poll_minutes = poll ? (int)json_integer_value(poll) : 0;
    if ((rc = store_begin(req->wst)))
        return rc;
    if ((rc = store_source_add(req->wst, &s)))
        goto done;
    if (enabled && !json_is_true(enabled) && (rc = store_source_set_enabled(req->wst, s.id, false)))
        goto done;
    struct source *now = NULL;
    if ((rc = store_source_get(req->wst, s.id, &now)))
        goto done;
    after = audit_json(now);
    source_free(now);
    if ((rc = audit(req, "source.add", s.id, NULL, after)) || (rc = store_commit(req->wst)))
        goto done;
    *id = s.id;
done:
    if (rc)
        store_rollback(req->wst);
    free(after);
    return rc;
}

void api_sources_create(struct http_resp *out, const struct http_req *req)
{
    static const struct api_field fields[] = {{"url", API_STRING, true},
                                              {"name", API_STRING_OR_NULL, false},
                                              {"country", API_STRING_OR_NULL, false},
                                              {"lang", API_STRING_OR_NULL, false},
                                              {"kind", API_STRING_OR_NULL, false},
                                              {"poll_minutes", API_INT, false},
                                              {"enabled", API_BOOL, false},
                                              {NULL, 0, false}};
    json_t *b = NULL;
    int64_t id = 0;
    if (!api_body_parse(&b, out, req, fields))
        return;
    herald_rc rc = add_source(req, &id, b);
    if (rc)
        api_resp_rc(out, rc);
    else
        api_source_answer(out, req->wst, id, (int64_t)time(NULL) - 7 * 86400, 201);
    json_decref(b);
}

/* Sets the name of source id (NULL clears it). */
static herald_rc set_name(struct store *st, int64_t id, const char *name)
{
    static const char sql[] = "UPDATE sources SET name = ?2 WHERE id = ?1";
    sqlite3_stmt *s = NULL;
    herald_rc rc = store_prepare(st, &s, sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, id);
    store_bind_text(s, 2, name);
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = store_fail(st, "source name");
    sqlite3_reset(s);
    return rc;
}

/* Applies b's enabled and name to source id, audited, in one transaction. */
static herald_rc update_source(const struct http_req *req, json_t *b)
{
    struct source *before = NULL, *after = NULL;
    json_t *enabled = json_object_get(b, "enabled"), *name = json_object_get(b, "name");
    char *tb = NULL, *ta = NULL;
    herald_rc rc = name ? name_check(json_string_value(name)) : HERALD_OK;
    if (rc || (rc = store_begin(req->wst)))
        return rc;
    if ((rc = store_source_get(req->wst, req->id, &before)))
        goto done;
    if (enabled && (rc = store_source_set_enabled(req->wst, req->id, json_is_true(enabled))))
        goto done;
    if (name && (rc = set_name(req->wst, req->id, json_string_value(name))))
        goto done;
    if ((rc = store_source_get(req->wst, req->id, &after)))
        goto done;
    tb = audit_json(before);
    ta = audit_json(after);
    if ((rc = audit(req, "source.update", req->id, tb, ta)))
        goto done;
    rc = store_commit(req->wst);
done:
    if (rc)
        store_rollback(req->wst);
    source_free(before);
    source_free(after);
    free(tb);
    free(ta);
    return rc;
}

void api_sources_update(struct http_resp *out, const struct http_req *req)
{
    static const struct api_field fields[] = {
        {"enabled", API_BOOL, false}, {"name", API_STRING_OR_NULL, false}, {NULL, 0, false}};
    json_t *b = NULL;
    if (!api_body_parse(&b, out, req, fields))
        return;
    herald_rc rc = update_source(req, b);
    if (rc == HERALD_ENOTFOUND)
        http_resp_error(out, 404, "not_found", "no source %lld", (long long)req->id);
    else if (rc)
        api_resp_rc(out, rc);
    else
        api_source_answer(out, req->wst, req->id, (int64_t)time(NULL) - 7 * 86400, 200);
    json_decref(b);
}

void api_sources_delete(struct http_resp *out, const struct http_req *req)
{
    struct source *before = NULL;
    char *tb = NULL;
    if (req->body_len) {
        http_resp_error(out, 400, "bad_request", "DELETE takes no body");
        return;
    }
    herald_rc rc = store_begin(req->wst);
    if (!rc && !(rc = store_source_get(req->wst, req->id, &before))) {
        tb = audit_json(before);
        if (!(rc = store_source_remove(req->wst, req->id)) &&
            !(rc = audit(req, "source.delete", req->id, tb, NULL)))
            rc = store_commit(req->wst);
    }
    if (rc)
        store_rollback(req->wst);
    if (rc == HERALD_ENOTFOUND)
        http_resp_error(out, 404, "not_found", "no source %lld", (long long)req->id);
    else if (rc)
        api_resp_rc(out, rc);
    else
        out->status = 204;
    source_free(before);
    free(tb);
}
