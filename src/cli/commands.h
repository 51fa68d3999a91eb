/* The command table: each `herald <verb>` is a cmd_<verb>() in
 * src/cli/cmd_<verb>.c taking the shared context and its own arguments
 * (argv[0] is the verb). A command returns the process exit status:
 * 0 ok, 1 failure (one-line message already printed), 2 usage error. */
#ifndef HERALD_COMMANDS_H
#define HERALD_COMMANDS_H

#include <stdbool.h>
#include "cli/config.h"

struct cli_ctx {
    struct herald_config cfg; /* defaults < --config FILE < flags */
    const char *config_path;  /* NULL when none was given */
};

/* Parses the global flags (--db, --config, --allow-private, --quiet,
 * --verbose) anywhere on the line, then runs the command. Returns the exit
 * status. */
int cli_dispatch(int argc, char **argv);

/* Writes port to path (through a temporary file and rename(), so a test
 * polling for it never reads half a number). Returns 0, or 1 after printing
 * a one-line error. */
int cli_write_port_file(const char *path, int port);

/* Prints "herald: <message>" to stderr and returns 1. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "herald <verb>: usage: <usage>" to stderr and returns 2; when
 * the command was asked for --help (cli_help_wanted()), prints
 * "usage: herald <usage>" to stdout instead (and the dispatcher turns the
 * 2 into 0). */
int cli_usage(const char *verb, const char *usage);
/* Returns true when the command runs for "herald VERB --help". */
bool cli_help_wanted(void);

int cmd_feed(struct cli_ctx *ctx, int argc, char **argv);
int cmd_extract(struct cli_ctx *ctx, int argc, char **argv);
int cmd_source(struct cli_ctx *ctx, int argc, char **argv);
int cmd_search(struct cli_ctx *ctx, int argc, char **argv);
int cmd_signals(struct cli_ctx *ctx, int argc, char **argv);
int cmd_show(struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_run(struct cli_ctx *ctx, int argc, char **argv);
int cmd_fetch_once(struct cli_ctx *ctx, int argc, char **argv);
int cmd_demo_site(struct cli_ctx *ctx, int argc, char **argv);
int cmd_langid(struct cli_ctx *ctx, int argc, char **argv);
int cmd_topics(struct cli_ctx *ctx, int argc, char **argv);
int cmd_cluster(struct cli_ctx *ctx, int argc, char **argv);
int cmd_stories(struct cli_ctx *ctx, int argc, char **argv);
int cmd_tone(struct cli_ctx *ctx, int argc, char **argv);
int cmd_relevance(struct cli_ctx *ctx, int argc, char **argv);
int cmd_analyze(struct cli_ctx *ctx, int argc, char **argv);
int cmd_user(struct cli_ctx *ctx, int argc, char **argv);
int cmd_token(struct cli_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_serve(struct cli_ctx *ctx, int argc, char **argv);
int cmd_alerts(struct cli_ctx *ctx, int argc, char **argv);

#endif
