/* Stories in the store (schema version 9): one row per story with its
 * summary (title, time span, counts, outlets, languages, countries, tone
 * mix, topics) and, per article, its story and MinHash fingerprint with
 * the 4 band keys indexed, so the near-duplicate index survives restarts.
 * Plain data and SQL only: the clustering is src/stories. */
#ifndef HERALD_STORE_STORY_H
#define HERALD_STORE_STORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* A story as listed. The strings are comma-separated sets, most frequent
 * first ("Reuters,VnExpress"); owned by the struct (story_summary_clear()). */
struct story_summary {
    int64_t id;
    char *title;                          /* title of the story's most central article */
    int64_t title_article;                /* the article the title comes from */
    int64_t first_seen;                   /* earliest article's published time (epoch s) */
    int64_t last_seen;                    /* latest article's published time */
    int64_t updated;                      /* when the row last changed (epoch s, wall clock) */
    int64_t articles;                     /* number of articles */
    int64_t articles_24h;                 /* articles in the 24 h before last_seen (growth) */
    char *outlets;                        /* outlet names */
    char *langs;                          /* language codes */
    char *countries;                      /* outlet country codes */
    char *topics;                         /* taxonomy slugs */
    int64_t tone_neg, tone_neu, tone_pos; /* articles by tone toward the country */
    int64_t n_outlets;                    /* distinct outlets */
    double importance;                    /* ranking score, see store_story_importance() */
};

/* Frees the strings of s (not s) and zeroes it; accepts NULL. */
void story_summary_clear(struct story_summary *s);

/* Frees an array of n summaries and their strings; accepts NULL. */
void story_summary_free_array(struct story_summary *a, size_t n);

/* Returns the importance of s at time now: volume (log of articles),
 * growth (share of the last 24 h), distinct outlets, and the share of
 * negative tone toward the country, each weighted; recency decays it. */
double store_story_importance(const struct story_summary *s, int64_t now);

/* Inserts or updates (never deletes: its articles stay) story s->id's row (importance is
 * recomputed). HERALD_EDB on failure. */
herald_rc store_story_put(struct store *st, const struct story_summary *s);

/* Records that article article_id belongs to story story_id with
 * fingerprint fp (and its band keys) and, when dup_of is not 0, that
 * it near-duplicates article dup_of. HERALD_EDB on failure. */
herald_rc store_story_set_article(struct store *st, int64_t article_id, int64_t story_id,
                                  uint64_t fp, int64_t dup_of);

/* Returns in *out (caller frees with story_summary_free_array()) and *n
 * the stories updated at or after since (epoch s; 0 = all), by importance,
 * at most limit (0 = 100). HERALD_EDB on failure. */
herald_rc store_story_list_since(struct store *st, int64_t since, size_t limit,
                                 struct story_summary **out, size_t *n);

/* Returns story id in *out (strings owned; story_summary_clear()).
 * HERALD_ENOTFOUND when absent, HERALD_EDB on failure. */
herald_rc store_story_get(struct store *st, int64_t id, struct story_summary *out);

/* Returns in *out (caller frees with free()) and *n the ids of story id's
 * articles in published order. HERALD_EDB on failure. */
herald_rc store_story_articles(struct store *st, int64_t id, int64_t **out, size_t *n);

/* Returns in *out (caller frees with free()) and *n the ids of articles
 * whose fingerprint shares one of the 16-bit bands of fp: the
 * candidates for a near-duplicate, found through the band index.
 * HERALD_EDB on failure. */
herald_rc store_story_band_candidates(struct store *st, uint64_t fp, int64_t **out, size_t *n);

/* Returns in *out the largest story id stored (0 when none). */
herald_rc store_story_max_id(struct store *st, int64_t *out);

#endif
