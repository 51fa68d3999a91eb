/* The gazetteer's tables (internal to src/stories): folded names of
 * spaced scripts keyed by the hash of their words, runs of unspaced
 * scripts keyed by their bytes, and stems of one-word names (the name
 * less its last one or two characters) for inflected forms. */
#ifndef HERALD_STORIES_GAZ_H
#define HERALD_STORIES_GAZ_H

#include "stories/stories_internal.h"

#define GAZ_MAX_WORDS 6
#define GAZ_MAX_CHARS 12
#define GAZ_STEM_MIN 4
#define GAZ_SEED_NAME 0x243f6a8885a308d3ull
#define GAZ_SEED_STEM 0x13198a2e03707344ull
#define GAZ_SEED_ENT 0xa4093822299f31d0ull

struct gazetteer {
    struct u64map words;    /* hash of folded words -> entity hash */
    struct u64map unspaced; /* hash of a folded unspaced run -> entity hash */
    struct u64map stems;    /* stem key -> entity hash */
    size_t max_chars;       /* longest unspaced name, in characters */
};

/* Returns the stem key of the folded word w (n bytes) less its last drop
 * characters, or 0 when it would be shorter than GAZ_STEM_MIN characters
 * or the word has fewer than 5. */
uint64_t gazetteer_stem_key(const char *w, size_t n, size_t drop);

/* Returns the hash an entity id ("c:FR") has in feature keys. */
uint64_t gazetteer_entity_hash(const char *entity);

#endif
