/* Shared plumbing of the store commands: open the database named by the
 * configuration, parse ids strictly, and turn filter flags into a
 * struct search_query (store_filter_parse()) with clear one-line errors. */
#include "cli/store_cli.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_filter.h"

int store_cli_bad_option(const char *verb, const char *usage, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (cli_help_wanted())
        return cli_usage(verb, usage);
    if (optopt == 0)
        fprintf(stderr, "herald %s: unknown option '%s'\n", verb, arg);
    else if (!strncmp(arg, "--", 2))
        fprintf(stderr, "herald %s: option '%s' needs a value\n", verb, arg);
    else
        fprintf(stderr, "herald %s: unknown option '-%c'\n", verb, optopt);
    return cli_usage(verb, usage);
}

int store_cli_open(struct cli_ctx *ctx, struct store **out)
{
    if (store_open(out, ctx->cfg.db_path) != HERALD_OK)
        return cli_fail("%s", herald_error_last());
    return 0;
}

bool store_cli_parse_id(const char *s, int64_t *out)
{
    char *end = NULL;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

int store_cli_filter(struct search_query *q, int opt, const char *arg)
{
    assert(opt >= STORE_CLI_LANG && opt <= STORE_CLI_LAST);
    if (store_filter_parse(q, store_filter_keys[opt - STORE_CLI_LANG], arg) != HERALD_OK)
        return cli_fail("--%s", herald_error_last());
    return 0;
}
