/* Stories: near-duplicate fingerprints (b-bit MinHash, banded index) and
 * online story clustering over a sliding time window, across outlets and
 * languages. Pure and in memory; persistence is src/store/store_story.h and
 * stories_load_window() / stories_ingest() below.
 *
 * Near-duplicates: a b-bit MinHash fingerprint (16 MinHash values over
 * 3-token shingles, 4 bits of each, in one 64-bit word) rather than a
 * SimHash. Measured on a 190-word wire story: a changed dateline plus one
 * edited phrase moved a 64-bit SimHash by 5-8 bits, past any distance a
 * 4x16-bit banded index can find exactly, while MinHash's differing
 * values follow the shingle Jaccard distance (two edits: 0-2 of 16). The
 * fingerprint is still 8 bytes (one store column), and 4 bands of 4
 * values (16 bits each) find every fingerprint within distance 3 exactly
 * (pigeonhole: one band is untouched) by looking only in the new
 * fingerprint's 4 buckets. Distance 3 of 16 is an estimated Jaccard of
 * about 0.8; unrelated texts differ in ~15 of 16.
 *
 * Clustering: each article becomes two sparse vectors of hashed features,
 * weighted by TF-IDF (document frequencies over the window): features that
 * survive translation (gazetteer entities such as "c:FR" or "p:VN-13"
 * from country and province names in 30+ languages, normalised numbers
 * (1,000 / 1.000 / 1000), years, URL hosts, acronyms, and proper names:
 * capitalised Latin words and Cyrillic ones transliterated, reduced to a
 * consonant key so "Trump" and "Трамп" agree), and the words (character
 * bigrams in unspaced scripts) of its language. Its similarity to a story
 * is, when the story has articles in that language, the larger of
 * 0.6 word cosine + 0.4 cross cosine and the cross-only value; else the
 * cross-only value: 0.85 x cross cosine x k/(k + 0.5), k = shared cross
 * features (one shared year or country is weak evidence). It joins the
 * most similar story (candidates from an inverted index of the stories in
 * the window) at or above the threshold (0.3), else it starts one. A
 * near-duplicate joins its original's story directly. Stories whose last
 * article is older than the window are dropped from memory, so the cost of
 * one article depends on the window, not on the archive. */
#ifndef HERALD_STORIES_H
#define HERALD_STORIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_article.h"
#include "store/store_story.h"
#include "util/error.h"

/* A story's id: positive, unique in one store (or one clusterer run). */
typedef int64_t story_id;

/* ---- near-duplicate fingerprints ---------------------------------------- */

/* Returns the fingerprint of text (len bytes): 16 MinHash values of its
 * loose-folded 3-token shingles (a token is a word, a number or one
 * character of an unspaced script), 4 bits each, or 0 when the text has
 * no tokens. Never fails on any bytes. */
uint64_t stories_fingerprint(const char *text, size_t len);

/* Returns how many of the 16 4-bit values of a and b differ (0..16). */
int stories_fp_distance(uint64_t a, uint64_t b);

/* The banded index: 4 bands of 16 bits; an entry is (fingerprint, id). */
struct simindex;

/* Returns a new, empty index. Caller frees with simindex_free(). */
struct simindex *simindex_new(void);
/* Frees ix; accepts NULL. */
void simindex_free(struct simindex *ix);
/* Adds item id with fingerprint h (h == 0 is ignored). */
void simindex_add(struct simindex *ix, uint64_t h, int64_t id);
/* Removes item id with fingerprint h (no-op when absent). */
void simindex_remove(struct simindex *ix, uint64_t h, int64_t id);
/* Returns the id of the nearest item within max_dist (differing values) of h (at most
 * 3 for exactness), or 0 when there is none; *dist_out (may be NULL) gets
 * its distance. *probed_out (may be NULL) gets how many entries were
 * compared (only those in h's 4 buckets). */
int64_t simindex_nearest(const struct simindex *ix, uint64_t h, int max_dist, int *dist_out,
                         size_t *probed_out);
/* Returns the number of entries. */
size_t simindex_size(const struct simindex *ix);

/* ---- online clustering --------------------------------------------------- */

struct stories_config {
    double window_hours; /* stories idle longer than this leave memory (72) */
    double threshold;    /* minimum similarity to join a story (see .c) */
    int dup_max_dist;    /* fingerprint distance of a near-duplicate (3) */
    size_t max_features; /* features kept per article vector (64) */
};

