/* Ingest benchmark driver: parses every feed and extracts and stores every
 * page of a local corpus (no network), the pipeline minus fetching, and
 * prints pages/s. bench/bench-ingest runs it beside the Python stack. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "extract/extract.h"
#include "feed/feed.h"
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

static void store_page(struct store *st, const struct doc *d, size_t i, int *stored)
{
    struct article *a = NULL;
    if (extract_article(&a, d->data, d->len, NULL, NULL) == 0 && a->text[0]) {
        char *url = xasprintf("http://bench.invalid/page/%zu", i);
        struct article_row row = {.url = url,
                                  .title = a->title,
                                  .text = a->text,
                                  .lang = a->lang,
                                  .published = a->published,
                                  .fetched = 1};
        if (store_article_add(st, &row, NULL) == 0)
            (*stored)++;
        free(url);
    }
    article_free(a);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_ingest FEED_DIR PAGE_DIR DB [LIMIT]\n");
        return 2;
    }
    static const char *const feed_sufs[] = {".xml", ".rss", ".atom", ".json", NULL};
    static const char *const page_sufs[] = {".html", ".html.gz", ".htm", NULL};
    struct corpus feeds = {0}, pages = {0};
    size_t limit = argc > 4 ? (size_t)atol(argv[4]) : (size_t)-1;
    load_dir(&feeds, argv[1], feed_sufs, (size_t)-1);
    load_dir(&pages, argv[2], page_sufs, limit);
    unlink(argv[3]);
    struct store *st = NULL;
    if (store_open(&st, argv[3])) {
        fprintf(stderr, "bench_ingest: %s\n", herald_error_last());
        return 1;
    }
    double t0 = now_s();
    int entries = parse_feeds(&feeds), stored = 0;
    double t1 = now_s();
    store_begin(st);
    for (size_t i = 0; i < pages.n; i++) {
        store_page(st, &pages.v[i], i, &stored);
        if (i % 256 == 255) {
            store_commit(st);
            store_begin(st);
        }
    }
    store_commit(st);
    double t2 = now_s();
    size_t bytes = 0;
    for (size_t i = 0; i < pages.n; i++)
        bytes += pages.v[i].len;
    printf("herald: %zu feeds (%d entries) in %.3f s; %zu pages (%.1f MB) -> %d stored in %.3f s; "
           "%.1f pages/s end to end\n",
           feeds.n, entries, t1 - t0, pages.n, bytes / 1e6, stored, t2 - t1, pages.n / (t2 - t0));
    store_close(st);
    return 0;
}
