/* herald analyze: runs the analysis (language, relevance, topics, tone) over
 * articles already stored — those never analysed (stored before schema 7
 * or with analysis disabled), or with --all every article, after the
 * watchlist, rules or models changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_ingest.h"
#include "cli/store_cli.h"

#define USAGE "analyze [--all]"
#define COMMIT_EVERY 256

/* Analyses and updates article id inside the open transaction. */
static herald_rc analyze_one(struct store *st, const struct analyzer *an, int64_t id)
{
    struct article_row *a = NULL;
    struct article_analysis res;
    char lang[16];
    herald_rc rc = store_article_get(st, id, &a);
    if (rc == HERALD_ENOTFOUND)
        return HERALD_OK;
    if (rc)
        return rc;
    analyze_article(an, a->title, a->text, a->lang, lang, &res);
    rc = store_article_set_analysis(st, id, *lang ? lang : NULL, &res);
    article_row_free(a);
    return rc;
}

/* Analyses the n articles in ids, committing every COMMIT_EVERY. */
static herald_rc analyze_ids(size_t *done, struct store *st, const struct analyzer *an,
                             const int64_t *ids, size_t n)
{
    herald_rc rc = HERALD_OK;
    *done = 0;
    for (size_t i = 0; i < n && !rc && !cli_stop_flag; i += COMMIT_EVERY) {
        if ((rc = store_begin(st)))
            break;
        for (size_t k = i; k < n && k < i + COMMIT_EVERY && !rc; k++)
            rc = analyze_one(st, an, ids[k]);
        if (rc)
            store_rollback(st);
        else if (!(rc = store_commit(st)))
            *done = i + COMMIT_EVERY < n ? i + COMMIT_EVERY : n;
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "\ranalysed %zu of %zu", *done, n);
    }
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\r\033[K");
    return rc;
}

int cmd_analyze(struct cli_ctx *ctx, int argc, char **argv)
{
    bool all = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--all"))
            all = true;
        else
            return cli_usage("analyze", USAGE);
    }
    struct analyzer *an = NULL;
    struct store *st = NULL;
    int64_t *ids = NULL;
    size_t n = 0, done = 0;
    int status = 0;
    if (!ctx->cfg.analyze)
        return cli_fail("analyze: analysis is disabled ([analysis] enabled = false)");
    if (cli_analyzer(&ctx->cfg, &an))
        return 1;
    int lock = cli_writer_lock(ctx->cfg.db_path);
    if (lock < 0) {
        analyzer_free(an);
        return 1;
    }
    cli_catch_stop_signals();
    if (store_cli_open(ctx, &st))
        status = 1;
    else if (store_article_ids(st, !all, &ids, &n) || analyze_ids(&done, st, an, ids, n))
        status = cli_fail("analyze: %s", herald_error_last());
    else
        printf("analysed %zu of %zu article%s%s\n", done, n, n == 1 ? "" : "s",
               done < n ? " (stopped early; run again to finish)" : "");
    free(ids);
    store_close(st);
    analyzer_free(an);
    close(lock);
    return status;
}
