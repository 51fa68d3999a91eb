/* URL helpers (resolve, host, origin, normalise) and the SSRF guard's
 * address classification; no network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "net/netguard.h"
#include "net/url.h"
#include "util/error.h"

static void check_resolve(const char *base, const char *ref, const char *want)
{
    char *out = NULL;
    assert_int_equal(url_resolve(&out, base, ref), HERALD_OK);
    assert_string_equal(out, want);
    free(out);
}

static void test_resolve(void **state)
{
    const char *base = "https://example.com/news/world/a.html?x=1";
    check_resolve(base, "b.html", "https://example.com/news/world/b.html");
    check_resolve(base, "../vn/c.html", "https://example.com/news/vn/c.html");
    check_resolve(base, "/top", "https://example.com/top");
    check_resolve(base, "//cdn.example.org/i.xml", "https://cdn.example.org/i.xml");
    check_resolve(base, "http://other.vn/p", "http://other.vn/p");
    check_resolve(base, "?page=2", "https://example.com/news/world/a.html?page=2");
    check_resolve(base, "", "https://example.com/news/world/a.html?x=1");
    char *out = (char *)1;
    assert_int_equal(url_resolve(&out, base, "mailto:a@b.c"), HERALD_EINVAL);
    assert_null(out);
    assert_int_equal(url_resolve(&out, "not a base", "x"), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "not a base"));
    assert_int_equal(url_resolve(&out, base, "javascript:alert(1)"), HERALD_EINVAL);
}

static void test_host_and_origin(void **state)
{
    char *out = NULL;
    assert_int_equal(url_host(&out, "https://WWW.Example.COM:8443/x"), HERALD_OK);
    assert_string_equal(out, "www.example.com");
    free(out);
    assert_int_equal(url_host(&out, "http://[::1]:80/"), HERALD_OK);
    assert_string_equal(out, "[::1]");
    free(out);
    assert_int_equal(url_origin(&out, "HTTPS://Example.com:443/a?b#c"), HERALD_OK);
    assert_string_equal(out, "https://example.com");
    free(out);
    assert_int_equal(url_origin(&out, "http://example.com:8080/a"), HERALD_OK);
    assert_string_equal(out, "http://example.com:8080");
    free(out);
    assert_int_equal(url_host(&out, "http://"), HERALD_EINVAL);
    assert_int_equal(url_host(&out, NULL), HERALD_EINVAL);
    assert_int_equal(url_origin(&out, "ftp://example.com/"), HERALD_EINVAL);
}

static void check_norm(const char *in, const char *want)
{
    char *out = NULL;
    assert_int_equal(url_normalize(&out, in), HERALD_OK);
    assert_string_equal(out, want);
    free(out);
}

static void test_normalize(void **state)
{
    check_norm("HTTP://Example.COM:80/a/b#frag", "http://example.com/a/b");
    check_norm("https://example.com:443", "https://example.com/");
    check_norm("https://example.com:8443/x", "https://example.com:8443/x");
    check_norm("https://e.vn/a?utm_source=x&id=7&fbclid=abc&utm_medium=y&gclid=z",
               "https://e.vn/a?id=7");
    check_norm("https://e.vn/a?utm_campaign=x", "https://e.vn/a");
    check_norm("https://e.vn/a?utmost=1&q=viet+nam", "https://e.vn/a?utmost=1&q=viet+nam");
    char *out = NULL;
    assert_int_equal(url_normalize(&out, "http//broken"), HERALD_EINVAL);
    assert_null(out);
}

static void test_guard_classification(void **state)
{
    const char *denied[] = {"127.0.0.1",
                            "10.0.0.1",
                            "172.16.5.4",
                            "172.31.255.255",
                            "192.168.1.1",
                            "169.254.169.254",
                            "100.64.0.1",
                            "0.0.0.0",
                            "224.0.0.1",
                            "255.255.255.255",
                            "::1",
                            "::",
                            "fc00::1",
                            "fd12:3456::1",
                            "fe80::1",
                            "ff02::1",
                            "::ffff:127.0.0.1",
                            "::ffff:10.1.2.3",
                            "64:ff9b::a00:1",
                            "::127.0.0.1",
                            "2002:7f00:1::1",
                            "not an ip"};
    const char *allowed[] = {"8.8.8.8",         "172.32.0.1",     "100.128.0.1",    "93.184.216.34",
                             "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"};
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        if (netguard_public_ip(denied[i]))
            fail_msg("%s should be refused", denied[i]);
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (!netguard_public_ip(allowed[i]))
            fail_msg("%s should be allowed", allowed[i]);
    netguard_test_allow("127.0.0.1");
    assert_true(netguard_public_ip("127.0.0.1"));
    assert_false(netguard_public_ip("127.0.0.2"));
    netguard_test_allow(NULL);
    assert_false(netguard_public_ip("127.0.0.1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_host_and_origin),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_guard_classification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
