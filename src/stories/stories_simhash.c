/* Near-duplicate fingerprints: 16 MinHash values over 3-token shingles of
 * the loose-folded text, 4 bits kept of each (b-bit MinHash) in one 64-bit
 * word, and the banded index (4 bands of 4 values = 16 bits) that finds
 * every fingerprint within distance 3 (differing values) by looking only
 * in the new fingerprint's 4 buckets. */
#include <stdlib.h>
#include <string.h>

#include "stories/stories.h"
#include "stories/stories_internal.h"
#include "text/fold.h"
#include "util/xalloc.h"

#define SHINGLE 3
#define BANDS 4
#define FP_HASHES 16

/* The splitmix64 finalizer: every output bit depends on every input bit. */
static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t stories_fingerprint(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    char *f = fold_loose(text, len);
    size_t flen = strlen(f), cap = 0;
    struct tok *t = NULL;
    size_t n = stories_tokenize(f, flen, &t, &cap);
    uint64_t mins[FP_HASHES];
    for (int k = 0; k < FP_HASHES; k++)
        mins[k] = UINT64_MAX;
    size_t shingles = n < SHINGLE ? (n ? 1 : 0) : n - SHINGLE + 1;
    for (size_t i = 0; i < shingles; i++) {
        uint64_t h = 0x84222325cbf29ce4ull;
        size_t k = n < SHINGLE ? n : SHINGLE;
        for (size_t j = 0; j < k; j++)
            h = stories_hash(f + t[i + j].off, t[i + j].len, h);
        for (int m = 0; m < FP_HASHES; m++) {
            uint64_t v = mix(h + 0x9e3779b97f4a7c15ull * (uint64_t)(m + 1));
            if (v < mins[m])
                mins[m] = v;
        }
    }
    uint64_t out = 0;
    for (int m = 0; m < FP_HASHES && shingles; m++)
        out |= (mix(mins[m]) & 0xf) << (4 * m);
    if (shingles && !out)
        out = 1;
    free(t);
    free(f);
    return out;
}

int stories_fp_distance(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ b;
    x = (x | (x >> 1) | (x >> 2) | (x >> 3)) & 0x1111111111111111ull;
    return __builtin_popcountll(x);
}

struct sh_entry {
    uint64_t h;
    int64_t id;
};

struct bucket {
    struct sh_entry *e;
    uint32_t n, cap;
};

struct simindex {
    struct u64map buckets; /* band << 16 | band value, plus 1 -> struct bucket * */
    size_t size;
};

static uint64_t bucket_key(uint64_t h, int band)
{
    return ((uint64_t)band << 16 | ((h >> (16 * band)) & 0xffff)) + 1;
}

static struct bucket *bucket_of(const struct simindex *ix, uint64_t h, int band)
{
    const uint64_t *v = u64map_get(&ix->buckets, bucket_key(h, band));
    return v ? (struct bucket *)(uintptr_t)*v : NULL;
}

struct simindex *simindex_new(void)
{
    return xcalloc(1, sizeof(struct simindex));
}

void simindex_free(struct simindex *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->buckets.cap; i++)
        if (ix->buckets.keys[i]) {
            struct bucket *b = (struct bucket *)(uintptr_t)ix->buckets.vals[i];
            free(b->e);
            free(b);
        }
    u64map_clear(&ix->buckets);
    free(ix);
}

void simindex_add(struct simindex *ix, uint64_t h, int64_t id)
{
    if (!h)
        return;
    for (int band = 0; band < BANDS; band++) {
        uint64_t *v = u64map_put(&ix->buckets, bucket_key(h, band));
        struct bucket *b = (struct bucket *)(uintptr_t)*v;
        if (!b) {
            b = xcalloc(1, sizeof *b);
            *v = (uint64_t)(uintptr_t)b;
        }
        if (b->n == b->cap) {
            b->cap = b->cap ? b->cap * 2 : 2;
            b->e = xrealloc(b->e, b->cap * sizeof *b->e);
        }
        b->e[b->n++] = (struct sh_entry){h, id};
    }
    ix->size++;
}

void simindex_remove(struct simindex *ix, uint64_t h, int64_t id)
{
    if (!h)
        return;
    bool found = false;
    for (int band = 0; band < BANDS; band++) {
        struct bucket *b = bucket_of(ix, h, band);
        for (uint32_t i = 0; b && i < b->n; i++) {
            if (b->e[i].id == id && b->e[i].h == h) {
                b->e[i] = b->e[--b->n];
                found = true;
                break;
            }
        }
        if (b && !b->n) {
            free(b->e);
            free(b);
            u64map_del(&ix->buckets, bucket_key(h, band));
        }
    }
    if (found)
        ix->size--;
}

int64_t simindex_nearest(const struct simindex *ix, uint64_t h, int max_dist, int *dist_out,
                         size_t *probed_out)
{
    int64_t best = 0;
    int best_d = 65;
    size_t probed = 0;
    for (int band = 0; h && band < BANDS; band++) {
        const struct bucket *b = bucket_of(ix, h, band);
        for (uint32_t i = 0; b && i < b->n; i++) {
            int d = stories_fp_distance(h, b->e[i].h);
            probed++;
            if (d <= max_dist && (d < best_d || (d == best_d && b->e[i].id < best))) {
                best = b->e[i].id;
                best_d = d;
            }
        }
    }
    if (dist_out)
        *dist_out = best ? best_d : -1;
    if (probed_out)
        *probed_out = probed;
    return best;
}

size_t simindex_size(const struct simindex *ix)
{
    return ix->size;
}
