/* The online story clusterer: per article, a near-duplicate lookup in the
 * banded SimHash index, else candidate stories from an inverted index of
 * features and the best cosine similarity against their centroids; stories
 * idle longer than the window are dropped, and document frequencies live
 * in two half-window generations, so memory follows the window. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stories/stories.h"
#include "stories/stories_story.h"
#include "util/xalloc.h"

#define MAX_X 48          /* cross-lingual features kept per article */
#define POST_W 12         /* word features an article posts its story under */
#define POSTING_SKIP 500  /* postings longer than this are too common to probe */
#define MAX_CANDIDATES 16 /* stories scored exactly per article */
#define CENTROID_CAP 256  /* features kept per centroid */
#define WORD_MIX 0.6      /* same language: share of word similarity */
#define CROSS_FACTOR 0.85 /* other language: cross features alone, discounted */
#define SHARED_DAMP 0.5   /* cross similarity times k / (k + this), k = shared features */
#define KEY_ALL 1         /* ndocs key of all languages */
/* Documents assumed to lack every feature: in a small input (a short
 * export) the idf of shared features stays high until real counts rule. */
#define IDF_PRIOR_DOCS 200

struct plist {
    int64_t *ids;
    uint32_t n, cap;
};

struct stories {
    struct stories_config cfg;
    const struct gazetteer *gz;
    story_id next_id;
    struct u64map by_id;     /* story id -> struct story * */
    struct u64map postings;  /* feature -> struct plist * */
    struct u64map art_story; /* article id -> story id */
    struct simindex *dup;
    struct u64map df[2];    /* feature -> documents, current and previous half-window */
    struct u64map ndocs[2]; /* language hash (KEY_ALL = any) -> documents */
    int64_t gen_start, now, last_sweep;
    size_t live_articles;
};

void stories_config_default(struct stories_config *c)
{
    c->window_hours = 72;
    c->threshold = 0.3;
    c->dup_max_dist = 3;
    c->max_features = 64;
}

herald_rc stories_config_check(const struct stories_config *c)
{
    if (!(c->window_hours > 0) || !(c->threshold > 0) || c->threshold > 1)
        return herald_error_set(HERALD_EINVAL,
                                "stories: window must be > 0 and threshold in (0,1]");
    return HERALD_OK;
}

herald_rc stories_new(const struct stories_config *c, story_id first_id, struct stories **out)
{
    struct stories_config d;
    stories_config_default(&d);
    if (!c)
        c = &d;
    *out = NULL;
    herald_rc rc = stories_config_check(c);
    if (rc)
        return rc;
    struct stories *s = xcalloc(1, sizeof *s);
    s->cfg = *c;
    if (s->cfg.dup_max_dist < 0 || s->cfg.dup_max_dist > 3)
        s->cfg.dup_max_dist = 3;
    if (!s->cfg.max_features)
        s->cfg.max_features = 64;
    s->gz = gazetteer_builtin();
    s->next_id = first_id > 0 ? first_id : 1;
    s->dup = simindex_new();
    *out = s;
    return HERALD_OK;
}

static struct story *story_get(const struct stories *s, story_id id)
{
    const uint64_t *v = u64map_get(&s->by_id, (uint64_t)id);
    return v ? (struct story *)(uintptr_t)*v : NULL;
}

static void plist_remove(struct stories *s, uint64_t f, story_id id)
{
    uint64_t *v = u64map_get(&s->postings, f);
    if (!v)
        return;
    struct plist *p = (struct plist *)(uintptr_t)*v;
    for (uint32_t i = 0; i < p->n; i++)
        if (p->ids[i] == id) {
            p->ids[i] = p->ids[--p->n];
            break;
        }
    if (!p->n) {
        free(p->ids);
        free(p);
        u64map_del(&s->postings, f);
    }
}

static void post(struct stories *s, struct story *st, uint64_t f)
{
    if (u64map_get(&st->posted, f))
        return;
    *u64map_put(&st->posted, f) = 1;
    uint64_t *v = u64map_put(&s->postings, f);
    struct plist *p = (struct plist *)(uintptr_t)*v;
    if (!p) {
        p = xcalloc(1, sizeof *p);
        *v = (uint64_t)(uintptr_t)p;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 2;
        p->ids = xrealloc(p->ids, p->cap * sizeof *p->ids);
    }
    p->ids[p->n++] = st->id;
}

