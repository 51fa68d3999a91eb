/* herald audit: the append-only audit log, newest first as a table or JSON
 * (list, --limit rows) or oldest first as JSON lines (export), filtered by
 * date, actor and action. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/store_cli.h"
#include "store/store_filter.h"
#include "util/date.h"

#define USAGE                                                                                      \
    "audit list [--since DATE] [--actor A] [--action X|PREFIX.] [--limit N] [--json]"              \
    " | export [--since DATE] [--actor A] [--action X|PREFIX.]"

#define LIMIT_DEFAULT 100
#define LIMIT_MAX 1000000

/* Parses a decimal in 0..LIMIT_MAX into *out; returns 0 or 1. */
static int parse_limit(size_t *out, const char *s)
{
    char *end = NULL;
    if (*s < '0' || *s > '9' || strlen(s) > 7)
        return 1;
    long v = strtol(s, &end, 10);
    if (*end || v > LIMIT_MAX)
        return 1;
    *out = (size_t)v;
    return 0;
}

/* Parses --since as the article filters do (ISO 8601); returns 0 or 1. */
static int parse_since(int64_t *out, const char *arg)
{
    struct search_query q = {0};
    if (store_filter_parse(&q, "since", arg) != HERALD_OK)
        return cli_fail("--%s", herald_error_last());
    *out = q.since;
    return 0;
}

/* Parses the filter flags into *f, and --json into *json and --limit N
 * (0 = all) into f->limit when json is set (list); returns 0, 1 or 2. */
static int parse(struct auth_audit_filter *f, bool *json, int argc, char **argv)
{
    static const struct option opts[] = {
        {"since", required_argument, NULL, 's'},  {"actor", required_argument, NULL, 'a'},
        {"action", required_argument, NULL, 'x'}, {"json", no_argument, NULL, 'j'},
        {"limit", required_argument, NULL, 'l'},  {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 's' && parse_since(&f->since, optarg))
            return 1;
        else if (opt == 'a')
            f->actor = optarg;
        else if (opt == 'x')
            f->action = optarg;
        else if (opt == 'j' && json)
            *json = true;
        else if (opt == 'l' && json && parse_limit(&f->limit, optarg))
            return cli_fail("--limit: '%s' is not a number in 0..%d", optarg, LIMIT_MAX);
        else if (opt != 's' && !(opt == 'l' && json))
            return store_cli_bad_option("audit", USAGE, argv);
    }
    if (optind != argc)
        return cli_usage("audit", USAGE);
    return 0;
}

static void print_table(const struct auth_audit_row *v, size_t n)
{
    char at[24];
    printf("%-6s %-20s %-12s %-20s %-16s %s\n", "ID", "AT", "ACTOR", "ACTION", "OBJECT", "IP");
    for (size_t i = 0; i < n; i++) {
        char obj[64];
        snprintf(obj, sizeof obj, "%s%s%s", v[i].object_type ? v[i].object_type : "-",
                 v[i].object_id ? " " : "", v[i].object_id ? v[i].object_id : "");
        printf("%-6lld %-20s %-12s %-20s %-16s %s\n", (long long)v[i].id,
               date_format_iso(at, v[i].at), v[i].actor, v[i].action, obj, v[i].ip ? v[i].ip : "-");
    }
}

static int audit_list(struct store *st, int argc, char **argv)
{
    struct auth_audit_filter f = {.newest_first = true, .limit = LIMIT_DEFAULT};
    struct auth_audit_row *v = NULL;
    size_t n = 0;
    bool json = false;
    int status = parse(&f, &json, argc, argv);
    if (status)
        return status;
    if (auth_audit_list(st, &v, &n, &f))
        return cli_fail("%s", herald_error_last());
    if (json) {
        fputs("[", stdout);
        for (size_t i = 0; i < n; i++) {
            char *line = auth_audit_row_json(&v[i]);
            printf("%s\n  %s", i ? "," : "", line);
            free(line);
        }
        fputs(n ? "\n]\n" : "]\n", stdout);
    } else {
        print_table(v, n);
    }
    if (f.limit && n == f.limit)
        fprintf(stderr, "herald audit: the newest %zu rows; --limit 0 lists all\n", n);
    auth_audit_rows_free(v, n);
    return 0;
}

static int audit_export(struct store *st, int argc, char **argv)
{
    struct auth_audit_filter f = {0};
    int status = parse(&f, NULL, argc, argv);
    if (status)
        return status;
    if (auth_audit_export(st, stdout, &f) || fflush(stdout))
        return cli_fail("%s", herald_error_last());
    return 0;
}

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
    struct store *st = NULL;
    int (*fn)(struct store *, int, char **) = NULL;
    if (argc >= 2 && !strcmp(argv[1], "list"))
        fn = audit_list;
    else if (argc >= 2 && !strcmp(argv[1], "export"))
        fn = audit_export;
    else
        return cli_usage("audit", USAGE);
    if (store_cli_open(ctx, &st))
        return 1;
    int status = fn(st, argc - 1, argv + 1);
    store_close(st);
    return status;
}
