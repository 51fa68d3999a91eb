/* The response cache: a chained hash table of entries on one mutex, an LRU
 * list for eviction by count and bytes, a TTL and a store generation
 * checked on lookup, and atomic reference counts so that a body can be
 * handed to libmicrohttpd and sent after it left the cache. */
#include "http/cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

#define DEFAULT_ENTRIES 256
#define DEFAULT_BYTES (32u << 20)

struct http_cache_entry {
    atomic_uint refs; /* the table's reference plus one per caller */
    char *key;
    uint64_t hash, gen;
    int64_t expires_ms;
    char etag[HTTP_CACHE_ETAG_LEN];
    size_t len, cost;                      /* body length; bytes counted against the bound */
    struct http_cache_entry *next;         /* hash chain */
    struct http_cache_entry *prev, *newer; /* LRU list: prev is older */
    char body[];                           /* len bytes and a NUL */
};

struct http_cache {
    pthread_mutex_t lock;
    struct http_cache_entry **slots;
    size_t n_slots;
    struct http_cache_entry *oldest, *newest;
    size_t entries, bytes, max_entries, max_bytes;
    unsigned ttl_s;
    int64_t (*now_ms)(void);
    atomic_uint_fast64_t generation;
    struct http_cache_stats st; /* counters, under lock */
};

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* FNV-1a, 64 bits. */
static uint64_t hash64(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

herald_rc http_cache_new(struct http_cache **out, const struct http_cache_config *cfg)
{
    struct http_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    c->max_entries = cfg->max_entries ? cfg->max_entries : DEFAULT_ENTRIES;
    c->max_bytes = cfg->max_bytes ? cfg->max_bytes : DEFAULT_BYTES;
    c->ttl_s = cfg->ttl_s;
    c->now_ms = cfg->now_ms ? cfg->now_ms : mono_ms;
    for (c->n_slots = 16; c->n_slots < c->max_entries * 2; c->n_slots *= 2)
        ;
    c->slots = xcalloc(c->n_slots, sizeof *c->slots);
    atomic_init(&c->generation, 1);
    *out = c;
    return HERALD_OK;
}

void http_cache_entry_release(struct http_cache_entry *e)
{
    if (e && atomic_fetch_sub(&e->refs, 1) == 1) {
        free(e->key);
        free(e);
    }
}

void http_cache_free(struct http_cache *c)
{
    if (!c)
        return;
    for (struct http_cache_entry *e = c->oldest, *next; e; e = next) {
        next = e->newer;
        http_cache_entry_release(e);
    }
    free(c->slots);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* Appends s to b with '%', '&' and '=' written as %XX. */
static void put_escaped(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '%' || *s == '&' || *s == '=')
            buf_printf(b, "%%%02X", (unsigned char)*s);
        else
            buf_append(b, s, 1);
    }
}

static int by_key(const void *a, const void *b)
{
    const struct http_param *const *x = a, *const *y = b;
    return strcmp((*x)->key, (*y)->key);
}

char *http_cache_key(const char *route, const struct http_query *q)
{
    struct buf b;
    const struct http_param **p = xcalloc(q->n ? q->n : 1, sizeof *p);
    buf_init(&b, 0);
    for (size_t i = 0; i < q->n; i++)
        p[i] = &q->v[i];
    if (q->n > 1)
        qsort(p, q->n, sizeof *p, by_key);
    buf_puts(&b, route);
    buf_puts(&b, "?");
    for (size_t i = 0; i < q->n; i++) {
        if (i)
            buf_puts(&b, "&");
        put_escaped(&b, p[i]->key);
        buf_puts(&b, "=");
        put_escaped(&b, p[i]->value);
    }
    free(p);
    char *key = buf_steal(&b);
    buf_free(&b);
    return key;
}

/* What the calling thread last reported: the cache, reader and version. */
static _Thread_local struct {
    const struct http_cache *cache;
    const void *reader;
    int64_t version;
} seen;

