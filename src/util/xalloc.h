/* Allocation that never returns NULL: out of memory aborts the process
 * (input never does). Everything here is freed with free(). */
#ifndef HERALD_XALLOC_H
#define HERALD_XALLOC_H

#include <stddef.h>

/* Each returns memory the caller frees with free(); aborts on OOM. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a copy of s, or NULL when s is NULL. */
char *xstrdup(const char *s);
/* Returns a NUL-terminated copy of the first n bytes of s. */
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
