/* GET /api/v1/stats/volume: article counts and tone toward the country
 * (mean score, negative/neutral/positive counts) per day or week and per
 * group (country, language, topic, source or none), over the same filters
 * as the article list; the store answers from its hourly rollups when the
 * filters allow and from the articles otherwise (store_series_volume()),
 * and weeks are merged here. GET /api/v1/stats/signals: one series with
 * its seasonal baseline, band, spikes, negative shifts and the next-day
 * forecast (src/signals). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/api.h"
#include "http/api_json.h"
#include "signals/signals.h"
#include "store/store_series.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_CELLS 200000

static const char *const group_names[] = {"none", "country", "lang", "topic", "source"};

static const char *const params[] = {"q",        "lang",  "country",   "source", "since",
                                     "until",    "days",  "relevance", "tone",   "topic",
                                     "interval", "group", NULL};

#define MAX_DAYS 3660

/* One (group, bucket) cell of the series. */
struct cell {
    char group[64]; /* "" = none / unknown */
    int64_t day;    /* first day of the bucket, days since the epoch */
    int64_t count, scored, neg, neu, pos;
    double tone_sum;
};

struct volume {
    struct cell *v;
    size_t n, cap;
    json_t *index; /* "group\x1fday" -> index in v */
    bool week;
};

/* Returns the cell for (group, day), adding it; NULL past MAX_CELLS. */
static struct cell *cell_for(struct volume *vol, const char *group, size_t glen, int64_t day)
{
    char key[96];
    if (glen >= sizeof vol->v->group)
        glen = sizeof vol->v->group - 1;
    snprintf(key, sizeof key, "%.*s\x1f%lld", (int)glen, group, (long long)day);
    json_t *ix = json_object_get(vol->index, key);
    if (ix)
        return &vol->v[json_integer_value(ix)];
    if (vol->n >= MAX_CELLS)
        return NULL;
    if (vol->n == vol->cap) {
        vol->cap = vol->cap ? vol->cap * 2 : 64;
        vol->v = xrealloc(vol->v, vol->cap * sizeof *vol->v);
    }
    struct cell *c = &vol->v[vol->n];
    memset(c, 0, sizeof *c);
    memcpy(c->group, group, glen);
    c->day = day;
    json_object_set_new(vol->index, key, json_integer((json_int_t)vol->n++));
    return c;
}

/* store_volume_fn: adds one (group, day) cell's counts. */
static herald_rc add_cell(void *ctx, const char *group, int64_t day, const struct signals_bucket *b)
{
    struct volume *vol = ctx;
    size_t n = strlen(group);
    if (vol->week)
        day -= ((day + 3) % 7 + 7) % 7; /* back to Monday (day 0 was a Thursday) */
    if (n && !str_valid_utf8(group, n))
        n = 0;
    struct cell *c = cell_for(vol, group, n, day);
    if (!c)
        return herald_error_set(HERALD_ETOOBIG, "over %d series points: narrow the dates",
                                MAX_CELLS);
    c->count += b->count;
    c->tone_sum += b->tone_sum;
    c->scored += b->scored;
    c->neg += b->neg;
    c->neu += b->neu;
    c->pos += b->pos;
    return HERALD_OK;
}

static int by_group_day(const void *a, const void *b)
{
    const struct cell *x = a, *y = b;
    int c = strcmp(x->group, y->group);
    return c ? c : (x->day > y->day) - (x->day < y->day);
}

static json_t *point_json(const struct cell *c)
{
    char iso[32];
    date_format_iso(iso, c->day * 86400);
    iso[10] = '\0';
    return json_pack("{s:s, s:I, s:{s:o, s:I, s:I, s:I, s:I}}", "date", iso, "count",
                     (json_int_t)c->count, "tone", "mean",
                     c->scored ? json_real(c->tone_sum / (double)c->scored) : json_null(), "scored",
                     (json_int_t)c->scored, "negative", (json_int_t)c->neg, "neutral",
                     (json_int_t)c->neu, "positive", (json_int_t)c->pos);
}

