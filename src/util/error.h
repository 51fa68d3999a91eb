/* herald's one result type and the one-line error message that goes beside
 * it. Functions return herald_rc (0 = ok, negative = error) and, on error,
 * leave a message in a thread-local slot read by herald_error_last(). */
#ifndef HERALD_ERROR_H
#define HERALD_ERROR_H

typedef enum herald_rc {
    HERALD_OK = 0,
    HERALD_EINVAL = -1,    /* bad input: malformed, unknown, out of range */
    HERALD_EIO = -2,       /* file or socket I/O failed */
    HERALD_ETOOBIG = -3,   /* a capped buffer or limit was exceeded */
    HERALD_EPARSE = -4,    /* input could not be parsed or recovered */
    HERALD_ENOTFOUND = -5, /* no such object */
    HERALD_ENET = -6,      /* network failure (DNS, connect, TLS, HTTP) */
    HERALD_EDB = -7,       /* database error */
    HERALD_EDENIED = -8,   /* refused by policy (SSRF guard, robots.txt) */
    HERALD_ETIMEOUT = -9,  /* a time limit was reached */
    HERALD_EEXIST = -10,   /* already present (duplicate) */
} herald_rc;

/* Records a one-line message (printf format) for the calling thread and
 * returns rc unchanged, so callers can write `return herald_error_set(...)`. */
herald_rc herald_error_set(herald_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Returns the calling thread's last message ("" when none). Borrowed: valid
 * until the next herald_error_set() on this thread. */
const char *herald_error_last(void);

/* Returns a static, human-readable name for rc ("too big", "parse error"). */
const char *herald_rc_str(herald_rc rc);

#endif
