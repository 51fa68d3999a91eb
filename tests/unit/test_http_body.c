/* Strict JSON bodies (api_body_parse) and the dashboard's file serving
 * (http_web_serve): types, unknown and duplicate fields, caps, content
 * types; index fallback, content types and traversal refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/api_body.h"
#include "http/web.h"

static const struct api_field fields[] = {{"name", API_STRING, true},
                                          {"note", API_STRING_OR_NULL, false},
                                          {"on", API_BOOL, false},
                                          {"n", API_INT, false},
                                          {NULL, 0, false}};

/* Parses body with content type ctype; returns the status (200 = parsed). */
static unsigned parse(const char *body, const char *ctype)
{
    struct http_req req = {.body = body, .body_len = strlen(body), .body_type = ctype};
    struct http_resp resp = {0};
    json_t *o = NULL;
    bool ok = api_body_parse(&o, &resp, &req, fields);
    unsigned status = ok ? 200 : resp.status;
    assert_true(ok == (o != NULL));
    json_decref(o);
    http_resp_clear(&resp);
    return status;
}

static void test_body(void **state)
{
    assert_int_equal(parse("{\"name\":\"a\"}", NULL), 200);
    assert_int_equal(parse("{\"name\":\"a\",\"note\":null,\"on\":true,\"n\":3}",
                           "application/json; charset=utf-8"),
                     200);
    assert_int_equal(parse("{\"name\":\"a\"}", "text/plain"), 415);
    assert_int_equal(parse("{\"name\":\"a\"}", "application/jsonx"), 415);
    assert_int_equal(parse("", NULL), 400);
    assert_int_equal(parse("{", NULL), 400);
    assert_int_equal(parse("[]", NULL), 400);
    assert_int_equal(parse("\"name\"", NULL), 400);
    assert_int_equal(parse("{}", NULL), 400);
    assert_int_equal(parse("{\"note\":\"x\"}", NULL), 400);                /* required */
    assert_int_equal(parse("{\"name\":1}", NULL), 400);                    /* type */
    assert_int_equal(parse("{\"name\":null}", NULL), 400);                 /* not nullable */
    assert_int_equal(parse("{\"name\":\"a\",\"on\":1}", NULL), 400);       /* bool */
    assert_int_equal(parse("{\"name\":\"a\",\"n\":1.5}", NULL), 400);      /* int */
    assert_int_equal(parse("{\"name\":\"a\",\"x\":1}", NULL), 400);        /* unknown */
    assert_int_equal(parse("{\"name\":\"a\",\"name\":\"b\"}", NULL), 400); /* duplicate */
    assert_int_equal(parse("{\"name\":\"\\u0000\"}", NULL), 400);          /* NUL */
    assert_int_equal(parse("{\"name\":\"\xc3\x28\"}", NULL), 400);         /* bad UTF-8 */
    char *big = malloc(HTTP_MAX_JSON + 20);
    memset(big, ' ', HTTP_MAX_JSON + 19);
    memcpy(big, "{\"name\":\"a\"}", 12);
    big[HTTP_MAX_JSON + 19] = '\0';
    assert_int_equal(parse(big, NULL), 413);
    free(big);
}

static char root[64];

static int setup(void **state)
{
    char cmd[1024];
    strcpy(root, "/tmp/herald-web-XXXXXX");
    assert_non_null(mkdtemp(root));
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/www/assets && echo index > %s/www/index.html && "
             "echo js > %s/www/assets/a.js && echo secret > %s/secret.txt && "
             "ln -s %s/secret.txt %s/www/link.txt",
             root, root, root, root, root, root);
    assert_int_equal(system(cmd), 0);
    return 0;
}

static int teardown(void **state)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    return system(cmd);
}

/* Serves path; returns the status and copies the body's first line. */
static unsigned serve(const char *path, char *body, size_t n, const char **ctype)
{
    char dir[128];
    struct http_resp r = {0};
    snprintf(dir, sizeof dir, "%s/www", root);
    http_web_serve(&r, dir, path);
    unsigned status = r.status;
    snprintf(body, n, "%.*s", (int)strcspn(r.body ? r.body : "", "\n"), r.body ? r.body : "");
    *ctype = r.ctype;
    http_resp_clear(&r);
    return status;
}

static void test_web(void **state)
{
    char body[64];
    const char *ct = NULL;
    assert_int_equal(serve("/", body, sizeof body, &ct), 200);
    assert_string_equal(body, "index");
    assert_string_equal(ct, "text/html; charset=utf-8");
    assert_int_equal(serve("/search/deep/route", body, sizeof body, &ct), 200);
    assert_string_equal(body, "index");
    assert_int_equal(serve("/assets/a.js", body, sizeof body, &ct), 200);
    assert_string_equal(body, "js");
    assert_string_equal(ct, "text/javascript; charset=utf-8");
    assert_int_equal(serve("/nope.css", body, sizeof body, &ct), 404);
    assert_int_equal(serve("/link.txt", body, sizeof body, &ct), 404);
    assert_int_equal(serve("/../secret.txt", body, sizeof body, &ct), 404);
    assert_int_equal(serve("/assets/../../secret.txt", body, sizeof body, &ct), 404);
    assert_int_equal(serve("/./index.html", body, sizeof body, &ct), 404);
    assert_int_equal(serve("//etc/passwd", body, sizeof body, &ct), 404);
    assert_int_equal(serve("/a\\..\\secret.txt", body, sizeof body, &ct), 404);
    assert_int_equal(serve("relative.txt", body, sizeof body, &ct), 404);
    assert_string_equal(http_web_type("x.SVG"), "image/svg+xml");
    assert_string_equal(http_web_type("dir.d/file"), "application/octet-stream");
    struct http_resp r = {0};
    http_web_serve(&r, "/nonexistent/herald/web", "/");
    assert_int_equal(r.status, 404);
    http_resp_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_body),
        cmocka_unit_test_setup_teardown(test_web, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
