/* Search benchmark: fills a herald store with synthetic but realistic
 * articles (six languages, Zipf-distributed vocabularies, news-like title
 * and body lengths, a year of dates, 40 sources) and reports the
 * per-article ingest cost and search latency (p50/p99) at checkpoints. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_article.h"
#include "store/store_search.h"
#include "store/store_source.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define VOCAB 30000
#define N_LANG 6
#define N_SOURCES 40
#define YEAR (365 * 86400)
#define START 1735689600 /* 2025-01-01 */
#define BATCH 1000

struct lang {
    const char *code, *country;
    const char **onsets, **rhymes; /* syllable parts */
    size_t n_onsets, n_rhymes;
    int syl_min, syl_max; /* syllables per word */
    const char *joiner;   /* between syllables of one word */
    const char *space;    /* between words */
    char **vocab;         /* VOCAB words by Zipf rank */
};

static const char *vi_on[] = {"",  "b",  "c",  "ch", "d",  "đ", "g", "gi", "h",  "kh", "l", "m",
                              "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v",  "x"};
static const char *vi_rh[] = {
    "a",    "à",    "á",   "ả",   "ạ",  "ăn",   "âm",  "ân", "ên", "ết", "iệt", "iển", "ông", "ồng",
    "ương", "ướng", "inh", "ính", "ế",  "ệ",    "ai",  "ài", "ao", "ào", "ộ",   "ội",  "ời",  "ưa",
    "uốc",  "ân",   "ật",  "ình", "ạo", "uyên", "ước", "ải", "o",  "ó",  "u",   "ú",   "i",   "ì"};
static const char *en_on[] = {"b", "c", "d", "f", "g",  "h",  "l",  "m",  "n",  "p",  "r",
                              "s", "t", "v", "w", "st", "tr", "pr", "gr", "sh", "ch", "th"};
static const char *en_rh[] = {"a",  "e",  "i",   "o",   "u",   "an", "en",  "in",  "on", "er",
                              "ar", "or", "ate", "ent", "ion", "al", "ing", "est", "ed", "y"};
static const char *fr_on[] = {"b", "c", "d", "f", "g",  "l",  "m",  "n",  "p",
                              "r", "s", "t", "v", "ch", "tr", "pr", "qu", "gr"};
static const char *fr_rh[] = {"a",   "é",   "è",   "e",   "i",   "o",   "ou", "an",   "en", "on",
                              "eau", "ais", "ère", "ité", "ion", "eur", "ée", "ille", "oi"};
static const char *ru_on[] = {"б", "в", "г", "д", "з", "к", "л", "м",  "н",  "п",
                              "р", "с", "т", "ф", "х", "ч", "ш", "пр", "ст", "тр"};
static const char *ru_rh[] = {"а",  "о",  "е",  "и",  "у",  "ы",    "я",   "ов", "ан",
                              "ен", "ий", "ой", "ая", "ие", "ость", "ени", "ать"};
static const char *zh_on[] = {"中", "国", "越", "南", "外", "交", "部", "经", "济", "发",
                              "展", "海", "岛", "政", "府", "会", "议", "人", "民", "合",
                              "作", "关", "系", "贸", "易", "市", "场", "安", "全", "美"};
static const char *th_on[] = {"ก", "ข", "ค", "ง", "จ", "ช", "ด", "ต", "ท", "น",
                              "บ", "ป", "พ", "ม", "ย", "ร", "ล", "ว", "ส", "ห"};
static const char *th_rh[] = {"า", "ิ", "ี", "ุ", "ู", "ั", "ำ", "ะ", "อง", "าง", "ิน", "ัน"};
static const char *none[] = {""};

