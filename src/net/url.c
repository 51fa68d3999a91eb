/* URL helpers on libcurl's CURLU: resolve, host, origin, normalise. Every
 * function accepts only http and https and reports a malformed URL with a
 * one-line message quoting it. */
#include "net/url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* Parses url (resolved against base when base is not NULL) into *out.
 * Returns HERALD_EINVAL for malformed or non-http(s) URLs. */
static herald_rc parse(CURLU **out, const char *base, const char *url)
{
    herald_rc rc = HERALD_OK;
    char *scheme = NULL;
    CURLU *h = curl_url();
    CURLUcode uc = CURLUE_OK;
    if (!h)
        abort();
    const char *bad = base;
    if (base)
        uc = curl_url_set(h, CURLUPART_URL, base, 0);
    if (uc == CURLUE_OK) {
        bad = url;
        uc = url ? curl_url_set(h, CURLUPART_URL, url, 0) : CURLUE_MALFORMED_INPUT;
    }
    if (uc != CURLUE_OK) {
        rc = herald_error_set(HERALD_EINVAL, "malformed URL \"%.200s\": %s", bad ? bad : "(null)",
                              curl_url_strerror(uc));
        goto done;
    }
    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
    if (!scheme || (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0))
        rc = herald_error_set(HERALD_EINVAL, "not an http(s) URL: \"%.200s\"", url);
done:
    curl_free(scheme);
    if (rc != HERALD_OK) {
        curl_url_cleanup(h);
        h = NULL;
    }
    *out = h;
    return rc;
}

/* Copies a curl-allocated string into a malloc'd one and frees the original. */
static char *take(char *curl_str)
{
    char *s = xstrdup(curl_str ? curl_str : "");
    curl_free(curl_str);
    return s;
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

herald_rc url_resolve(char **out, const char *base, const char *ref)
{
    CURLU *h = NULL;
    char *s = NULL;
    *out = NULL;
    herald_rc rc = ref && !*ref ? parse(&h, NULL, base) : parse(&h, base, ref);
    if (rc == HERALD_OK && curl_url_get(h, CURLUPART_URL, &s, 0) == CURLUE_OK)
        *out = take(s);
    else if (rc == HERALD_OK)
        rc = herald_error_set(HERALD_EINVAL, "cannot resolve \"%.200s\"", ref);
    curl_url_cleanup(h);
    return rc;
}

herald_rc url_host(char **out, const char *url)
{
    CURLU *h = NULL;
    char *s = NULL;
    *out = NULL;
    herald_rc rc = parse(&h, NULL, url);
    if (rc == HERALD_OK && curl_url_get(h, CURLUPART_HOST, &s, 0) == CURLUE_OK) {
        *out = take(s);
        lower(*out);
    } else if (rc == HERALD_OK) {
        rc = herald_error_set(HERALD_EINVAL, "URL has no host: \"%.200s\"", url);
    }
    curl_url_cleanup(h);
    return rc;
}

herald_rc url_origin(char **out, const char *url)
{
    CURLU *h = NULL;
    char *scheme = NULL, *host = NULL, *port = NULL;
    *out = NULL;
    herald_rc rc = parse(&h, NULL, url);
    if (rc != HERALD_OK)
        goto done;
    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(h, CURLUPART_HOST, &host, 0);
    curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT);
    if (!host) {
        rc = herald_error_set(HERALD_EINVAL, "URL has no host: \"%.200s\"", url);
        goto done;
    }
    *out = xasprintf("%s://%s%s%s", scheme, host, port ? ":" : "", port ? port : "");
    lower(*out);
done:
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(h);
    return rc;
}

/* Returns true for query parameter names used only for tracking. */
static bool tracking_param(const char *p, size_t len)
{
    static const char *const names[] = {"fbclid", "gclid",  "mc_cid", "mc_eid",
                                        "yclid",  "igshid", "_ga",    "dclid"};
    size_t nl = strcspn(p, "=&");
    if (nl > len)
        nl = len;
    if (nl >= 4 && strncmp(p, "utm_", 4) == 0)
        return true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == nl && strncmp(p, names[i], nl) == 0)
            return true;
    return false;
}

/* Returns query without tracking parameters, or NULL when nothing is left. */
static char *strip_tracking(const char *query)
{
    struct buf b;
    buf_init(&b, 0);
    for (const char *p = query; *p;) {
        size_t len = strcspn(p, "&");
        if (len > 0 && !tracking_param(p, len)) {
            if (b.len)
                buf_putc(&b, '&');
            buf_append(&b, p, len);
        }
        p += len + (p[len] ? 1 : 0);
    }
    if (b.len == 0) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b);
}

herald_rc url_normalize(char **out, const char *url)
{
    CURLU *h = NULL;
    char *host = NULL, *query = NULL, *clean = NULL, *s = NULL;
    *out = NULL;
    herald_rc rc = parse(&h, NULL, url);
    if (rc != HERALD_OK)
        goto done;
    curl_url_set(h, CURLUPART_FRAGMENT, NULL, 0);
    if (curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
        lower(host);
        curl_url_set(h, CURLUPART_HOST, host, 0);
    }
    if (curl_url_get(h, CURLUPART_QUERY, &query, 0) == CURLUE_OK) {
        clean = strip_tracking(query);
        curl_url_set(h, CURLUPART_QUERY, clean, 0);
    }
    if (curl_url_get(h, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT) != CURLUE_OK) {
        rc = herald_error_set(HERALD_EINVAL, "cannot normalise \"%.200s\"", url);
        goto done;
    }
    *out = take(s);
done:
    curl_free(host);
    curl_free(query);
    free(clean);
    curl_url_cleanup(h);
    return rc;
}
