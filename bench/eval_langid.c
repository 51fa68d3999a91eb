/* Language-ID evaluation driver for bench/eval-langid.
 *   eval_langid FILE...  each FILE a TSV whose name starts with its language
 *                        ("fr.tsv", "vi_vtb.tsv"; text in column 3): prints
 *                        "RESULT herald LANG N CORRECT" per file and
 *                        "SPEED herald TEXTS SECONDS" (langid_detect calls
 *                        only; the model is loaded before the clock starts).
 *   eval_langid --raw    stdin lines -> "__label__CODE PROB" from the model
 *                        alone (no und, no vi check), for fasttext parity. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "langid/langid.h"
#include "util/xalloc.h"

struct texts {
    char **s;
    size_t *len, n, cap;
};

static void add_text(struct texts *t, const char *s, size_t n)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->s = xrealloc(t->s, t->cap * sizeof *t->s);
        t->len = xrealloc(t->len, t->cap * sizeof *t->len);
    }
    t->s[t->n] = xstrndup(s, n);
    t->len[t->n++] = n;
}

/* Column 3 of each line of the TSV at path. Returns 0 or -1. */
static int read_tsv(struct texts *t, const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    if (!f)
        return -1;
    while ((n = getline(&line, &cap, f)) > 0) {
        char *a = strchr(line, '\t'), *b = a ? strchr(a + 1, '\t') : NULL;
        if (!b)
            continue;
        b++;
        add_text(t, b, strcspn(b, "\r\n"));
    }
    free(line);
    fclose(f);
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int raw_mode(void)
{
    const struct langid_model *m;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    if (langid_model_default(&m) != HERALD_OK)
        return 1;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        struct langid_result r;
        size_t k;
        langid_model_predict(m, line, strcspn(line, "\n"), &r, 1, &k);
        if (k)
            printf("__label__%s %.6g\n", r.code, r.confidence);
        else
            printf("\n");
    }
    free(line);
    return 0;
}

int main(int argc, char **argv)
{
    const struct langid_model *m;
    size_t total = 0;
    double secs = 0;
    if (argc == 2 && !strcmp(argv[1], "--raw"))
        return raw_mode();
    if (argc < 2 || langid_model_default(&m) != HERALD_OK) {
        fprintf(stderr, "usage: eval_langid FILE.tsv... | --raw\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct texts t = {0};
        const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        char lang[8] = {0};
        size_t correct = 0;
        memcpy(lang, base, strcspn(base, "_.") < 7 ? strcspn(base, "_.") : 7);
        if (read_tsv(&t, argv[i]) != 0) {
            fprintf(stderr, "eval_langid: cannot read %s\n", argv[i]);
            return 1;
        }
        double t0 = now();
        for (size_t j = 0; j < t.n; j++) {
            struct langid_result r;
            langid_detect(t.s[j], t.len[j], LANGID_MIN_CONFIDENCE_DEFAULT, &r);
            correct += !strcmp(r.code, lang);
        }
        secs += now() - t0;
        total += t.n;
        printf("RESULT herald %s %zu %zu\n", lang, t.n, correct);
        for (size_t j = 0; j < t.n; j++)
            free(t.s[j]);
        free(t.s);
        free(t.len);
    }
    printf("SPEED herald %zu %.4f\n", total, secs);
    return 0;
}
