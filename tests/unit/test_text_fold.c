/* Unit tests for search folding: NFKC + case folding, diacritic folding
 * that keeps Thai and other non-diacritic marks, invalid input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/fold.h"

static void expect_fold(const char *in, const char *exact, const char *loose)
{
    char *e = fold_exact(in, strlen(in));
    char *l = fold_loose(in, strlen(in));
    assert_string_equal(e, exact);
    assert_string_equal(l, loose);
    free(e);
    free(l);
}

static void test_vietnamese(void **state)
{
    expect_fold("Thông tin đối ngoại", "thông tin đối ngoại", "thong tin doi ngoai");
    expect_fold("ĐẢNG CỘNG SẢN VIỆT NAM", "đảng cộng sản việt nam", "dang cong san viet nam");
    expect_fold("Ơn Ưu", "ơn ưu", "on uu");
    /* decomposed input composes to the same exact form */
    expect_fold("Vie\xcc\xa3\xcc\x82t", "việt", "viet");
}

static void test_other_latin_and_compat(void **state)
{
    expect_fold("Straße", "strasse", "strasse");
    expect_fold("Ørsted Łódź Æsir", "ørsted łódź æsir", "orsted lodz aesir");
    expect_fold("ＡＢＣ１２ ﬁ ①", "abc12 fi 1", "abc12 fi 1");
    expect_fold("Crème Brûlée", "crème brûlée", "creme brulee");
    expect_fold("plain ascii 42", "plain ascii 42", "plain ascii 42");
}

static void test_other_scripts(void **state)
{
    /* Thai vowel and tone marks are not diacritics here: kept */
    expect_fold("ข้อมูลข่าวสาร", "ข้อมูลข่าวสาร", "ข้อมูลข่าวสาร");
    expect_fold("МОСКВА Ёлка", "москва ёлка", "москва елка");
    expect_fold("外交部", "外交部", "外交部");
    expect_fold("Ἀθῆναι", "ἀθῆναι", "αθηναι");
    expect_fold("مرحبا", "مرحبا", "مرحبا");
    expect_fold("한국어", "한국어", "한국어");
}

static void test_bad_input(void **state)
{
    expect_fold("", "", "");
    expect_fold("a\xff"
                "b",
                "a\xef\xbf\xbd"
                "b",
                "a\xef\xbf\xbd"
                "b");
    char *t = fold_loose("Vi\xe1\xbb", 4); /* truncated sequence */
    assert_memory_equal(t, "vi\xef\xbf\xbd", 5);
    free(t);
    const char nul[] = {'A', 0, 'B'};
    char *e = fold_exact(nul, 3);
    assert_string_equal(e, "ab");
    free(e);
    e = fold_loose(NULL, 0);
    assert_string_equal(e, "");
    free(e);
}

static void test_ctx_reuse_and_diacritic_ranges(void **state)
{
    struct fold_ctx *fc = fold_ctx_new();
    struct fold_pair p;
    fold_ctx_both(&p, fc, "Tin", 3);
    assert_ptr_equal(p.exact, p.loose);
    assert_string_equal(p.exact, "tin");
    fold_ctx_both(&p, fc, "Tín", strlen("Tín"));
    assert_ptr_not_equal(p.exact, p.loose);
    assert_string_equal(p.exact, "tín");
    assert_string_equal(p.loose, "tin");
    /* a long input grows the scratch: U+FDFA decomposes to 18 codepoints */
    char big[3 * 200 + 1] = "";
    for (int i = 0; i < 200; i++)
        strcat(big, "\xef\xb7\xba");
    fold_ctx_both(&p, fc, big, strlen(big));
    assert_true(p.exact_len > strlen(big));
    fold_ctx_free(fc);
    fold_ctx_free(NULL);
    assert_true(fold_is_diacritic(0x0301));
    assert_true(fold_is_diacritic(0x1AB0));
    assert_true(fold_is_diacritic(0x20D2));
    assert_true(fold_is_diacritic(0xFE2F));
    assert_false(fold_is_diacritic(0x0E49)); /* Thai tone mark */
    assert_false(fold_is_diacritic(0x064E)); /* Arabic fatha */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vietnamese),
        cmocka_unit_test(test_other_latin_and_compat),
        cmocka_unit_test(test_other_scripts),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_ctx_reuse_and_diacritic_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
