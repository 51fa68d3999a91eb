/* Parameters of the API's article routes: the filters shared with the
 * statistics (q, lang, country, source, since, until, relevance, tone,
 * topic), limit, facets and the opaque cursor, each checked strictly so a
 * bad value is a 400 naming the parameter, never a silent default. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "store/store_filter.h"

#define MAX_Q_BYTES 512
#define MAX_OFFSET (STORE_SEARCH_RANK_WINDOW)

static bool parse_int(const char *v, long long lo, long long hi, long long *out)
{
    char *end = NULL;
    if (!*v || !(isdigit((unsigned char)*v)) || strlen(v) > 18)
        return false;
    long long x = strtoll(v, &end, 10);
    if (*end || x < lo || x > hi)
        return false;
    *out = x;
    return true;
}

herald_rc api_filter_parse(struct api_filters *f, const char *key, const char *v)
{
    if (!strcmp(key, "q")) {
        if (strlen(v) > MAX_Q_BYTES)
            return herald_error_set(HERALD_EINVAL, "q: over %d bytes", MAX_Q_BYTES);
        f->sq.q = v;
        return HERALD_OK;
    }
    return store_filter_parse(&f->sq, key, v);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Base64url without padding of the n bytes at s into out (size cap). */
static void b64_encode(char *out, size_t cap, const unsigned char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < cap; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        size_t chars = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;
        for (size_t j = 0; j < chars; j++)
            out[k++] = b64[(v >> (18 - 6 * j)) & 63];
    }
    out[k] = '\0';
}

/* Decodes base64url (no padding) s into out (size cap, NUL-terminated).
 * Returns false for a bad character, a bad length or too long an input. */
static bool b64_decode(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s), k = 0;
    if (n % 4 == 1 || (n / 4) * 3 + 3 >= cap)
        return false;
    for (size_t i = 0; i < n; i += 4) {
        unsigned v = 0;
        size_t chars = n - i < 4 ? n - i : 4;
        for (size_t j = 0; j < 4; j++) {
            const char *p = j < chars && s[i + j] ? strchr(b64, s[i + j]) : NULL;
            if (j < chars && !p)
                return false;
            v = v << 6 | (p ? (unsigned)(p - b64) : 0);
        }
        for (size_t j = 0; j + 1 < chars; j++)
            out[k++] = (char)((v >> (16 - 8 * j)) & 255);
    }
    out[k] = '\0';
    return true;
}

char *api_cursor_encode(char *out, size_t n, int64_t published, int64_t id, int offset)
{
    char raw[64];
    if (offset >= 0)
        snprintf(raw, sizeof raw, "o:%d", offset);
    else
        snprintf(raw, sizeof raw, "k:%lld:%lld", (long long)published, (long long)id);
    b64_encode(out, n, (const unsigned char *)raw, strlen(raw));
    return out;
}

herald_rc api_cursor_decode(const char *s, int64_t *published, int64_t *id, int *offset)
{
    char raw[64], tail = 0;
    long long a = 0, b = 0;
    int o = 0;
    *published = *id = 0;
    *offset = -1;
    if (!b64_decode(raw, sizeof raw, s) || strlen(raw) < 3)
        goto bad;
    if (sscanf(raw, "o:%d%c", &o, &tail) == 1 && o >= 0 && o <= MAX_OFFSET) {
        *offset = o;
        return HERALD_OK;
    }
    if (sscanf(raw, "k:%lld:%lld%c", &a, &b, &tail) == 2 && a >= 0 && b > 0) {
        *published = a;
        *id = b;
        return HERALD_OK;
    }
bad:
    return herald_error_set(HERALD_EINVAL, "cursor: not a cursor from this API");
}

/* Applies one articles parameter other than the filters. */
static herald_rc articles_param(struct api_articles_params *p, const char *key, const char *v)
{
    long long n = 0;
    if (!strcmp(key, "limit")) {
        if (!parse_int(v, 1, 100, &n))
            return herald_error_set(HERALD_EINVAL, "limit: '%.40s' is not a number in 1..100", v);
        p->limit = (int)n;
    } else if (!strcmp(key, "facets")) {
        if (strcmp(v, "0") && strcmp(v, "1"))
            return herald_error_set(HERALD_EINVAL, "facets: '%.40s' is not 0 or 1", v);
        p->facets = v[0] == '1';
    } else if (!strcmp(key, "cursor")) {
        int off = -1;
        if (api_cursor_decode(v, &p->cur_published, &p->cur_id, &off) != HERALD_OK)
            return HERALD_EINVAL;
        p->has_cursor = true;
        p->cur_offset = off;
    } else {
        return herald_error_set(HERALD_EINVAL, "unknown parameter '%.40s'", key);
    }
    return HERALD_OK;
}

herald_rc api_articles_params_parse(struct api_articles_params *out, const struct http_query *q)
{
    herald_rc rc = HERALD_OK;
    memset(out, 0, sizeof *out);
    out->limit = 20;
    out->cur_offset = -1;
    for (size_t i = 0; i < q->n && !rc; i++) {
        rc = api_filter_parse(&out->f, q->v[i].key, q->v[i].value);
        if (rc == HERALD_ENOTFOUND)
            rc = articles_param(out, q->v[i].key, q->v[i].value);
    }
    if (rc)
        return rc;
    bool ranked = out->f.sq.q && *out->f.sq.q;
    if (out->has_cursor && ranked != (out->cur_offset >= 0))
        return herald_error_set(HERALD_EINVAL, "cursor: it belongs to a %s listing",
                                ranked ? "newest-first" : "ranked (q)");
    if (out->f.sq.since && out->f.sq.until && out->f.sq.since >= out->f.sq.until)
        return herald_error_set(HERALD_EINVAL, "since must be before until");
    return HERALD_OK;
}
