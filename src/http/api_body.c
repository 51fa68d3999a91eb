/* Strict parsing of JSON request bodies and the error answers shared by
 * the write routes. */
#include "http/api_body.h"

#include <string.h>
#include <strings.h>

static const struct api_field *find_field(const struct api_field *fields, const char *key)
{
    for (size_t i = 0; fields[i].name; i++)
        if (!strcmp(fields[i].name, key))
            return &fields[i];
    return NULL;
}

static bool type_ok(const json_t *v, enum api_type t)
{
    switch (t) {
    case API_STRING:
        return json_is_string(v);
    case API_STRING_OR_NULL:
        return json_is_string(v) || json_is_null(v);
    case API_BOOL:
        return json_is_boolean(v);
    case API_INT:
        return json_is_integer(v);
    }
    return false;
}

static const char *type_name(enum api_type t)
{
    static const char *const names[] = {"a string", "a string or null", "true or false",
                                        "an integer"};
    return names[t];
}

/* Returns true when the Content-Type is absent or application/json. */
static bool is_json_ctype(const char *ctype)
{
    if (!ctype)
        return true;
    size_t n = strcspn(ctype, "; \t");
    return n == 16 && !strncasecmp(ctype, "application/json", 16);
}

/* Checks the keys and types of object o against fields. */
static bool check_fields(struct http_resp *resp, const json_t *o, const struct api_field *fields)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        const struct api_field *f = find_field(fields, key);
        if (!f) {
            http_resp_error(resp, 400, "bad_request", "unknown field '%.64s'", key);
            return false;
        }
        if (!type_ok(v, f->type)) {
            http_resp_error(resp, 400, "bad_request", "field '%s' must be %s", f->name,
                            type_name(f->type));
            return false;
        }
    }
    for (size_t i = 0; fields[i].name; i++) {
        if (fields[i].required && !json_object_get(o, fields[i].name)) {
            http_resp_error(resp, 400, "bad_request", "field '%s' is required", fields[i].name);
            return false;
        }
    }
    if (json_object_size(o) == 0) {
        http_resp_error(resp, 400, "bad_request", "the body has no fields");
        return false;
    }
    return true;
}

bool api_body_parse(json_t **out, struct http_resp *resp, const struct http_req *req,
                    const struct api_field *fields)
{
    json_error_t err;
    *out = NULL;
    if (!is_json_ctype(req->body_type)) {
        http_resp_error(resp, 415, "unsupported_media_type", "the body must be application/json");
        return false;
    }
    if (req->body_len > HTTP_MAX_JSON) {
        http_resp_error(resp, 413, "payload_too_large", "the JSON body is over %u bytes",
                        HTTP_MAX_JSON);
        return false;
    }
    if (req->body_len == 0) {
        http_resp_error(resp, 400, "bad_request", "a JSON object body is required");
        return false;
    }
    json_t *o = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!o) {
        http_resp_error(resp, 400, "bad_request", "malformed JSON at byte %d: %.120s", err.position,
                        err.text);
        return false;
    }
    if (!json_is_object(o)) {
        http_resp_error(resp, 400, "bad_request", "the body must be a JSON object");
        json_decref(o);
        return false;
    }
    if (!check_fields(resp, o, fields)) {
        json_decref(o);
        return false;
    }
    *out = o;
    return true;
}

const char *api_body_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

struct auth_actor api_actor(const struct http_req *req)
{
    if (!req->who)
        return (struct auth_actor){0, "system", req->ip};
    return auth_actor_of(req->who, req->ip);
}

void api_resp_rc(struct http_resp *resp, herald_rc rc)
{
    const char *msg = herald_error_last();
    if (rc == HERALD_EINVAL)
        http_resp_error(resp, 400, "bad_request", "%s", msg);
    else if (rc == HERALD_ENOTFOUND)
        http_resp_error(resp, 404, "not_found", "%s", msg);
    else if (rc == HERALD_EEXIST)
        http_resp_error(resp, 409, "conflict", "%s", msg);
    else
        http_resp_error(resp, 500, "internal", "%s", msg);
}
