/* Unit tests for relevance by language (relevance_score_lang(),
 * watchlist_find_lang()): a term counts with its own weight in its language,
 * as weak (half, never strong) in another language of the same script, and
 * fully in a script the language does not use; an unknown language scores
 * exactly as relevance_score(); the labelled fixtures keep their classes. */
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
    (void)state;
    return watchlist_load(NULL, &vn) == HERALD_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    watchlist_free(vn);
    return 0;
}

static enum relevance_class cls(const char *title, const char *text, const char *lang)
{
    struct relevance_result r;
    assert_int_equal(relevance_score_lang(vn, NULL, title, text, lang, &r), HERALD_OK);
    return r.cls;
}

/* The only match of text in lang: its weight and foreign flag. */
static float one_match(const struct watchlist *wl, const char *text, const char *lang,
                       bool *foreign)
{
    struct watch_match *m = NULL;
    size_t n = 0;
    assert_int_equal(watchlist_find_lang(wl, text, strlen(text), lang, &m, &n), HERALD_OK);
    assert_int_equal(n, 1);
    float w = m[0].weight;
    *foreign = m[0].foreign;
    free(m);
    return w;
}

static void test_same_text_vi_and_fr(void **state)
{
    (void)state;
    const char *title = "Lũ quét ở Sơn La";
    const char *text = "Mưa lớn gây lũ quét ở Sơn La. Nhiều nhà bị cuốn trôi.";
    assert_int_equal(cls(title, text, "vi"), RELEVANCE_ABOUT);
    assert_int_equal(cls(title, text, "fr"), RELEVANCE_NONE);
    assert_int_equal(cls(title, text, "es"), RELEVANCE_NONE);
    assert_int_equal(cls(title, text, NULL), RELEVANCE_NONE); /* as before: weak */
    /* Huế: the city in Vietnamese, a colour in English */
    assert_int_equal(cls("Lũ lụt ở Huế", "Nước dâng cao ở Huế.", "vi"), RELEVANCE_ABOUT);
    assert_int_equal(cls("Colours", "A warm hue for the season.", "en"), RELEVANCE_NONE);
    assert_int_equal(cls("Colours", "A warm hue for the season.", NULL), RELEVANCE_NONE);
    bool foreign;
    assert_true(one_match(vn, "Sơn La", "vi", &foreign) > 0.55f);
    assert_false(foreign);
    assert_true(one_match(vn, "son la", "es", &foreign) < 0.35f);
    assert_true(foreign);
}

static void test_foreign_never_strong(void **state)
{
    (void)state;
    bool foreign;
    /* "Vietnamese" is an English (German, Dutch) word, not a Vietnamese one */
    assert_true(one_match(vn, "Vietnamese", "en", &foreign) == 1.0f);
    assert_false(foreign);
    assert_true(one_match(vn, "Vietnamese", "vi", &foreign) == 0.5f);
    assert_true(foreign);
    assert_int_equal(cls("Vietnamese", "Vietnamese.", "en"), RELEVANCE_ABOUT);
    assert_int_equal(cls("Vietnamese", "Vietnamese.", "vi"), RELEVANCE_NONE);
    /* next to a strong term of the article's language, it counts (weakly) */
    struct relevance_result alone, with;
    relevance_score_lang(vn, NULL, "Việt Nam", "Việt Nam.", "vi", &alone);
    relevance_score_lang(vn, NULL, "Việt Nam", "Việt Nam. Vietnamese.", "vi", &with);
    assert_int_equal(with.lead_hits, 2);
    assert_true(with.score >= alone.score);
}

static void test_scripts(void **state)
{
    (void)state;
    bool foreign;
    /* another script than the language's: no confusion, its own weight */
    assert_true(one_match(vn, "越南", "en", &foreign) == 1.0f);
    assert_false(foreign);
    assert_int_equal(cls("", "Officials wrote 越南 on the banner.", "en"), RELEVANCE_ABOUT);
    /* 河内: Hanoi in Chinese, Kawachi in Japanese (which also writes Han) */
    assert_true(one_match(vn, "河内", "zh", &foreign) == 0.8f);
    assert_false(foreign);
    assert_true(one_match(vn, "河内", "ja", &foreign) == 0.4f);
    assert_true(foreign);
    assert_true(one_match(vn, "河内", NULL, &foreign) == 0.4f);
    assert_false(foreign);
    assert_int_equal(cls("", "河内长野市の祭り。", "ja"), RELEVANCE_NONE);
    assert_int_equal(cls("", "河内举行国际会议。", "zh"), RELEVANCE_ABOUT);
}

