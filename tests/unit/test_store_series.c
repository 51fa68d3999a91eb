/* Unit tests for src/store/store_series: the hourly rollups (schema v10)
 * agree with counting the articles for every dimension, a re-analysis
 * moves an article's counts, a rebuild gives the same rows, the volume
 * cells agree between rollups and the scan, stories are counted through
 * article_stories, and bad ranges and keys are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/store_article.h"
#include "store/store_series.h"
#include "store_testdb.h"

#define OFF (7 * 3600)
#define T0 1767546000LL /* 2026-01-05T00:00 +07:00 */
#define NART 60

static const char *const langs[] = {"vi", "en", "fr"};
static const char *const countries[] = {"VN", "US", NULL};
static const char *const topics[] = {"economy,diplomacy", "sovereignty", "", "economy"};

static int64_t ids[NART];

static int setup(void **state)
{
    if (testdb_setup(state))
        return -1;
    for (int i = 0; i < NART; i++) {
        char url[64];
        snprintf(url, sizeof url, "https://news.example/%d", i);
        struct article_row a = {.url = url,
                                .lang = (char *)langs[i % 3],
                                .country = (char *)countries[i % 3 == 1 ? 1 : (i / 3) % 3],
                                .title = "t",
                                .text = "x",
                                .published = T0 + (int64_t)i * 7 * 3600 + 600,
                                .fingerprint = (uint64_t)i + 1};
        a.an.analyzed = i % 5 != 4;
        snprintf(a.an.topics, sizeof a.an.topics, "%s", topics[i % 4]);
        a.an.has_tone = i % 2 == 0;
        a.an.tone = (double)(i % 3 - 1) / 2;
        a.an.tone_label = i % 3 - 1;
        if (store_article_add(*state, &a, &ids[i]) != HERALD_OK)
            return -1;
    }
    return 0;
}

static void same_series(const struct signals_series *a, const struct signals_series *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->start, b->start);
    for (size_t i = 0; i < a->n; i++) {
        assert_int_equal(a->b[i].count, b->b[i].count);
        assert_int_equal(a->b[i].scored, b->b[i].scored);
        assert_int_equal(a->b[i].neg, b->b[i].neg);
        assert_int_equal(a->b[i].pos, b->b[i].pos);
        assert_true(a->b[i].tone_sum - b->b[i].tone_sum < 1e-9 &&
                    b->b[i].tone_sum - a->b[i].tone_sum < 1e-9);
    }
}

static int64_t total(const struct signals_series *s)
{
    int64_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->b[i].count;
    return n;
}

/* Compares the rollup series of (d, key) with the scan of q, at step. */
static void check(struct store *st, enum store_dim d, const char *key, const struct search_query *q,
                  int step, int64_t want_total)
{
    struct signals_series r, c;
    int64_t since = T0 - 86400, until = T0 + 20 * 86400;
    assert_int_equal(store_series_read(st, &r, d, key, step, OFF, since, until), HERALD_OK);
    assert_int_equal(store_series_query(st, &c, q, step, OFF, since, until), HERALD_OK);
    same_series(&r, &c);
    if (want_total >= 0)
        assert_int_equal(total(&r), want_total);
    signals_series_clear(&r);
    signals_series_clear(&c);
}

static void test_rollup_matches_scan(void **state)
{
    struct store *st = *state;
    struct search_query all = {0}, vi = {.lang = "vi"}, us = {.country = "us"},
                        eco = {.topic = "economy"}, sov = {.topic = "sovereignty"};
    check(st, STORE_DIM_ALL, "", &all, SIGNALS_DAY, NART);
    check(st, STORE_DIM_ALL, "", &all, SIGNALS_HOUR, NART);
    check(st, STORE_DIM_LANG, "vi", &vi, SIGNALS_DAY, NART / 3);
    check(st, STORE_DIM_COUNTRY, "us", &us, SIGNALS_HOUR, -1);
    check(st, STORE_DIM_TOPIC, "economy", &eco, SIGNALS_DAY, -1);
    check(st, STORE_DIM_TOPIC, "sovereignty", &sov, SIGNALS_DAY, -1);
    struct signals_series r;
    assert_int_equal(
        store_series_read(st, &r, STORE_DIM_LANG, "xx", SIGNALS_DAY, OFF, T0, T0 + 86400),
        HERALD_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.b[0].count, 0);
    signals_series_clear(&r);
}

