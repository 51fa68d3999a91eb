/* The ingest cycle: feeds of the due sources -> new entries -> robots.txt
 * -> pages -> extraction -> store, with every outcome recorded. Network
 * work runs in parallel through fetch_all(); the store is written from the
 * callbacks on this thread, commit_every articles per transaction. */
#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/extract.h"
#include "ingest/extract_pool.h"
#include "feed/feed.h"
#include "net/url.h"
#include "store/store_article.h"
#include "store/store_source.h"
#include "stories/stories.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAX_CHILD_SITEMAPS 32
#define MIN_TEXT_CHARS 80
#define MAX_QUEUED_PER_THREAD 4
#define MAX_CRAWL_DELAY_MS 60000L /* a site asking for more is polled slower */

/* A new feed entry to follow to its page. */
struct candidate {
    const struct source *src;
    char *entry_key;
    char *url;
    char *title;   /* from the feed, used when the page has none */
    char *summary; /* from the feed */
    int64_t published;
};

/* A feed's successful poll, recorded only when the whole cycle completes,
 * so an interrupted cycle leaves the source due with its old validators
 * and the next run resumes its entries. */
struct outcome {
    bool ok;
    bool retry; /* a page failed transiently: re-read the whole feed next time */
    char *etag, *last_modified;
    int fresh;
};

struct cycle {
    struct store *st;
    struct source *due;
    struct outcome *outc; /* parallel to due */
    const struct ingest_opts *o;
    int64_t now;
    struct ingest_stats *stats;
    struct candidate *cands;
    size_t n_cands, cap_cands;
    char **children; /* child sitemap URLs, parallel to child_src */
    const struct source **child_src;
    size_t n_children;
    int pending;               /* articles written in the open transaction */
    struct extract_pool *pool; /* extraction workers while pages are fetched */
    size_t max_queued;         /* pages in the pool before fetching waits */
    bool in_tx;
    herald_rc db_rc; /* first store failure; ends the cycle */
};

void ingest_opts_defaults(struct ingest_opts *o)
{
    memset(o, 0, sizeof *o);
    fetch_opts_defaults(&o->fetch);
    o->max_feed_bytes = 10u << 20;
    o->max_page_bytes = 5u << 20;
    o->max_items_per_feed = 50;
    o->respect_robots = true;
    o->commit_every = 32;
}

static bool stopped(const struct cycle *c)
{
    return c->o->stop && *c->o->stop;
}

static void progress(struct cycle *c)
{
    if (c->o->progress)
        c->o->progress(c->stats, c->o->progress_ctx);
}

static void candidate_clear(struct candidate *k)
{
    free(k->entry_key);
    free(k->url);
    free(k->title);
    free(k->summary);
}

static bool have_candidate(const struct cycle *c, const char *url)
{
    for (size_t i = 0; i < c->n_cands; i++)
        if (strcmp(c->cands[i].url, url) == 0)
            return true;
    return false;
}

static void add_candidate(struct cycle *c, const struct source *src, const struct feed_entry *e,
                          const char *key, char *url)
{
    if (c->n_cands == c->cap_cands) {
        c->cap_cands = c->cap_cands ? c->cap_cands * 2 : 64;
        c->cands = xrealloc(c->cands, c->cap_cands * sizeof *c->cands);
    }
    c->cands[c->n_cands++] = (struct candidate){
        .src = src,
        .entry_key = xstrdup(key),
        .url = url,
        .title = xstrdup(e->title),
        .summary = xstrdup(e->summary),
        .published = e->published,
    };
}

/* Resolves and normalises an entry's link against the feed URL. Returns a
 * new string or NULL when the link is unusable. */
static char *entry_url(const char *base, const char *link)
{
    char *abs = NULL, *norm = NULL;
    if (!link || url_resolve(&abs, base, link))
        return NULL;
    if (url_normalize(&norm, abs))
        norm = NULL;
    free(abs);
    return norm;
}

/* Takes the new entries of one parsed feed as candidates; returns how many
 * were new. */
