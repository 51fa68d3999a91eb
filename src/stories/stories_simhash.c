/* Near-duplicate fingerprints: a 64-bit SimHash over 3-token shingles of
 * the loose-folded text, and the banded index (4 bands of 16 bits) that
 * finds every fingerprint within Hamming distance 3 by looking only in
 * the new fingerprint's 4 buckets. */
#include <stdlib.h>
#include <string.h>

#include "stories/stories.h"
#include "stories/stories_internal.h"
#include "text/fold.h"
#include "util/xalloc.h"

#define SHINGLE 3
#define BANDS 4
#define BUCKETS 65536

uint64_t stories_simhash(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    char *f = fold_loose(text, len);
    size_t flen = strlen(f), cap = 0;
    struct tok *t = NULL;
    size_t n = stories_tokenize(f, flen, &t, &cap);
    int votes[64] = {0};
    size_t shingles = n < SHINGLE ? (n ? 1 : 0) : n - SHINGLE + 1;
    for (size_t i = 0; i < shingles; i++) {
        uint64_t h = 0x84222325cbf29ce4ull;
        size_t k = n < SHINGLE ? n : SHINGLE;
        for (size_t j = 0; j < k; j++)
            h = stories_hash(f + t[i + j].off, t[i + j].len, h);
        for (int b = 0; b < 64; b++)
            votes[b] += (h >> b) & 1 ? 1 : -1;
    }
    uint64_t out = 0;
    for (int b = 0; b < 64 && shingles; b++)
        if (votes[b] > 0)
            out |= 1ull << b;
    if (shingles && !out)
        out = 1;
    free(t);
    free(f);
    return out;
}

int stories_hamming(uint64_t a, uint64_t b)
{
    return __builtin_popcountll(a ^ b);
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
    struct bucket *b; /* BANDS * BUCKETS, allocated zeroed (pages touched lazily) */
    size_t size;
};

static struct bucket *bucket_of(const struct simindex *ix, uint64_t h, int band)
{
    return &ix->b[(size_t)band * BUCKETS + ((h >> (16 * band)) & 0xffff)];
}

struct simindex *simindex_new(void)
{
    struct simindex *ix = xcalloc(1, sizeof *ix);
    ix->b = xcalloc((size_t)BANDS * BUCKETS, sizeof *ix->b);
    return ix;
}

void simindex_free(struct simindex *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < (size_t)BANDS * BUCKETS; i++)
        free(ix->b[i].e);
    free(ix->b);
    free(ix);
}

void simindex_add(struct simindex *ix, uint64_t h, int64_t id)
{
    if (!h)
        return;
    for (int band = 0; band < BANDS; band++) {
        struct bucket *b = bucket_of(ix, h, band);
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
        for (uint32_t i = 0; i < b->n; i++) {
            if (b->e[i].id == id && b->e[i].h == h) {
                b->e[i] = b->e[--b->n];
                found = true;
                break;
            }
        }
        if (!b->n) {
            free(b->e);
            b->e = NULL;
            b->cap = 0;
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
        for (uint32_t i = 0; i < b->n; i++) {
            int d = stories_hamming(h, b->e[i].h);
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
