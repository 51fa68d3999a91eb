/* Unit tests for charset detection and conversion to UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "text/charset.h"

static void test_content_type(void **state)
{
    char *cs = charset_from_content_type("text/html; Charset=\"GBK\"");
    assert_string_equal(cs, "gbk");
    free(cs);
    assert_null(charset_from_content_type("text/html"));
    assert_null(charset_from_content_type(NULL));
}

static void test_sniff_xml_and_meta(void **state)
{
    const char *x = "<?xml version=\"1.0\" encoding=\"windows-1258\"?><rss/>";
    char *cs = charset_sniff(x, strlen(x));
    assert_string_equal(cs, "windows-1258");
    free(cs);
    const char *h = "<html><head><META http-equiv=Content-Type content='text/html; "
                    "charset=Shift_JIS'></head>";
    cs = charset_sniff(h, strlen(h));
    assert_string_equal(cs, "shift_jis");
    free(cs);
}

static void test_windows_1258_to_nfc(void **state)
{
    /* windows-1258: 0xEA = e-circumflex, 0xF2 = combining dot below; the
     * result must be precomposed (NFC) "Việt". */
    const char in[] = "Vi\xea\xf2t";
    char *out = NULL;
    size_t n = 0;
    const char *used = NULL;
    assert_int_equal(charset_to_utf8(&out, &n, in, strlen(in), "windows-1258", &used), 0);
    assert_string_equal(out, "Vi\xe1\xbb\x87t"); /* U+1EC7, precomposed */
    free(out);
}

static void test_gbk(void **state)
{
    const char in[] = "\xd6\xd0\xce\xc4"; /* 中文 in GBK */
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(charset_to_utf8(&out, &n, in, 4, "gb2312", NULL), 0);
    assert_string_equal(out, "\xe4\xb8\xad\xe6\x96\x87");
    free(out);
}

static void test_wrong_declared_charset_loses_to_valid_utf8(void **state)
{
    const char in[] = "th\xc3\xb4ng tin";
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(charset_to_utf8(&out, &n, in, strlen(in), "iso-8859-1", NULL), 0);
    assert_string_equal(out, in);
    free(out);
}

static void test_unknown_charset_is_reported(void **state)
{
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(charset_to_utf8(&out, &n, "abc\xff", 4, "x-klingon", NULL), HERALD_EINVAL);
    assert_string_equal(out, "abc\xef\xbf\xbd");
    free(out);
}

static void test_bom_and_latin1_fallback(void **state)
{
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(charset_to_utf8(&out, &n, "\xef\xbb\xbfok", 5, NULL, NULL), 0);
    assert_string_equal(out, "ok");
    free(out);
    assert_int_equal(charset_to_utf8(&out, &n, "caf\xe9", 4, NULL, NULL), 0);
    assert_string_equal(out, "caf\xc3\xa9");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_sniff_xml_and_meta),
        cmocka_unit_test(test_windows_1258_to_nfc),
        cmocka_unit_test(test_gbk),
        cmocka_unit_test(test_wrong_declared_charset_loses_to_valid_utf8),
        cmocka_unit_test(test_unknown_charset_is_reported),
        cmocka_unit_test(test_bom_and_latin1_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