static int take_entries(struct cycle *c, const struct source *src, const struct feed *f,
                        const char *base)
{
    int fresh = 0;
    size_t limit = (size_t)c->o->max_items_per_feed;
    for (size_t i = 0; i < f->n_entries && i < limit && !c->db_rc; i++) {
        const struct feed_entry *e = &f->entries[i];
        const char *key = e->id ? e->id : e->link;
        bool seen = false;
        c->stats->entries_seen++;
        if (!key)
            continue;
        if (store_entry_seen(c->st, src->id, key, &seen)) {
            c->db_rc = HERALD_EDB;
            break;
        }
        char *url = seen ? NULL : entry_url(base, e->link);
        if (!seen && !url) {
            store_reject_add(c->st, src->id, e->link ? e->link : key, "entry has no usable link");
            store_entry_mark(c->st, src->id, key, e->link, 0, "rejected");
            c->stats->rejected++;
        }
        if (!url)
            continue;
        if (have_candidate(c, url)) {
            free(url);
            continue;
        }
        add_candidate(c, src, e, key, url);
        fresh++;
    }
    c->stats->entries_new += fresh;
    return fresh;
}

static void queue_children(struct cycle *c, const struct source *src, const struct feed *f,
                           const char *base)
{
    for (size_t i = 0; i < f->n_entries && c->n_children < MAX_CHILD_SITEMAPS; i++) {
        char *url = entry_url(base, f->entries[i].link);
        if (!url)
            continue;
        c->children = xrealloc(c->children, (c->n_children + 1) * sizeof *c->children);
        c->child_src = xrealloc(c->child_src, (c->n_children + 1) * sizeof *c->child_src);
        c->children[c->n_children] = url;
        c->child_src[c->n_children++] = src;
    }
}

static void source_failed(struct cycle *c, const struct source *src, const char *why)
{
    c->stats->sources_failed++;
    log_warn("source %lld (%s): %s", (long long)src->id, src->name ? src->name : src->url, why);
    if (store_source_record_fetch(c->st, src->id, c->now, false, why, NULL, NULL, 0))
        c->db_rc = HERALD_EDB;
}

/* Parses one fetched feed body and takes its entries. Returns the number
 * of new entries, or -1 when the body is not a feed (message in *why). */
static int parse_feed(struct cycle *c, const struct source *src, struct fetch_response *r,
                      char *why, size_t why_len)
{
    struct feed *f = NULL;
    const char *base = r->final_url ? r->final_url : src->url;
    if (feed_parse(&f, r->body, r->len, r->content_type, base)) {
        snprintf(why, why_len, "%s", herald_error_last());
        return -1;
    }
    int fresh = 0;
    if (f->format == FEED_SITEMAP_INDEX)
        queue_children(c, src, f, base);
    else
        fresh = take_entries(c, src, f, base);
    feed_free(f);
    return fresh;
}

static bool response_failed(const struct fetch_response *r, char *why, size_t n)
{
    if (r->rc) {
        snprintf(why, n, "%s", r->error[0] ? r->error : herald_rc_str(r->rc));
        return true;
    }
    if (r->status >= 400 || (r->status != 200 && r->status != 304)) {
        snprintf(why, n, "HTTP %ld%s%s", r->status, r->error[0] ? ": " : "", r->error);
        return true;
    }
    return false;
}

static void on_feed(const struct fetch_request *req, struct fetch_response *r, void *ctx)
{
    struct cycle *c = ctx;
    const struct source *src = req->user;
    char why[512];
    if (c->db_rc || (r->rc == HERALD_ETIMEOUT && stopped(c)))
        return;
    if (response_failed(r, why, sizeof why)) {
        source_failed(c, src, why);
        return;
    }
    struct outcome *oc = &c->outc[src - c->due];
    if (r->status == 304) {
        c->stats->feeds_not_modified++;
        c->stats->sources_ok++;
        oc->ok = true;
        return;
    }
    int fresh = parse_feed(c, src, r, why, sizeof why);
    if (fresh < 0) {
        source_failed(c, src, why);
        return;
    }
    c->stats->sources_ok++;
    oc->ok = true;
    oc->etag = xstrdup(r->etag ? r->etag : "");
    oc->last_modified = xstrdup(r->last_modified ? r->last_modified : "");
    oc->fresh += fresh;
}

