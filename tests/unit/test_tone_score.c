/* Unit tests for lexicon tone: document and target tone in en, vi (with
 * and without diacritics), fr, zh and ru; negation, intensifiers,
 * contrast; empty and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tone/tone.h"

static struct tone_lexicon *lx;

static int setup(void **state)
{
    return tone_lexicon_load(NULL, &lx) == HERALD_OK ? 0 : -1;
}

static int teardown(void **state)
{
    tone_lexicon_free(lx);
    return 0;
}

static double doc(const char *text, const char *lang)
{
    struct tone_result r;
    assert_int_equal(tone_document(lx, text, strlen(text), lang, &r), HERALD_OK);
    assert_true(r.score >= -1 && r.score <= 1);
    return r.score;
}

/* Tone toward every occurrence of mention in text. */
static struct tone_result target(const char *text, const char *mention, const char *lang)
{
    struct tone_span spans[8];
    size_t n = 0, ml = strlen(mention);
    for (const char *p = text; n < 8 && (p = strstr(p, mention)); p += ml)
        spans[n++] = (struct tone_span){(size_t)(p - text), (size_t)(p - text) + ml};
    struct tone_result r;
    assert_int_equal(tone_target(lx, NULL, text, strlen(text), lang, spans, n, &r), HERALD_OK);
    return r;
}

static void test_english_negation_and_intensifiers(void **state)
{
    double good = doc("The economy is good.", "en");
    assert_true(good > 0.05);
    assert_true(doc("The economy is not good.", "en") < -0.05);
    assert_true(doc("The economy is very good.", "en") > good);
    assert_true(doc("The economy is slightly good.", "en") < good);
    assert_true(doc("The economy isn't good.", "en") < -0.05);
    assert_true(doc("The economy isn\xe2\x80\x99t good.", "en") < -0.05);
}

static void test_english_contrast(void **state)
{
    assert_true(doc("The talks were good but the outcome was terrible.", "en") < -0.05);
    assert_true(doc("The talks were terrible but the outcome was good.", "en") > 0.05);
}

static void test_vietnamese_with_and_without_diacritics(void **state)
{
    assert_true(doc("Kinh tế Việt Nam rất tốt.", "vi") > 0.05);
    assert_true(doc("Kinh tế Việt Nam không tốt.", "vi") < -0.05);
    assert_true(doc("Kinh te Viet Nam rat tot.", "vi") > 0.05);
    assert_true(doc("Kinh te Viet Nam khong tot.", "vi") < -0.05);
    /* "tế" (kinh tế, economy) is not "tệ" (bad), even folded. */
    assert_true(doc("Kinh tế Việt Nam.", "vi") == 0);
    assert_true(doc("Kinh te Viet Nam.", "vi") == 0);
    assert_true(doc("Tình hình rất tệ.", "vi") < -0.05);
    /* Longest match on syllables: "đánh giá cao" (appreciate). */
    assert_true(doc("Các nhà đầu tư đánh giá cao môi trường kinh doanh.", "vi") > 0.05);
    assert_true(doc("Dự án thành công nhưng vẫn còn tham nhũng nghiêm trọng.", "vi") < -0.05);
    assert_true(doc("Báo cáo thiếu minh bạch.", "vi") < -0.05);
}

static void test_french_russian_chinese(void **state)
{
    assert_true(doc("La situation est très bonne.", "fr") > 0.05);
    assert_true(doc("La situation n'est pas bonne.", "fr") < -0.05);
    assert_true(doc("Les ONG critiquent la répression.", "fr") < -0.05);
    assert_true(doc("Ситуация очень хорошая.", "ru") > 0.05);
    assert_true(doc("Ситуация не хорошая.", "ru") < -0.05);
    assert_true(doc("越南经济发展很好。", "zh") > 0.05);
    assert_true(doc("越南经济不好。", "zh") < -0.05);
    assert_true(doc("越南经济不错。", "zh") > 0.05);
}