uint64_t http_cache_sync(struct http_cache *c, const void *reader, int64_t data_version)
{
    if (seen.cache != c || seen.reader != reader || seen.version != data_version) {
        seen.cache = c;
        seen.reader = reader;
        seen.version = data_version;
        return atomic_fetch_add(&c->generation, 1) + 1;
    }
    return atomic_load(&c->generation);
}

/* Unlinks e from the table and the LRU list and drops the table's
 * reference. Under the lock. */
static void drop(struct http_cache *c, struct http_cache_entry *e)
{
    struct http_cache_entry **pp = &c->slots[e->hash & (c->n_slots - 1)];
    while (*pp != e)
        pp = &(*pp)->next;
    *pp = e->next;
    if (e->prev)
        e->prev->newer = e->newer;
    else
        c->oldest = e->newer;
    if (e->newer)
        e->newer->prev = e->prev;
    else
        c->newest = e->prev;
    c->entries--;
    c->bytes -= e->cost;
    http_cache_entry_release(e);
}

/* Moves e to the newest end of the LRU list. Under the lock. */
static void touch(struct http_cache *c, struct http_cache_entry *e)
{
    if (c->newest == e)
        return;
    if (e->prev)
        e->prev->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer->prev = e->prev;
    e->prev = c->newest;
    e->newer = NULL;
    c->newest->newer = e;
    c->newest = e;
}

/* Returns the entry for key with hash h, or NULL. Under the lock. */
static struct http_cache_entry *find(struct http_cache *c, const char *key, uint64_t h)
{
    struct http_cache_entry *e = c->slots[h & (c->n_slots - 1)];
    while (e && (e->hash != h || strcmp(e->key, key)))
        e = e->next;
    return e;
}