/* Records the successful polls once the cycle's pages are all handled. */
static herald_rc record_outcomes(struct cycle *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct outcome *oc = &c->outc[i];
        const char *etag = oc->retry ? "" : oc->etag, *lm = oc->retry ? "" : oc->last_modified;
        if (oc->ok &&
            store_source_record_fetch(c->st, c->due[i].id, c->now, true, NULL, etag, lm, oc->fresh))
            return HERALD_EDB;
    }
    return HERALD_OK;
}

static void on_child_sitemap(const struct fetch_request *req, struct fetch_response *r, void *ctx)
{
    struct cycle *c = ctx;
    const struct source *src = req->user;
    char why[512];
    if (c->db_rc || (r->rc == HERALD_ETIMEOUT && stopped(c)))
        return;
    int fresh = -1;
    if (!response_failed(r, why, sizeof why))
        fresh = parse_feed(c, src, r, why, sizeof why);
    if (fresh < 0)
        log_warn("source %lld: sitemap %s: %s", (long long)src->id, req->url, why);
    else
        c->outc[src - c->due].fresh += fresh;
}

static herald_rc poll_feeds(struct cycle *c, struct source *due, size_t n)
{
    struct fetch_opts fo = c->o->fetch;
    fo.max_body = c->o->max_feed_bytes;
    fo.stop = c->o->stop;
    struct fetch_request *reqs = xcalloc(n ? n : 1, sizeof *reqs);
    for (size_t i = 0; i < n; i++)
        reqs[i] = (struct fetch_request){.url = due[i].url,
                                         .etag = due[i].etag,
                                         .last_modified = due[i].last_modified,
                                         .user = &due[i]};
    fetch_all(&fo, reqs, n, on_feed, c);
    free(reqs);
    if (c->n_children && !c->db_rc && !stopped(c)) {
        reqs = xcalloc(c->n_children, sizeof *reqs);
        for (size_t i = 0; i < c->n_children; i++)
            reqs[i] =
                (struct fetch_request){.url = c->children[i], .user = (void *)c->child_src[i]};
        fetch_all(&fo, reqs, c->n_children, on_child_sitemap, c);
        free(reqs);
    }
    return c->db_rc;
}

/* Records that candidate k was not stored. permanent marks the entry as
 * processed; a transient failure is retried next cycle. */
static void reject(struct cycle *c, const struct candidate *k, const char *why, bool permanent)
{
    c->stats->rejected++;
    if (!permanent)
        c->outc[k->src - c->due].retry = true;
    if (store_reject_add(c->st, k->src->id, k->url, why))
        c->db_rc = HERALD_EDB;
    else if (permanent && store_entry_mark(c->st, k->src->id, k->entry_key, k->url, 0, "rejected"))
        c->db_rc = HERALD_EDB;
}

static herald_rc commit_pending(struct cycle *c)
{
    if (!c->in_tx)
        return HERALD_OK;
    c->in_tx = false;
    c->pending = 0;
    return store_commit(c->st);
}

static void fill_row(struct article_row *row, const struct candidate *k,
                     const struct extract_job *j, int64_t now)
{
    const struct article *a = j->article;
    memset(row, 0, sizeof *row);
    row->source_id = k->src->id;
    row->url = k->url;
    row->canonical_url = a->canonical_url;
    row->title = a->title ? a->title : k->title;
    row->text = a->text;
    row->summary = k->summary;
    row->lang = a->lang ? a->lang : k->src->lang;
    row->description = a->description;
    row->image = a->image;
    row->byline = a->byline;
    row->site_name = a->site_name;
    row->published = a->published ? a->published : k->published;
    row->fetched = now;
    row->feed_entry_id = k->entry_key;
    if (j->an.analyzed) {
        row->an = j->an;
        row->lang = j->lang[0] ? (char *)j->lang : NULL;
    }
}

