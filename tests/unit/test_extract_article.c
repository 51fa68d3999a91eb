/* Unit tests for article extraction: boilerplate removal, metadata from
 * JSON-LD/OpenGraph/meta, legacy charsets, relative URLs, malformed and
 * empty input. Fixtures live in tests/fixtures/extract/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "extract/extract.h"
#include "util/str.h"

static struct article *extract_fixture(const char *name, const char *url, herald_rc want)
{
    char *path = NULL, *data = NULL;
    size_t len = 0;
    assert_true(asprintf(&path, "%s/extract/%s", HERALD_FIXTURES, name) > 0);
    assert_int_equal(str_read_file(&data, &len, path, 0), HERALD_OK);
    struct article *a = NULL;
    assert_int_equal(extract_article(&a, data, len, url, NULL), want);
    free(data);
    free(path);
    return a;
}

static void test_news_page_drops_boilerplate(void **state)
{
    struct article *a = extract_fixture("news.html", "https://news.example.com/x", HERALD_OK);
    assert_non_null(strstr(a->text, "Farmers in the Mekong Delta have begun"));
    assert_non_null(strstr(a->text, "for thirty years."));
    assert_non_null(strstr(a->text, "\n\nYields hold up\n\n"));
    assert_non_null(strstr(a->text, "Soc Trang: 800 hectares planted\n\nBen Tre"));
    assert_non_null(strstr(a->text, "Ca Mau 5.6"));
    const char *boiler[] = {"Politics",     "Advertisement", "Share on Facebook", "Celebrity",
                            "Drought hits", "Great article", "Copyright",         "Buy now"};
    for (size_t i = 0; i < sizeof boiler / sizeof boiler[0]; i++)
        assert_null(strstr(a->text, boiler[i]));
    assert_string_equal(a->title, "Delta farmers test salt-tolerant rice");
    assert_int_equal(a->published, 1709602200); /* 2024-03-05T01:30:00Z */
    assert_string_equal(a->canonical_url, "https://news.example.com/2024/03/rice.html");
    assert_string_equal(a->lang, "en-GB");
    assert_string_equal(a->byline, "Jane Roe");
    assert_string_equal(a->site_name, "Example Daily");
    assert_string_equal(a->image, "https://news.example.com/img/rice.jpg");
    assert_string_equal(a->description,
                        "Farmers in the Mekong Delta are planting new rice varieties.");
    article_free(a);
}

static void test_jsonld_graph(void **state)
{
    struct article *a = extract_fixture("jsonld_graph.html", NULL, HERALD_OK);
    assert_string_equal(a->title, "Ministry answers questions on trade");
    assert_int_equal(a->published, 1700475300);
    assert_string_equal(a->byline, "A. Writer, B. Editor");
    assert_string_equal(a->site_name, "Site Example News");
    assert_string_equal(a->image, "https://cdn.site.example/lead.jpg");
    assert_string_equal(a->canonical_url, "https://site.example/trade-questions");
    assert_string_equal(a->description, "A spokesperson answered questions on trade.");
    assert_null(a->lang);
    assert_non_null(strstr(a->text, "talks would continue.\n\nFurther rounds"));
    char *j = article_to_json(a);
    assert_non_null(strstr(j, "\"published\": \"2023-11-20T10:15:00Z\""));
    assert_non_null(strstr(j, "\"lang\": null"));
    free(j);
    article_free(a);
}

static void test_opengraph_only(void **state)
{
    struct article *a = extract_fixture("og_only.html", NULL, HERALD_OK);
    assert_string_equal(a->title, "Open Graph headline");
    assert_string_equal(a->canonical_url, "https://og.example/story/1");
    assert_string_equal(a->lang, "fr-FR");
    assert_string_equal(a->site_name, "OG Site");
    assert_int_equal(a->published, 0);
    assert_null(a->byline);
    assert_non_null(strstr(a->text, "Le texte principal"));
    article_free(a);
}

static void test_relative_urls_resolved(void **state)
{
    struct article *a =
        extract_fixture("relative.html", "https://site.example/a/b/page.html", HERALD_OK);
    assert_string_equal(a->canonical_url, "https://site.example/news/2024/story.html");
    assert_string_equal(a->image, "https://site.example/news/img/a.jpg");
    article_free(a);
    a = extract_fixture("relative.html", NULL, HERALD_OK);
    assert_string_equal(a->canonical_url, "/news/2024/story.html");
    article_free(a);
}

static void test_vietnamese_windows_1258(void **state)
{
    struct article *a = extract_fixture("vi_1258.html", NULL, HERALD_OK);
    assert_non_null(strstr(a->text, "Hà Nội đẩy mạnh chuyển đổi số"));
    assert_string_equal(a->title, "Tin tức");
    article_free(a);
}

