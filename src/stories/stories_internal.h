/* Internals of src/stories shared between its files: a uint64 -> uint64
 * hash map (linear probing, backward-shift delete), text tokens and the
 * article feature vectors the clusterer compares. */
#ifndef HERALD_STORIES_INTERNAL_H
#define HERALD_STORIES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- u64map: key 0 is reserved (never stored) ---------------------------- */
struct u64map {
    uint64_t *keys, *vals;
    size_t cap, n; /* cap is 0 or a power of two */
};

/* Returns a pointer to key's value (inserting 0 when absent); borrowed
 * until the next insert. key must not be 0. */
uint64_t *u64map_put(struct u64map *m, uint64_t key);
/* Returns a pointer to key's value or NULL when absent. */
uint64_t *u64map_get(const struct u64map *m, uint64_t key);
/* Removes key; returns whether it was there. */
bool u64map_del(struct u64map *m, uint64_t key);
/* Frees the tables and zeroes m. */
void u64map_clear(struct u64map *m);

/* Doubles stored in a u64map's values. */
double u64map_getd(const struct u64map *m, uint64_t key);
void u64map_addd(struct u64map *m, uint64_t key, double v);

/* Returns the FNV-1a hash of n bytes at p mixed with seed (never 0). */
uint64_t stories_hash(const void *p, size_t n, uint64_t seed);

/* ---- tokens -------------------------------------------------------------- */
enum tok_kind { TOK_WORD, TOK_UNSPACED, TOK_NUMBER };

struct tok {
    size_t off, len;    /* bytes in the original text */
    enum tok_kind kind; /* a word, one character of an unspaced script, a number */
    bool upper;         /* starts with an uppercase letter */
    bool all_upper;     /* two or more letters, all uppercase */
    bool latin, cyrillic;
    bool sentence_start; /* first word of a sentence */
};

/* Splits the len bytes at text into tokens (*out grown with xrealloc; *cap
 * its capacity); returns how many. Invalid UTF-8 bytes separate tokens. */
size_t stories_tokenize(const char *text, size_t len, struct tok **out, size_t *cap);

/* ---- features ------------------------------------------------------------ */
/* A feature: hashed key and weight; cross features survive translation. */
struct feat {
    uint64_t key;
    double w;
};

struct fvec {
    struct feat *x; /* cross-lingual (entities, numbers, names, URLs) */
    size_t nx;
    struct feat *w; /* words of the article's language */
    size_t nw;
    uint64_t lang; /* hash of the language code (0 unknown) */
};

/* The gazetteer built into the binary: folded name -> entity hash. */
struct gazetteer;
/* Returns the built-in gazetteer (loaded once, never freed). */
const struct gazetteer *gazetteer_builtin(void);

/* Extracts raw feature counts (keys, weights = counts) of the article
 * into *out; the caller frees with fvec_clear(). lang may be NULL. */
void stories_features(const struct gazetteer *gz, const char *title, const char *text,
                      const char *lang, size_t max_text, struct fvec *out);
void fvec_clear(struct fvec *v);

/* Feature key prefixes, exported for tests (hashed with stories_hash). */
#define FEAT_SEED_X 0x9e3779b97f4a7c15ull
#define FEAT_SEED_W 0xc2b2ae3d27d4eb4full

#endif
