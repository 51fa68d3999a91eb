/* herald tone: tone of stdin text (document tone, or tone toward every
 * folded occurrence of --target), JSONL in and out with --jsonl, and
 * `herald tone train --out MODEL` to train the target model from JSONL. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "tone/tone.h"
#include "util/str.h"
#include "util/xalloc.h"

/* The score for printing: never "-0.0000". */
static double shown(double score)
{
    return score > -5e-5 && score < 5e-5 ? 0 : score;
}

static const char usage[] = "tone [--target TEXT] [--lang L] [--jsonl] [--model FILE] "
                            "[--lexicon DIR] < text | tone train --out MODEL [--lang L] "
                            "[--lexicon DIR] < labelled.jsonl";

#define TONE_MAX_INPUT ((size_t)64 << 20)

struct tone_opts {
    const char *target, *lang, *model, *lexicon, *out;
    bool jsonl, train;
};

/* Parses argv into o; returns false on a usage error. */
static bool parse_opts(struct tone_opts *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    int i = 1;
    if (argc > 1 && !strcmp(argv[1], "train")) {
        o->train = true;
        i = 2;
    }
    for (; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = !strcmp(a, "--target")    ? &o->target
                            : !strcmp(a, "--lang")    ? &o->lang
                            : !strcmp(a, "--model")   ? &o->model
                            : !strcmp(a, "--lexicon") ? &o->lexicon
                            : !strcmp(a, "--out")     ? &o->out
                                                      : NULL;
        if (!strcmp(a, "--jsonl"))
            o->jsonl = true;
        else if (slot && v)
            *slot = argv[++i];
        else
            return false;
    }
    return o->train ? o->out && !o->target && !o->model && !o->jsonl : !o->out;
}

/* Target spans from a JSON "target": a mention string (every folded
 * occurrence) or [from, to] in code points. Returns false when malformed. */
static bool json_spans(struct tone_span **spans, size_t *n, json_t *target, const char *text,
                       size_t len)
{
    *spans = NULL;
    *n = 0;
    if (!target || json_is_null(target))
        return true;
    if (json_is_string(target)) {
        tone_find_mentions(spans, n, text, len, json_string_value(target),
                           json_string_length(target));
        return true;
    }
    json_t *f = json_array_get(target, 0), *t = json_array_get(target, 1);
    if (!json_is_array(target) || json_array_size(target) != 2 || !json_is_integer(f) ||
        !json_is_integer(t) || json_integer_value(f) < 0 ||
        json_integer_value(t) < json_integer_value(f))
        return false;
    *spans = xmalloc(sizeof(**spans));
    (*spans)[0].from = tone_cp_to_byte(text, len, (size_t)json_integer_value(f));
    (*spans)[0].to = tone_cp_to_byte(text, len, (size_t)json_integer_value(t));
    *n = 1;
    return true;
}

/* Parses one JSONL line into its text and spans; *has_target says whether
 * the line names a target. Returns a message on error, else NULL. */
static const char *parse_line(json_t **obj, const char **text, size_t *len,
                              struct tone_span **spans, size_t *n, bool *has_target,
                              const char *line)
{
    json_error_t err;
    *obj = json_loads(line, JSON_REJECT_DUPLICATES, &err);
    *spans = NULL;
    if (!json_is_object(*obj))
        return "not a JSON object";
    json_t *t = json_object_get(*obj, "text"), *target = json_object_get(*obj, "target");
    if (!json_is_string(t))
        return "\"text\" must be a string";
    *text = json_string_value(t);
    *len = json_string_length(t);
    *has_target = target && !json_is_null(target);
    if (!json_spans(spans, n, target, *text, *len))
        return "\"target\" must be a mention string or [from, to] code points";
    return NULL;
}

static int run_jsonl(const struct tone_lexicon *lx, const struct tone_model *m,
                     const struct tone_opts *o)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int status = 0;
    while (status == 0 && getline(&line, &cap, stdin) > 0) {
        lineno++;
        if (str_blank(line))
            continue;
        json_t *obj = NULL;
        const char *text = NULL;
        size_t len = 0, n = 0;
        struct tone_span *spans = NULL;
        bool has_target = false;
        const char *err = parse_line(&obj, &text, &len, &spans, &n, &has_target, line);
        struct tone_result r;
        if (err)
            status = cli_fail("tone: line %zu: %s", lineno, err);
        else if (has_target)
            tone_target(lx, m, text, len, o->lang, spans, n, &r);
        else
            tone_document(lx, text, len, o->lang, &r);
        if (!err)
            printf("{\"score\":%.4f,\"label\":\"%s\"}\n", shown(r.score), tone_label_name(r.label));
        free(spans);
        json_decref(obj);
    }
    free(line);
    return status;
}

