/* Charset detection (BOM, HTTP, XML prolog, HTML meta) and iconv
 * conversion to UTF-8, with NFC normalisation for decomposing charsets
 * such as windows-1258 (Vietnamese). */
#include "text/charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Copies a charset token (letters, digits, - _ . :) lowercased, or NULL. */
static char *token_dup(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '='))
        p++;
    const char *s = p;
    while (p < end && (isalnum((unsigned char)*p) || strchr("-_.:", *p)))
        p++;
    if (p == s || p - s > 40)
        return NULL;
    char *t = xstrndup(s, (size_t)(p - s));
    for (char *c = t; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return t;
}

char *charset_from_content_type(const char *content_type)
{
    if (!content_type)
        return NULL;
    const char *p = strcasestr(content_type, "charset");
    if (!p)
        return NULL;
    p += 7;
    while (*p == ' ')
        p++;
    if (*p != '=')
        return NULL;
    return token_dup(p + 1, p + 1 + strlen(p + 1));
}

static const char *bom_charset(const unsigned char *d, size_t len, size_t *skip)
{
    *skip = 0;
    if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf) {
        *skip = 3;
        return "utf-8";
    }
    if (len >= 2 && d[0] == 0xff && d[1] == 0xfe) {
        *skip = 2;
        return "utf-16le";
    }
    if (len >= 2 && d[0] == 0xfe && d[1] == 0xff) {
        *skip = 2;
        return "utf-16be";
    }
    return NULL;
}

/* Finds `key` (case-insensitive) in [p, end) and returns the token after it
 * and an '=' or ':' — used for encoding="..." and charset=... */
static char *find_decl(const char *p, const char *end, const char *key)
{
    size_t klen = strlen(key);
    for (; p + klen < end; p++) {
        if (strncasecmp(p, key, klen) != 0)
            continue;
        const char *q = p + klen;
        while (q < end && *q == ' ')
            q++;
        if (q < end && *q == '=')
            return token_dup(q, end);
    }
    return NULL;
}

char *charset_sniff(const char *data, size_t len)
{
    size_t skip;
    const char *bom = bom_charset((const unsigned char *)data, len, &skip);
    if (bom)
        return xstrdup(bom);
    const char *end = data + (len < 8192 ? len : 8192);
    if (len > 5 && strncmp(data, "<?xml", 5) == 0) {
        const char *close = memmem(data, (size_t)(end - data), "?>", 2);
        char *enc = find_decl(data, close ? close : end, "encoding");
        if (enc)
            return enc;
    }
    /* <meta charset="x"> or <meta http-equiv content="text/html; charset=x"> */
    for (const char *p = data; p < end; p++) {
        if (*p != '<' || end - p < 6 || strncasecmp(p + 1, "meta", 4) != 0)
            continue;
        const char *close = memchr(p, '>', (size_t)(end - p));
        if (!close)
            break;
        char *cs = find_decl(p, close, "charset");
        if (cs)
            return cs;
        p = close;
    }
    return NULL;
}

/* Maps common labels to names glibc iconv knows (WHATWG aliases). */
static const char *iconv_name(const char *label)
{
    static const char *map[][2] = {
        {"utf8", "UTF-8"},
        {"unicode-1-1-utf-8", "UTF-8"},
        {"latin1", "WINDOWS-1252"},
        {"iso-8859-1", "WINDOWS-1252"},
        {"us-ascii", "WINDOWS-1252"},
        {"ascii", "WINDOWS-1252"},
        {"gb2312", "GB18030"},
        {"gbk", "GB18030"},
        {"x-gbk", "GB18030"},
        {"gb_2312-80", "GB18030"},
        {"big5", "BIG5-HKSCS"},
        {"x-sjis", "SHIFT_JIS"},
        {"shift-jis", "SHIFT_JIS"},
        {"sjis", "SHIFT_JIS"},
        {"windows-31j", "CP932"},
        {"tis-620", "CP874"},
        {"iso-8859-11", "CP874"},
        {"windows-874", "CP874"},
        {"x-user-defined", "WINDOWS-1252"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(label, map[i][0]) == 0)
            return map[i][1];
    return label;
}

static bool has_high_bytes(const char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)d[i] >= 0x80)
            return true;
    return false;
}

/* Converts with iconv; returns false when the charset is unknown. */
static bool convert(struct buf *out, const char *from, const char *data, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return false;
    char chunk[16384];
    char *in = (char *)data;
    size_t left = len;
    while (left > 0) {
        char *o = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, &in, &left, &o, &room);
        buf_append(out, chunk, (size_t)(o - chunk));
        if (r == (size_t)-1 && errno != E2BIG) {
            buf_append(out, "\xef\xbf\xbd", 3); /* EILSEQ or EINVAL: skip a byte */
            in++;
            left--;
        }
    }
    char *o = chunk; /* flush state (windows-1258 holds back a base letter) */
    size_t room = sizeof chunk;
    iconv(cd, NULL, NULL, &o, &room);
    buf_append(out, chunk, (size_t)(o - chunk));
    iconv_close(cd);
    return true;
}

static char *nfc(const char *s)
{
    utf8proc_uint8_t *r = utf8proc_NFC((const utf8proc_uint8_t *)s);
    return r ? (char *)r : xstrdup(s);
}

static const char *pick(const char *declared, char **sniffed, const char *data, size_t len)
{
    const char *label = declared;
    if (!label) {
        *sniffed = charset_sniff(data, len);
        label = *sniffed;
    }
    bool utf8 = str_valid_utf8(data, len);
    if (!label)
        return utf8 ? "UTF-8" : "WINDOWS-1252";
    /* A legacy declaration over valid non-ASCII UTF-8 is almost always a
     * misconfigured server: trust the bytes. */
    if (utf8 && has_high_bytes(data, len) && strncasecmp(label, "utf-16", 6) != 0)
        return "UTF-8";
    return iconv_name(label);
}

herald_rc charset_to_utf8(char **out, size_t *out_len, const char *data, size_t len,
                          const char *declared, const char **used)
{
    herald_rc rc = HERALD_OK;
    char *sniffed = NULL;
    size_t skip;
    const char *bom = bom_charset((const unsigned char *)data, len, &skip);
    const char *cs = bom ? bom : pick(declared, &sniffed, data, len);
    data += skip;
    len -= skip;
    struct buf b;
    buf_init(&b, 0);
    if (strcasecmp(cs, "UTF-8") == 0) {
        char *s = str_utf8_sanitize(data, len);
        buf_puts(&b, s);
        free(s);
    } else if (!convert(&b, cs, data, len)) {
        rc = herald_error_set(HERALD_EINVAL, "unknown charset '%s'", cs);
        char *s = str_utf8_sanitize(data, len);
        buf_puts(&b, s);
        free(s);
        cs = "UTF-8";
    }
    char *text = str_utf8_sanitize(buf_str(&b), b.len); /* drops NULs */
    buf_free(&b);
    if (strcasecmp(cs, "UTF-8") != 0) {
        char *n = nfc(text);
        free(text);
        text = n;
    }
    if (used) {
        static _Thread_local char used_name[48];
        snprintf(used_name, sizeof used_name, "%s", cs);
        *used = used_name;
    }
    *out = text;
    *out_len = strlen(text);
    free(sniffed);
    return rc;
}
