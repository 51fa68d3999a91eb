/* Helpers shared by the store commands (source, search, show, export):
 * opening the configured database, strict ID parsing and the article
 * filter flags (--lang --country --source --since --until --relevance
 * --tone --topic). */
#ifndef HERALD_STORE_CLI_H
#define HERALD_STORE_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/commands.h"
#include "store/store.h"
#include "store/store_search.h"

/* Opens ctx->cfg.db_path into *out. Returns 0, or 1 after printing a
 * one-line error (caller frees *out with store_close()). */
int store_cli_open(struct cli_ctx *ctx, struct store **out);

/* Parses a positive decimal id into *out. Returns false (prints nothing)
 * for anything else. */
bool store_cli_parse_id(const char *s, int64_t *out);

/* Applies filter flag opt (a getopt_long value STORE_CLI_LANG..
 * STORE_CLI_LAST) with argument arg to q through store_filter_parse().
 * Returns 0, or 1 after printing a one-line error ("--since: ...") for a
 * bad value. arg stays borrowed. */
int store_cli_filter(struct search_query *q, int opt, const char *arg);

/* Prints "herald VERB: unknown option 'X'" (or "missing value") for the
 * argument getopt_long() just rejected, then the usage line; returns 2. */
int store_cli_bad_option(const char *verb, const char *usage, char **argv);

/* In the order of store_filter_keys[]. */
enum {
    STORE_CLI_LANG = 1000,
    STORE_CLI_COUNTRY,
    STORE_CLI_SOURCE,
    STORE_CLI_SINCE,
    STORE_CLI_UNTIL,
    STORE_CLI_RELEVANCE,
    STORE_CLI_TONE,
    STORE_CLI_TOPIC,
    STORE_CLI_LAST = STORE_CLI_TOPIC,
};

/* The usage text of the filter flags. */
#define STORE_CLI_FILTER_USAGE                                                                     \
    "[--lang L] [--country C] [--source ID] [--since DATE] [--until DATE]"                         \
    " [--relevance about,mentions,none] [--tone negative,neutral,positive] [--topic SLUG]"

/* The getopt_long entries of the filter flags, for option tables. */
#define STORE_CLI_FILTER_OPTIONS                                                                   \
    {"lang", required_argument, NULL, STORE_CLI_LANG},                                             \
        {"country", required_argument, NULL, STORE_CLI_COUNTRY},                                   \
        {"source", required_argument, NULL, STORE_CLI_SOURCE},                                     \
        {"since", required_argument, NULL, STORE_CLI_SINCE},                                       \
        {"until", required_argument, NULL, STORE_CLI_UNTIL},                                       \
        {"relevance", required_argument, NULL, STORE_CLI_RELEVANCE},                               \
        {"tone", required_argument, NULL, STORE_CLI_TONE},                                         \
    {                                                                                              \
        "topic", required_argument, NULL, STORE_CLI_TOPIC                                          \
    }

#endif
