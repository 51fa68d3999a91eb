/* Unit test for upgrading a store that holds articles: a database at
 * schema 6 (built here from the first six migrations, with articles in
 * it) opens at the latest schema with its articles kept, searchable and
 * marked unanalysed, and then takes analyses and filters by them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "store/store_article.h"
#include "store/store_rank.h"
#include "store/store_schema.h"
#include "store/store_search.h"
#include "store_testdb.h"
#include "text/fts_tokenizer.h"

/* Writes a schema-6 database with two articles at testdb_path. */
static void make_v6(void)
{
    sqlite3 *db = NULL;
    size_t n = 0;
    char pragma[96];
    const struct store_migration *m = store_schema_migrations(&n);
    assert_int_equal(sqlite3_open(testdb_path, &db), SQLITE_OK);
    assert_int_equal(fts_tokenizer_register(db), HERALD_OK);
    assert_int_equal(store_rank_register(db), HERALD_OK);
    for (size_t i = 0; i < n && m[i].version <= 6; i++)
        assert_int_equal(sqlite3_exec(db, m[i].sql, NULL, NULL, NULL), SQLITE_OK);
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = 6; PRAGMA application_id = %d",
             STORE_SCHEMA_APP_ID);
    assert_int_equal(sqlite3_exec(db, pragma, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO articles (id, url, canonical_url, lang, title, text, fingerprint)"
                     " VALUES (1, 'https://a.example/1', 'https://a.example/1', 'vi',"
                     " 'Hà Nội đón đoàn khách quốc tế', 'Thủ đô Hà Nội đón nhiều du khách.', 11),"
                     " (2, 'https://a.example/2', 'https://a.example/2', 'en',"
                     " 'Hanoi hosts a summit', 'Leaders met in Hanoi this week.', 12)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

static int setup(void **state)
{
    snprintf(testdb_path, sizeof testdb_path, "/tmp/herald-test-XXXXXX");
    int fd = mkstemp(testdb_path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(testdb_path);
    make_v6();
    *state = NULL;
    (void)testdb_setup; /* this test builds its own database */
    return 0;
}

static size_t count(struct store *s, struct search_query *q)
{
    struct search_hit *h = NULL;
    size_t n = 0;
    if (store_search(s, q, &h, &n))
        fail_msg("search: %s", herald_error_last());
    search_hits_free(h, n);
    return n;
}

static void test_v6_store_upgrades(void **state)
{
    struct store *s = NULL;
    struct article_row *a = NULL;
    assert_int_equal(store_open(&s, testdb_path), HERALD_OK);
    *state = s; /* closed by testdb_teardown */
    assert_int_equal(store_article_get(s, 1, &a), HERALD_OK);
    assert_string_equal(a->title, "Hà Nội đón đoàn khách quốc tế");
    assert_false(a->an.analyzed);
    article_row_free(a);
    struct search_query q = {.q = "\"ha noi\" OR hanoi"};
    assert_int_equal(count(s, &q), 2);
    q.relevance = 1u << 2;
    assert_int_equal(count(s, &q), 0); /* nothing analysed yet */

    int64_t *ids = NULL;
    size_t n = 0;
    assert_int_equal(store_article_ids(s, true, &ids, &n), HERALD_OK);
    assert_int_equal(n, 2);
    free(ids);
    struct article_analysis an = {
        .analyzed = true, .relevance = 0.9, .relevance_class = 2, .topics = "culture"};
    assert_int_equal(store_article_set_analysis(s, 1, NULL, &an), HERALD_OK);
    assert_int_equal(count(s, &q), 1);
    assert_int_equal(store_article_ids(s, true, &ids, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 2);
    free(ids);
    assert_int_equal(store_article_ids(s, false, &ids, &n), HERALD_OK);
    assert_int_equal(n, 2);
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_v6_store_upgrades, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
