/* herald fetch-once: one full ingest cycle over the due sources (or all
 * enabled sources with --all), with a progress bar on a terminal. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli_ingest.h"
#include "cli/commands.h"
#include "store/store_article.h"

static const char USAGE[] = "fetch-once [--all]";

/* Draws "[#####.....]  12/40 pages  3 stored" on stderr. */
static void draw_bar(const struct ingest_stats *s, void *ctx)
{
    (void)ctx;
    int width = 30, total = s->pages_total, done = s->pages_done;
    if (total <= 0) {
        fprintf(stderr, "\r\033[Kpolling %d sources...", s->sources_due);
        return;
    }
    int fill = (int)((long)width * done / total);
    fprintf(stderr, "\r\033[K[");
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %d/%d pages, %d stored", done, total, s->articles_stored);
}

static void print_summary(struct store *st, const struct ingest_stats *s)
{
    char line[512];
    struct store_counts counts;
    printf("%s\n", ingest_stats_line(line, sizeof line, s));
    if (store_counts(st, &counts))
        return;
    printf("database: %lld articles from %lld sources, %lld rejects;", (long long)counts.articles,
           (long long)counts.sources, (long long)counts.rejects);
    for (size_t i = 0; i < counts.n_lang; i++)
        printf(" %s=%lld", counts.by_lang[i].lang[0] ? counts.by_lang[i].lang : "?",
               (long long)counts.by_lang[i].n);
    printf("\n");
}

int cmd_fetch_once(struct cli_ctx *ctx, int argc, char **argv)
{
    bool all = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--all"))
            all = true;
        else
            return cli_usage("fetch-once", USAGE);
    }
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
    if (isatty(STDERR_FILENO))
        o.progress = draw_bar;
    cli_catch_stop_signals();
    struct ingest_stats s;
    /* --all: a time far in the future makes every enabled source due. */
    int64_t now = time(NULL);
    herald_rc rc = ingest_cycle(&s, st, &o, all ? now + 400LL * 86400 : now);
    if (o.progress)
        fprintf(stderr, "\r\033[K");
    int status = 0;
    if (rc)
        status = cli_fail("fetch-once: %s", herald_error_last());
    else
        print_summary(st, &s);
    store_close(st);
    analyzer_free(an);
    close(lock);
    return status;
}
