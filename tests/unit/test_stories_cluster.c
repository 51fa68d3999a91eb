/* Unit tests for the online story clusterer: translations of one event
 * join one story while another event starts its own; a wire copy joins
 * its original as a near-duplicate; stories leave memory after the
 * window and a story that never goes quiet keeps only the window's
 * articles; the summary counts outlets, languages and tone; bad config is
 * refused; empty and invalid UTF-8 text get a story of their own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stories/stories.h"

#define T0 1725760000 /* 2024-09-08 */

static const char en[] =
    "Typhoon Yagi, the strongest storm to hit Vietnam in decades, has killed at least 59 people "
    "in the north of the country. The storm made landfall in Quang Ninh and Hai Phong with winds "
    "of 149 km/h, and more than 3 million homes lost power.";
static const char fr[] =
    "Le typhon Yagi, le plus puissant à frapper le Vietnam depuis des décennies, a fait au moins "
    "59 morts dans le nord du pays. La tempête a touché terre à Quang Ninh et Hai Phong avec des "
    "vents de 149 km/h.";
static const char vi[] =
    "Bão Yagi, cơn bão mạnh nhất đổ bộ vào Việt Nam trong nhiều thập kỷ, đã làm ít nhất 59 người "
    "chết tại các tỉnh miền Bắc. Bão đổ bộ vào Quảng Ninh và Hải Phòng với sức gió 149 km/h.";
static const char other[] =
    "The Philippines declared a dengue outbreak in Manila and Quezon City after cases passed "
    "120,000 this year, the Department of Health said, with 312 deaths.";

static struct story_assign add(struct stories *s, int64_t id, const char *title, const char *text,
                               const char *lang, const char *outlet, int64_t at, int tone)
{
    struct story_article a = {.id = id,
                              .title = title,
                              .text = text,
                              .lang = lang,
                              .outlet = outlet,
                              .country = "VN",
                              .published = at,
                              .has_tone = true,
                              .tone_label = tone};
    struct story_assign as;
    assert_int_equal(stories_add(s, &a, &as), HERALD_OK);
    return as;
}

static void test_translations_join(void **state)
{
    (void)state;
    struct stories *s = NULL;
    assert_int_equal(stories_new(NULL, 1, &s), HERALD_OK);
    struct story_assign a = add(s, 1, "Typhoon Yagi kills 59", en, "en", "Reuters", T0, -1);
    struct story_assign b = add(s, 2, "Le typhon Yagi fait 59 morts", fr, "fr", "AFP", T0 + 60, -1);
    struct story_assign c =
        add(s, 3, "Bão Yagi làm 59 người chết", vi, "vi", "VnExpress", T0 + 120, 0);
    struct story_assign d = add(s, 4, "Dengue outbreak", other, "en", "Reuters", T0 + 180, 0);
    assert_true(a.is_new);
    assert_int_equal(b.story, a.story);
    assert_int_equal(c.story, a.story);
    assert_true(d.is_new);
    assert_true(d.story != a.story);

    struct story_summary sum;
    assert_int_equal(stories_summary(s, a.story, &sum), HERALD_OK);
    assert_int_equal(sum.articles, 3);
    assert_int_equal(sum.first_seen, T0);
    assert_int_equal(sum.last_seen, T0 + 120);
    assert_int_equal(sum.tone_neg, 2);
    assert_int_equal(sum.tone_neu, 1);
    assert_int_equal(sum.n_outlets, 3);
    assert_non_null(strstr(sum.langs, "en"));
    assert_non_null(strstr(sum.langs, "vi"));
    assert_non_null(strstr(sum.outlets, "VnExpress"));
    assert_string_equal(sum.countries, "VN");
    assert_true(sum.title[0] != 0);
    story_summary_clear(&sum);
    assert_int_equal(stories_live_count(s), 2);
    assert_int_equal(stories_live_articles(s), 4);
    stories_free(s);
}

/* Names agree across scripts: Latin, Cyrillic transliterated, katakana
 * romanised ("Trump", "Трамп", "トランプ"). */
static void test_names_across_scripts(void **state)
{
    (void)state;
    struct stories *s = NULL;
    assert_int_equal(stories_new(NULL, 1, &s), HERALD_OK);
    struct story_assign a =
        add(s, 1, NULL, "Donald Trump and Hillary Clinton debated", "en", "A", T0, 0);
    struct story_assign b = add(s, 2, NULL, "Дональд Трамп и Хиллари Клинтон", "ru", "B", T0, 0);
    struct story_assign c = add(s, 3, NULL, "トランプ氏とクリントン氏", "ja", "C", T0, 0);
    struct story_assign d = add(s, 4, NULL, "Angela Merkel visited Warsaw", "en", "A", T0, 0);
    assert_int_equal(b.story, a.story);
    assert_int_equal(c.story, a.story);
    assert_true(d.story != a.story);
    stories_free(s);
}

