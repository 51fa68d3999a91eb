/* Small robust statistics for src/signals: quantiles, the median absolute
 * deviation and the standard normal quantile. */
#include <math.h>
#include <stdlib.h>

#include "signals/signals_internal.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double signals_quantile(double *v, size_t n, double q)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    double pos = q * (double)(n - 1);
    size_t lo = (size_t)floor(pos);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (pos - (double)lo) * (v[hi] - v[lo]);
}

double signals_mad(double *v, size_t n)
{
    if (!n)
        return 0;
    double med = signals_quantile(v, n, 0.5);
    for (size_t i = 0; i < n; i++)
        v[i] = fabs(v[i] - med);
    return signals_quantile(v, n, 0.5);
}

double signals_norm_quantile(double p)
{
    /* Bisection on erfc: 60 halvings are ample for a band width. */
    double lo = -10, hi = 10;
    for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (0.5 * erfc(-mid / sqrt(2.0)) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}
