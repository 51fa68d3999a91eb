/* A growable byte buffer with a hard cap. Every buffer filled from the
 * network has a cap; going over it is HERALD_ETOOBIG, never truncation.
 * The data is always NUL-terminated (the NUL is not counted in len). */
#ifndef HERALD_BUF_H
#define HERALD_BUF_H

#include <stddef.h>

#include "util/error.h"

struct buf {
    char *data; /* owned; NULL until the first append */
    size_t len;
    size_t cap;
    size_t max; /* 0 = no cap */
};

/* Initialises b empty with cap max bytes (0 = uncapped). */
void buf_init(struct buf *b, size_t max);
/* Frees the data and leaves b empty; accepts an already freed buffer. */
void buf_free(struct buf *b);
/* Empties b, keeping its memory. */
void buf_reset(struct buf *b);
/* Appends n bytes. Returns HERALD_ETOOBIG (b unchanged) past the cap. */
herald_rc buf_append(struct buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. Same errors as buf_append(). */
herald_rc buf_puts(struct buf *b, const char *s);
/* Appends one byte. Same errors as buf_append(). */
herald_rc buf_putc(struct buf *b, char c);
/* Appends printf-formatted text. Same errors as buf_append(). */
herald_rc buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the data (never NULL; "" when empty) and empties b; the caller
 * frees it with free(). */
char *buf_steal(struct buf *b);
/* Returns the data, borrowed ("" when empty). */
const char *buf_str(const struct buf *b);

#endif
