/* Ingest options from configuration, and stop-signal handling. */
#include "cli/cli_ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/xalloc.h"

volatile int cli_stop_flag;

void cli_ingest_opts(struct ingest_opts *o, const struct herald_config *cfg)
{
    ingest_opts_defaults(o);
    o->fetch.user_agent = cfg->user_agent;
    o->fetch.connect_timeout_ms = cfg->connect_timeout_ms;
    o->fetch.total_timeout_ms = cfg->total_timeout_ms;
    o->fetch.host_delay_ms = cfg->host_delay_ms;
    o->fetch.max_parallel = cfg->max_parallel;
    o->fetch.allow_private = cfg->allow_private;
    o->max_feed_bytes = cfg->max_feed_bytes;
    o->max_page_bytes = cfg->max_page_bytes;
    o->max_items_per_feed = cfg->max_items_per_feed;
    o->extract_threads = cfg->extract_threads;
    o->respect_robots = cfg->respect_robots;
    o->stop = &cli_stop_flag;
}

/* Returns path, or NULL when it is empty (the built-in data). */
static const char *path_or_null(const char *path)
{
    return path && *path ? path : NULL;
}

int cli_analyzer(const struct herald_config *cfg, struct analyzer **out)
{
    struct analyzer_config ac;
    *out = NULL;
    if (!cfg->analyze)
        return 0;
    analyzer_config_default(&ac);
    ac.watchlist = path_or_null(cfg->watchlist);
    ac.topics_rules = path_or_null(cfg->topics_rules);
    ac.topics_model = path_or_null(cfg->topics_model);
    ac.tone_lexicons = path_or_null(cfg->tone_lexicons);
    ac.tone_model = path_or_null(cfg->tone_model);
    ac.relevance.about_min = cfg->relevance_about;
    ac.relevance.mentions_min = cfg->relevance_mentions;
    ac.langid_min_confidence = (float)cfg->langid_min_confidence;
    if (analyzer_new(&ac, out) != HERALD_OK)
        return cli_fail("analysis: %s", herald_error_last());
    return 0;
}

static void on_stop(int sig)
{
    (void)sig;
    cli_stop_flag = 1;
}

void cli_catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int cli_writer_lock(const char *db_path)
{
    char *path = xasprintf("%s.lock", db_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        cli_fail("%s: %s", path, strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = "";
        ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        cli_fail("another herald (pid %s) is already ingesting into %s", pid[0] ? pid : "?",
                 db_path);
        close(fd);
        fd = -1;
    } else if (ftruncate(fd, 0) == 0) {
        dprintf(fd, "%ld\n", (long)getpid()); /* informational, for the message above */
    }
    free(path);
    return fd;
}
