/* fetch_all() against BUILD/fixture_server on 127.0.0.1: timeouts, caps,
 * redirects, conditional GET, gzip, statuses, per-host serialisation, the
 * SSRF guard and stopping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../support/fixture_server.h"
#include "net/fetch.h"
#include "net/netguard.h"
#include "util/xalloc.h"

static struct fixture_server fs;

static int setup(void **state)
{
    const char *const extra[] = {"--bind", "127.0.0.1", "--bind", "127.0.0.2",
                                 "--bind", "127.0.0.3", NULL};
    return fixture_server_start(&fs, HERALD_FIXTURES "/net", extra);
}

static int teardown(void **state)
{
    fixture_server_stop(&fs);
    return 0;
}

static void opts_for_tests(struct fetch_opts *o)
{
    fetch_opts_defaults(o);
    o->allow_private = true;
    o->host_delay_ms = 0;
    o->connect_timeout_ms = 2000;
    o->total_timeout_ms = 5000;
}

/* Fetches base+path with o (NULL = test defaults) into *out. */
static herald_rc get(struct fetch_response *out, const struct fetch_opts *o, const char *path,
                     const char *etag, const char *lastmod)
{
    struct fetch_opts def;
    opts_for_tests(&def);
    char *url = xasprintf("%s%s", fs.base, path);
    struct fetch_request rq = {.url = url, .etag = etag, .last_modified = lastmod};
    herald_rc rc = fetch_one(out, o ? o : &def, &rq);
    free(url);
    return rc;
}

/* Returns the number the server reports at base+path (a counter route). */
static long counter(const char *path)
{
    struct fetch_response r;
    assert_int_equal(get(&r, NULL, path, NULL, NULL), HERALD_OK);
    long v = strtol(r.body, NULL, 10);
    fetch_response_clear(&r);
    return v;
}

static void test_ok_with_validators(void **state)
{
    struct fetch_response r;
    assert_int_equal(get(&r, NULL, "/feed.xml", NULL, NULL), HERALD_OK);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.error, "");
    assert_string_equal(r.content_type, "application/xml");
    assert_non_null(r.etag);
    assert_non_null(r.last_modified);
    char *link = xasprintf("<link>%s/page.html</link>", fs.base);
    assert_non_null(strstr(r.body, link)); /* {{BASE}} substituted, gzip decoded */
    assert_int_equal(strlen(r.body), r.len);
    free(link);
    fetch_response_clear(&r);
}

static void test_conditional_get(void **state)
{
    struct fetch_response first, r;
    assert_int_equal(get(&first, NULL, "/page.html", NULL, NULL), HERALD_OK);
    assert_int_equal(get(&r, NULL, "/page.html", first.etag, NULL), HERALD_OK);
    assert_int_equal(r.status, 304);
    assert_int_equal(r.len, 0);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/page.html", NULL, first.last_modified), HERALD_OK);
    assert_int_equal(r.status, 304);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/page.html", "\"stale\"", NULL), HERALD_OK);
    assert_int_equal(r.status, 200);
    assert_true(r.len > 0);
    fetch_response_clear(&r);
    fetch_response_clear(&first);
    assert_int_equal(counter("/_hits?path=/page.html"), 4);
}

static void test_gzip_truncated_is_error(void **state)
{
    struct fetch_response r;
    assert_int_equal(get(&r, NULL, "/_gzip_truncated", NULL, NULL), HERALD_ENET);
    assert_non_null(strstr(r.error, "truncated"));
    assert_int_equal(r.len, 0);
    fetch_response_clear(&r);
}

static void test_timeouts(void **state)
{
    struct fetch_opts o;
    opts_for_tests(&o);
    o.total_timeout_ms = 500;
    struct fetch_response r;
    assert_int_equal(get(&r, &o, "/_slow?ms=3000", NULL, NULL), HERALD_ETIMEOUT);
    assert_non_null(strstr(r.error, "timed out"));
    assert_true(r.seconds < 2.5);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, &o, "/_drip?ms=100&bytes=100", NULL, NULL), HERALD_ETIMEOUT);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, &o, "/_slow?ms=10", NULL, NULL), HERALD_OK);
    assert_string_equal(r.body, "slow ok\n");
    fetch_response_clear(&r);
}

