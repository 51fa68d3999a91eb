/* A bounded (entries and bytes), thread-safe cache of whole HTTP response
 * bodies for read routes whose answer depends only on the route, the query
 * string and the store's content (GET /api/v1/stats/volume): LRU eviction,
 * a TTL, a store generation that invalidates everything when the store
 * changes, reference-counted entries sent without copying, and an ETag. */
#ifndef HERALD_HTTP_CACHE_H
#define HERALD_HTTP_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "util/buf.h"
#include "util/error.h"

#define HTTP_CACHE_ETAG_LEN 20 /* "\"" + 16 hex digits + "\"" + NUL, rounded */

struct http_cache;
struct http_cache_entry;

struct http_cache_config {
    size_t max_entries;      /* 0 = 256 */
    size_t max_bytes;        /* bodies and keys together; 0 = 32 MiB */
    unsigned ttl_s;          /* seconds an entry is served; 0 = nothing is kept */
    int64_t (*now_ms)(void); /* the clock; NULL = CLOCK_MONOTONIC (tests pass their own) */
};

struct http_cache_stats {
    uint64_t hits, misses;
    uint64_t stores;    /* bodies kept */
    uint64_t evictions; /* dropped for room (entries or bytes) */
    uint64_t expired;   /* found past their TTL */
    uint64_t stale;     /* found from an older store generation */
    uint64_t too_big;   /* bodies over the byte bound, never kept */
    uint64_t generation;
    size_t entries, bytes;
};

/* Creates a cache bounded by cfg into *out; the caller frees it with
 * http_cache_free(). Always HERALD_OK (out of memory aborts). */
herald_rc http_cache_new(struct http_cache **out, const struct http_cache_config *cfg);

/* Frees c and the entries only it holds (entries still held by callers
 * live until released). Accepts NULL. */
void http_cache_free(struct http_cache *c);

/* Returns the cache key of route (the path) and query: the path, '?' and
 * the parameters sorted by key as k=v joined by '&' (with '%', '&' and '='
 * escaped), so that the order of parameters does not matter. Caller frees
 * with free(). */
char *http_cache_key(const char *route, const struct http_query *q);

/* Tells c the store's data version as seen by reader (PRAGMA data_version
 * on the calling thread's connection): when the calling thread last
 * reported another reader or another version, the generation goes up and
 * every older entry becomes stale. Returns the generation to use for the
 * lookup and the store that follow. Thread-safe. */
uint64_t http_cache_sync(struct http_cache *c, const void *reader, int64_t data_version);

/* Returns the entry for key kept at generation gen and still within its
 * TTL (a new reference: release it with http_cache_entry_release()), or
 * NULL (a miss; stale or expired entries are dropped). */
struct http_cache_entry *http_cache_get(struct http_cache *c, const char *key, uint64_t gen);

/* Keeps a copy of body (len bytes) under key for generation gen, replacing
 * an older entry and evicting the least recently used ones for room.
 * Bodies that alone exceed the byte bound, and everything when the TTL is
 * 0, are not kept. Returns the new entry either way (a new reference, so
 * the caller can send it with its ETag; release it with
 * http_cache_entry_release()). */
struct http_cache_entry *http_cache_put(struct http_cache *c, const char *key, uint64_t gen,
                                        const char *body, size_t len);

/* The body of e (borrowed while the reference is held) and its length. */
const char *http_cache_entry_body(const struct http_cache_entry *e, size_t *len);

/* The ETag of e: a quoted hash of its body, borrowed. */
const char *http_cache_entry_etag(const struct http_cache_entry *e);

/* Drops one reference to e, freeing it when it was the last; accepts
 * NULL. Any thread may call it. */
void http_cache_entry_release(struct http_cache_entry *e);

/* Fills *out with the counters and sizes of c. */
void http_cache_stats(const struct http_cache *c, struct http_cache_stats *out);

/* Appends the counters of c in the Prometheus text format to b
 * (herald_http_cache_*). HERALD_ETOOBIG when b's cap is reached. */
herald_rc http_cache_render(struct buf *b, const struct http_cache *c);

/* Returns true when the If-None-Match header value inm (may be NULL)
 * names etag (a list of tags or "*"; weak tags compare equal). */
bool http_cache_etag_match(const char *inm, const char *etag);

#endif