static void evict(struct stories *s, struct story *st)
{
    for (size_t i = 0; i < st->posted.cap; i++)
        if (st->posted.keys[i])
            plist_remove(s, st->posted.keys[i], st->id);
    for (size_t i = 0; i < st->nm; i++) {
        simindex_remove(s->dup, st->m[i].fp, st->m[i].id);
        u64map_del(&s->art_story, (uint64_t)st->m[i].id);
    }
    s->live_articles -= st->nm;
    u64map_del(&s->by_id, (uint64_t)st->id);
    story_free(st);
}

/* Forgets the members of live story st published before `before`: they
 * leave the near-duplicate index, while the story keeps their counts. So
 * a story that never goes quiet holds only the window's articles. */
static void prune_members(struct stories *s, struct story *st, int64_t before)
{
    size_t k = 0;
    for (size_t i = 0; i < st->nm; i++) {
        if (st->m[i].published >= before) {
            st->m[k++] = st->m[i];
            continue;
        }
        simindex_remove(s->dup, st->m[i].fp, st->m[i].id);
        u64map_del(&s->art_story, (uint64_t)st->m[i].id);
        s->live_articles--;
    }
    st->nm = k;
}

/* Drops stories idle for longer than the window and the older members of
 * the others; rotates df generations. */
static void advance(struct stories *s, int64_t now)
{
    int64_t window = (int64_t)(s->cfg.window_hours * 3600);
    if (now <= s->now)
        return;
    s->now = now;
    if (!s->gen_start)
        s->gen_start = now;
    if (now - s->gen_start >= window / 2) {
        u64map_clear(&s->df[1]);
        u64map_clear(&s->ndocs[1]);
        s->df[1] = s->df[0];
        s->ndocs[1] = s->ndocs[0];
        memset(&s->df[0], 0, sizeof s->df[0]);
        memset(&s->ndocs[0], 0, sizeof s->ndocs[0]);
        s->gen_start = now;
    }
    if (now - s->last_sweep < window / 48 + 1)
        return;
    s->last_sweep = now;
    story_id *drop = NULL;
    size_t nd = 0;
    for (size_t i = 0; i < s->by_id.cap; i++) {
        if (!s->by_id.keys[i])
            continue;
        struct story *st = (struct story *)(uintptr_t)s->by_id.vals[i];
        if (st->last_seen < now - window) {
            drop = xrealloc(drop, (nd + 1) * sizeof *drop);
            drop[nd++] = st->id;
        } else {
            prune_members(s, st, now - window);
        }
    }
    for (size_t i = 0; i < nd; i++)
        evict(s, story_get(s, drop[i]));
    free(drop);
}

static double df_of(const struct stories *s, uint64_t f)
{
    double d = 0;
    for (int i = 0; i < 2; i++) {
        const uint64_t *v = u64map_get(&s->df[i], f);
        d += v ? (double)*v : 0;
    }
    return d;
}

static double ndocs_of(const struct stories *s, uint64_t key)
{
    double n = 0;
    for (int i = 0; i < 2; i++) {
        const uint64_t *v = u64map_get(&s->ndocs[i], key);
        n += v ? (double)*v : 0;
    }
    return n;
}

static int by_w(const void *a, const void *b)
{
    const struct feat *x = a, *y = b;
    return x->w < y->w ? 1 : x->w > y->w ? -1 : (x->key > y->key) - (x->key < y->key);
}

/* Counts the document, turns counts into normalised tf-idf, keeps the
 * heaviest keep features. */
static void weigh(struct stories *s, struct feat *v, size_t *n, uint64_t ndkey, size_t keep)
{
    double N = ndocs_of(s, ndkey) + IDF_PRIOR_DOCS, norm = 0;
    for (size_t i = 0; i < *n; i++) {
        double idf = log((N + 1) / (df_of(s, v[i].key) + 1));
        v[i].w = (1 + log(v[i].w)) * idf;
    }
    if (*n)
        qsort(v, *n, sizeof *v, by_w);
    if (*n > keep)
        *n = keep;
    for (size_t i = 0; i < *n; i++)
        norm += v[i].w * v[i].w;
    norm = sqrt(norm);
    for (size_t i = 0; norm > 0 && i < *n; i++)
        v[i].w /= norm;
}

