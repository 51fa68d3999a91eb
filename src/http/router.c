/* Route lookup: patterns are compared segment by segment with the path, so
 * "..", "//" and encoded tricks simply match nothing (404). A {id} segment
 * matches any one segment; a non-id there is a 400, not a 404. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

bool http_router_parse_id(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    if (n == 0 || n > 18 || s[0] == '0')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Matches path against pattern. Returns 0 for no match, else 1 + the
 * number of {id} segments (fewer is more specific); *id_seg and *id_len
 * point at the last {id} segment of the path. */
static int match_pattern(const char *pattern, const char *path, const char **id_seg, size_t *id_len)
{
    const char *p = pattern, *u = path;
    int ids = 0;
    while (*p == '/' && *u == '/') {
        p++;
        u++;
        size_t pn = strcspn(p, "/"), un = strcspn(u, "/");
        if (pn == 4 && !strncmp(p, "{id}", 4) && un > 0) {
            *id_seg = u;
            *id_len = un;
            ids++;
        } else if (pn != un || strncmp(p, u, pn)) {
            return 0;
        }
        p += pn;
        u += un;
    }
    return *p == '\0' && *u == '\0' ? 1 + ids : 0;
}

static bool method_is(const char *route_method, const char *method)
{
    return !strcmp(route_method, method) ||
           (!strcmp(method, "HEAD") && !strcmp(route_method, "GET"));
}

enum http_match http_router_match(const struct http_route *routes, size_t n, const char *method,
                                  const char *path, size_t *route_out, int64_t *id_out)
{
    int best = 0;
    bool path_seen = false;
    const char *best_seg = NULL;
    size_t best_len = 0;
    *route_out = 0;
    *id_out = 0;
    for (size_t i = 0; i < n; i++) {
        const char *seg = NULL;
        size_t len = 0;
        int m = match_pattern(routes[i].pattern, path, &seg, &len);
        if (!m)
            continue;
        path_seen = true;
        if (method_is(routes[i].method, method) && (best == 0 || m < best)) {
            best = m;
            *route_out = i;
            best_seg = seg;
            best_len = len;
        }
    }
    if (!best)
        return path_seen ? HTTP_MATCH_BAD_METHOD : HTTP_MATCH_NOT_FOUND;
    if (best_seg && !http_router_parse_id(best_seg, best_len, id_out))
        return HTTP_MATCH_BAD_ID;
    return HTTP_MATCH_OK;
}

char *http_router_allow(char *out, size_t n, const struct http_route *routes, size_t count,
                        const char *path)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        const char *seg = NULL;
        size_t len = 0;
        if (!match_pattern(routes[i].pattern, path, &seg, &len) || strstr(out, routes[i].method))
            continue;
        bool get = !strcmp(routes[i].method, "GET");
        int w = snprintf(out + used, n - used, "%s%s%s", used ? ", " : "", routes[i].method,
                         get ? ", HEAD" : "");
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return out;
}
