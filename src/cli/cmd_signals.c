/* herald signals: one time series (a rollup dimension, or any article
 * filters) with its seasonal baseline, spikes, negative shifts and the
 * next-day forecast, as a table or JSON. Days are the office's local days
 * ([signals] utc_offset). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "cli/store_cli.h"
#include "signals/signals.h"
#include "store/store_series.h"
#include "util/date.h"

#define USAGE                                                                                      \
    "signals [--dim all|country|lang|topic|source|story --key K | --query "                        \
    "Q " STORE_CLI_FILTER_USAGE "] [--resolution hour|day] [--json]"

struct sig_args {
    struct search_query q;
    enum store_dim dim;
    const char *key;
    bool has_dim, json;
    int step;
    int64_t shown_since; /* the first point printed; earlier ones are history */
};

static int parse_args(struct sig_args *a, int argc, char **argv)
{
    static const struct option opts[] = {STORE_CLI_FILTER_OPTIONS,
                                         {"dim", required_argument, NULL, 'd'},
                                         {"key", required_argument, NULL, 'k'},
                                         {"query", required_argument, NULL, 'q'},
                                         {"resolution", required_argument, NULL, 'r'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int bad = 0;
        if (opt == 'j')
            a->json = true;
        else if (opt == 'd') {
            a->has_dim = true;
            if (store_dim_parse(&a->dim, optarg))
                return cli_fail("signals: --%s", herald_error_last());
        } else if (opt == 'k')
            a->key = optarg;
        else if (opt == 'q')
            a->q.q = optarg;
        else if (opt == 'r') {
            if (strcmp(optarg, "hour") && strcmp(optarg, "day"))
                return cli_fail("signals: --resolution: '%s' is not hour or day", optarg);
            a->step = optarg[0] == 'h' ? SIGNALS_HOUR : SIGNALS_DAY;
        } else if (opt >= STORE_CLI_LANG && opt <= STORE_CLI_LAST)
            bad = store_cli_filter(&a->q, opt, optarg);
        else
            return store_cli_bad_option("signals", USAGE, argv);
        if (bad)
            return bad;
    }
    if (optind != argc)
        return cli_usage("signals", USAGE);
    if (a->has_dim && a->dim != STORE_DIM_ALL && !a->key)
        return cli_fail("signals: --key is required with --dim %s", store_dim_name(a->dim));
    return 0;
}

/* Reads the series the arguments ask for. */
static herald_rc read_series(struct signals_series *s, struct store *st, struct sig_args *a)
{
    int64_t until = a->q.until ? a->q.until : ((int64_t)time(NULL) / 3600 + 1) * 3600;
    int64_t since =
        a->q.since ? a->q.since : until - (a->step == SIGNALS_HOUR ? 35 : 91) * (int64_t)86400;
    int off = date_office_offset();
    char key[64];
    enum store_dim d = a->dim;
    a->q.since = a->q.until = 0;
    a->shown_since = since;
    since = signals_lookback_start(since, until, a->has_dim ? 0 : STORE_SERIES_MAX_SCAN_DAYS);
    if (a->has_dim)
        return store_series_read(st, s, d, a->key ? a->key : "", a->step, off, since, until);
    if (store_series_rollup_fits(&a->q, &d, key))
        return store_series_read(st, s, d, key, a->step, off, since, until);
    return store_series_query(st, s, &a->q, a->step, off, since, until);
}

static void print_table(const struct signals_series *s, const struct signals_point *p, size_t first)
{
    printf("%-17s %7s %9s %15s %7s %6s  %s\n", "start (local)", "count", "expected", "band",
           "score", "neg%", "flags");
    for (size_t i = first; i < s->n; i++) {
        char t[32];
        date_format_iso(t, s->start + (int64_t)i * s->step + s->utc_offset);
        t[16] = '\0';
        t[10] = ' ';
        if (p[i].insufficient) {
            printf("%-17s %7lld %9s %15s %7s %6s  insufficient history\n", t,
                   (long long)s->b[i].count, "-", "-", "-", "-");
            continue;
        }
        char band[40], neg[16] = "-";
        snprintf(band, sizeof band, "%.1f..%.1f", p[i].lo, p[i].hi);
        if (p[i].neg_share >= 0)
            snprintf(neg, sizeof neg, "%.0f", 100 * p[i].neg_share);
        printf("%-17s %7lld %9.1f %15s %7.2f %6s  %s%s\n", t, (long long)s->b[i].count,
               p[i].expected, band, p[i].score, neg, p[i].spike ? "SPIKE " : "",
               p[i].neg_shift ? "NEGATIVE-SHIFT" : "");
    }
}

static void print_forecast(const struct signals_forecast *f)
{
    char t[32];
    date_format_iso(t, f->day_start + date_office_offset());
    t[10] = '\0';
    if (f->insufficient) {
        printf("forecast %s: insufficient history (needs %d full days)\n", t,
               SIGNALS_MIN_HISTORY_DAYS);
        return;
    }
    printf("forecast %s: %.1f articles (%.0f%% interval %.1f..%.1f), holt-winters weekly\n", t,
           f->value, 100 * f->level, f->lo, f->hi);
    printf("backtest over %zu days: MAE %.2f (seasonal naive %.2f), RMSE %.2f (%.2f),"
           " interval coverage %.0f%%\n",
           f->backtest_n, f->mae, f->mae_naive, f->rmse, f->rmse_naive, 100 * f->coverage);
}

static json_t *point_json(const struct signals_series *s, size_t i, const struct signals_point *p)
{
    char t[32];
    date_format_iso(t, s->start + (int64_t)i * s->step);
    json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:b, s:b, s:b}", "start", t, "count",
                          (json_int_t)s->b[i].count, "scored", (json_int_t)s->b[i].scored,
                          "negative", (json_int_t)s->b[i].neg, "insufficient_history",
                          p->insufficient, "spike", p->spike, "negative_shift", p->neg_shift);
    if (!p->insufficient) {
        json_object_set_new(o, "expected", json_real(p->expected));
        json_object_set_new(o, "lo", json_real(p->lo));
        json_object_set_new(o, "hi", json_real(p->hi));
        json_object_set_new(o, "score", json_real(p->score));
        json_object_set_new(o, "negative_z", json_real(p->neg_z));
    }
    return o;
}

