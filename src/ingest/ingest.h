/* One ingest cycle: poll the due sources, parse their feeds, follow new
 * entries to their pages (robots.txt permitting), extract, and store each
 * article once. Every entry ends stored or recorded with the reason it was
 * rejected. Used by `herald fetch-once` and the `herald run` daemon. */
#ifndef HERALD_INGEST_H
#define HERALD_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "net/fetch.h"
#include "net/robots.h"
#include "store/store.h"

struct ingest_stats {
    int sources_due;
    int sources_ok;
    int sources_failed;
    int feeds_not_modified;
    int entries_seen;
    int entries_new;
    int pages_total; /* pages this cycle will fetch (known after feeds) */
    int pages_done;  /* pages finished, whatever the outcome */
    int robots_denied;
    int pages_failed;
    int articles_stored;
    int duplicates;
    int rejected; /* not stored for any reason (incl. duplicates) */
    double seconds;
};

struct ingest_opts {
    struct fetch_opts fetch; /* user agent, timeouts, politeness, SSRF */
    size_t max_feed_bytes;
    size_t max_page_bytes;
    int max_items_per_feed; /* newest entries taken from one feed */
    bool respect_robots;
    int commit_every;                /* articles per transaction (>= 1) */
    int extract_threads;             /* extraction workers; 0 = one per CPU */
    const struct analyzer *analyzer; /* runs on every article; NULL = none */
    volatile int *stop;              /* optional: set non-zero to finish early */
    struct robots_cache *robots;     /* optional: kept across cycles by the
                                        daemon; NULL = a cache for this cycle */
    /* Optional progress callback, called on the calling thread. */
    void (*progress)(const struct ingest_stats *st, void *ctx);
    void *progress_ctx;
};

/* Fills o with defaults (fetch_opts_defaults, 10 MiB feeds, 5 MiB pages,
 * 50 items per feed, robots on, commit every 32 articles). */
void ingest_opts_defaults(struct ingest_opts *o);

/* Runs one cycle over the sources due at `now` (unix seconds). Fills *out.
 * Returns HERALD_OK even when sources or pages failed (that is recorded in
 * the store and counted); HERALD_EDB when the store fails, after rolling
 * back the open transaction (everything committed before stays). */
herald_rc ingest_cycle(struct ingest_stats *out, struct store *st, const struct ingest_opts *o,
                       int64_t now);

/* Formats a one-line summary of *s into buf (size n). Returns buf. */
char *ingest_stats_line(char *buf, size_t n, const struct ingest_stats *s);

#endif