static void test_body_caps(void **state)
{
    struct fetch_opts o;
    opts_for_tests(&o);
    o.max_body = 100000;
    struct fetch_response r;
    assert_int_equal(get(&r, &o, "/_big?bytes=100000", NULL, NULL), HERALD_OK);
    assert_int_equal(r.len, 100000);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, &o, "/_big?bytes=100001", NULL, NULL), HERALD_ETOOBIG);
    assert_non_null(strstr(r.error, "100000"));
    fetch_response_clear(&r);
    assert_int_equal(get(&r, &o, "/_big?bytes=50000000&chunked=1", NULL, NULL), HERALD_ETOOBIG);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, &o, "/_big?bytes=100000&chunked=1", NULL, NULL), HERALD_OK);
    assert_int_equal(r.len, 100000);
    fetch_response_clear(&r);
}

static void test_redirects(void **state)
{
    struct fetch_response r;
    assert_int_equal(get(&r, NULL, "/_redirect?n=5", NULL, NULL), HERALD_OK);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "ok\n");
    char *want = xasprintf("%s/_ok", fs.base);
    assert_string_equal(r.final_url, want);
    free(want);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/_redirect?n=6", NULL, NULL), HERALD_ENET);
    assert_non_null(strstr(r.error, "too many redirects"));
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/_loop", NULL, NULL), HERALD_ENET);
    assert_non_null(strstr(r.error, "too many redirects"));
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/_redirect_to?url=ftp://127.0.0.1/x", NULL, NULL), HERALD_ENET);
    fetch_response_clear(&r);
}

static void test_statuses_and_charset(void **state)
{
    struct fetch_response r;
    assert_int_equal(get(&r, NULL, "/missing.html", NULL, NULL), HERALD_OK);
    assert_int_equal(r.status, 404);
    assert_string_equal(r.error, "HTTP 404");
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/_status?code=500", NULL, NULL), HERALD_OK);
    assert_int_equal(r.status, 500);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/%2e%2e/%2e%2e/etc/passwd", NULL, NULL), HERALD_OK);
    assert_int_equal(r.status, 404);
    fetch_response_clear(&r);
    assert_int_equal(get(&r, NULL, "/_charset?declared=utf-8&file=latin1.html", NULL, NULL),
                     HERALD_OK);
    assert_string_equal(r.content_type, "text/html; charset=utf-8");
    assert_non_null(strstr(r.body, "caf\xe9")); /* bytes untouched */
    fetch_response_clear(&r);
}

static void test_bad_urls(void **state)
{
    struct fetch_opts o;
    opts_for_tests(&o);
    struct fetch_response r;
    struct fetch_request rq = {.url = "not a url"};
    assert_int_equal(fetch_one(&r, &o, &rq), HERALD_EINVAL);
    fetch_response_clear(&r);
    rq.url = "ftp://127.0.0.1/file";
    assert_int_equal(fetch_one(&r, &o, &rq), HERALD_EINVAL);
    fetch_response_clear(&r);
    rq.url = "file:///etc/passwd";
    assert_int_equal(fetch_one(&r, &o, &rq), HERALD_EINVAL);
    fetch_response_clear(&r);
}

static void test_ssrf_guard(void **state)
{
    struct fetch_opts o;
    opts_for_tests(&o);
    o.allow_private = false;
    struct fetch_response r;
    assert_int_equal(get(&r, &o, "/_ok", NULL, NULL), HERALD_EDENIED);
    assert_string_equal(r.error, "refused private address 127.0.0.1 (allow_private is off)");
    fetch_response_clear(&r);
    /* 127.0.0.1 passes as if public; its redirect to 127.0.0.2 must not. */
    netguard_test_allow("127.0.0.1");
    assert_int_equal(get(&r, &o, "/_ok", NULL, NULL), HERALD_OK);
    fetch_response_clear(&r);
    char *path = xasprintf("/_redirect_to?url=http://127.0.0.2:%d/_ok", fs.port);
    assert_int_equal(get(&r, &o, path, NULL, NULL), HERALD_EDENIED);
    assert_non_null(strstr(r.error, "127.0.0.2"));
    fetch_response_clear(&r);
    free(path);
    netguard_test_allow(NULL);
}

