/* Spike and negative-shift judgement of one bucket. The expected count
 * blends the median of the same slot (weekday, and hour for hourly
 * series) over past weeks with last week's level times that slot's share
 * of the past weeks. The score is the distance on the Anscombe scale
 * (2 sqrt(x + 3/8), where Poisson noise has unit variance, so small counts
 * are judged fairly) over a dispersion from the MAD of week-over-week
 * differences on that scale (1 for Poisson data, more for news bursts).
 * The negative shift is a two-proportion z test of the window's negative
 * share against the preceding baseline days. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "signals/signals.h"
#include "signals/signals_internal.h"
#include "util/xalloc.h"

#define MAX_WEEKS 12

static double or_default(double v, double d)
{
    return v > 0 ? v : d;
}

/* Returns p with zero fields replaced by their defaults for step. */
static struct signals_params params_for(const struct signals_params *p, int step)
{
    struct signals_params r = {0};
    if (p)
        r = *p;
    r.spike_z = or_default(r.spike_z, 4.0);
    r.spike_min = r.spike_min > 0 ? r.spike_min : 5;
    r.spike_ratio = or_default(r.spike_ratio, 1.8);
    r.weeks = r.weeks > 0 ? (r.weeks > MAX_WEEKS ? MAX_WEEKS : r.weeks) : 4;
    r.band_z = or_default(r.band_z, 2.0);
    r.shift_z = or_default(r.shift_z, 4.0);
    r.shift_min_n = r.shift_min_n > 0 ? r.shift_min_n : 10;
    r.shift_delta = or_default(r.shift_delta, 0.15);
    if (r.shift_window <= 0)
        r.shift_window = step == SIGNALS_HOUR ? 24 : 1;
    r.baseline_days = r.baseline_days > 0 ? r.baseline_days : 28;
    return r;
}

/* Returns sqrt(x + 3/8): Anscombe's transform, under which a Poisson
 * count has a variance near 1/4 whatever its mean. */
static double ans(double x)
{
    return sqrt((x > 0 ? x : 0) + 0.375);
}

/* Returns the dispersion (>= 1) of the week-over-week differences of the
 * (up to 4 weeks of) buckets before i on the Anscombe scale, where Poisson
 * noise gives 1; w is a week in buckets. */
static double dispersion(const struct signals_series *s, size_t i, size_t w)
{
    size_t from = i >= 5 * w ? i - 4 * w : w;
    if (from < s->first + w)
        from = s->first + w;
    if (from > i)
        from = i;
    size_t n = 0;
    double *z = xmalloc((i - from + 1) * sizeof *z);
    for (size_t j = from; j < i; j++)
        z[n++] = 2 * (ans((double)s->b[j].count) - ans((double)s->b[j - w].count)) / sqrt(2.0);
    double d = 1.4826 * signals_mad(z, n);
    free(z);
    return d > 1.0 ? d : 1.0;
}

/* Fills the spike fields of out for bucket i (history checked). */
static void judge_spike(struct signals_point *out, const struct signals_series *s, size_t i,
                        const struct signals_params *p, double *disp)
{
    size_t w = (size_t)(7 * SIGNALS_DAY / s->step);
    size_t h = (i - s->first) / w; /* whole weeks of history */
    size_t k = h < (size_t)p->weeks ? h : (size_t)p->weeks;
    double same[MAX_WEEKS], same_sum = 0, all = 0, last = 0;
    for (size_t j = 1; j <= k; j++) {
        same[j - 1] = (double)s->b[i - j * w].count;
        same_sum += same[j - 1];
    }
    for (size_t j = i - k * w; j < i; j++)
        all += (double)s->b[j].count;
    for (size_t j = i - w; j < i; j++)
        last += (double)s->b[j].count;
    double share = all > 0 ? same_sum / all : 1.0 / (double)w; /* slot's share of a week */
    double seasonal = signals_quantile(same, k, 0.5);
    double expected = 0.5 * seasonal + 0.5 * last * share;
    /* the baseline's own error, as if it were the mean of k weeks */
    double own = 0; /* the dispersion when the caller keeps none */
    if (!disp)
        disp = &own;
    if (*disp <= 0)
        *disp = dispersion(s, i, w);
    double phi = *disp * sqrt(1.0 + 1.0 / (double)k), y = (double)s->b[i].count;
    double root = ans(expected), half = p->band_z * phi / 2;
    out->expected = expected;
    out->spread = phi * sqrt(expected > 1.0 ? expected : 1.0);
    out->lo = root > half ? (root - half) * (root - half) - 0.375 : 0;
    out->lo = out->lo > 0 ? out->lo : 0;
    out->hi = (root + half) * (root + half) - 0.375;
    out->score = 2 * (ans(y) - root) / phi;
    out->spike =
        out->score >= p->spike_z && s->b[i].count >= p->spike_min && y >= p->spike_ratio * expected;
}

