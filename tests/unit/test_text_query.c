/* Unit tests for fts_query_build(): the expressions it writes, its errors,
 * and end-to-end searches through the "herald" tokenizer in FTS5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fts_testdb.h"

#include "text/fts_query.h"
#include "text/fts_tokenizer.h"
#include "util/xalloc.h"

/* Builds q and returns it with the exact marker shown as '^', the pair
 * marker as '~'. */
static char *build(const char *q)
{
    char *out = NULL;
    herald_rc rc = fts_query_build(&out, q);
    if (rc != HERALD_OK)
        print_error("%s: %s\n", q, herald_error_last());
    assert_int_equal(rc, HERALD_OK);
    for (char *c = out; *c; c++)
        if (*c == FTS_TOKENIZER_EXACT_MARK)
            *c = '^';
        else if (*c == FTS_TOKENIZER_PAIR_MARK)
            *c = '~';
    return out;
}

static void expect_build(const char *q, const char *want)
{
    char *got = build(q);
    assert_string_equal(got, want);
    free(got);
}

static void test_build_words_and_operators(void **state)
{
    expect_build("thong tin doi ngoai", "(\"thong\" AND \"tin\" AND \"doi\" AND \"ngoai\")");
    expect_build("a OR b c", "(\"a\" OR (\"b\" AND \"c\"))");
    expect_build("(a OR b) c NOT d", "((\"a\" OR \"b\") AND (\"c\" NOT \"d\"))");
    expect_build("a AND b", "(\"a\" AND \"b\")");
    expect_build("or not and", "(\"or\" AND \"not\" AND \"and\")");
    expect_build("x**", "\"x\"*");
    expect_build("\"x y\"*", "\"x y\"*");
}

static void test_build_exact_boost(void **state)
{
    expect_build("Thông tin", "((\"Thông\" OR \"^Thông\") AND \"tin\")");
    expect_build("Việt*", "\"Việt\"*" /* prefixes stay folded: the prefix index covers them */);
    expect_build("\"đối ngoại\"",
                 "(\"~đối ngoại\" OR (\"~đối ngoại\" AND \"^đối\" AND \"^ngoại\"))");
    /* the right side of NOT is folded only */
    expect_build("a NOT đối", "(\"a\" NOT \"đối\")");
    /* no boost when only case differs */
    expect_build("Hanoi", "\"Hanoi\"");
}

static void test_build_escapes(void **state)
{
    expect_build("title:foo ^bar", "(\"title:foo\" AND \"^bar\")");
    expect_build("\"abc", "\"abc\"");
    expect_build("a \"", "\"a\"");
    expect_build("covid-19 - :", "\"covid-19\"");
    expect_build("NEAR(a b)", "(\"NEAR\" AND (\"a\" AND \"b\"))");
    expect_build("a\x01"
                 "b\tc",
                 "(\"a\" AND \"b\" AND \"c\")");
    expect_build("caf\xff", "\"caf\xef\xbf\xbd\"");
    expect_build("a\xc2\xa0"
                 "b\xe3\x80\x80"
                 "c",
                 "(\"a\" AND \"b\" AND \"c\")");
}

static void expect_error(const char *q, herald_rc want)
{
    char *out = (char *)"untouched";
    herald_rc rc = fts_query_build(&out, q);
    if (rc != want)
        print_error("%s: rc %d\n", q ? q : "(null)", rc);
    assert_int_equal(rc, want);
    assert_null(out);
    assert_true(strlen(herald_error_last()) > 0);
}

static void test_build_errors(void **state)
{
    expect_error(NULL, HERALD_EINVAL);
    expect_error("", HERALD_EINVAL);
    expect_error("   ", HERALD_EINVAL);
    expect_error("- ^ : \"\" ()", HERALD_EINVAL);
    expect_error("OR", HERALD_EINVAL);
    expect_error("NOT a", HERALD_EINVAL);
    expect_error("a OR", HERALD_EINVAL);
    expect_error("a AND AND b", HERALD_EINVAL);
    expect_error("(a", HERALD_EINVAL);
    expect_error("a)", HERALD_EINVAL);
    expect_error("a ()", HERALD_EINVAL);
    expect_error("((((((((((a))))))))))", HERALD_EINVAL);
    char big[FTS_QUERY_MAX_BYTES + 2];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    expect_error(big, HERALD_ETOOBIG);
    char many[200] = "";
    for (int i = 0; i <= FTS_QUERY_MAX_TERMS; i++)
        strcat(many, "w ");
    expect_error(many, HERALD_ETOOBIG);
}

/* --- through FTS5 --- */

static const char *docs[] = {
    /* 1 */ "Thông tin đối ngoại là nhiệm vụ của cả hệ thống chính trị",
    /* 2 */ "thong tin doi ngoai la nhiem vu cua ca he thong chinh tri",
    /* 3 */ "Đôi nét về ngoại giao nhân dân",
    /* 4 */ "外交部发言人表示，越南是重要伙伴",
    /* 5 */ "ประเทศเวียดนามและประเทศไทยหารือความร่วมมือ",
    /* 6 */ "Việt Nam và Liên Hợp Quốc",
    /* 7 */ "ベトナム外務省の報道官",
    /* 8 */ "La diplomatie du Vietnam: «l'information extérieure»",
    /* 9 */ "베트남 외교부는 서울에서 회담을 열었다",
    /* 10 */ "Trời mưa. Giao thông ùn tắc",
};

static sqlite3 *open_db(void)
{
    return fts_testdb_open(docs, sizeof(docs) / sizeof(docs[0]));
}

