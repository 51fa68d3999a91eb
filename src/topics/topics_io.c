/* The topic model's file format, version 1, little-endian:
 *   "HTOPMDL\n", u32 version, u32 hash bits, u32 flags, u32 labels L,
 *   u32 rows R; L x (u16 length, bytes); f32 bias[L];
 *   R x (u32 bucket, each once; f32 idf; f32 w[L]);
 *   u64 checksum (topics_hash of all the bytes before it). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "topics/topics_internal.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAGIC "HTOPMDL\n"
#define VERSION 1
#define CHECK_SEED 0x243f6a8885a308d3ull
#define MODEL_MAX ((size_t)1 << 31)

static void put_u32(struct buf *b, uint32_t v)
{
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    buf_append(b, c, 4);
}

static void put_f32(struct buf *b, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(b, v);
}

void topics_model_serialize(char **out, size_t *out_len, const struct topics_model *m)
{
    struct buf b;
    buf_init(&b, 0);
    buf_append(&b, MAGIC, 8);
    put_u32(&b, VERSION);
    put_u32(&b, m->bits);
    put_u32(&b, m->flags);
    put_u32(&b, (uint32_t)m->nlabels);
    put_u32(&b, (uint32_t)m->nrows);
    for (size_t k = 0; k < m->nlabels; k++) {
        size_t n = strlen(m->labels[k]);
        unsigned char c[2] = {(unsigned char)n, (unsigned char)(n >> 8)};
        buf_append(&b, c, 2);
        buf_append(&b, m->labels[k], n);
    }
    for (size_t k = 0; k < m->nlabels; k++)
        put_f32(&b, m->bias[k]);
    for (size_t r = 0; r < m->nrows; r++) {
        put_u32(&b, m->row_id[r]);
        put_f32(&b, m->idf[r]);
        for (size_t k = 0; k < m->nlabels; k++)
            put_f32(&b, m->w[r * m->stride + k]);
    }
    uint64_t h = topics_hash(b.data, b.len, CHECK_SEED);
    put_u32(&b, (uint32_t)h);
    put_u32(&b, (uint32_t)(h >> 32));
    *out_len = b.len;
    *out = buf_steal(&b);
}

/* A bounds-checked reader over the serialised bytes. */
struct rd {
    const unsigned char *p;
    size_t len, at;
};

