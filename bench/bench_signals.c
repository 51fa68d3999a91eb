/* bench_signals: the cost of the hourly rollups (v10) on ingest (the same
 * articles stored with and without the rollup triggers, one run each),
 * of reading a 90-day daily series from the rollups and from the
 * articles, and a backtest of the next-day forecast on a synthetic series
 * (weekly season, level shifts, news bursts: negative-binomial noise).
 * Usage: bench_signals [N_ARTICLES] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "signals/signals.h"
#include "store/store_article.h"
#include "store/store_series.h"

#define T0 1767546000LL /* 2026-01-05 00:00 +07:00 */
#define OFF (7 * 3600)

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ULL;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Stores n articles over 90 days; returns the seconds spent. */
static double ingest(const char *path, int n, bool rollups)
{
    static const char *langs[] = {"vi", "en", "fr", "zh", "ru", "ja"};
    static const char *topics[] = {"economy", "diplomacy,economy", "sovereignty", "culture", ""};
    struct store *st;
    unlink(path);
    if (store_open(&st, path))
        return -1;
    if (!rollups)
        sqlite3_exec(store_db(st),
                     "DROP TRIGGER rollup_ai; DROP TRIGGER rollup_ad; DROP TRIGGER rollup_au;",
                     NULL, NULL, NULL);
    char url[64], text[600];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    double t = now();
    store_begin(st);
    for (int i = 0; i < n; i++) {
        snprintf(url, sizeof url, "https://n.example/%d", i);
        snprintf(text, 60, "article %d about trade and the sea", i);
        text[strlen(text)] = ' ';
        struct article_row a = {.url = url,
                                .lang = (char *)langs[i % 6],
                                .country = "VN",
                                .title = url,
                                .text = text,
                                .published = T0 + (int64_t)(uniform() * 90 * 86400),
                                .fingerprint = (uint64_t)i + 1};
        a.an.analyzed = true;
        snprintf(a.an.topics, sizeof a.an.topics, "%s", topics[i % 5]);
        a.an.has_tone = true;
        a.an.tone_label = (int)(uniform() * 3) - 1;
        a.an.tone = a.an.tone_label * 0.5;
        store_article_add(st, &a, NULL);
        if (i % 500 == 499) {
            store_commit(st);
            store_begin(st);
        }
    }
    store_commit(st);
    t = now() - t;
    store_close(st);
    return t;
}

static void reads(const char *path)
{
    struct store *st;
    struct signals_series s;
    struct search_query q = {.lang = "vi"};
    if (store_open(&st, path))
        return;
    int reps = 200;
    double t = now();
    for (int i = 0; i < reps; i++) {
        store_series_read(st, &s, STORE_DIM_LANG, "vi", SIGNALS_DAY, OFF, T0, T0 + 90 * 86400);
        signals_series_clear(&s);
    }
    double r = (now() - t) / reps;
    t = now();
    for (int i = 0; i < reps; i++) {
        store_series_query(st, &s, &q, SIGNALS_DAY, OFF, T0, T0 + 90 * 86400);
        signals_series_clear(&s);
    }
    double c = (now() - t) / reps;
    store_series_read(st, &s, STORE_DIM_ALL, "", SIGNALS_HOUR, OFF, T0, T0 + 90 * 86400);
    struct signals_point *p = calloc(s.n, sizeof *p);
    t = now();
    signals_judge_all(p, &s, NULL);
    double j = now() - t;
    printf("read 90-day daily series lang=vi: rollups %.3f ms, article scan %.3f ms (mean of %d)\n",
           r * 1e3, c * 1e3, reps);
    printf("judge all %zu hourly buckets of 90 days: %.2f ms\n", s.n, j * 1e3);
    free(p);
    signals_series_clear(&s);
    store_close(st);
}

/* Gamma(k, 1) by Marsaglia-Tsang (k >= 1). */
static double gamma_draw(double k)
{
    double d = k - 1.0 / 3, c = 1 / sqrt(9 * d);
    for (;;) {
        double x = sqrt(-2 * log(uniform() + 1e-300)) * cos(2 * M_PI * uniform());
        double v = pow(1 + c * x, 3);
        if (v > 0 && log(uniform() + 1e-300) < 0.5 * x * x + d - d * v + d * log(v))
            return d * v;
    }
}

static int64_t poisson(double mu)
{
    if (mu > 30)
        return (int64_t)fmax(
            0,
            floor(mu + sqrt(mu) * sqrt(-2 * log(uniform() + 1e-300)) * cos(2 * M_PI * uniform()) +
                  0.5));
    double l = exp(-mu), p = 1;
    int64_t k = 0;
    do {
        k++;
        p *= uniform();
    } while (p > l);
    return k - 1;
}

static void backtest(void)
{
    static const double week[7] = {1.3, 1.15, 1.1, 1.1, 1.0, 0.5, 0.45};
    struct signals_series s;
    signals_series_init(&s, T0, SIGNALS_DAY, OFF, 365);
    double level = 40;
    for (size_t i = 0; i < s.n; i++) {
        if (i % 60 == 59)
            level *= 0.7 + 0.6 * uniform();                    /* a level shift every two months */
        double mu = level * week[i % 7] * gamma_draw(20) / 20; /* NB, dispersion 1/20 */
        if (uniform() < 0.03)
            mu *= 2 + 2 * uniform(); /* a news burst */
        s.b[i].count = poisson(mu);
    }
    struct signals_forecast f;
    signals_forecast_next_day(&f, &s, 0.8);
    printf("forecast backtest, synthetic 365 days (weekly season, level shifts, 3%% bursts, NB "
           "noise): %zu one-step days, MAE %.2f vs seasonal naive %.2f, RMSE %.2f vs %.2f, 80%% "
           "interval coverage %.1f%% (alpha %.2f gamma %.2f)\n",
           f.backtest_n, f.mae, f.mae_naive, f.rmse, f.rmse_naive, 100 * f.coverage, f.alpha,
           f.gamma);
    signals_series_clear(&s);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    char path[] = "/tmp/bench-signals.db";
    double off = ingest(path, n, false), on = ingest(path, n, true);
    printf("ingest %d articles (500 per transaction): without rollups %.2f s (%.1f us/article),"
           " with rollups %.2f s (%.1f us/article): +%.1f us/article (+%.0f%%)\n",
           n, off, off / n * 1e6, on, on / n * 1e6, (on - off) / n * 1e6, 100 * (on - off) / off);
    reads(path);
    backtest();
    unlink(path);
    return 0;
}