static void count_doc(struct stories *s, const struct fvec *fv)
{
    for (size_t i = 0; i < fv->nx; i++)
        (*u64map_put(&s->df[0], fv->x[i].key))++;
    for (size_t i = 0; i < fv->nw; i++)
        (*u64map_put(&s->df[0], fv->w[i].key))++;
    (*u64map_put(&s->ndocs[0], KEY_ALL))++;
    if (fv->lang)
        (*u64map_put(&s->ndocs[0], fv->lang))++;
}

/* Returns the dot product of v with centroid c; *shared (may be NULL)
 * gets how many of v's features c has. */
static double dot(const struct feat *v, size_t n, const struct u64map *c, size_t *shared)
{
    double d = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double w = u64map_getd(c, v[i].key);
        d += v[i].w * w;
        k += w > 0;
    }
    if (shared)
        *shared = k;
    return d;
}

/* The similarity of the article vector fv to story st (see the header). */
static double similarity(struct story *st, const struct fvec *fv)
{
    size_t shared = 0;
    double sx = st->cx_norm > 0 ? dot(fv->x, fv->nx, &st->cx, &shared) / sqrt(st->cx_norm) : 0;
    /* one shared feature (a year, a country) is weak evidence on its own */
    double cross = CROSS_FACTOR * sx * (double)shared / ((double)shared + SHARED_DAMP);
    struct langcent *lc = story_lang(st, fv->lang, false);
    if (!lc || !(lc->norm > 0))
        return cross;
    double sw = dot(fv->w, fv->nw, &lc->c, NULL) / sqrt(lc->norm);
    double same = WORD_MIX * sw + (1 - WORD_MIX) * sx;
    return same > cross ? same : cross;
}

/* Returns the most similar story among those sharing a posted feature. */
static struct story *best_story(struct stories *s, const struct fvec *fv, double *sim_out)
{
    struct u64map cand = {0};
    size_t nw = fv->nw < POST_W ? fv->nw : POST_W;
    for (size_t k = 0; k < fv->nx + nw; k++) {
        const struct feat *f = k < fv->nx ? &fv->x[k] : &fv->w[k - fv->nx];
        const uint64_t *v = u64map_get(&s->postings, f->key);
        const struct plist *p = v ? (const struct plist *)(uintptr_t)*v : NULL;
        for (uint32_t i = 0; p && p->n <= POSTING_SKIP && i < p->n; i++)
            u64map_addd(&cand, (uint64_t)p->ids[i], f->w);
    }
    struct feat *top = xmalloc((cand.n + 1) * sizeof *top);
    size_t nt = 0;
    for (size_t i = 0; i < cand.cap; i++)
        if (cand.keys[i])
            top[nt++] = (struct feat){cand.keys[i], u64map_getd(&cand, cand.keys[i])};
    qsort(top, nt, sizeof *top, by_w);
    struct story *best = NULL;
    double bs = -1;
    for (size_t i = 0; i < nt && i < MAX_CANDIDATES; i++) {
        struct story *st = story_get(s, (story_id)top[i].key);
        double sim = st ? similarity(st, fv) : -1;
        if (sim > bs || (sim == bs && st && best && st->id < best->id)) {
            bs = sim;
            best = st;
        }
    }
    free(top);
    u64map_clear(&cand);
    *sim_out = bs;
    return best;
}

static struct story *story_create(struct stories *s, story_id id)
{
    struct story *st = xcalloc(1, sizeof *st);
    st->id = id;
    *u64map_put(&s->by_id, (uint64_t)id) = (uint64_t)(uintptr_t)st;
    if (id >= s->next_id)
        s->next_id = id + 1;
    return st;
}

/* Finds the story for the weighed article (a near-duplicate's, the most
 * similar above the threshold, or forced); NULL = start a new one. */
