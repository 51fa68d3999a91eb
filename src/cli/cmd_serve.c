/* herald serve: the JSON API (/api/v1/..., signed in with a session
 * cookie or an API token), /healthz, /metrics and the dashboard's files on
 * libmicrohttpd, on the configured database while `herald run` writes it.
 * Warns when it listens beyond loopback without TLS. Runs until
 * SIGINT/SIGTERM, then stops cleanly. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "http/server.h"
#include "util/xalloc.h"

#define USAGE                                                                                      \
    "serve [--listen ADDR:PORT] [--threads N] [--web DIR] [--tls-cert PEM --tls-key PEM]\n"        \
    "             [--port-file FILE]\n"                                                            \
    "  --listen     IPv4 address and port (default 127.0.0.1:8080; port 0 = any free port)\n"      \
    "  --threads    worker threads (default: the number of CPUs)\n"                                \
    "  --web        the dashboard's files (default: the build's web/ directory)\n"                 \
    "  --tls-cert, --tls-key  serve HTTPS with this certificate and key (cookies get Secure)\n"    \
    "  --port-file  write the port here once listening (for tests)\n"                              \
    "Sign in with POST /api/v1/session or send 'Authorization: Bearer hrld_...' (herald token);\n" \
    "every route and the role it needs: GET /api/v1/openapi.json"

struct serve_opts {
    const char *listen;
    const char *port_file;
    unsigned threads;
    const char *web, *tls_cert, *tls_key;
};

static int parse_opts(struct serve_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: herald %s\n", USAGE);
            return -1;
        }
        if (i + 1 >= argc)
            return cli_usage("serve", USAGE);
        const char *v = argv[++i];
        if (!strcmp(argv[i - 1], "--listen")) {
            o->listen = v;
        } else if (!strcmp(argv[i - 1], "--port-file")) {
            o->port_file = v;
        } else if (!strcmp(argv[i - 1], "--web")) {
            o->web = v;
        } else if (!strcmp(argv[i - 1], "--tls-cert")) {
            o->tls_cert = v;
        } else if (!strcmp(argv[i - 1], "--tls-key")) {
            o->tls_key = v;
        } else if (!strcmp(argv[i - 1], "--threads")) {
            char *end = NULL;
            long n = strtol(v, &end, 10);
            if (!*v || *end || n < 1 || n > 256)
                return cli_fail("serve: --threads: '%s' is not a number in 1..256", v);
            o->threads = (unsigned)n;
        } else {
            return cli_usage("serve", USAGE);
        }
    }
    return 0;
}

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
    struct serve_opts o = {"127.0.0.1:8080", NULL, 0, NULL, NULL, NULL};
    struct http_server *srv = NULL;
    sigset_t set, old;
    int sig = 0, status = parse_opts(&o, argc, argv);
    if (status)
        return status < 0 ? 0 : status;
    if (!http_server_listen_loopback(o.listen) && !o.tls_cert)
        fprintf(stderr,
                "herald serve: warning: %s is not a loopback address and there is no TLS: "
                "passwords and session cookies cross the network in clear text (use "
                "--tls-cert/--tls-key or a TLS proxy)\n",
                o.listen);
    /* Block the signals before the workers start so only sigwait() gets them. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    struct http_server_config cfg = {.listen = o.listen,
                                     .db_path = ctx->cfg.db_path,
                                     .threads = o.threads,
                                     .web_dir = o.web,
                                     .tls_cert = o.tls_cert,
                                     .tls_key = o.tls_key,
                                     .cache_ttl_s = (unsigned)ctx->cfg.stats_cache_ttl,
                                     .metrics_public = ctx->cfg.metrics_public};
    if (http_server_start(&srv, &cfg) != HERALD_OK) {
        status = cli_fail("serve: %s", herald_error_last());
        goto done;
    }
    if (o.port_file && (status = cli_write_port_file(o.port_file, http_server_port(srv))) != 0)
        goto done;
    fprintf(stderr,
            "herald serve: listening on %s://%s, port %d (database %s; dashboard %s; Ctrl-C to "
            "stop)\n",
            o.tls_cert ? "https" : "http", o.listen, http_server_port(srv), ctx->cfg.db_path,
            o.web ? o.web : http_web_dir_default);
    while (sigwait(&set, &sig) != 0)
        ;
    fprintf(stderr, "herald serve: stopping (signal %d)\n", sig);
done:
    http_server_stop(srv);
    if (o.port_file)
        unlink(o.port_file);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return status;
}
