/* herald topics train|predict|rules|list: trains and applies the topic
 * classifier on JSON Lines ({"text","label"}, optional "title"), labels
 * documents with the taxonomy's keyword rules, and lists the taxonomy. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "topics/topics.h"
#include "util/str.h"
#include "util/xalloc.h"

#define INPUT_MAX ((size_t)2 << 30)

static const char usage[] =
    "topics train --out MODEL [--folds FILE --fold K] [--c C] [--bits N] [--char]\n"
    "                     [--min-df N] [--threads N] [FILE|-]\n"
    "       herald topics predict --model MODEL [--json] [--folds FILE --fold K] [FILE|-]\n"
    "       herald topics cv [--folds FILE | --k K] [training flags] [FILE|-]\n"
    "       herald topics rules [--json] [--rules FILE] [--model MODEL] [FILE|-]\n"
    "       herald topics list [--rules FILE]";

struct opts {
    const char *out, *model, *folds, *rules, *input;
    int fold, k;
    bool json;
    struct topics_train_opts train;
};

/* The documents of a JSON Lines input, in order. */
struct docs {
    struct topics_doc *v;
    size_t n, cap;
};

static void docs_free(struct docs *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->v[i].title);
        free((char *)d->v[i].text);
        free((char *)d->v[i].label);
    }
    free(d->v);
}

static const char *get_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Parses one JSON line into d. Returns 1 (message printed) on error. */
static int parse_doc(struct docs *d, const char *line, size_t len, size_t lineno, bool need_label)
{
    json_error_t err;
    json_t *o = json_loadb(line, len, 0, &err);
    const char *text = o ? get_str(o, "text") : NULL, *label = o ? get_str(o, "label") : NULL;
    int status = 0;
    if (!o || !json_is_object(o))
        status = cli_fail("topics: line %zu: %s", lineno, o ? "not a JSON object" : err.text);
    else if (!text)
        status = cli_fail("topics: line %zu: no \"text\" string", lineno);
    else if (need_label && !label)
        status = cli_fail("topics: line %zu: no \"label\" string", lineno);
    if (status == 0) {
        if (d->n == d->cap) {
            d->cap = d->cap ? d->cap * 2 : 1024;
            d->v = xrealloc(d->v, d->cap * sizeof *d->v);
        }
        d->v[d->n++] =
            (struct topics_doc){xstrdup(get_str(o, "title")), xstrdup(text), xstrdup(label)};
    }
    json_decref(o);
    return status;
}

/* Which documents to keep: all (folds NULL), or those whose fold is
 * (keep ? == : !=) fold. */
struct filter {
    const int *folds;
    size_t nfolds;
    int fold;
    bool keep;
};

/* Reads the non-blank lines of the input that the filter keeps (the others
 * are not parsed). Returns 0 or 1. */
static int read_docs(struct docs *d, const char *path, bool need_label, const struct filter *f)
{
    char *data = NULL;
    size_t len = 0, lineno = 0, doc = 0;
    int status = 0;
    if (str_read_file(&data, &len, path ? path : "-", INPUT_MAX) != HERALD_OK)
        return cli_fail("topics: %s", herald_error_last());
    for (size_t at = 0; at < len && status == 0;) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - data) : len;
        lineno++;
        if (strspn(data + at, " \t\r") < end - at) {
            if (f->folds && doc >= f->nfolds)
                status = cli_fail("topics: more documents than fold numbers (%zu)", f->nfolds);
            else if (!f->folds || (f->folds[doc] == f->fold) == f->keep)
                status = parse_doc(d, data + at, end - at, lineno, need_label);
            doc++;
        }
        at = end + 1;
    }
    if (status == 0 && f->folds && doc != f->nfolds)
        status = cli_fail("topics: %zu fold numbers for %zu documents", f->nfolds, doc);
    free(data);
    return status;
}

