/* Unit tests for the stored analysis of articles: the columns round-trip,
 * an unanalysed article reads back as such, re-analysis updates the
 * search facets, and search and export filter by relevance class, tone
 * toward the country and topic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "store/store_article.h"
#include "store/store_search.h"
#include "store_testdb.h"

static int64_t ids[4];

static void add(struct store *s, int i, const char *title, const struct article_analysis *an)
{
    char url[64];
    snprintf(url, sizeof url, "https://news.example/%d", i);
    struct article_row a = {.url = url,
                            .lang = "en",
                            .title = (char *)title,
                            .text = "Hanoi officials spoke about trade and the sea.",
                            .published = 1700000000 + i};
    if (an)
        a.an = *an;
    a.fingerprint = (uint64_t)i + 1;
    assert_int_equal(store_article_add(s, &a, &ids[i]), HERALD_OK);
}

static int setup(void **state)
{
    if (testdb_setup(state))
        return -1;
    struct store *s = *state;
    struct article_analysis about = {.analyzed = true,
                                     .lang_conf = 0.97,
                                     .relevance = 0.9,
                                     .relevance_class = 2,
                                     .topics = "economy,diplomacy",
                                     .has_tone = true,
                                     .tone = -0.5,
                                     .tone_label = -1,
                                     .tone_doc = 0.1,
                                     .tone_doc_label = 0};
    struct article_analysis mentions = {.analyzed = true,
                                        .relevance = 0.3,
                                        .relevance_class = 1,
                                        .topics = "sovereignty",
                                        .has_tone = true,
                                        .tone = 0.6,
                                        .tone_label = 1};
    struct article_analysis none = {.analyzed = true, .relevance_class = 0, .topics = ""};
    add(s, 0, "Vietnam trade talks stall", &about);
    add(s, 1, "Sea patrols near the Spratlys", &mentions);
    add(s, 2, "Unrelated sports result", &none);
    add(s, 3, "Old article stored before analysis", NULL);
    return 0;
}

static void test_round_trip(void **state)
{
    struct article_row *a = NULL;
    assert_int_equal(store_article_get(*state, ids[0], &a), HERALD_OK);
    assert_true(a->an.analyzed);
    assert_int_equal(a->an.relevance_class, 2);
    assert_string_equal(a->an.topics, "economy,diplomacy");
    assert_true(a->an.has_tone);
    assert_int_equal(a->an.tone_label, -1);
    assert_true(a->an.tone < -0.49 && a->an.tone > -0.51);
    assert_true(a->an.lang_conf > 0.96);
    article_row_free(a);
    assert_int_equal(store_article_get(*state, ids[2], &a), HERALD_OK);
    assert_true(a->an.analyzed);
    assert_false(a->an.has_tone);
    article_row_free(a);
    assert_int_equal(store_article_get(*state, ids[3], &a), HERALD_OK);
    assert_false(a->an.analyzed);
    article_row_free(a);
}

/* Returns the number of hits of q; the first hit's id goes to *first. */
static size_t count(struct store *s, struct search_query *q, int64_t *first)
{
    struct search_hit *h = NULL;
    size_t n = 0;
    if (store_search(s, q, &h, &n))
        fail_msg("search: %s", herald_error_last());
    if (n && first)
        *first = h[0].id;
    search_hits_free(h, n);
    return n;
}

static void test_filters(void **state)
{
    struct store *s = *state;
    int64_t id = 0;
    struct search_query q = {.q = "hanoi"};
    assert_int_equal(count(s, &q, NULL), 4);
    q.relevance = 1u << 2;
    assert_int_equal(count(s, &q, &id), 1);
    assert_int_equal(id, ids[0]);
    q.relevance = (1u << 1) | (1u << 2);
    assert_int_equal(count(s, &q, NULL), 2);
    q.relevance = 0;
    q.tone = 1u << 2; /* positive */
    assert_int_equal(count(s, &q, &id), 1);
    assert_int_equal(id, ids[1]);
    q.tone = 0;
    q.topic = "diplomacy";
    assert_int_equal(count(s, &q, &id), 1);
    assert_int_equal(id, ids[0]);
    q.topic = "sovereignty";
    q.relevance = 1u << 2;
    assert_int_equal(count(s, &q, NULL), 0);
}

/* The same filters on the row-by-row path (a language that is not a facet
 * word) and in the export walk. */
static herald_rc collect(void *ctx, const struct article_row *a)
{
    (void)a;
    ++*(int *)ctx;
    return HERALD_OK;
}

static void test_filters_without_facets(void **state)
{
    struct store *s = *state;
    struct search_query q = {.q = "hanoi", .lang = "en_x", .relevance = 1u << 2};
    assert_int_equal(count(s, &q, NULL), 0); /* no article has lang en_x */
    int n = 0;
    q = (struct search_query){.tone = (1u << 0) | (1u << 2)};
    assert_int_equal(store_search_each(s, &q, collect, &n), HERALD_OK);
    assert_int_equal(n, 2);
    n = 0;
    q = (struct search_query){.topic = "economy"};
    assert_int_equal(store_search_each(s, &q, collect, &n), HERALD_OK);
    assert_int_equal(n, 1);
    n = 0;
    q = (struct search_query){.topic = "econ"}; /* whole slugs only */
    assert_int_equal(store_search_each(s, &q, collect, &n), HERALD_OK);
    assert_int_equal(n, 0);
}

static void test_reanalysis_updates_facets(void **state)
{
    struct store *s = *state;
    struct article_analysis an = {.analyzed = true,
                                  .relevance = 0.8,
                                  .relevance_class = 2,
                                  .topics = "culture",
                                  .has_tone = true,
                                  .tone_label = 0};
    int64_t id = 0;
    assert_int_equal(store_article_set_analysis(s, ids[3], "vi", &an), HERALD_OK);
    struct search_query q = {.q = "hanoi", .topic = "culture", .lang = "vi"};
    assert_int_equal(count(s, &q, &id), 1);
    assert_int_equal(id, ids[3]);
    assert_int_equal(store_article_set_analysis(s, 9999, NULL, &an), HERALD_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_filters_without_facets, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_reanalysis_updates_facets, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
