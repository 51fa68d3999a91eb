/* A small open-addressing hash map from uint64 keys (never 0) to uint64
 * values, with linear probing and backward-shift deletion, used for the
 * clusterer's centroids, postings and document frequencies. */
#include <stdlib.h>
#include <string.h>

#include "stories/stories_internal.h"
#include "util/xalloc.h"

static size_t slot_of(uint64_t key, size_t cap)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull;
    key ^= key >> 33;
    return (size_t)key & (cap - 1);
}

static void grow(struct u64map *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 8;
    uint64_t *ok = m->keys, *ov = m->vals;
    size_t ocap = m->cap;
    m->keys = xcalloc(ncap, sizeof(uint64_t));
    m->vals = xcalloc(ncap, sizeof(uint64_t));
    m->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!ok[i])
            continue;
        size_t j = slot_of(ok[i], ncap);
        while (m->keys[j])
            j = (j + 1) & (ncap - 1);
        m->keys[j] = ok[i];
        m->vals[j] = ov[i];
    }
    free(ok);
    free(ov);
}

uint64_t *u64map_get(const struct u64map *m, uint64_t key)
{
    if (!m->cap || !key)
        return NULL;
    for (size_t j = slot_of(key, m->cap);; j = (j + 1) & (m->cap - 1)) {
        if (m->keys[j] == key)
            return &m->vals[j];
        if (!m->keys[j])
            return NULL;
    }
}

uint64_t *u64map_put(struct u64map *m, uint64_t key)
{
    uint64_t *v = u64map_get(m, key);
    if (v)
        return v;
    if ((m->n + 1) * 4 > m->cap * 3)
        grow(m);
    size_t j = slot_of(key, m->cap);
    while (m->keys[j])
        j = (j + 1) & (m->cap - 1);
    m->keys[j] = key;
    m->vals[j] = 0;
    m->n++;
    return &m->vals[j];
}

bool u64map_del(struct u64map *m, uint64_t key)
{
    if (!m->cap || !key)
        return false;
    size_t mask = m->cap - 1, j = slot_of(key, m->cap);
    while (m->keys[j] != key) {
        if (!m->keys[j])
            return false;
        j = (j + 1) & mask;
    }
    /* backward shift: move later entries of the cluster into the hole */
    size_t hole = j;
    for (size_t k = (j + 1) & mask; m->keys[k]; k = (k + 1) & mask) {
        size_t home = slot_of(m->keys[k], m->cap);
        if (((k - home) & mask) >= ((k - hole) & mask)) {
            m->keys[hole] = m->keys[k];
            m->vals[hole] = m->vals[k];
            hole = k;
        }
    }
    m->keys[hole] = 0;
    m->vals[hole] = 0;
    m->n--;
    return true;
}

void u64map_clear(struct u64map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

double u64map_getd(const struct u64map *m, uint64_t key)
{
    const uint64_t *v = u64map_get(m, key);
    double d = 0;
    if (v)
        memcpy(&d, v, sizeof d);
    return d;
}

void u64map_addd(struct u64map *m, uint64_t key, double v)
{
    uint64_t *slot = u64map_put(m, key);
    double d;
    memcpy(&d, slot, sizeof d);
    d += v;
    memcpy(slot, &d, sizeof d);
}

uint64_t stories_hash(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *u = p;
    uint64_t h = 0xcbf29ce484222325ull ^ seed;
    for (size_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 0x100000001b3ull;
    h ^= h >> 29;
    return h ? h : 1;
}
