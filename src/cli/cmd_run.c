/* herald run: the daemon. Polls due sources every cycle, logs a one-line
 * summary per cycle, and on SIGTERM/SIGINT finishes the transaction in
 * flight and exits 0; a restart resumes where it stopped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_ingest.h"
#include "cli/commands.h"
#include "util/log.h"

static const char USAGE[] = "run [--cycles N]";

/* Sleeps up to seconds, waking early when a stop signal arrives. */
static void nap(int seconds)
{
    struct timespec step = {0, 200 * 1000 * 1000};
    for (int i = 0; i < seconds * 5 && !cli_stop_flag; i++)
        nanosleep(&step, NULL);
}

static int parse_args(int argc, char **argv, long *cycles)
{
    for (int i = 1; i < argc; i++) {
        char *end;
        if (!strcmp(argv[i], "--cycles") && i + 1 < argc) {
            *cycles = strtol(argv[++i], &end, 10);
            if (*end || *cycles < 1)
                return cli_usage("run", USAGE);
        } else {
            return cli_usage("run", USAGE);
        }
    }
    return 0;
}

int cmd_run(struct cli_ctx *ctx, int argc, char **argv)
{
    long cycles = 0; /* 0 = until stopped */
    if (parse_args(argc, argv, &cycles))
        return 2;
    struct store *st = NULL;
    struct analyzer *an = NULL;
    if (cli_analyzer(&ctx->cfg, &an))
        return 1;
    int lock = cli_writer_lock(ctx->cfg.db_path);
    if (lock < 0 || store_open(&st, ctx->cfg.db_path)) {
        analyzer_free(an);
        if (lock < 0)
            return 1;
        close(lock);
        return cli_fail("%s", herald_error_last());
    }
    struct ingest_opts o;
    cli_ingest_opts(&o, &ctx->cfg);
    o.analyzer = an;
    o.robots = robots_cache_new();
    cli_catch_stop_signals();
    log_info("herald run: database %s, cycle every %d s", ctx->cfg.db_path, ctx->cfg.cycle_seconds);
    int status = 0;
    for (long n = 0; !cli_stop_flag && (!cycles || n < cycles); n++) {
        struct ingest_stats s;
        char line[512];
        if (ingest_cycle(&s, st, &o, time(NULL))) {
            status = cli_fail("run: %s", herald_error_last());
            break;
        }
        log_info("%s", ingest_stats_line(line, sizeof line, &s));
        if (!cycles || n + 1 < cycles)
            nap(ctx->cfg.cycle_seconds);
    }
    if (cli_stop_flag)
        log_info("herald run: stopped by signal; committed work is kept");
    robots_cache_free(o.robots);
    store_close(st);
    analyzer_free(an);
    close(lock);
    return status;
}