/* Turns the cells into [{"group", "total", "points": [...]}]. */
static json_t *series_json(struct volume *vol)
{
    json_t *series = json_array(), *cur = NULL;
    if (vol->n) /* qsort(NULL, 0) is undefined */
        qsort(vol->v, vol->n, sizeof *vol->v, by_group_day);
    for (size_t i = 0; i < vol->n; i++) {
        struct cell *c = &vol->v[i];
        if (!cur || strcmp(c->group, vol->v[i - 1].group)) {
            cur = json_pack("{s:o, s:I, s:[]}", "group",
                            c->group[0] ? api_str(c->group) : json_null(), "total", (json_int_t)0,
                            "points");
            json_array_append_new(series, cur);
        }
        json_t *total = json_object_get(cur, "total");
        json_integer_set(total, json_integer_value(total) + c->count);
        json_array_append_new(json_object_get(cur, "points"), point_json(c));
    }
    return series;
}

/* Sets f's since to the start of the office's day days - 1 before today
 * (days = 1: today) for "days"; HERALD_EINVAL when v is not 1..MAX_DAYS
 * or since is given too. */
static herald_rc parse_days(struct api_filters *f, const char *v, bool has_since)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 1 || n > MAX_DAYS)
        return herald_error_set(HERALD_EINVAL, "days: '%.40s' is not a whole number 1..%d", v,
                                MAX_DAYS);
    if (has_since)
        return herald_error_set(HERALD_EINVAL, "days and since exclude each other");
    f->sq.since = date_office_day_start(date_office_day((int64_t)time(NULL)) - (n - 1));
    return HERALD_OK;
}

/* Returns the answer: interval, group, the office's time zone and today,
 * the first day asked for (null when none) and the series. */
static json_t *volume_json(struct volume *vol, const char *group, int64_t since)
{
    char off[8], today[16], first[16];
    date_office_offset_iso(off);
    date_office_date(today, (int64_t)time(NULL));
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "interval", vol->week ? "week" : "day",
                     "group", group, "utc_offset", off, "today", today, "since",
                     since ? json_string(date_office_date(first, since)) : json_null(), "series",
                     series_json(vol));
}

/* Parses the parameters: filters into f, interval and group. */
static herald_rc parse_params(struct api_filters *f, bool *week, size_t *group,
                              const struct http_query *q)
{
    herald_rc rc = http_query_check(q, params);
    const char *days = NULL;
    memset(f, 0, sizeof *f);
    *week = false;
    *group = 0;
    for (size_t i = 0; i < q->n && !rc; i++) {
        const char *k = q->v[i].key, *v = q->v[i].value;
        if (!strcmp(k, "days")) {
            days = v;
        } else if (!strcmp(k, "interval")) {
            if (strcmp(v, "day") && strcmp(v, "week"))
                return herald_error_set(HERALD_EINVAL, "interval: '%.40s' is not day or week", v);
            *week = v[0] == 'w';
        } else if (!strcmp(k, "group")) {
            size_t g = 0;
            while (g < sizeof group_names / sizeof group_names[0] && strcmp(group_names[g], v))
                g++;
            if (g == sizeof group_names / sizeof group_names[0])
                return herald_error_set(HERALD_EINVAL,
                                        "group: '%.40s' is not one of country, "
                                        "lang, topic, source, none",
                                        v);
            *group = g;
        } else {
            rc = api_filter_parse(f, k, v);
        }
    }
    if (!rc && days)
        rc = parse_days(f, days, f->sq.since != 0);
    if (!rc && f->sq.since && f->sq.until && f->sq.since >= f->sq.until)
        rc = herald_error_set(HERALD_EINVAL, "since must be before until");
    return rc;
}

void api_stats_volume(struct http_resp *out, const struct http_req *req)
{
    struct api_filters f;
    struct volume vol = {.index = json_object()};
    size_t g = 0;
    herald_rc rc = parse_params(&f, &vol.week, &g, &req->query);
    if (rc) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        goto done;
    }
    /* group_names[] is in enum store_dim order ("none" = STORE_DIM_ALL) */
    rc = store_series_volume(req->st, (enum store_dim)g, &f.sq, add_cell, &vol, NULL);
    if (rc) {
        bool bad = rc == HERALD_EINVAL || rc == HERALD_ETOOBIG;
        http_resp_error(out, bad ? 400 : 500, bad ? "bad_request" : "internal", "%s",
                        herald_error_last());
        goto done;
    }
    http_resp_json(out, volume_json(&vol, group_names[g], f.sq.since));