/* Writes one extracted article inside the open transaction. */
static void store_one(struct cycle *c, const struct candidate *k, const struct extract_job *j)
{
    struct article_row row;
    int64_t id = 0;
    fill_row(&row, k, j, c->now);
    if (!c->in_tx) {
        if (store_begin(c->st)) {
            c->db_rc = HERALD_EDB;
            return;
        }
        c->in_tx = true;
    }
    herald_rc rc = store_article_add(c->st, &row, &id);
    const char *status = "stored";
    if (rc == HERALD_OK) {
        c->stats->articles_stored++;
        if (stories_ingest_row(c->st, &row, id, k->src->name, k->src->country, NULL)) {
            c->db_rc = HERALD_EDB;
            return;
        }
    } else if (rc == HERALD_EEXIST) {
        c->stats->duplicates++;
        c->stats->rejected++;
        status = "duplicate";
    } else if (rc == HERALD_EINVAL || rc == HERALD_ETOOBIG) {
        reject(c, k, herald_error_last(), true);
        return;
    } else {
        c->db_rc = rc;
        return;
    }
    if (store_entry_mark(c->st, k->src->id, k->entry_key, k->url, id, status))
        c->db_rc = HERALD_EDB;
    if (++c->pending >= c->o->commit_every && !c->db_rc && commit_pending(c))
        c->db_rc = HERALD_EDB;
}

/* Stores or rejects one extracted page; the job stays the caller's. */
static void finish_page(struct cycle *c, const struct extract_job *j)
{
    const struct candidate *k = j->user;
    char why[512];
    if (c->db_rc)
        return;
    if (j->rc) {
        snprintf(why, sizeof why, "extraction failed: %s", j->error);
        reject(c, k, why, true);
    } else if (strlen(j->article->text) < MIN_TEXT_CHARS) {
        reject(c, k, "page has no article text", true);
    } else {
        store_one(c, k, j);
    }
    c->stats->pages_done++;
    progress(c);
}

/* Takes finished extractions back and stores them; with wait, all of them. */
static void drain_pool(struct cycle *c, bool wait)
{
    struct extract_job *j;
    while ((j = extract_pool_next(c->pool, wait))) {
        finish_page(c, j);
        extract_job_free(j);
    }
}

/* Hands a fetched page to the extraction workers (the body moves to the
 * job), keeping at most MAX_QUEUED_PER_THREAD pages per worker in flight. */
static void submit_page(struct cycle *c, const struct candidate *k, struct fetch_response *r)
{
    struct extract_job *j = xcalloc(1, sizeof *j);
    j->body = r->body;
    j->len = r->len;
    r->body = NULL;
    j->url = xstrdup(r->final_url ? r->final_url : k->url);
    j->content_type = xstrdup(r->content_type);
    j->user = (void *)k;
    j->analyzer = c->o->analyzer;
    j->fallback_title = k->title;
    j->declared_lang = k->src->lang;
    extract_pool_submit(c->pool, j);
    drain_pool(c, false);
    while (extract_pool_pending(c->pool) > c->max_queued &&
           (j = extract_pool_next(c->pool, true))) {
        finish_page(c, j);
        extract_job_free(j);
    }
}

static void on_page(const struct fetch_request *req, struct fetch_response *r, void *ctx)
{
    struct cycle *c = ctx;
    const struct candidate *k = req->user;
    char why[512];
    if (c->db_rc || (r->rc == HERALD_ETIMEOUT && stopped(c)))
        return;
    if (!response_failed(r, why, sizeof why)) {
        submit_page(c, k, r);
        return;
    }
    bool transient = r->rc == HERALD_ENET || r->rc == HERALD_ETIMEOUT || r->status >= 500;
    c->stats->pages_failed++;
    reject(c, k, why, !transient);
    c->stats->pages_done++;
    progress(c);
}

/* Drops candidates robots.txt disallows (recorded as rejects). Returns the
 * request list for the allowed ones in *out and its length. */
