/* herald demo-site: serves the bundled fictional news site (data/demo-site)
 * on 127.0.0.1 so the whole pipeline can be tried with no network. Prints the
 * base URL, optionally writes the port to a file, runs until SIGINT/SIGTERM. */
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "http/static.h"
#include "util/xalloc.h"

#define USAGE "demo-site [--root DIR] [--listen ADDR:PORT] [--port-file FILE]"

struct demo_opts {
    const char *root;
    const char *listen;
    const char *port_file;
};

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Returns the default root (caller frees): data/demo-site under the working
 * directory, else beside the executable (../data/demo-site), else NULL. */
static char *default_root(void)
{
    if (is_dir("data/demo-site"))
        return xstrdup("data/demo-site");
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *dir = dirname(exe);
    const char *tries[] = {"../data/demo-site", "../../data/demo-site"};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        char *p = xasprintf("%s/%s", dir, tries[i]);
        if (is_dir(p))
            return p;
        free(p);
    }
    return NULL;
}

/* Parses the command's flags into o. Returns 0, or 2 on a usage error. */
static int parse_opts(struct demo_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char **slot = !strcmp(argv[i], "--root")        ? &o->root
                            : !strcmp(argv[i], "--listen")    ? &o->listen
                            : !strcmp(argv[i], "--port-file") ? &o->port_file
                                                              : NULL;
        if (!slot || i + 1 >= argc)
            return cli_usage("demo-site", USAGE);
        *slot = argv[++i];
    }
    return 0;
}

/* Waits for SIGINT or SIGTERM (blocked in set); returns the signal. */
static int wait_signal(const sigset_t *set)
{
    int sig = 0;
    while (sigwait(set, &sig) != 0)
        ;
    return sig;
}

int cmd_demo_site(struct cli_ctx *ctx, int argc, char **argv)
{
    struct demo_opts o = {NULL, "127.0.0.1:0", NULL};
    struct static_server *srv = NULL;
    char *root = NULL;
    sigset_t set, old;
    int status = parse_opts(&o, argc, argv);
    if (status != 0)
        return status;
    root = o.root ? xstrdup(o.root) : default_root();
    if (!root)
        return cli_fail("demo-site: data/demo-site not found (use --root DIR)");
    /* Block the signals before the server's threads start so only sigwait()
     * below receives them. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    if (static_server_start(&srv, root, o.listen) != HERALD_OK) {
        status = cli_fail("demo-site: %s", herald_error_last());
        goto done;
    }
    if (o.port_file && (status = cli_write_port_file(o.port_file, static_server_port(srv))) != 0)
        goto done;
    printf("%s/\n", static_server_base(srv));
    fflush(stdout);
    fprintf(stderr, "herald demo-site: serving %s at %s/ (Ctrl-C to stop)\n", root,
            static_server_base(srv));
    wait_signal(&set);
    if (o.port_file)
        unlink(o.port_file);
done:
    static_server_stop(srv);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(root);
    return status;
}
