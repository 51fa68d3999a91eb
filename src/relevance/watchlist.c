/* Watchlists: parsing the tab-separated file (data/watchlists/README.md),
 * the built-in Vietnam default, and the byte trie over every term's folded
 * form that watchlist_find() walks. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "relevance/watchlist_internal.h"
#include "text/fold.h"
#include "util/embed.h"
#include "util/str.h"
#include "util/xalloc.h"

HERALD_BLOB_DECLARE(watchlist_vn);

#define WL_MAX_FILE (16u << 20)
#define WL_MAX_TERM 256
#define WL_MAX_CATEGORIES 64

static struct watchlist *wl_new(void)
{
    struct watchlist *wl = xcalloc(1, sizeof(*wl));
    wl->nodecap = 256;
    wl->nodes = xmalloc(wl->nodecap * sizeof(*wl->nodes));
    wl->nnodes = 1;
    memset(wl->nodes[0].term, 0xff, sizeof(wl->nodes[0].term));
    memset(wl->root, 0xff, sizeof(wl->root));
    wl->edgecap = 1024;
    wl->edges = xmalloc(wl->edgecap * sizeof(*wl->edges));
    wl->edge_keys = xmalloc(wl->edgecap * sizeof(*wl->edge_keys));
    memset(wl->edge_keys, 0xff, wl->edgecap * sizeof(*wl->edge_keys));
    return wl;
}

void watchlist_free(struct watchlist *wl)
{
    if (!wl)
        return;
    for (size_t i = 0; i < wl->ncategories; i++)
        free(wl->categories[i]);
    free(wl->categories);
    for (size_t i = 0; i < wl->nterms; i++)
        free(wl->terms[i].sigs), free(wl->terms[i].langs);
    free(wl->langs);
    free(wl->lang_scripts);
    free(wl->terms);
    free(wl->nodes);
    free(wl->edges);
    free(wl->edge_keys);
    free(wl);
}

static size_t edge_slot(const struct watchlist *wl, uint64_t key)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    size_t mask = wl->edgecap - 1;
    size_t i = (size_t)(h >> 20) & mask;
    while (wl->edge_keys[i] != UINT64_MAX && wl->edge_keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

int32_t watchlist_trie_next(const struct watchlist *wl, int32_t node, unsigned char b)
{
    if (node == 0)
        return wl->root[b];
    uint64_t key = ((uint64_t)node << 8) | b;
    size_t i = edge_slot(wl, key);
    return wl->edge_keys[i] == key ? (int32_t)wl->edges[i] : -1;
}

static void edges_grow(struct watchlist *wl)
{
    uint64_t *keys = wl->edge_keys;
    uint32_t *vals = wl->edges;
    size_t cap = wl->edgecap;
    wl->edgecap *= 2;
    wl->edges = xmalloc(wl->edgecap * sizeof(*wl->edges));
    wl->edge_keys = xmalloc(wl->edgecap * sizeof(*wl->edge_keys));
    memset(wl->edge_keys, 0xff, wl->edgecap * sizeof(*wl->edge_keys));
    for (size_t i = 0; i < cap; i++) {
        if (keys[i] == UINT64_MAX)
            continue;
        size_t j = edge_slot(wl, keys[i]);
        wl->edge_keys[j] = keys[i];
        wl->edges[j] = vals[i];
    }
    free(keys);
    free(vals);
}

/* Returns the child of node over b, adding it when missing. */
static int32_t trie_add(struct watchlist *wl, int32_t node, unsigned char b)
{
    int32_t child = watchlist_trie_next(wl, node, b);
    if (child >= 0)
        return child;
    if ((wl->nedges + 1) * 2 > wl->edgecap)
        edges_grow(wl);
    if (wl->nnodes == wl->nodecap) {
        wl->nodecap *= 2;
        wl->nodes = xrealloc(wl->nodes, wl->nodecap * sizeof(*wl->nodes));
    }
    child = (int32_t)wl->nnodes++;
    memset(wl->nodes[child].term, 0xff, sizeof(wl->nodes[child].term));
    if (node == 0)
        wl->root[b] = child;
    uint64_t key = ((uint64_t)node << 8) | b;
    size_t i = edge_slot(wl, key);
    wl->edge_keys[i] = key;
    wl->edges[i] = (uint32_t)child;
    wl->nedges++;
    return child;
}

static int category_index(struct watchlist *wl, const char *name, size_t n)
{
    for (size_t i = 0; i < wl->ncategories; i++)
        if (strlen(wl->categories[i]) == n && !memcmp(wl->categories[i], name, n))
            return (int)i;
    if (wl->ncategories == WL_MAX_CATEGORIES)
        return -1;
    wl->categories = xrealloc(wl->categories, (wl->ncategories + 1) * sizeof(char *));
    wl->categories[wl->ncategories] = xstrndup(name, n);
    return (int)wl->ncategories++;
}

