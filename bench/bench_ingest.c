/* Ingest benchmark driver: parses every feed and extracts and stores every
 * page of a local corpus (no network), the pipeline minus fetching: pages go
 * through the ingest cycle's extraction pool (THREADS workers) and are
 * stored by the main thread, the one writer. Prints pages/s.
 * bench/bench-ingest runs it beside the Python stack. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "extract/extract.h"
#include "feed/feed.h"
#include "ingest/extract_pool.h"
#include "store/store.h"
#include "store/store_article.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

struct doc {
    char *name;
    char *data;
    size_t len;
};

struct corpus {
    struct doc *v;
    size_t n;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_gz(const char *path, struct buf *b)
{
    gzFile f = gzopen(path, "rb");
    char chunk[65536];
    int n;
    if (!f)
        return -1;
    while ((n = gzread(f, chunk, sizeof chunk)) > 0)
        buf_append(b, chunk, (size_t)n);
    gzclose(f);
    return 0;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

/* Loads every file of dir ending in one of the suffixes (".gz" inflated). */
static void load_dir(struct corpus *c, const char *dir, const char *const *sufs, size_t limit)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) {
        fprintf(stderr, "bench_ingest: cannot open %s\n", dir);
        exit(1);
    }
    while ((e = readdir(d)) && c->n < limit) {
        bool want = false;
        for (size_t k = 0; sufs[k]; k++)
            want |= has_suffix(e->d_name, sufs[k]);
        if (!want)
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        struct buf b;
        buf_init(&b, 0);
        read_gz(path, &b);
        c->v = xrealloc(c->v, (c->n + 1) * sizeof *c->v);
        c->v[c->n].name = path;
        c->v[c->n].len = b.len;
        c->v[c->n++].data = buf_steal(&b);
    }
    closedir(d);
}

static int parse_feeds(const struct corpus *feeds)
{
    int entries = 0;
    for (size_t i = 0; i < feeds->n; i++) {
        struct feed *f = NULL;
        if (feed_parse(&f, feeds->v[i].data, feeds->v[i].len, NULL, "http://bench.invalid/") == 0)
            entries += (int)f->n_entries;
        feed_free(f);
    }
    return entries;
}

static void store_job(struct store *st, const struct extract_job *j, int *stored)
{
    size_t i = (size_t)(uintptr_t)j->user;
    if (j->rc || !j->article->text[0])
        return;
    char *url = xasprintf("http://bench.invalid/page/%zu", i);
    struct article_row row = {.url = url,
                              .title = j->article->title,
                              .text = j->article->text,
                              .lang = j->article->lang,
                              .published = j->article->published,
                              .fetched = 1};
    if (j->an.analyzed) {
        row.an = j->an;
        row.lang = j->lang[0] ? (char *)j->lang : NULL;
    }
    if (store_article_add(st, &row, NULL) == 0 && ++*stored % 256 == 0) {
        store_commit(st);
        store_begin(st);
    }
    free(url);
}

/* Extracts every page on the pool and stores each as it comes back. */
static int extract_and_store(struct store *st, const struct corpus *pages, int threads,
                             const struct analyzer *an)
{
    struct extract_pool *pool = extract_pool_new(threads);
    struct extract_job *j;
    int stored = 0;
    store_begin(st);
    for (size_t i = 0; i < pages->n; i++) {
        j = xcalloc(1, sizeof *j);
        j->body = xstrndup(pages->v[i].data, pages->v[i].len);
        j->len = pages->v[i].len;
        j->user = (void *)(uintptr_t)i;
        j->analyzer = an;
        extract_pool_submit(pool, j);
        while (extract_pool_pending(pool) > (size_t)threads * 4 &&
               (j = extract_pool_next(pool, true))) {
            store_job(st, j, &stored);
            extract_job_free(j);
        }
    }
    while ((j = extract_pool_next(pool, true))) {
        store_job(st, j, &stored);
        extract_job_free(j);
    }
    store_commit(st);
    extract_pool_free(pool);
    return stored;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_ingest FEED_DIR PAGE_DIR DB [THREADS [analyze|plain]]\n");
        return 2;
    }
    static const char *const feed_sufs[] = {".xml", ".rss", ".atom", ".json", NULL};
    static const char *const page_sufs[] = {".html", ".html.gz", ".htm", NULL};
    struct corpus feeds = {0}, pages = {0};
    int threads = argc > 4 ? atoi(argv[4]) : extract_pool_cpus();
    bool analyze = argc <= 5 || strcmp(argv[5], "plain") != 0;
    struct analyzer *an = NULL;
    struct analyzer_config ac;
    analyzer_config_default(&ac);
    if (analyze && analyzer_new(&ac, &an)) {
        fprintf(stderr, "bench_ingest: %s\n", herald_error_last());
        return 1;
    }
    load_dir(&feeds, argv[1], feed_sufs, (size_t)-1);
    load_dir(&pages, argv[2], page_sufs, (size_t)-1);
    unlink(argv[3]);
    struct store *st = NULL;
    if (store_open(&st, argv[3])) {
        fprintf(stderr, "bench_ingest: %s\n", herald_error_last());
        return 1;
    }
    clock_t c0 = clock();
    double t0 = now_s();
    int entries = parse_feeds(&feeds);
    double t1 = now_s();
    int stored = extract_and_store(st, &pages, threads > 0 ? threads : 1, an);
    double t2 = now_s();
    double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    size_t bytes = 0;
    for (size_t i = 0; i < pages.n; i++)
        bytes += pages.v[i].len;
    printf(
        "herald (%d extraction threads, %s): %zu feeds (%d entries) in %.3f s; %zu pages (%.1f MB) "
        "-> %d stored in %.3f s; %.1f pages/s end to end; %.1f pages per CPU-second\n",
        threads, analyze ? "with analysis" : "no analysis", feeds.n, entries, t1 - t0, pages.n,
        bytes / 1e6, stored, t2 - t1, pages.n / (t2 - t0), pages.n / cpu);
    store_close(st);
    analyzer_free(an);
    return 0;
}
