/* Relevance on real news (no relevance labels exist in ../shared/data):
 * class counts per source label, the titles of articles scored "about" or
 * "mentions" for review, and speed (microseconds per article and per 5 KB).
 * Usage: eval_relevance FILE.jsonl [--lang L] [--watchlist TSV] [--list]
 * (objects with title?, text, label?; --lang scores every article as written
 * in language L; the built-in watchlist unless --watchlist). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "relevance/relevance.h"

#define MAX_DOCS 20000

struct doc {
    char *title, *text, *label;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *field(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return strdup(s ? s : "");
}

static size_t load(struct doc *d, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return 0;
    while (n < MAX_DOCS && getline(&line, &cap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        if (!o)
            continue;
        d[n].title = field(o, "title");
        d[n].text = field(o, "text");
        d[n].label = field(o, "label");
        n++;
        json_decref(o);
    }
    free(line);
    fclose(f);
    return n;
}

/* Counts classes per label and, with list, prints the non-"none" titles. */
static void classes(const struct watchlist *wl, struct doc *d, size_t n, const char *lang, int list)
{
    char labels[64][32];
    unsigned counts[64][3] = {{0}}, total[3] = {0};
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        struct relevance_result r;
        relevance_score_lang(wl, NULL, d[i].title, d[i].text, lang, &r);
        size_t k = 0;
        while (k < nl && strcmp(labels[k], d[i].label))
            k++;
        if (k == nl && nl < 64)
            snprintf(labels[nl++], sizeof(labels[0]), "%s", d[i].label);
        if (k < nl)
            counts[k][r.cls]++;
        total[r.cls]++;
        if (list && r.cls != RELEVANCE_NONE)
            printf("  %-8s %.3f t%u l%u b%u  %.70s\n", relevance_class_name(r.cls), r.score,
                   r.title_hits, r.lead_hits, r.body_hits, d[i].title[0] ? d[i].title : d[i].text);
    }
    printf("%-12s %8s %8s %8s\n", "label", "about", "mentions", "none");
    for (size_t k = 0; k < nl; k++)
        printf("%-12s %8u %8u %8u\n", labels[k], counts[k][2], counts[k][1], counts[k][0]);
    printf("%-12s %8u %8u %8u  (%zu articles)\n", "all", total[2], total[1], total[0], n);
}

/* Best of three passes over all articles; then a 5 KB slice 2000 times. */
static void speed(const struct watchlist *wl, struct doc *d, size_t n, const char *lang)
{
    double best = 1e9;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += strlen(d[i].title) + strlen(d[i].text);
    for (int pass = 0; pass < 3; pass++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            struct relevance_result r;
            relevance_score_lang(wl, NULL, d[i].title, d[i].text, lang, &r);
        }
        double t = now() - t0;
        best = t < best ? t : best;
    }
    printf("speed: %zu articles, %.1f KB mean, %.1f us/article, %.1f MB/s (best of 3)\n", n,
           bytes / 1024.0 / n, best * 1e6 / n, bytes / best / 1e6);
    char slice[5121];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 5120; i++) {
        size_t l = strlen(d[i].text);
        memcpy(slice + k, d[i].text, l < 5120 - k ? l : 5120 - k);
        k += l < 5120 - k ? l : 5120 - k;
    }
    while (k && ((unsigned char)slice[k - 1] & 0xC0) == 0x80)
        k--; /* do not cut a character; a lead byte left alone is tolerated */
    slice[k] = 0;
    double t0 = now();
    for (int i = 0; i < 2000; i++) {
        struct relevance_result r;
        relevance_score_lang(wl, NULL, "", slice, lang, &r);
    }
    printf("speed: one %zu-byte text: %.1f us per relevance_score (mean of 2000)\n", k,
           (now() - t0) * 1e6 / 2000);
}

int main(int argc, char **argv)
{
    struct watchlist *wl = NULL;
    const char *lang = NULL, *path = NULL;
    int list = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            lang = argv[++i];
        else if (!strcmp(argv[i], "--watchlist") && i + 1 < argc)
            path = argv[++i];
        else if (!strcmp(argv[i], "--list"))
            list = 1;
        else
            argc = 0;
    }
    if (argc < 2 || watchlist_load(path, &wl) != HERALD_OK) {
        fprintf(stderr, "usage: eval_relevance FILE.jsonl [--lang L] [--watchlist TSV] [--list]\n");
        return 2;
    }
    struct doc *d = calloc(MAX_DOCS, sizeof(*d));
    size_t n = load(d, argv[1]);
    if (n == 0) {
        fprintf(stderr, "eval_relevance: no articles in %s\n", argv[1]);
        return 1;
    }
    printf("language: %s\n", lang ? lang : "unknown");
    classes(wl, d, n, lang, list);
    speed(wl, d, n, lang);
    for (size_t i = 0; i < n; i++)
        free(d[i].title), free(d[i].text), free(d[i].label);
    free(d);
    watchlist_free(wl);
    return 0;
}
