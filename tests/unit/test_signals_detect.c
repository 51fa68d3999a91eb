/* Unit tests for src/signals: a noisy flat series never fires, a planted
 * spike fires once, busy Mondays and quiet weekends do not fire, a
 * negative shift fires, short history is reported, the forecast interval
 * covers a steady series and beats or matches the seasonal naive one. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "signals/signals.h"
#include "util/error.h"

#define OFF (7 * 3600)
/* 2026-01-05T00:00 in Hanoi, a Monday. */
#define MONDAY (1767546000LL)

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Returns a Poisson draw of mean mu (Knuth; mu is small here). */
static int64_t poisson(double mu)
{
    double l = exp(-mu), p = 1;
    int64_t k = 0;
    do {
        k++;
        p *= uniform();
    } while (p > l);
    return k - 1;
}

static void make(struct signals_series *s, int step, size_t n)
{
    assert_int_equal(signals_series_init(s, MONDAY, step, OFF, n), HERALD_OK);
}

/* Counts the spikes and shifts of s judged over every bucket. */
static void count_flags(const struct signals_series *s, size_t *spikes, size_t *shifts,
                        size_t *first)
{
    struct signals_point *p = calloc(s->n, sizeof *p);
    assert_int_equal(signals_judge_all(p, s, NULL), HERALD_OK);
    *spikes = *shifts = 0;
    *first = SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        if (p[i].spike && *first == SIZE_MAX)
            *first = i;
        *spikes += p[i].spike;
        *shifts += p[i].neg_shift;
    }
    free(p);
}

static void fill_flat(struct signals_series *s, double mu, double neg_share)
{
    for (size_t i = 0; i < s->n; i++) {
        struct signals_bucket *b = &s->b[i];
        b->count = poisson(mu);
        b->scored = b->count / 2;
        for (int64_t j = 0; j < b->scored; j++)
            b->neg += uniform() < neg_share;
        b->neu = b->scored - b->neg;
    }
}

static void test_flat_never_fires(void **state)
{
    (void)state;
    const double means[] = {0.3, 3, 20, 200};
    for (size_t m = 0; m < 4; m++) {
        struct signals_series s;
        make(&s, SIGNALS_DAY, 730);
        fill_flat(&s, means[m], 0.2);
        size_t sp, sh, first;
        count_flags(&s, &sp, &sh, &first);
        if (sp || sh)
            fail_msg("mean %g: %zu spikes, %zu shifts over 730 days", means[m], sp, sh);
        signals_series_clear(&s);
        make(&s, SIGNALS_HOUR, 24 * 120);
        fill_flat(&s, means[m] / 4, 0.2);
        count_flags(&s, &sp, &sh, &first);
        if (sp || sh)
            fail_msg("hourly mean %g: %zu spikes, %zu shifts", means[m] / 4, sp, sh);
        signals_series_clear(&s);
    }
}

static void test_planted_spike_fires_once(void **state)
{
    (void)state;
    struct signals_series s;
    make(&s, SIGNALS_DAY, 60);
    fill_flat(&s, 20, 0.2);
    s.b[40].count = 90;
    size_t sp, sh, first;
    count_flags(&s, &sp, &sh, &first);
    assert_int_equal(sp, 1);
    assert_int_equal(first, 40);
    signals_series_clear(&s);

    make(&s, SIGNALS_HOUR, 24 * 30);
    fill_flat(&s, 2, 0.2);
    s.b[24 * 20 + 10].count = 30; /* a story breaks at 10:00 on day 20 */
    count_flags(&s, &sp, &sh, &first);
    assert_int_equal(sp, 1);
    assert_int_equal(first, 24 * 20 + 10);
    signals_series_clear(&s);
}

static void test_small_counts_are_no_spike(void **state)
{
    (void)state;
    struct signals_series s;
    make(&s, SIGNALS_DAY, 30);
    for (size_t i = 0; i < s.n; i++)
        s.b[i].count = i % 3 == 0;
    s.b[29].count = 4; /* 1 -> 4 articles */
    struct signals_point p;
    assert_int_equal(signals_judge(&p, &s, 29, NULL), HERALD_OK);
    assert_false(p.insufficient);
    assert_false(p.spike);
    signals_series_clear(&s);
}