static void test_wire_copy_is_duplicate(void **state)
{
    (void)state;
    struct stories *s = NULL;
    assert_int_equal(stories_new(NULL, 10, &s), HERALD_OK);
    struct story_assign a = add(s, 1, "Typhoon Yagi kills 59", en, "en", "Reuters", T0, 0);
    assert_int_equal(a.story, 10);
    char copy[sizeof en + 64];
    snprintf(copy, sizeof copy, "HANOI (AP) - %s", en);
    struct story_assign b = add(s, 2, "Yagi: 59 dead", copy, "en", "Daily", T0 + 10, 0);
    assert_int_equal(b.story, 10);
    assert_int_equal(b.dup_of, 1);
    stories_free(s);
}

static void test_window(void **state)
{
    (void)state;
    struct stories_config c;
    stories_config_default(&c);
    c.window_hours = 24;
    struct stories *s = NULL;
    assert_int_equal(stories_new(&c, 1, &s), HERALD_OK);
    struct story_assign a = add(s, 1, "Typhoon Yagi kills 59", en, "en", "R", T0, 0);
    /* five days later: the story has left the window and memory */
    struct story_assign b =
        add(s, 2, "Le typhon Yagi fait 59 morts", fr, "fr", "A", T0 + 5 * 86400, 0);
    assert_true(b.is_new);
    assert_true(b.story != a.story);
    struct story_summary sum;
    assert_int_equal(stories_summary(s, a.story, &sum), HERALD_ENOTFOUND);
    assert_int_equal(stories_live_count(s), 1);
    assert_int_equal(stories_live_articles(s), 1);
    /* an article older than the window starts its own story */
    struct story_assign old = add(s, 3, "Typhoon Yagi kills 59", en, "en", "R", T0, 0);
    assert_true(old.is_new);
    stories_free(s);
}

/* A story that never goes quiet keeps only the window's articles in
 * memory, while its summary still counts all of them. */
static void test_long_story_bounded(void **state)
{
    (void)state;
    struct stories_config c;
    stories_config_default(&c);
    c.window_hours = 24;
    struct stories *s = NULL;
    assert_int_equal(stories_new(&c, 1, &s), HERALD_OK);
    story_id first = 0;
    for (int i = 0; i < 40; i++) {
        const char *text = i % 2 ? fr : en;
        struct story_assign a =
            add(s, i + 1, "Yagi", text, i % 2 ? "fr" : "en", "R", T0 + (int64_t)i * 6 * 3600, 0);
        if (!i)
            first = a.story;
        assert_int_equal(a.story, first);
    }
    assert_true(stories_live_articles(s) <= 6);
    struct story_summary sum;
    assert_int_equal(stories_summary(s, first, &sum), HERALD_OK);
    assert_int_equal(sum.articles, 40);
    assert_int_equal(sum.first_seen, T0);
    story_summary_clear(&sum);
    stories_free(s);
}

static void test_bad_config(void **state)
{
    (void)state;
    struct stories_config c;
    struct stories *s = NULL;
    stories_config_default(&c);
    c.threshold = 0;
    assert_int_equal(stories_new(&c, 1, &s), HERALD_EINVAL);
    assert_null(s);
    stories_config_default(&c);
    c.window_hours = -1;
    assert_int_equal(stories_new(&c, 1, &s), HERALD_EINVAL);
    c.window_hours = 0.0 / 0.0;
    assert_int_equal(stories_new(&c, 1, &s), HERALD_EINVAL);
}

static void test_empty_and_invalid(void **state)
{
    (void)state;
    struct stories *s = NULL;
    assert_int_equal(stories_new(NULL, 1, &s), HERALD_OK);
    struct story_assign a = add(s, 1, NULL, NULL, NULL, NULL, 0, 0);
    struct story_assign b = add(s, 2, "", "", "", "", 0, 0);
    struct story_assign c =
        add(s, 3, "\xff\xfe", "\xc3\x28 \xe2\x82\xa1\xed\xa0\x80 1,000 x", "zz", NULL, T0, 0);
    assert_true(a.is_new && b.is_new);
    assert_true(a.story != b.story);
    assert_true(c.story > 0);
    stories_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translations_join),      cmocka_unit_test(test_names_across_scripts),
        cmocka_unit_test(test_wire_copy_is_duplicate), cmocka_unit_test(test_window),
        cmocka_unit_test(test_long_story_bounded),     cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_empty_and_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
