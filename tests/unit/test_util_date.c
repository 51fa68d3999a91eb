/* Unit tests for date_parse()/date_format_iso(): RFC 822, ISO 8601, the
 * variants seen in the wild, impossible dates and garbage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/date.h"

/* 2023-11-21T01:30:00Z, i.e. 08:30 in Hanoi. */
#define T0 1700530200LL

struct ok_case {
    const char *in;
    int64_t want;
};

static void check_all(const struct ok_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t t = -1;
        herald_rc rc = date_parse(&t, c[i].in);
        if (rc != HERALD_OK || t != c[i].want)
            fail_msg("\"%s\": rc=%d got %lld want %lld", c[i].in, rc, (long long)t,
                     (long long)c[i].want);
    }
}

static void test_rfc822(void **state)
{
    static const struct ok_case c[] = {
        {"Tue, 21 Nov 2023 08:30:00 +0700", T0},
        {"Tue, 21 Nov 2023 01:30:00 GMT", T0},
        {"Tue, 21 Nov 2023 01:30:00 UT", T0},
        {"Mon, 20 Nov 2023 20:30:00 EST", T0},
        {"Mon, 20 Nov 2023 18:30:00 PDT", T0},
        {"Tue, 21 Nov 23 01:30:00 GMT", T0},
        {"Tue, 21 Nov 2023 01:30 GMT", T0},
        {"21 Nov 2023 08:30:00 +0700", T0},
        {"Fri, 21 Nov 2023 08:30:00 +0700", T0}, /* wrong weekday */
        {"tue, 21 nov 2023 08:30:00 +0700", T0},
        {"  Tue,   21  Nov   2023   08:30:00   +0700  ", T0},
        {"Tue, 21 November 2023 08:30:00 +07:00", T0},
        {"Mon, 20 Nov 2023 19:30:00 -0600", T0},
        {"Tue, 21 Nov 2023 08:30:00 ICT", T0},
        {"Tue, 21 Nov 2023 08:30:00 +0700 (Indochina Time)", T0},
    };
    check_all(c, sizeof c / sizeof *c);
}

static void test_iso8601(void **state)
{
    static const struct ok_case c[] = {
        {"2023-11-21T08:30:00+07:00", T0},
        {"2023-11-21T01:30:00Z", T0},
        {"2023-11-21T01:30:00.123456Z", T0},
        {"2023-11-21T01:30Z", T0},
        {"2023-11-21T08:30:00+0700", T0},
        {"2023-11-21T08:30:00+07", T0},
        {"2023-11-20T20:30:00-05:00", T0},
        {"2023-11-21 01:30:00", T0},
        {"2023-11-21t01:30:00z", T0},
        {"20231121T013000Z", T0},
        {"20231121T0130Z", T0},
        {"2023-11-21", 1700524800LL},
        {"20231121", 1700524800LL},
        {"2024-02-29T00:00:00Z", 1709164800LL},
        {"2016-12-31T23:59:60Z", 1483228799LL}, /* leap second clamps */
    };
    check_all(c, sizeof c / sizeof *c);
}

static void test_wild(void **state)
{
    static const struct ok_case c[] = {
        {"21/11/2023 08:30 +07:00", T0},
        {"21/11/2023 01:30", T0},
        {"Thứ ba, 21/11/2023, 08:30 (GMT+7)", T0},
        {"Thứ Ba, ngày 21 tháng 11 năm 2023 08:30 GMT+7", T0},
        {"08:30 21-11-2023 GMT+07:00", T0},
        {"21.11.2023 08:30 +0700", T0},
        {"21. November 2023 08:30 +0700", T0},
        {"21 novembre 2023 08h30 +0700", T0},
        {"mardi 21 novembre 2023 à 01:30 UTC", T0},
        {"21. März 2023", 1679356800LL},
        {"21 décembre 2023", 1703116800LL},
        {"2023年11月21日 08:30 +0800", T0 - 3600},
        {"November 21, 2023 8:30 AM +0700", T0},
        {"November 21, 2023 1:30 PM UTC", T0 + 12 * 3600},
        {"Nov 21, 2023 12:30 AM UTC", T0 - 3600},
        {"2023/11/21 01:30:00", T0},
        {"11/21/2023 01:30", T0}, /* month-first when unambiguous */
        {"1700530200", T0},
        {"1700530200123", T0},
        {"1700530200.5", T0},
        {"Sept 21 2023", 1695254400LL},
        {"mar. 21 nov. 2023 01:30 UTC", T0}, /* "mar" is Tuesday here */
        {"Mar 21 2023", 1679356800LL},
        {"Cập nhật: 08:30 | 21/11/2023 (GMT+7)", T0},
        {"Tuesday, November 21, 2023 - 01:30", T0},
        {"2023-11-21T08:30:00+07:00[Asia/Ho_Chi_Minh]", T0},
        {"Thursday 21st November 2023 01:30", T0},
    };
    check_all(c, sizeof c / sizeof *c);
}