static void print_json(const struct signals_series *s, const struct signals_point *p, size_t first,
                       const struct signals_forecast *f)
{
    json_t *pts = json_array();
    for (size_t i = first; i < s->n; i++)
        json_array_append_new(pts, point_json(s, i, &p[i]));
    json_t *fc =
        f->insufficient
            ? json_pack("{s:b}", "insufficient_history", 1)
            : json_pack("{s:f, s:f, s:f, s:f, s:I, s:f, s:f, s:f}", "value", f->value, "lo", f->lo,
                        "hi", f->hi, "level", f->level, "backtest_days", (json_int_t)f->backtest_n,
                        "mae", f->mae, "mae_seasonal_naive", f->mae_naive, "coverage", f->coverage);
    json_t *o =
        json_pack("{s:s, s:i, s:o, s:o}", "resolution", s->step == SIGNALS_HOUR ? "hour" : "day",
                  "utc_offset_s", s->utc_offset, "points", pts, "forecast", fc);
    json_dumpf(o, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(o);
}

int cmd_signals(struct cli_ctx *ctx, int argc, char **argv)
{
    struct sig_args a = {.step = SIGNALS_DAY};
    struct signals_series s = {0};
    struct signals_point *p = NULL;
    struct signals_forecast f;
    struct store *st = NULL;
    int status = parse_args(&a, argc, argv);
    if (status)
        return status;
    if (store_cli_open(ctx, &st))
        return 1;
    if (read_series(&s, st, &a) != HERALD_OK) {
        status = cli_fail("signals: %s", herald_error_last());
        goto done;
    }
    p = calloc(s.n ? s.n : 1, sizeof *p);
    signals_judge_all(p, &s, NULL);
    signals_forecast_next_day(&f, &s, 0.8);
    if (a.json) {
        print_json(&s, p, signals_index_at(&s, a.shown_since), &f);
    } else {
        print_table(&s, p, signals_index_at(&s, a.shown_since));
        print_forecast(&f);
    }
done:
    free(p);
    signals_series_clear(&s);
    store_close(st);
    return status;
}