/* Reads the fold file: one integer per line, one line per document. */
static int read_folds(int **out, size_t *n, const char *path)
{
    char *data = NULL, *p, *end;
    size_t len = 0, cap = 0;
    if (str_read_file(&data, &len, path, 0) != HERALD_OK)
        return cli_fail("topics: %s", herald_error_last());
    for (p = data;; p = end) {
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = (int)v;
    }
    bool rest = p[strspn(p, " \t\r\n")] != '\0';
    free(data);
    if (rest)
        return cli_fail("topics: %s: not a list of fold numbers", path);
    return 0;
}

static int load_input(struct docs *d, const struct opts *o, bool need_label, bool train)
{
    struct filter f = {.fold = o->fold, .keep = !train};
    int *folds = NULL, status;
    if (o->folds && read_folds(&folds, &f.nfolds, o->folds)) {
        free(folds);
        return 1;
    }
    f.folds = folds;
    status = read_docs(d, o->input, need_label, &f);
    free(folds);
    return status;
}

static int do_train(const struct opts *o)
{
    struct docs d = {0};
    struct topics_model *m = NULL;
    int status = 0;
    if (!o->out)
        return cli_usage("topics", usage);
    if ((status = load_input(&d, o, true, true)))
        goto done;
    if (topics_model_train(d.v, d.n, &o->train, &m) != HERALD_OK ||
        topics_model_save(m, o->out) != HERALD_OK)
        status = cli_fail("topics train: %s", herald_error_last());
done:
    topics_model_free(m);
    docs_free(&d);
    return status;
}

static void print_scores_json(const struct topics_model *m, size_t best, const float *s)
{
    json_t *o = json_object(), *sc = json_object();
    for (size_t k = 0; k < topics_model_label_count(m); k++)
        json_object_set_new(sc, topics_model_label(m, k), json_real(s[k]));
    json_object_set_new(o, "label", json_string(topics_model_label(m, best)));
    json_object_set_new(o, "scores", sc);
    char *j = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(5));
    puts(j);
    free(j);
    json_decref(o);
}

static int do_predict(const struct opts *o)
{
    struct docs d = {0};
    struct topics_model *m = NULL;
    float *s = NULL;
    int status = 0;
    if (!o->model)
        return cli_usage("topics", usage);
    if (topics_model_load(o->model, &m) != HERALD_OK) {
        status = cli_fail("topics predict: %s", herald_error_last());
        goto done;
    }
    if ((status = load_input(&d, o, false, false)))
        goto done;
    s = xmalloc(topics_model_label_count(m) * sizeof *s);
    for (size_t i = 0; i < d.n; i++) {
        size_t best = topics_model_predict(m, d.v[i].title, d.v[i].text, s);
        if (o->json)
            print_scores_json(m, best, s);
        else
            puts(topics_model_label(m, best));
    }
done:
    free(s);
    topics_model_free(m);
    docs_free(&d);
    return status;
}

/* The distinct labels of d, in order of first appearance, and each
 * document's label index. */
struct labels {
    const char **name;
    size_t n;
    size_t *of; /* per document */
};

static void labels_collect(struct labels *l, const struct docs *d)
{
    l->name = xcalloc(d->n + 1, sizeof *l->name);
    l->of = xcalloc(d->n + 1, sizeof *l->of);
    l->n = 0;
    for (size_t i = 0; i < d->n; i++) {
        size_t k = 0;
        while (k < l->n && strcmp(l->name[k], d->v[i].label))
            k++;
        if (k == l->n)
            l->name[l->n++] = d->v[i].label;
        l->of[i] = k;
    }
}

/* Stratified folds: the j-th document of each label goes to fold j % k. */
static int *folds_stratified(const struct labels *l, size_t n, int k)
{
    int *folds = xcalloc(n + 1, sizeof *folds);
    size_t *seen = xcalloc(l->n + 1, sizeof *seen);
    for (size_t i = 0; i < n; i++)
        folds[i] = (int)(seen[l->of[i]]++ % (size_t)k);
    free(seen);
    return folds;
}

/* Trains on every fold but f and predicts fold f, counting per label
 * true positives, false positives and false negatives. Returns 0 or 1. */
