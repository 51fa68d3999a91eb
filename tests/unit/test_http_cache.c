/* Tests of the response cache (src/http/cache.c): keys, hit and miss,
 * eviction by count and bytes, TTL on an injected clock, store
 * generations, ETags, metrics text, and threads hammering one cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cache.h"

static int64_t fake_now;

static int64_t fake_clock(void)
{
    return fake_now;
}

static struct http_cache *cache_make(size_t entries, size_t bytes, unsigned ttl)
{
    struct http_cache *c = NULL;
    struct http_cache_config cfg = {
        .max_entries = entries, .max_bytes = bytes, .ttl_s = ttl, .now_ms = fake_clock};
    assert_int_equal(http_cache_new(&c, &cfg), HERALD_OK);
    return c;
}

/* Puts body under key and drops the returned reference. */
static void put(struct http_cache *c, const char *key, uint64_t gen, const char *body)
{
    http_cache_entry_release(http_cache_put(c, key, gen, body, strlen(body)));
}

/* Returns true when key is there at gen with body. */
static bool has(struct http_cache *c, const char *key, uint64_t gen, const char *body)
{
    struct http_cache_entry *e = http_cache_get(c, key, gen);
    size_t len = 0;
    bool ok = e && !strcmp(http_cache_entry_body(e, &len), body) && len == strlen(body);
    http_cache_entry_release(e);
    return ok;
}

static void test_key_sorted_and_escaped(void **state)
{
    (void)state;
    struct http_param a[] = {{"interval", "day"}, {"group", "country"}, {"q", "a&b=c%"}};
    struct http_param b[] = {{"q", "a&b=c%"}, {"group", "country"}, {"interval", "day"}};
    struct http_query qa = {a, 3}, qb = {b, 3}, none = {NULL, 0};
    char *ka = http_cache_key("/api/v1/stats/volume", &qa);
    char *kb = http_cache_key("/api/v1/stats/volume", &qb);
    char *k0 = http_cache_key("/api/v1/stats/volume", &none);
    assert_string_equal(ka, kb);
    assert_string_equal(ka, "/api/v1/stats/volume?group=country&interval=day&q=a%26b%3Dc%25");
    assert_string_equal(k0, "/api/v1/stats/volume?");
    /* "q=a&b=c" as one value differs from two parameters q=a and b=c */
    struct http_param one[] = {{"q", "a&b=c"}}, two[] = {{"b", "c"}, {"q", "a"}};
    struct http_query q1 = {one, 1}, q2 = {two, 2};
    char *k1 = http_cache_key("/x", &q1), *k2 = http_cache_key("/x", &q2);
    assert_string_not_equal(k1, k2);
    free(ka);
    free(kb);
    free(k0);
    free(k1);
    free(k2);
}

static void test_hit_and_miss(void **state)
{
    (void)state;
    struct http_cache *c = cache_make(0, 0, 30);
    struct http_cache_stats s;
    assert_null(http_cache_get(c, "/a?", 1));
    put(c, "/a?", 1, "{\"n\":1}");
    assert_true(has(c, "/a?", 1, "{\"n\":1}"));
    assert_false(has(c, "/b?", 1, "{\"n\":1}"));
    put(c, "/a?", 1, "{\"n\":2}"); /* replaces */
    assert_true(has(c, "/a?", 1, "{\"n\":2}"));
    http_cache_stats(c, &s);
    assert_int_equal(s.hits, 2);
    assert_int_equal(s.misses, 2);
    assert_int_equal(s.stores, 2);
    assert_int_equal(s.entries, 1);
    http_cache_free(c);
}