static void test_weekly_season_no_monday_alarm(void **state)
{
    (void)state;
    static const double week[7] = {60, 30, 28, 30, 25, 4, 3}; /* Monday first */
    struct signals_series s;
    make(&s, SIGNALS_DAY, 364);
    for (size_t i = 0; i < s.n; i++)
        s.b[i].count = poisson(week[signals_weekday(&s, i)]);
    assert_int_equal(signals_weekday(&s, 0), 0);
    size_t sp, sh, first;
    count_flags(&s, &sp, &sh, &first);
    assert_int_equal(sp, 0);
    struct signals_point p;
    assert_int_equal(signals_judge(&p, &s, 357, NULL), HERALD_OK); /* a Monday */
    assert_true(p.expected > 45 && p.expected < 75);
    assert_true(p.lo < (double)s.b[357].count && p.hi > (double)s.b[357].count);
    s.b[355].count = 30; /* a busy Saturday is a spike */
    assert_int_equal(signals_judge(&p, &s, 355, NULL), HERALD_OK);
    assert_true(p.spike);
    signals_series_clear(&s);
}

static void test_negative_shift(void **state)
{
    (void)state;
    struct signals_series s;
    make(&s, SIGNALS_DAY, 45);
    fill_flat(&s, 40, 0.15);
    struct signals_bucket *b = &s.b[44];
    b->count = 40;
    b->scored = 30;
    b->neg = 18;
    b->neu = 12;
    b->pos = 0;
    struct signals_point p;
    assert_int_equal(signals_judge(&p, &s, 44, NULL), HERALD_OK);
    assert_true(p.neg_shift);
    assert_true(p.neg_share > 0.55 && p.neg_base < 0.25);
    assert_int_equal(p.neg_n, 30);
    /* the same share on 5 scored articles is not enough */
    b->scored = 5;
    b->neg = 3;
    b->neu = 2;
    assert_int_equal(signals_judge(&p, &s, 44, NULL), HERALD_OK);
    assert_false(p.neg_shift);
    signals_series_clear(&s);
}

static void test_insufficient_history(void **state)
{
    (void)state;
    struct signals_series s;
    make(&s, SIGNALS_DAY, 14);
    fill_flat(&s, 10, 0.2);
    s.b[13].count = 500;
    struct signals_point p;
    assert_int_equal(signals_judge(&p, &s, 13, NULL), HERALD_OK);
    assert_true(p.insufficient);
    assert_false(p.spike);
    assert_non_null(strstr(herald_error_last(), "insufficient history: 13 days"));
    struct signals_forecast f;
    s.n = 13;
    assert_int_equal(signals_forecast_next_day(&f, &s, 0.8), HERALD_OK);
    assert_true(f.insufficient);
    s.n = 14;
    assert_int_equal(signals_judge(&p, &s, 14, NULL), HERALD_EINVAL);
    signals_series_clear(&s);
}

static void test_forecast_steady(void **state)
{
    (void)state;
    static const double week[7] = {60, 30, 28, 30, 25, 4, 3};
    struct signals_series s;
    make(&s, SIGNALS_DAY, 120);
    for (size_t i = 0; i < s.n; i++)
        s.b[i].count = poisson(week[signals_weekday(&s, i)]);
    struct signals_forecast f;
    assert_int_equal(signals_forecast_next_day(&f, &s, 0.8), HERALD_OK);
    assert_false(f.insufficient);
    assert_int_equal(f.day_start, MONDAY + 120 * 86400LL);
    double mu = week[120 % 7];
    assert_true(f.lo <= mu && f.hi >= mu);
    assert_true(f.coverage > 0.65 && f.coverage < 0.95);
    assert_true(f.mae <= f.mae_naive);
    assert_int_equal(f.backtest_n, 113);
    signals_series_clear(&s);
}

