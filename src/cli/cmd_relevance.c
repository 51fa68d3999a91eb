/* herald relevance [--watchlist FILE] [--jsonl] [--lang L] [--about X]
 * [--mentions Y]: scores articles for relevance to the watchlist's country.
 * Plain mode reads stdin as one article (first line the title) and prints
 * "class score"; --jsonl reads {"title","text","lang"?} per line (a line's
 * lang wins over --lang) and prints one JSON object each. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "relevance/relevance.h"
#include "util/str.h"

static const char usage[] =
    "relevance [--watchlist FILE] [--jsonl] [--lang L] [--about X] [--mentions Y] < input";

#define RELEVANCE_MAX_INPUT (64u << 20)

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

static bool parse_threshold(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v <= 1))
        return false;
    *out = v;
    return true;
}

static void print_plain(const struct watchlist *wl, const struct relevance_params *p,
                        const char *lang, char *data)
{
    struct relevance_result r;
    char *nl = strchr(data, '\n');
    const char *text = "";
    if (nl) {
        *nl = 0;
        text = nl + 1;
    }
    relevance_score_lang(wl, p, data, text, lang, &r);
    printf("%s %.4f\n", relevance_class_name(r.cls), r.score);
}

/* [[surface, from, to], ...] for the matches in text. */
static json_t *matches_json(const struct watchlist *wl, const char *text, const char *lang)
{
    json_t *arr = json_array();
    struct watch_match *m = NULL;
    size_t n = 0;
    watchlist_find_lang(wl, text, strlen(text), lang, &m, &n);
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_pack("[s#II]", text + m[i].from, (int)(m[i].to - m[i].from),
                                (json_int_t)m[i].from, (json_int_t)m[i].to);
        if (row)
            json_array_append_new(arr, row);
    }
    free(m);
    return arr;
}

static char *result_line(const struct watchlist *wl, const struct relevance_params *p,
                         const char *title, const char *text, const char *lang)
{
    struct relevance_result r;
    relevance_score_lang(wl, p, title, text, lang, &r);
    json_t *o =
        json_pack("{s:f,s:s,s:I,s:I,s:I,s:I,s:I}", "score", r.score, "class",
                  relevance_class_name(r.cls), "title_hits", (json_int_t)r.title_hits, "lead_hits",
                  (json_int_t)r.lead_hits, "body_hits", (json_int_t)r.body_hits, "sentences",
                  (json_int_t)r.sentences, "sentences_hit", (json_int_t)r.sentences_hit);
    if (lang && *lang)
        json_object_set_new(o, "lang", json_string(lang));
    json_object_set_new(o, "title_matches", matches_json(wl, title, lang));
    json_object_set_new(o, "matches", matches_json(wl, text, lang));
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(o);
    return s;
}

static const char *string_field(json_t *o, const char *key, bool *bad)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return "";
    if (!json_is_string(v))
        *bad = true;
    return json_is_string(v) ? json_string_value(v) : "";
}

/* Scores one JSON line; returns 0, or 1 after printing the error. */
static int jsonl_line(const struct watchlist *wl, const struct relevance_params *p,
                      const char *lang, const char *line, size_t len, size_t lineno)
{
    json_error_t err;
    bool bad = false;
    json_t *o = json_loadb(line, len, 0, &err);
    if (!o || !json_is_object(o)) {
        json_decref(o);
        return cli_fail("relevance: line %zu: %s", lineno, o ? "not a JSON object" : err.text);
    }
    const char *title = string_field(o, "title", &bad);
    const char *text = string_field(o, "text", &bad);
    const char *line_lang = string_field(o, "lang", &bad);
    if (bad) {
        json_decref(o);
        return cli_fail("relevance: line %zu: title, text and lang must be strings", lineno);
    }
    char *s = result_line(wl, p, title, text, *line_lang ? line_lang : lang);
    puts(s);
    free(s);
    json_decref(o);
    return 0;
}

static int run_jsonl(const struct watchlist *wl, const struct relevance_params *p, const char *lang,
                     char *data, size_t len)
{
    size_t lineno = 0;
    for (size_t i = 0; i < len;) {
        char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        const char *line = data + i;
        i += n + 1;
        lineno++;
        if (blank(line, n))
            continue;
        if (jsonl_line(wl, p, lang, line, n, lineno))
            return 1;
    }
    return 0;
}

int cmd_relevance(struct cli_ctx *ctx, int argc, char **argv)
{
    int status = 0;
    bool jsonl = false;
    const char *path = NULL, *lang = NULL;
    struct relevance_params p;
    struct watchlist *wl = NULL;
    char *data = NULL;
    size_t len = 0;
    relevance_params_default(&p);
    /* The configuration's [analysis] watchlist and thresholds unless flags say otherwise. */
    p.about_min = ctx->cfg.relevance_about;
    p.mentions_min = ctx->cfg.relevance_mentions;
    if (*ctx->cfg.watchlist)
        path = ctx->cfg.watchlist;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--jsonl"))
            jsonl = true;
        else if (!strcmp(argv[i], "--watchlist") && i + 1 < argc)
            path = argv[++i];
        else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
            lang = argv[++i];
        else if (!strcmp(argv[i], "--about") && i + 1 < argc &&
                 parse_threshold(argv[i + 1], &p.about_min))
            i++;
        else if (!strcmp(argv[i], "--mentions") && i + 1 < argc &&
                 parse_threshold(argv[i + 1], &p.mentions_min))
            i++;
        else
            return cli_usage(argv[0], usage);
    }
    if (watchlist_load(path, &wl) != HERALD_OK) {
        status = cli_fail("relevance: %s", herald_error_last());
        goto done;
    }
    if (str_read_file(&data, &len, "-", RELEVANCE_MAX_INPUT) != HERALD_OK) {
        status = cli_fail("relevance: %s", herald_error_last());
        goto done;
    }
    if (jsonl) {
        status = run_jsonl(wl, &p, lang, data, len);
    } else {
        char *clean = str_utf8_sanitize(data, len);
        print_plain(wl, &p, lang, clean);
        free(clean);
    }
done:
    watchlist_free(wl);
    free(data);
    return status;
}
