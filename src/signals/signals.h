/* Signals: pure functions over a time series of article counts and tone
 * toward the country. Spike detection against a day-of-week (and
 * hour-of-week) seasonal baseline, negative-shift detection (a proportion
 * test on the share of negative tone) and a next-day volume forecast with
 * an interval from backtest residuals. No I/O; the store fills series. */
#ifndef HERALD_SIGNALS_H
#define HERALD_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define SIGNALS_HOUR 3600
#define SIGNALS_DAY 86400
/* A baseline needs at least this much history before the bucket judged. */
#define SIGNALS_MIN_HISTORY_DAYS 14

/* One bucket: articles published in [start + i*step, start + (i+1)*step). */
struct signals_bucket {
    int64_t count;   /* articles */
    int64_t scored;  /* of which have a tone toward the country */
    int64_t neg;     /* tone label -1 */
    int64_t neu;     /* tone label 0 */
    int64_t pos;     /* tone label 1 */
    double tone_sum; /* sum of the scored articles' tone (-1..1) */
};

struct signals_series {
    int64_t start;            /* UTC seconds; a local hour or local midnight */
    int step;                 /* SIGNALS_HOUR or SIGNALS_DAY */
    int utc_offset;           /* seconds east of UTC of the office's day */
    size_t n;                 /* buckets */
    struct signals_bucket *b; /* n buckets, oldest first; owned by the series */
    size_t first;             /* buckets before it predate the data (the store's first
                                 article): they are no history, neither zero nor calm */
};

/* Thresholds. A zero field means its default (in brackets). */
struct signals_params {
    double spike_z;      /* score at least [4.0] */
    int64_t spike_min;   /* count at least, so 1 -> 4 is no spike [5] */
    double spike_ratio;  /* count / expected at least [1.8] */
    int weeks;           /* past weeks of the seasonal baseline, at most [4] */
    double band_z;       /* half-width of the expected band in score units [2.0] */
    double shift_z;      /* z of the negative share at least [4.0] */
    int64_t shift_min_n; /* scored articles in the window at least [10] */
    double shift_delta;  /* negative share above the baseline share by [0.15] */
    int shift_window;    /* buckets in the judged window [1 daily, 24 hourly] */
    int baseline_days;   /* days of history for the negative share [28] */
};

/* What the detectors say about one bucket. */
struct signals_point {
    bool insufficient; /* under SIGNALS_MIN_HISTORY_DAYS of history: no verdict */
    double expected;   /* seasonal baseline count */
    double spread;     /* about one standard deviation of the count: dispersion * sqrt(expected) */
    double lo, hi;     /* expected band: the counts within band_z of expected in score */
    double score;      /* 2 (sqrt(count + 3/8) - sqrt(expected + 3/8)) / dispersion: about a z */
    bool spike;        /* score, minimum count and ratio all reached */
    double neg_share;  /* negative / scored over the window; -1 when none scored */
    double neg_base;   /* the same over the baseline days; -1 when none scored */
    int64_t neg_n;     /* scored articles in the window */
    double neg_z;      /* min(two-proportion z, exact binomial tail as a z) */
    bool neg_shift;    /* z, minimum n and delta all reached */
};

/* The next local day's volume and how good the method was on this series. */
struct signals_forecast {
    bool insufficient;       /* under SIGNALS_MIN_HISTORY_DAYS days: no forecast */
    int64_t day_start;       /* UTC seconds of the forecast day's local midnight */
    double value;            /* forecast count for that day */
    double lo, hi;           /* interval at level, from backtest residual quantiles */
    double level;            /* e.g. 0.8 */
    double alpha, gamma;     /* the Holt-Winters smoothing picked by the backtest */
    size_t backtest_n;       /* one-step-ahead backtest days */
    double mae, mae_naive;   /* mean absolute error: this method, seasonal naive */
    double rmse, rmse_naive; /* root mean square error: the same two */
    double coverage;         /* share of backtest days inside their interval */
};

/* Allocates n zeroed buckets into *out (start, step, utc_offset set);
 * free with signals_series_clear(). HERALD_EINVAL for a step other than
 * SIGNALS_HOUR or SIGNALS_DAY or a start not on a local bucket boundary. */
herald_rc signals_series_init(struct signals_series *out, int64_t start, int step, int utc_offset,
                              size_t n);

/* Days read before the first point a caller shows, so that point is
 * judged on its own history (4 past weeks and a week of level). */
#define SIGNALS_LOOKBACK_DAYS 35

/* Returns the start of the series to read so the points from since on
 * have SIGNALS_LOOKBACK_DAYS of history, without making [start, until)
 * longer than max_days (0 = no limit). */
int64_t signals_lookback_start(int64_t since, int64_t until, int max_days);

/* Returns the index of the bucket of s that holds time t, as the store
 * rounds a since down to its bucket (0 before the start, s->n after the
 * end). */
size_t signals_index_at(const struct signals_series *s, int64_t t);

/* Frees the buckets and zeroes s; accepts NULL. */
void signals_series_clear(struct signals_series *s);

/* Returns in *out a daily series (caller clears) summing the hourly series
 * s by local day; partial first and last days are kept as they are.
 * A daily s is copied. HERALD_EINVAL for a bad s. */
herald_rc signals_series_to_days(struct signals_series *out, const struct signals_series *s);

/* Returns the local weekday of bucket i: 0 Monday .. 6 Sunday. */
int signals_weekday(const struct signals_series *s, size_t i);

/* Judges bucket i of s: spike and negative shift. *out is filled; with
 * out->insufficient set the verdicts are false and herald_error_last()
 * says "insufficient history: N days, need 14". p may be NULL (defaults).
 * HERALD_EINVAL for a bad series or i >= s->n. */
herald_rc signals_judge(struct signals_point *out, const struct signals_series *s, size_t i,
                        const struct signals_params *p);

/* Judges every bucket of s into out[0..s->n) (caller's array). Returns
 * HERALD_OK even when some or all points are insufficient; HERALD_EINVAL
 * for a bad series. */
herald_rc signals_judge_all(struct signals_point *out, const struct signals_series *s,
                            const struct signals_params *p);

/* Forecasts the local day after the series' last full day (hourly series
 * are summed by day first) with an interval at level (0 = 0.8), by
 * additive Holt-Winters with weekly seasonality, its smoothing chosen by a
 * one-step-ahead backtest over the series, reported beside the seasonal
 * naive forecast (the same weekday a week before). With under 14 days,
 * out->insufficient is set and HERALD_OK returned. HERALD_EINVAL for a
 * bad series or level outside (0, 1). */
herald_rc signals_forecast_next_day(struct signals_forecast *out, const struct signals_series *s,
                                    double level);

#endif
