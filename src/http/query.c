/* Query strings and response bodies of the JSON API: a strict parser (bad
 * escapes, invalid UTF-8, control characters, repeated or unknown keys are
 * errors, never guesses) and the helpers that set a response. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "util/str.h"
#include "util/xalloc.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes the n bytes at s ('+' is a space, %XX a byte) into a new string
 * in *out (caller frees). Returns HERALD_EINVAL for a bad escape, invalid
 * UTF-8 or a control character. */
static herald_rc decode(char **out, const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    size_t k = 0;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 1 < n ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(d);
                return herald_error_set(HERALD_EINVAL, "bad %%-escape in the query string");
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if ((unsigned char)c < 0x20 || c == 0x7f) {
            free(d);
            return herald_error_set(HERALD_EINVAL, "control character in the query string");
        }
        d[k++] = c;
    }
    d[k] = '\0';
    if (!str_valid_utf8(d, k)) {
        free(d);
        return herald_error_set(HERALD_EINVAL, "the query string is not valid UTF-8");
    }
    *out = d;
    return HERALD_OK;
}

void http_query_clear(struct http_query *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->v[i].key);
        free(q->v[i].value);
    }
    free(q->v);
    q->v = NULL;
    q->n = 0;
}

const char *http_query_get(const struct http_query *q, const char *key)
{
    for (size_t i = 0; i < q->n; i++)
        if (!strcmp(q->v[i].key, key))
            return q->v[i].value;
    return NULL;
}

/* Decodes one "key=value" pair of n bytes and appends it to q. */
static herald_rc add_pair(struct http_query *q, const char *s, size_t n)
{
    const char *eq = memchr(s, '=', n);
    size_t kn = eq ? (size_t)(eq - s) : n;
    char *key = NULL, *value = NULL;
    herald_rc rc = decode(&key, s, kn);
    if (!rc)
        rc = decode(&value, eq ? eq + 1 : s + n, eq ? n - kn - 1 : 0);
    if (!rc && !*key)
        rc = herald_error_set(HERALD_EINVAL, "empty parameter name in the query string");
    if (!rc && http_query_get(q, key))
        rc = herald_error_set(HERALD_EINVAL, "parameter '%.40s' is given twice", key);
    if (!rc && q->n >= HTTP_MAX_PARAMS)
        rc = herald_error_set(HERALD_EINVAL, "more than %d query parameters", HTTP_MAX_PARAMS);
    if (rc) {
        free(key);
        free(value);
        return rc;
    }
    q->v[q->n].key = key;
    q->v[q->n++].value = value;
    return HERALD_OK;
}

herald_rc http_query_parse(struct http_query *out, const char *qs, size_t len)
{
    herald_rc rc = HERALD_OK;
    memset(out, 0, sizeof *out);
    if (len > HTTP_MAX_QUERY)
        return herald_error_set(HERALD_ETOOBIG, "the query string is over %d bytes",
                                HTTP_MAX_QUERY);
    out->v = xcalloc(HTTP_MAX_PARAMS, sizeof *out->v);
    for (size_t i = 0; i < len && !rc;) {
        const char *amp = memchr(qs + i, '&', len - i);
        size_t n = amp ? (size_t)(amp - (qs + i)) : len - i;
        if (n > 0)
            rc = add_pair(out, qs + i, n);
        i += n + 1;
    }
    if (rc)
        http_query_clear(out);
    return rc;
}

herald_rc http_query_check(const struct http_query *q, const char *const *allowed)
{
    for (size_t i = 0; i < q->n; i++) {
        size_t k = 0;
        while (allowed[k] && strcmp(allowed[k], q->v[i].key))
            k++;
        if (!allowed[k])
            return herald_error_set(HERALD_EINVAL, "unknown parameter '%.40s'", q->v[i].key);
    }
    return HERALD_OK;
}

void http_resp_clear(struct http_resp *r)
{
    json_decref(r->json);
    free(r->body);
    free(r->cookie);
    memset(r, 0, sizeof *r);
}

void http_resp_error(struct http_resp *r, unsigned status, const char *code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    http_resp_clear(r);
    char *clean = str_utf8_sanitize(msg, strlen(msg));
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", clean);
    free(clean);
    r->status = status;
    r->json = json_pack("{s:o}", "error", err);
}

void http_resp_json(struct http_resp *r, json_t *body)
{
    http_resp_clear(r);
    r->status = 200;
    r->json = body;
}

void http_resp_text(struct http_resp *r, char *body, size_t len, const char *ctype)
{
    http_resp_clear(r);
    r->status = 200;
    r->body = body;
    r->len = len;
    r->ctype = ctype;
}
