/* Global flag parsing and the verb table for the herald CLI. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/log.h"
#include "util/xalloc.h"

struct command {
    const char *verb;
    int (*fn)(struct cli_ctx *, int, char **);
    const char *help;
};

static const struct command commands[] = {
    {"source", cmd_source, "manage sources: add|list|remove|enable|disable|import|export"},
    {"feed", cmd_feed, "feed parse [--json] FILE: parse an RSS/Atom/JSON Feed/sitemap file"},
    {"extract", cmd_extract, "extract [--json] [--url URL] FILE|-: extract an article page"},
    {"fetch-once", cmd_fetch_once, "poll every due source once, follow entries, store"},
    {"run", cmd_run, "the daemon: poll due sources continuously; --serve: and serve the API"},
    {"search", cmd_search, "full-text search of stored articles"},
    {"signals", cmd_signals, "a time series with its baseline, spikes, negative shifts, forecast"},
    {"show", cmd_show, "show ID: one stored article"},
    {"analyze", cmd_analyze, "analyze [--all]: analyse stored articles (not yet analysed, or all)"},
    {"serve", cmd_serve,
     "serve [--listen 127.0.0.1:8080] [--web DIR]: the JSON API and the dashboard"},
    {"user", cmd_user, "user add|passwd|list|disable|enable|role: accounts (password on stdin)"},
    {"token", cmd_token, "token create NAME --user U|list|revoke ID: API tokens for scripts"},
    {"audit", cmd_audit, "audit list [--since DATE] [--json] | export: the audit log"},
    {"alerts", cmd_alerts, "alerts list|ack ID|test RULE|rule ...|evaluate|deliver: early warning"},
    {"export", cmd_export, "export --format jsonl|csv [filters]: stored articles"},
    {"topics", cmd_topics, "topics train|predict|cv|rules|list: topic classifier and taxonomy"},
    {"cluster", cmd_cluster, "cluster [--window H] [--threshold T] < jsonl: story of each article"},
    {"stories", cmd_stories, "stories [--since DATE] [--limit N] [--json]: stories by importance"},
    {"tone", cmd_tone, "tone [--target TEXT] [--jsonl] [--model FILE]: tone of text; tone train"},
    {"relevance", cmd_relevance, "relevance [--jsonl] < articles: relevance to the country"},
    {"langid", cmd_langid, "langid [--json] [--min-confidence X]: language of each stdin line"},
    {"demo-site", cmd_demo_site, "serve the bundled demo news site on 127.0.0.1"},
};

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("herald: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

int cli_write_port_file(const char *path, int port)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int ok = f && fprintf(f, "%d\n", port) > 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? 0 : cli_fail("cannot write port file %s", path);
}

/* Set when the command was called as "herald VERB --help" (or -h, or
 * "herald help VERB"): its usage is then the answer, not an error. */
static bool help_wanted;

bool cli_help_wanted(void)
{
    return help_wanted;
}

int cli_usage(const char *verb, const char *usage)
{
    if (help_wanted) {
        printf("usage: herald %s\n", usage);
        return 2; /* the command stops here; command_help() answers 0 */
    }
    fprintf(stderr, "herald %s: usage: herald %s\n", verb, usage);
    return 2;
}

static bool is_help(const char *a)
{
    return !strcmp(a, "--help") || !strcmp(a, "-h");
}

/* Runs command c for "herald VERB --help": the command sees only
 * "--help", which every command answers with its usage. */
static int command_help(struct cli_ctx *ctx, const struct command *c)
{
    char verb[32], flag[] = "--help";
    snprintf(verb, sizeof verb, "%s", c->verb);
    char *argv[] = {verb, flag, NULL};
    help_wanted = true;
    int status = c->fn(ctx, 2, argv);
    return status == 2 ? 0 : status;
}

static void print_help(FILE *f)
{
    fprintf(f, "usage: herald [--db PATH] [--config FILE] [--allow-private] <command> [args]\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-11s %s\n", commands[i].verb, commands[i].help);
}

static enum log_level parse_level(const char *s)
{
    if (!strcmp(s, "debug"))
        return LOG_DEBUG;
    if (!strcmp(s, "warn"))
        return LOG_WARN;
    if (!strcmp(s, "error"))
        return LOG_ERROR;
    if (!strcmp(s, "quiet"))
        return LOG_QUIET;
    return LOG_INFO;
}

/* Removes argv[i] (and n-1 following) from the vector. */
static void drop(int *argc, char **argv, int i, int n)
{
    memmove(argv + i, argv + i + n, sizeof(char *) * (size_t)(*argc - i - n + 1));
    *argc -= n;
}

/* Takes the global flags out of argv. Returns 0, or 2 on a usage error. */
static int take_globals(struct cli_ctx *ctx, int *argc, char **argv, const char **db,
                        int *allow_private, const char **level)
{
    for (int i = 1; i < *argc;) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            break;
        } else if (!strcmp(a, "--db") || !strcmp(a, "--config")) {
            if (i + 1 >= *argc)
                return cli_usage(a + 2, "requires a value"), 2;
            if (a[2] == 'd')
                *db = argv[i + 1];
            else
                ctx->config_path = argv[i + 1];
            drop(argc, argv, i, 2);
        } else if (!strncmp(a, "--db=", 5)) {
            *db = a + 5;
            drop(argc, argv, i, 1);
        } else if (!strncmp(a, "--config=", 9)) {
            ctx->config_path = a + 9;
            drop(argc, argv, i, 1);
        } else if (!strcmp(a, "--allow-private")) {
            *allow_private = 1;
            drop(argc, argv, i, 1);
        } else if (!strcmp(a, "--quiet") || !strcmp(a, "--verbose")) {
            *level = a[2] == 'q' ? "warn" : "debug";
            drop(argc, argv, i, 1);
        } else {
            i++;
        }
    }
    return 0;
}

int cli_dispatch(int argc, char **argv)
{
    struct cli_ctx ctx = {0};
    const char *db = NULL, *level = NULL;
    int allow_private = 0, status = 2;
    config_defaults(&ctx.cfg);
    if (take_globals(&ctx, &argc, argv, &db, &allow_private, &level))
        goto done;
    if (ctx.config_path && config_load(&ctx.cfg, ctx.config_path)) {
        status = cli_fail("%s", herald_error_last());
        goto done;
    }
    if (db) {
        free(ctx.cfg.db_path);
        ctx.cfg.db_path = xstrdup(db);
    }
    if (allow_private)
        ctx.cfg.allow_private = true;
    log_set_level(parse_level(level ? level : ctx.cfg.log_level));
    static char help_flag[] = "--help";
    if (argc == 3 && !strcmp(argv[1], "help")) /* herald help VERB */
        argv[1] = argv[2], argv[2] = help_flag;
    if (argc < 2 || !strcmp(argv[1], "help") || is_help(argv[1])) {
        print_help(argc < 2 ? stderr : stdout);
        status = argc < 2 ? 2 : 0;
        goto done;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (!strcmp(argv[1], commands[i].verb)) {
            status = argc > 2 && is_help(argv[2]) ? command_help(&ctx, &commands[i])
                                                  : commands[i].fn(&ctx, argc - 1, argv + 1);
            goto done;
        }
    }
    fprintf(stderr, "herald: unknown command '%s' (try 'herald help')\n", argv[1]);
done:
    config_free(&ctx.cfg);
    return status;
}
