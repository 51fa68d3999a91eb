/* Unit tests for the capped buffer and string helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/str.h"

static void test_cap_is_an_error_not_truncation(void **state)
{
    struct buf b;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "12345"), HERALD_OK);
    assert_int_equal(buf_puts(&b, "6789"), HERALD_ETOOBIG);
    assert_string_equal(buf_str(&b), "12345");
    assert_int_equal(buf_puts(&b, "678"), HERALD_OK);
    assert_int_equal(b.len, 8);
    buf_free(&b);
    buf_free(&b);
}

static void test_printf_and_steal(void **state)
{
    struct buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%d-%s", 42, "x");
    char *s = buf_steal(&b);
    assert_string_equal(s, "42-x");
    free(s);
    assert_string_equal(buf_str(&b), "");
}

static void test_squeeze_unicode_spaces(void **state)
{
    char s[] = "  a\xc2\xa0\xc2\xa0 b\t\n\xe3\x80\x80"
               "c  ";
    assert_string_equal(str_squeeze(s), "a b c");
    assert_null(str_clean_dup(" \xe2\x80\x83 "));
    assert_true(str_blank("\xe2\x80\xaf"));
}

static void test_utf8_validation(void **state)
{
    assert_true(str_valid_utf8("th\xc3\xb4ng tin", 9));
    assert_false(str_valid_utf8("\xc3", 1));
    assert_false(str_valid_utf8("\xed\xa0\x80", 3)); /* surrogate */
    assert_false(str_valid_utf8("\xc0\xaf", 2));     /* overlong */
    char *s = str_utf8_sanitize("a\xff"
                                "b\0c",
                                5);
    assert_string_equal(s, "a\xef\xbf\xbd"
                           "bc");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cap_is_an_error_not_truncation),
        cmocka_unit_test(test_printf_and_steal),
        cmocka_unit_test(test_squeeze_unicode_spaces),
        cmocka_unit_test(test_utf8_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
