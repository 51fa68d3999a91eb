/* Full-text search over stored articles: BM25 with the title weighted
 * above the body, the user's query turned into a safe FTS5 expression by
 * fts_query_build(), filters on language, country, source and publication
 * date, and highlighted snippets. */
#ifndef HERALD_STORE_SEARCH_H
#define HERALD_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_article.h"

#define STORE_SEARCH_MAX_LIMIT 1000
/* Ranking considers at most this many of the newest matching articles;
 * a query with more matches ranks the newest ones (see store_search()). */
#define STORE_SEARCH_RANK_WINDOW 4000

struct search_query {
    const char *q;          /* user query; NULL or "" = everything (search_each only) */
    const char *lang;       /* NULL = any */
    const char *country;    /* NULL = any; either case */
    int64_t source_id;      /* 0 = any */
    int64_t since, until;   /* published in [since, until); 0 = open */
    int limit;              /* 0 = 20; at most STORE_SEARCH_MAX_LIMIT */
    int offset;             /* hits skipped */
    const char *mark_open;  /* snippet highlight; NULL = "«" */
    const char *mark_close; /* NULL = "»" */
    int rank_window;        /* newest matches ranked; 0 = STORE_SEARCH_RANK_WINDOW */
    unsigned relevance;     /* relevance classes wanted: bit c for class c (0 none, 1
                               mentions, 2 about); 0 = any */
    unsigned tone;          /* tone toward the country wanted: bit 0 negative, 1 neutral,
                               2 positive; 0 = any */
    const char *topic;      /* a taxonomy slug ([a-z0-9-]); NULL = any */
};

struct search_hit {
    int64_t id;
    double score; /* higher is better */
    char *title, *url, *snippet, *lang, *country, *source_name;
    int64_t published;
    char *topics;        /* comma-separated slugs; NULL when not analysed */
    int relevance_class; /* -1 when not analysed */
    int tone_label;      /* -1, 0, 1; -2 when unknown (not analysed or not mentioned) */
    double tone;
};

/* Runs q and returns its hits, best first, in *out (caller frees with
 * search_hits_free()) and their count in *n (0 hits is HERALD_OK). Among
 * the STORE_SEARCH_RANK_WINDOW newest articles that match the query and
 * the filters, the best by BM25 (title weight 4, text 1, exact diacritics
 * preferred) are returned, so the cost is bounded on a very large store.
 * Returns HERALD_EINVAL for an empty or unusable query or a bad limit,
 * HERALD_EDB otherwise. */
herald_rc store_search(struct store *st, const struct search_query *q, struct search_hit **out,
                       size_t *n);

/* Frees n hits and the array; accepts NULL. */
void search_hits_free(struct search_hit *v, size_t n);

/* Callback for store_search_each(): a is borrowed for the call; a non-zero
 * return stops the walk and is returned. */
typedef herald_rc (*store_search_fn)(void *ctx, const struct article_row *a);

/* Calls fn for every article matching q's query (when set) and filters, in
 * id order, ignoring limit and offset (for export). Returns fn's first
 * error, HERALD_EINVAL for an unusable query, HERALD_EDB otherwise. */
herald_rc store_search_each(struct store *st, const struct search_query *q, store_search_fn fn,
                            void *ctx);

#endif
