/* Unit tests for XML sitemaps: Google News and image extensions, sitemap
 * indexes, and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feed_testutil.h"

static void test_news_sitemap(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "news_sitemap.xml", NULL, NULL), HERALD_OK);
    assert_int_equal(f->format, FEED_SITEMAP);
    assert_string_equal(f->title, "Thanh Niên");
    assert_int_equal(f->n_entries, 2); /* the <url> without <loc> is dropped */
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->link, "https://www.thanhnien.example/thoi-su/bai-1.htm");
    assert_string_equal(e->id, e->link);
    assert_string_equal(e->title, "Việt Nam & Nhật Bản nâng cấp quan hệ");
    assert_string_equal(e->lang, "vi");
    assert_string_equal(e->image, "https://img.thanhnien.example/1.jpg");
    assert_int_equal(e->published, 1700530200);
    assert_int_equal(e->updated, 1700532000);
    e = &f->entries[1];
    assert_null(e->title);
    assert_int_equal(e->updated, 1700438400);
    feed_free(f);
}

static void test_index(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "sitemap_index.xml", NULL, NULL), HERALD_OK);
    assert_int_equal(f->format, FEED_SITEMAP_INDEX);
    assert_int_equal(f->n_entries, 2);
    assert_string_equal(f->entries[0].link, "https://www.example.com/sitemap-news.xml");
    assert_int_equal(f->entries[0].updated, 1700530200);
    assert_string_equal(f->entries[1].link, "https://www.example.com/sitemap-2023-11.xml");
    feed_free(f);
}

static void test_relative_and_malformed(void **state)
{
    struct feed *f;
    const char *rel = "<urlset><url><loc>/a</loc></url><url><loc> </loc></url>"
                      "<url><loc>javascript:x</loc></url></urlset>";
    assert_int_equal(feed_parse(&f, rel, strlen(rel), NULL, "https://s.example/sitemap.xml"),
                     HERALD_OK);
    assert_int_equal(f->n_entries, 1);
    assert_string_equal(f->entries[0].link, "https://s.example/a");
    feed_free(f);
    const char *trunc = "<urlset><url><loc>https://s.example/1</loc></url><url><loc>https://s.";
    assert_int_equal(parse_str(&f, trunc), HERALD_OK);
    assert_true(f->n_entries >= 1);
    assert_string_equal(f->entries[0].link, "https://s.example/1");
    feed_free(f);
    assert_int_equal(parse_str(&f, "<urlset"), HERALD_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_news_sitemap),
        cmocka_unit_test(test_index),
        cmocka_unit_test(test_relative_and_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