done:
    json_decref(vol.index);
    free(vol.v);
}

/* ---- GET /api/v1/stats/signals ---- */

static const char *const signal_params[] = {"dim",     "key",    "resolution", "q",     "lang",
                                            "country", "source", "since",      "until", "relevance",
                                            "tone",    "topic",  NULL};

struct signal_req {
    struct api_filters f;
    enum store_dim dim;
    bool has_dim, has_filter;
    const char *key;
    int step;
    int64_t shown_since; /* the first point answered; earlier ones are history */
};

/* Parses the parameters of /stats/signals into r. */
static herald_rc signal_parse(struct signal_req *r, const struct http_query *q)
{
    herald_rc rc = http_query_check(q, signal_params);
    memset(r, 0, sizeof *r);
    r->step = SIGNALS_DAY;
    r->key = "";
    for (size_t i = 0; i < q->n && !rc; i++) {
        const char *k = q->v[i].key, *v = q->v[i].value;
        if (!strcmp(k, "dim")) {
            rc = store_dim_parse(&r->dim, v);
            r->has_dim = true;
        } else if (!strcmp(k, "key")) {
            r->key = v;
        } else if (!strcmp(k, "resolution")) {
            if (strcmp(v, "hour") && strcmp(v, "day"))
                return herald_error_set(HERALD_EINVAL, "resolution: '%.40s' is not hour or day", v);
            r->step = v[0] == 'h' ? SIGNALS_HOUR : SIGNALS_DAY;
        } else {
            rc = api_filter_parse(&r->f, k, v);
            r->has_filter |= strcmp(k, "since") && strcmp(k, "until");
        }
    }
    if (!rc && r->has_dim && r->has_filter)
        rc = herald_error_set(HERALD_EINVAL, "dim and article filters exclude each other: "
                                             "give one dimension or a saved query's filters");
    if (!rc && r->has_dim && r->dim != STORE_DIM_ALL && !*r->key)
        rc = herald_error_set(HERALD_EINVAL, "key: required with dim=%s", store_dim_name(r->dim));
    return rc;
}

/* Reads the series r asks for over [since, until) into *s; *from says
 * whether it came from the rollups or the articles. */
static herald_rc signal_series(struct signals_series *s, const char **from, struct store *st,
                               struct signal_req *r, int64_t since, int64_t until)
{
    int off = date_office_offset();
    char key[64];
    enum store_dim d = r->dim;
    const char *k = r->key;
    *from = "rollup";
    if (!r->has_dim) {
        if (!store_series_rollup_fits(&r->f.sq, &d, key)) {
            *from = "articles";
            return store_series_query(st, s, &r->f.sq, r->step, off, since, until);
        }
        k = key;
    }
    if (d == STORE_DIM_STORY)
        *from = "articles";
    return store_series_read(st, s, d, k, r->step, off, since, until);
}

static json_t *num_or_null(bool ok, double v)
{
    return ok ? json_real(v) : json_null();
}

/* Returns one point of the series as JSON. */
static json_t *signal_point(const struct signals_series *s, size_t i, const struct signals_point *p)
{
    const struct signals_bucket *b = &s->b[i];
    bool ok = !p->insufficient;
    return json_pack(
        "{s:o, s:I, s:{s:o, s:I, s:I, s:I, s:I}, s:b, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:b}",
        "start", api_date(s->start + (int64_t)i * s->step), "count", (json_int_t)b->count, "tone",
        "mean", b->scored ? json_real(b->tone_sum / (double)b->scored) : json_null(), "scored",
        (json_int_t)b->scored, "negative", (json_int_t)b->neg, "neutral", (json_int_t)b->neu,
        "positive", (json_int_t)b->pos, "insufficient_history", p->insufficient, "expected",
        num_or_null(ok, p->expected), "lo", num_or_null(ok, p->lo), "hi", num_or_null(ok, p->hi),
        "score", num_or_null(ok, p->score), "spike", p->spike, "negative_share",
        num_or_null(p->neg_share >= 0, p->neg_share), "negative_baseline",
        num_or_null(ok && p->neg_base >= 0, p->neg_base), "negative_z", num_or_null(ok, p->neg_z),
        "negative_shift", p->neg_shift);
}

