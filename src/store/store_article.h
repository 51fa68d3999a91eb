/* Articles: every fetched article is stored once, keyed by canonical URL
 * and by a fingerprint of its folded text; a duplicate is recorded as a
 * reject instead. Also the ingest bookkeeping: rejects, seen feed entries,
 * and counts. */
#ifndef HERALD_STORE_ARTICLE_H
#define HERALD_STORE_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* What the analysis (src/analyze) found in an article; plain data here so
 * the store does not depend on the analysers. */
struct article_analysis {
    bool analyzed;       /* false: the columns are NULL (not analysed) */
    double lang_conf;    /* 0..1, the language identifier's confidence */
    double relevance;    /* 0..1, how central the country is */
    int relevance_class; /* 0 not relevant, 1 mentions, 2 about the country */
    char topics[256];    /* taxonomy slugs, comma-separated; "" = none */
    bool has_tone;       /* false: the country is not mentioned (tone NULL) */
    double tone;         /* -1..1 toward the country */
    int tone_label;      /* -1 negative, 0 neutral, 1 positive */
    double tone_doc;     /* -1..1 of the whole text */
    int tone_doc_label;  /* -1, 0, 1 */
};

struct article_row {
    int64_t id;          /* output; ignored by store_article_add() */
    int64_t source_id;   /* 0 = none */
    char *url;           /* required */
    char *canonical_url; /* NULL = url */
    char *title, *text, *summary, *lang;
    char *country; /* NULL on add = the source's country */
    char *description, *image;
    char *byline; /* plain metadata, never profiled */
    char *site_name;
    int64_t published, fetched; /* seconds since the epoch, 0 = unknown */
    char *feed_entry_id;
    uint64_t fingerprint; /* 0 on add = computed from text */
    char *source_name;    /* output only (store_article_get) */
    struct article_analysis an;
};

/* The column list store_article_read_row() expects, for queries over
 * "articles a LEFT JOIN sources s". */
#define STORE_ARTICLE_COLUMNS                                                                      \
    "a.id, a.source_id, a.url, a.canonical_url, a.title, a.text, a.summary, a.lang,"               \
    " a.country, a.description, a.image, a.byline, a.site_name, a.published, a.fetched,"           \
    " a.feed_entry_id, a.fingerprint, s.name, a.lang_conf, a.relevance, a.relevance_class,"        \
    " a.topics, a.tone, a.tone_label, a.tone_doc, a.tone_doc_label"

/* Fills a (zeroed by the caller) from the current row of q, which selects
 * STORE_ARTICLE_COLUMNS; the strings are new copies the caller frees. */
void store_article_read_row(sqlite3_stmt *q, struct article_row *a);

/* Frees the strings inside a (not a itself) and zeroes it. */
void article_row_clear(struct article_row *a);

/* Frees a row returned by store_article_get() and its strings; accepts
 * NULL. */
void article_row_free(struct article_row *a);

/* Returns the content fingerprint of text: a 64-bit FNV-1a hash of its
 * loose-folded, whitespace-squeezed form, or 0 when text is blank. */
uint64_t store_article_fingerprint(const char *text);

/* Stores a (its strings stay the caller's) and returns its id in *id_out
 * (may be NULL). Returns HERALD_EEXIST when an article with the same
 * canonical URL or fingerprint exists; a rejects row "duplicate of article
 * N" is then written and *id_out is N. HERALD_EINVAL without a URL,
 * HERALD_ETOOBIG for text over 8 MiB, HERALD_EDB otherwise. */
herald_rc store_article_add(struct store *st, const struct article_row *a, int64_t *id_out);

/* Returns article id in *out (caller frees with article_row_free()).
 * HERALD_ENOTFOUND when there is none. */
herald_rc store_article_get(struct store *st, int64_t id, struct article_row **out);

/* Replaces the analysis of article id (and its language, when lang is
 * not NULL); the full-text facets follow. HERALD_ENOTFOUND when there is
 * no such article, HERALD_EDB otherwise. */
herald_rc store_article_set_analysis(struct store *st, int64_t id, const char *lang,
                                     const struct article_analysis *an);

/* Returns in *out (caller frees with free()) and *n the ids of the
 * articles in id order: all of them, or with unanalysed_only those never
 * analysed. HERALD_EDB on failure. */
herald_rc store_article_ids(struct store *st, bool unanalysed_only, int64_t **out, size_t *n);

/* Records that url (from source_id, 0 = none) was not stored and why. */
herald_rc store_reject_add(struct store *st, int64_t source_id, const char *url,
                           const char *reason);

/* Sets *out to whether source_id's feed entry entry_key was processed. */
herald_rc store_entry_seen(struct store *st, int64_t source_id, const char *entry_key, bool *out);

/* Marks source_id's feed entry entry_key as processed with status
 * ("stored", "duplicate", "rejected", ...) and the article it became
 * (0 = none). Marking again replaces the record. */
herald_rc store_entry_mark(struct store *st, int64_t source_id, const char *entry_key,
                           const char *url, int64_t article_id_or_0, const char *status);

#define STORE_COUNTS_LANGS 32

struct store_counts {
    int64_t articles, sources, rejects, entries;
    struct {
        char lang[16]; /* "" for articles without a language */
        int64_t n;
    } by_lang[STORE_COUNTS_LANGS]; /* most frequent first */
    size_t n_lang;
};

/* Fills *out with table counts and the article count of the most frequent
 * languages. HERALD_EDB on failure. */
herald_rc store_counts(struct store *st, struct store_counts *out);

#endif