static int cv_fold(const struct opts *o, const struct docs *d, const struct labels *l,
                   const int *folds, int f, size_t *tp, size_t *fp, size_t *fn)
{
    struct topics_doc *train = xcalloc(d->n + 1, sizeof *train);
    struct topics_model *m = NULL;
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        if (folds[i] != f)
            train[n++] = d->v[i];
    int status = 0;
    if (topics_model_train(train, n, &o->train, &m) != HERALD_OK)
        status = cli_fail("topics cv: fold %d: %s", f, herald_error_last());
    for (size_t i = 0; status == 0 && i < d->n; i++) {
        if (folds[i] != f)
            continue;
        const char *got =
            topics_model_label(m, topics_model_predict(m, d->v[i].title, d->v[i].text, NULL));
        size_t want = l->of[i], k = 0;
        while (k < l->n && strcmp(l->name[k], got))
            k++;
        if (k == want) {
            tp[want]++;
        } else {
            fn[want]++;
            if (k < l->n)
                fp[k]++;
        }
    }
    topics_model_free(m);
    free(train);
    return status;
}

/* Prints accuracy and macro-F1 over the labels from the counts. */
static void cv_report(const struct labels *l, size_t n, const size_t *tp, const size_t *fp,
                      const size_t *fn, int k, double seconds)
{
    size_t right = 0;
    double f1 = 0;
    for (size_t i = 0; i < l->n; i++) {
        right += tp[i];
        double den = 2.0 * (double)tp[i] + (double)fp[i] + (double)fn[i];
        double fi = den > 0 ? 2.0 * (double)tp[i] / den : 0;
        f1 += fi;
        printf("  %-24s F1 %.4f (%zu documents)\n", l->name[i], fi, tp[i] + fn[i]);
    }
    printf("topics cv: %zu documents, %zu labels, %d folds: accuracy %.4f, macro-F1 %.4f, "
           "%.2f s train+predict\n",
           n, l->n, k, n ? (double)right / (double)n : 0, l->n ? f1 / (double)l->n : 0, seconds);
}

/* k-fold cross-validation in one process: the labelled documents are read
 * once; each fold trains on the others and predicts its own. */
static int do_cv(const struct opts *o)
{
    struct docs d = {0};
    struct labels l = {0};
    int *folds = NULL, k = o->k > 0 ? o->k : 5, status = 0;
    size_t nf = 0;
    if ((o->folds && read_folds(&folds, &nf, o->folds)) ||
        read_docs(&d, o->input, true, &(struct filter){0})) {
        status = 1;
        goto done;
    }
    labels_collect(&l, &d);
    if (o->folds && nf != d.n) {
        status = cli_fail("topics cv: %zu fold numbers for %zu documents", nf, d.n);
        goto done;
    }
    if (!folds) {
        if (k < 2 || (size_t)k > d.n) {
            status = cli_fail("topics cv: --k must be 2..%zu (the number of documents)", d.n);
            goto done;
        }
        folds = folds_stratified(&l, d.n, k);
    } else {
        k = 0;
        for (size_t i = 0; i < nf; i++)
            k = folds[i] + 1 > k ? folds[i] + 1 : k;
    }
    size_t *c = xcalloc(3 * (l.n + 1), sizeof *c);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int f = 0; f < k && status == 0; f++)
        status = cv_fold(o, &d, &l, folds, f, c, c + l.n + 1, c + 2 * (l.n + 1));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (status == 0)
        cv_report(&l, d.n, c, c + l.n + 1, c + 2 * (l.n + 1), k,
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    free(c);
done:
    free(l.name);
    free(l.of);
    free(folds);
    docs_free(&d);
    return status;
}

