/* Unit tests for watchlists: parsing and its errors, folded matching with
 * word boundaries (and without them for CJK and Thai), offsets into the
 * original text, longest match first, malformed UTF-8 and empty input. */
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

/* Asserts the matches in text are exactly the NULL-terminated surfaces. */
static void expect_surfaces(const struct watchlist *wl, const char *text, const char *const *want)
{
    struct watch_match *m = NULL;
    size_t n = 0, k = 0;
    assert_int_equal(watchlist_find(wl, text, strlen(text), &m, &n), HERALD_OK);
    while (want[k])
        k++;
    if (n != k) {
        for (size_t i = 0; i < n; i++)
            print_error("got [%.*s]\n", (int)(m[i].to - m[i].from), text + m[i].from);
    }
    assert_int_equal(n, k);
    for (size_t i = 0; i < n; i++) {
        assert_true(m[i].from < m[i].to && m[i].to <= strlen(text));
        assert_int_equal(m[i].to - m[i].from, strlen(want[i]));
        assert_memory_equal(text + m[i].from, want[i], strlen(want[i]));
        if (i)
            assert_true(m[i].from >= m[i - 1].to);
    }
    free(m);
}

#define EXPECT(text, ...)                                                                          \
    do {                                                                                           \
        const char *const w_[] = {__VA_ARGS__, NULL};                                              \
        expect_surfaces(vn, text, w_);                                                             \
    } while (0)
#define EXPECT_NONE(text)                                                                          \
    do {                                                                                           \
        const char *const w_[] = {NULL};                                                           \
        expect_surfaces(vn, text, w_);                                                             \
    } while (0)

static void test_default(void **state)
{
    assert_string_equal(watchlist_country(vn), "VN");
    assert_true(watchlist_term_count(vn) > 250);
    assert_true(watchlist_category_count(vn) >= 10);
    assert_string_equal(watchlist_category_name(vn, 0), "country");
    assert_null(watchlist_category_name(vn, 999));
}

static void test_spellings(void **state)
{
    EXPECT("Viet Nam, VIỆT NAM, Việt Nam, Vietnam and vietnamese food", "Viet Nam", "VIỆT NAM",
           "Việt Nam", "Vietnam", "vietnamese");
    /* decomposed input (NFD) and odd spaces map back to the original bytes */
    EXPECT("tin Vie\xcc\xa3\xcc\x82t\xc2\xa0 Nam nay", "Vie\xcc\xa3\xcc\x82t\xc2\xa0 Nam");
    EXPECT("Hanoï et Saïgon; Hanoi's; Saigon", "Hanoï", "Saïgon", "Hanoi", "Saigon");
    EXPECT("ＶＩＥＴＮＡＭ", "ＶＩＥＴＮＡＭ");
}

static void test_boundaries(void **state)
{
    EXPECT_NONE("Namibia and Windhoek; the Namib desert");
    EXPECT_NONE("XVietnam Saigonx");          /* no stars on these: whole words only */
    EXPECT("Vietnamtastic", "Vietnamtastic"); /* "Vietnam*" (fi, cs, tr...) runs on */
    EXPECT_NONE("XHanoi XSaigon");
    EXPECT("a Vietnam-based firm", "Vietnam");
    EXPECT("Вьетнаме, Вьетнама и вьетнамская", "Вьетнаме", "Вьетнама", "вьетнамская");
    EXPECT("w Wietnamie", "Wietnamie");
    EXPECT("في فيتنام والفيتنامية", "فيتنام", "فيتنامية");
}

static void test_marks(void **state)
{
    /* text with diacritics must carry a listed spelling's marks */
    EXPECT_NONE("Nhà Trắng và diễn biến mới");
    EXPECT("Nha Trang, NHA TRANG, Điện Biên, Dien Bien", "Nha Trang", "NHA TRANG", "Điện Biên",
           "Dien Bien");
    /* old and new tone placement are the same spelling; Cyrillic й is a letter */
    EXPECT("Khánh Hoà, Khánh Hòa, Ханой", "Khánh Hoà", "Khánh Hòa", "Ханой");
    EXPECT_NONE("Viết Nam");
}

static void test_unspaced_scripts(void **state)
{
    EXPECT("我们在越南的工厂", "越南");
    EXPECT("ベトナム人の友達", "ベトナム");
    EXPECT("베트남의 수도 하노이에서", "베트남", "하노이");
    EXPECT("นักท่องเที่ยวเวียดนามเดินทางไปฮานอย", "เวียดนาม", "ฮานอย");
}

static void test_longest_first(void **state)
{
    EXPECT("The Vietnamese Prime Minister met the Vietnamese President.",
           "Vietnamese Prime Minister", "Vietnamese President");
    EXPECT("Đảng Cộng sản Việt Nam", "Đảng Cộng sản Việt Nam");
    EXPECT("quần đảo Hoàng Sa và Trường Sa", "quần đảo Hoàng Sa", "Trường Sa");
}

