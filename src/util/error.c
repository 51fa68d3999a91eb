/* Thread-local one-line error messages for herald_rc results. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_message[512];

herald_rc herald_error_set(herald_rc rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    va_end(ap);
    for (char *p = last_message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return rc;
}

const char *herald_error_last(void)
{
    return last_message;
}

const char *herald_rc_str(herald_rc rc)
{
    switch (rc) {
    case HERALD_OK:
        return "ok";
    case HERALD_EINVAL:
        return "invalid input";
    case HERALD_EIO:
        return "I/O error";
    case HERALD_ETOOBIG:
        return "too big";
    case HERALD_EPARSE:
        return "parse error";
    case HERALD_ENOTFOUND:
        return "not found";
    case HERALD_ENET:
        return "network error";
    case HERALD_EDB:
        return "database error";
    case HERALD_EDENIED:
        return "denied";
    case HERALD_ETIMEOUT:
        return "timed out";
    case HERALD_EEXIST:
        return "already exists";
    }
    return "unknown error";
}