static void print_rules(const struct topics_rules *r, uint32_t mask, const float *s, bool json)
{
    if (!json) {
        for (size_t i = 0, first = 1; i < topics_count(r); i++)
            if (mask & (1u << i))
                printf("%s%s", first ? "" : ",", topics_slug(r, i)), first = 0;
        putchar('\n');
        return;
    }
    json_t *o = json_object(), *arr = json_array(), *sc = json_object();
    for (size_t i = 0; i < topics_count(r); i++) {
        if (mask & (1u << i))
            json_array_append_new(arr, json_string(topics_slug(r, i)));
        json_object_set_new(sc, topics_slug(r, i), json_real(s[i]));
    }
    json_object_set_new(o, "topics", arr);
    json_object_set_new(o, "scores", sc);
    char *j = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(4));
    puts(j);
    free(j);
    json_decref(o);
}

static int do_rules(const struct opts *o, bool list)
{
    struct docs d = {0};
    struct topics_rules *r = NULL;
    struct topics_model *m = NULL;
    int status = 0;
    if (topics_rules_load(o->rules, &r) != HERALD_OK ||
        (o->model && topics_model_load(o->model, &m) != HERALD_OK)) {
        status = cli_fail("topics: %s", herald_error_last());
        goto done;
    }
    for (size_t i = 0; list && i < topics_count(r); i++)
        printf("%-12s %s / %s\n", topics_slug(r, i), topics_name(r, i, "en"),
               topics_name(r, i, "vi"));
    if (list || (status = load_input(&d, o, false, false)))
        goto done;
    for (size_t i = 0; i < d.n; i++) {
        uint32_t mask = 0;
        float s[TOPICS_MAX];
        topics_classify(r, m, d.v[i].title, d.v[i].text, &mask, s);
        print_rules(r, mask, s, o->json);
    }
done:
    topics_model_free(m);
    topics_rules_free(r);
    docs_free(&d);
    return status;
}

/* Parses the flags after the subcommand. Returns 0 or 2. */
static int parse_opts(struct opts *o, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--json"))
            o->json = true;
        else if (!strcmp(a, "--char"))
            o->train.char_ngrams = 1;
        else if (v && !strcmp(a, "--out"))
            o->out = v, i++;
        else if (v && !strcmp(a, "--model"))
            o->model = v, i++;
        else if (v && !strcmp(a, "--rules"))
            o->rules = v, i++;
        else if (v && !strcmp(a, "--folds"))
            o->folds = v, i++;
        else if (v && !strcmp(a, "--fold"))
            o->fold = atoi(v), i++;
        else if (v && !strcmp(a, "--k"))
            o->k = atoi(v), i++;
        else if (v && !strcmp(a, "--c"))
            o->train.c = atof(v), i++;
        else if (v && !strcmp(a, "--bits"))
            o->train.hash_bits = (unsigned)atoi(v), i++;
        else if (v && !strcmp(a, "--min-df"))
            o->train.min_df = atoi(v), i++;
        else if (v && !strcmp(a, "--threads"))
            o->train.threads = atoi(v), i++;
        else if ((a[0] != '-' || !a[1]) && !o->input)
            o->input = a;
        else
            return cli_usage(argv[0], usage);
    }
    return 0;
}

int cmd_topics(struct cli_ctx *ctx, int argc, char **argv)
{
    struct opts o = {0};
    topics_train_opts_default(&o.train);
    if (argc < 2 || parse_opts(&o, argc, argv))
        return cli_usage(argv[0], usage);
    /* The configuration's [analysis] rules and model unless flags say otherwise. */
    if (!o.rules && *ctx->cfg.topics_rules)
        o.rules = ctx->cfg.topics_rules;
    if (!o.model && !strcmp(argv[1], "rules") && *ctx->cfg.topics_model)
        o.model = ctx->cfg.topics_model;
    if (!strcmp(argv[1], "train"))
        return do_train(&o);
    if (!strcmp(argv[1], "predict"))
        return do_predict(&o);
    if (!strcmp(argv[1], "cv"))
        return do_cv(&o);
    if (!strcmp(argv[1], "rules"))
        return do_rules(&o, false);
    if (!strcmp(argv[1], "list"))
        return do_rules(&o, true);
    return cli_usage(argv[0], usage);
}
