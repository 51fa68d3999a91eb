/* Unit tests for stories in the store (schema v9): clustering stored
 * articles records their story, fingerprint and band keys; stories are
 * listed by importance and since a time; a story's articles; the band
 * index finds near-duplicate candidates; a new clusterer rebuilt from the
 * store continues the same stories and story ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/store_article.h"
#include "stories/stories.h"
#include "store_testdb.h"

#define T0 1725760000

static const char *const texts[] = {
    "Typhoon Yagi, the strongest storm to hit Vietnam in decades, killed at least 59 people in "
    "Quang Ninh and Hai Phong, with winds of 149 km/h; 3 million homes lost power.",
    "Le typhon Yagi a fait au moins 59 morts au Vietnam, à Quang Ninh et Hai Phong, avec des "
    "vents de 149 km/h.",
    "The Philippines declared a dengue outbreak in Manila and Quezon City after 120,000 cases and "
    "312 deaths.",
    "Bão Yagi làm ít nhất 59 người chết tại Quảng Ninh và Hải Phòng, sức gió 149 km/h.",
};
static const char *const langs[] = {"en", "fr", "en", "vi"};

/* Stores article i (at a URL of prefix and i, kept in url) into *row;
 * returns its id. */
static int64_t store_text(struct store *st, struct article_row *row, char url[64],
                          const char *prefix, int i)
{
    snprintf(url, 64, "https://example.org/%s%d", prefix, i);
    *row = (struct article_row){.url = url,
                                .title = (char *)"t",
                                .text = (char *)texts[i],
                                .lang = (char *)langs[i],
                                .published = T0 + i * 600};
    int64_t id = 0;
    assert_int_equal(store_article_add(st, row, &id), HERALD_OK);
    return id;
}

/* Stores article i and clusters it with s. */
static struct story_assign put(struct store *st, struct stories *s, int i)
{
    char url[64];
    struct article_row row;
    int64_t id = store_text(st, &row, url, "", i);
    struct story_article a = {.id = id,
                              .title = "t",
                              .text = texts[i],
                              .lang = langs[i],
                              .outlet = i % 2 ? "AFP" : "Reuters",
                              .country = "VN",
                              .published = row.published,
                              .has_tone = true,
                              .tone_label = -1};
    struct story_assign as;
    assert_int_equal(stories_ingest(s, st, &a, &as), HERALD_OK);
    return as;
}

static void test_ingest_list_reload(void **state)
{
    struct store *st = *state;
    struct stories *s = NULL;
    assert_int_equal(stories_load_window(st, NULL, 0, &s), HERALD_OK);
    struct story_assign a = put(st, s, 0), b = put(st, s, 1), c = put(st, s, 2);
    assert_int_equal(b.story, a.story);
    assert_true(c.story != a.story);
    stories_free(s);

    struct story_summary *v = NULL;
    size_t n = 0;
    assert_int_equal(store_story_list_since(st, 0, 0, &v, &n), HERALD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, a.story); /* two articles, two outlets: first */
    assert_int_equal(v[0].articles, 2);
    assert_int_equal(v[0].tone_neg, 2);
    assert_string_equal(v[0].langs, "en,fr");
    assert_true(v[0].importance > v[1].importance);
    story_summary_free_array(v, n);
    assert_int_equal(store_story_list_since(st, 4102444800LL, 0, &v, &n), HERALD_OK);
    assert_int_equal(n, 0);
    story_summary_free_array(v, n);

    int64_t *ids = NULL;
    assert_int_equal(store_story_articles(st, a.story, &ids, &n), HERALD_OK);
    assert_int_equal(n, 2);
    free(ids);
    assert_int_equal(store_story_band_candidates(st, a.fp, &ids, &n), HERALD_OK);
    assert_true(n >= 1);
    free(ids);
    struct story_summary one;
    assert_int_equal(store_story_get(st, 999, &one), HERALD_ENOTFOUND);
    assert_int_equal(store_story_get(st, c.story, &one), HERALD_OK);
    assert_int_equal(one.articles, 1);
    story_summary_clear(&one);

    /* a new process: the window comes back from the store */
    assert_int_equal(stories_load_window(st, NULL, 0, &s), HERALD_OK);
    assert_int_equal(stories_live_count(s), 2);
    assert_int_equal(stories_live_articles(s), 3);
    struct story_assign d = put(st, s, 3);
    assert_int_equal(d.story, a.story);
    int64_t max = 0;
    assert_int_equal(store_story_max_id(st, &max), HERALD_OK);
    assert_int_equal(max, c.story);
    stories_free(s);
    assert_int_equal(store_story_get(st, a.story, &one), HERALD_OK);
    assert_int_equal(one.articles, 3);
    story_summary_clear(&one);
}

/* Stores article i and clusters it with the process's clusterer. */
static struct story_assign put_process(struct store *st, int i)
{
    char url[64];
    struct article_row row;
    int64_t id = store_text(st, &row, url, "p", i);
    struct story_assign as;
    assert_int_equal(stories_ingest_row(st, &row, id, "AFP", "VN", &as), HERALD_OK);
    return as;
}

/* An article clustered in a transaction that rolls back leaves no trace:
 * the next similar article starts a story of its own, counted once. The
 * process's window and threshold come from stories_set_process_config(). */
static void test_process_rollback_and_config(void **state)
{
    struct store *st = *state;
    stories_process_reset();
    assert_int_equal(store_begin(st), HERALD_OK);
    struct story_assign ghost = put_process(st, 0);
    assert_int_equal(store_rollback(st), HERALD_OK);
    assert_int_equal(store_begin(st), HERALD_OK);
    struct story_assign b = put_process(st, 1);
    assert_int_equal(store_commit(st), HERALD_OK);
    struct story_summary one;
    assert_int_equal(store_story_get(st, b.story, &one), HERALD_OK);
    assert_int_equal(one.articles, 1); /* not 2 with the rolled-back one */
    assert_string_equal(one.langs, "fr");
    story_summary_clear(&one);
    (void)ghost;

    struct stories_config c;
    stories_config_default(&c);
    c.threshold = 0;
    assert_int_equal(stories_set_process_config(&c), HERALD_EINVAL);
    c.threshold = 1; /* only identical features join */
    assert_int_equal(stories_set_process_config(&c), HERALD_OK);
    struct story_assign v = put_process(st, 3);
    assert_true(v.story != b.story);
    stories_config_default(&c);
    assert_int_equal(stories_set_process_config(&c), HERALD_OK);
    struct story_assign e = put_process(st, 0);
    assert_int_equal(e.story, b.story);
    stories_process_reset();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ingest_list_reload, testdb_setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_process_rollback_and_config, testdb_setup,
                                        testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
