/* The schema of the herald database as an ordered list of migrations. Each
 * is applied once, in its own transaction, and the database remembers the
 * last applied version in PRAGMA user_version. */
#ifndef HERALD_STORE_SCHEMA_H
#define HERALD_STORE_SCHEMA_H

#include <stddef.h>

/* The application id herald writes into PRAGMA application_id ("HRLD"). */
#define STORE_SCHEMA_APP_ID 0x48524c44

struct store_migration {
    int version;     /* 1, 2, 3 ... strictly increasing */
    const char *sql; /* one or more statements */
};

/* Returns the migrations in order and their count in *n (static data). */
const struct store_migration *store_schema_migrations(size_t *n);

#endif