static bool get_u32(struct rd *r, uint32_t *v)
{
    if (r->len - r->at < 4)
        return false;
    const unsigned char *c = r->p + r->at;
    *v = (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
    r->at += 4;
    return true;
}

static bool get_f32(struct rd *r, float *f)
{
    uint32_t v;
    if (!get_u32(r, &v))
        return false;
    memcpy(f, &v, 4);
    return isfinite(*f);
}

static herald_rc bad(const char *why)
{
    return herald_error_set(HERALD_EPARSE, "topics model: %s", why);
}

static herald_rc read_header(struct rd *r, struct topics_model *m)
{
    uint32_t v[5];
    if (r->len < 8 || memcmp(r->p, MAGIC, 8))
        return bad("not a herald topics model (bad magic)");
    r->at = 8;
    for (int i = 0; i < 5; i++)
        if (!get_u32(r, &v[i]))
            return bad("truncated header");
    if (v[0] != VERSION)
        return herald_error_set(HERALD_EPARSE, "topics model: unsupported version %u", v[0]);
    if (v[1] < 16 || v[1] > 24 || v[2] > (FEAT_CHAR | FEAT_LOOSE) || v[3] < 2 || v[3] > 65535 ||
        v[4] > (1u << v[1]))
        return bad("header values out of range");
    m->bits = v[1], m->flags = v[2], m->nlabels = v[3], m->nrows = v[4];
    uint64_t need = (uint64_t)m->nrows * (8 + 4 * (uint64_t)m->nlabels) + 4 * m->nlabels + 8;
    if (need > r->len - r->at)
        return bad("truncated");
    return HERALD_OK;
}

static herald_rc read_labels(struct rd *r, struct topics_model *m)
{
    m->labels = xcalloc(m->nlabels, sizeof *m->labels);
    for (size_t k = 0; k < m->nlabels; k++) {
        if (r->len - r->at < 2)
            return bad("truncated labels");
        size_t n = (size_t)r->p[r->at] | (size_t)r->p[r->at + 1] << 8;
        r->at += 2;
        if (r->len - r->at < n)
            return bad("truncated labels");
        if (memchr(r->p + r->at, 0, n) || !str_valid_utf8((const char *)r->p + r->at, n))
            return bad("label is not valid UTF-8");
        m->labels[k] = xstrndup((const char *)r->p + r->at, n);
        r->at += n;
    }
    m->bias = xmalloc(m->nlabels * sizeof *m->bias);
    for (size_t k = 0; k < m->nlabels; k++)
        if (!get_f32(r, &m->bias[k]))
            return bad("truncated or non-finite bias");
    return HERALD_OK;
}

static herald_rc read_rows(struct rd *r, struct topics_model *m)
{
    size_t nr = m->nrows ? m->nrows : 1;
    m->row_id = xmalloc(nr * sizeof *m->row_id);
    m->idf = xmalloc(nr * sizeof *m->idf);
    m->stride = model_stride(m->nlabels);
    m->w = model_alloc_weights(nr, m->stride);
    model_alloc_index(m);
    for (size_t i = 0; i < m->nrows; i++) {
        uint32_t b;
        if (!get_u32(r, &b) || !get_f32(r, &m->idf[i]))
            return bad("truncated rows");
        if (b >> m->bits || m->row_of[b] >= 0)
            return bad("feature id out of range or repeated");
        m->row_id[i] = b;
        m->row_of[b] = (int32_t)i;
        for (size_t k = 0; k < m->nlabels; k++)
            if (!get_f32(r, &m->w[i * m->stride + k]))
                return bad("truncated or non-finite weights");
    }
    return HERALD_OK;
}

herald_rc topics_model_parse(const void *data, size_t len, struct topics_model **out)
{
    herald_rc rc;
    struct topics_model *m = xcalloc(1, sizeof *m);
    struct rd r = {data, len, 0};
    uint32_t lo, hi;
    *out = NULL;
    if ((rc = read_header(&r, m)) != HERALD_OK || (rc = read_labels(&r, m)) != HERALD_OK ||
        (rc = read_rows(&r, m)) != HERALD_OK)
        goto done;
    uint64_t h = topics_hash(data, r.at, CHECK_SEED);
    if (!get_u32(&r, &lo) || !get_u32(&r, &hi)) {
        rc = bad("truncated checksum");
        goto done;
    }
    if (r.at != len) {
        rc = bad("trailing bytes after the checksum");
        goto done;
    }
    if (((uint64_t)hi << 32 | lo) != h) {
        rc = bad("checksum mismatch (corrupt file)");
        goto done;
    }
    *out = m;
    m = NULL;
done:
    topics_model_free(m);
    return rc;
}

herald_rc topics_model_save(const struct topics_model *m, const char *path)
{
    herald_rc rc = HERALD_OK;
    char *data = NULL, *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    size_t len = 0;
    FILE *f = NULL;
    topics_model_serialize(&data, &len, m);
    if (!(f = fopen(tmp, "wb"))) {
        rc = herald_error_set(HERALD_EIO, "%s: %s", tmp, strerror(errno));
        goto done;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        rc = herald_error_set(HERALD_EIO, "%s: %s", path, strerror(errno));
        remove(tmp);
    }
done:
    free(data);
    free(tmp);
    return rc;
}

herald_rc topics_model_load(const char *path, struct topics_model **out)
{
    char *data = NULL;
    size_t len = 0;
    herald_rc rc;
    *out = NULL;
    if ((rc = str_read_file(&data, &len, path, MODEL_MAX)) != HERALD_OK)
        return rc;
    rc = topics_model_parse(data, len, out);
    if (rc != HERALD_OK) {
        char *why = xstrdup(herald_error_last());
        herald_error_set(rc, "%s: %s", path, why);
        free(why);
    }
    free(data);
    return rc;
}