static void test_rejects(void **state)
{
    static const char *bad[] = {
        "",
        "   ",
        "garbage",
        "not a date at all",
        "2023-02-30",
        "2023-13-01",
        "2023-11-31T00:00:00Z",
        "2023-11-21T25:00:00Z",
        "2023-11-21T10:61:00Z",
        "0000-00-00 00:00:00",
        "Tue, 32 Nov 2023 08:30:00 GMT",
        "2023-02-29",
        "1900-02-29",
        "12345",
        "3 hours ago",
        "Nov 2023",
        "+0700",
        "2023-11-21T08:30:00+25:00",
        "999999999999999999999999",
        "\xff\xfe\x00",
        "::::////----",
        "2023-11",
        "Tue, 21 Foo 2023",
        "99/99/9999",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t t = 42;
        if (date_parse(&t, bad[i]) != HERALD_EPARSE || t != 0)
            fail_msg("accepted \"%s\" as %lld", bad[i], (long long)t);
    }
    int64_t t = 42;
    assert_int_equal(date_parse(&t, NULL), HERALD_EPARSE);
    char big[400];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(date_parse(&t, big), HERALD_EPARSE);
}

static void test_format_iso(void **state)
{
    char s[21];
    assert_string_equal(date_format_iso(s, T0), "2023-11-21T01:30:00Z");
    assert_string_equal(date_format_iso(s, 0), "");
    int64_t t;
    assert_int_equal(date_parse(&t, date_format_iso(s, 1709164800LL)), HERALD_OK);
    assert_int_equal(t, 1709164800LL);
}

/* The office's day: a time belongs to the day at its offset; the day's
 * start is that midnight in UTC; times before the epoch floor. */
static void test_office_day(void **state)
{
    (void)state;
    char d[16], off[8];
    assert_int_equal(date_office_offset(), 7 * 3600);
    /* 2026-11-22T17:00:00Z is 2026-11-23 00:00 in Hanoi */
    int64_t t = 1795366800;
    assert_string_equal(date_office_date(d, t), "2026-11-23");
    assert_string_equal(date_office_date(d, t - 1), "2026-11-22");
    assert_int_equal(date_office_day_start(date_office_day(t)), t);
    assert_int_equal(date_office_day_start(date_office_day(t - 1)), t - 86400);
    assert_string_equal(date_office_offset_iso(off), "+07:00");
    date_set_office_offset(-3 * 3600);
    assert_string_equal(date_office_offset_iso(off), "-03:00");
    assert_string_equal(date_office_date(d, t), "2026-11-22");
    assert_int_equal(date_office_day(3 * 3600 - 1), -1);
    assert_int_equal(date_office_day(3 * 3600), 0);
    date_set_office_offset(7 * 3600);
    int64_t v;
    assert_int_equal(date_parse_office(&v, " 2026-11-23 "), HERALD_OK);
    assert_int_equal(v, t);
    assert_int_equal(date_parse_office(&v, "2026-11-23T00:00:00Z"), HERALD_OK);
    assert_int_equal(v, t + 7 * 3600);
    assert_int_equal(date_parse_office(&v, "2026-13-23"), HERALD_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc822),     cmocka_unit_test(test_iso8601),
        cmocka_unit_test(test_wild),       cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_format_iso), cmocka_unit_test(test_office_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