struct tally {
    int calls, ok;
    int order[64];
    volatile int *stop;
};

static void count_done(const struct fetch_request *req, struct fetch_response *resp, void *ctx)
{
    struct tally *t = ctx;
    t->order[t->calls++] = (int)(intptr_t)req->user;
    t->ok += resp->rc == HERALD_OK && resp->status == 200;
    if (t->stop)
        *t->stop = 1;
}

static void test_parallel_hosts_serialised(void **state)
{
    /* Not 127.0.0.1: test_timeouts may leave a slow request in flight there. */
    const char *hosts[] = {"127.0.0.3", "127.0.0.2", "localhost"};
    struct fetch_request reqs[30];
    char *urls[30];
    assert_int_equal(counter("/_reset"), 0);
    for (int i = 0; i < 30; i++) {
        urls[i] = xasprintf("http://%s:%d/_slow?ms=40&i=%d", hosts[i % 3], fs.port, i);
        reqs[i] = (struct fetch_request){.url = urls[i], .user = (void *)(intptr_t)i};
    }
    struct fetch_opts o;
    opts_for_tests(&o);
    struct tally t = {0};
    assert_int_equal(fetch_all(&o, reqs, 30, count_done, &t), HERALD_OK);
    assert_int_equal(t.calls, 30);
    assert_int_equal(t.ok, 30);
    /* Within one host, completion order is submission order. */
    for (int h = 0; h < 3; h++) {
        int last = -1;
        for (int k = 0; k < 30; k++)
            if (t.order[k] % 3 == h) {
                assert_true(t.order[k] > last);
                last = t.order[k];
            }
    }
    assert_int_equal(counter("/_maxinflight?host=127.0.0.3"), 1);
    assert_int_equal(counter("/_maxinflight?host=127.0.0.2"), 1);
    assert_int_equal(counter("/_maxinflight?host=localhost"), 1);
    assert_true(counter("/_maxinflight?host=*") >= 2); /* hosts ran in parallel */
    for (int i = 0; i < 30; i++)
        free(urls[i]);
}

static void test_host_delay(void **state)
{
    struct fetch_request reqs[3];
    char *url = xasprintf("%s/_ok", fs.base);
    for (int i = 0; i < 3; i++)
        reqs[i] = (struct fetch_request){.url = url};
    struct fetch_opts o;
    opts_for_tests(&o);
    o.host_delay_ms = 200;
    struct tally t = {0};
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(fetch_all(&o, reqs, 3, count_done, &t), HERALD_OK);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    assert_true(secs >= 0.39); /* two gaps of 200 ms: a lower bound only */
    assert_int_equal(t.ok, 3);
    /* A per-request delay (robots Crawl-delay) longer than the option's. */
    o.host_delay_ms = 0;
    reqs[0].host_delay_ms = 300;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(fetch_all(&o, reqs, 2, count_done, &t), HERALD_OK);
    clock_gettime(CLOCK_MONOTONIC, &b);
    secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    assert_true(secs >= 0.29);
    free(url);
}

static void test_stop(void **state)
{
    struct fetch_request reqs[6];
    char *url = xasprintf("%s/_slow?ms=50", fs.base);
    for (int i = 0; i < 6; i++)
        reqs[i] = (struct fetch_request){.url = url, .user = (void *)(intptr_t)i};
    volatile int stop = 0;
    struct fetch_opts o;
    opts_for_tests(&o);
    o.stop = &stop;
    struct tally t = {.stop = &stop};
    assert_int_equal(fetch_all(&o, reqs, 6, count_done, &t), HERALD_ETIMEOUT);
    assert_int_equal(t.calls, 6); /* every request completes exactly once */
    assert_int_equal(t.ok, 1);
    free(url);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok_with_validators),
        cmocka_unit_test(test_conditional_get),
        cmocka_unit_test(test_gzip_truncated_is_error),
        cmocka_unit_test(test_timeouts),
        cmocka_unit_test(test_body_caps),
        cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_statuses_and_charset),
        cmocka_unit_test(test_bad_urls),
        cmocka_unit_test(test_ssrf_guard),
        cmocka_unit_test(test_parallel_hosts_serialised),
        cmocka_unit_test(test_host_delay),
        cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