static struct lang langs[N_LANG] = {
    {"vi", "VN", vi_on, vi_rh, 23, 42, 1, 1, "", " ", NULL},
    {"en", "US", en_on, en_rh, 22, 20, 1, 3, "", " ", NULL},
    {"fr", "FR", fr_on, fr_rh, 18, 19, 1, 3, "", " ", NULL},
    {"ru", "RU", ru_on, ru_rh, 20, 17, 1, 3, "", " ", NULL},
    {"zh", "CN", zh_on, none, 30, 1, 1, 3, "", "", NULL},
    {"th", "TH", th_on, th_rh, 20, 12, 1, 3, "", "", NULL},
};
static const double lang_share[N_LANG] = {0.35, 0.3, 0.1, 0.1, 0.1, 0.05};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double rnd01(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

static double zipf_cdf[VOCAB];
static int64_t source_ids[N_SOURCES];
static int rank_window;    /* --window; 0 = the store's default */
static bool with_analysis; /* --analysis: synthetic analysis columns */

static void zipf_init(double s)
{
    double sum = 0;
    for (int i = 0; i < VOCAB; i++)
        zipf_cdf[i] = (sum += 1.0 / pow(i + 1, s));
    for (int i = 0; i < VOCAB; i++)
        zipf_cdf[i] /= sum;
}

/* Returns a Zipf-distributed rank in [0, VOCAB). */
static int zipf(void)
{
    double u = rnd01();
    int lo = 0, hi = VOCAB - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (zipf_cdf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void vocab_init(struct lang *l)
{
    struct buf b;
    buf_init(&b, 0);
    l->vocab = xcalloc(VOCAB, sizeof *l->vocab);
    for (int i = 0; i < VOCAB; i++) {
        /* frequent words are short */
        int max = i < 200 ? l->syl_min : l->syl_max;
        int syl = l->syl_min + (int)(rnd() % (uint64_t)(max - l->syl_min + 1));
        buf_reset(&b);
        for (int k = 0; k < syl; k++) {
            buf_puts(&b, l->onsets[rnd() % l->n_onsets]);
            buf_puts(&b, l->rhymes[rnd() % l->n_rhymes]);
        }
        l->vocab[i] = xstrdup(buf_str(&b));
    }
    buf_free(&b);
}

static void words(struct buf *b, const struct lang *l, int n, bool sentences)
{
    for (int i = 0; i < n; i++) {
        if (i)
            buf_puts(b, sentences && rnd() % 14 == 0 ? ". " : l->space);
        buf_puts(b, l->vocab[zipf()]);
    }
}

struct gen {
    struct buf title, text;
    double store_s;   /* time spent in the store (generation excluded) */
    double store_cpu; /* the same in CPU time */
};

static const struct lang *pick_lang(int *idx)
{
    double u = rnd01(), acc = 0;
    for (int i = 0; i < N_LANG; i++)
        if (u < (acc += lang_share[i]))
            return &langs[*idx = i];
    return &langs[*idx = 0];
}

/* Body length in words: log-normal around 450 words (~2.5-3 KB). */
static int body_words(void)
{
    double g = 0;
    for (int i = 0; i < 12; i++)
        g += rnd01();
    int n = (int)exp(log(450) + (g - 6) * 0.5);
    return n < 60 ? 60 : n > 3000 ? 3000 : n;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of this thread: on a shared, loaded machine it leaves out the
 * time spent waiting for a core. */
static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A second generator for the synthetic analysis, so that --analysis leaves
 * the articles' text exactly as without it. */
static uint64_t an_state = 0x2545f4914f6cdd1dull;

static uint64_t an_rnd(void)
{
    an_state ^= an_state << 13;
    an_state ^= an_state >> 7;
    an_state ^= an_state << 17;
    return an_state;
}

static const char *const topic_slugs[] = {"diplomacy", "economy",     "culture",
                                          "rights",    "sovereignty", "defence",
                                          "politics",  "society",     "science"};
static const char *const countries[N_LANG][4] = {
    {"VN", "VN", "VN", "US"}, {"US", "GB", "AU", "SG"}, {"FR", "FR", "BE", "CA"},
    {"RU", "RU", "RU", "KZ"}, {"CN", "CN", "TW", "SG"}, {"TH", "TH", "TH", "TH"}};

/* Fills an with a realistic mix: 40% not relevant (no tone), 35% mention,
 * 25% about the country; 0-3 topics, skewed to the first few; tone toward
 * the country mostly neutral (55%), negative 25%, positive 20%. */
static void synth_analysis(struct article_analysis *an)
{
    uint64_t r = an_rnd() % 100;
    memset(an, 0, sizeof *an);
    an->analyzed = true;
    an->lang_conf = 0.8 + (double)(an_rnd() % 200) / 1000.0;
    an->relevance_class = r < 40 ? 0 : r < 75 ? 1 : 2;
    an->relevance = an->relevance_class * 0.35 + (double)(an_rnd() % 300) / 1000.0;
    int n_topics = an->relevance_class == 0 ? (int)(an_rnd() % 2) : 1 + (int)(an_rnd() % 3);
    for (int i = 0; i < n_topics; i++) {
        size_t k = (size_t)((an_rnd() % 9) * (an_rnd() % 9) / 8); /* skewed to low slugs */
        if (strstr(an->topics, topic_slugs[k]))
            continue;
        if (an->topics[0])
            strcat(an->topics, ",");
        strcat(an->topics, topic_slugs[k]);
    }
    an->tone_doc = ((double)(an_rnd() % 2001) - 1000.0) / 1000.0;
    an->tone_doc_label = an->tone_doc < -0.2 ? -1 : an->tone_doc > 0.2;
    if (an->relevance_class == 0)
        return;
    an->has_tone = true;
    r = an_rnd() % 100;
    an->tone_label = r < 25 ? -1 : r < 80 ? 0 : 1;
    double mag = (double)(an_rnd() % 800) / 1000.0;
    an->tone = an->tone_label == 0 ? mag / 4 - 0.1 : an->tone_label * (0.2 + mag);
}

/* Generates article i of total and stores it (not with dry: then it only
 * advances the generators, to resume a store where it stopped). */
static herald_rc add_one(struct store *st, struct gen *g, int64_t i, int64_t total,
                         const int64_t *sources, bool dry)
{
    int li = 0;
    const struct lang *l = pick_lang(&li);
    char url[96];
    buf_reset(&g->title);
    buf_reset(&g->text);
    words(&g->title, l, 6 + (int)(rnd() % 9), false);
    words(&g->text, l, body_words(), true);
    snprintf(url, sizeof url, "https://s%d.example/%lld", (int)(li * 7 + rnd() % 7) % N_SOURCES,
             (long long)i);
    struct article_row a = {
        .source_id = sources[(li * 7 + rnd() % 7) % N_SOURCES],
        .url = url,
        .title = g->title.data,
        .text = g->text.data,
        .lang = (char *)l->code,
        .published = START + (int64_t)((double)i / (double)total * YEAR) - (int64_t)(rnd() % 7200),
        .fetched = START + (int64_t)((double)i / (double)total * YEAR),
    };
    if (with_analysis) {
        synth_analysis(&a.an);
        a.country = (char *)countries[li][an_rnd() % 4];
    }
    if (dry)
        return HERALD_OK;
    double t0 = now_s(), c0 = cpu_s();
    herald_rc rc = store_article_add(st, &a, NULL);
    g->store_s += now_s() - t0;
    g->store_cpu += cpu_s() - c0;
    return rc == HERALD_EEXIST ? HERALD_OK : rc;
}

static void add_sources(struct store *st, int64_t *ids)
{
    for (int i = 0; i < N_SOURCES; i++) {
        char url[64], name[32];
        const struct lang *l = &langs[(i / 7) % N_LANG];
        snprintf(url, sizeof url, "https://s%d.example/feed", i);
        snprintf(name, sizeof name, "Source %d", i);
        struct source s = {.url = url,
                           .name = name,
                           .country = (char *)l->country,
                           .lang = (char *)l->code,
                           .enabled = true};
        if (store_source_add(st, &s) == HERALD_EEXIST) {
            struct source *f = NULL;
            store_source_find_url(st, url, &f);
            s.id = f ? f->id : 0;
            source_free(f);
        }
        ids[i] = s.id;
    }
}

enum {
    Q_COMMON,
    Q_TWO,
    Q_RARE,
    Q_PHRASE,
    Q_TITLE_PHRASE,
    Q_PREFIX,
    Q_FOLDED,
    Q_FILTER_DATE,
    Q_FILTER_LANG,
    Q_FILTER_SOURCE,
    Q_KINDS
};
static const char *kind_names[Q_KINDS] = {
    "common word", "two common",       "rare word",  "phrase",      "title phrase",
    "prefix",      "vi no diacritics", "common+30d", "common+lang", "common+source"};

/* Writes into b a query of kind k; fills filters in q. */
/* Writes a quoted phrase of two adjacent words from the title of a random
 * stored article in a space-separated language (a phrase that exists). */
static void title_phrase(struct buf *b, struct store *st, int64_t n_articles)
{
    for (int tries = 0; tries < 50; tries++) {
        struct article_row *a = NULL;
        int64_t id = 1 + (int64_t)(rnd() % (uint64_t)n_articles);
        if (store_article_get(st, id, &a) != HERALD_OK)
            continue;
        char *sp = a->title ? strchr(a->title, ' ') : NULL;
        char *sp2 = sp ? strchr(sp + 1, ' ') : NULL;
        if (sp && sp2) {
            buf_printf(b, "\"%.*s\"", (int)(sp2 - a->title), a->title);
            article_row_free(a);
            return;
        }
        article_row_free(a);
    }
    buf_puts(b, langs[1].vocab[0]);
}

static void make_query(struct buf *b, struct search_query *q, int k, int64_t latest,
                       struct store *st, int64_t n_articles)
{
    const struct lang *l = &langs[rnd() % 4]; /* space-separated languages */
    buf_reset(b);
    switch (k) {
    case Q_COMMON:
        buf_puts(b, l->vocab[rnd() % 30]);
        break;
    case Q_TWO:
        buf_printf(b, "%s %s", l->vocab[rnd() % 50], l->vocab[rnd() % 50]);
        break;
    case Q_RARE:
        buf_puts(b, l->vocab[5000 + rnd() % 20000]);
        break;
    case Q_PHRASE:
        buf_printf(b, "\"%s %s\"", l->vocab[rnd() % 100], l->vocab[rnd() % 100]);
        break;
    case Q_TITLE_PHRASE:
        title_phrase(b, st, n_articles);
        break;
    case Q_PREFIX: {
        const char *w = l->vocab[200 + rnd() % 2000];
        size_t n = 0;
        for (int chars = 0; w[n] && chars < 4; chars++) /* 4 characters, not bytes */
            for (n++; (w[n] & 0xc0) == 0x80; n++)
                ;
        buf_printf(b, "%.*s*", (int)n, w);
        break;
    }
    case Q_FOLDED:
        buf_puts(b, langs[0].vocab[rnd() % 200]);
        break;
    case Q_FILTER_DATE:
        buf_puts(b, l->vocab[rnd() % 30]);
        q->since = latest - 30 * 86400;
        break;
    case Q_FILTER_LANG:
        buf_puts(b, l->vocab[rnd() % 30]);
        q->lang = l->code;
        break;
    case Q_FILTER_SOURCE: /* one of the ~7 sources writing in that language */
        buf_puts(b, l->vocab[rnd() % 30]);
        q->source_id = source_ids[(size_t)(l - langs) * 7 + rnd() % 7];
        break;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

/* Runs rounds queries of every kind; prints p50/p99 per kind and overall. */
static void run_queries(struct store *st, int rounds, int64_t latest, int64_t n_articles)
{
    double *all = xcalloc((size_t)rounds * Q_KINDS, sizeof *all);
    double *all_cpu = xcalloc((size_t)rounds * Q_KINDS, sizeof *all);
    double *per = xcalloc((size_t)rounds, sizeof *per);
    double *per_cpu = xcalloc((size_t)rounds, sizeof *per);
    size_t n_all = 0;
    struct buf b;
    buf_init(&b, 0);
    for (int k = 0; k < Q_KINDS; k++) {
        size_t hits_total = 0;
        for (int r = 0; r < rounds; r++) {
            struct search_query q = {.limit = 20, .rank_window = rank_window};
            struct search_hit *h = NULL;
            size_t n = 0;
            make_query(&b, &q, k, latest, st, n_articles);
            q.q = buf_str(&b);
            double t0 = now_s(), c0 = cpu_s();
            if (store_search(st, &q, &h, &n) != HERALD_OK)
                fprintf(stderr, "query '%s': %s\n", q.q, herald_error_last());
            per_cpu[r] = all_cpu[n_all] = (cpu_s() - c0) * 1000;
            per[r] = all[n_all++] = (now_s() - t0) * 1000;
            hits_total += n;
            search_hits_free(h, n);
        }
        qsort(per, (size_t)rounds, sizeof *per, cmp_double);
        qsort(per_cpu, (size_t)rounds, sizeof *per, cmp_double);
        printf("  %-17s wall p50 %7.2f p99 %7.2f ms | cpu p50 %7.2f p99 %7.2f ms | hits %.1f\n",
               kind_names[k], pct(per, (size_t)rounds, 0.5), pct(per, (size_t)rounds, 0.99),
               pct(per_cpu, (size_t)rounds, 0.5), pct(per_cpu, (size_t)rounds, 0.99),
               (double)hits_total / rounds);
    }
    qsort(all, n_all, sizeof *all, cmp_double);
    qsort(all_cpu, n_all, sizeof *all, cmp_double);
    printf("  %-17s wall p50 %7.2f p99 %7.2f ms | cpu p50 %7.2f p99 %7.2f ms | %zu queries\n",
           "ALL", pct(all, n_all, 0.5), pct(all, n_all, 0.99), pct(all_cpu, n_all, 0.5),
           pct(all_cpu, n_all, 0.99), n_all);
    buf_free(&b);
    free(all);
    free(all_cpu);
    free(per);
    free(per_cpu);
}

/* Returns the newest publication date in the store (0 when empty). */
static int64_t latest_published(struct store *st)
{
    sqlite3_stmt *q = NULL;
    int64_t t = 0;
    if (store_prepare(st, &q, "SELECT max(published) FROM articles") == HERALD_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        t = sqlite3_column_int64(q, 0);
    if (q)
        sqlite3_reset(q);
    return t;
}

static int64_t parse_count(const char *s)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (*end == 'k')
        v *= 1e3;
    else if (*end == 'M')
        v *= 1e6;
    return (int64_t)v;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : NULL;
    int64_t checkpoints[8], total;
    int n_cp = 0, rounds = 100;
    struct store *st = NULL;
    if (argc < 3) {
        fprintf(stderr, "usage: bench_search DB N[k|M]... (checkpoints, ascending) [--rounds R]"
                        " [--window W]"
                        " [--analysis]\n"
                        "  --analysis: also write synthetic analysis columns (country,"
                        " relevance, topics, tone)\n"
                        "  searches run at checkpoints >= 100k (or at the last one)\n");
        return 2;
    }
    for (int i = 2; i < argc && n_cp < 8; i++) {
        if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--window") && i + 1 < argc)
            rank_window = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--analysis"))
            with_analysis = true;
        else
            checkpoints[n_cp++] = parse_count(argv[i]);
    }
    total = checkpoints[n_cp - 1];
    zipf_init(1.0);
    for (int i = 0; i < N_LANG; i++)
        vocab_init(&langs[i]);
    if (store_open(&st, path) != HERALD_OK) {
        fprintf(stderr, "%s\n", herald_error_last());
        return 1;
    }
    add_sources(st, source_ids);
    struct store_counts c;
    store_counts(st, &c);
    /* Resuming: every article generated so far was stored or rejected as a
     * duplicate; generate them again (not stored) so that the next ones
     * are new. */
    int64_t have = c.articles + c.rejects;
    struct gen g = {0};
    buf_init(&g.title, 0);
    buf_init(&g.text, 0);
    printf("bench_search: %s, target %lld articles (have %lld)\n", path, (long long)total,
           (long long)have);
    for (int64_t i = 0; i < have; i++)
        add_one(st, &g, i, total, source_ids, true);
    for (int cp = 0; cp < n_cp; cp++) {
        double t0 = now_s();
        g.store_s = g.store_cpu = 0;
        int64_t from = have;
        size_t bytes = 0;
        while (have < checkpoints[cp]) {
            store_begin(st);
            for (int k = 0; k < BATCH && have < checkpoints[cp]; k++, have++) {
                if (add_one(st, &g, have, total, source_ids, false) != HERALD_OK) {
                    fprintf(stderr, "add: %s\n", herald_error_last());
                    return 1;
                }
                bytes += g.title.len + g.text.len;
            }
            double c0 = now_s(), cc0 = cpu_s();
            herald_rc crc = store_commit(st);
            g.store_s += now_s() - c0;
            g.store_cpu += cpu_s() - cc0;
            if (crc != HERALD_OK) {
                fprintf(stderr, "commit: %s\n", herald_error_last());
                return 1;
            }
        }
        double dt = now_s() - t0, ds = g.store_s;
        if (have > from)
            printf("at %lld articles: ingested %lld in %.1f s wall; in the store %.1f s wall ="
                   " %.0f us/article, %.1f s CPU = %.0f us/article (%.0f articles/s);"
                   " avg %.0f bytes/article\n",
                   (long long)have, (long long)(have - from), dt, ds,
                   ds * 1e6 / (double)(have - from), g.store_cpu,
                   g.store_cpu * 1e6 / (double)(have - from), (double)(have - from) / g.store_cpu,
                   (double)bytes / (double)(have - from));
        fflush(stdout);
        if (checkpoints[cp] >= 100000 || cp == n_cp - 1) {
            printf("search at %lld articles (%d rounds per kind, limit 20, snippets, rank window"
                   " %d):\n",
                   (long long)have, rounds, rank_window ? rank_window : STORE_SEARCH_RANK_WINDOW);
            run_queries(st, rounds, latest_published(st), have);
            fflush(stdout);
        }
    }
    buf_free(&g.title);
    buf_free(&g.text);
    store_close(st);
    return 0;
}