static void test_hourly_to_days(void **state)
{
    (void)state;
    struct signals_series h, d;
    /* from 17:00 local (10:00 UTC) for 3 days of hours */
    assert_int_equal(signals_series_init(&h, MONDAY + 17 * 3600, SIGNALS_HOUR, OFF, 72), HERALD_OK);
    for (size_t i = 0; i < h.n; i++)
        h.b[i].count = 1;
    assert_int_equal(signals_series_to_days(&d, &h), HERALD_OK);
    assert_int_equal(d.n, 4);
    assert_int_equal(d.start, MONDAY);
    assert_int_equal(d.b[0].count, 7);
    assert_int_equal(d.b[1].count, 24);
    assert_int_equal(d.b[3].count, 17);
    signals_series_clear(&d);
    signals_series_clear(&h);
    assert_int_equal(signals_series_init(&h, MONDAY + 1800, SIGNALS_HOUR, OFF, 2), HERALD_EINVAL);
    assert_int_equal(signals_series_init(&h, MONDAY, 60, OFF, 2), HERALD_EINVAL);
}

/* Buckets before the store's first article are no history: a steady
 * series that starts after 30 empty days is not a spike on its first
 * day, and gets 14 days without a verdict from its start. */
static void test_history_starts_with_data(void **state)
{
    (void)state;
    struct signals_series s;
    struct signals_point p[60];
    assert_int_equal(signals_series_init(&s, 100 * (int64_t)SIGNALS_DAY, SIGNALS_DAY, 0, 60),
                     HERALD_OK);
    for (size_t i = 30; i < 60; i++)
        s.b[i].count = 12;
    assert_int_equal(signals_judge_all(p, &s, NULL), HERALD_OK);
    assert_true(p[30].spike); /* empty days taken for calm ones */
    s.first = 30;
    assert_int_equal(signals_judge_all(p, &s, NULL), HERALD_OK);
    for (size_t i = 0; i < 60; i++) {
        assert_false(p[i].spike);
        assert_int_equal(p[i].insufficient, i < 44);
    }
    struct signals_forecast f;
    assert_int_equal(signals_forecast_next_day(&f, &s, 0.8), HERALD_OK);
    assert_false(f.insufficient);
    assert_true(f.lo <= 12 && f.hi >= 12);
    signals_series_clear(&s);
}

/* A shown window gets its history read before it, within a scan limit,
 * and the first shown point is found by time. */
static void test_lookback_window(void **state)
{
    (void)state;
    int64_t since = 100 * (int64_t)SIGNALS_DAY, until = 130 * (int64_t)SIGNALS_DAY;
    assert_int_equal(signals_lookback_start(since, until, 0),
                     since - SIGNALS_LOOKBACK_DAYS * (int64_t)SIGNALS_DAY);
    assert_int_equal(signals_lookback_start(since, until, 40), until - 40 * (int64_t)SIGNALS_DAY);
    assert_int_equal(signals_lookback_start(since, until, 20), since);
    struct signals_series s;
    assert_int_equal(signals_series_init(&s, 65 * (int64_t)SIGNALS_DAY, SIGNALS_DAY, 0, 65),
                     HERALD_OK);
    assert_int_equal(signals_index_at(&s, 0), 0);
    assert_int_equal(signals_index_at(&s, since), 35);
    assert_int_equal(signals_index_at(&s, since + 1), 35);
    assert_int_equal(signals_index_at(&s, since + SIGNALS_DAY), 36);
    assert_int_equal(signals_index_at(&s, 1000 * (int64_t)SIGNALS_DAY), 65);
    signals_series_clear(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_never_fires),
        cmocka_unit_test(test_planted_spike_fires_once),
        cmocka_unit_test(test_small_counts_are_no_spike),
        cmocka_unit_test(test_weekly_season_no_monday_alarm),
        cmocka_unit_test(test_negative_shift),
        cmocka_unit_test(test_insufficient_history),
        cmocka_unit_test(test_forecast_steady),
        cmocka_unit_test(test_hourly_to_days),
        cmocka_unit_test(test_lookback_window),
        cmocka_unit_test(test_history_starts_with_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
