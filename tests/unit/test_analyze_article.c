/* Unit tests for the analysis of one article as ingest runs it: language
 * (detected, else the declared tag), relevance class, topics and tone
 * toward the country, on short articles in several languages, plus empty
 * and malformed input and a bad configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze/analyze.h"

static int setup(void **state)
{
    struct analyzer_config c;
    analyzer_config_default(&c);
    struct analyzer *an = NULL;
    if (analyzer_new(&c, &an) != HERALD_OK) {
        fprintf(stderr, "analyzer_new: %s\n", herald_error_last());
        return -1;
    }
    *state = an;
    return 0;
}

static int teardown(void **state)
{
    analyzer_free(*state);
    return 0;
}

static void run(void **state, const char *title, const char *text, const char *declared,
                char lang[16], struct article_analysis *out)
{
    assert_int_equal(analyze_article(*state, title, text, declared, lang, out), HERALD_OK);
    assert_true(out->analyzed);
    assert_true(out->relevance >= 0 && out->relevance <= 1);
    assert_true(out->tone_doc >= -1 && out->tone_doc <= 1);
}

static bool has_topic(const struct article_analysis *a, const char *slug)
{
    size_t n = strlen(slug);
    for (const char *p = a->topics; (p = strstr(p, slug)); p += n)
        if ((p == a->topics || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

static void test_vietnamese_about_the_country(void **state)
{
    char lang[16];
    struct article_analysis a;
    run(state, "Việt Nam và Nhật Bản nâng cấp quan hệ đối tác chiến lược",
        "Thủ tướng Việt Nam hội đàm với Thủ tướng Nhật Bản tại Hà Nội. Hai bên ký các thỏa "
        "thuận về thương mại, đầu tư và ngoại giao. Bộ Ngoại giao Việt Nam đánh giá cao kết "
        "quả chuyến thăm, góp phần tăng cường hợp tác giữa hai nước.",
        NULL, lang, &a);
    assert_string_equal(lang, "vi");
    assert_true(a.lang_conf > 0.9);
    assert_int_equal(a.relevance_class, 2);
    assert_true(a.has_tone);
    assert_true(has_topic(&a, "diplomacy"));
}

static void test_vietnamese_without_diacritics(void **state)
{
    char lang[16];
    struct article_analysis a;
    run(state, "Viet Nam tang truong xuat khau",
        "Kim ngach xuat khau cua Viet Nam tang manh trong quy ba, theo Tong cuc Thong ke.", NULL,
        lang, &a);
    assert_string_equal(lang, "vi");
    assert_int_equal(a.relevance_class, 2);
}

static void test_unrelated_english(void **state)
{
    char lang[16];
    struct article_analysis a;
    run(state, "Norway's salmon tax divides coastal towns",
        "A year after the resource rent tax on salmon farming, coastal municipalities in "
        "Norway disagree about its effect on local jobs and investment.",
        "en-GB", lang, &a);
    assert_string_equal(lang, "en");
    assert_int_equal(a.relevance_class, 0);
    assert_false(a.has_tone); /* the country is not mentioned */
}

static void test_other_scripts(void **state)
{
    char lang[16];
    struct article_analysis a;
    run(state, "越南与中国举行外交磋商",
        "越南外交部发言人表示，双方同意加强合作，维护南海和平稳定。", NULL, lang, &a);
    assert_string_equal(lang, "zh");
    assert_true(a.relevance_class >= 1);
    run(state, "Вьетнам и Россия обсудили сотрудничество",
        "Министры иностранных дел Вьетнама и России провели переговоры в Ханое.", NULL, lang, &a);
    assert_string_equal(lang, "ru");
    assert_true(a.relevance_class >= 1);
    run(state, "เวียดนามและไทยลงนามความร่วมมือด้านการค้า",
        "รัฐมนตรีต่างประเทศของเวียดนามเดินทางเยือนกรุงเทพฯ เพื่อหารือด้านการค้าและการลงทุน", NULL, lang, &a);
    assert_string_equal(lang, "th");
    assert_true(a.relevance_class >= 1);
    run(state, "فيتنام ومصر تعززان التعاون الاقتصادي",
        "التقى وزير خارجية فيتنام بنظيره المصري في القاهرة لبحث التجارة والاستثمار.", NULL, lang,
        &a);
    assert_string_equal(lang, "ar");
    assert_true(a.relevance_class >= 1);
    run(state, "Le Vietnam et la France renforcent leur coopération",
        "Hanoï et Paris ont signé un accord sur l'énergie et l'éducation.", NULL, lang, &a);
    assert_string_equal(lang, "fr");
    assert_int_equal(a.relevance_class, 2);
}

static void test_declared_language_when_unsure(void **state)
{
    char lang[16];
    struct article_analysis a;
    run(state, "2026", "12 345 678 — 90 %", "pt-BR", lang, &a);
    assert_string_equal(lang, "pt");
    assert_true(a.lang_conf == 0);
    run(state, "2026", "12 345", "not a tag", lang, &a);
    assert_string_equal(lang, "");
}

static void test_empty_and_malformed(void **state)
{
    char lang[16];
    struct article_analysis a;
    run(state, NULL, NULL, NULL, lang, &a);
    assert_string_equal(lang, "");
    assert_int_equal(a.relevance_class, 0);
    assert_string_equal(a.topics, "");
    run(state, "", "", "", lang, &a);
    run(state, "Vi\xff\xfet Nam \xc3", "H\xe0 N\xe1\xbb\x99i \xf0\x9f", NULL, lang, &a);
}

static void test_long_text_is_capped(void **state)
{
    struct analyzer_config c;
    struct analyzer *an = NULL;
    analyzer_config_default(&c);
    c.max_text_bytes = 100;
    assert_int_equal(analyzer_new(&c, &an), HERALD_OK);
    static const char unit[] = "Việt Nam "; /* 11 bytes: the cap falls inside ệ */
    char *text = malloc(200001);
    for (size_t i = 0; i < 200000; i++)
        text[i] = unit[i % (sizeof unit - 1)];
    text[200000] = '\0';
    char lang[16];
    struct article_analysis a;
    assert_int_equal(analyze_article(an, "Việt Nam", text, NULL, lang, &a), HERALD_OK);
    assert_int_equal(a.relevance_class, 2);
    free(text);
    analyzer_free(an);
    (void)state;
}

static void test_bad_configuration(void **state)
{
    struct analyzer_config c;
    struct analyzer *an = NULL;
    analyzer_config_default(&c);
    c.watchlist = "/nonexistent/watchlist.tsv";
    assert_int_not_equal(analyzer_new(&c, &an), HERALD_OK);
    assert_null(an);
    assert_non_null(strstr(herald_error_last(), "/nonexistent/watchlist.tsv"));
    analyzer_config_default(&c);
    c.topics_model = "/nonexistent/model";
    assert_int_not_equal(analyzer_new(&c, &an), HERALD_OK);
    assert_null(an);
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vietnamese_about_the_country),
        cmocka_unit_test(test_vietnamese_without_diacritics),
        cmocka_unit_test(test_unrelated_english),
        cmocka_unit_test(test_other_scripts),
        cmocka_unit_test(test_declared_language_when_unsure),
        cmocka_unit_test(test_empty_and_malformed),
        cmocka_unit_test(test_long_text_is_capped),
        cmocka_unit_test(test_bad_configuration),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