/* Fills c with the defaults. */
void stories_config_default(struct stories_config *c);

/* One article as the clusterer sees it; strings borrowed for the call. */
struct story_article {
    int64_t id;          /* the article's id (> 0) */
    const char *title;   /* may be NULL */
    const char *text;    /* may be NULL */
    const char *lang;    /* ISO code; NULL or "" = unknown */
    const char *outlet;  /* source name; NULL = unknown */
    const char *country; /* the outlet's country code; NULL = unknown */
    const char *topics;  /* comma-separated taxonomy slugs; NULL = none */
    int64_t published;   /* seconds since the epoch; 0 = now (the latest seen) */
    int tone_label;      /* -1, 0, 1 toward the country */
    bool has_tone;       /* false: no tone toward the country */
    uint64_t fp;         /* fingerprint; 0 = computed here */
};

/* Where an article went. */
struct story_assign {
    story_id story; /* the story it joined or started */
    bool is_new;    /* it started the story */
    int64_t dup_of; /* the article it near-duplicates, 0 = none */
    double sim;     /* similarity to the story joined (1 for a duplicate), or to
                       the best candidate when it started a story (0 = none) */
    story_id best;  /* that best candidate (0 = none) */
    uint64_t fp;    /* its fingerprint */
};

struct stories;

/* Returns HERALD_EINVAL (with a message) for a window <= 0 or a
 * threshold outside (0,1]; HERALD_OK otherwise. */
herald_rc stories_config_check(const struct stories_config *c);

/* Returns a new clusterer (c NULL = defaults) into *out. HERALD_EINVAL for
 * a window <= 0 or a threshold outside (0,1]. Story ids start at
 * first_id (>= 1). Caller frees with stories_free(). */
herald_rc stories_new(const struct stories_config *c, story_id first_id, struct stories **out);

/* Frees s; accepts NULL. */
void stories_free(struct stories *s);

/* Clusters one article into *out. Articles should come in rough time
 * order; one older than the window starts its own story. Never fails on
 * any bytes (empty or invalid UTF-8 text makes a story of its own). */
herald_rc stories_add(struct stories *s, const struct story_article *a, struct story_assign *out);

/* Returns the number of stories and articles held in memory now. */
size_t stories_live_count(const struct stories *s);
size_t stories_live_articles(const struct stories *s);

/* Fills *out (its strings are new; free with story_summary_clear()) with
 * what the clusterer knows of story id. HERALD_ENOTFOUND when it has left
 * the window or never existed. */
herald_rc stories_summary(const struct stories *s, story_id id, struct story_summary *out);

/* ---- with the store (daemon) --------------------------------------------- */

/* Rebuilds a clusterer from the store (c NULL = defaults): the stories and
 * articles whose last article is within the window before now (seconds
 * since the epoch; 0 = the newest article stored). Caller frees *out with
 * stories_free(). HERALD_EDB on failure. */
herald_rc stories_load_window(struct store *st, const struct stories_config *c, int64_t now,
                              struct stories **out);

/* Clusters stored article a (a->id is its id) and records the result in
 * the store: the article's story and fingerprint, and the story's summary
 * row. *out (may be NULL) gets the assignment. HERALD_EDB on failure. */
herald_rc stories_ingest(struct stories *s, struct store *st, const struct story_article *a,
                         struct story_assign *out);

/* Clusters the article just stored as row (with id) through the
 * process's clusterer for st's database, which is rebuilt from the store
 * (stories_load_window(), defaults) on first use and whenever st's path
 * changes, then kept across ingest cycles; records the result as
 * stories_ingest() does. outlet and country are the source's (either may
 * be NULL; row->country wins). Call it on the store's writer thread,
 * inside its transaction. *out may be NULL. HERALD_EDB on failure. */
herald_rc stories_ingest_row(struct store *st, const struct article_row *row, int64_t id,
                             const char *outlet, const char *country, struct story_assign *out);

/* Sets the window and threshold of the process's clusterer (from the
 * configuration's [stories]); it is rebuilt with them on next use. A
 * rollback on the store's connection also makes it rebuild, so it never
 * keeps an article the store did not. HERALD_EINVAL (nothing changed)
 * for a window <= 0 or a threshold outside (0,1]. */
herald_rc stories_set_process_config(const struct stories_config *c);

/* Drops the process's clusterer (the next stories_ingest_row() rebuilds
 * it from the store). */
void stories_process_reset(void);

#endif
