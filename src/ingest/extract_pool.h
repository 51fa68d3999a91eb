/* Article extraction and analysis on worker threads. The ingest cycle hands fetched
 * pages to the pool from its (single) fetch thread and takes finished
 * articles back on that same thread, where the one store writer lives. */
#ifndef HERALD_EXTRACT_POOL_H
#define HERALD_EXTRACT_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze/analyze.h"
#include "extract/extract.h"
#include "util/error.h"

struct extract_job {
    /* in: the page, owned by the job */
    char *body;
    size_t len;
    char *url;                       /* final URL, resolves relative links; may be NULL */
    char *content_type;              /* may be NULL */
    void *user;                      /* the caller's, untouched */
    const struct analyzer *analyzer; /* NULL = no analysis; borrowed */
    const char *fallback_title;      /* when the page has none (the feed's); borrowed */
    const char *declared_lang;       /* when the page declares none (the source's); borrowed */
    /* out: filled by a worker */
    struct article *article;    /* NULL when extraction failed */
    struct article_analysis an; /* analysed when analyzer and article are set */
    char lang[16];              /* the analysis' language ("" = unknown) */
    herald_rc rc;
    char error[256];
};

struct extract_pool;

/* Returns a pool of `threads` workers (at least 1). Caller frees with
 * extract_pool_free(). */
struct extract_pool *extract_pool_new(int threads);
/* Waits for the workers to finish the queued jobs, stops them, and frees
 * the pool with every job not taken back; accepts NULL. */
void extract_pool_free(struct extract_pool *p);
/* Queues job (the pool owns it until extract_pool_next() returns it). */
void extract_pool_submit(struct extract_pool *p, struct extract_job *job);
/* Returns a finished job (the caller owns it again: extract_job_free()),
 * in completion order. With wait, blocks until one is done; returns NULL
 * when nothing is queued or running (or, without wait, none is done). */
struct extract_job *extract_pool_next(struct extract_pool *p, bool wait);
/* Returns how many jobs are queued, running or done but not taken back. */
size_t extract_pool_pending(struct extract_pool *p);
/* Frees a job, its page and its article; accepts NULL. */
void extract_job_free(struct extract_job *j);
/* Returns the number of online CPUs (at least 1). */
int extract_pool_cpus(void);

#endif
