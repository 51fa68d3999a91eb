/* Unit tests for the "herald" FTS5 tokenizer: tokens and offsets, and
 * MATCH, ranking, snippet and highlight in an in-memory FTS5 table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fts_testdb.h"

#include "text/fts_tokenizer.h"
#include "util/xalloc.h"

/* Collects "token@start-end" lines ("+" prefix when colocated, "^" for the
 * exact marker, "~" for the pair marker) into one string; word pairs only
 * when `pairs` is set. */
struct collect {
    char text[4096];
    int count;
    bool pairs;
};

static int collect_cb(void *ctx, int tflags, const char *tok, int n, int s, int e)
{
    struct collect *c = ctx;
    size_t len = strlen(c->text);
    const char *mark = "";
    if (n > 0 && tok[0] == FTS_TOKENIZER_PAIR_MARK && !c->pairs)
        return 0;
    if (n > 0 && (tok[0] == FTS_TOKENIZER_EXACT_MARK || tok[0] == FTS_TOKENIZER_PAIR_MARK)) {
        mark = tok[0] == FTS_TOKENIZER_EXACT_MARK ? "^" : "~";
        tok++;
        n--;
    }
    snprintf(c->text + len, sizeof(c->text) - len, "%s%s%.*s@%d-%d ",
             (tflags & FTS5_TOKEN_COLOCATED) ? "+" : "", mark, n, tok, s, e);
    c->count++;
    return 0;
}

static const char *tokens(struct collect *c, const char *text, int flags)
{
    memset(c, 0, sizeof(*c));
    assert_int_equal(fts_tokenizer_run(text, strlen(text), flags, collect_cb, c), HERALD_OK);
    return c->text;
}

static void test_tokens_vietnamese(void **state)
{
    struct collect c;
    assert_string_equal(tokens(&c, "Thông tin đối ngoại", FTS5_TOKENIZE_DOCUMENT),
                        "thong@0-6 +^thông@0-6 tin@7-10 doi@11-17 +^đối@11-17 "
                        "ngoai@18-25 +^ngoại@18-25 ");
    assert_string_equal(tokens(&c, "Thông tin", FTS5_TOKENIZE_QUERY), "thong@0-6 tin@7-10 ");
    assert_string_equal(tokens(&c, "\x01Thông tin", FTS5_TOKENIZE_QUERY), "^thông@1-7 tin@8-11 ");
    /* the marker means nothing inside documents */
    assert_string_equal(tokens(&c, "\x01Tin", FTS5_TOKENIZE_DOCUMENT), "tin@1-4 ");
}

/* Word pairs: colocated with the first word, none across a sentence end;
 * a pair query yields only pairs, a lone word itself. */
static void test_tokens_pairs(void **state)
{
    struct collect c;
    memset(&c, 0, sizeof(c));
    c.pairs = true;
    const char *doc = "Thông tin. Đối ngoại";
    assert_int_equal(fts_tokenizer_run(doc, strlen(doc), FTS5_TOKENIZE_DOCUMENT, collect_cb, &c),
                     HERALD_OK);
    assert_string_equal(c.text, "thong@0-6 +^thông@0-6 +~thong tin@0-10 tin@7-10 doi@12-18 "
                                "+^đối@12-18 +~doi ngoai@12-26 ngoai@19-26 +^ngoại@19-26 ");
    memset(&c, 0, sizeof(c));
    c.pairs = true;
    const char *q = "\x02Thông tin đối";
    assert_int_equal(fts_tokenizer_run(q, strlen(q), FTS5_TOKENIZE_QUERY, collect_cb, &c),
                     HERALD_OK);
    assert_string_equal(c.text, "~thong tin@1-11 ~tin doi@8-18 ");
    memset(&c, 0, sizeof(c));
    c.pairs = true;
    assert_int_equal(fts_tokenizer_run("\x02Tin", 4, FTS5_TOKENIZE_QUERY, collect_cb, &c),
                     HERALD_OK);
    assert_string_equal(c.text, "tin@1-4 ");
    assert_true(fts_tokenizer_has_boundary("a. b", 4));
    assert_true(fts_tokenizer_has_boundary("a\xe3\x80\x82", 4));
    assert_false(fts_tokenizer_has_boundary("a, b-c", 6));
}

