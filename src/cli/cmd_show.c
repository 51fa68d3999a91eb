/* herald show: one stored article with its metadata and full text, as
 * plain text or JSON. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/store_cli.h"
#include "store/store_filter.h"
#include "store/store_json.h"
#include "store/store_article.h"
#include "util/date.h"

#define USAGE "show [--json] ID"

static void line(const char *label, const char *v)
{
    if (v && *v)
        printf("%-12s %s\n", label, v);
}

/* Prints the analysis lines: language confidence, relevance, topics, tone
 * toward the country and overall. */
static void print_analysis(const struct article_analysis *an)
{
    char v[64];
    if (!an->analyzed) {
        line("analysis", "not analysed (herald analyze)");
        return;
    }
    snprintf(v, sizeof v, "%.2f", an->lang_conf);
    line("lang conf.", v);
    snprintf(v, sizeof v, "%s (%.2f)", store_filter_relevance_name(an->relevance_class),
             an->relevance);
    line("relevance", v);
    line("topics", *an->topics ? an->topics : "-");
    if (an->has_tone) {
        snprintf(v, sizeof v, "%s (%+.2f) toward the country",
                 store_filter_tone_name(an->tone_label), an->tone);
        line("tone", v);
    }
    snprintf(v, sizeof v, "%s (%+.2f) overall", store_filter_tone_name(an->tone_doc_label),
             an->tone_doc);
    line("tone (text)", v);
}

static void print_text(const struct article_row *a)
{
    char pub[24], fetched[24], id[24];
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    line("id", id);
    line("title", a->title);
    line("url", a->url);
    if (a->canonical_url && a->url && strcmp(a->canonical_url, a->url))
        line("canonical", a->canonical_url);
    line("source", a->source_name);
    line("site", a->site_name);
    line("lang", a->lang);
    line("country", a->country);
    line("published", a->published ? date_format_iso(pub, a->published) : NULL);
    line("fetched", a->fetched ? date_format_iso(fetched, a->fetched) : NULL);
    line("byline", a->byline);
    line("description", a->description);
    print_analysis(&a->an);
    if (a->text)
        printf("\n%s\n", a->text);
}

int cmd_show(struct cli_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *arg = NULL;
    int64_t id = 0;
    struct store *st = NULL;
    struct article_row *a = NULL;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (argv[i][0] == '-' || arg)
            return cli_usage("show", USAGE);
        else
            arg = argv[i];
    }
    if (!arg)
        return cli_usage("show", USAGE);
    if (!store_cli_parse_id(arg, &id))
        return cli_fail("show: '%s' is not an article id", arg);
    if (store_cli_open(ctx, &st))
        return 1;
    if (store_article_get(st, id, &a) != HERALD_OK) {
        status = cli_fail("%s", herald_error_last());
    } else if (json) {
        json_t *o = store_json_article(a, true);
        json_dumpf(o, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(o);
    } else {
        print_text(a);
    }
    article_row_free(a);
    store_close(st);
    return status;
}
