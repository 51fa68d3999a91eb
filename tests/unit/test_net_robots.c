/* robots.txt parser and matcher (no network), then robots_cache against
 * BUILD/fixture_server: rules, 404 -> allow, 5xx -> disallow, one fetch per
 * origin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../support/fixture_server.h"
#include "net/robots.h"
#include "util/xalloc.h"

static struct robots *parse(const char *text)
{
    struct robots *r = NULL;
    assert_int_equal(robots_parse(&r, text, strlen(text), ROBOTS_AGENT), HERALD_OK);
    assert_non_null(r);
    return r;
}

static void test_group_selection(void **state)
{
    struct robots *r = parse("User-agent: *\nDisallow: /\n\n"
                             "User-agent: Herald/1.0\nDisallow: /private/\n");
    assert_true(robots_allowed(r, "/news/1"));
    assert_false(robots_allowed(r, "/private/x"));
    robots_free(r);
    r = parse("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp\n");
    assert_true(robots_allowed(r, "/news"));
    assert_false(robots_allowed(r, "/tmp/a"));
    robots_free(r);
    /* heraldbot is not herald; an agent group with no rules allows all. */
    r = parse("User-agent: heraldbot\nDisallow: /\nUser-agent: *\nDisallow: /x\n"
              "User-agent: herald\n");
    assert_true(robots_allowed(r, "/x"));
    robots_free(r);
}

static void test_shared_and_merged_groups(void **state)
{
    struct robots *r = parse("User-agent: a\nUser-agent: herald\nDisallow: /a\n"
                             "User-agent: b\nDisallow: /b\n"
                             "User-agent: HERALD\nDisallow: /c\n");
    assert_false(robots_allowed(r, "/a"));
    assert_true(robots_allowed(r, "/b"));
    assert_false(robots_allowed(r, "/c"));
    robots_free(r);
}

static void test_longest_match_and_ties(void **state)
{
    struct robots *r = parse("User-agent: *\nDisallow: /private/\nAllow: /private/open\n"
                             "Disallow: /page\nAllow: /page\n");
    assert_false(robots_allowed(r, "/private/secret.html"));
    assert_true(robots_allowed(r, "/private/open.html"));
    assert_true(robots_allowed(r, "/page/1")); /* tie: allow wins */
    assert_true(robots_allowed(r, "/robots.txt"));
    robots_free(r);
}

static void test_wildcards(void **state)
{
    struct robots *r = parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\n"
                             "Disallow: /a*b*c\nDisallow: /exact$\n");
    assert_false(robots_allowed(r, "/docs/file.pdf"));
    assert_true(robots_allowed(r, "/docs/file.pdf?x=1"));
    assert_false(robots_allowed(r, "/x?session=42"));
    assert_true(robots_allowed(r, "/x?page=2"));
    assert_false(robots_allowed(r, "/a123b456c789"));
    assert_true(robots_allowed(r, "/a123b456"));
    assert_false(robots_allowed(r, "/exact"));
    assert_true(robots_allowed(r, "/exactly"));
    assert_false(robots_allowed(r, "http://example.com/docs/a.pdf"));
    robots_free(r);
}

static void test_percent_encoding(void **state)
{
    /* "tức" is e1bba9 in UTF-8: raw, lower- and upper-case escapes all match. */
    struct robots *r = parse("User-agent: *\nDisallow: /tin-t\xe1\xbb\xa9"
                             "c/\n"
                             "Disallow: /a%2fb\n");
    assert_false(robots_allowed(r, "/tin-t%E1%BB%A9c/1"));
    assert_false(robots_allowed(r, "/tin-t%e1%bb%a9c/2"));
    assert_false(robots_allowed(r, "/tin-t\xe1\xbb\xa9"
                                   "c/3"));
    assert_true(robots_allowed(r, "/tin-tuc/4"));
    assert_false(robots_allowed(r, "/a%2Fb"));
    robots_free(r);
}

