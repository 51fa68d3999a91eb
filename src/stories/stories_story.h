/* One story in the clusterer's memory (internal to src/stories): its
 * centroids (cross-lingual, and words per language), members, and the
 * counts its summary is made of. */
#ifndef HERALD_STORIES_STORY_H
#define HERALD_STORIES_STORY_H

#include "stories/stories.h"
#include "stories/stories_internal.h"

/* A capped multiset of short strings (outlets, languages, ...). */
struct strcount {
    char *s;
    int64_t n;
};
struct strset {
    struct strcount *v;
    size_t n, cap;
};

struct member {
    int64_t id;
    uint64_t fp;
    int64_t published;
};

struct langcent {
    uint64_t lang;
    struct u64map c; /* feature -> summed weight (double) */
    double norm;
};

struct story {
    story_id id;
    struct u64map cx; /* cross-lingual centroid */
    double cx_norm;
    struct langcent *lc;
    size_t nlc;
    struct u64map posted; /* features this story is posted under */
    struct member *m;     /* members still in the window (older ones pruned) */
    size_t nm, mcap;
    int64_t total; /* every article it ever had */
    int64_t first_seen, last_seen;
    char *title;
    int64_t title_article;
    double title_sim;
    struct strset outlets, langs, countries, topics;
    int64_t tone[3];
};

/* Adds one occurrence of the n bytes at s (comma lists split when
 * split is true) to ss; empty strings are skipped. */
void strset_add(struct strset *ss, const char *s, bool split);
/* Returns the strings, most frequent first, joined with ','; caller frees. */
char *strset_join(const struct strset *ss);
void strset_clear(struct strset *ss);

/* Returns the per-language centroid of st for lang, creating it when
 * create is true (else NULL when absent). */
struct langcent *story_lang(struct story *st, uint64_t lang, bool create);

/* Adds the normalised vector v (weights already tf-idf, L2 = 1) to the
 * story's centroids and recomputes their norms, pruning each centroid to
 * its cap heaviest features. */
void story_add_vector(struct story *st, const struct feat *x, size_t nx, const struct feat *w,
                      size_t nw, uint64_t lang, size_t cap);

/* Records article a (its strings copied) as a member with similarity sim. */
void story_add_member(struct story *st, const struct story_article *a, uint64_t fp,
                      int64_t published, double sim);

/* Fills *out from st (new strings). */
void story_fill_summary(const struct story *st, struct story_summary *out);

/* Frees st and everything in it. */
void story_free(struct story *st);

/* Adds a to story id (created when absent): the rebuild from the store. */
void stories_add_to(struct stories *s, const struct story_article *a, story_id id);

/* Returns the id the next new story will get. */
story_id stories_next_id(const struct stories *s);

#endif
