/* Unit tests for articles: storing, reading back, duplicates by URL and by
 * fingerprint recorded as rejects, seen entries and counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "store/store_article.h"
#include "store/store_source.h"
#include "store_testdb.h"

static int64_t add_source(struct store *s)
{
    struct source src = {.url = "https://vnexpress.example/rss",
                         .country = "vn",
                         .lang = "vi",
                         .enabled = true,
                         .name = "VnExpress"};
    assert_int_equal(store_source_add(s, &src), HERALD_OK);
    return src.id;
}

static int64_t count(struct store *s, const char *sql)
{
    sqlite3_stmt *q = NULL;
    assert_int_equal(store_prepare(s, &q, sql), HERALD_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return n;
}

static void test_add_get(void **state)
{
    struct store *s = *state;
    int64_t src = add_source(s);
    struct article_row a = {.source_id = src,
                            .url = "https://vnexpress.example/a?utm=1",
                            .canonical_url = "https://vnexpress.example/a",
                            .title = "Thủ tướng thăm Pháp",
                            .text = "Thủ tướng Phạm Minh Chính thăm chính thức Pháp.",
                            .lang = "vi",
                            .byline = "Staff",
                            .published = 1700000000,
                            .feed_entry_id = "guid-1"};
    int64_t id = 0;
    assert_int_equal(store_article_add(s, &a, &id), HERALD_OK);
    assert_true(id > 0);
    struct article_row *r = NULL;
    assert_int_equal(store_article_get(s, id, &r), HERALD_OK);
    assert_string_equal(r->title, a.title);
    assert_string_equal(r->canonical_url, "https://vnexpress.example/a");
    assert_string_equal(r->country, "VN"); /* from the source */
    assert_string_equal(r->source_name, "VnExpress");
    assert_string_equal(r->byline, "Staff");
    assert_int_equal(r->published, 1700000000);
    assert_true(r->fetched > 0);
    assert_int_equal(r->fingerprint, store_article_fingerprint(a.text));
    assert_null(r->summary);
    article_row_free(r);
    assert_int_equal(store_article_get(s, id + 100, &r), HERALD_ENOTFOUND);
    article_row_free(NULL);
    struct article_row none = {.title = "x"};
    assert_int_equal(store_article_add(s, &none, NULL), HERALD_EINVAL);
}

static void test_fingerprint_folds(void **state)
{
    uint64_t a = store_article_fingerprint("Hà Nội  mở cửa\n");
    assert_int_equal(a, store_article_fingerprint("HA NOI mo cua"));
    assert_int_not_equal(a, store_article_fingerprint("Ha Noi dong cua"));
    assert_int_equal(store_article_fingerprint("  \n"), 0);
    assert_int_equal(store_article_fingerprint(NULL), 0);
}

static void test_duplicates_rejected(void **state)
{
    struct store *s = *state;
    int64_t src = add_source(s), first = 0, id = 0;
    struct article_row a = {.source_id = src,
                            .url = "https://x.example/1",
                            .title = "One",
                            .text = "Some body text about the economy."};
    assert_int_equal(store_article_add(s, &a, &first), HERALD_OK);
    /* same URL, different text */
    struct article_row b = {.source_id = src, .url = "https://x.example/1", .text = "Other."};
    assert_int_equal(store_article_add(s, &b, &id), HERALD_EEXIST);
    assert_int_equal(id, first);
    /* same text (up to case and spacing), different URL */
    struct article_row c = {.source_id = src,
                            .url = "https://mirror.example/9",
                            .text = "SOME body   text about the economy."};
    assert_int_equal(store_article_add(s, &c, &id), HERALD_EEXIST);
    assert_int_equal(id, first);
    /* canonical URL equal to an earlier canonical */
    struct article_row d = {.url = "https://x.example/1?amp",
                            .canonical_url = "https://x.example/1",
                            .text = "Third text."};
    assert_int_equal(store_article_add(s, &d, &id), HERALD_EEXIST);
    assert_int_equal(count(s, "SELECT count(*) FROM articles"), 1);
    assert_int_equal(
        count(s, "SELECT count(*) FROM rejects WHERE reason = 'duplicate of article 1'"), 3);
    /* articles without text never collide on fingerprint */
    struct article_row e = {.url = "https://x.example/2", .title = "T"};
    struct article_row f = {.url = "https://x.example/3", .title = "T"};
    assert_int_equal(store_article_add(s, &e, NULL), HERALD_OK);
    assert_int_equal(store_article_add(s, &f, NULL), HERALD_OK);
}

static void test_entries_and_counts(void **state)
{
    struct store *s = *state;
    int64_t src = add_source(s), id = 0;
    bool seen = true;
    assert_int_equal(store_entry_seen(s, src, "guid-1", &seen), HERALD_OK);
    assert_false(seen);
    struct article_row a = {
        .source_id = src, .url = "https://x.example/1", .lang = "vi", .text = "Văn bản"};
    assert_int_equal(store_article_add(s, &a, &id), HERALD_OK);
    assert_int_equal(store_entry_mark(s, src, "guid-1", a.url, id, "stored"), HERALD_OK);
    assert_int_equal(store_entry_mark(s, src, "guid-2", "https://x.example/2", 0, "rejected"),
                     HERALD_OK);
    assert_int_equal(store_entry_mark(s, src, "guid-2", "https://x.example/2", 0, "rejected"),
                     HERALD_OK);
    assert_int_equal(store_entry_seen(s, src, "guid-1", &seen), HERALD_OK);
    assert_true(seen);
    assert_int_equal(store_entry_seen(s, src + 1, "guid-1", &seen), HERALD_OK);
    assert_false(seen);
    assert_int_equal(store_reject_add(s, src, "https://x.example/2", "not an article"), HERALD_OK);
    struct article_row b = {.url = "https://x.example/3", .lang = "en", .text = "Text"};
    struct article_row c = {.url = "https://x.example/4", .lang = "en", .text = "More text"};
    assert_int_equal(store_article_add(s, &b, NULL), HERALD_OK);
    assert_int_equal(store_article_add(s, &c, NULL), HERALD_OK);

    struct store_counts n;
    assert_int_equal(store_counts(s, &n), HERALD_OK);
    assert_int_equal(n.articles, 3);
    assert_int_equal(n.sources, 1);
    assert_int_equal(n.rejects, 1);
    assert_int_equal(n.entries, 2);
    assert_int_equal(n.n_lang, 2);
    assert_string_equal(n.by_lang[0].lang, "en");
    assert_int_equal(n.by_lang[0].n, 2);
    assert_string_equal(n.by_lang[1].lang, "vi");

    /* removing the source keeps its articles */
    assert_int_equal(store_source_remove(s, src), HERALD_OK);
    struct article_row *r = NULL;
    assert_int_equal(store_article_get(s, id, &r), HERALD_OK);
    assert_int_equal(r->source_id, 0);
    article_row_free(r);
    assert_int_equal(store_counts(s, &n), HERALD_OK);
    assert_int_equal(n.entries, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_get, testdb_setup, testdb_teardown),
        cmocka_unit_test(test_fingerprint_folds),
        cmocka_unit_test_setup_teardown(test_duplicates_rejected, testdb_setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_entries_and_counts, testdb_setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