/* Returns the z of k1 negatives in n1 against k0 in n0: the smaller of
 * the pooled two-proportion z and, for n1 <= 1000 and z >= 2, the normal quantile of
 * the exact binomial upper tail at the (smoothed) baseline share, which
 * keeps small windows from firing on the normal approximation's tail. */
static double shift_z(int64_t k1, int64_t n1, int64_t k0, int64_t n0)
{
    double p1 = (double)k1 / (double)n1, p0 = (double)k0 / (double)n0;
    double pool = (double)(k1 + k0) / (double)(n1 + n0);
    double se = sqrt(pool * (1 - pool) * (1.0 / (double)n1 + 1.0 / (double)n0));
    double z = se > 0 ? (p1 - p0) / se : 0;
    if (n1 > 1000 || z < 2) /* below 2 the exact tail changes no verdict */
        return z;
    double q = ((double)k0 + 1) / ((double)n0 + 2), tail = 0;
    for (int64_t x = k1; x <= n1; x++)
        tail += exp(lgamma((double)n1 + 1) - lgamma((double)x + 1) - lgamma((double)(n1 - x) + 1) +
                    (double)x * log(q) + (double)(n1 - x) * log1p(-q));
    if (tail >= 0.5)
        return 0;
    double exact = tail > 1e-300 ? signals_norm_quantile(1 - tail) : 10;
    return exact < z ? exact : z;
}

/* Fills the negative-shift fields of out for bucket i. */
static void judge_shift(struct signals_point *out, const struct signals_series *s, size_t i,
                        const struct signals_params *p)
{
    size_t per_day = (size_t)(SIGNALS_DAY / s->step);
    size_t win = (size_t)p->shift_window <= i + 1 ? (size_t)p->shift_window : i + 1;
    size_t wstart = i + 1 - win;
    size_t span = (size_t)p->baseline_days * per_day;
    size_t bstart = wstart > span ? wstart - span : 0;
    if (bstart < s->first)
        bstart = s->first < wstart ? s->first : wstart;
    int64_t n1 = 0, k1 = 0, n0 = 0, k0 = 0;
    for (size_t j = wstart; j <= i; j++) {
        n1 += s->b[j].scored;
        k1 += s->b[j].neg;
    }
    for (size_t j = bstart; j < wstart; j++) {
        n0 += s->b[j].scored;
        k0 += s->b[j].neg;
    }
    double p1 = n1 ? (double)k1 / (double)n1 : -1, p0 = n0 ? (double)k0 / (double)n0 : -1;
    out->neg_share = p1;
    out->neg_base = p0;
    out->neg_n = n1;
    out->neg_z = 0;
    if (n1 && n0)
        out->neg_z = shift_z(k1, n1, k0, n0);
    out->neg_shift = n1 >= p->shift_min_n && n0 >= p->shift_min_n && out->neg_z >= p->shift_z &&
                     p1 - p0 >= p->shift_delta;
}

/* signals_judge() with the spike dispersion taken from *disp when it is
 * positive and stored there when computed (disp may be NULL). */
static herald_rc judge(struct signals_point *out, const struct signals_series *s, size_t i,
                       const struct signals_params *p, double *disp)
{
    memset(out, 0, sizeof *out);
    out->neg_share = out->neg_base = -1;
    herald_rc rc = signals_check(s);
    if (rc)
        return rc;
    if (i >= s->n)
        return herald_error_set(HERALD_EINVAL, "series: bucket %zu of %zu", i, s->n);
    struct signals_params prm = params_for(p, s->step);
    size_t per_day = (size_t)(SIGNALS_DAY / s->step);
    if (i < s->first + SIGNALS_MIN_HISTORY_DAYS * per_day) {
        out->insufficient = true;
        herald_error_set(HERALD_OK, "insufficient history: %zu days, need %d",
                         i > s->first ? (i - s->first) / per_day : 0, SIGNALS_MIN_HISTORY_DAYS);
        return HERALD_OK;
    }
    judge_spike(out, s, i, &prm, disp);
    judge_shift(out, s, i, &prm);
    return HERALD_OK;
}

herald_rc signals_judge(struct signals_point *out, const struct signals_series *s, size_t i,
                        const struct signals_params *p)
{
    return judge(out, s, i, p, NULL);
}

herald_rc signals_judge_all(struct signals_point *out, const struct signals_series *s,
                            const struct signals_params *p)
{
    /* An hourly series reuses one day's dispersion (a sort of four weeks
     * of differences) for all 24 hours of that day. */
    herald_rc rc = signals_check(s);
    double disp = 0;
    for (size_t i = 0; !rc && i < s->n; i++) {
        if (s->step == SIGNALS_DAY ||
            (s->start + (int64_t)i * s->step + s->utc_offset) % SIGNALS_DAY == 0)
            disp = 0;
        rc = judge(&out[i], s, i, p, &disp);
    }
    return rc;
}
