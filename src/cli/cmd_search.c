/* herald search: ranked full-text search of stored articles with filters,
 * printed as a list with highlighted snippets (bold on a terminal, «» in
 * a pipe) or as JSON. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/store_cli.h"
#include "store/store_filter.h"
#include "store/store_search.h"
#include "util/date.h"

#define USAGE "search [--json] " STORE_CLI_FILTER_USAGE " [--limit N] [--offset N] QUERY"

/* Adds the hit's relevance class, topics and tone toward the country (null
 * when not analysed or, for tone, when the country is not mentioned). */
static void hit_analysis_json(json_t *o, const struct search_hit *h)
{
    const char *rel = store_filter_relevance_name(h->relevance_class);
    const char *tone = h->tone_label >= -1 ? store_filter_tone_name(h->tone_label) : NULL;
    json_object_set_new(o, "relevance", rel ? json_string(rel) : json_null());
    json_object_set_new(o, "tone", tone ? json_string(tone) : json_null());
    json_object_set_new(o, "tone_score", tone ? json_real(h->tone) : json_null());
    json_object_set_new(o, "topics", h->topics ? json_string(h->topics) : json_null());
}

static json_t *hits_json(const struct search_hit *h, size_t n)
{
    char iso[24];
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(h[i].id));
        json_object_set_new(o, "score", json_real(h[i].score));
        json_object_set_new(o, "title", h[i].title ? json_string(h[i].title) : json_null());
        json_object_set_new(o, "url", json_string(h[i].url ? h[i].url : ""));
        json_object_set_new(o, "lang", h[i].lang ? json_string(h[i].lang) : json_null());
        json_object_set_new(o, "country", h[i].country ? json_string(h[i].country) : json_null());
        json_object_set_new(o, "source",
                            h[i].source_name ? json_string(h[i].source_name) : json_null());
        json_object_set_new(o, "published",
                            h[i].published ? json_string(date_format_iso(iso, h[i].published))
                                           : json_null());
        json_object_set_new(o, "snippet", json_string(h[i].snippet ? h[i].snippet : ""));
        hit_analysis_json(o, &h[i]);
        json_array_append_new(a, o);
    }
    return a;
}

/* Prints untrusted text with control characters as spaces; the snippet
 * marks \x02 and \x03 become bold on and off on a terminal. */
static void print_clean(const char *s, bool tty)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == 2 && tty)
            fputs("\033[1;33m", stdout);
        else if (*p == 3 && tty)
            fputs("\033[0m", stdout);
        else
            putchar(*p < 0x20 || *p == 0x7f ? ' ' : *p);
    }
}

/* Prints "relevance · tone · topics" when the hit was analysed. */
static void print_analysis(const struct search_hit *h)
{
    const char *rel = store_filter_relevance_name(h->relevance_class);
    const char *tone = h->tone_label >= -1 ? store_filter_tone_name(h->tone_label) : NULL;
    if (!rel)
        return;
    printf("    relevance %s  tone %s  topics %s\n", rel, tone ? tone : "-",
           h->topics && *h->topics ? h->topics : "-");
}

static void print_hits(const struct search_hit *h, size_t n, bool tty)
{
    char iso[24];
    for (size_t i = 0; i < n; i++) {
        date_format_iso(iso, h[i].published);
        iso[10] = '\0';
        printf("%s%lld  ", tty ? "\033[1m" : "", (long long)h[i].id);
        print_clean(h[i].title ? h[i].title : "(untitled)", tty);
        printf("%s\n", tty ? "\033[0m" : "");
        printf("    %s  %s %s  %s\n", h[i].published ? iso : "----------",
               h[i].lang ? h[i].lang : "-", h[i].country ? h[i].country : "-",
               h[i].source_name ? h[i].source_name : "");
        print_analysis(&h[i]);
        printf("    %s\n", h[i].url ? h[i].url : "");
        if (h[i].snippet && *h[i].snippet) {
            printf("    ");
            print_clean(h[i].snippet, tty);
            printf("\n");
        }
        printf("\n");
    }
    if (n == 0)
        printf("no results\n");
}

/* Parses a count in min..max for --limit/--offset. */
static int parse_count(int *out, const char *flag, const char *arg, int min, int max)
{
    char *end = NULL;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < min || v > max)
        return cli_fail("--%s: '%s' is not a number in %d..%d", flag, arg, min, max);
    *out = (int)v;
    return 0;
}

static int parse_args(struct search_query *q, bool *json, int argc, char **argv)
{
    static const struct option opts[] = {STORE_CLI_FILTER_OPTIONS,
                                         {"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {"offset", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        int bad = 0;
        if (opt == 'j')
            *json = true;
        else if (opt == 'n')
            bad = parse_count(&q->limit, "limit", optarg, 1, STORE_SEARCH_MAX_LIMIT);
        else if (opt == 'o')
            bad = parse_count(&q->offset, "offset", optarg, 0, 1000000);
        else if (opt >= STORE_CLI_LANG && opt <= STORE_CLI_LAST)
            bad = store_cli_filter(q, opt, optarg);
        else
            return store_cli_bad_option("search", USAGE, argv);
        if (bad)
            return bad;
    }
    if (optind != argc - 1)
        return cli_usage("search", USAGE);
    q->q = argv[optind];
    return 0;
}

int cmd_search(struct cli_ctx *ctx, int argc, char **argv)
{
    struct search_query q = {.limit = 20};
    struct search_hit *h = NULL;
    size_t n = 0;
    bool json = false, tty = isatty(STDOUT_FILENO);
    struct store *st = NULL;
    int status = parse_args(&q, &json, argc, argv);
    if (status)
        return status;
    q.mark_open = tty && !json ? "\x02" : "«";
    q.mark_close = tty && !json ? "\x03" : "»";
    if (store_cli_open(ctx, &st))
        return 1;
    if (store_search(st, &q, &h, &n) != HERALD_OK) {
        status = cli_fail("search: %s", herald_error_last());
    } else if (json) {
        json_t *a = hits_json(h, n);
        json_dumpf(a, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(a);
    } else {
        print_hits(h, n, tty);
    }
    search_hits_free(h, n);
    store_close(st);
    return status;
}
