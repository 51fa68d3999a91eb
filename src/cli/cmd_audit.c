/* herald audit: the append-only audit log, as a table or JSON (list) or
 * as JSON lines (export), filtered by date, actor and action. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/store_cli.h"
#include "util/date.h"

#define USAGE                                                                                      \
    "audit list [--since DATE] [--actor A] [--action X|PREFIX.] [--json]"                          \
    " | export [--since DATE] [--actor A] [--action X|PREFIX.]"

/* Parses the filter flags into *f and --json into *json; returns 0, 1 or 2. */
static int parse(struct auth_audit_filter *f, bool *json, int argc, char **argv)
{
    static const struct option opts[] = {{"since", required_argument, NULL, 's'},
                                         {"actor", required_argument, NULL, 'a'},
                                         {"action", required_argument, NULL, 'x'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 's' && (date_parse(&f->since, optarg) || f->since <= 0))
            return cli_fail("--since: cannot read date '%s'", optarg);
        else if (opt == 'a')
            f->actor = optarg;
        else if (opt == 'x')
            f->action = optarg;
        else if (opt == 'j' && json)
            *json = true;
        else if (opt != 's')
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
    struct auth_audit_filter f = {0};
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