/* The first and the last code point of the n bytes at s (n > 0, valid)
 * and the scripts of its letters. */
static void edge_cps(const char *s, size_t n, int *first, int *last, uint32_t *scripts)
{
    *first = *last = 0;
    *scripts = 0;
    for (size_t i = 0; i < n;) {
        int cp, k = fold_utf8_next(s + i, n - i, &cp);
        if (k == 0)
            k = 1, cp = 0xFFFD;
        if (i == 0)
            *first = cp;
        *last = cp;
        *scripts |= watchlist_script_bit(cp);
        i += (size_t)k;
    }
}

/* Adds the folded term (flags WL_*_STAR); a repeat keeps the higher weight. */
static void add_sig(struct wl_term *t, uint64_t sig)
{
    for (size_t i = 0; i < t->nsigs; i++)
        if (t->sigs[i] == sig)
            return;
    t->sigs = xrealloc(t->sigs, (t->nsigs + 1) * sizeof(*t->sigs));
    t->sigs[t->nsigs++] = sig;
}

static void add_term(struct watchlist *wl, const struct wl_folded *f, int flags, float weight,
                     int category, uint64_t sig, int lang)
{
    int32_t node = 0;
    for (size_t i = 0; i < f->len; i++)
        node = trie_add(wl, node, (unsigned char)f->s[i]);
    int32_t *slot = &wl->nodes[node].term[flags];
    if (*slot >= 0) {
        struct wl_term *t = &wl->terms[*slot];
        if (weight > t->own && lang != WL_LANG_UND)
            t->category = category;
        watchlist_term_add_lang(wl, t, lang, weight);
        add_sig(t, sig);
        return;
    }
    if (wl->nterms == wl->termcap) {
        wl->termcap = wl->termcap ? wl->termcap * 2 : 64;
        wl->terms = xrealloc(wl->terms, wl->termcap * sizeof(*wl->terms));
    }
    int first, last;
    uint32_t scripts;
    edge_cps(f->s, f->len, &first, &last, &scripts);
    struct wl_term *t = &wl->terms[wl->nterms];
    t->category = category;
    t->scripts = scripts;
    t->langs = NULL;
    t->nlangs = 0;
    watchlist_term_add_lang(wl, t, lang, weight);
    t->lead_boundary = !(flags & WL_LEAD_STAR) && !watchlist_is_unspaced_cp(first);
    t->trail_boundary = !(flags & WL_TRAIL_STAR) && !watchlist_is_unspaced_cp(last);
    t->trail_extend = (flags & WL_TRAIL_STAR) && !watchlist_is_unspaced_cp(last);
    t->sigs = NULL;
    t->nsigs = 0;
    add_sig(t, sig);
    *slot = (int32_t)wl->nterms++;
    if (!t->lead_boundary)
        wl->root_mid[(unsigned char)f->s[0]] = true;
}

/* Splits line (n bytes, no newline) at tabs into at most max fields. */
static size_t split_tabs(const char *line, size_t n, const char **f, size_t *fl, size_t max)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && line[i] != '\t')
            continue;
        if (k < max) {
            f[k] = line + start;
            fl[k] = i - start;
        }
        k++;
        start = i + 1;
    }
    return k;
}

static bool parse_weight(const char *s, size_t n, float *out)
{
    char buf[32], *end;
    if (n == 0 || n >= sizeof(buf))
        return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno || !isfinite(v) || v <= 0 || v > 1)
        return false;
    *out = (float)v;
    return true;
}

static bool valid_name(const char *s, size_t n, size_t max, bool upper)
{
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = upper ? (c >= 'A' && c <= 'Z') : ((c >= 'a' && c <= 'z') || c == '_' || c == '-');
        if (!ok)
            return false;
    }
    return true;
}

static herald_rc parse_directive(struct watchlist *wl, const char *line, size_t n, size_t lineno)
{
    const char *f[3];
    size_t fl[3];
    size_t k = split_tabs(line, n, f, fl, 3);
    if (k != 2)
        return herald_error_set(HERALD_EINVAL, "line %zu: a directive is @name<TAB>value", lineno);
    if (fl[0] == 8 && !memcmp(f[0], "@country", 8)) {
        if (!valid_name(f[1], fl[1], 3, true))
            return herald_error_set(HERALD_EINVAL, "line %zu: country code must be 2-3 capitals",
                                    lineno);
        memcpy(wl->country, f[1], fl[1]);
        wl->country[fl[1]] = 0;
        return HERALD_OK;
    }
    if (fl[0] == 9 && !memcmp(f[0], "@category", 9)) {
        if (!valid_name(f[1], fl[1], 32, false) || category_index(wl, f[1], fl[1]) < 0)
            return herald_error_set(HERALD_EINVAL, "line %zu: bad or too many categories", lineno);
        return HERALD_OK;
    }
    return herald_error_set(HERALD_EINVAL, "line %zu: unknown directive", lineno);
}

