/* Unit tests for RSS 2.0 and RDF parsing: legacy charsets, CDATA and
 * namespaces, relative links, and malformed or hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feed_testutil.h"

static void test_windows_1258(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "vn_1258.rss", NULL, NULL), HERALD_OK);
    assert_int_equal(f->format, FEED_RSS);
    assert_string_equal(f->title, "Báo Nhân Dân - Thời sự");
    assert_string_equal(f->lang, "vi");
    assert_int_equal(f->n_entries, 2);
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->title, "Thủ tướng tiếp Đại sứ Nhật Bản");
    assert_string_equal(e->id, "nd-123");
    assert_string_equal(e->link, "https://nhandan.vn/thu-tuong-tiep-dai-su-nhat-ban-post123.html");
    assert_string_equal(e->author, "Phóng viên");
    assert_int_equal(e->published, 1700530200);
    assert_string_equal(f->entries[1].id, f->entries[1].link); /* id falls back to link */
    feed_free(f);
}

static void test_gbk_from_content_type(void **state)
{
    struct feed *f;
    /* The header agrees with the prolog; both paths must give the same text. */
    assert_int_equal(parse_fixture(&f, "gbk.rss", "application/rss+xml; charset=GBK", NULL),
                     HERALD_OK);
    assert_string_equal(f->title, "新华网 国际");
    assert_int_equal(f->n_entries, 1);
    assert_string_equal(f->entries[0].title, "越南外交部发言人就南海问题答记者问");
    feed_free(f);
    assert_int_equal(parse_fixture(&f, "gbk.rss", NULL, NULL), HERALD_OK);
    assert_string_equal(f->entries[0].title, "越南外交部发言人就南海问题答记者问");
    feed_free(f);
}

static void test_cdata_namespaces(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "cdata.rss", NULL, NULL), HERALD_OK);
    assert_string_equal(f->title, "Asia Times & Friends");
    assert_string_equal(f->lang, "en-US");
    assert_int_equal(f->n_entries, 3); /* the empty item is dropped */
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->title, "Vietnam\u2019s bamboo diplomacy at work");
    assert_string_equal(e->link, "https://asiatimes.example/2023/11/vietnam-bamboo-diplomacy/");
    assert_string_equal(e->id, "https://asiatimes.example/?p=1001");
    assert_string_equal(e->summary, "Hanoi balances ties with all. Second para.");
    assert_string_equal(e->content, "<p>Full <strong>article</strong> body.</p>");
    assert_string_equal(e->author, "Jane Doe");
    assert_string_equal(e->image, "https://cdn.asiatimes.example/img/1.jpg");
    assert_int_equal(e->published, 1700530200);
    e = &f->entries[1];
    assert_string_equal(e->title, "Item with entity and atom link");
    assert_string_equal(e->link, "https://asiatimes.example/2023/11/second/");
    assert_string_equal(e->image, "https://cdn.asiatimes.example/img/2.png");
    e = &f->entries[2];
    assert_string_equal(e->link, "https://asiatimes.example/?p=1003");
    assert_string_equal(e->image, "https://cdn.asiatimes.example/t3.jpg");
    assert_null(e->title);
    feed_free(f);
}

static void test_rdf(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "rdf.xml", NULL, NULL), HERALD_OK);
    assert_int_equal(f->format, FEED_RDF);
    assert_string_equal(f->title, "Example Japan News");
    assert_string_equal(f->lang, "ja");
    assert_int_equal(f->n_entries, 2);
    assert_string_equal(f->entries[0].title, "ベトナム首相が来日");
    assert_string_equal(f->entries[0].author, "編集部");
    assert_int_equal(f->entries[0].published, 1700530200);
    assert_int_equal(f->entries[1].published, 0); /* "not a date" */
    feed_free(f);
}

static void test_relative_links_and_base(void **state)
{
    struct feed *f;
    const char *rss = "<rss><channel><title>t</title><link>/home/</link>"
                      "<item><link>a.html</link></item>"
                      "<item><link>javascript:alert(1)</link><title>x</title></item>"
                      "</channel></rss>";
    assert_int_equal(feed_parse(&f, rss, strlen(rss), NULL, "https://site.example/feed/rss"),
                     HERALD_OK);
    assert_string_equal(f->link, "https://site.example/home/");
    assert_string_equal(f->entries[0].link, "https://site.example/home/a.html");
    assert_null(f->entries[1].link);
    feed_free(f);
}

