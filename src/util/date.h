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

/* The office's time zone: its offset in seconds east of UTC (whole hours,
 * default +07:00). Days everywhere (statistics, signals, a bare date in a
 * filter, the dashboard's "today") are the office's days. The CLI sets it
 * from [office] utc_offset before any thread starts; not thread-safe to
 * set while read. */
int date_office_offset(void);
void date_set_office_offset(int seconds);

/* Returns the office's day of t: days since 1970-01-01 in the office's
 * time zone (floored, so times before the epoch work too). */
int64_t date_office_day(int64_t t);

/* Returns the UTC seconds at which the office's day number day starts. */
int64_t date_office_day_start(int64_t day);

/* Like date_parse(), but a bare day "YYYY-MM-DD" is the office's day:
 * *out is its midnight in the office's time zone. A time without a zone
 * stays UTC. */
herald_rc date_parse_office(int64_t *out, const char *s);

/* Writes the office's offset as "+07:00" into out (at least 8 bytes).
 * Returns out. */
char *date_office_offset_iso(char *out);

/* Returns the office's current date as "YYYY-MM-DD" in out (at least 11
 * bytes) for time now. Returns out. */
char *date_office_date(char *out, int64_t now);

#endif
