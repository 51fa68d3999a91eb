/* Series bookkeeping for src/signals: allocation, local weekdays and the
 * hourly-to-daily sum by the office's local day. */
#include <stdlib.h>
#include <string.h>

#include "signals/signals.h"
#include "signals/signals_internal.h"
#include "util/xalloc.h"

int64_t signals_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

herald_rc signals_check(const struct signals_series *s)
{
    if (!s || (s->step != SIGNALS_HOUR && s->step != SIGNALS_DAY))
        return herald_error_set(HERALD_EINVAL, "series: step must be 3600 or 86400");
    if (s->utc_offset % SIGNALS_HOUR || s->utc_offset < -14 * 3600 || s->utc_offset > 14 * 3600)
        return herald_error_set(HERALD_EINVAL, "series: utc offset must be whole hours in +-14");
    if ((s->start + s->utc_offset) % s->step)
        return herald_error_set(HERALD_EINVAL, "series: start is not on a local bucket boundary");
    if (s->n && !s->b)
        return herald_error_set(HERALD_EINVAL, "series: no buckets");
    return HERALD_OK;
}

herald_rc signals_series_init(struct signals_series *out, int64_t start, int step, int utc_offset,
                              size_t n)
{
    memset(out, 0, sizeof *out);
    struct signals_series s = {.start = start, .step = step, .utc_offset = utc_offset};
    herald_rc rc = signals_check(&s);
    if (rc)
        return rc;
    s.n = n;
    s.b = xcalloc(n ? n : 1, sizeof *s.b);
    *out = s;
    return HERALD_OK;
}

int64_t signals_lookback_start(int64_t since, int64_t until, int max_days)
{
    int64_t start = since - (int64_t)SIGNALS_LOOKBACK_DAYS * SIGNALS_DAY;
    int64_t floor = until - (int64_t)max_days * SIGNALS_DAY;
    if (max_days > 0 && start < floor)
        start = floor < since ? floor : since;
    return start;
}

size_t signals_index_at(const struct signals_series *s, int64_t t)
{
    if (!s->n || t <= s->start)
        return 0;
    size_t i = (size_t)((t - s->start) / s->step);
    return i < s->n ? i : s->n;
}

void signals_series_clear(struct signals_series *s)
{
    if (!s)
        return;
    free(s->b);
    memset(s, 0, sizeof *s);
}

int signals_weekday(const struct signals_series *s, size_t i)
{
    int64_t day = signals_floor_div(s->start + (int64_t)i * s->step + s->utc_offset, SIGNALS_DAY);
    return (int)(((day + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
}

static void bucket_add(struct signals_bucket *to, const struct signals_bucket *b)
{
    to->count += b->count;
    to->scored += b->scored;
    to->neg += b->neg;
    to->neu += b->neu;
    to->pos += b->pos;
    to->tone_sum += b->tone_sum;
}

herald_rc signals_series_to_days(struct signals_series *out, const struct signals_series *s)
{
    memset(out, 0, sizeof *out);
    herald_rc rc = signals_check(s);
    if (rc)
        return rc;
    int64_t off = s->utc_offset;
    int64_t first = signals_floor_div(s->start + off, SIGNALS_DAY);
    int64_t last =
        s->n ? signals_floor_div(s->start + (int64_t)(s->n - 1) * s->step + off, SIGNALS_DAY)
             : first - 1;
    rc = signals_series_init(out, first * SIGNALS_DAY - off, SIGNALS_DAY, s->utc_offset,
                             (size_t)(last - first + 1));
    for (size_t i = 0; !rc && i < s->n; i++) {
        int64_t d = signals_floor_div(s->start + (int64_t)i * s->step + off, SIGNALS_DAY);
        bucket_add(&out->b[d - first], &s->b[i]);
    }
    return rc;
}
