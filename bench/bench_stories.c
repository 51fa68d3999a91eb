/* Story clustering cost: N synthetic articles (stories of 1-30 articles in
 * three languages sharing names, numbers and topic words, over a steady
 * stream of ARTICLES_PER_DAY) through the library's clusterer (no SQLite),
 * with the time per article (clustering only, text generation excluded),
 * peak RSS, the live window at the end and the pairwise precision/recall
 * of the synthetic stories on a sample.
 * Usage: bench_stories N [--per-day K] [--window HOURS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#include "stories/stories.h"

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A pseudo-word of 2-4 syllables from the index w; Zipf-like choice. */
static void word(char *out, size_t cap, uint64_t w, int lang, int upper)
{
    static const char *const syl[3][16] = {
        {"ka", "ter", "min", "so", "lu", "ber", "ran", "dor", "pe", "vin", "ta", "gol", "mer", "ni",
         "shu", "al"},
        {"nguy", "an", "thanh", "pho", "vi", "dan", "hoa", "quoc", "tri", "lam", "son", "binh",
         "minh", "tu", "ha", "long"},
        {"der", "ung", "lich", "stein", "wal", "ber", "gen", "hof", "mar", "ka", "tor", "li",
         "sche", "ra", "no", "fel"},
    };
    size_t o = 0;
    int n = 2 + (int)(w % 3);
    for (int i = 0; i < n && o + 8 < cap; i++) {
        const char *s = syl[lang][(w >> (4 * i + 2)) & 15];
        size_t l = strlen(s);
        memcpy(out + o, s, l);
        o += l;
    }
    out[o] = 0;
    if (upper && out[0] >= 'a')
        out[0] = (char)(out[0] - 32);
}

static uint64_t zipf(uint64_t n)
{
    double u = (double)(next_rand() >> 11) / 9007199254740992.0;
    return (uint64_t)((double)n * u * u * u);
}

struct story_seed {
    uint64_t names[3], topic[12], nums[2];
};

/* Writes an article of story k in language lang into buf. */
static void article(char *buf, size_t cap, const struct story_seed *k, int lang)
{
    size_t o = 0;
    int words = 60 + (int)(next_rand() % 60);
    char w[64];
    for (int i = 0; i < words && o + 80 < cap; i++) {
        uint64_t r = next_rand() % 100;
        if (r < 8) {
            word(w, sizeof w, k->names[r % 3] * 7919, 0, 1);
        } else if (r < 12) {
            snprintf(w, sizeof w, "%llu", (unsigned long long)(k->nums[r % 2] % 100000 + 10));
        } else if (r < 40) {
            word(w, sizeof w, k->topic[r % 12] * 104729 + (uint64_t)lang, lang, 0);
        } else {
            word(w, sizeof w, zipf(50000) * 31 + (uint64_t)lang, lang, 0);
        }
        o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? " " : "", w);
        if (i % 15 == 14)
            o += (size_t)snprintf(buf + o, cap - o, ".");
    }
    buf[o] = 0;
}

/* CPU seconds of this thread: the machine is shared, so wall time per
 * article would measure the neighbours too. */
static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_stories N [--per-day K] [--window HOURS]\n");
        return 2;
    }
    long n = strtol(argv[1], NULL, 10);
    long per_day = 30000;
    struct stories_config c;
    stories_config_default(&c);
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--per-day"))
            per_day = strtol(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--window"))
            c.window_hours = strtod(argv[i + 1], NULL);
    }
    struct stories *s = NULL;
    if (stories_new(&c, 1, &s) != HERALD_OK)
        return 1;
    static const char *const langs[] = {"en", "vi", "de"};
    enum { OPEN = 400 };
    struct story_seed open[OPEN];
    long open_id[OPEN], left[OPEN], next_story = 0;
    for (int i = 0; i < OPEN; i++)
        left[i] = 0;
    /* sample for accuracy: (synthetic story, assigned story) of the last 20k */
    long sample = n < 20000 ? n : 20000;
    long *gold = malloc((size_t)sample * sizeof *gold), *got = malloc((size_t)sample * sizeof *got);
    char text[4096], title[256];
    double spent = 0;
    struct timeval w0, w1;
    gettimeofday(&w0, NULL);
    int64_t start = 1700000000;
    for (long i = 0; i < n; i++) {
        int slot = (int)(next_rand() % OPEN);
        if (left[slot] <= 0) {
            for (int j = 0; j < 3; j++)
                open[slot].names[j] = next_rand() % 200000;
            for (int j = 0; j < 12; j++)
                open[slot].topic[j] = next_rand() % 400000;
            for (int j = 0; j < 2; j++)
                open[slot].nums[j] = next_rand();
            open_id[slot] = next_story++;
            left[slot] = 1 + (long)(next_rand() % 30);
        }
        left[slot]--;
        int lang = (int)(next_rand() % 3);
        article(text, sizeof text, &open[slot], lang);
        snprintf(title, sizeof title, "%.60s", text);
        struct story_article a = {.id = i + 1,
                                  .title = title,
                                  .text = text,
                                  .lang = langs[lang],
                                  .outlet = lang ? "Outlet B" : "Outlet A",
                                  .published = start + i * 86400 / per_day};
        struct story_assign as;
        double t = now_s();
        stories_add(s, &a, &as);
        spent += now_s() - t;
        if (i >= n - sample) {
            gold[i - (n - sample)] = open_id[slot];
            got[i - (n - sample)] = as.story;
        }
        if ((i + 1) % 100000 == 0 || i + 1 == n) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            gettimeofday(&w1, NULL);
            printf("%8ld articles: %.1f us CPU/article (clustering), %.0f s wall in all, live %zu "
                   "stories / %zu "
                   "articles, peak RSS %.0f MiB\n",
                   i + 1, spent / (double)(i + 1) * 1e6,
                   (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_usec - w0.tv_usec) / 1e6,
                   stories_live_count(s), stories_live_articles(s), (double)ru.ru_maxrss / 1024.0);
            fflush(stdout);
        }
    }
    long tp = 0, fp = 0, fn = 0;
    for (long i = 0; i < sample; i++)
        for (long j = i + 1; j < sample && j < i + 2000; j++) {
            int g = gold[i] == gold[j], p = got[i] == got[j];
            tp += g && p;
            fp += p && !g;
            fn += g && !p;
        }
    printf("synthetic stories (last %ld articles, pairs within 2000): precision %.3f recall %.3f\n",
           sample, tp + fp ? (double)tp / (double)(tp + fp) : 0,
           tp + fn ? (double)tp / (double)(tp + fn) : 0);
    free(gold);
    free(got);
    stories_free(s);
    return 0;
}