static void test_eviction_by_bytes(void **state)
{
    (void)state;
    char body[1001];
    memset(body, 'x', 1000);
    body[1000] = '\0';
    /* room for two 1000-byte bodies with their bookkeeping, not three */
    struct http_cache *c = cache_make(100, 2600, 30);
    struct http_cache_stats s;
    put(c, "/1", 1, body);
    put(c, "/2", 1, body);
    assert_true(has(c, "/1", 1, body)); /* /1 is now the most recently used */
    put(c, "/3", 1, body);
    assert_false(has(c, "/2", 1, body)); /* the least recently used went */
    assert_true(has(c, "/1", 1, body));
    assert_true(has(c, "/3", 1, body));
    http_cache_stats(c, &s);
    assert_int_equal(s.evictions, 1);
    assert_int_equal(s.entries, 2);
    assert_true(s.bytes <= 2600);
    /* a body over the whole bound is sent but never kept */
    char *big = calloc(4000, 1);
    memset(big, 'y', 3999);
    struct http_cache_entry *e = http_cache_put(c, "/big", 1, big, 3999);
    size_t len = 0;
    assert_non_null(e);
    assert_memory_equal(http_cache_entry_body(e, &len), big, 3999);
    http_cache_entry_release(e);
    assert_null(http_cache_get(c, "/big", 1));
    http_cache_stats(c, &s);
    assert_int_equal(s.too_big, 1);
    assert_int_equal(s.entries, 2);
    free(big);
    http_cache_free(c);
}

static void test_eviction_by_count(void **state)
{
    (void)state;
    struct http_cache *c = cache_make(3, 0, 30);
    char key[16];
    for (int i = 0; i < 10; i++) {
        snprintf(key, sizeof key, "/k%d", i);
        put(c, key, 1, key);
    }
    struct http_cache_stats s;
    http_cache_stats(c, &s);
    assert_int_equal(s.entries, 3);
    assert_int_equal(s.evictions, 7);
    assert_true(has(c, "/k9", 1, "/k9"));
    assert_true(has(c, "/k7", 1, "/k7"));
    assert_false(has(c, "/k6", 1, "/k6"));
    http_cache_free(c);
}

static void test_ttl_expiry(void **state)
{
    (void)state;
    struct http_cache *c = cache_make(0, 0, 30);
    fake_now = 1000000;
    put(c, "/a", 1, "x");
    fake_now += 29999;
    assert_true(has(c, "/a", 1, "x"));
    fake_now += 1;
    assert_false(has(c, "/a", 1, "x"));
    struct http_cache_stats s;
    http_cache_stats(c, &s);
    assert_int_equal(s.expired, 1);
    assert_int_equal(s.entries, 0);
    http_cache_free(c);
    /* TTL 0: nothing is kept, the answer still comes back */
    c = cache_make(0, 0, 0);
    struct http_cache_entry *e = http_cache_put(c, "/a", 1, "x", 1);
    assert_non_null(e);
    http_cache_entry_release(e);
    assert_null(http_cache_get(c, "/a", 1));
    http_cache_free(c);
}

static void test_generation_change(void **state)
{
    (void)state;
    struct http_cache *c = cache_make(0, 0, 30);
    int reader1, reader2;
    uint64_t g1 = http_cache_sync(c, &reader1, 5);
    assert_int_equal(http_cache_sync(c, &reader1, 5), g1); /* nothing changed */
    put(c, "/a", g1, "old");
    assert_true(has(c, "/a", g1, "old"));
    uint64_t g2 = http_cache_sync(c, &reader1, 6); /* another connection committed */
    assert_true(g2 > g1);
    assert_null(http_cache_get(c, "/a", g2));
    uint64_t g3 = http_cache_sync(c, &reader2, 6); /* another reader: assume a change */
    assert_true(g3 > g2);
    struct http_cache_stats s;
    http_cache_stats(c, &s);
    assert_int_equal(s.stale, 1);
    assert_int_equal(s.generation, g3);
    http_cache_free(c);
}

static void test_entry_outlives_eviction(void **state)
{
    (void)state;
    struct http_cache *c = cache_make(1, 0, 30);
    struct http_cache_entry *held = http_cache_put(c, "/a", 1, "first", 5);
    put(c, "/b", 1, "second"); /* evicts /a while it is held */
    size_t len = 0;
    assert_string_equal(http_cache_entry_body(held, &len), "first");
    http_cache_free(c); /* the held entry stays valid */
    assert_string_equal(http_cache_entry_body(held, &len), "first");
    http_cache_entry_release(held);
}