static int run_plain(const struct tone_lexicon *lx, const struct tone_model *m,
                     const struct tone_opts *o)
{
    char *text = NULL;
    size_t len = 0;
    struct tone_result r;
    if (str_read_file(&text, &len, "-", TONE_MAX_INPUT) != HERALD_OK)
        return cli_fail("tone: %s", herald_error_last());
    if (o->target) {
        struct tone_span *spans = NULL;
        size_t n = 0;
        tone_find_mentions(&spans, &n, text, len, o->target, strlen(o->target));
        tone_target(lx, m, text, len, o->lang, spans, n, &r);
        free(spans);
    } else {
        tone_document(lx, text, len, o->lang, &r);
    }
    printf("%s %.4f\n", tone_label_name(r.label), shown(r.score));
    free(text);
    return 0;
}

/* One labelled line for training; returns a message on error, else NULL. */
static const char *train_line(struct tone_example *ex, const char *line)
{
    json_t *obj = NULL;
    const char *text = NULL;
    size_t len = 0, n = 0;
    struct tone_span *spans = NULL;
    bool has_target = false;
    const char *err = parse_line(&obj, &text, &len, &spans, &n, &has_target, line);
    json_t *l = err ? NULL : json_object_get(obj, "label");
    const char *ls = json_string_value(l);
    int label = ls && !strcmp(ls, "negative")  ? -1
                : ls && !strcmp(ls, "neutral") ? 0
                : ls && !strcmp(ls, "positive")
                    ? 1
                    : (json_is_integer(l) && labs((long)json_integer_value(l)) <= 1
                           ? (int)json_integer_value(l)
                           : 2);
    if (!err && !n)
        err = "\"target\" is missing or not found in the text";
    if (!err && label == 2)
        err = "\"label\" must be negative, neutral, positive or -1, 0, 1";
    if (!err)
        *ex = (struct tone_example){xstrndup(text, len), len, spans, n, (enum tone_label)label};
    else
        free(spans);
    json_decref(obj);
    return err;
}

static int run_train(const struct tone_lexicon *lx, const struct tone_opts *o)
{
    struct tone_example *ex = NULL;
    size_t n = 0, lineno = 0, cap = 0;
    char *line = NULL;
    int status = 0;
    struct tone_model *m = NULL;
    while (status == 0 && getline(&line, &cap, stdin) > 0) {
        lineno++;
        if (str_blank(line))
            continue;
        ex = xrealloc(ex, (n + 1) * sizeof(*ex));
        const char *err = train_line(&ex[n], line);
        if (err)
            status = cli_fail("tone train: line %zu: %s", lineno, err);
        else
            n++;
    }
    if (status == 0 && (tone_model_train(lx, o->lang, ex, n, &m) != HERALD_OK ||
                        tone_model_save(m, o->out) != HERALD_OK))
        status = cli_fail("tone train: %s", herald_error_last());
    if (status == 0)
        fprintf(stderr, "tone train: %zu examples, model written to %s\n", n, o->out);
    for (size_t i = 0; i < n; i++) {
        free((char *)ex[i].text);
        free((struct tone_span *)ex[i].spans);
    }
    free(ex);
    free(line);
    tone_model_free(m);
    return status;
}

int cmd_tone(struct cli_ctx *ctx, int argc, char **argv)
{
    struct tone_opts o;
    struct tone_lexicon *lx = NULL;
    struct tone_model *m = NULL;
    int status = 0;
    if (!parse_opts(&o, argc, argv))
        return cli_usage(argv[0], usage);
    /* The configuration's [analysis] lexicons and model unless flags say otherwise. */
    if (!o.lexicon && *ctx->cfg.tone_lexicons)
        o.lexicon = ctx->cfg.tone_lexicons;
    if (!o.model && !o.train && *ctx->cfg.tone_model)
        o.model = ctx->cfg.tone_model;
    if (tone_lexicon_load(o.lexicon, &lx) != HERALD_OK) {
        status = cli_fail("tone: %s", herald_error_last());
        goto done;
    }
    if (o.model && tone_model_load(o.model, &m) != HERALD_OK) {
        status = cli_fail("tone: %s", herald_error_last());
        goto done;
    }
    status = o.train ? run_train(lx, &o) : o.jsonl ? run_jsonl(lx, m, &o) : run_plain(lx, m, &o);
done:
    tone_model_free(m);
    tone_lexicon_free(lx);
    return status;
}
