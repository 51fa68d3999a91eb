/* String helpers: prefixes, whitespace squeezing, UTF-8 validation and
 * sanitising, whole-file reads with a cap. */
#include "util/str.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/xalloc.h"

bool str_startswith(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_istartswith(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Returns the byte length of the whitespace character at p, or 0. Covers
 * Python's \s set: ASCII, U+0085, U+00A0, U+1680, U+2000-200A, U+2028/9,
 * U+202F, U+205F, U+3000. */
static size_t space_len(const unsigned char *p)
{
    if (*p == ' ' || (*p >= 0x09 && *p <= 0x0d) || (*p >= 0x1c && *p <= 0x1f))
        return 1;
    if (p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
        return 2;
    if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
        return 3;
    if (p[0] == 0xe2 && p[1] == 0x80 &&
        ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf))
        return 3;
    if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
        return 3;
    if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
        return 3;
    return 0;
}

bool str_blank(const char *s)
{
    if (!s)
        return true;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = space_len(p);
        if (!n)
            return false;
        p += n;
    }
    return true;
}

char *str_squeeze(char *s)
{
    unsigned char *r = (unsigned char *)s, *w = (unsigned char *)s;
    bool pending = false;
    while (*r) {
        size_t n = space_len(r);
        if (n) {
            pending = w != (unsigned char *)s;
            r += n;
            continue;
        }
        if (pending)
            *w++ = ' ';
        pending = false;
        *w++ = *r++;
    }
    *w = '\0';
    return s;
}

char *str_clean_dup(const char *s)
{
    if (!s)
        return NULL;
    char *d = str_squeeze(xstrdup(s));
    if (!*d) {
        free(d);
        return NULL;
    }
    return d;
}

/* Returns the length of the valid UTF-8 sequence at p (within n), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    if (p[0] < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if ((p[0] & 0xe0) == 0xc0) {
        len = 2;
        cp = p[0] & 0x1f;
    } else if ((p[0] & 0xf0) == 0xe0) {
        len = 3;
        cp = p[0] & 0x0f;
    } else if ((p[0] & 0xf8) == 0xf0) {
        len = 4;
        cp = p[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

bool str_valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_seq(p + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

char *str_utf8_sanitize(const char *s, size_t n)
{
    char *out = xmalloc(n * 3 + 1); /* each bad byte grows to 3 at most */
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, w = 0;
    while (i < n) {
        size_t run = i; /* copy the longest valid stretch in one go */
        size_t k;
        while (run < n && p[run] != 0 && (k = utf8_seq(p + run, n - run)) != 0)
            run += k;
        memcpy(out + w, p + i, run - i);
        w += run - i;
        i = run;
        if (i < n && p[i] == 0) {
            i++; /* NULs are dropped */
        } else if (i < n) {
            memcpy(out + w, "\xef\xbf\xbd", 3);
            w += 3;
            i++;
        }
    }
    out[w] = '\0';
    return xrealloc(out, w + 1);
}

int str_read_file(char **out, size_t *len, const char *path, size_t max)
{
    *out = NULL;
    *len = 0;
    if (!max)
        max = 256u << 20;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return herald_error_set(HERALD_EIO, "%s: %s", path, strerror(errno));
    struct buf b;
    buf_init(&b, max);
    herald_rc rc = HERALD_OK;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = buf_append(&b, chunk, n);
        if (rc) {
            herald_error_set(rc, "%s: larger than %zu bytes", path, max);
            goto done;
        }
    }
    if (ferror(f)) {
        rc = herald_error_set(HERALD_EIO, "%s: read error", path);
        goto done;
    }
    *len = b.len;
    *out = buf_steal(&b);
done:
    buf_free(&b);
    if (f != stdin)
        fclose(f);
    return rc;
}
