/* HTTP fetching on libcurl's multi interface: many requests in parallel,
 * one connection and a minimum delay per host, conditional GET, compression,
 * capped bodies, bounded redirects and an SSRF guard on every connection. */
#ifndef HERALD_FETCH_H
#define HERALD_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct fetch_opts {
    const char *user_agent;  /* NULL = FETCH_USER_AGENT */
    long connect_timeout_ms; /* per connection attempt */
    long total_timeout_ms;   /* whole transfer, redirects included */
    long host_delay_ms;      /* minimum delay between two requests to one host */
    size_t max_body;         /* cap for every body; over it -> HERALD_ETOOBIG */
    int max_parallel;        /* total concurrent transfers */
    int max_redirects;       /* clamped to 0..5 */
    bool allow_private;      /* SSRF guard off for private/loopback/link-local */
    volatile int *stop;      /* optional: when *stop becomes non-zero, abort and return */
};

struct fetch_request {
    const char *url;
    const char *etag;          /* optional: sent as If-None-Match */
    const char *last_modified; /* optional: sent as If-Modified-Since */
    size_t max_body;           /* 0 = opts->max_body */
    long host_delay_ms;        /* after this request its host rests max(this, opts') ms:
                                * set it from robots Crawl-delay; 0 = opts */
    void *user;                /* caller's data, untouched */
};

struct fetch_response {
    herald_rc rc;       /* HERALD_OK, ENET, ETIMEOUT, ETOOBIG, EDENIED, EINVAL (bad URL) */
    char error[256];    /* one line when rc != 0 or status >= 400, else "" */
    long status;        /* HTTP status of the last response; 304 when not modified; 0 if none */
    char *body;         /* NUL-terminated; owned by the response; the callback may */
    size_t len;         /* take it (set body = NULL). Empty ("") for 304 and errors */
    char *content_type; /* each NULL when absent; owned by the response */
    char *etag;
    char *last_modified;
    char *final_url; /* after redirects */
    double seconds;  /* wall time of the transfer */
};

typedef void (*fetch_done_fn)(const struct fetch_request *req, struct fetch_response *resp,
                              void *ctx);

#define FETCH_USER_AGENT "herald/0.1 (news monitoring; +https://example.invalid/herald)"

/* Fills o with defaults: connect 10 s, total 30 s, host delay 1000 ms,
 * max_body 10 MiB, 16 parallel, 5 redirects, allow_private false. */
void fetch_opts_defaults(struct fetch_opts *o);

/* Fetches the n requests, calling done() on the calling thread once for
 * every request, in completion order; each response is freed after its
 * callback (take resp->body by setting it to NULL). A request with a bad
 * URL completes at once with rc HERALD_EINVAL. Requests to one host run one
 * at a time, host_delay_ms apart. Returns HERALD_OK when all completed,
 * HERALD_ETIMEOUT when *opts->stop became non-zero (the unfinished requests
 * then complete with rc HERALD_ETIMEOUT and error "stopped"), HERALD_ENET
 * when libcurl could not be set up (no callback is made then). */
herald_rc fetch_all(const struct fetch_opts *opts, const struct fetch_request *reqs, size_t n,
                    fetch_done_fn done, void *ctx);

/* Fetches one URL with opts (conditional headers from req if given) and
 * copies the result into *out, which the caller frees with
 * fetch_response_clear(). Returns out->rc. */
herald_rc fetch_one(struct fetch_response *out, const struct fetch_opts *opts,
                    const struct fetch_request *req);

/* Frees the strings inside r (not r itself) and zeroes it; accepts NULL. */
void fetch_response_clear(struct fetch_response *r);

#endif
