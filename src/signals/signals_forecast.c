/* Next-day volume forecast: additive Holt-Winters (level + weekly season,
 * no trend) on the daily counts, its smoothing picked from a small grid by
 * one-step-ahead backtest error, the interval from the backtest residual
 * quantiles (never narrower than Poisson noise), reported beside the
 * seasonal naive forecast (the same weekday a week before). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "signals/signals.h"
#include "signals/signals_internal.h"
#include "util/xalloc.h"

static const double alphas[] = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7};
static const double gammas[] = {0.05, 0.1, 0.2, 0.3, 0.5};

/* Residuals needed before a rolling interval is judged for coverage. */
#define MIN_RESID 10

struct hw_run {
    double next;   /* forecast for day n */
    double *resid; /* one-step errors y[t] - f[t] for t = 7 .. n-1 */
    double *fc;    /* the forecasts themselves */
    double mae;
};

/* Runs Holt-Winters over y[0..n) (n >= 14) with alpha, gamma; fills r
 * (resid and fc are the caller's arrays of n - 7). */
static void hw_run(struct hw_run *r, const double *y, size_t n, double alpha, double gamma)
{
    double level = 0, season[7];
    for (size_t j = 0; j < 7; j++)
        level += y[j] / 7;
    for (size_t j = 0; j < 7; j++)
        season[j] = y[j] - level;
    double abs_sum = 0;
    for (size_t t = 7; t < n; t++) {
        double f = level + season[t % 7];
        r->fc[t - 7] = f > 0 ? f : 0;
        r->resid[t - 7] = y[t] - r->fc[t - 7];
        abs_sum += fabs(r->resid[t - 7]);
        double nl = alpha * (y[t] - season[t % 7]) + (1 - alpha) * level;
        season[t % 7] = gamma * (y[t] - nl) + (1 - gamma) * season[t % 7];
        level = nl;
    }
    double f = level + season[n % 7];
    r->next = f > 0 ? f : 0;
    r->mae = abs_sum / (double)(n - 7);
}

/* Returns the interval's half-widths around f from residuals e[0..m). */
static void interval(double *lo, double *hi, const double *e, size_t m, double f, double level)
{
    double *tmp = xmalloc((m ? m : 1) * sizeof *tmp);
    memcpy(tmp, e, m * sizeof *tmp);
    double qlo = signals_quantile(tmp, m, (1 - level) / 2);
    double qhi = signals_quantile(tmp, m, 1 - (1 - level) / 2);
    free(tmp);
    double pois = signals_norm_quantile(1 - (1 - level) / 2) * sqrt(f > 1 ? f : 1);
    *lo = f + (qlo < -pois ? qlo : -pois);
    *hi = f + (qhi > pois ? qhi : pois);
    if (*lo < 0)
        *lo = 0;
}

/* Fills the errors of out: the method's (r) and the seasonal naive's. */
static void backtest(struct signals_forecast *out, const struct hw_run *r, const double *y,
                     size_t n)
{
    double a = 0, a2 = 0, b = 0, b2 = 0;
    size_t m = n - 7, in = 0, judged = 0;
    for (size_t t = 7; t < n; t++) {
        double e = r->resid[t - 7], en = y[t] - y[t - 7];
        a += fabs(e);
        a2 += e * e;
        b += fabs(en);
        b2 += en * en;
        if (t - 7 >= MIN_RESID) {
            double lo, hi;
            interval(&lo, &hi, r->resid, t - 7, r->fc[t - 7], out->level);
            in += y[t] >= lo && y[t] <= hi;
            judged++;
        }
    }
    out->backtest_n = m;
    out->mae = a / (double)m;
    out->rmse = sqrt(a2 / (double)m);
    out->mae_naive = b / (double)m;
    out->rmse_naive = sqrt(b2 / (double)m);
    out->coverage = judged ? (double)in / (double)judged : -1;
}

/* Returns the full local days of s as counts in *out (caller frees), their
 * number in *n and the first day's start in *first. */
static herald_rc full_days(double **out, size_t *n, int64_t *first, const struct signals_series *s)
{
    struct signals_series d;
    herald_rc rc = signals_series_to_days(&d, s);
    if (rc)
        return rc;
    size_t skip = 0, drop = 0;
    if (s->step == SIGNALS_HOUR) {
        skip = (s->start + s->utc_offset) % SIGNALS_DAY != 0;
        drop = (s->start + (int64_t)s->n * s->step + s->utc_offset) % SIGNALS_DAY != 0;
    }
    if (s->first) { /* the first day with data, whole */
        size_t data_day =
            (size_t)((s->start - d.start + (int64_t)s->first * s->step + SIGNALS_DAY - 1) /
                     SIGNALS_DAY);
        skip = data_day > skip ? data_day : skip;
    }
    *n = d.n >= skip + drop ? d.n - skip - drop : 0;
    *first = d.start + (int64_t)skip * SIGNALS_DAY;
    *out = xmalloc((*n ? *n : 1) * sizeof **out);
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = (double)d.b[i + skip].count;
    signals_series_clear(&d);
    return HERALD_OK;
}

herald_rc signals_forecast_next_day(struct signals_forecast *out, const struct signals_series *s,
                                    double level)
{
    double *y = NULL;
    size_t n = 0;
    int64_t first = 0;
    memset(out, 0, sizeof *out);
    out->level = level == 0 ? 0.8 : level;
    if (!(out->level > 0 && out->level < 1))
        return herald_error_set(HERALD_EINVAL, "forecast: level must be in (0, 1)");
    herald_rc rc = full_days(&y, &n, &first, s);
    if (rc)
        goto done;
    out->day_start = first + (int64_t)n * SIGNALS_DAY;
    if (n < SIGNALS_MIN_HISTORY_DAYS) {
        out->insufficient = true;
        herald_error_set(HERALD_OK, "insufficient history: %zu days, need %d", n,
                         SIGNALS_MIN_HISTORY_DAYS);
        goto done;
    }
    struct hw_run best = {.mae = INFINITY}, cur;
    best.resid = xmalloc(n * sizeof(double));
    best.fc = xmalloc(n * sizeof(double));
    cur.resid = xmalloc(n * sizeof(double));
    cur.fc = xmalloc(n * sizeof(double));
    for (size_t a = 0; a < sizeof alphas / sizeof *alphas; a++)
        for (size_t g = 0; g < sizeof gammas / sizeof *gammas; g++) {
            hw_run(&cur, y, n, alphas[a], gammas[g]);
            if (cur.mae < best.mae) {
                struct hw_run t = best;
                best = cur;
                cur = t;
                out->alpha = alphas[a];
                out->gamma = gammas[g];
            }
        }
    out->value = best.next;
    interval(&out->lo, &out->hi, best.resid, n - 7, best.next, out->level);
    backtest(out, &best, y, n);
    free(best.resid);
    free(best.fc);
    free(cur.resid);
    free(cur.fc);
done:
    free(y);
    return rc;
}