/* Returns the forecast as JSON. */
static json_t *signal_forecast(const struct signals_forecast *f)
{
    char day[32];
    date_format_iso(day, f->day_start + date_office_offset());
    day[10] = '\0';
    if (f->insufficient)
        return json_pack("{s:s, s:b, s:s}", "date", day, "insufficient_history", 1, "message",
                         "insufficient history: a forecast needs 14 full days");
    return json_pack("{s:s, s:o, s:f, s:f, s:f, s:f, s:s, s:{s:I, s:f, s:f, s:f, s:f, s:o}}",
                     "date", day, "start", api_date(f->day_start), "value", f->value, "lo", f->lo,
                     "hi", f->hi, "level", f->level, "method", "holt-winters weekly", "backtest",
                     "days", (json_int_t)f->backtest_n, "mae", f->mae, "mae_seasonal_naive",
                     f->mae_naive, "rmse", f->rmse, "rmse_seasonal_naive", f->rmse_naive,
                     "coverage", num_or_null(f->coverage >= 0, f->coverage));
}

/* Returns the whole answer for series s. */
static json_t *signal_json(const struct signal_req *r, const struct signals_series *s,
                           const char *from)
{
    struct signals_point *p = xcalloc(s->n ? s->n : 1, sizeof *p);
    struct signals_forecast fc;
    json_t *points = json_array(), *spikes = json_array(), *shifts = json_array();
    char off[8];
    date_office_offset_iso(off);
    signals_judge_all(p, s, NULL);
    signals_forecast_next_day(&fc, s, 0.8);
    for (size_t i = signals_index_at(s, r->shown_since); i < s->n; i++) {
        json_array_append_new(points, signal_point(s, i, &p[i]));
        if (p[i].spike)
            json_array_append_new(spikes, api_date(s->start + (int64_t)i * s->step));
        if (p[i].neg_shift)
            json_array_append_new(shifts, api_date(s->start + (int64_t)i * s->step));
    }
    free(p);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o}", "dim",
                     r->has_dim ? store_dim_name(r->dim) : "query", "key", r->key, "resolution",
                     s->step == SIGNALS_HOUR ? "hour" : "day", "utc_offset", off, "from", from,
                     "min_history_days", SIGNALS_MIN_HISTORY_DAYS, "points", points, "spikes",
                     spikes, "negative_shifts", shifts, "forecast", signal_forecast(&fc));
}

void api_stats_signals(struct http_resp *out, const struct http_req *req)
{
    struct signal_req r;
    struct signals_series s = {0};
    const char *from = "";
    herald_rc rc = signal_parse(&r, &req->query);
    int64_t until = r.f.sq.until ? r.f.sq.until : ((int64_t)time(NULL) / 3600 + 1) * 3600;
    int64_t since =
        r.f.sq.since ? r.f.sq.since : until - (r.step == SIGNALS_HOUR ? 35 : 91) * (int64_t)86400;
    r.f.sq.since = r.f.sq.until = 0;
    r.shown_since = since;
    since = signals_lookback_start(since, until, r.has_dim ? 0 : STORE_SERIES_MAX_SCAN_DAYS);
    if (!rc)
        rc = signal_series(&s, &from, req->st, &r, since, until);
    if (rc) {
        bool bad = rc == HERALD_EINVAL || rc == HERALD_ETOOBIG;
        http_resp_error(out, bad ? 400 : 500, bad ? "bad_request" : "internal", "%s",
                        herald_error_last());
        goto done;
    }
    http_resp_json(out, signal_json(&r, &s, from));
done:
    signals_series_clear(&s);
}
