/* Tests for the API router: literal and {id} segments, 404 versus 405 with
 * the Allow list, bad ids, traversal-looking paths, and the real table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/api.h"
#include "http/metrics.h"
#include "http/router.h"

static void h(struct http_resp *out, const struct http_req *req)
{
    (void)out;
    (void)req;
}

static const struct http_route routes[] = {
    {"GET", "/a", h, false, HTTP_PUBLIC, false},
    {"GET", "/a/{id}", h, false, HTTP_PUBLIC, false},
    {"GET", "/a/latest", h, false, HTTP_PUBLIC, false},
    {"POST", "/a", h, false, HTTP_SIGNED_IN, true},
    {"GET", "/b/{id}/c", h, false, "articles.read", false},
};
#define N (sizeof routes / sizeof routes[0])

static enum http_match m(const char *method, const char *path, size_t *r, int64_t *id)
{
    return http_router_match(routes, N, method, path, r, id);
}

static void test_literals_and_ids(void **state)
{
    size_t r = 99;
    int64_t id = -1;
    assert_int_equal(m("GET", "/a", &r, &id), HTTP_MATCH_OK);
    assert_int_equal(r, 0);
    assert_int_equal(id, 0);
    assert_int_equal(m("POST", "/a", &r, &id), HTTP_MATCH_OK);
    assert_int_equal(r, 3);
    assert_int_equal(m("GET", "/a/42", &r, &id), HTTP_MATCH_OK);
    assert_int_equal(r, 1);
    assert_int_equal(id, 42);
    assert_int_equal(m("GET", "/a/latest", &r, &id), HTTP_MATCH_OK);
    assert_int_equal(r, 2); /* the literal wins over {id} */
    assert_int_equal(m("GET", "/b/7/c", &r, &id), HTTP_MATCH_OK);
    assert_int_equal(id, 7);
    assert_int_equal(m("HEAD", "/a/1", &r, &id), HTTP_MATCH_OK);
}

static void test_not_found(void **state)
{
    size_t r;
    int64_t id;
    const char *paths[] = {"/",
                           "",
                           "/a/",
                           "//a",
                           "/a/1/",
                           "/b/1",
                           "/b/1/c/d",
                           "/a/../a",
                           "/A",
                           "/a/%31",
                           "/a/ 1",
                           "/../etc/passwd",
                           "/a/1/../../etc/passwd"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        enum http_match got = m("GET", paths[i], &r, &id);
        if (got != HTTP_MATCH_NOT_FOUND && got != HTTP_MATCH_BAD_ID)
            fail_msg("%s matched (%d)", paths[i], got);
    }
    assert_int_equal(m("GET", "/a/../a", &r, &id), HTTP_MATCH_NOT_FOUND);
}

static void test_bad_method(void **state)
{
    size_t r;
    int64_t id;
    char allow[64];
    assert_int_equal(m("DELETE", "/a", &r, &id), HTTP_MATCH_BAD_METHOD);
    assert_int_equal(m("POST", "/a/1", &r, &id), HTTP_MATCH_BAD_METHOD);
    assert_string_equal(http_router_allow(allow, sizeof allow, routes, N, "/a"), "GET, HEAD, POST");
    assert_string_equal(http_router_allow(allow, sizeof allow, routes, N, "/a/1"), "GET, HEAD");
    assert_string_equal(http_router_allow(allow, sizeof allow, routes, N, "/zz"), "");
}

static void test_bad_ids(void **state)
{
    size_t r;
    int64_t id;
    const char *paths[] = {"/a/0",  "/a/-1", "/a/01", "/a/1x", "/a/abc", "/a/1234567890123456789",
                           "/a/+1", "/a/1.5"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (m("GET", paths[i], &r, &id) != HTTP_MATCH_BAD_ID)
            fail_msg("%s is not a bad id", paths[i]);
    assert_true(http_router_parse_id("999999999999999999", 18, &id));
    assert_false(http_router_parse_id("", 0, &id));
}

static void test_api_table(void **state)
{
    size_t r;
    int64_t id;
    assert_int_equal(http_router_match(http_api_routes, http_api_route_count, "GET",
                                       "/api/v1/articles/12", &r, &id),
                     HTTP_MATCH_OK);
    assert_string_equal(http_api_routes[r].pattern, "/api/v1/articles/{id}");
    assert_int_equal(id, 12);
    assert_int_equal(http_router_match(http_api_routes, http_api_route_count, "POST",
                                       "/api/v1/articles", &r, &id),
                     HTTP_MATCH_BAD_METHOD);
    assert_int_equal(http_router_match(http_api_routes, http_api_route_count, "GET",
                                       "/api/v1/../../etc/passwd", &r, &id),
                     HTTP_MATCH_NOT_FOUND);
    assert_true(http_api_route_count <= HTTP_METRICS_ROUTES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_and_ids), cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_bad_method),       cmocka_unit_test(test_bad_ids),
        cmocka_unit_test(test_api_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
