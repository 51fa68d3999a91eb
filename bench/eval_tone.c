/* Target-tone evaluation on NewsMTSC (polarity 2/4/6 = negative/neutral/
 * positive, code-point offsets): 5-fold cross-validation with folds by
 * sentence (fixed seed) of herald's lexicon target tone (threshold chosen
 * on the training folds) and of the trained model. Prints macro-F1,
 * accuracy, per-class F1, confusion matrices and texts/s.
 * Usage: eval_tone NEWSMTSC.jsonl [FOLDS] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tone/tone.h"
#include "util/xalloc.h"

struct ex {
    struct tone_example e;
    struct tone_span span;
    size_t sentence;
    int fold;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads every target of every line; returns the count (0 on error). */
static size_t load(struct ex **out, char ***texts, size_t *nsent, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char *line = NULL;
    size_t cap = 0, n = 0, ncap = 0, ns = 0;
    struct ex *v = NULL;
    char **tx = NULL;
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        const char *s = json_string_value(json_object_get(j, "sentence_normalized"));
        json_t *targets = json_object_get(j, "targets"), *t;
        size_t k;
        if (!s) {
            json_decref(j);
            continue;
        }
        tx = xrealloc(tx, (ns + 1) * sizeof(char *));
        tx[ns] = xstrdup(s);
        size_t len = strlen(s);
        json_array_foreach(targets, k, t)
        {
            if (n == ncap) {
                ncap = ncap ? ncap * 2 : 1024;
                v = xrealloc(v, ncap * sizeof(*v));
            }
            struct ex *x = &v[n++];
            double pol = json_number_value(json_object_get(t, "polarity"));
            size_t from = (size_t)json_integer_value(json_object_get(t, "from"));
            size_t to = (size_t)json_integer_value(json_object_get(t, "to"));
            x->span.from = tone_cp_to_byte(tx[ns], len, from);
            x->span.to = tone_cp_to_byte(tx[ns], len, to);
            x->e = (struct tone_example){tx[ns], len, NULL, 1,
                                         pol < 3   ? TONE_NEGATIVE
                                         : pol > 5 ? TONE_POSITIVE
                                                   : TONE_NEUTRAL};
            x->sentence = ns;
        }
        ns++;
        json_decref(j);
    }
    free(line);
    fclose(f);
    for (size_t i = 0; i < n; i++)
        v[i].e.spans = &v[i].span;
    *out = v;
    *texts = tx;
    *nsent = ns;
    return n;
}

struct conf {
    long m[3][3]; /* [gold][pred] */
};

static double macro_f1(const struct conf *c, double *f1, double *acc)
{
    double sum = 0;
    long right = 0, all = 0;
    for (int k = 0; k < 3; k++) {
        long tp = c->m[k][k], fp = 0, fn = 0;
        for (int o = 0; o < 3; o++) {
            if (o == k)
                continue;
            fp += c->m[o][k];
            fn += c->m[k][o];
        }
        double f = tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
        if (f1)
            f1[k] = f;
        sum += f;
        right += tp;
        for (int o = 0; o < 3; o++)
            all += c->m[k][o];
    }
    if (acc)
        *acc = all ? (double)right / all : 0;
    return sum / 3;
}

static void report(const char *name, const struct conf *c, double secs, size_t n)
{
    double f1[3], acc;
    double mf = macro_f1(c, f1, &acc);
    printf("%-22s macro-F1 %.4f  accuracy %.4f  F1 neg/neu/pos %.4f %.4f %.4f  %.0f targets/s\n",
           name, mf, acc, f1[0], f1[1], f1[2], secs > 0 ? n / secs : 0);
    printf("%-22s confusion [gold neg,neu,pos] x [pred neg,neu,pos]: "
           "%ld %ld %ld | %ld %ld %ld | %ld %ld %ld\n",
           "", c->m[0][0], c->m[0][1], c->m[0][2], c->m[1][0], c->m[1][1], c->m[1][2], c->m[2][0],
           c->m[2][1], c->m[2][2]);
}

static int label_at(double s, double th)
{
    return s >= th ? 2 : s <= -th ? 0 : 1;
}