static void test_recovery(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "bare_amp.rss", NULL, NULL), HERALD_OK);
    assert_string_equal(f->title, "Tom & Jerry News");
    assert_int_equal(f->n_entries, 2);
    assert_string_equal(f->entries[0].title, "Trade & investment");
    assert_string_equal(f->entries[0].link, "https://tj.example/a?x=1&y=2");
    feed_free(f);
    assert_int_equal(parse_fixture(&f, "truncated.rss", NULL, NULL), HERALD_OK);
    assert_true(f->n_entries >= 2);
    assert_string_equal(f->entries[1].link, "https://cut.example/2");
    feed_free(f);
}

static void test_not_a_feed(void **state)
{
    struct feed *f = (void *)1;
    assert_int_equal(parse_fixture(&f, "page.html", NULL, NULL), HERALD_EPARSE);
    assert_null(f);
    assert_string_equal(herald_error_last(), "not a feed: root element <html>");
    assert_int_equal(parse_fixture(&f, "empty.xml", NULL, NULL), HERALD_EPARSE);
    assert_string_equal(herald_error_last(), "empty input");
    assert_int_equal(feed_parse(&f, NULL, 0, NULL, NULL), HERALD_EPARSE);
    assert_int_equal(parse_str(&f, "  \n "), HERALD_EPARSE);
    assert_int_equal(parse_str(&f, "just text"), HERALD_EPARSE);
    assert_int_equal(parse_str(&f, "<rss version=\"2.0\"><chan"), HERALD_EPARSE);
    assert_int_equal(feed_parse(&f, "\x00\x01\x02\xff\xfe", 5, NULL, NULL), HERALD_EPARSE);
    assert_null(f);
}

static void test_xxe_is_inert(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "xxe.rss", NULL, NULL), HERALD_OK);
    char *json = feed_to_json(f);
    assert_null(strstr(json, "root:"));
    assert_null(strstr(json, "/bin/"));
    free(json);
    feed_free(f);
}

static void test_billion_laughs_is_inert(void **state)
{
    struct feed *f = NULL;
    herald_rc rc = parse_fixture(&f, "billion_laughs.rss", NULL, NULL);
    assert_true(rc == HERALD_OK || rc == HERALD_EPARSE);
    if (f) {
        char *json = feed_to_json(f);
        assert_true(strlen(json) < 10000);
        free(json);
    }
    feed_free(f);
}

static void test_entry_cap(void **state)
{
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "<rss><channel>");
    for (int i = 0; i <= FEED_MAX_ENTRIES; i++)
        buf_printf(&b, "<item><link>https://e.example/%d</link></item>", i);
    buf_puts(&b, "</channel></rss>");
    struct feed *f;
    assert_int_equal(feed_parse(&f, b.data, b.len, NULL, NULL), HERALD_ETOOBIG);
    assert_null(f);
    buf_free(&b);
}

static void test_field_cap(void **state)
{
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "<rss><channel><item><title>");
    for (size_t i = 0; i < FEED_MAX_FIELD + 10; i++)
        buf_putc(&b, 'x');
    buf_puts(&b, "</title></item></channel></rss>");
    struct feed *f;
    assert_int_equal(feed_parse(&f, b.data, b.len, NULL, NULL), HERALD_ETOOBIG);
    buf_free(&b);
}

static void test_json_rendering(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "vn_1258.rss", NULL, NULL), HERALD_OK);
    char *json = feed_to_json(f);
    assert_non_null(strstr(json, "\"format\": \"rss\""));
    assert_non_null(strstr(json, "\"published\": \"2023-11-21T01:30:00Z\""));
    assert_non_null(strstr(json, "\"summary\": null"));
    free(json);
    feed_free(f);
    feed_free(NULL);
    assert_string_equal(feed_format_name(FEED_SITEMAP_INDEX), "sitemap-index");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_windows_1258),
        cmocka_unit_test(test_gbk_from_content_type),
        cmocka_unit_test(test_cdata_namespaces),
        cmocka_unit_test(test_rdf),
        cmocka_unit_test(test_relative_links_and_base),
        cmocka_unit_test(test_recovery),
        cmocka_unit_test(test_not_a_feed),
        cmocka_unit_test(test_xxe_is_inert),
        cmocka_unit_test(test_billion_laughs_is_inert),
        cmocka_unit_test(test_entry_cap),
        cmocka_unit_test(test_field_cap),
        cmocka_unit_test(test_json_rendering),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
