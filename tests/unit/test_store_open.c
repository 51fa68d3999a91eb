/* Unit tests for opening the store: migrations on a fresh file and on
 * re-open, and clean errors for files that are not herald databases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store.h"
#include "store/store_schema.h"

static char path[64];

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/herald-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    return 0;
}

static int teardown(void **state)
{
    char p[80];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}

static void write_file(const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void test_fresh_then_reopen(void **state)
{
    struct store *s = NULL;
    size_t n = 0;
    const struct store_migration *m = store_schema_migrations(&n);
    assert_int_equal(store_open(&s, path), HERALD_OK);
    assert_int_equal(store_schema_version(s), m[n - 1].version);
    sqlite3_stmt *q = NULL;
    assert_int_equal(store_prepare(s, &q, "PRAGMA journal_mode"), HERALD_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_reset(q);
    store_close(s);
    assert_int_equal(store_open(&s, path), HERALD_OK);
    assert_int_equal(store_schema_version(s), m[n - 1].version);
    store_close(s);
    store_close(NULL);
}

static void test_transactions(void **state)
{
    struct store *s = NULL;
    assert_int_equal(store_open(&s, path), HERALD_OK);
    assert_int_equal(store_begin(s), HERALD_OK);
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "INSERT INTO sources (url) VALUES ('https://a.example/rss')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_rollback(s), HERALD_OK);
    assert_int_equal(store_rollback(s), HERALD_OK); /* no transaction: fine */
    sqlite3_stmt *q = NULL;
    assert_int_equal(store_prepare(s, &q, "SELECT count(*) FROM sources"), HERALD_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    sqlite3_reset(q);
    store_close(s);
}

static void test_garbage_file(void **state)
{
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i * 7 + 3);
    write_file(junk, sizeof junk);
    struct store *s = (struct store *)1;
    assert_int_equal(store_open(&s, path), HERALD_EDB);
    assert_null(s);
    assert_non_null(strstr(herald_error_last(), "not a herald database"));
    assert_null(strchr(herald_error_last(), '\n'));
}

static void test_corrupt_herald_db(void **state)
{
    struct store *s = NULL;
    assert_int_equal(store_open(&s, path), HERALD_OK);
    store_close(s);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_SET);
    fwrite("garbage garbage!", 1, 16, f); /* the SQLite header magic */
    fclose(f);
    assert_int_equal(store_open(&s, path), HERALD_EDB);
    assert_null(s);
    assert_non_null(strstr(herald_error_last(), path));
}

static void test_foreign_sqlite_db(void **state)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    struct store *s = NULL;
    assert_int_equal(store_open(&s, path), HERALD_EDB);
    assert_non_null(strstr(herald_error_last(), "not a herald one"));
}

static void test_newer_schema(void **state)
{
    struct store *s = NULL;
    assert_int_equal(store_open(&s, path), HERALD_OK);
    assert_int_equal(sqlite3_exec(store_db(s), "PRAGMA user_version = 9999", NULL, NULL, NULL),
                     SQLITE_OK);
    store_close(s);
    assert_int_equal(store_open(&s, path), HERALD_EDB);
    assert_non_null(strstr(herald_error_last(), "newer"));
}

static void test_unopenable_path(void **state)
{
    struct store *s = NULL;
    assert_int_equal(store_open(&s, "/nonexistent-dir/x/herald.db"), HERALD_EDB);
    assert_non_null(strstr(herald_error_last(), "/nonexistent-dir/x/herald.db"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fresh_then_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbage_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_herald_db, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_sqlite_db, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unopenable_path, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
