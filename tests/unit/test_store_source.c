/* Unit tests for sources: validation, CRUD, duplicates, due polling and
 * fetch health. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "store/store_source.h"
#include "store_testdb.h"

static int64_t add(struct store *s, const char *url, const char *cc, int minutes)
{
    struct source src = {.url = (char *)url,
                         .country = (char *)cc,
                         .poll_minutes = minutes,
                         .enabled = true,
                         .lang = "vi",
                         .kind = "foreign",
                         .name = "Example"};
    assert_int_equal(store_source_add(s, &src), HERALD_OK);
    assert_true(src.id > 0);
    return src.id;
}

static void test_validation(void **state)
{
    assert_true(store_source_country_valid("VN"));
    assert_true(store_source_country_valid("fr"));
    assert_false(store_source_country_valid("XX"));
    assert_false(store_source_country_valid("VNM"));
    assert_false(store_source_country_valid(""));
    assert_true(store_source_lang_valid("vi"));
    assert_true(store_source_lang_valid("zh-Hans"));
    assert_true(store_source_lang_valid("pt-BR"));
    assert_false(store_source_lang_valid("v"));
    assert_false(store_source_lang_valid("vi--x"));
    assert_false(store_source_lang_valid("1a"));
    assert_true(store_source_kind_valid("official"));
    assert_false(store_source_kind_valid("state"));

    struct store *s = *state;
    struct source bad = {.url = "ftp://x.example/feed", .enabled = true};
    assert_int_equal(store_source_add(s, &bad), HERALD_EINVAL);
    bad.url = "https://x.example/feed";
    bad.country = "QQ";
    assert_int_equal(store_source_add(s, &bad), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "QQ"));
    bad.country = NULL;
    bad.kind = "tabloid";
    assert_int_equal(store_source_add(s, &bad), HERALD_EINVAL);
    bad.kind = NULL;
    bad.poll_minutes = -5;
    assert_int_equal(store_source_add(s, &bad), HERALD_EINVAL);
}

static void test_crud(void **state)
{
    struct store *s = *state;
    int64_t a = add(s, "https://a.example/rss", "fr", 30);
    int64_t b = add(s, "https://b.example/atom", NULL, 0);
    struct source dup = {.url = "https://a.example/rss"};
    assert_int_equal(store_source_add(s, &dup), HERALD_EEXIST);

    struct source *v = NULL;
    size_t n = 0;
    assert_int_equal(store_source_list(s, &v, &n), HERALD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].country, "FR");
    assert_int_equal(v[0].poll_minutes, 30);
    assert_null(v[1].country);
    assert_int_equal(v[1].poll_minutes, 60);
    assert_string_equal(v[1].kind, "foreign");
    sources_free(v, n);

    struct source *one = NULL;
    assert_int_equal(store_source_get(s, b, &one), HERALD_OK);
    assert_string_equal(one->url, "https://b.example/atom");
    source_free(one);
    assert_int_equal(store_source_find_url(s, "https://a.example/rss", &one), HERALD_OK);
    assert_int_equal(one->id, a);
    source_free(one);
    assert_int_equal(store_source_get(s, 999, &one), HERALD_ENOTFOUND);
    assert_null(one);

    assert_int_equal(store_source_set_enabled(s, a, false), HERALD_OK);
    assert_int_equal(store_source_get(s, a, &one), HERALD_OK);
    assert_false(one->enabled);
    source_free(one);
    assert_int_equal(store_source_set_enabled(s, 999, true), HERALD_ENOTFOUND);
    assert_int_equal(store_source_remove(s, a), HERALD_OK);
    assert_int_equal(store_source_remove(s, a), HERALD_ENOTFOUND);
    assert_int_equal(store_source_list(s, &v, &n), HERALD_OK);
    assert_int_equal(n, 1);
    sources_free(v, n);
    sources_free(NULL, 0);
    source_free(NULL);
}

static void test_due_and_health(void **state)
{
    struct store *s = *state;
    int64_t a = add(s, "https://a.example/rss", "VN", 10);
    int64_t b = add(s, "https://b.example/rss", "VN", 60);
    int64_t now = 1700000000;
    struct source *v = NULL, *one = NULL;
    size_t n = 0;
    assert_int_equal(store_source_due(s, now, &v, &n), HERALD_OK);
    assert_int_equal(n, 2); /* never fetched: both due */
    sources_free(v, n);

    assert_int_equal(store_source_record_fetch(s, a, now, true, NULL, "\"e1\"", "Mon", 5),
                     HERALD_OK);
    assert_int_equal(store_source_record_fetch(s, b, now, false, "HTTP 503", NULL, NULL, 0),
                     HERALD_OK);
    assert_int_equal(store_source_record_fetch(s, b, now + 1, false, "timeout", NULL, NULL, 0),
                     HERALD_OK);
    assert_int_equal(store_source_get(s, b, &one), HERALD_OK);
    assert_int_equal(one->failures, 2);
    assert_string_equal(one->last_error, "timeout");
    assert_int_equal(one->last_success, 0);
    source_free(one);

    assert_int_equal(store_source_due(s, now + 9 * 60, &v, &n), HERALD_OK);
    assert_int_equal(n, 0);
    sources_free(v, n);
    assert_int_equal(store_source_due(s, now + 10 * 60, &v, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, a);
    sources_free(v, n);

    /* success keeps validators when NULL, resets failures */
    assert_int_equal(store_source_record_fetch(s, b, now + 2, true, NULL, "\"b\"", NULL, 3),
                     HERALD_OK);
    assert_int_equal(store_source_record_fetch(s, a, now + 2, true, NULL, NULL, "", 1), HERALD_OK);
    assert_int_equal(store_source_get(s, b, &one), HERALD_OK);
    assert_int_equal(one->failures, 0);
    assert_null(one->last_error);
    assert_int_equal(one->last_success, now + 2);
    assert_int_equal(one->items_seen, 3);
    source_free(one);
    assert_int_equal(store_source_get(s, a, &one), HERALD_OK);
    assert_string_equal(one->etag, "\"e1\"");
    assert_null(one->last_modified);
    assert_int_equal(one->items_seen, 6);
    source_free(one);

    assert_int_equal(store_source_set_enabled(s, a, false), HERALD_OK);
    assert_int_equal(store_source_due(s, now + 100000, &v, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, b);
    sources_free(v, n);
    assert_int_equal(store_source_record_fetch(s, 999, now, true, NULL, NULL, NULL, 0),
                     HERALD_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_validation, testdb_setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_crud, testdb_setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_due_and_health, testdb_setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