static void test_etag(void **state)
{
    (void)state;
    struct http_cache *c = cache_make(0, 0, 30);
    struct http_cache_entry *a = http_cache_put(c, "/a", 1, "{}", 2);
    struct http_cache_entry *b = http_cache_put(c, "/b", 1, "[]", 2);
    const char *ta = http_cache_entry_etag(a), *tb = http_cache_entry_etag(b);
    char list[64], weak[32];
    assert_int_equal(ta[0], '"');
    assert_int_equal(strlen(ta), 18);
    assert_string_not_equal(ta, tb);
    assert_true(http_cache_etag_match(ta, ta));
    snprintf(list, sizeof list, "\"zz\", %s", ta);
    assert_true(http_cache_etag_match(list, ta));
    snprintf(weak, sizeof weak, "W/%s", ta);
    assert_true(http_cache_etag_match(weak, ta));
    assert_true(http_cache_etag_match("*", ta));
    assert_false(http_cache_etag_match(tb, ta));
    assert_false(http_cache_etag_match(NULL, ta));
    assert_false(http_cache_etag_match("", ta));
    assert_false(http_cache_etag_match("\"", ta));
    http_cache_entry_release(a);
    http_cache_entry_release(b);
    http_cache_free(c);
}

static void test_render(void **state)
{
    (void)state;
    struct http_cache *c = cache_make(0, 0, 30);
    struct buf b;
    buf_init(&b, 0);
    put(c, "/a", 1, "x");
    assert_true(has(c, "/a", 1, "x"));
    assert_false(has(c, "/b", 1, "x"));
    assert_int_equal(http_cache_render(&b, c), HERALD_OK);
    assert_non_null(strstr(buf_str(&b), "herald_http_cache_requests_total{result=\"hit\"} 1\n"));
    assert_non_null(strstr(buf_str(&b), "herald_http_cache_requests_total{result=\"miss\"} 1\n"));
    assert_non_null(strstr(buf_str(&b), "herald_http_cache_entries 1\n"));
    buf_free(&b);
    http_cache_free(c);
}

#define THREADS 8
#define ROUNDS 20000

static struct http_cache *shared;

/* Gets and puts keys /k0../k49 whose body is "body of KEY", on a cache
 * too small for all of them, moving the generation now and then; checks
 * every body it gets back. */
static void *hammer(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    int reader = 0;
    char key[16], body[32];
    long bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(key, sizeof key, "/k%u", (seed >> 8) % 50);
        uint64_t gen = http_cache_sync(shared, &reader, (seed >> 20) % 97 == 0 ? i : 0);
        struct http_cache_entry *e = http_cache_get(shared, key, gen);
        snprintf(body, sizeof body, "body of %s", key);
        if (!e)
            e = http_cache_put(shared, key, gen, body, strlen(body));
        size_t len = 0;
        const char *got = http_cache_entry_body(e, &len);
        bad += len != strlen(body) || memcmp(got, body, len);
        http_cache_entry_release(e);
    }
    return (void *)bad;
}

static void test_concurrency(void **state)
{
    (void)state;
    pthread_t t[THREADS];
    struct http_cache_config cfg = {.max_entries = 20, .max_bytes = 4096, .ttl_s = 30};
    assert_int_equal(http_cache_new(&shared, &cfg), HERALD_OK);
    for (uintptr_t i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(i + 1)), 0);
    long bad = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r = NULL;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    struct http_cache_stats s;
    http_cache_stats(shared, &s);
    assert_int_equal(bad, 0);
    assert_int_equal(s.hits + s.misses, (uint64_t)THREADS * ROUNDS);
    assert_true(s.hits > 0);
    assert_true(s.entries <= 20);
    assert_true(s.bytes <= 4096);
    http_cache_free(shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_sorted_and_escaped),
        cmocka_unit_test(test_hit_and_miss),
        cmocka_unit_test(test_eviction_by_bytes),
        cmocka_unit_test(test_eviction_by_count),
        cmocka_unit_test(test_ttl_expiry),
        cmocka_unit_test(test_generation_change),
        cmocka_unit_test(test_entry_outlives_eviction),
        cmocka_unit_test(test_etag),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_concurrency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
