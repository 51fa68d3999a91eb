/* Unit tests for the near-duplicate fingerprint: a wire copy with small
 * edits is within fingerprint distance 3 and found through the banded index;
 * unrelated text is not; a lookup compares only the entries of its 4
 * buckets; removal; empty and invalid UTF-8 input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stories/stories.h"

static const char wire[] =
    "HANOI (Reuters) - Vietnam's central bank on Tuesday cut its benchmark refinancing rate by "
    "50 basis points to 4.5 percent, the second cut this year, as the government tries to support "
    "an economy hit by weak export demand and a slowing property market. The State Bank of Vietnam "
    "said in a statement that the new rate would take effect from Wednesday and that it would also "
    "lower the discount rate to 3 percent. Exports fell 12 percent in the first five months of the "
    "year from a year earlier, official data showed, as orders from the United States and Europe "
    "dried up. Analysts said the central bank had room to ease further because inflation had "
    "slowed to about 2.4 percent in May, well below the government's target of 4.5 percent for the "
    "year. The dong has been stable against the dollar this year. Manufacturers in the north of "
    "the country have cut working hours and some factories in Binh Duong province have laid off "
    "workers, according to local media. The government has set a growth target of 6.5 percent for "
    "this year, which economists say will be difficult to reach.";

static const char unrelated[] =
    "The city council approved a new plan on Monday to expand bicycle lanes across the old town, "
    "saying the project would reduce traffic and make streets safer for children walking to "
    "school. Residents had complained for years about congestion near the river, and shop owners "
    "were divided over the loss of parking spaces. Work is expected to start next spring and to "
    "take two years, with most of the cost covered by a regional transport fund.";

/* Replaces the first occurrence of from with to in s (a new string). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
    return out;
}

static void test_wire_copy_is_near(void **state)
{
    (void)state;
    char *a = replace(wire, "HANOI (Reuters) - ", "HANOI, June 13 (Reuters) - ");
    char *b = replace(a, "according to local media", "local newspapers reported");
    char *c = replace(b, "dried up", "slumped");
    uint64_t h0 = stories_fingerprint(wire, strlen(wire)), h1 = stories_fingerprint(c, strlen(c));
    assert_true(h0 != 0);
    assert_true(stories_fp_distance(h0, h1) <= 3);
    uint64_t hu = stories_fingerprint(unrelated, strlen(unrelated));
    assert_true(stories_fp_distance(h0, hu) > 8);

    struct simindex *ix = simindex_new();
    simindex_add(ix, h0, 7);
    simindex_add(ix, hu, 8);
    int dist = -1;
    assert_int_equal(simindex_nearest(ix, h1, 3, &dist, NULL), 7);
    assert_true(dist >= 0 && dist <= 3);
    /* a third unrelated fingerprint finds nothing */
    assert_int_equal(simindex_nearest(ix, h0 ^ 0x1111111111111111ull, 3, &dist, NULL), 0);
    assert_int_equal(dist, -1);
    simindex_remove(ix, h0, 7);
    assert_int_equal(simindex_nearest(ix, h1, 3, NULL, NULL), 0);
    assert_int_equal(simindex_size(ix), 1);
    simindex_free(ix);
    free(a);
    free(b);
    free(c);
}

/* Case and diacritics do not change the fingerprint (loose folding). */
static void test_folding(void **state)
{
    (void)state;
    const char *x = "Thủ tướng Chính phủ họp với các doanh nghiệp tại Hà Nội sáng nay";
    const char *y = "THU TUONG CHINH PHU hop voi cac doanh nghiep tai Ha Noi sang nay";
    assert_int_equal(
        stories_fp_distance(stories_fingerprint(x, strlen(x)), stories_fingerprint(y, strlen(y))),
        0);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Lookups touch only candidate buckets: with 50,000 random fingerprints
 * a probe compares a handful of entries, not the archive; every planted
 * neighbour within distance 3 is found. */
static void test_sublinear(void **state)
{
    (void)state;
    struct simindex *ix = simindex_new();
    enum { N = 50000 };
    uint64_t *h = malloc(N * sizeof *h);
    for (int i = 0; i < N; i++) {
        h[i] = next_rand() | 1;
        simindex_add(ix, h[i], i + 1);
    }
    size_t probed_total = 0, found = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t q = h[i * 37];
        for (int k = 0; k < 3; k++) /* change 3 of the 16 values */
            q ^= (next_rand() % 15 + 1) << (4 * (next_rand() % 16));
        size_t probed = 0;
        int64_t id = simindex_nearest(ix, q, 3, NULL, &probed);
        found += id == i * 37 + 1;
        probed_total += probed;
    }
    assert_int_equal(found, 1000);
    /* 4 buckets of ~N/65536 entries each, plus the planted one */
    assert_true(probed_total / 1000 < 20);
    free(h);
    simindex_free(ix);
}

static void test_empty_and_invalid(void **state)
{
    (void)state;
    assert_true(stories_fingerprint("", 0) == 0);
    assert_true(stories_fingerprint(NULL, 0) == 0);
    assert_true(stories_fingerprint("   \t\n ", 6) == 0);
    const char bad[] = "\xff\xfe\xc3 abc \xe2\x82 def \xed\xa0\x80 ghi";
    assert_true(stories_fingerprint(bad, sizeof bad - 1) != 0);
    struct simindex *ix = simindex_new();
    simindex_add(ix, 0, 1); /* ignored */
    assert_int_equal(simindex_size(ix), 0);
    assert_int_equal(simindex_nearest(ix, 0, 3, NULL, NULL), 0);
    simindex_free(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wire_copy_is_near),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_sublinear),
        cmocka_unit_test(test_empty_and_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