/* Threshold with the best macro-F1 on the training folds' scores. */
static double pick_threshold(const struct ex *v, const double *score, size_t n, int fold)
{
    double best = 0.05, bf = -1;
    for (double th = 0.0; th <= 0.6; th += 0.025) {
        struct conf c = {0};
        for (size_t i = 0; i < n; i++)
            if (v[i].fold != fold)
                c.m[v[i].e.label + 1][label_at(score[i], th)]++;
        double f = macro_f1(&c, NULL, NULL);
        if (f > bf) {
            bf = f;
            best = th;
        }
    }
    return best;
}

static void run_lexicon(const struct tone_lexicon *lx, const struct ex *v, size_t n, int folds)
{
    double *score = xmalloc(n * sizeof(double));
    struct conf fixed = {0}, tuned = {0};
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        struct tone_result r;
        tone_target(lx, NULL, v[i].e.text, v[i].e.len, "en", v[i].e.spans, 1, &r);
        score[i] = r.score;
        fixed.m[v[i].e.label + 1][r.label + 1]++;
    }
    double secs = now() - t0;
    printf("lexicon thresholds chosen on training folds:");
    for (int f = 0; f < folds; f++) {
        double th = pick_threshold(v, score, n, f);
        printf(" %.3f", th);
        for (size_t i = 0; i < n; i++)
            if (v[i].fold == f)
                tuned.m[v[i].e.label + 1][label_at(score[i], th)]++;
    }
    printf("\n");
    report("(a) lexicon, default th", &fixed, secs, n);
    report("(a) lexicon, CV th", &tuned, secs, n);
    free(score);
}

static void run_model(const struct tone_lexicon *lx, const struct ex *v, size_t n, int folds)
{
    struct conf c = {0};
    struct tone_example *train = xmalloc(n * sizeof(*train));
    double train_s = 0, pred_s = 0;
    for (int f = 0; f < folds; f++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (v[i].fold != f)
                train[m++] = v[i].e;
        struct tone_model *model = NULL;
        double t0 = now();
        tone_model_train(lx, "en", train, m, &model);
        double t1 = now();
        for (size_t i = 0; i < n; i++) {
            if (v[i].fold != f)
                continue;
            struct tone_result r;
            tone_target(lx, model, v[i].e.text, v[i].e.len, "en", v[i].e.spans, 1, &r);
            c.m[v[i].e.label + 1][r.label + 1]++;
        }
        pred_s += now() - t1;
        train_s += t1 - t0;
        tone_model_free(model);
    }
    report("(b) trained model", &c, pred_s, n);
    printf("%-22s training %.1f s for %d folds\n", "", train_s, folds);
    free(train);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: eval_tone NEWSMTSC.jsonl [FOLDS]\n");
        return 2;
    }
    int folds = argc > 2 ? atoi(argv[2]) : 5;
    struct ex *v = NULL;
    char **texts = NULL;
    size_t ns = 0, n = load(&v, &texts, &ns, argv[1]);
    if (!n) {
        fprintf(stderr, "eval_tone: cannot read %s\n", argv[1]);
        return 1;
    }
    /* Folds by sentence: a fixed-seed shuffle of sentence indices. */
    int *sfold = xmalloc(ns * sizeof(int));
    size_t *perm = xmalloc(ns * sizeof(size_t));
    unsigned long long seed = 20261122ULL;
    for (size_t i = 0; i < ns; i++)
        perm[i] = i;
    for (size_t i = ns; i > 1; i--) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t j = (size_t)((seed >> 33) % i), t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < ns; i++)
        sfold[perm[i]] = (int)(i % (size_t)folds);
    for (size_t i = 0; i < n; i++)
        v[i].fold = sfold[v[i].sentence];
    struct tone_lexicon *lx = NULL;
    if (tone_lexicon_load(NULL, &lx) != HERALD_OK) {
        fprintf(stderr, "eval_tone: %s\n", herald_error_last());
        return 1;
    }
    printf("%zu sentences, %zu targets, %d folds by sentence (seed 20261122)\n", ns, n, folds);
    run_lexicon(lx, v, n, folds);
    if (!getenv("EVAL_TONE_NO_MODEL"))
        run_model(lx, v, n, folds);
    tone_lexicon_free(lx);
    for (size_t i = 0; i < ns; i++)
        free(texts[i]);
    free(texts);
    free(sfold);
    free(perm);
    free(v);
    return 0;
}
