/* The robots.txt cache the pipeline uses: one entry per origin, fetched
 * once (in parallel across origins via fetch_all) and reused until expiry.
 * 4xx -> allow all; 429, 5xx, network errors -> disallow all for a while. */
#include "net/robots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/url.h"
#include "util/xalloc.h"

struct entry {
    char *origin;
    struct robots *r;
    time_t expires;
    bool good; /* r came from a fetched file (kept when a refetch fails) */
};

struct robots_cache {
    struct entry *v;
    size_t n, cap;
};

struct robots_cache *robots_cache_new(void)
{
    return xcalloc(1, sizeof(struct robots_cache));
}

void robots_cache_free(struct robots_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].origin);
        robots_free(c->v[i].r);
    }
    free(c->v);
    free(c);
}

static struct entry *find(struct robots_cache *c, const char *origin)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].origin, origin) == 0)
            return &c->v[i];
    return NULL;
}

static struct entry *find_or_add(struct robots_cache *c, const char *origin)
{
    struct entry *e = find(c, origin);
    if (e)
        return e;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    e = &c->v[c->n++];
    *e = (struct entry){.origin = xstrdup(origin)};
    return e;
}

/* Stores the verdict for one fetched robots.txt (req->user is the origin). */
static void on_robots(const struct fetch_request *req, struct fetch_response *resp, void *ctx)
{
    struct robots_cache *c = ctx;
    if (resp->rc == HERALD_ETIMEOUT && strcmp(resp->error, "stopped") == 0)
        return; /* stopped by the caller: decide next time */
    struct entry *e = find_or_add(c, req->user);
    time_t now = time(NULL);
    struct robots *r = NULL;
    if (resp->rc == HERALD_OK && resp->status >= 200 && resp->status < 300)
        robots_parse(&r, resp->body, resp->len, ROBOTS_AGENT);
    else if (resp->rc == HERALD_OK && resp->status >= 400 && resp->status < 500 &&
             resp->status != 429)
        r = robots_allow_all();
    if (r) {
        robots_free(e->r);
        e->r = r;
        e->good = true;
        e->expires = now + ROBOTS_TTL_SECONDS;
    } else {
        if (!e->good) {
            robots_free(e->r);
            e->r = robots_disallow_all();
        }
        e->expires = now + ROBOTS_RETRY_SECONDS;
    }
}

/* Fills origins[i] (caller frees each) and lists the missing ones in reqs. */
static size_t plan(struct robots_cache *c, const char *const *urls, size_t n, char **origins,
                   struct fetch_request *reqs)
{
    size_t nreq = 0;
    time_t now = time(NULL);
    for (size_t i = 0; i < n; i++) {
        if (url_origin(&origins[i], urls[i]) != HERALD_OK)
            continue;
        struct entry *e = find(c, origins[i]);
        if (e && e->r && e->expires > now)
            continue;
        bool dup = false;
        for (size_t k = 0; k < nreq && !dup; k++)
            dup = strcmp(reqs[k].user, origins[i]) == 0;
        if (!dup)
            reqs[nreq++] = (struct fetch_request){
                .url = xasprintf("%s/robots.txt", origins[i]),
                .max_body = 2 * ROBOTS_MAX_BYTES,
                .user = origins[i],
            };
    }
    return nreq;
}

herald_rc robots_cache_check(struct robots_cache *c, const struct fetch_opts *o,
                             const char *const *urls, size_t n, bool *allowed_out)
{
    herald_rc rc = HERALD_OK;
    char **origins = xcalloc(n ? n : 1, sizeof *origins);
    struct fetch_request *reqs = xcalloc(n ? n : 1, sizeof *reqs);
    size_t nreq = plan(c, urls, n, origins, reqs);
    if (nreq > 0)
        rc = fetch_all(o, reqs, nreq, on_robots, c);
    for (size_t i = 0; i < n; i++) {
        struct entry *e = origins[i] ? find(c, origins[i]) : NULL;
        allowed_out[i] = rc == HERALD_OK && e && e->r && robots_allowed(e->r, urls[i]);
    }
    for (size_t i = 0; i < nreq; i++)
        free((char *)reqs[i].url);
    for (size_t i = 0; i < n; i++)
        free(origins[i]);
    free(reqs);
    free(origins);
    return rc;
}

long robots_cache_crawl_delay_ms(struct robots_cache *c, const char *url)
{
    char *origin = NULL;
    long ms = 0;
    if (url_origin(&origin, url) == HERALD_OK) {
        struct entry *e = find(c, origin);
        ms = e ? robots_crawl_delay_ms(e->r) : 0;
    }
    free(origin);
    return ms;
}
