/* herald export: every stored article matching the filters (and an
 * optional full-text query), in id order, as JSON Lines (jansson) or
 * RFC 4180 CSV. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/store_cli.h"
#include "store/store_filter.h"
#include "store/store_json.h"
#include "store/store_search.h"
#include "util/date.h"

#define USAGE "export --format jsonl|csv " STORE_CLI_FILTER_USAGE " [QUERY]"

enum format { FORMAT_NONE, FORMAT_JSONL, FORMAT_CSV };

static const char *csv_header = "id,published,lang,country,source_id,source,url,canonical_url,"
                                "title,byline,site_name,description,relevance,relevance_class,"
                                "topics,tone,tone_label,text\r\n";

/* Writes one CSV field: quoted (with "" for ") when it holds a comma,
 * quote, CR or LF, or starts with a space. */
static void csv_field(FILE *f, const char *v, bool last)
{
    if (!v)
        v = "";
    if (strpbrk(v, ",\"\r\n") || *v == ' ') {
        fputc('"', f);
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                fputc('"', f);
            fputc(*p, f);
        }
        fputc('"', f);
    } else {
        fputs(v, f);
    }
    fputs(last ? "\r\n" : ",", f);
}

static herald_rc write_csv(void *ctx, const struct article_row *a)
{
    char id[24], src[24], pub[24], rel[24] = "", tone[24] = "";
    const struct article_analysis *an = &a->an;
    snprintf(id, sizeof id, "%lld", (long long)a->id);
    if (an->analyzed)
        snprintf(rel, sizeof rel, "%.3f", an->relevance);
    if (an->analyzed && an->has_tone)
        snprintf(tone, sizeof tone, "%.3f", an->tone);
    snprintf(src, sizeof src, "%lld", (long long)a->source_id);
    const char *fields[] = {id,
                            date_format_iso(pub, a->published),
                            a->lang,
                            a->country,
                            a->source_id ? src : "",
                            a->source_name,
                            a->url,
                            a->canonical_url,
                            a->title,
                            a->byline,
                            a->site_name,
                            a->description,
                            rel,
                            an->analyzed ? store_filter_relevance_name(an->relevance_class) : "",
                            an->analyzed ? an->topics : "",
                            tone,
                            *tone ? store_filter_tone_name(an->tone_label) : "",
                            a->text};
    size_t n = sizeof fields / sizeof fields[0];
    for (size_t i = 0; i < n; i++)
        csv_field(stdout, fields[i], i == n - 1);
    if (ferror(stdout))
        return herald_error_set(HERALD_EIO, "export: cannot write to standard output");
    return HERALD_OK;
}

static herald_rc write_jsonl(void *ctx, const struct article_row *a)
{
    json_t *o = store_json_article(a, true);
    int bad = json_dumpf(o, stdout, JSON_COMPACT);
    json_decref(o);
    if (bad || fputc('\n', stdout) == EOF)
        return herald_error_set(HERALD_EIO, "export: cannot write to standard output");
    return HERALD_OK;
}

static int parse_args(struct search_query *q, enum format *fmt, int argc, char **argv)
{
    static const struct option opts[] = {
        STORE_CLI_FILTER_OPTIONS, {"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'f' && !strcmp(optarg, "jsonl"))
            *fmt = FORMAT_JSONL;
        else if (opt == 'f' && !strcmp(optarg, "csv"))
            *fmt = FORMAT_CSV;
        else if (opt == 'f')
            return cli_fail("export: --format must be jsonl or csv, not '%s'", optarg);
        else if (opt >= STORE_CLI_LANG && opt <= STORE_CLI_LAST) {
            if (store_cli_filter(q, opt, optarg))
                return 1;
        } else
            return store_cli_bad_option("export", USAGE, argv);
    }
    if (*fmt == FORMAT_NONE || optind < argc - 1)
        return cli_usage("export", USAGE);
    q->q = optind == argc - 1 ? argv[optind] : NULL;
    return 0;
}

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
    struct search_query q = {0};
    enum format fmt = FORMAT_NONE;
    struct store *st = NULL;
    int status = parse_args(&q, &fmt, argc, argv);
    if (status)
        return status;
    if (store_cli_open(ctx, &st))
        return 1;
    if (fmt == FORMAT_CSV)
        fputs(csv_header, stdout);
    if (store_search_each(st, &q, fmt == FORMAT_CSV ? write_csv : write_jsonl, NULL) != HERALD_OK)
        status = cli_fail("%s", herald_error_last());
    if (fflush(stdout) != 0 && !status)
        status = cli_fail("export: cannot write to standard output");
    store_close(st);
    return status;
}
