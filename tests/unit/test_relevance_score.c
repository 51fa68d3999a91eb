/* Unit tests for relevance_score(): hand-labelled articles in seven
 * languages (tests/fixtures/relevance/labelled.jsonl) must get their class;
 * thresholds are configurable; weak terms never score alone; empty and
 * malformed input get a clear answer. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "relevance/relevance.h"

static struct watchlist *vn;

static int setup(void **state)
{
    return watchlist_load(NULL, &vn) == HERALD_OK ? 0 : -1;
}

static int teardown(void **state)
{
    watchlist_free(vn);
    return 0;
}

static void test_labelled(void **state)
{
    json_error_t err;
    FILE *f = fopen(HERALD_FIXTURES "/relevance/labelled.jsonl", "r");
    char line[16384];
    int per_class[3] = {0}, wrong = 0;
    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        json_t *o = json_loads(line, 0, &err);
        assert_non_null(o);
        const char *title = json_string_value(json_object_get(o, "title"));
        const char *text = json_string_value(json_object_get(o, "text"));
        int want = relevance_class_parse(json_string_value(json_object_get(o, "label")));
        struct relevance_result r;
        assert_true(want >= 0);
        assert_int_equal(relevance_score(vn, NULL, title, text, &r), HERALD_OK);
        assert_true(r.score >= 0 && r.score <= 1);
        if ((int)r.cls != want) {
            print_error("%s: want %s got %s (%.3f)\n", title,
                        relevance_class_name((enum relevance_class)want),
                        relevance_class_name(r.cls), r.score);
            wrong++;
        }
        per_class[want]++;
        json_decref(o);
    }
    fclose(f);
    assert_int_equal(wrong, 0);
    for (int c = 0; c < 3; c++)
        assert_true(per_class[c] >= 5);
}

static void test_parts(void **state)
{
    struct relevance_result r;
    relevance_score(vn, NULL, "Vietnam votes",
                    "Vietnam votes today. Turnout was high. Polls closed at six.", &r);
    assert_int_equal(r.cls, RELEVANCE_ABOUT);
    assert_int_equal(r.title_hits, 1);
    assert_int_equal(r.lead_hits, 1);
    assert_int_equal(r.body_hits, 0);
    assert_int_equal(r.sentences, 3);
    assert_int_equal(r.sentences_hit, 1);
}

static void test_thresholds(void **state)
{
    struct relevance_params p;
    struct relevance_result r;
    relevance_params_default(&p);
    assert_true(p.about_min > p.mentions_min);
    relevance_score(vn, &p, "Hanoi hosts forum", "Hanoi hosted a forum. Vietnam spoke.", &r);
    assert_int_equal(r.cls, RELEVANCE_ABOUT);
    p.about_min = 1.01;
    relevance_score(vn, &p, "Hanoi hosts forum", "Hanoi hosted a forum. Vietnam spoke.", &r);
    assert_int_equal(r.cls, RELEVANCE_MENTIONS);
    p.mentions_min = 1.005;
    relevance_score(vn, &p, "Hanoi hosts forum", "Hanoi hosted a forum. Vietnam spoke.", &r);
    assert_int_equal(r.cls, RELEVANCE_NONE);
}

static void test_weak_alone(void **state)
{
    struct relevance_result r;
    /* East Sea, South China Sea, Huế and Bộ Ngoại giao are weak */
    relevance_score(vn, NULL, "East Sea and South China Sea",
                    "Ships crossed the South China Sea. A warm hue. Bộ Ngoại giao.", &r);
    assert_int_equal(r.cls, RELEVANCE_NONE);
    assert_true(r.score == 0);
    assert_int_equal(r.title_hits + r.lead_hits + r.body_hits, 0);
    /* with a strong term they count */
    relevance_score(vn, NULL, "East Sea", "Vietnam protested. The East Sea is calm.", &r);
    assert_int_equal(r.title_hits, 1);
    assert_int_equal(r.lead_hits, 2);
}

static void test_empty_and_malformed(void **state)
{
    struct relevance_result r;
    assert_int_equal(relevance_score(vn, NULL, NULL, NULL, &r), HERALD_OK);
    assert_int_equal(r.cls, RELEVANCE_NONE);
    assert_true(r.score == 0);
    assert_int_equal(r.sentences, 0);
    assert_int_equal(relevance_score(vn, NULL, "", "", &r), HERALD_OK);
    assert_int_equal(r.cls, RELEVANCE_NONE);
    assert_int_equal(
        relevance_score(vn, NULL, "\xff\xc3", "\xe8\xb6 Vi\xe1\xbb\x87t Nam \xff. \xc0", &r),
        HERALD_OK);
    assert_int_equal(r.cls, RELEVANCE_ABOUT);
    assert_int_equal(r.lead_hits, 1);
}

static void test_class_names(void **state)
{
    for (int c = 0; c < 3; c++)
        assert_int_equal(relevance_class_parse(relevance_class_name((enum relevance_class)c)), c);
    assert_int_equal(relevance_class_parse("About"), -1);
    assert_int_equal(relevance_class_parse(NULL), -1);
    assert_string_equal(relevance_class_name(RELEVANCE_ABOUT), "about");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labelled),
        cmocka_unit_test(test_parts),
        cmocka_unit_test(test_thresholds),
        cmocka_unit_test(test_weak_alone),
        cmocka_unit_test(test_empty_and_malformed),
        cmocka_unit_test(test_class_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
