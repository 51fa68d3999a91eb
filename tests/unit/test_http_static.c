/* Tests for the static file server: a tree built in a temporary directory,
 * the server on 127.0.0.1:0, and a plain-socket HTTP/1.1 client. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/static.h"
#include "util/xalloc.h"

struct fixture {
    char dir[64]; /* temporary directory holding root/ and outside/ */
    char *root;   /* the served directory */
    struct static_server *srv;
};

struct response {
    int status;
    char *head; /* the header block */
    char *body;
    size_t body_len;
};

static void write_file(const char *dir, const char *name, const char *content, size_t len)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
    free(path);
}

static void write_text(const char *dir, const char *name, const char *content)
{
    write_file(dir, name, content, strlen(content));
}

/* Builds root/ (files, a subdirectory, symlinks) and outside/secret.txt. */
static void build_tree(struct fixture *fx)
{
    char *outside = xasprintf("%s/outside", fx->dir);
    char *sub = xasprintf("%s/sub", fx->root);
    char *link = xasprintf("%s/escape.txt", fx->root);
    char *secret = xasprintf("%s/secret.txt", outside);
    assert_int_equal(mkdir(fx->root, 0755), 0);
    assert_int_equal(mkdir(outside, 0755), 0);
    assert_int_equal(mkdir(sub, 0755), 0);
    write_text(outside, "secret.txt", "TOP SECRET\n");
    assert_int_equal(symlink(secret, link), 0);
    write_text(fx->root, "hello.txt", "hello, world\n");
    write_text(fx->root, "robots.txt", "User-agent: *\nDisallow: /private/\n");
    write_text(fx->root, "feed.xml",
               "<?xml version=\"1.0\"?><rss><channel><link>{{BASE}}/</link>"
               "<item><link>{{BASE}}/a.html?utm_source=rss</link></item></channel></rss>\n");
    write_text(sub, "index.html", "<!DOCTYPE html><html><body>index</body></html>\n");
    /* "Tiếng Việt" in windows-1258: not UTF-8, prolog declares it. */
    write_text(
        fx->root, "legacy.xml",
        "<?xml version=\"1.0\" encoding=\"windows-1258\"?><t>Ti\xea\xd2ng Vi\xea\xf2t</t>\n");
    write_text(fx->root, "legacy.html",
               "<html><head><meta charset=\"windows-1258\"></head><body>Vi\xea\xf2t</body></html>");
    char big[8192];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = "<p>Vietnam ASEAN </p>\n"[i % 22];
    write_file(fx->root, "big.html", big, sizeof big);
    free(outside);
    free(sub);
    free(link);
    free(secret);
}

static int setup(void **state)
{
    struct fixture *fx = xcalloc(1, sizeof *fx);
    strcpy(fx->dir, "/tmp/herald-static-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    fx->root = xasprintf("%s/root", fx->dir);
    build_tree(fx);
    assert_int_equal(static_server_start(&fx->srv, fx->root, "127.0.0.1:0"), HERALD_OK);
    assert_true(static_server_port(fx->srv) > 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    static_server_stop(fx->srv);
    char *cmd = xasprintf("rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(fx->root);
    free(fx);
    return 0;
}

static void response_free(struct response *r)
{
    free(r->head);
    free(r->body);
}

/* Sends a raw request (the request line and extra header lines, each ending
 * in \r\n) and reads the whole response (Connection: close). */
static void http(struct response *out, const struct fixture *fx, const char *method,
                 const char *target, const char *headers)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)static_server_port(fx->srv))};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char *req = xasprintf("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n",
                          method, target, headers ? headers : "");
    assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    free(req);
    size_t len = 0, cap = 1 << 16;
    char *data = xmalloc(cap + 1);
    ssize_t n;
    while ((n = read(fd, data + len, cap - len)) > 0)
        len += (size_t)n;
    close(fd);
    data[len] = '\0';
    char *sep = strstr(data, "\r\n\r\n");
    assert_non_null(sep);
    out->head = xstrndup(data, (size_t)(sep - data));
    out->body_len = len - (size_t)(sep + 4 - data);
    out->body = xmalloc(out->body_len + 1);
    memcpy(out->body, sep + 4, out->body_len);
    out->body[out->body_len] = '\0';
    assert_int_equal(sscanf(data, "HTTP/1.1 %d", &out->status), 1);
    free(data);
}

static void get(struct response *out, const struct fixture *fx, const char *target)
{
    http(out, fx, "GET", target, NULL);
}

/* Returns a copy of the value of header name (NULL when absent). */
static char *header(const struct response *r, const char *name)
{
    char *key = xasprintf("\r\n%s:", name);
    const char *p = strcasestr(r->head, key);
    char *v = NULL;
    if (p) {
        p += strlen(key);
        p += strspn(p, " ");
        v = xstrndup(p, strcspn(p, "\r\n"));
    }
    free(key);
    return v;
}

static void assert_header(const struct response *r, const char *name, const char *want)
{
    char *v = header(r, name);
    assert_non_null(v);
    assert_string_equal(v, want);
    free(v);
}

static void test_plain_file(void **state)
{
    struct response r;
    get(&r, *state, "/hello.txt");
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "hello, world\n");
    assert_header(&r, "Content-Type", "text/plain; charset=utf-8");
    response_free(&r);
}