/* Runs the built query; returns rowids in rank order as "1 2 ", or NULL
 * when SQLite reported an error. */
static char *search(sqlite3 *db, const char *user_query)
{
    char *expr = NULL;
    assert_int_equal(fts_query_build(&expr, user_query), HERALD_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    char *out = xstrdup("");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *next = xasprintf("%s%d ", out, sqlite3_column_int(st, 0));
        free(out);
        out = next;
    }
    if (rc != SQLITE_DONE) {
        print_error("%s -> %s: %s\n", user_query, expr, sqlite3_errmsg(db));
        free(out);
        out = NULL;
    }
    sqlite3_finalize(st);
    free(expr);
    return out;
}

static void expect_search(sqlite3 *db, const char *q, const char *rows)
{
    char *got = search(db, q);
    assert_non_null(got);
    if (strcmp(got, rows) != 0)
        print_error("%s: got '%s' want '%s'\n", q, got, rows);
    assert_string_equal(got, rows);
    free(got);
}

static void test_search_folding_and_ranking(void **state)
{
    sqlite3 *db = open_db();
    char *got = search(db, "thong tin doi ngoai");
    assert_true(strcmp(got, "1 2 ") == 0 || strcmp(got, "2 1 ") == 0);
    free(got);
    expect_search(db, "Thông tin đối ngoại", "1 2 ");
    expect_search(db, "\"thông tin đối ngoại\"", "1 2 ");
    /* đối and đôi fold together; the exact spelling ranks first */
    expect_search(db, "đôi", "3 1 2 ");
    expect_search(db, "đối", "1 3 2 "); /* 3 (shorter) beats 2 on length */
    expect_search(db, "ngoai NOT doi", "");
    expect_search(db, "ngoại NOT thông", "3 ");
    sqlite3_close(db);
}

/* Quoted phrases go through word pairs: found with or without
 * diacritics, word order matters, no phrase across a sentence end. */
static void test_search_phrases(void **state)
{
    sqlite3 *db = open_db();
    expect_search(db, "\"thông tin\"", "1 2 ");
    char *got = search(db, "\"thong tin\"");
    assert_true(strcmp(got, "1 2 ") == 0 || strcmp(got, "2 1 ") == 0);
    free(got);
    got = search(db, "\"tin doi ngoai\""); /* three words typed without diacritics */
    assert_true(strcmp(got, "1 2 ") == 0 || strcmp(got, "2 1 ") == 0);
    free(got);
    expect_search(db, "\"tin thong\"", "");
    expect_search(db, "\"tin ngoai doi\"", "");
    expect_search(db, "\"doi ngoai giao\"", ""); /* words of 1 and 3, never adjacent */
    expect_search(db, "\"giao thông\"", "10 ");
    expect_search(db, "\"mua giao\"", "");       /* a sentence ends between them */
    expect_search(db, "\"mưa. Giao\"", "10 ");   /* typed with the stop: a plain phrase */
    expect_search(db, "\"外交部发言人\"", "4 "); /* pairs of CJK bigrams */
    expect_search(db, "\"发言人外交部\"", "");
    expect_search(db, "\"Việt\"", "6 "); /* one word: itself */
    expect_search(db, "\"viet nam\" NOT \"lien hop\"", "");
    sqlite3_close(db);
}

static void test_search_scripts_and_prefix(void **state)
{
    sqlite3 *db = open_db();
    expect_search(db, "外交", "4 ");
    expect_search(db, "外交部 越南", "4 ");
    expect_search(db, "เวียดนาม", "5 ");
    expect_search(db, "ความร่วมมือ", "5 ");
    expect_search(db, "外務省", "7 ");
    expect_search(db, "ベトナム", "7 ");
    expect_search(db, "서울", "9 ");
    expect_search(db, "외교부", "9 ");
    char *got = search(db, "Việt*");
    assert_non_null(got);
    assert_int_equal(got[0], '6'); /* exact "Việt" first, then Vietnam */
    assert_non_null(strstr(got, " 8 "));
    free(got);
    expect_search(db, "extérieure", "8 ");
    expect_search(db, "l'information", "8 ");
    expect_search(db, "information", "8 ");
    sqlite3_close(db);
}

/* No user input may make FTS5 fail. */
static void test_search_never_fails(void **state)
{
    static const char *nasty[] = {
        "a:b",        "body:x",     "^start",  "a NEAR b", "NEAR(a b, 2)", "\"\"\"a",
        "a*b*c",      "*",          "a - b",   "{a b}",    "a + b",        "'a'",
        "x AND (y)",  "\xe1\xbb",   "😀 a",     "a\\\"b",   "-a",           "a OR (b NOT c)",
        "\"a\"\"b\"", "column:(a)", "* OR *a", "ا ل",      "a\x7f",        "Ǆemal",
    };
    sqlite3 *db = open_db();
    for (size_t i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
        char *expr = NULL;
        if (fts_query_build(&expr, nasty[i]) != HERALD_OK)
            continue;
        free(expr);
        char *got = search(db, nasty[i]);
        if (!got)
            print_error("query %zu failed in FTS5\n", i);
        assert_non_null(got);
        free(got);
    }
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_words_and_operators),
        cmocka_unit_test(test_build_exact_boost),
        cmocka_unit_test(test_build_escapes),
        cmocka_unit_test(test_build_errors),
        cmocka_unit_test(test_search_folding_and_ranking),
        cmocka_unit_test(test_search_phrases),
        cmocka_unit_test(test_search_scripts_and_prefix),
        cmocka_unit_test(test_search_never_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
