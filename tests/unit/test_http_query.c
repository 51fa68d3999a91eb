/* Tests for the API's query strings: decoding, the strict errors (bad
 * escapes, invalid UTF-8, control characters, repeats, caps), the article
 * parameters (dates, limits, filters, unknown names) and cursors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/api.h"
#include "http/http.h"

static herald_rc parse(struct http_query *q, const char *s)
{
    return http_query_parse(q, s, strlen(s));
}

static void test_decode(void **state)
{
    struct http_query q;
    assert_int_equal(parse(&q, "q=vi%E1%BB%87t+nam&lang=vi&&flag&e="), HERALD_OK);
    assert_int_equal(q.n, 4);
    assert_string_equal(http_query_get(&q, "q"), "việt nam");
    assert_string_equal(http_query_get(&q, "lang"), "vi");
    assert_string_equal(http_query_get(&q, "flag"), "");
    assert_string_equal(http_query_get(&q, "e"), "");
    assert_null(http_query_get(&q, "x"));
    static const char *const allowed[] = {"q", "lang", "flag", "e", NULL};
    assert_int_equal(http_query_check(&q, allowed), HERALD_OK);
    static const char *const fewer[] = {"q", NULL};
    assert_int_equal(http_query_check(&q, fewer), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "unknown parameter 'lang'"));
    http_query_clear(&q);
    assert_int_equal(parse(&q, ""), HERALD_OK);
    assert_int_equal(q.n, 0);
    http_query_clear(&q);
}

static void test_bad_strings(void **state)
{
    struct http_query q;
    const char *bad[] = {"q=%",     "q=%4", "q=%zz",   "q=%C3%28", "q=%00",
                         "q=a%0Ab", "=v",   "q=1&q=2", "%ff=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse(&q, bad[i]) != HERALD_EINVAL)
            fail_msg("'%s' was accepted", bad[i]);
        assert_int_equal(q.n, 0);
    }
    char big[HTTP_MAX_QUERY + 8];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(parse(&q, big), HERALD_ETOOBIG);
    char many[512] = "";
    for (int i = 0; i <= HTTP_MAX_PARAMS; i++) {
        char p[16];
        snprintf(p, sizeof p, "k%d=1&", i);
        strcat(many, p);
    }
    assert_int_equal(parse(&q, many), HERALD_EINVAL);
}

static herald_rc articles(struct api_articles_params *p, const char *s)
{
    struct http_query q;
    herald_rc rc = parse(&q, s);
    if (!rc)
        rc = api_articles_params_parse(p, &q);
    /* the strings of p are borrowed from q: only numbers are checked here */
    http_query_clear(&q);
    return rc;
}

static void test_articles_params(void **state)
{
    struct api_articles_params p;
    assert_int_equal(articles(&p, ""), HERALD_OK);
    assert_int_equal(p.limit, 20);
    assert_false(p.facets);
    assert_int_equal(articles(&p, "limit=100&facets=1&source=3&since=2026-01-01&until=2026-01-31"
                                  "&relevance=about,mentions&tone=negative&topic=economy"),
                     HERALD_OK);
    assert_int_equal(p.limit, 100);
    assert_true(p.facets);
    assert_int_equal(p.f.sq.source_id, 3);
    assert_int_equal(p.f.sq.since, 1767225600 - 7 * 3600);         /* the office's midnight */
    assert_int_equal(p.f.sq.until, 1769817600 + 86400 - 7 * 3600); /* the whole last day */
    assert_int_equal(p.f.sq.relevance, 6u);
    assert_int_equal(p.f.sq.tone, 1u);
    assert_int_equal(articles(&p, "since=2026-01-01T10:00:00Z"), HERALD_OK);
    assert_int_equal(p.f.sq.since, 1767225600 + 36000);
    const char *bad[] = {"limit=0",
                         "limit=101",
                         "limit=-1",
                         "limit=1x",
                         "limit=",
                         "facets=yes",
                         "since=yesterday",
                         "since=2026-13-01",
                         "until=01/02/2026",
                         "since=2026-1-1",
                         "since=2026-02-01&until=2026-01-01",
                         "relevance=maybe",
                         "tone=negative,",
                         "tone=",
                         "topic=Economy",
                         "topic=a-b",
                         "country=VNM",
                         "lang=",
                         "source=0",
                         "source=abc",
                         "cursor=abc",
                         "cursor=",
                         "unknown=1",
                         "offset=10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (articles(&p, bad[i]) != HERALD_EINVAL)
            fail_msg("'%s' was accepted", bad[i]);
    assert_int_equal(articles(&p, "limit=0"), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "limit"));
    assert_int_equal(articles(&p, "whatever=1"), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "unknown parameter 'whatever'"));
}

static void test_cursor(void **state)
{
    char c[96], qs[160];
    int64_t pub = 0, id = 0;
    int off = 0;
    struct api_articles_params p;
    api_cursor_encode(c, sizeof c, 1767225600, 42, -1);
    assert_int_equal(api_cursor_decode(c, &pub, &id, &off), HERALD_OK);
    assert_int_equal(pub, 1767225600);
    assert_int_equal(id, 42);
    assert_int_equal(off, -1);
    snprintf(qs, sizeof qs, "cursor=%s", c);
    assert_int_equal(articles(&p, qs), HERALD_OK);
    assert_true(p.has_cursor);
    assert_int_equal(p.cur_id, 42);
    snprintf(qs, sizeof qs, "q=hanoi&cursor=%s", c);
    assert_int_equal(articles(&p, qs), HERALD_EINVAL); /* a newest-first cursor with q */
    api_cursor_encode(c, sizeof c, 0, 0, 40);
    assert_int_equal(api_cursor_decode(c, &pub, &id, &off), HERALD_OK);
    assert_int_equal(off, 40);
    snprintf(qs, sizeof qs, "q=hanoi&cursor=%s", c);
    assert_int_equal(articles(&p, qs), HERALD_OK);
    assert_int_equal(p.cur_offset, 40);
    const char *bad[] = {"", "a", "!!!!", "azoxOg", "azoxMA", "o:1", "bzotMQ", "azotMTox"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (api_cursor_decode(bad[i], &pub, &id, &off) != HERALD_EINVAL)
            fail_msg("cursor '%s' was accepted", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_bad_strings),
        cmocka_unit_test(test_articles_params),
        cmocka_unit_test(test_cursor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