static herald_rc parse_term(struct watchlist *wl, struct wl_folded *f, const char *line, size_t n,
                            size_t lineno)
{
    const char *fd[5];
    size_t fl[5];
    float weight;
    if (split_tabs(line, n, fd, fl, 5) != 4)
        return herald_error_set(HERALD_EINVAL, "line %zu: expected 4 tab-separated fields", lineno);
    if (!valid_name(fd[0], fl[0], 8, false))
        return herald_error_set(HERALD_EINVAL, "line %zu: bad language code", lineno);
    if (!valid_name(fd[1], fl[1], 32, false))
        return herald_error_set(HERALD_EINVAL, "line %zu: bad category name", lineno);
    if (!parse_weight(fd[2], fl[2], &weight))
        return herald_error_set(HERALD_EINVAL, "line %zu: weight must be in (0, 1]", lineno);
    const char *t = fd[3];
    size_t tl = fl[3];
    int flags = 0;
    if (tl && t[0] == '*')
        flags |= WL_LEAD_STAR, t++, tl--;
    if (tl && t[tl - 1] == '*')
        flags |= WL_TRAIL_STAR, tl--;
    if (tl > WL_MAX_TERM || !str_valid_utf8(t, tl))
        return herald_error_set(HERALD_EINVAL, "line %zu: term too long or not UTF-8", lineno);
    watchlist_fold_text(f, t, tl);
    while (f->len && f->s[f->len - 1] == ' ')
        f->len--;
    size_t skip = 0;
    while (skip < f->len && f->s[skip] == ' ')
        skip++;
    if (skip == f->len)
        return herald_error_set(HERALD_EINVAL, "line %zu: empty term", lineno);
    int cat = category_index(wl, fd[1], fl[1]);
    if (cat < 0)
        return herald_error_set(HERALD_EINVAL, "line %zu: too many categories", lineno);
    struct wl_folded view = {f->s + skip, f->len - skip, NULL, NULL, 0};
    add_term(wl, &view, flags, weight, cat, watchlist_mark_sig(t, tl),
             watchlist_lang_add(wl, fd[0], fl[0]));
    return HERALD_OK;
}

herald_rc watchlist_parse(const char *data, size_t len, struct watchlist **out)
{
    herald_rc rc = HERALD_OK;
    struct watchlist *wl = wl_new();
    struct wl_folded f = {0};
    size_t lineno = 0;
    *out = NULL;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        const char *line = data + i;
        i += n + (nl ? 1 : 0);
        lineno++;
        if (n && line[n - 1] == '\r')
            n--;
        if (lineno == 1 && n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
            line += 3, n -= 3;
        if (n == 0 || line[0] == '#')
            continue;
        rc = line[0] == '@' ? parse_directive(wl, line, n, lineno)
                            : parse_term(wl, &f, line, n, lineno);
        if (rc != HERALD_OK)
            goto done;
    }
    if (!wl->country[0]) {
        rc = herald_error_set(HERALD_EINVAL, "line %zu: no @country line", lineno);
        goto done;
    }
    *out = wl;
    wl = NULL;
done:
    watchlist_folded_free(&f);
    watchlist_free(wl);
    return rc;
}

herald_rc watchlist_load(const char *path, struct watchlist **out)
{
    herald_rc rc;
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    if (!path)
        return watchlist_parse((const char *)HERALD_BLOB_DATA(watchlist_vn),
                               HERALD_BLOB_SIZE(watchlist_vn), out);
    rc = str_read_file(&data, &len, path, WL_MAX_FILE);
    if (rc != HERALD_OK)
        goto done;
    rc = watchlist_parse(data, len, out);
    if (rc != HERALD_OK) {
        char *why = xstrdup(herald_error_last());
        herald_error_set(rc, "%s: %s", path, why);
        free(why);
    }
done:
    free(data);
    return rc;
}

const char *watchlist_country(const struct watchlist *wl)
{
    return wl->country;
}

size_t watchlist_category_count(const struct watchlist *wl)
{
    return wl->ncategories;
}

const char *watchlist_category_name(const struct watchlist *wl, size_t i)
{
    return i < wl->ncategories ? wl->categories[i] : NULL;
}

size_t watchlist_term_count(const struct watchlist *wl)
{
    return wl->nterms;
}