static void test_base_substitution(void **state)
{
    struct fixture *fx = *state;
    struct response r;
    get(&r, fx, "/feed.xml?utm_source=test");
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "{{BASE}}"));
    char *want = xasprintf("<link>http://127.0.0.1:%d/a.html?utm_source=rss</link>",
                           static_server_port(fx->srv));
    assert_non_null(strstr(r.body, want));
    char *base = xasprintf("http://127.0.0.1:%d", static_server_port(fx->srv));
    assert_string_equal(static_server_base(fx->srv), base);
    free(base);
    assert_header(&r, "Content-Type", "application/xml; charset=utf-8");
    free(want);
    response_free(&r);
}

static void test_etag_304(void **state)
{
    struct response r, r2, r3;
    get(&r, *state, "/hello.txt");
    char *etag = header(&r, "ETag");
    assert_non_null(etag);
    char *h = xasprintf("If-None-Match: \"nope\", %s\r\n", etag);
    http(&r2, *state, "GET", "/hello.txt", h);
    assert_int_equal(r2.status, 304);
    assert_int_equal(r2.body_len, 0);
    http(&r3, *state, "GET", "/hello.txt", "If-None-Match: \"other\"\r\n");
    assert_int_equal(r3.status, 200);
    free(h);
    free(etag);
    response_free(&r);
    response_free(&r2);
    response_free(&r3);
}

static void test_if_modified_since(void **state)
{
    struct response r, r2, r3;
    get(&r, *state, "/hello.txt");
    char *lm = header(&r, "Last-Modified");
    assert_non_null(lm);
    char *h = xasprintf("If-Modified-Since: %s\r\n", lm);
    http(&r2, *state, "GET", "/hello.txt", h);
    assert_int_equal(r2.status, 304);
    http(&r3, *state, "GET", "/hello.txt", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
    assert_int_equal(r3.status, 200);
    free(h);
    free(lm);
    response_free(&r);
    response_free(&r2);
    response_free(&r3);
}

static void test_not_found(void **state)
{
    struct response r;
    get(&r, *state, "/no/such/page.html");
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "404 Not Found"));
    assert_header(&r, "Content-Type", "text/html; charset=utf-8");
    response_free(&r);
}

static void test_directory_index(void **state)
{
    struct response r;
    get(&r, *state, "/sub/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "index"));
    response_free(&r);
}

static void test_traversal_refused(void **state)
{
    static const char *targets[] = {
        "/../outside/secret.txt",
        "/sub/../../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/sub/%2E%2E/%2e%2e/outside/secret.txt",
        "/..%2foutside%2fsecret.txt",
        "/sub/..%5c..%5coutside%5csecret.txt",
        "/escape.txt",
        "//etc/passwd",
        "/./hello.txt",
        "/.hidden",
    };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        struct response r;
        get(&r, *state, targets[i]);
        if (r.status == 200 || strstr(r.body, "TOP SECRET"))
            fail_msg("served %s with status %d", targets[i], r.status);
        assert_true(r.status == 403 || r.status == 404 || r.status == 400);
        response_free(&r);
    }
}

static void test_legacy_charset(void **state)
{
    struct response r, r2;
    get(&r, *state, "/legacy.xml");
    assert_int_equal(r.status, 200);
    assert_header(&r, "Content-Type", "application/xml");
    get(&r2, *state, "/legacy.html");
    assert_header(&r2, "Content-Type", "text/html; charset=windows-1258");
    response_free(&r);
    response_free(&r2);
}

static void test_gzip(void **state)
{
    struct response r, r2;
    http(&r, *state, "GET", "/big.html", "Accept-Encoding: gzip, deflate\r\n");
    assert_int_equal(r.status, 200);
    char *ce = header(&r, "Content-Encoding"); /* libz.so.1 is a project dependency */
    assert_non_null(ce);
    assert_string_equal(ce, "gzip");
    assert_true(r.body_len < 8192);
    assert_int_equal((unsigned char)r.body[0], 0x1f);
    assert_int_equal((unsigned char)r.body[1], 0x8b);
    http(&r2, *state, "GET", "/big.html", "Accept-Encoding: gzip;q=0\r\n");
    assert_int_equal(r2.body_len, 8192);
    assert_null(strcasestr(r2.head, "Content-Encoding"));
    free(ce);
    response_free(&r);
    response_free(&r2);
}

static void test_methods(void **state)
{
    struct response r, r2;
    http(&r, *state, "POST", "/hello.txt", "Content-Length: 0\r\n");
    assert_int_equal(r.status, 405);
    assert_header(&r, "Allow", "GET, HEAD");
    http(&r2, *state, "HEAD", "/hello.txt", NULL);
    assert_int_equal(r2.status, 200);
    assert_int_equal(r2.body_len, 0);
    response_free(&r);
    response_free(&r2);
}

static void test_robots(void **state)
{
    struct response r;
    get(&r, *state, "/robots.txt");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Disallow: /private/"));
    response_free(&r);
}

static void test_bad_start(void **state)
{
    struct static_server *s = (void *)1;
    assert_int_equal(static_server_start(&s, "/nonexistent/dir", "127.0.0.1:0"), HERALD_ENOTFOUND);
    assert_null(s);
    assert_int_equal(static_server_start(&s, "/tmp", "999.1.1.1:80"), HERALD_EINVAL);
    assert_int_equal(static_server_start(&s, "/tmp", "127.0.0.1:99999"), HERALD_EINVAL);
    static_server_stop(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_file),
        cmocka_unit_test(test_base_substitution),
        cmocka_unit_test(test_etag_304),
        cmocka_unit_test(test_if_modified_since),
        cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_directory_index),
        cmocka_unit_test(test_traversal_refused),
        cmocka_unit_test(test_legacy_charset),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_methods),
        cmocka_unit_test(test_robots),
        cmocka_unit_test(test_bad_start),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
