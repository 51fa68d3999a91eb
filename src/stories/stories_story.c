/* One story in memory: centroids with pruning, members, and the capped
 * counts of outlets, languages, countries and topics its summary lists. */
#include <stdlib.h>
#include <string.h>

#include "stories/stories_story.h"
#include "util/xalloc.h"

#define STRSET_CAP 64

static void strset_add1(struct strset *ss, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!n || n > 200)
        return;
    for (size_t i = 0; i < ss->n; i++)
        if (strlen(ss->v[i].s) == n && !memcmp(ss->v[i].s, s, n)) {
            ss->v[i].n++;
            return;
        }
    if (ss->n >= STRSET_CAP)
        return;
    if (ss->n == ss->cap) {
        ss->cap = ss->cap ? ss->cap * 2 : 4;
        ss->v = xrealloc(ss->v, ss->cap * sizeof *ss->v);
    }
    ss->v[ss->n++] = (struct strcount){xstrndup(s, n), 1};
}

void strset_add(struct strset *ss, const char *s, bool split)
{
    if (!s)
        return;
    while (split && strchr(s, ',')) {
        const char *c = strchr(s, ',');
        strset_add1(ss, s, (size_t)(c - s));
        s = c + 1;
    }
    strset_add1(ss, s, strlen(s));
}

static int by_count(const void *a, const void *b)
{
    const struct strcount *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->s, y->s);
}

char *strset_join(const struct strset *ss)
{
    struct strcount *v = xmalloc((ss->n + 1) * sizeof *v);
    size_t len = 1;
    for (size_t i = 0; i < ss->n; i++) {
        v[i] = ss->v[i];
        len += strlen(v[i].s) + 1;
    }
    qsort(v, ss->n, sizeof *v, by_count);
    char *out = xmalloc(len);
    out[0] = 0;
    size_t o = 0;
    for (size_t i = 0; i < ss->n; i++) {
        size_t l = strlen(v[i].s);
        if (i)
            out[o++] = ',';
        memcpy(out + o, v[i].s, l + 1);
        o += l;
    }
    free(v);
    return out;
}

void strset_clear(struct strset *ss)
{
    for (size_t i = 0; i < ss->n; i++)
        free(ss->v[i].s);
    free(ss->v);
    memset(ss, 0, sizeof *ss);
}

struct langcent *story_lang(struct story *st, uint64_t lang, bool create)
{
    for (size_t i = 0; i < st->nlc; i++)
        if (st->lc[i].lang == lang)
            return &st->lc[i];
    if (!create)
        return NULL;
    st->lc = xrealloc(st->lc, (st->nlc + 1) * sizeof *st->lc);
    memset(&st->lc[st->nlc], 0, sizeof *st->lc);
    st->lc[st->nlc].lang = lang;
    return &st->lc[st->nlc++];
}

static int by_weight_desc(const void *a, const void *b)
{
    const struct feat *x = a, *y = b;
    return x->w < y->w ? 1 : x->w > y->w ? -1 : 0;
}

/* Keeps the cap heaviest entries of m when it holds more than 2 * cap;
 * returns the norm of what remains. */
static double prune(struct u64map *m, size_t cap)
{
    double norm = 0;
    if (m->n > 2 * cap) {
        struct feat *v = xmalloc(m->n * sizeof *v);
        size_t n = 0;
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                v[n++] = (struct feat){m->keys[i], u64map_getd(m, m->keys[i])};
        qsort(v, n, sizeof *v, by_weight_desc);
        u64map_clear(m);
        for (size_t i = 0; i < cap && i < n; i++)
            u64map_addd(m, v[i].key, v[i].w);
        free(v);
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            double d = u64map_getd(m, m->keys[i]);
            norm += d * d;
        }
    return norm;
}

void story_add_vector(struct story *st, const struct feat *x, size_t nx, const struct feat *w,
                      size_t nw, uint64_t lang, size_t cap)
{
    for (size_t i = 0; i < nx; i++)
        u64map_addd(&st->cx, x[i].key, x[i].w);
    st->cx_norm = prune(&st->cx, cap);
    struct langcent *lc = story_lang(st, lang, true);
    for (size_t i = 0; i < nw; i++)
        u64map_addd(&lc->c, w[i].key, w[i].w);
    lc->norm = prune(&lc->c, cap);
}

void story_add_member(struct story *st, const struct story_article *a, uint64_t fp,
                      int64_t published, double sim)
{
    if (st->nm == st->mcap) {
        st->mcap = st->mcap ? st->mcap * 2 : 4;
        st->m = xrealloc(st->m, st->mcap * sizeof *st->m);
    }
    st->m[st->nm++] = (struct member){a->id, fp, published};
    st->total++;
    if (st->total == 1 || published < st->first_seen)
        st->first_seen = published;
    if (st->total == 1 || published > st->last_seen)
        st->last_seen = published;
    if ((!st->title || sim > st->title_sim) && a->title && *a->title) {
        free(st->title);
        st->title = xstrdup(a->title);
        st->title_article = a->id;
        st->title_sim = st->total == 1 ? 0 : sim;
    }
    strset_add(&st->outlets, a->outlet, false);
    strset_add(&st->langs, a->lang, false);
    strset_add(&st->countries, a->country, false);
    strset_add(&st->topics, a->topics, true);
    if (a->has_tone)
        st->tone[a->tone_label < 0 ? 0 : a->tone_label > 0 ? 2 : 1]++;
}

void story_fill_summary(const struct story *st, struct story_summary *out)
{
    memset(out, 0, sizeof *out);
    out->id = st->id;
    out->title = xstrdup(st->title ? st->title : "");
    out->title_article = st->title_article;
    out->first_seen = st->first_seen;
    out->last_seen = st->last_seen;
    out->articles = st->total;
    for (size_t i = 0; i < st->nm; i++)
        out->articles_24h += st->m[i].published > st->last_seen - 86400;
    out->outlets = strset_join(&st->outlets);
    out->langs = strset_join(&st->langs);
    out->countries = strset_join(&st->countries);
    out->topics = strset_join(&st->topics);
    out->tone_neg = st->tone[0];
    out->tone_neu = st->tone[1];
    out->tone_pos = st->tone[2];
    out->n_outlets = (int64_t)st->outlets.n;
}

void story_free(struct story *st)
{
    if (!st)
        return;
    u64map_clear(&st->cx);
    for (size_t i = 0; i < st->nlc; i++)
        u64map_clear(&st->lc[i].c);
    free(st->lc);
    u64map_clear(&st->posted);
    free(st->m);
    free(st->title);
    strset_clear(&st->outlets);
    strset_clear(&st->langs);
    strset_clear(&st->countries);
    strset_clear(&st->topics);
    free(st);
}
