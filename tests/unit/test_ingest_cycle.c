/* Unit tests for the ingest cycle against the fixture HTTP server on
 * 127.0.0.1: articles stored once, conditional GET on the next cycle,
 * permanent failures recorded once, transient ones retried, sitemap
 * indexes followed, and a stopped cycle leaving its sources due. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "../support/fixture_server.h"
#include "ingest/ingest.h"
#include "store/store_article.h"
#include "store/store_source.h"

#define PAGE                                                                                       \
    "<html lang=\"en\"><head><title>%s</title></head><body><article><h1>%s</h1><p>%s: port "       \
    "authorities in Hai Phong and Da Nang reported record container volumes this quarter, "        \
    "with new berths opening and customs checks moving online.</p></article></body></html>"

#define T0 1700000000 /* a realistic "now" (sources are due by time since last fetch) */

struct env {
    char dir[64];
    char db[96];
    struct fixture_server fs;
    struct store *st;
    struct ingest_opts o;
};

static void put(const struct env *e, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", e->dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void put_page(const struct env *e, const char *name, const char *title)
{
    char html[1024];
    snprintf(html, sizeof html, PAGE, title, title, title);
    put(e, name, html);
}

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof *e);
    strcpy(e->dir, "/tmp/herald-ingest-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    mkdir(strcat(strcpy(e->db, e->dir), "/a"), 0700);
    snprintf(e->db, sizeof e->db, "%s.db", e->dir);
    put_page(e, "a/1.html", "First report");
    put_page(e, "a/2.html", "Second report");
    put_page(e, "a/3.html", "Third report");
    put(e, "feed.xml",
        "<rss version=\"2.0\"><channel><title>T</title>"
        "<item><title>1</title><link>{{BASE}}/a/1.html</link></item>"
        "<item><title>gone</title><link>{{BASE}}/a/missing.html</link></item>"
        "<item><title>busy</title><link>{{BASE}}/_status?code=503</link></item>"
        "</channel></rss>");
    put(e, "index.xml",
        "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<sitemap><loc>{{BASE}}/sm1.xml</loc></sitemap></sitemapindex>");
    put(e, "sm1.xml",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<url><loc>{{BASE}}/a/2.html</loc></url><url><loc>{{BASE}}/a/3.html</loc></url>"
        "</urlset>");
    assert_int_equal(fixture_server_start(&e->fs, e->dir, NULL), 0);
    assert_int_equal(store_open(&e->st, e->db), HERALD_OK);
    ingest_opts_defaults(&e->o);
    e->o.fetch.allow_private = true;
    e->o.fetch.host_delay_ms = 0;
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    char cmd[512];
    store_close(e->st);
    fixture_server_stop(&e->fs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s-wal' '%s-shm'", e->dir, e->db, e->db, e->db);
    assert_int_equal(system(cmd), 0);
    free(e);
    return 0;
}

static int64_t add_source(struct env *e, const char *path)
{
    char url[128];
    snprintf(url, sizeof url, "%s/%s", e->fs.base, path);
    struct source s = {.url = url, .enabled = true};
    assert_int_equal(store_source_add(e->st, &s), HERALD_OK);
    return s.id;
}

/* Returns how many times the fixture server served path. */
static int hits(const struct env *e, const char *path)
{
    char url[256];
    struct fetch_opts o;
    struct fetch_response r;
    fetch_opts_defaults(&o);
    o.allow_private = true;
    snprintf(url, sizeof url, "%s/_hits?path=%s", e->fs.base, path);
    struct fetch_request req = {.url = url};
    assert_int_equal(fetch_one(&r, &o, &req), HERALD_OK);
    int n = atoi(r.body);
    fetch_response_clear(&r);
    return n;
}

static void test_feed_cycle_and_retries(void **state)
{
    struct env *e = *state;
    struct ingest_stats s;
    int64_t id = add_source(e, "feed.xml");
    assert_int_equal(ingest_cycle(&s, e->st, &e->o, T0), HERALD_OK);
    assert_int_equal(s.sources_ok, 1);
    assert_int_equal(s.articles_stored, 1);
    assert_int_equal(s.pages_failed, 2);
    assert_int_equal(hits(e, "/a/missing.html"), 1);
    assert_int_equal(hits(e, "/_status"), 1);

    /* Next poll: the 503 is retried (so the feed is re-read, not 304),
     * the 404 and the stored article are not fetched again. */
    assert_int_equal(ingest_cycle(&s, e->st, &e->o, T0 + 7200), HERALD_OK);
    assert_int_equal(s.feeds_not_modified, 0);
    assert_int_equal(s.articles_stored, 0);
    assert_int_equal(hits(e, "/_status"), 2);
    assert_int_equal(hits(e, "/a/missing.html"), 1);
    assert_int_equal(hits(e, "/a/1.html"), 1);

    struct source *src = NULL;
    assert_int_equal(store_source_get(e->st, id, &src), HERALD_OK);
    assert_int_equal(src->failures, 0);
    assert_int_equal(src->last_success, T0 + 7200);
    source_free(src);
}

static void test_conditional_get(void **state)
{
    struct env *e = *state;
    struct ingest_stats s;
    add_source(e, "sm1.xml");
    assert_int_equal(ingest_cycle(&s, e->st, &e->o, T0), HERALD_OK);
    assert_int_equal(s.articles_stored, 2);
    assert_int_equal(ingest_cycle(&s, e->st, &e->o, T0 + 7200), HERALD_OK);
    assert_int_equal(s.feeds_not_modified, 1);
    assert_int_equal(s.entries_new, 0);
    assert_int_equal(hits(e, "/a/2.html"), 1);
}

static void test_sitemap_index_credits_source(void **state)
{
    struct env *e = *state;
    struct ingest_stats s;
    int64_t id = add_source(e, "index.xml");
    assert_int_equal(ingest_cycle(&s, e->st, &e->o, T0), HERALD_OK);
    assert_int_equal(s.articles_stored, 2);
    struct source *src = NULL;
    assert_int_equal(store_source_get(e->st, id, &src), HERALD_OK);
    assert_int_equal(src->items_seen, 2);
    source_free(src);
}

static void test_stopped_cycle_leaves_source_due(void **state)
{
    struct env *e = *state;
    struct ingest_stats s;
    volatile int stop = 1;
    int64_t id = add_source(e, "feed.xml");
    e->o.stop = &stop;
    assert_int_equal(ingest_cycle(&s, e->st, &e->o, T0), HERALD_OK);
    assert_int_equal(s.articles_stored, 0);
    struct source *due = NULL;
    size_t n = 0;
    assert_int_equal(store_source_due(e->st, T0 + 1, &due, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(due[0].id, id);
    sources_free(due, n);
}

static void test_unreachable_source_records_health(void **state)
{
    struct env *e = *state;
    struct ingest_stats s;
    struct source bad = {.url = "http://127.0.0.1:1/feed.xml", .enabled = true};
    assert_int_equal(store_source_add(e->st, &bad), HERALD_OK);
    assert_int_equal(ingest_cycle(&s, e->st, &e->o, T0), HERALD_OK);
    assert_int_equal(s.sources_failed, 1);
    struct source *src = NULL;
    assert_int_equal(store_source_get(e->st, bad.id, &src), HERALD_OK);
    assert_int_equal(src->failures, 1);
    assert_non_null(src->last_error);
    source_free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_feed_cycle_and_retries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conditional_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sitemap_index_credits_source, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stopped_cycle_leaves_source_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreachable_source_records_health, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