static void test_tokens_fold_letters(void **state)
{
    struct collect c;
    assert_string_equal(tokens(&c, "STRASSE Straße", FTS5_TOKENIZE_QUERY),
                        "strasse@0-7 strasse@8-15 ");
    assert_string_equal(tokens(&c, "Ørsted Łódź ＡＢＣ１２", FTS5_TOKENIZE_QUERY),
                        "orsted@0-7 lodz@8-15 abc12@16-31 ");
    assert_string_equal(tokens(&c, "2024, 3.5%", FTS5_TOKENIZE_DOCUMENT), "2024@0-4 3.5@6-9 ");
}

static void test_tokens_splitting(void **state)
{
    struct collect c;
    /* elision, apostrophes, hyphens and dots split; numbers keep . and , */
    assert_string_equal(tokens(&c, "l'information U.S. covid-19 1,000.5 v2", FTS5_TOKENIZE_QUERY),
                        "l@0-1 information@2-13 u@14-15 s@16-17 covid@19-24 19@25-27 "
                        "1,000.5@28-35 v2@36-38 ");
    /* quotes and dashes from General Punctuation, NBSP */
    assert_string_equal(tokens(&c, "“Hà Nội”\xc2\xa0— ok…", FTS5_TOKENIZE_QUERY),
                        "ha@3-6 noi@7-12 ok@21-23 ");
    /* a decomposed diacritic stays in its word */
    assert_string_equal(tokens(&c, "Vie\xcc\xa3\xcc\x82t", FTS5_TOKENIZE_QUERY), "viet@0-8 ");
    /* pieces in other scripts go to ICU, between plain ones */
    assert_string_equal(tokens(&c, "Bộ 外交部 nói بالعالم x", FTS5_TOKENIZE_QUERY),
                        "bo@0-4 外交@5-11 交部@8-14 noi@15-19 بالعالم@20-34 x@35-36 ");
}

static void test_tokens_cjk_bigrams(void **state)
{
    struct collect c;
    assert_string_equal(tokens(&c, "外交部发言人", FTS5_TOKENIZE_DOCUMENT),
                        "外交@0-6 交部@3-9 部发@6-12 发言@9-15 言人@12-18 ");
    assert_string_equal(tokens(&c, "外", FTS5_TOKENIZE_QUERY), "外@0-3 ");
    assert_string_equal(tokens(&c, "iPhone手机 2024年越南", FTS5_TOKENIZE_QUERY),
                        "iphone@0-6 手机@6-12 2024@13-17 年越@17-23 越南@20-26 ");
    /* CJK punctuation ends a run; a run glued to Thai goes through ICU */
    assert_string_equal(tokens(&c, "外交，部。", FTS5_TOKENIZE_QUERY), "外交@0-6 部@9-12 ");
    /* Hangul: particles stay attached, bigrams still find the noun */
    assert_string_equal(tokens(&c, "서울에서 베트남", FTS5_TOKENIZE_DOCUMENT),
                        "서울@0-6 울에@3-9 에서@6-12 베트@13-19 트남@16-22 ");
    tokens(&c, "外交部ข้อมูล", FTS5_TOKENIZE_QUERY);
    assert_memory_equal(c.text, "外交@0-6 交部@3-9 ข้อมูล@9-", strlen("外交@0-6 交部@3-9 ข้อมูล@9-"));
    assert_string_equal(tokens(&c, "ｶﾞｲ", FTS5_TOKENIZE_QUERY), "ガイ@0-9 ");
    /* a non-CJK word between two runs separates them */
    assert_string_equal(tokens(&c, "日本ABC中国", FTS5_TOKENIZE_DOCUMENT),
                        "日本@0-6 abc@6-9 中国@9-15 ");
}

