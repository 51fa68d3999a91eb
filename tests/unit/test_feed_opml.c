/* Unit tests for OPML import/export: nesting, herald attributes, round trip
 * and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "feed/opml.h"
#include "util/str.h"

static char *load(const char *name, size_t *len)
{
    char path[512], *data = NULL;
    snprintf(path, sizeof path, "%s/feed/%s", HERALD_FIXTURES, name);
    assert_int_equal(str_read_file(&data, len, path, 0), 0);
    return data;
}

static void test_parse_fixture(void **state)
{
    size_t len, n;
    struct opml_outline *o;
    char *data = load("sources.opml", &len);
    assert_int_equal(opml_parse(&o, &n, data, len), HERALD_OK);
    assert_int_equal(n, 3);
    assert_string_equal(o[0].title, "VnExpress International");
    assert_string_equal(o[0].xml_url, "https://e.vnexpress.net/rss/news.rss");
    assert_string_equal(o[0].html_url, "https://e.vnexpress.net/");
    assert_string_equal(o[0].lang, "en");
    assert_string_equal(o[0].country, "VN");
    assert_string_equal(o[0].kind, "domestic");
    assert_int_equal(o[0].poll_minutes, 15);
    assert_true(o[0].enabled);
    assert_string_equal(o[1].title, "Xinhua & Co");
    assert_false(o[1].enabled);
    assert_string_equal(o[1].kind, "foreign");
    assert_string_equal(o[2].title, "Le Monde");
    assert_int_equal(o[2].poll_minutes, 0);
    assert_null(o[2].country);
    assert_null(o[2].html_url);
    opml_outlines_free(o, n);
    free(data);
}

static void test_round_trip(void **state)
{
    struct opml_outline in[2] = {
        {.title = "Tuổi Trẻ \"News\" <&>",
         .xml_url = "https://tuoitre.vn/rss/tin-moi-nhat.rss?a=1&b=2",
         .html_url = "https://tuoitre.vn/",
         .lang = "vi",
         .country = "VN",
         .kind = "domestic",
         .poll_minutes = 30,
         .enabled = true},
        {.xml_url = "https://example.org/feed", .enabled = false},
    };
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(opml_write(&b, "Sources & more", in, 2), HERALD_OK);
    assert_non_null(strstr(buf_str(&b), "xmlns:herald=\"" HERALD_OPML_NS "\""));
    struct opml_outline *o;
    size_t n;
    assert_int_equal(opml_parse(&o, &n, b.data, b.len), HERALD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(o[0].title, in[0].title);
    assert_string_equal(o[0].xml_url, in[0].xml_url);
    assert_string_equal(o[0].html_url, in[0].html_url);
    assert_string_equal(o[0].lang, "vi");
    assert_string_equal(o[0].country, "VN");
    assert_string_equal(o[0].kind, "domestic");
    assert_int_equal(o[0].poll_minutes, 30);
    assert_true(o[0].enabled);
    assert_string_equal(o[1].title, "https://example.org/feed"); /* text falls back to URL */
    assert_false(o[1].enabled);
    assert_null(o[1].kind);
    opml_outlines_free(o, n);
    buf_free(&b);
}

static void test_write_cap(void **state)
{
    struct opml_outline in = {.xml_url = "https://example.org/feed", .enabled = true};
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(opml_write(&b, NULL, &in, 1), HERALD_ETOOBIG);
    buf_free(&b);
}

static void test_malformed(void **state)
{
    static const char *bad[] = {"",
                                "   ",
                                "not xml at all",
                                "<html><body>hi</body></html>",
                                "<rss version=\"2.0\"><channel/></rss>",
                                "\x01\x02\xff"};
    struct opml_outline *o = (void *)1;
    size_t n = 7;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(opml_parse(&o, &n, bad[i], strlen(bad[i])), HERALD_EPARSE);
        assert_null(o);
        assert_int_equal(n, 0);
    }
    /* Truncated: the outlines read so far survive. */
    const char *trunc =
        "<opml><body><outline xmlUrl=\"http://a/1\"/><outline xmlUrl=\"http://a/2\"/>"
        "<outline xmlUrl=\"http://a";
    assert_int_equal(opml_parse(&o, &n, trunc, strlen(trunc)), HERALD_OK);
    assert_true(n >= 2);
    opml_outlines_free(o, n);
    /* No body: empty list. */
    assert_int_equal(opml_parse(&o, &n, "<opml/>", 7), HERALD_OK);
    assert_int_equal(n, 0);
    opml_outlines_free(o, n);
    opml_outlines_free(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_fixture),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_write_cap),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
