/* The shared article filters (store_filter_parse, names and codes) and
 * STORE_FILTER_SQL bound by store_filter_bind() over a small in-memory
 * articles table; the article JSON builder (store_json_article). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store/store_filter.h"
#include "util/date.h"
#include "store/store_json.h"

static herald_rc parse(struct search_query *q, const char *key, const char *v)
{
    return store_filter_parse(q, key, v);
}

static void test_names_codes(void **state)
{
    (void)state;
    int c = 9;
    assert_string_equal(store_filter_relevance_name(2), "about");
    assert_null(store_filter_relevance_name(3));
    assert_null(store_filter_relevance_name(-1));
    assert_string_equal(store_filter_tone_name(-1), "negative");
    assert_null(store_filter_tone_name(2));
    assert_int_equal(store_filter_relevance_code(&c, "mentions"), HERALD_OK);
    assert_int_equal(c, 1);
    assert_int_equal(store_filter_tone_code(&c, "negative"), HERALD_OK);
    assert_int_equal(c, -1);
    assert_int_equal(store_filter_tone_code(&c, "Negative"), HERALD_EINVAL);
    assert_int_equal(store_filter_relevance_code(&c, NULL), HERALD_EINVAL);
    for (int i = -1; i <= 1; i++)
        assert_int_equal(store_filter_tone_code(&c, store_filter_tone_name(i)), HERALD_OK);
}

static void test_parse_good(void **state)
{
    (void)state;
    struct search_query q = {0};
    assert_int_equal(parse(&q, "lang", "vi"), HERALD_OK);
    assert_int_equal(parse(&q, "country", "fr"), HERALD_OK);
    assert_int_equal(parse(&q, "source", "42"), HERALD_OK);
    assert_int_equal(parse(&q, "since", "2026-01-01"), HERALD_OK);
    assert_int_equal(parse(&q, "until", "2026-01-31"), HERALD_OK);
    assert_int_equal(parse(&q, "relevance", "about,mentions"), HERALD_OK);
    assert_int_equal(parse(&q, "tone", "negative"), HERALD_OK);
    assert_int_equal(parse(&q, "topic", "sovereignty"), HERALD_OK);
    assert_string_equal(q.lang, "vi");
    assert_string_equal(q.country, "fr");
    assert_int_equal(q.source_id, 42);
    /* a bare day is the office's (default +07:00): midnight there */
    assert_int_equal(q.since, 1767225600 - 7 * 3600);
    assert_int_equal(q.until, 1769817600 + 86400 - 7 * 3600); /* the whole last day */
    assert_int_equal(q.relevance, 6u);
    assert_int_equal(q.tone, 1u);
    assert_string_equal(q.topic, "sovereignty");
    assert_int_equal(parse(&q, "until", "2026-01-31T12:00:00Z"), HERALD_OK);
    assert_int_equal(q.until, 1769817600 + 43200);
    date_set_office_offset(-5 * 3600);
    assert_int_equal(parse(&q, "since", "2026-01-01"), HERALD_OK);
    assert_int_equal(q.since, 1767225600 + 5 * 3600);
    date_set_office_offset(7 * 3600);
}