static void test_tokens_thai_keeps_marks(void **state)
{
    struct collect c;
    tokens(&c, "การประชุมข้อมูลข่าวสาร", FTS5_TOKENIZE_DOCUMENT);
    assert_non_null(strstr(c.text, "ข้อมูล@"));
    assert_true(c.count >= 3);
}

static void test_tokens_bad_input(void **state)
{
    struct collect c;
    assert_string_equal(tokens(&c,
                               "ab\xff\xfe"
                               "cd \xe1\xbb x",
                               FTS5_TOKENIZE_DOCUMENT),
                        "ab@0-2 cd@4-6 x@10-11 ");
    assert_string_equal(tokens(&c, "", FTS5_TOKENIZE_DOCUMENT), "");
    assert_string_equal(tokens(&c, "\x01", FTS5_TOKENIZE_QUERY), "");
    assert_string_equal(tokens(&c, " ,.;!?", FTS5_TOKENIZE_DOCUMENT), "");
    char huge[300];
    memset(huge, 'a', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = 0;
    huge[65] = ' '; /* "aaa…a"(65) then 233 more: both too long */
    assert_string_equal(tokens(&c, huge, FTS5_TOKENIZE_DOCUMENT), "");
    huge[64] = ' '; /* 64 bytes: kept */
    tokens(&c, huge, FTS5_TOKENIZE_DOCUMENT);
    assert_int_equal(c.count, 1);
}

static int stop_cb(void *ctx, int tflags, const char *tok, int n, int s, int e)
{
    return 1;
}

static void test_callback_stops(void **state)
{
    assert_int_equal(fts_tokenizer_run("a b", 3, FTS5_TOKENIZE_DOCUMENT, stop_cb, NULL),
                     HERALD_EINVAL);
}

/* --- FTS5 --- */

static const char *docs[] = {
    /* 1 */ "Bộ Ngoại giao: thông tin đối ngoại về Việt Nam",
    /* 2 */ "Bo Ngoai giao: thong tin doi ngoai ve Viet Nam",
    /* 3 */ "外交部发言人回答记者提问",
    /* 4 */ "日本の外務省は声明を発表した",
    /* 5 */ "การประชุมข้อมูลข่าวสารของประเทศเวียดนาม",
    /* 6 */ "Министерство иностранных дел Вьетнама",
    /* 7 */ "وزارة الخارجية الفيتنامية",
    /* 8 */ "Le ministère des Affaires étrangères du Việt Nam",
    /* 9 */ "The foreign ministry of Vietnam said",
    /* 10 */ "Đôi giày mới ở Hà Nội",
};

static sqlite3 *open_db(void)
{
    return fts_testdb_open(docs, sizeof(docs) / sizeof(docs[0]));
}

/* Returns the rowids matching expr in rank order (by rowid when
 * by_rowid), as "1 2 ". */
static char *match_by(sqlite3 *db, const char *expr, bool by_rowid)
{
    sqlite3_stmt *st = NULL;
    const char *sql = by_rowid ? "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid"
                               : "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank";
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    char *out = xstrdup("");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *next = xasprintf("%s%d ", out, sqlite3_column_int(st, 0));
        free(out);
        out = next;
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(st);
    return out;
}

static char *match(sqlite3 *db, const char *expr)
{
    return match_by(db, expr, false);
}

/* Checks the set of rows matching expr (in rowid order). */
static void expect_set(sqlite3 *db, const char *expr, const char *rows)
{
    char *got = match_by(db, expr, true);
    if (strcmp(got, rows) != 0)
        print_error("MATCH %s: got '%s' want '%s'\n", expr, got, rows);
    assert_string_equal(got, rows);
    free(got);
}

/* Checks the rows matching expr in rank order. */
static void expect_match(sqlite3 *db, const char *expr, const char *rows)
{
    char *got = match(db, expr);
    if (strcmp(got, rows) != 0)
        print_error("MATCH %s: got '%s' want '%s'\n", expr, got, rows);
    assert_string_equal(got, rows);
    free(got);
}

static void test_fts_match(void **state)
{
    sqlite3 *db = open_db();
    char *got = match(db, "\"thong tin doi ngoai\"");
    assert_true(strcmp(got, "1 2 ") == 0 || strcmp(got, "2 1 ") == 0);
    free(got);
    expect_match(db, "外交", "3 ");
    expect_match(db, "\"外交部\"", "3 ");
    expect_match(db, "外務省", "4 ");
    expect_match(db, "ข้อมูล", "5 ");
    expect_match(db, "министерство", "6 ");
    expect_match(db, "الخارجية", "7 ");
    expect_match(db, "ministere AND etrangeres", "8 ");
    expect_match(db, "MINISTRY", "9 ");
    expect_set(db, "viet*", "1 2 8 9 ");
    expect_match(db,
                 "\"\x01"
                 "đối\"",
                 "1 ");
    sqlite3_close(db);
}

static void test_fts_exact_ranks_first(void **state)
{
    sqlite3 *db = open_db();
    /* loose "doi" matches đối (1), doi (2) and Đôi (10); the exact branch
     * lifts the document that has đối with its diacritics. */
    char *got = match(db, "\"doi\" OR \"\x01đối\"");
    assert_int_equal(got[0], '1');
    assert_non_null(strstr(got, "2 "));
    assert_non_null(strstr(got, "10 "));
    free(got);
    expect_match(db,
                 "(\"thong\" OR \"\x01thông\") AND (\"tin\" OR \"\x01tin\") AND "
                 "(\"doi\" OR \"\x01đối\") AND (\"ngoai\" OR \"\x01ngoại\")",
                 "1 2 ");
    expect_match(db, "(\"doi\" OR \"\x01đôi\")", "10 1 2 ");
    sqlite3_close(db);
}

static char *one_text(sqlite3 *db, const char *sql, const char *expr)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *out = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static void test_fts_highlight_snippet(void **state)
{
    sqlite3 *db = open_db();
    const char *hl = "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ? AND rowid = 1";
    char *got = one_text(db, hl, "\"doi ngoai\"");
    assert_string_equal(got, "Bộ Ngoại giao: thông tin [đối ngoại] về Việt Nam");
    free(got);
    got = one_text(db, hl,
                   "\"\x01"
                   "việt\"");
    assert_string_equal(got, "Bộ Ngoại giao: thông tin đối ngoại về [Việt] Nam");
    free(got);
    got = one_text(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?", "外交");
    assert_string_equal(got, "[外交]部发言人回答记者提问");
    free(got);
    got =
        one_text(db, "SELECT snippet(t, 0, '<', '>', '…', 3) FROM t WHERE t MATCH ?", "ministere");
    assert_non_null(strstr(got, "<ministère>"));
    free(got);
    sqlite3_close(db);
}

static void test_fts_bad_documents(void **state)
{
    sqlite3 *db = open_db();
    const char *bad[] = {"", "\xff\xfe\xfd",
                         ("Vi\xe1\xbb"
                          "t Nam \xc3"),
                         "\x01\x02\x03", "a\xcc\x81"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *sql = sqlite3_mprintf("INSERT INTO t(body) VALUES(%Q)", bad[i]);
        assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_free(sql);
    }
    expect_set(db, "nam", "1 2 8 13 ");
    expect_match(db, "a", "15 ");
    sqlite3_close(db);
}

static void test_fts_rejects_options(void **state)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(fts_tokenizer_register(db), HERALD_OK);
    assert_int_not_equal(sqlite3_exec(db,
                                      "CREATE VIRTUAL TABLE t USING fts5(b, tokenize='herald x')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_vietnamese),
        cmocka_unit_test(test_tokens_pairs),
        cmocka_unit_test(test_tokens_fold_letters),
        cmocka_unit_test(test_tokens_splitting),
        cmocka_unit_test(test_tokens_cjk_bigrams),
        cmocka_unit_test(test_tokens_thai_keeps_marks),
        cmocka_unit_test(test_tokens_bad_input),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_fts_match),
        cmocka_unit_test(test_fts_exact_ranks_first),
        cmocka_unit_test(test_fts_highlight_snippet),
        cmocka_unit_test(test_fts_bad_documents),
        cmocka_unit_test(test_fts_rejects_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