static struct story *choose(struct stories *s, const struct fvec *fv, uint64_t h, int64_t published,
                            struct story_assign *out)
{
    int64_t window = (int64_t)(s->cfg.window_hours * 3600);
    if (published < s->now - window)
        return NULL;
    int64_t dup = simindex_nearest(s->dup, h, s->cfg.dup_max_dist, NULL, NULL);
    const uint64_t *ds = dup ? u64map_get(&s->art_story, (uint64_t)dup) : NULL;
    struct story *st = ds ? story_get(s, (story_id)*ds) : NULL;
    if (st) {
        out->dup_of = dup;
        out->sim = 1;
        return st;
    }
    double sim;
    st = best_story(s, fv, &sim);
    out->sim = st ? sim : 0;
    out->best = st ? st->id : 0;
    return st && sim >= s->cfg.threshold ? st : NULL;
}

/* Clusters a into story force (0 = choose), filling *out. */
static void add_article(struct stories *s, const struct story_article *a, story_id force,
                        struct story_assign *out)
{
    memset(out, 0, sizeof *out);
    int64_t published = a->published ? a->published : s->now;
    advance(s, published);
    const char *body = a->text && *a->text ? a->text : a->title;
    uint64_t h = a->fp ? a->fp : stories_fingerprint(body, body ? strlen(body) : 0);
    struct fvec fv;
    stories_features(s->gz, a->title, a->text, a->lang, 64 * 1024, &fv);
    count_doc(s, &fv);
    weigh(s, fv.x, &fv.nx, KEY_ALL, MAX_X);
    weigh(s, fv.w, &fv.nw, fv.lang, s->cfg.max_features);
    struct story *st = force ? story_get(s, force) : choose(s, &fv, h, published, out);
    if (!st) {
        st = story_create(s, force ? force : s->next_id);
        out->is_new = true;
    }
    if (!out->dup_of) {
        story_add_vector(st, fv.x, fv.nx, fv.w, fv.nw, fv.lang, CENTROID_CAP);
        for (size_t i = 0; i < fv.nx; i++)
            post(s, st, fv.x[i].key);
        for (size_t i = 0; i < fv.nw && i < POST_W; i++)
            post(s, st, fv.w[i].key);
    }
    story_add_member(st, a, h, published, out->sim);
    simindex_add(s->dup, h, a->id);
    *u64map_put(&s->art_story, (uint64_t)a->id) = (uint64_t)st->id;
    s->live_articles++;
    out->story = st->id;
    out->fp = h;
    fvec_clear(&fv);
}

herald_rc stories_add(struct stories *s, const struct story_article *a, struct story_assign *out)
{
    add_article(s, a, 0, out);
    return HERALD_OK;
}

/* Adds a to story id (created when absent): the rebuild from the store. */
void stories_add_to(struct stories *s, const struct story_article *a, story_id id)
{
    struct story_assign as;
    add_article(s, a, id, &as);
}

void stories_free(struct stories *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->by_id.cap; i++)
        if (s->by_id.keys[i])
            story_free((struct story *)(uintptr_t)s->by_id.vals[i]);
    for (size_t i = 0; i < s->postings.cap; i++)
        if (s->postings.keys[i]) {
            struct plist *p = (struct plist *)(uintptr_t)s->postings.vals[i];
            free(p->ids);
            free(p);
        }
    u64map_clear(&s->by_id);
    u64map_clear(&s->postings);
    u64map_clear(&s->art_story);
    for (int i = 0; i < 2; i++) {
        u64map_clear(&s->df[i]);
        u64map_clear(&s->ndocs[i]);
    }
    simindex_free(s->dup);
    free(s);
}

size_t stories_live_count(const struct stories *s)
{
    return s->by_id.n;
}

size_t stories_live_articles(const struct stories *s)
{
    return s->live_articles;
}

herald_rc stories_summary(const struct stories *s, story_id id, struct story_summary *out)
{
    memset(out, 0, sizeof *out);
    const struct story *st = story_get(s, id);
    if (!st)
        return herald_error_set(HERALD_ENOTFOUND, "story %lld is not in the window", (long long)id);
    story_fill_summary(st, out);
    return HERALD_OK;
}

story_id stories_next_id(const struct stories *s)
{
    return s->next_id;
}
