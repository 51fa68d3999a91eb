/* libFuzzer target for the strict JSON request bodies (api_body_parse):
 * input byte 0 picks the Content-Type, byte 1 the field table (the shapes
 * of the real write routes), the rest is the body. A body is either an
 * object that keeps every promise of the table, or a 400/413/415 answer
 * with an error code; never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/api_body.h"

static const struct api_field login[] = {
    {"name", API_STRING, true}, {"password", API_STRING, true}, {NULL, 0, false}};
static const struct api_field source[] = {{"url", API_STRING, true},
                                          {"name", API_STRING_OR_NULL, false},
                                          {"country", API_STRING_OR_NULL, false},
                                          {"poll_minutes", API_INT, false},
                                          {"enabled", API_BOOL, false},
                                          {NULL, 0, false}};
static const struct api_field user_update[] = {{"role", API_STRING, false},
                                               {"agency", API_STRING_OR_NULL, false},
                                               {"disabled", API_BOOL, false},
                                               {NULL, 0, false}};
static const struct api_field *const tables[] = {login, source, user_update};
static const char *const types[] = {"application/json", "application/json; charset=utf-8",
                                    "text/plain", NULL};

/* Returns true when v has the type t. */
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

/* Aborts unless o keeps the promises of fields. */
static void check_object(const json_t *o, const struct api_field *fields)
{
    const char *key;
    json_t *v;
    if (!json_is_object(o) || json_object_size(o) == 0)
        abort();
    json_object_foreach((json_t *)o, key, v)
    {
        size_t i = 0;
        while (fields[i].name && strcmp(fields[i].name, key))
            i++;
        if (!fields[i].name || !type_ok(v, fields[i].type))
            abort();
    }
    for (size_t i = 0; fields[i].name; i++)
        if (fields[i].required && !json_object_get(o, fields[i].name))
            abort();
}

/* Aborts unless resp is a 400, 413 or 415 error answer. */
static void check_refusal(const struct http_resp *resp)
{
    json_t *err = resp->json ? json_object_get(resp->json, "error") : NULL;
    if (resp->status != 400 && resp->status != 413 && resp->status != 415)
        abort();
    if (!json_is_string(json_object_get(err, "code")) ||
        !json_is_string(json_object_get(err, "message")))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const struct api_field *fields = tables[data[1] % 3];
    char *body = malloc(size - 1);
    memcpy(body, data + 2, size - 2);
    body[size - 2] = '\0'; /* the server NUL-terminates bodies */
    struct http_req req = {.body = body, .body_len = size - 2, .body_type = types[data[0] % 4]};
    struct http_resp resp = {0};
    json_t *o = NULL;
    bool ok = api_body_parse(&o, &resp, &req, fields);
    if (ok != (o != NULL))
        abort();
    if (ok)
        check_object(o, fields);
    else
        check_refusal(&resp);
    json_decref(o);
    http_resp_clear(&resp);
    free(body);
    return 0;
}