static void test_reanalysis_moves_counts(void **state)
{
    struct store *st = *state;
    struct search_query sov = {.topic = "sovereignty"}, eco = {.topic = "economy"};
    struct article_analysis an = {.analyzed = true,
                                  .topics = "sovereignty",
                                  .has_tone = true,
                                  .tone = -0.9,
                                  .tone_label = -1};
    assert_int_equal(store_article_set_analysis(st, ids[0], "en", &an), HERALD_OK);
    check(st, STORE_DIM_TOPIC, "sovereignty", &sov, SIGNALS_DAY, -1);
    check(st, STORE_DIM_TOPIC, "economy", &eco, SIGNALS_DAY, -1);
    struct search_query en = {.lang = "en"}, vi = {.lang = "vi"};
    check(st, STORE_DIM_LANG, "en", &en, SIGNALS_HOUR, NART / 3 + 1);
    check(st, STORE_DIM_LANG, "vi", &vi, SIGNALS_DAY, NART / 3 - 1);
}

/* Returns the rollup table as one string (caller frees). */
static char *dump(struct store *st)
{
    sqlite3_stmt *q;
    assert_int_equal(
        sqlite3_prepare_v2(store_db(st),
                           "SELECT group_concat(r, ';') FROM (SELECT dim || '/' ||"
                           " key || '/' || hour || '/' || n || '/' || scored || '/'"
                           " || neg || '/' || neu || '/' || pos || '/' || tone_sum AS r"
                           " FROM rollup_hourly WHERE n != 0 ORDER BY dim, key, hour)",
                           -1, &q, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    char *s = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return s;
}

static void test_rebuild_same_rows(void **state)
{
    struct store *st = *state;
    char *before = dump(st);
    assert_int_equal(store_series_rebuild(st), HERALD_OK);
    char *after = dump(st);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

struct cell {
    char group[32];
    int64_t day, count, scored, neg;
};

struct cells {
    struct cell v[512];
    size_t n;
};

/* Adds a cell, merging a (group, day) seen before. */
static herald_rc collect(void *ctx, const char *group, int64_t day, const struct signals_bucket *b)
{
    struct cells *c = ctx;
    size_t i = 0;
    while (i < c->n && (strcmp(c->v[i].group, group) || c->v[i].day != day))
        i++;
    if (i == c->n) {
        assert_true(c->n < 512);
        snprintf(c->v[i].group, sizeof c->v[i].group, "%s", group);
        c->v[c->n++].day = day;
    }
    c->v[i].count += b->count;
    c->v[i].scored += b->scored;
    c->v[i].neg += b->neg;
    return HERALD_OK;
}

static void volume_both(struct store *st, enum store_dim g, const char *lang)
{
    static struct cells a, b;
    bool used = false;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    struct search_query q = {.lang = lang, .since = T0 - 86400 * 2};
    assert_int_equal(store_series_volume(st, g, &q, collect, &a, &used), HERALD_OK);
    assert_true(used);
    q.since += 1; /* not on an hour: the scan */
    assert_int_equal(store_series_volume(st, g, &q, collect, &b, &used), HERALD_OK);
    assert_false(used);
    assert_int_equal(a.n, b.n);
    assert_true(a.n > 0);
    for (size_t i = 0; i < a.n; i++) {
        size_t j = 0;
        while (j < b.n && (strcmp(a.v[i].group, b.v[j].group) || a.v[i].day != b.v[j].day))
            j++;
        assert_true(j < b.n);
        assert_int_equal(a.v[i].count, b.v[j].count);
        assert_int_equal(a.v[i].scored, b.v[j].scored);
        assert_int_equal(a.v[i].neg, b.v[j].neg);
    }
}

static void test_volume_rollup_equals_scan(void **state)
{
    struct store *st = *state;
    volume_both(st, STORE_DIM_ALL, NULL);
    volume_both(st, STORE_DIM_TOPIC, NULL);
    volume_both(st, STORE_DIM_COUNTRY, NULL);
    volume_both(st, STORE_DIM_SOURCE, NULL);
    volume_both(st, STORE_DIM_LANG, "fr");
    volume_both(st, STORE_DIM_ALL, "fr");
}

static void test_story_series(void **state)
{
    struct store *st = *state;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(store_db(st), "INSERT INTO stories (id, title) VALUES (7, 's')", -1, &q,
                           NULL) != SQLITE_OK)
        skip(); /* no stories tables in this schema */
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    for (int i = 0; i < 3; i++) {
        char sql[200];
        snprintf(sql, sizeof sql,
                 "INSERT INTO article_stories VALUES (%lld, 7, 0, 0, 0, 0, 0, NULL)",
                 (long long)ids[i * 4]);
        assert_int_equal(sqlite3_exec(store_db(st), sql, NULL, NULL, NULL), SQLITE_OK);
    }
    struct signals_series r;
    assert_int_equal(
        store_series_read(st, &r, STORE_DIM_STORY, "7", SIGNALS_HOUR, OFF, T0, T0 + 10 * 86400),
        HERALD_OK);
    assert_int_equal(total(&r), 3);
    assert_int_equal(r.b[0].count, 1);
    signals_series_clear(&r);
}

static void test_bad_input(void **state)
{
    struct store *st = *state;
    struct signals_series r;
    struct search_query q = {0};
    assert_int_equal(store_series_read(st, &r, STORE_DIM_ALL, "", SIGNALS_DAY, OFF, T0, T0),
                     HERALD_EINVAL);
    assert_int_equal(store_series_read(st, &r, STORE_DIM_LANG, "", SIGNALS_DAY, OFF, T0, T0 + 1),
                     HERALD_EINVAL);
    assert_int_equal(store_series_read(st, &r, STORE_DIM_STORY, "x1", SIGNALS_DAY, OFF, T0, T0 + 1),
                     HERALD_EINVAL);
    assert_int_equal(store_series_read(st, &r, STORE_DIM_ALL, "", SIGNALS_HOUR, OFF, T0,
                                       T0 + 3600LL * (STORE_SERIES_MAX_BUCKETS + 1)),
                     HERALD_EINVAL);
    assert_int_equal(store_series_read(st, &r, STORE_DIM_ALL, "", 60, OFF, T0, T0 + 3600),
                     HERALD_EINVAL);
    assert_int_equal(store_series_query(st, &r, &q, SIGNALS_DAY, OFF, T0, T0 + 500 * 86400LL),
                     HERALD_EINVAL);
    q.q = "\"";
    q.q = "AND OR (";
    herald_rc rc = store_series_query(st, &r, &q, SIGNALS_DAY, OFF, T0, T0 + 86400);
    if (rc == HERALD_OK)
        signals_series_clear(&r);
    enum store_dim d;
    assert_int_equal(store_dim_parse(&d, "topic"), HERALD_OK);
    assert_int_equal(d, STORE_DIM_TOPIC);
    assert_int_equal(store_dim_parse(&d, "person"), HERALD_EINVAL);
    char key[64];
    struct search_query two = {.lang = "vi", .country = "vn"};
    assert_false(store_series_rollup_fits(&two, &d, key));
    struct search_query one = {.country = "vn"};
    assert_true(store_series_rollup_fits(&one, &d, key));
    assert_string_equal(key, "VN");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rollup_matches_scan),
        cmocka_unit_test(test_reanalysis_moves_counts),
        cmocka_unit_test(test_rebuild_same_rows),
        cmocka_unit_test(test_volume_rollup_equals_scan),
        cmocka_unit_test(test_story_series),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, testdb_teardown);
}
