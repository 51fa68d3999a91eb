/* herald run: the daemon. Polls due sources every cycle, logs a one-line
 * summary per cycle, and on SIGTERM/SIGINT finishes the transaction in
 * flight and exits 0; a restart resumes where it stopped. With --serve it
 * also serves the API and the dashboard (as herald serve does) from the
 * same process while it ingests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alerts/alerts.h"
#include "cli/cli_ingest.h"
#include "cli/commands.h"
#include "http/server.h"
#include "util/log.h"

static const char USAGE[] = "run [--cycles N] [--serve [ADDR:PORT]] [--web DIR] [--port-file FILE]";

struct run_opts {
    long cycles;           /* 0 = until stopped */
    const char *serve;     /* NULL = no server */
    const char *web;       /* the dashboard's files; NULL = the build's */
    const char *port_file; /* with --serve: the port, for tests */
};

/* Sleeps up to seconds, waking early when a stop signal arrives. */
static void nap(int seconds)
{
    struct timespec step = {0, 200 * 1000 * 1000};
    for (int i = 0; i < seconds * 5 && !cli_stop_flag; i++)
        nanosleep(&step, NULL);
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
    for (int i = 1; i < argc; i++) {
        char *end;
        bool has_value = i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0;
        if (!strcmp(argv[i], "--cycles") && has_value) {
            o->cycles = strtol(argv[++i], &end, 10);
            if (*end || o->cycles < 1)
                return cli_usage("run", USAGE);
        } else if (!strcmp(argv[i], "--serve")) {
            o->serve = has_value ? argv[++i] : "127.0.0.1:8080";
        } else if (!strcmp(argv[i], "--web") && has_value) {
            o->web = argv[++i];
        } else if (!strcmp(argv[i], "--port-file") && has_value) {
            o->port_file = argv[++i];
        } else {
            return cli_usage("run", USAGE);
        }
    }
    if ((o->web || o->port_file) && !o->serve)
        return cli_usage("run", USAGE);
    return 0;
}

/* Starts the API server of --serve into *out (NULL without --serve).
 * Returns 0, or 1 after printing a one-line error. */
static int start_server(struct cli_ctx *ctx, const struct run_opts *o, struct http_server **out)
{
    struct http_server_config cfg = {.listen = o->serve,
                                     .db_path = ctx->cfg.db_path,
                                     .web_dir = o->web,
                                     .cache_ttl_s = (unsigned)ctx->cfg.stats_cache_ttl,
                                     .metrics_public = ctx->cfg.metrics_public};
    *out = NULL;
    if (!o->serve)
        return 0;
    if (!http_server_listen_loopback(o->serve))
        log_warn("herald run: %s is not a loopback address and there is no TLS: use herald "
                 "serve --tls-cert/--tls-key or a TLS proxy",
                 o->serve);
    if (http_server_start(out, &cfg) != HERALD_OK)
        return cli_fail("run: serve: %s", herald_error_last());
    log_info("herald run: serving on %s, port %d", o->serve, http_server_port(*out));
    if (o->port_file && cli_write_port_file(o->port_file, http_server_port(*out)))
        return 1;
    return 0;
}

/* Runs cycles until stopped (or --cycles); returns the exit status. */
static int loop(struct cli_ctx *ctx, struct store *st, const struct ingest_opts *o, long cycles)
{
    int status = 0;
    log_info("herald run: database %s, cycle every %d s", ctx->cfg.db_path, ctx->cfg.cycle_seconds);
    for (long n = 0; !cli_stop_flag && (!cycles || n < cycles); n++) {
        struct ingest_stats s;
        char line[512];
        if (ingest_cycle(&s, st, o, time(NULL))) {
            status = cli_fail("run: %s", herald_error_last());
            break;
        }
        log_info("%s", ingest_stats_line(line, sizeof line, &s));
        if (!cycles || n + 1 < cycles)
            nap(ctx->cfg.cycle_seconds);
    }
    if (cli_stop_flag)
        log_info("herald run: stopped by signal; committed work is kept");
    return status;
}

int cmd_run(struct cli_ctx *ctx, int argc, char **argv)
{
    struct run_opts ro = {0};
    struct http_server *srv = NULL;
    struct store *st = NULL;
    struct analyzer *an = NULL;
    struct ingest_opts o;
    struct alerts_worker *aw = NULL;
    struct alerts_config ac;
    int status = 1, lock = -1;
    if (parse_args(argc, argv, &ro))
        return 2;
    cli_ingest_opts(&o, &ctx->cfg);
    if (cli_analyzer(&ctx->cfg, &an) || (lock = cli_writer_lock(ctx->cfg.db_path)) < 0)
        goto done;
    if (store_open(&st, ctx->cfg.db_path)) {
        cli_fail("%s", herald_error_last());
        goto done;
    }
    o.analyzer = an;
    o.robots = robots_cache_new();
    cli_catch_stop_signals();
    config_alerts(&ac, &ctx->cfg);
    if (alerts_worker_start(&aw, ctx->cfg.db_path, &ac)) /* evaluation and delivery */
        log_warn("run: alerts: %s", herald_error_last());
    if (start_server(ctx, &ro, &srv) == 0)
        status = loop(ctx, st, &o, ro.cycles);
done:
    alerts_worker_stop(aw);
    http_server_stop(srv);
    if (srv && ro.port_file)
        unlink(ro.port_file);
    robots_cache_free(o.robots);
    store_close(st);
    analyzer_free(an);
    if (lock >= 0)
        close(lock);
    return status;
}
