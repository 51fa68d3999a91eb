/* The herald database: one SQLite file in WAL mode holding sources,
 * articles, their full-text index and the ingest bookkeeping. A struct
 * store is one connection, used by one thread; there is one writer. */
#ifndef HERALD_STORE_H
#define HERALD_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "util/error.h"

struct store;

/* Opens (creating when absent) the database at path, sets WAL,
 * synchronous=NORMAL, foreign keys and a busy timeout, registers the
 * "herald" FTS5 tokenizer and applies pending migrations. Returns
 * HERALD_EDB when the file cannot be opened, is not a database, is another
 * application's database or has a newer schema (the message names path).
 * Caller frees *out with store_close(). */
herald_rc store_open(struct store **out, const char *path);

/* Finalizes cached statements and closes the connection; accepts NULL. */
void store_close(struct store *s);

/* Returns the connection, borrowed from s. */
sqlite3 *store_db(struct store *s);

/* Returns the path s was opened with, borrowed. */
const char *store_path(const struct store *s);

/* Transaction control. Each returns HERALD_EDB with SQLite's message. */
herald_rc store_begin(struct store *s);
herald_rc store_commit(struct store *s);
herald_rc store_rollback(struct store *s);

/* Returns in *out the cached, reset, unbound statement for sql, which must
 * be a string with static storage (the cache keys on its address). The
 * statement stays owned by s. Returns HERALD_EDB when it fails to prepare. */
herald_rc store_prepare(struct store *s, sqlite3_stmt **out, const char *sql);

/* Sets the one-line error from the connection's last message, prefixed
 * with what; returns HERALD_EDB (HERALD_EEXIST for a UNIQUE violation). */
herald_rc store_fail(struct store *s, const char *what);

/* Binds text or NULL when v is NULL. Returns sqlite's result code. */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Returns a copy of column i as text, or NULL when it is NULL. Caller
 * frees. */
char *store_column_dup(sqlite3_stmt *st, int i);

/* Returns the schema version of the open database. */
int store_schema_version(struct store *s);

#endif
