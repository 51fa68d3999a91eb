/* Opening, migrating and closing the herald database, transactions, and the
 * per-connection cache of prepared statements that the other store_*.c
 * files share. SQL is never built from user strings: everything is bound. */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_rank.h"
#include "store/store_schema.h"
#include "text/fts_tokenizer.h"
#include "util/xalloc.h"

#define STMT_CACHE 64
#define BUSY_TIMEOUT_MS 5000

struct cached_stmt {
    const char *sql; /* static string; the key */
    sqlite3_stmt *st;
};

struct store {
    sqlite3 *db;
    char *path;
    int version;
    struct cached_stmt cache[STMT_CACHE];
    size_t n_cache;
};

herald_rc store_fail(struct store *s, const char *what)
{
    int ext = sqlite3_extended_errcode(s->db);
    herald_rc rc = HERALD_EDB;
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        rc = HERALD_EEXIST;
    return herald_error_set(rc, "%s: %s", what, sqlite3_errmsg(s->db));
}

/* Runs sql with no result rows wanted. */
static herald_rc exec(struct store *s, const char *sql, const char *what)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return store_fail(s, what);
    return HERALD_OK;
}

/* Reads one integer pragma (or any one-integer query) into *out. */
static herald_rc query_int(struct store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    herald_rc rc = HERALD_OK;
    int src = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    if (src == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (src == SQLITE_NOTADB || src == SQLITE_CORRUPT)
        rc = herald_error_set(HERALD_EDB, "%s is not a herald database (not SQLite or corrupt)",
                              s->path);
    else
        rc = herald_error_set(HERALD_EDB, "%s: %s", s->path, sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    return rc;
}

/* Checks that the file is empty or a herald database this code can read. */
static herald_rc check_identity(struct store *s, int latest)
{
    int64_t app = 0, version = 0, objects = 0;
    herald_rc rc = query_int(s, "PRAGMA application_id", &app);
    if (!rc)
        rc = query_int(s, "PRAGMA user_version", &version);
    if (!rc)
        rc = query_int(s, "SELECT count(*) FROM sqlite_master", &objects);
    if (rc)
        return rc;
    if (app != STORE_SCHEMA_APP_ID && !(app == 0 && version == 0 && objects == 0))
        return herald_error_set(HERALD_EDB, "%s is an SQLite database but not a herald one",
                                s->path);
    if (version > latest)
        return herald_error_set(HERALD_EDB,
                                "%s has schema version %lld, newer than this herald (%d)", s->path,
                                (long long)version, latest);
    s->version = (int)version;
    return HERALD_OK;
}

/* Applies one migration in its own transaction, unless another process
 * applied it first. */
static herald_rc apply(struct store *s, const struct store_migration *m)
{
    int64_t version = 0;
    char pragma[96];
    herald_rc rc = exec(s, "BEGIN IMMEDIATE", s->path);
    if (rc)
        return rc;
    rc = query_int(s, "PRAGMA user_version", &version);
    if (rc || version >= m->version)
        goto done;
    rc = exec(s, m->sql, "migration");
    if (rc)
        goto done;
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d; PRAGMA application_id = %d",
             m->version, STORE_SCHEMA_APP_ID);
    rc = exec(s, pragma, "migration");
done:
    if (rc) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return herald_error_set(rc, "%s: schema version %d: %s", s->path, m->version,
                                herald_error_last());
    }
    rc = exec(s, "COMMIT", s->path);
    if (!rc)
        s->version = m->version;
    return rc;
}

static herald_rc migrate(struct store *s)
{
    size_t n = 0;
    const struct store_migration *m = store_schema_migrations(&n);
    herald_rc rc = HERALD_OK;
    for (size_t i = 0; !rc && i < n; i++)
        if (m[i].version > s->version)
            rc = apply(s, &m[i]);
    return rc;
}

static herald_rc configure(struct store *s)
{
    size_t n = 0;
    const struct store_migration *m = store_schema_migrations(&n);
    herald_rc rc = HERALD_OK;
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(s->db, 1);
    rc = check_identity(s, n ? m[n - 1].version : 0);
    if (!rc)
        rc = exec(s,
                  "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                  "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
                  "PRAGMA cache_size = -65536; PRAGMA mmap_size = 8589934592",
                  s->path);
    if (!rc &&
        (fts_tokenizer_register(s->db) != HERALD_OK || store_rank_register(s->db) != HERALD_OK))
        rc = herald_error_set(HERALD_EDB, "%s: cannot set up search: %s", s->path,
                              herald_error_last());
    return rc;
}

herald_rc store_open(struct store **out, const char *path)
{
    struct store *s = xcalloc(1, sizeof *s);
    herald_rc rc = HERALD_OK;
    *out = NULL;
    s->path = xstrdup(path);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = herald_error_set(HERALD_EDB, "cannot open database %s: %s", path,
                              s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto done;
    }
    rc = configure(s);
    if (!rc)
        rc = migrate(s);
done:
    if (rc)
        store_close(s);
    else
        *out = s;
    return rc;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_cache; i++)
        sqlite3_finalize(s->cache[i].st);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

sqlite3 *store_db(struct store *s)
{
    return s->db;
}

const char *store_path(const struct store *s)
{
    return s->path;
}

int store_schema_version(struct store *s)
{
    return s->version;
}

herald_rc store_begin(struct store *s)
{
    return exec(s, "BEGIN IMMEDIATE", "begin");
}

herald_rc store_commit(struct store *s)
{
    return exec(s, "COMMIT", "commit");
}

herald_rc store_rollback(struct store *s)
{
    if (sqlite3_get_autocommit(s->db))
        return HERALD_OK;
    return exec(s, "ROLLBACK", "rollback");
}

herald_rc store_prepare(struct store *s, sqlite3_stmt **out, const char *sql)
{
    for (size_t i = 0; i < s->n_cache; i++) {
        if (s->cache[i].sql == sql) {
            sqlite3_reset(s->cache[i].st);
            sqlite3_clear_bindings(s->cache[i].st);
            *out = s->cache[i].st;
            return HERALD_OK;
        }
    }
    *out = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return store_fail(s, "prepare");
    if (s->n_cache < STMT_CACHE) {
        s->cache[s->n_cache].sql = sql;
        s->cache[s->n_cache++].st = st;
    } else {
        /* The cache is sized for every statement in the module; more is a bug. */
        abort();
    }
    *out = st;
    return HERALD_OK;
}

int store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

char *store_column_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}