static void test_weights_and_categories(void **state)
{
    const char *t = "hue";
    struct watch_match *m = NULL;
    size_t n = 0;
    watchlist_find(vn, t, strlen(t), &m, &n);
    assert_int_equal(n, 1);
    assert_true(m[0].weight < 0.6f); /* ambiguous: weak */
    free(m);
    t = "Vietnam";
    watchlist_find(vn, t, strlen(t), &m, &n);
    assert_int_equal(n, 1);
    assert_float_equal(m[0].weight, 1.0, 1e-6);
    assert_string_equal(watchlist_category_name(vn, (size_t)m[0].category), "country");
    free(m);
}

static void test_malformed_and_empty(void **state)
{
    struct watch_match *m = (struct watch_match *)1;
    size_t n = 99;
    assert_int_equal(watchlist_find(vn, "", 0, &m, &n), HERALD_OK);
    assert_int_equal(n, 0);
    assert_null(m);
    assert_int_equal(watchlist_find(vn, NULL, 0, &m, &n), HERALD_OK);
    assert_int_equal(n, 0);
    const char bad[] = "\xff\xfeViet Nam\xc3 \xe8\xb6\x8a\xe5\x8d\x97\xe5";
    assert_int_equal(watchlist_find(vn, bad, sizeof(bad) - 1, &m, &n), HERALD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].from, 2);
    assert_int_equal(m[0].to, 10);
    assert_int_equal(m[1].from, 12);
    assert_int_equal(m[1].to, 18);
    free(m);
    const char nul[] = "Viet\0Nam Vietnam";
    assert_int_equal(watchlist_find(vn, nul, sizeof(nul) - 1, &m, &n), HERALD_OK);
    assert_int_equal(n, 2); /* a NUL separates like a space */
    assert_int_equal(m[0].to, 8);
    assert_int_equal(m[1].from, 9);
    free(m);
}

static void expect_parse_error(const char *data, const char *msg)
{
    struct watchlist *wl = (struct watchlist *)1;
    assert_int_equal(watchlist_parse(data, strlen(data), &wl), HERALD_EINVAL);
    assert_null(wl);
    if (!strstr(herald_error_last(), msg))
        fail_msg("error [%s] lacks [%s]", herald_error_last(), msg);
}

static void test_parse_errors(void **state)
{
    expect_parse_error("en\tcountry\t1\tX\n", "no @country");
    expect_parse_error("@country\tXX\n\nen\tcountry\t1\n", "line 3: expected 4");
    expect_parse_error("@country\tXX\nen\tcountry\t1.5\tX\n", "line 2: weight");
    expect_parse_error("@country\tXX\nen\tcountry\t0\tX\n", "line 2: weight");
    expect_parse_error("@country\tXX\nen\tcountry\tabc\tX\n", "line 2: weight");
    expect_parse_error("@country\tXX\nen\tcountry\t1\t*\n", "line 2: empty term");
    expect_parse_error("@country\tXX\nen\tcountry\t1\t  \n", "line 2: empty term");
    expect_parse_error("@country\tXX\nen\tcountry\t1\tA\xff\n", "line 2: term");
    expect_parse_error("@country\tvn\n", "line 1: country code");
    expect_parse_error("@nation\tVN\n", "line 1: unknown directive");
    expect_parse_error("@country\tXX\nEN\tcountry\t1\tX\n", "line 2: bad language");
    expect_parse_error("@country\tXX\nen\tCountry!\t1\tX\n", "line 2: bad category");
    struct watchlist *wl = NULL;
    assert_int_equal(watchlist_load("/nonexistent/x.tsv", &wl), HERALD_EIO);
    assert_null(wl);
}

static void test_second_country(void **state)
{
    struct watchlist *kh = NULL;
    struct relevance_result r;
    assert_int_equal(watchlist_load(HERALD_FIXTURES "/relevance/kh.tsv", &kh), HERALD_OK);
    assert_string_equal(watchlist_country(kh), "KH");
    const char *text = "Phnom Penh\xe2\x80\x99s markets. Cambodia's exports; កម្ពុជា. Namibia.";
    const char *const want[] = {"Phnom Penh", "Cambodia", "កម្ពុជា", NULL};
    expect_surfaces(kh, text, want);
    /* "Nam" alone is weak: never scores without a strong term */
    relevance_score(kh, NULL, "Nam", "Nam said so. Nam again.", &r);
    assert_int_equal(r.cls, RELEVANCE_NONE);
    relevance_score(kh, NULL, "Cambodia votes", "Cambodia votes today. Nam said so.", &r);
    assert_int_equal(r.cls, RELEVANCE_ABOUT);
    relevance_score(vn, NULL, "Cambodia votes", "Cambodia votes today.", &r);
    assert_int_equal(r.cls, RELEVANCE_NONE);
    watchlist_free(kh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default),
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_boundaries),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_unspaced_scripts),
        cmocka_unit_test(test_longest_first),
        cmocka_unit_test(test_weights_and_categories),
        cmocka_unit_test(test_malformed_and_empty),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_second_country),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
