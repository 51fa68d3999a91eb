/* Test helper shared by the text tests: an in-memory SQLite database with
 * the herald tokenizer registered and an fts5 table t(body) holding docs
 * (rowid = index + 1). Header-only; include after cmocka.h. */
#ifndef HERALD_FTS_TESTDB_H
#define HERALD_FTS_TESTDB_H

#include <sqlite3.h>

#include "text/fts_tokenizer.h"

/* Returns the open database; the caller closes it with sqlite3_close(). */
static inline sqlite3 *fts_testdb_open(const char *const *docs, size_t n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(fts_tokenizer_register(db), HERALD_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='herald')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT INTO t(rowid, body) VALUES(?, ?)", -1, &st, NULL),
        SQLITE_OK);
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int(st, 1, (int)i + 1);
        sqlite3_bind_text(st, 2, docs[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return db;
}

#endif