struct http_cache_entry *http_cache_get(struct http_cache *c, const char *key, uint64_t gen)
{
    uint64_t h = hash64(key, strlen(key));
    int64_t now = c->now_ms();
    pthread_mutex_lock(&c->lock);
    struct http_cache_entry *e = find(c, key, h);
    if (e && e->gen != gen) {
        c->st.stale++;
        drop(c, e);
        e = NULL;
    } else if (e && now >= e->expires_ms) {
        c->st.expired++;
        drop(c, e);
        e = NULL;
    }
    if (e) {
        atomic_fetch_add(&e->refs, 1);
        touch(c, e);
        c->st.hits++;
    } else {
        c->st.misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return e;
}

/* Adds e (its reference becomes the table's) to the table and as the
 * newest of the LRU list. Under the lock. */
static void link_newest(struct http_cache *c, struct http_cache_entry *e)
{
    size_t slot = e->hash & (c->n_slots - 1);
    e->next = c->slots[slot];
    c->slots[slot] = e;
    e->prev = c->newest;
    if (c->newest)
        c->newest->newer = e;
    else
        c->oldest = e;
    c->newest = e;
    c->entries++;
    c->bytes += e->cost;
}

/* Returns a new entry (one reference) holding a copy of body. */
static struct http_cache_entry *entry_new(const char *key, uint64_t h, uint64_t gen,
                                          int64_t expires_ms, const char *body, size_t len)
{
    struct http_cache_entry *e = xmalloc(sizeof *e + len + 1);
    memset(e, 0, sizeof *e);
    atomic_init(&e->refs, 1);
    e->key = xstrdup(key);
    e->hash = h;
    e->gen = gen;
    e->expires_ms = expires_ms;
    e->len = len;
    e->cost = len + strlen(key) + sizeof *e;
    memcpy(e->body, body, len);
    e->body[len] = '\0';
    snprintf(e->etag, sizeof e->etag, "\"%016llx\"", (unsigned long long)hash64(body, len));
    return e;
}

struct http_cache_entry *http_cache_put(struct http_cache *c, const char *key, uint64_t gen,
                                        const char *body, size_t len)
{
    uint64_t h = hash64(key, strlen(key));
    struct http_cache_entry *e =
        entry_new(key, h, gen, c->now_ms() + (int64_t)c->ttl_s * 1000, body, len);
    if (!c->ttl_s)
        return e;
    pthread_mutex_lock(&c->lock);
    if (e->cost > c->max_bytes) {
        c->st.too_big++;
        pthread_mutex_unlock(&c->lock);
        return e;
    }
    struct http_cache_entry *old = find(c, key, h);
    if (old)
        drop(c, old);
    while (c->oldest && (c->entries + 1 > c->max_entries || c->bytes + e->cost > c->max_bytes)) {
        c->st.evictions++;
        drop(c, c->oldest);
    }
    link_newest(c, e);
    atomic_fetch_add(&e->refs, 1); /* the caller's */
    c->st.stores++;
    pthread_mutex_unlock(&c->lock);
    return e;
}

const char *http_cache_entry_body(const struct http_cache_entry *e, size_t *len)
{
    *len = e->len;
    return e->body;
}

const char *http_cache_entry_etag(const struct http_cache_entry *e)
{
    return e->etag;
}

void http_cache_stats(const struct http_cache *c, struct http_cache_stats *out)
{
    struct http_cache *m = (struct http_cache *)c; /* the lock only */
    pthread_mutex_lock(&m->lock);
    *out = c->st;
    out->entries = c->entries;
    out->bytes = c->bytes;
    pthread_mutex_unlock(&m->lock);
    out->generation = atomic_load(&m->generation);
}

herald_rc http_cache_render(struct buf *b, const struct http_cache *c)
{
    struct http_cache_stats s;
    http_cache_stats(c, &s);
    return buf_printf(b,
                      "# HELP herald_http_cache_requests_total Response cache lookups by result.\n"
                      "# TYPE herald_http_cache_requests_total counter\n"
                      "herald_http_cache_requests_total{result=\"hit\"} %llu\n"
                      "herald_http_cache_requests_total{result=\"miss\"} %llu\n"
                      "# HELP herald_http_cache_drops_total Entries dropped, by reason.\n"
                      "# TYPE herald_http_cache_drops_total counter\n"
                      "herald_http_cache_drops_total{reason=\"evicted\"} %llu\n"
                      "herald_http_cache_drops_total{reason=\"expired\"} %llu\n"
                      "herald_http_cache_drops_total{reason=\"stale\"} %llu\n"
                      "herald_http_cache_drops_total{reason=\"too_big\"} %llu\n"
                      "# HELP herald_http_cache_entries Responses in the cache.\n"
                      "# TYPE herald_http_cache_entries gauge\nherald_http_cache_entries %zu\n"
                      "# HELP herald_http_cache_bytes Bytes held by the response cache.\n"
                      "# TYPE herald_http_cache_bytes gauge\nherald_http_cache_bytes %zu\n",
                      (unsigned long long)s.hits, (unsigned long long)s.misses,
                      (unsigned long long)s.evictions, (unsigned long long)s.expired,
                      (unsigned long long)s.stale, (unsigned long long)s.too_big, s.entries,
                      s.bytes);
}

/* Returns true when the n bytes at tag (an entity tag, maybe W/-prefixed)
 * equal etag. */
static bool same_tag(const char *tag, size_t n, const char *etag)
{
    if (n > 2 && tag[0] == 'W' && tag[1] == '/') {
        tag += 2;
        n -= 2;
    }
    return n == strlen(etag) && !memcmp(tag, etag, n);
}

bool http_cache_etag_match(const char *inm, const char *etag)
{
    for (const char *p = inm; p && *p;) {
        p += strspn(p, " \t,");
        size_t n = strcspn(p, " \t,");
        if (n == 1 && *p == '*')
            return true;
        if (n && same_tag(p, n, etag))
            return true;
        p += n;
    }
    return false;
}
