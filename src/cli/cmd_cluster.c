/* herald cluster [--jsonl] [--window H] [--threshold T]: clusters articles
 * read as JSON Lines ({"id","title","text","lang","published"}, optional
 * "outlet" and "country") on stdin into stories, with the clusterer the
 * daemon uses, and prints {"id","story"} per article (--explain adds
 * "new", "sim", "best" and "dup_of"). A bad line is reported with its
 * number and skipped; the exit status is then 1. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "stories/stories.h"
#include "util/date.h"
#include "util/xalloc.h"

static const char usage[] =
    "cluster [--jsonl] [--window HOURS] [--threshold T] [--explain] < articles.jsonl";

#define LINE_MAX_BYTES (16u << 20)

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Reads "published" (epoch seconds or a date string) into *out; returns
 * false when it is present but unusable. */
static bool published_of(json_t *o, int64_t *out)
{
    json_t *v = json_object_get(o, "published");
    *out = 0;
    if (!v || json_is_null(v))
        return true;
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return *out >= 0;
    }
    if (json_is_string(v))
        return date_parse(out, json_string_value(v)) == HERALD_OK;
    return false;
}

/* One run: the clusterer, the ids seen (article i + 1 is ids[i]) and
 * whether to explain each decision. */
struct run {
    struct stories *s;
    json_t **ids;
    size_t n, cap;
    bool explain;
};

static void remember(struct run *r, json_t *id)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->ids = xrealloc(r->ids, r->cap * sizeof *r->ids);
    }
    r->ids[r->n++] = json_incref(id);
}

/* Adds "new", "sim", "best" (the best candidate story) and "dup_of" (the
 * id of the near-duplicated article, or null). */
static void explain(const struct run *r, json_t *res, const struct story_assign *as)
{
    json_object_set_new(res, "new", json_boolean(as->is_new));
    json_object_set_new(res, "sim", json_real(as->sim));
    json_object_set_new(res, "best", json_integer(as->best));
    json_object_set_new(res, "dup_of",
                        as->dup_of > 0 && (size_t)as->dup_of <= r->n
                            ? json_incref(r->ids[as->dup_of - 1])
                            : json_null());
}

/* Clusters one line; prints its result. Returns 0, or 1 after printing
 * "line N: why". */
static int cluster_line(struct run *r, const char *line, size_t len, size_t lineno)
{
    json_error_t err;
    json_t *o = json_loadb(line, len, 0, &err);
    json_t *id = o ? json_object_get(o, "id") : NULL;
    const char *title = o ? str_of(o, "title") : NULL, *text = o ? str_of(o, "text") : NULL;
    int64_t published = 0;
    int status = 0;
    if (!o || !json_is_object(o))
        status = cli_fail("cluster: line %zu: %s", lineno, o ? "not a JSON object" : err.text);
    else if (!id || !(json_is_string(id) || json_is_integer(id)))
        status = cli_fail("cluster: line %zu: no \"id\" (string or integer)", lineno);
    else if (!title && !text)
        status = cli_fail("cluster: line %zu: no \"title\" or \"text\" string", lineno);
    else if (!published_of(o, &published))
        status =
            cli_fail("cluster: line %zu: \"published\" is not a date or epoch seconds", lineno);
    if (status == 0) {
        struct story_article a = {.id = (int64_t)r->n + 1,
                                  .title = title,
                                  .text = text,
                                  .lang = str_of(o, "lang"),
                                  .outlet = str_of(o, "outlet"),
                                  .country = str_of(o, "country"),
                                  .published = published};
        struct story_assign as;
        stories_add(r->s, &a, &as);
        remember(r, id);
        json_t *res = json_pack("{sOsI}", "id", id, "story", (json_int_t)as.story);
        if (r->explain)
            explain(r, res, &as);
        char *dump = json_dumps(res, JSON_COMPACT | JSON_ENSURE_ASCII);
        puts(dump);
        free(dump);
        json_decref(res);
    }
    json_decref(o);
    return status;
}

static bool parse_pos(const char *s, double max, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v > 0 && v <= max))
        return false;
    *out = v;
    return true;
}

int cmd_cluster(struct cli_ctx *ctx, int argc, char **argv)
{
    struct stories_config c;
    bool explain_flag = false;
    config_stories(&c, &ctx->cfg); /* [stories]; the flags win */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--jsonl"))
            continue;
        if (!strcmp(argv[i], "--explain")) {
            explain_flag = true;
            continue;
        }
        if (!strcmp(argv[i], "--window") && i + 1 < argc) {
            if (!parse_pos(argv[++i], 24 * 365, &c.window_hours))
                return cli_fail("cluster: --window wants hours in (0, 8760], not %s", argv[i]);
        } else if (!strcmp(argv[i], "--threshold") && i + 1 < argc) {
            if (!parse_pos(argv[++i], 1, &c.threshold))
                return cli_fail("cluster: --threshold wants a number in (0, 1], not %s", argv[i]);
        } else {
            return cli_usage("cluster", usage);
        }
    }
    struct run r = {.explain = explain_flag};
    if (stories_new(&c, 1, &r.s) != HERALD_OK)
        return cli_fail("cluster: %s", herald_error_last());
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int status = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len > LINE_MAX_BYTES) {
            status = cli_fail("cluster: line %zu: longer than %u bytes", lineno, LINE_MAX_BYTES);
            continue;
        }
        if (strspn(line, " \t\r\n") == len)
            continue;
        if (cluster_line(&r, line, len, lineno))
            status = 1;
    }
    free(line);
    for (size_t i = 0; i < r.n; i++)
        json_decref(r.ids[i]);
    free(r.ids);
    stories_free(r.s);
    return status;
}