static void test_language_picked_when_unknown(void **state)
{
    assert_true(doc("Kinh tế Việt Nam không tốt.", NULL) < -0.05);
    assert_true(doc("The economy is not good.", "und") < -0.05);
}

static void test_target_differs_from_document(void **state)
{
    const char *s = "Vietnam's economy is excellent, but Cambodia suffered a terrible crisis.";
    assert_true(doc(s, "en") < -0.05);
    struct tone_result vn = target(s, "Vietnam", "en"), kh = target(s, "Cambodia", "en");
    assert_int_equal(vn.label, TONE_POSITIVE);
    assert_int_equal(kh.label, TONE_NEGATIVE);
    assert_int_equal(vn.sentences, 1);
    const char *v = "Việt Nam đạt thành tựu xuất sắc, nhưng Lào gặp khủng hoảng nghiêm trọng.";
    assert_int_equal(target(v, "Việt Nam", "vi").label, TONE_POSITIVE);
    assert_int_equal(target(v, "Lào", "vi").label, TONE_NEGATIVE);
}

static void test_target_only_mention_sentences(void **state)
{
    const char *s = "Vietnam hosted the meeting. The weather was terrible.";
    struct tone_result r = target(s, "Vietnam", "en");
    assert_int_equal(r.label, TONE_NEUTRAL);
    assert_int_equal(r.sentences, 0);
    r = target(s, "absent", "en");
    assert_int_equal(r.label, TONE_NEUTRAL);
    assert_true(r.score == 0);
}

static void test_empty_and_malformed(void **state)
{
    struct tone_result r;
    assert_int_equal(tone_document(lx, "", 0, "en", &r), HERALD_OK);
    assert_true(r.score == 0);
    assert_int_equal(r.label, TONE_NEUTRAL);
    assert_int_equal(tone_document(lx, NULL, 0, NULL, &r), HERALD_OK);
    const char bad[] = "\xff\xfe good \xc3 \xe2\x80 very good\xed\xa0\x80!";
    assert_int_equal(tone_document(lx, bad, sizeof(bad) - 1, NULL, &r), HERALD_OK);
    assert_int_equal(r.label, TONE_POSITIVE);
    struct tone_span far = {1000, 2000}, rev = {5, 2};
    assert_int_equal(tone_target(lx, NULL, bad, sizeof(bad) - 1, "en", &far, 1, &r), HERALD_OK);
    assert_int_equal(r.label, TONE_NEUTRAL);
    assert_int_equal(tone_target(lx, NULL, bad, sizeof(bad) - 1, "en", &rev, 1, &r), HERALD_OK);
    assert_int_equal(tone_target(lx, NULL, "x", 1, "en", NULL, 0, &r), HERALD_OK);
    assert_int_equal(r.label, TONE_NEUTRAL);
    assert_string_equal(tone_label_name(TONE_NEGATIVE), "negative");
    assert_string_equal(tone_label_name(TONE_NEUTRAL), "neutral");
    assert_string_equal(tone_label_name(TONE_POSITIVE), "positive");
}

static void test_code_points_to_bytes(void **state)
{
    const char *s = "“Việt” ok";
    size_t len = strlen(s);
    assert_int_equal(tone_cp_to_byte(s, len, 0), 0);
    assert_int_equal(tone_cp_to_byte(s, len, 1), 3);
    assert_int_equal(tone_cp_to_byte(s, len, 5), 3 + 1 + 1 + 3 + 1);
    assert_int_equal(tone_cp_to_byte(s, len, 100), len);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_negation_and_intensifiers),
        cmocka_unit_test(test_english_contrast),
        cmocka_unit_test(test_vietnamese_with_and_without_diacritics),
        cmocka_unit_test(test_french_russian_chinese),
        cmocka_unit_test(test_language_picked_when_unknown),
        cmocka_unit_test(test_target_differs_from_document),
        cmocka_unit_test(test_target_only_mention_sentences),
        cmocka_unit_test(test_empty_and_malformed),
        cmocka_unit_test(test_code_points_to_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
