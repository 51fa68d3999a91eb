/* eval_topics DOCS.jsonl FOLDS [--char] [--min-df N] [--threads N] [--c C]
 * [--bits N]: k-fold
 * cross-validation of the topic classifier in one process, as the
 * scikit-learn peer does it: the file is read once, then each fold trains
 * on the other folds and predicts its own. Prints accuracy, macro-F1 and
 * the seconds spent reading and in train+predict. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "topics/topics.h"
#include "util/xalloc.h"

#define FOLDS 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) of this process so far. */
static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static const char *str_of(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads DOCS into docs (strings owned by the array) and FOLDS into folds. */
static size_t load(struct topics_doc **docs, int **folds, const char *dpath, const char *fpath)
{
    FILE *f = fopen(dpath, "r"), *ff = fopen(fpath, "r");
    char *line = NULL;
    size_t cap = 0, n = 0, dcap = 0;
    if (!f || !ff) {
        fprintf(stderr, "eval_topics: cannot open %s or %s\n", dpath, fpath);
        exit(1);
    }
    while (getline(&line, &cap, f) > 0) {
        json_t *o = json_loads(line, 0, NULL);
        if (!o || !str_of(o, "text") || !str_of(o, "label")) {
            fprintf(stderr, "eval_topics: %s: line %zu: bad document\n", dpath, n + 1);
            exit(1);
        }
        if (n == dcap) {
            dcap = dcap ? dcap * 2 : 1024;
            *docs = xrealloc(*docs, dcap * sizeof **docs);
            *folds = xrealloc(*folds, dcap * sizeof **folds);
        }
        (*docs)[n] = (struct topics_doc){xstrdup(str_of(o, "title")), xstrdup(str_of(o, "text")),
                                         xstrdup(str_of(o, "label"))};
        if (fscanf(ff, "%d", &(*folds)[n]) != 1) {
            fprintf(stderr, "eval_topics: %s: too few folds\n", fpath);
            exit(1);
        }
        n++;
        json_decref(o);
    }
    free(line);
    fclose(f);
    fclose(ff);
    return n;
}

/* Prints accuracy and macro-F1 of pred against the gold labels. */
static void score(const struct topics_doc *docs, char **pred, size_t n, double secs)
{
    const char *labels[256];
    size_t nl = 0, ok = 0, tp[256] = {0}, np[256] = {0}, ng[256] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t g = 0;
        for (g = 0; g < nl && strcmp(labels[g], docs[i].label); g++)
            ;
        if (g == nl && nl < 256)
            labels[nl++] = docs[i].label;
    }
    for (size_t i = 0; i < n; i++) {
        size_t g = 0, p = 0;
        for (g = 0; g < nl && strcmp(labels[g], docs[i].label); g++)
            ;
        for (p = 0; p < nl && strcmp(labels[p], pred[i]); p++)
            ;
        ok += g == p;
        tp[g] += g == p, ng[g]++;
        if (p < nl)
            np[p]++;
    }
    double f1 = 0;
    for (size_t k = 0; k < nl; k++)
        f1 += tp[k] ? 2.0 * (double)tp[k] / (double)(np[k] + ng[k]) : 0;
    printf("herald (C driver)            accuracy %.4f  macro-F1 %.4f  %.2f s\n",
           (double)ok / (double)n, f1 / (double)nl, secs);
}

int main(int argc, char **argv)
{
    struct topics_train_opts o;
    struct topics_doc *docs = NULL, *train = NULL;
    int *folds = NULL;
    topics_train_opts_default(&o);
    if (argc < 3) {
        fprintf(
            stderr,
            "usage: eval_topics DOCS.jsonl FOLDS [--char] [--min-df N] [--threads N] [--c C]\n");
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--char"))
            o.char_ngrams = 1;
        else if (!strcmp(argv[i], "--min-df") && i + 1 < argc)
            o.min_df = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            o.threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--bits") && i + 1 < argc)
            o.hash_bits = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--c") && i + 1 < argc)
            o.c = atof(argv[++i]);
    }
    double t0 = now();
    size_t n = load(&docs, &folds, argv[1], argv[2]);
    double t1 = now(), c1 = cpu();
    char **pred = xcalloc(n, sizeof *pred);
    train = xmalloc(n * sizeof *train);
    for (int k = 0; k < FOLDS; k++) {
        size_t nt = 0;
        struct topics_model *m = NULL;
        for (size_t i = 0; i < n; i++)
            if (folds[i] != k)
                train[nt++] = docs[i];
        if (topics_model_train(train, nt, &o, &m) != HERALD_OK) {
            fprintf(stderr, "eval_topics: %s\n", herald_error_last());
            return 1;
        }
        for (size_t i = 0; i < n; i++)
            if (folds[i] == k)
                pred[i] = xstrdup(topics_model_label(
                    m, topics_model_predict(m, docs[i].title, docs[i].text, NULL)));
        topics_model_free(m);
    }
    double t2 = now(), c2 = cpu();
    score(docs, pred, n, t2 - t1);
    printf("  (train+predict CPU: %.2f s)\n", c2 - c1);
    printf("  (reading %zu documents: %.2f s, not counted)\n", n, t1 - t0);
    for (size_t i = 0; i < n; i++) {
        free(pred[i]);
        free((char *)docs[i].title);
        free((char *)docs[i].text);
        free((char *)docs[i].label);
    }
    free(pred);
    free(train);
    free(docs);
    free(folds);
    return 0;
}
