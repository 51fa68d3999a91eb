/* Helpers shared by the src/signals files: checks, floor division and the
 * small robust statistics (median, MAD, quantiles). Not part of the API. */
#ifndef HERALD_SIGNALS_INTERNAL_H
#define HERALD_SIGNALS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "signals/signals.h"

/* Returns floor(a / b) for b > 0. */
int64_t signals_floor_div(int64_t a, int64_t b);

/* Returns HERALD_OK for a usable series, HERALD_EINVAL with a message. */
herald_rc signals_check(const struct signals_series *s);

/* Returns the q-quantile (0..1, linear interpolation) of v[0..n), sorting
 * v in place; 0 when n is 0. */
double signals_quantile(double *v, size_t n, double q);

/* Returns the median absolute deviation from the median of v[0..n),
 * reordering v; 0 when n is 0. */
double signals_mad(double *v, size_t n);

/* Returns the standard normal quantile of p in (0, 1). */
double signals_norm_quantile(double p);

#endif
