/* Helpers shared by the feed unit tests: fixture loading and parsing. */
#ifndef HERALD_FEED_TESTUTIL_H
#define HERALD_FEED_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"
#include "util/buf.h"
#include "util/str.h"

/* Parses tests/fixtures/feed/<name>; returns the rc, *out as feed_parse(). */
static inline herald_rc parse_fixture(struct feed **out, const char *name, const char *ctype,
                                      const char *base)
{
    char path[512], *data = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/feed/%s", HERALD_FIXTURES, name);
    if (str_read_file(&data, &len, path, 0) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        abort();
    }
    herald_rc rc = feed_parse(out, data, len, ctype, base);
    free(data);
    return rc;
}

/* Parses a string literal. */
static inline herald_rc parse_str(struct feed **out, const char *s)
{
    return feed_parse(out, s, strlen(s), NULL, NULL);
}

#endif
