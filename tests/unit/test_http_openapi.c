/* Keeps data/openapi.json true: the embedded document parses as OpenAPI
 * 3.0, every route of the table is documented with its method and its
 * permission (x-permission), every documented path and method is routed,
 * every operation documents the error body, and every JSON body has a
 * closed schema. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "http/api.h"

static json_t *load(void)
{
    size_t len = 0;
    const char *doc = http_api_openapi(&len);
    json_error_t err;
    json_t *j = json_loadb(doc, len, 0, &err);
    if (!j)
        fail_msg("openapi.json: line %d: %s", err.line, err.text);
    return j;
}

static void lower(char *out, const char *s)
{
    size_t i = 0;
    for (; s[i] && i < 15; i++)
        out[i] = (char)(s[i] | 0x20);
    out[i] = '\0';
}

static void test_document(void **state)
{
    json_t *j = load();
    assert_true(!strncmp(json_string_value(json_object_get(j, "openapi")), "3.0", 3));
    assert_non_null(json_object_get(json_object_get(j, "components"), "schemas"));
    assert_non_null(
        json_object_get(json_object_get(json_object_get(j, "components"), "schemas"), "Error"));
    json_decref(j);
}

/* The operation's x-permission is the route's, protected routes document
 * 401 and 403, and routes with a JSON body document a closed schema. */
static void check_permission(json_t *op, const struct http_route *r, json_t *doc)
{
    const char *want = r->perm == HTTP_PUBLIC             ? "public"
                       : !strcmp(r->perm, HTTP_SIGNED_IN) ? "signed-in"
                                                          : r->perm;
    const char *got = json_string_value(json_object_get(op, "x-permission"));
    json_t *responses = json_object_get(op, "responses");
    if (!got || strcmp(got, want))
        fail_msg("%s %s: x-permission %s, routed as %s", r->method, r->pattern, got ? got : "-",
                 want);
    if (r->perm != HTTP_PUBLIC) {
        assert_non_null(json_object_get(responses, "401"));
        assert_non_null(json_object_get(responses, "403"));
    } else {
        assert_int_equal(json_array_size(json_object_get(op, "security")), 0);
    }
    if (!strcmp(r->method, "POST") || !strcmp(r->method, "PATCH")) {
        json_t *schema = json_object_get(
            json_object_get(
                json_object_get(json_object_get(json_object_get(op, "requestBody"), "content"),
                                "application/json"),
                "schema"),
            "$ref");
        const char *ref = json_string_value(schema);
        assert_non_null(ref);
        assert_true(!strncmp(ref, "#/components/schemas/", 21));
        json_t *def = json_object_get(
            json_object_get(json_object_get(doc, "components"), "schemas"), ref + 21);
        assert_true(json_is_false(json_object_get(def, "additionalProperties")));
    }
}

static void test_routes_documented(void **state)
{
    json_t *j = load(), *paths = json_object_get(j, "paths");
    for (size_t i = 0; i < http_api_route_count; i++) {
        char m[16];
        lower(m, http_api_routes[i].method);
        json_t *op = json_object_get(json_object_get(paths, http_api_routes[i].pattern), m);
        if (!op)
            fail_msg("%s %s is not in openapi.json", http_api_routes[i].method,
                     http_api_routes[i].pattern);
        json_t *responses = json_object_get(op, "responses");
        assert_true(json_object_get(responses, "200") || json_object_get(responses, "201") ||
                    json_object_get(responses, "204"));
        assert_non_null(json_object_get(responses, "400"));
        check_permission(op, &http_api_routes[i], j);
        if (strstr(http_api_routes[i].pattern, "{id}")) {
            assert_non_null(json_object_get(responses, "404"));
            json_t *params = json_object_get(op, "parameters");
            bool has_id = false;
            for (size_t k = 0; k < json_array_size(params); k++)
                has_id |= !strcmp(
                    json_string_value(json_object_get(json_array_get(params, k), "name")), "id");
            assert_true(has_id);
        }
    }
    json_decref(j);
}

static void test_documented_paths_routed(void **state)
{
    json_t *j = load(), *paths = json_object_get(j, "paths"), *ops;
    const char *path, *method;
    json_object_foreach(paths, path, ops)
    {
        json_t *op;
        json_object_foreach(ops, method, op)
        {
            bool found = false;
            for (size_t i = 0; i < http_api_route_count; i++)
                found |= !strcmp(http_api_routes[i].pattern, path) &&
                         !strcasecmp(http_api_routes[i].method, method);
            if (!found)
                fail_msg("openapi.json documents %s %s, which is not routed", method, path);
        }
    }
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_routes_documented),
        cmocka_unit_test(test_documented_paths_routed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
