/* Unit tests for JSON Feed 1.0/1.1: fields, relative URLs, wrong types and
 * invalid JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feed_testutil.h"

static void test_json_feed_11(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "feed.json", NULL, NULL), HERALD_OK);
    assert_int_equal(f->format, FEED_JSON);
    assert_string_equal(f->title, "Example Chinese Daily \u2014 World");
    assert_string_equal(f->link, "https://daily.example.cn/world/");
    assert_string_equal(f->lang, "zh-CN");
    assert_int_equal(f->n_entries, 2);
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->id, "2023-1121-001");
    assert_string_equal(e->link, "https://daily.example.cn/world/2023/11/21/001.html");
    assert_string_equal(e->title, "越南与中国举行 会谈");
    assert_string_equal(e->summary, "两国外长在北京举行会谈。");
    assert_string_equal(e->content, "<p>两国外长在北京举行会谈。</p>");
    assert_string_equal(e->author, "记者 王");
    assert_string_equal(e->image, "https://daily.example.cn/img/001.jpg");
    assert_int_equal(e->published, 1700530200);
    assert_int_equal(e->updated, 1700532000);
    e = &f->entries[1];
    assert_string_equal(e->id, "42");
    assert_string_equal(e->link, "https://other.example/story");
    assert_string_equal(e->content, "Plain text only.");
    assert_string_equal(e->author, "Old 1.0 author");
    feed_free(f);
}

static void test_wrong_types_ignored(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "wrong_types.json", NULL, NULL), HERALD_OK);
    assert_null(f->title);
    assert_null(f->link);
    assert_int_equal(f->n_entries, 1);
    assert_string_equal(f->entries[0].title, "Survivor");
    assert_null(f->entries[0].author);
    feed_free(f);
}

static void test_invalid(void **state)
{
    struct feed *f = (void *)1;
    assert_int_equal(parse_fixture(&f, "invalid.json", NULL, NULL), HERALD_EPARSE);
    assert_null(f);
    assert_true(strncmp(herald_error_last(), "invalid JSON at line 3:", 23) == 0);
    static const char *bad[] = {
        "{",      "{}", "{\"items\": {}}", "{\"items\": \"x\"}", "{\"items\": [1, 2]} trailing",
        "[1,2,3]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(feed_parse(&f, bad[i], strlen(bad[i]), "application/feed+json", NULL),
                         HERALD_EPARSE);
    assert_int_equal(parse_str(&f, "{\"items\": []}"), HERALD_OK);
    assert_int_equal(f->n_entries, 0);
    feed_free(f);
    /* Invalid UTF-8 is replaced, not fatal. */
    const char *bin = "{\"items\": [{\"url\": \"https://x.example/\", \"title\": \"a\xff\"}]}";
    assert_int_equal(parse_str(&f, bin), HERALD_OK);
    assert_string_equal(f->entries[0].title, "a\xef\xbf\xbd");
    feed_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_feed_11),
        cmocka_unit_test(test_wrong_types_ignored),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