static void test_chinese_gbk(void **state)
{
    struct article *a = extract_fixture("zh_gbk.html", NULL, HERALD_OK);
    assert_non_null(strstr(a->text, "外交部发言人在例行记者会上"));
    assert_string_equal(a->title, "新闻");
    article_free(a);
}

static void test_content_type_charset(void **state)
{
    const char html[] = "<html><body><p>Caf\xe9 cr\xe8me, br\xfbl\xe9"
                        "e and other words long enough.</p></body></html>";
    struct article *a = NULL;
    assert_int_equal(extract_article(&a, html, sizeof html - 1, NULL, "text/html; charset=latin1"),
                     HERALD_OK);
    assert_non_null(strstr(a->text, "Café crème, brûlée"));
    article_free(a);
}

static void test_utf16_with_bom(void **state)
{
    const char *src = "<html><body><p>Vi\xe1\xbb\x87t Nam, a page in UTF-16 with a byte-order "
                      "mark, long enough to count.</p></body></html>";
    char u16[512];
    size_t n = 0;
    u16[n++] = (char)0xff;
    u16[n++] = (char)0xfe;
    for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
        unsigned cp = *p;
        if (*p == 0xe1) { /* the one 3-byte sequence: U+1EC7 */
            cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
            p += 2;
        }
        u16[n++] = (char)(cp & 0xff);
        u16[n++] = (char)(cp >> 8);
    }
    struct article *a = NULL;
    assert_int_equal(extract_article(&a, u16, n, NULL, NULL), HERALD_OK);
    assert_non_null(strstr(a->text, "Việt Nam, a page in UTF-16"));
    article_free(a);
}

static void test_malformed_html(void **state)
{
    struct article *a = extract_fixture("malformed.html", NULL, HERALD_OK);
    assert_non_null(strstr(a->text, "First paragraph is never closed"));
    assert_non_null(strstr(a->text, "inner cell text"));
    assert_non_null(strstr(a->text, "Deeply nested paragraph"));
    assert_string_equal(a->title, "Broken page");
    article_free(a);
}

static void test_empty_body_keeps_title(void **state)
{
    struct article *a = extract_fixture("empty_body.html", NULL, HERALD_OK);
    assert_string_equal(a->title, "Empty");
    assert_string_equal(a->text, "");
    article_free(a);
}

static void test_unusable_input(void **state)
{
    struct article *a = extract_fixture("empty.html", NULL, HERALD_EPARSE);
    assert_null(a);
    char garbage[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof garbage; i++) {
        x = x * 1103515245u + 12345u;
        garbage[i] = (char)(x >> 16);
    }
    assert_int_equal(extract_article(&a, garbage, sizeof garbage, NULL, NULL), HERALD_EPARSE);
    assert_null(a);
    assert_true(strlen(herald_error_last()) > 0);
    assert_int_equal(extract_article(&a, "<html></html>", 13, NULL, NULL), HERALD_EPARSE);
    assert_int_equal(extract_article(&a, "   ", 3, NULL, NULL), HERALD_EPARSE);
}

static void test_deep_nesting(void **state)
{
    size_t depth = 20000;
    char *html = malloc(depth * 5 + 200);
    char *p = html;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div>");
    p += sprintf(p, "<p>Text at the bottom of a very deep tree, with commas, clauses.</p>");
    struct article *a = NULL;
    herald_rc rc = extract_article(&a, html, (size_t)(p - html), NULL, NULL);
    assert_true(rc == HERALD_OK || rc == HERALD_EPARSE); /* the parser caps depth */
    article_free(a);
    /* 200 levels are within the parser's limit: the text survives */
    p = html;
    for (size_t i = 0; i < 200; i++)
        p += sprintf(p, "<div>");
    p += sprintf(p, "<p>Text at the bottom of a deep tree, with commas, clauses.</p>");
    assert_int_equal(extract_article(&a, html, (size_t)(p - html), NULL, NULL), HERALD_OK);
    assert_non_null(strstr(a->text, "Text at the bottom"));
    article_free(a);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_news_page_drops_boilerplate),
        cmocka_unit_test(test_jsonld_graph),
        cmocka_unit_test(test_opengraph_only),
        cmocka_unit_test(test_relative_urls_resolved),
        cmocka_unit_test(test_vietnamese_windows_1258),
        cmocka_unit_test(test_chinese_gbk),
        cmocka_unit_test(test_content_type_charset),
        cmocka_unit_test(test_utf16_with_bom),
        cmocka_unit_test(test_malformed_html),
        cmocka_unit_test(test_empty_body_keeps_title),
        cmocka_unit_test(test_unusable_input),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
