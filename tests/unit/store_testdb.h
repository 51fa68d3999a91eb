/* A fresh herald database in /tmp for one store unit test, removed with
 * its WAL files afterwards. Included by the test_store_*.c files. */
#ifndef HERALD_STORE_TESTDB_H
#define HERALD_STORE_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"

static char testdb_path[64];

/* cmocka setup: opens a new store into *state. */
static int testdb_setup(void **state)
{
    struct store *s = NULL;
    snprintf(testdb_path, sizeof testdb_path, "/tmp/herald-test-XXXXXX");
    int fd = mkstemp(testdb_path);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(testdb_path);
    if (store_open(&s, testdb_path) != HERALD_OK) {
        fprintf(stderr, "store_open: %s\n", herald_error_last());
        return -1;
    }
    *state = s;
    return 0;
}

/* cmocka teardown: closes the store and deletes its files. */
static int testdb_teardown(void **state)
{
    char p[80];
    store_close(*state);
    unlink(testdb_path);
    snprintf(p, sizeof p, "%s-wal", testdb_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", testdb_path);
    unlink(p);
    return 0;
}

#endif