static void test_language_codes(void **state)
{
    (void)state;
    bool foreign;
    const char *as_vi[] = {"vi", "VI", "vi-VN", "vi_VN"};
    for (size_t i = 0; i < 4; i++) {
        assert_true(one_match(vn, "Sơn La", as_vi[i], &foreign) > 0.55f);
        assert_false(foreign);
    }
    /* unknown: NULL, "", und, a language the list has no terms for, junk */
    const char *unknown[] = {NULL, "", "und", "sw", "\xff\xfe", "-", "verylonglanguage"};
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        assert_true(one_match(vn, "Sơn La", unknown[i], &foreign) == 0.3f);
        assert_false(foreign);
        assert_true(one_match(vn, "Vietnam", unknown[i], &foreign) == 1.0f);
    }
}

static void test_unknown_is_relevance_score(void **state)
{
    (void)state;
    FILE *f = fopen(HERALD_FIXTURES "/relevance/labelled.jsonl", "r");
    char line[16384];
    int wrong = 0, n = 0;
    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        json_t *o = json_loads(line, 0, NULL);
        assert_non_null(o);
        const char *title = json_string_value(json_object_get(o, "title"));
        const char *text = json_string_value(json_object_get(o, "text"));
        const char *lang = json_string_value(json_object_get(o, "lang"));
        int want = relevance_class_parse(json_string_value(json_object_get(o, "label")));
        struct relevance_result a, b, c;
        relevance_score(vn, NULL, title, text, &a);
        relevance_score_lang(vn, NULL, title, text, "", &b);
        relevance_score_lang(vn, NULL, title, text, lang, &c);
        assert_true(a.score == b.score && a.cls == b.cls && a.lead_hits == b.lead_hits);
        assert_non_null(lang);
        if ((int)c.cls != want) {
            print_error("%s (%s): want %s got %s (%.3f)\n", title, lang,
                        relevance_class_name((enum relevance_class)want),
                        relevance_class_name(c.cls), c.score);
            wrong++;
        }
        n++;
        json_decref(o);
    }
    fclose(f);
    assert_true(n >= 30);
    assert_int_equal(wrong, 0);
}

static void test_und_lines(void **state)
{
    (void)state;
    static const char tsv[] = "@country\tXX\n"
                              "xx\tcountry\t0.8\tFoo\n"
                              "und\tcountry\t0.3\tFoo\n"
                              "yy\tcountry\t1\tBar\n"
                              "yy\tcountry\t0.4\tBar\n"
                              "zz\tcountry\t1\tБаз\n";
    struct watchlist *wl = NULL;
    bool foreign;
    assert_int_equal(watchlist_parse(tsv, sizeof(tsv) - 1, &wl), HERALD_OK);
    assert_true(one_match(wl, "foo", "xx", &foreign) == 0.8f);
    assert_true(one_match(wl, "foo", NULL, &foreign) == 0.3f);
    assert_true(one_match(wl, "foo", "yy", &foreign) == 0.4f); /* half of 0.8 */
    assert_true(foreign);
    assert_true(one_match(wl, "bar", "yy", &foreign) == 1.0f); /* a repeat keeps the higher */
    assert_true(one_match(wl, "bar", "zz", &foreign) == 1.0f); /* zz writes Cyrillic only */
    assert_false(foreign);
    assert_true(one_match(wl, "баз", "xx", &foreign) == 1.0f);
    assert_false(foreign);
    watchlist_free(wl);
}

static void test_empty_and_malformed(void **state)
{
    (void)state;
    struct relevance_result r;
    assert_int_equal(relevance_score_lang(vn, NULL, NULL, NULL, "vi", &r), HERALD_OK);
    assert_int_equal(r.cls, RELEVANCE_NONE);
    assert_int_equal(relevance_score_lang(vn, NULL, "\xff", "Vi\xe1\xbb\x87t Nam \xc3", "vi", &r),
                     HERALD_OK);
    assert_int_equal(r.cls, RELEVANCE_ABOUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_text_vi_and_fr),
        cmocka_unit_test(test_foreign_never_strong),
        cmocka_unit_test(test_scripts),
        cmocka_unit_test(test_language_codes),
        cmocka_unit_test(test_unknown_is_relevance_score),
        cmocka_unit_test(test_und_lines),
        cmocka_unit_test(test_empty_and_malformed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
