/* Small string helpers used across modules. */
#ifndef HERALD_STR_H
#define HERALD_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Returns true when s starts with prefix (case-sensitive). */
bool str_startswith(const char *s, const char *prefix);
/* Returns true when s starts with prefix, ASCII case-insensitively. */
bool str_istartswith(const char *s, const char *prefix);
/* Returns true when s is NULL or only ASCII/Unicode whitespace. */
bool str_blank(const char *s);
/* Collapses runs of whitespace (ASCII, NBSP and other Unicode spaces) to
 * one ASCII space and trims both ends, in place. Returns s. */
char *str_squeeze(char *s);
/* Returns a newly allocated copy of s with whitespace squeezed, or NULL
 * when s is NULL or squeezes to "". Caller frees. */
char *str_clean_dup(const char *s);
/* Returns true when the n bytes at s are valid UTF-8. */
bool str_valid_utf8(const char *s, size_t n);
/* Returns a newly allocated copy of the n bytes at s with invalid UTF-8
 * sequences replaced by U+FFFD and NULs dropped. Caller frees. */
char *str_utf8_sanitize(const char *s, size_t n);
/* Reads a whole file (capped at max bytes; 0 = 256 MiB) into *out (caller
 * frees) and its length into *len. "-" reads stdin. Returns HERALD_EIO or
 * HERALD_ETOOBIG with a message naming the path. */
int str_read_file(char **out, size_t *len, const char *path, size_t max);

#endif
