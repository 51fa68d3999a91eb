/* Date parsing for feeds and pages: RFC 822/1123, RFC 3339/ISO 8601 and the
 * broken variants seen in the wild, normalised to UTC seconds. */
#ifndef HERALD_DATE_H
#define HERALD_DATE_H

#include <stdint.h>

#include "util/error.h"

/* Parses s into *out (seconds since the epoch, UTC). Returns HERALD_EPARSE
 * (message quotes s) when no date can be recovered; *out is then 0. */
herald_rc date_parse(int64_t *out, const char *s);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes); t == 0
 * writes "". Returns out. */
char *date_format_iso(char *out, int64_t t);

#endif