static size_t allowed_requests(struct cycle *c, struct robots_cache *rc, struct fetch_request **out)
{
    size_t n = c->n_cands, k = 0;
    const char **urls = xcalloc(n ? n : 1, sizeof *urls);
    bool *ok = xcalloc(n ? n : 1, sizeof *ok);
    for (size_t i = 0; i < n; i++) {
        urls[i] = c->cands[i].url;
        ok[i] = true;
    }
    if (c->o->respect_robots && n) {
        struct fetch_opts fo = c->o->fetch;
        fo.stop = c->o->stop;
        robots_cache_check(rc, &fo, urls, n, ok);
    }
    struct fetch_request *reqs = xcalloc(n ? n : 1, sizeof *reqs);
    for (size_t i = 0; i < n; i++) {
        if (!ok[i]) {
            c->stats->robots_denied++;
            reject(c, &c->cands[i], "disallowed by robots.txt", true);
            continue;
        }
        long delay = c->o->respect_robots ? robots_cache_crawl_delay_ms(rc, c->cands[i].url) : 0;
        reqs[k++] = (struct fetch_request){
            .url = c->cands[i].url,
            .host_delay_ms = delay < MAX_CRAWL_DELAY_MS ? delay : MAX_CRAWL_DELAY_MS,
            .user = &c->cands[i]};
    }
    free(urls);
    free(ok);
    *out = reqs;
    return k;
}

static herald_rc fetch_pages(struct cycle *c)
{
    struct robots_cache *own = c->o->robots ? NULL : robots_cache_new();
    struct fetch_request *reqs = NULL;
    size_t n = allowed_requests(c, c->o->robots ? c->o->robots : own, &reqs);
    c->stats->pages_total = (int)n;
    progress(c);
    if (n && !c->db_rc && !stopped(c)) {
        struct fetch_opts fo = c->o->fetch;
        fo.max_body = c->o->max_page_bytes;
        fo.stop = c->o->stop;
        int threads = c->o->extract_threads > 0 ? c->o->extract_threads : extract_pool_cpus();
        c->pool = extract_pool_new(threads);
        c->max_queued = (size_t)threads * MAX_QUEUED_PER_THREAD;
        fetch_all(&fo, reqs, n, on_page, c);
        drain_pool(c, true); /* pages already fetched are finished, even when stopping */
        extract_pool_free(c->pool);
        c->pool = NULL;
    }
    free(reqs);
    robots_cache_free(own);
    return c->db_rc;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void cycle_free(struct cycle *c, size_t n_due)
{
    for (size_t i = 0; c->outc && i < n_due; i++) {
        free(c->outc[i].etag);
        free(c->outc[i].last_modified);
    }
    free(c->outc);
    for (size_t i = 0; i < c->n_cands; i++)
        candidate_clear(&c->cands[i]);
    free(c->cands);
    for (size_t i = 0; i < c->n_children; i++)
        free(c->children[i]);
    free(c->children);
    free(c->child_src);
}

herald_rc ingest_cycle(struct ingest_stats *out, struct store *st, const struct ingest_opts *o,
                       int64_t now)
{
    struct cycle c = {.st = st, .o = o, .now = now, .stats = out};
    struct source *due = NULL;
    size_t n_due = 0;
    double t0 = now_seconds();
    memset(out, 0, sizeof *out);
    herald_rc rc = store_source_due(st, now, &due, &n_due);
    if (rc)
        goto done;
    out->sources_due = (int)n_due;
    c.due = due;
    c.outc = xcalloc(n_due ? n_due : 1, sizeof *c.outc);
    progress(&c);
    rc = poll_feeds(&c, due, n_due);
    if (!rc)
        rc = fetch_pages(&c);
    if (!rc)
        rc = commit_pending(&c);
    if (!rc && !stopped(&c))
        rc = record_outcomes(&c, n_due);
done:
    if (rc && c.in_tx)
        store_rollback(st);
    out->seconds = now_seconds() - t0;
    cycle_free(&c, n_due);
    sources_free(due, n_due);
    return rc;
}

char *ingest_stats_line(char *buf, size_t n, const struct ingest_stats *s)
{
    snprintf(buf, n,
             "cycle: %d sources (%d ok, %d failed, %d not modified), %d new entries, "
             "%d articles stored, %d duplicates, %d rejected (%d by robots.txt, %d fetch "
             "failures) in %.1f s",
             s->sources_due, s->sources_ok, s->sources_failed, s->feeds_not_modified,
             s->entries_new, s->articles_stored, s->duplicates, s->rejected, s->robots_denied,
             s->pages_failed, s->seconds);
    return buf;
}