static void test_parse_bad(void **state)
{
    (void)state;
    static const char *const bad[][2] = {
        {"lang", ""},
        {"lang", "vi vi"},
        {"country", "France"},
        {"source", "0"},
        {"source", "-1"},
        {"source", "1x"},
        {"source", ""},
        {"source", "9999999999999999999"},
        {"since", "yesterday"},
        {"since", "2026-13-01"},
        {"until", "2026-01-01junk"},
        {"since", ""},
        {"relevance", ""},
        {"relevance", "about,"},
        {"relevance", "ABOUT"},
        {"tone", "bad"},
        {"tone", ",,"},
        {"topic", ""},
        {"topic", "Rights"},
        {"topic", "a%b"},
        {"topic", "-x"},
        {"topic", "abcdefghijklmnopqrstuvwxyz0123456"},
        {"lang", "\xff\xfe"},
        {"topic", "d\xc3\xa2n"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct search_query q = {0};
        herald_rc rc = parse(&q, bad[i][0], bad[i][1]);
        if (rc != HERALD_EINVAL)
            fail_msg("%s=%s: rc %d", bad[i][0], bad[i][1], rc);
        /* The message names the filter. */
        assert_int_equal(strncmp(herald_error_last(), bad[i][0], strlen(bad[i][0])), 0);
    }
    struct search_query q = {0};
    assert_int_equal(parse(&q, "limit", "3"), HERALD_ENOTFOUND);
    assert_int_equal(parse(&q, "q", "x"), HERALD_ENOTFOUND);
    size_t n = 0;
    while (store_filter_keys[n])
        n++;
    assert_int_equal(n, 8);
}

/* Counts the rows of a small articles table that q's filters keep. */
static int count(sqlite3 *db, const struct search_query *q)
{
    static const char sql[] = "SELECT count(*) FROM articles a WHERE (?1 IS NULL OR 1)"
                              " AND ?7 IS NULL" STORE_FILTER_SQL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(store_filter_bind(st, q), HERALD_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_sql(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "CREATE TABLE articles(id INTEGER PRIMARY KEY, lang, country, source_id,"
                     " published, relevance_class, tone_label, topics);"
                     "INSERT INTO articles VALUES(1,'vi','VN',1,1767225600,2,-1,'sovereignty');"
                     "INSERT INTO articles VALUES(2,'en','FR',2,1769817600,1,0,'economy,rights');"
                     "INSERT INTO articles VALUES(3,'en','US',2,1770000000,0,NULL,NULL);",
                     NULL, NULL, NULL),
        SQLITE_OK);
    struct search_query q = {0};
    assert_int_equal(count(db, &q), 3);
    assert_int_equal(parse(&q, "lang", "en"), HERALD_OK);
    assert_int_equal(count(db, &q), 2);
    assert_int_equal(parse(&q, "country", "fr"), HERALD_OK); /* either case */
    assert_int_equal(count(db, &q), 1);
    memset(&q, 0, sizeof q);
    assert_int_equal(parse(&q, "topic", "rights"), HERALD_OK);
    assert_int_equal(count(db, &q), 1);
    assert_int_equal(parse(&q, "topic", "right"), HERALD_OK); /* whole slugs only */
    assert_int_equal(count(db, &q), 0);
    memset(&q, 0, sizeof q);
    assert_int_equal(parse(&q, "tone", "negative,neutral"), HERALD_OK);
    assert_int_equal(count(db, &q), 2);
    assert_int_equal(parse(&q, "relevance", "about"), HERALD_OK);
    assert_int_equal(count(db, &q), 1);
    memset(&q, 0, sizeof q);
    assert_int_equal(parse(&q, "until", "2026-01-31"), HERALD_OK);
    assert_int_equal(count(db, &q), 2);
    assert_int_equal(parse(&q, "since", "2026-01-02"), HERALD_OK);
    assert_int_equal(count(db, &q), 1);
    assert_int_equal(parse(&q, "source", "2"), HERALD_OK);
    assert_int_equal(count(db, &q), 1);
    sqlite3_close(db);
}

static void test_json(void **state)
{
    (void)state;
    struct article_row a = {.id = 7,
                            .url = "https://e.example/a",
                            .title = "bad \xff utf-8 <script>",
                            .published = 1767225600,
                            .fingerprint = 0xabc};
    json_t *o = store_json_article(&a, false);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "title")),
                        "bad \xef\xbf\xbd utf-8 <script>");
    assert_string_equal(json_string_value(json_object_get(o, "published")), "2026-01-01T00:00:00Z");
    assert_string_equal(json_string_value(json_object_get(o, "fingerprint")), "0000000000000abc");
    assert_true(json_is_null(json_object_get(o, "analysis")));
    assert_true(json_is_null(json_object_get(o, "source_id")));
    assert_true(json_is_null(json_object_get(o, "feed_entry_id")));
    assert_null(json_object_get(o, "text"));
    json_decref(o);
    a.an = (struct article_analysis){
        .analyzed = true, .relevance_class = 2, .has_tone = false, .tone_doc_label = 1};
    strcpy(a.an.topics, "rights,,economy");
    o = store_json_article(&a, true);
    json_t *x = json_object_get(o, "analysis");
    assert_string_equal(json_string_value(json_object_get(x, "relevance_class")), "about");
    assert_true(json_is_null(json_object_get(x, "tone_label")));
    assert_string_equal(json_string_value(json_object_get(x, "tone_document_label")), "positive");
    assert_int_equal(json_array_size(json_object_get(x, "topics")), 2);
    assert_true(json_is_null(json_object_get(o, "text")));
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_codes), cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_bad),   cmocka_unit_test(test_sql),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