static void test_tolerant_syntax(void **state)
{
    const char text[] = "\xEF\xBB\xBFuser-AGENT:herald\r\n"
                        "this line is garbage\r\n"
                        "DISALLOW :   /secret   # comment\r\n"
                        "Dissallow: /typo\r\n"
                        "Disallow:\r\n"
                        "Sitemap: http://example.com/sitemap.xml\r\n"
                        "Crawl-delay: 2.5\r\n"
                        "Allow: /secret/ok\r";
    struct robots *r = parse(text);
    assert_false(robots_allowed(r, "/secret/x"));
    assert_true(robots_allowed(r, "/secret/ok"));
    assert_false(robots_allowed(r, "/typo"));
    assert_true(robots_allowed(r, "/other"));
    assert_int_equal(robots_crawl_delay_ms(r), 2500);
    robots_free(r);
    r = parse("");
    assert_true(robots_allowed(r, "/"));
    robots_free(r);
    r = parse("Disallow: /before-any-agent\n");
    assert_true(robots_allowed(r, "/before-any-agent"));
    robots_free(r);
}

static void test_size_cap(void **state)
{
    size_t n = ROBOTS_MAX_BYTES + 100;
    char *text = xmalloc(n + 64);
    memset(text, '#', n);
    memcpy(text, "User-agent: *\nDisallow: /a\n#", 28);
    strcpy(text + n, "\nDisallow: /b\n"); /* past the cap: ignored */
    struct robots *r = NULL;
    assert_int_equal(robots_parse(&r, text, strlen(text), ROBOTS_AGENT), HERALD_OK);
    assert_false(robots_allowed(r, "/a"));
    assert_true(robots_allowed(r, "/b"));
    robots_free(r);
    free(text);
    assert_int_equal(robots_parse(&r, NULL, 0, ROBOTS_AGENT), HERALD_EINVAL);
    robots_free(NULL);
}

static void test_verdicts(void **state)
{
    struct robots *a = robots_allow_all(), *d = robots_disallow_all();
    assert_true(robots_allowed(a, "/x"));
    assert_false(robots_allowed(d, "/x"));
    assert_true(robots_allowed(d, "/robots.txt"));
    robots_free(a);
    robots_free(d);
}

/* robots_cache against three fixture servers: one with robots.txt, one with
 * none (404 -> allow all), one answering 503 (disallow all); a fourth
 * origin is closed (unreachable -> disallow all). */
static void test_cache(void **state)
{
    struct fixture_server with, without, failing;
    const char *const status503[] = {"--robots-status", "503", NULL};
    assert_int_equal(fixture_server_start(&with, HERALD_FIXTURES "/net", NULL), 0);
    assert_int_equal(fixture_server_start(&without, HERALD_FIXTURES "/net/norobots", NULL), 0);
    assert_int_equal(fixture_server_start(&failing, HERALD_FIXTURES "/net", status503), 0);
    char *urls[6] = {
        xasprintf("%s/page.html", with.base),
        xasprintf("%s/private/secret.html", with.base),
        xasprintf("%s/private/open.html", with.base),
        xasprintf("%s/anything", without.base),
        xstrdup("http://127.0.0.1:1/closed"),
        xasprintf("%s/page.html", failing.base),
    };
    struct fetch_opts o;
    fetch_opts_defaults(&o);
    o.allow_private = true;
    o.total_timeout_ms = 3000;
    bool allowed[6];
    struct robots_cache *c = robots_cache_new();
    for (int round = 0; round < 2; round++) {
        assert_int_equal(robots_cache_check(c, &o, (const char *const *)urls, 6, allowed),
                         HERALD_OK);
        assert_true(allowed[0]);
        assert_false(allowed[1]);
        assert_true(allowed[2]);
        assert_true(allowed[3]);
        assert_false(allowed[4]);
        assert_false(allowed[5]); /* 5xx: disallow all */
    }
    assert_int_equal(robots_cache_crawl_delay_ms(c, urls[0]), 2000);
    /* fetched once per origin across both rounds */
    struct fetch_response r;
    char *hits = xasprintf("%s/_hits?path=/robots.txt", with.base);
    struct fetch_request rq = {.url = hits};
    assert_int_equal(fetch_one(&r, &o, &rq), HERALD_OK);
    assert_string_equal(r.body, "1\n");
    fetch_response_clear(&r);
    free(hits);
    robots_cache_free(c);
    for (int i = 0; i < 6; i++)
        free(urls[i]);
    fixture_server_stop(&failing);
    fixture_server_stop(&with);
    fixture_server_stop(&without);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_selection),
        cmocka_unit_test(test_shared_and_merged_groups),
        cmocka_unit_test(test_longest_match_and_ties),
        cmocka_unit_test(test_wildcards),
        cmocka_unit_test(test_percent_encoding),
        cmocka_unit_test(test_tolerant_syntax),
        cmocka_unit_test(test_size_cap),
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
