/* watchlist_find(): leftmost-longest, non-overlapping matches of the
 * watchlist's terms in a text, by walking the term trie from every code
 * point of the folded text and checking word boundaries where the script
 * has them. */
#include <stdlib.h>
#include <string.h>

#include "relevance/watchlist_internal.h"
#include "text/fold.h"
#include "util/xalloc.h"

/* The code point that starts at byte i of the folded text (U+FFFD when
 * invalid) and its length. */
static int cp_at(const struct wl_folded *f, size_t i, int *len)
{
    int cp;
    *len = fold_utf8_next(f->s + i, f->len - i, &cp);
    if (*len == 0) {
        *len = 1;
        return 0xFFFD;
    }
    return cp;
}

/* The code point that ends just before byte i (i > 0). */
static int cp_before(const struct wl_folded *f, size_t i)
{
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)f->s[j] & 0xC0) == 0x80)
        j--;
    int len;
    return cp_at(f, j, &len);
}

static bool word_before(const struct wl_folded *f, size_t i)
{
    return i > 0 && watchlist_is_word_cp(cp_before(f, i));
}

static bool word_at(const struct wl_folded *f, size_t i)
{
    int len;
    return i < f->len && watchlist_is_word_cp(cp_at(f, i, &len));
}

/* The end of the word that goes on at byte i. */
static size_t word_end(const struct wl_folded *f, size_t i)
{
    while (i < f->len) {
        int len, cp = cp_at(f, i, &len);
        if (!watchlist_is_word_cp(cp))
            break;
        i += (size_t)len;
    }
    return i;
}

/* Returns true when the original span [from, to) is spelt without marks or
 * with the marks of one of t's spellings. */
static bool marks_ok(const struct wl_term *t, const char *text, size_t from, size_t to)
{
    uint64_t sig = watchlist_mark_sig(text + from, to - from);
    for (size_t k = 0; sig && k < t->nsigs; k++)
        if (t->sigs[k] == sig)
            return true;
    return sig == 0;
}

/* Returns true when term a beats term b (at the same end) in language
 * lang: not foreign first, then the higher weight. */
static bool better(const struct watchlist *wl, int32_t a, int32_t b, int lang)
{
    bool fa, fb;
    float wa = watchlist_term_weight(wl, &wl->terms[a], lang, &fa);
    float wb = watchlist_term_weight(wl, &wl->terms[b], lang, &fb);
    return fa != fb ? fb : wa > wb;
}

/* The end of the longest valid match that starts at byte i, or 0 when none;
 * *term gets its index (of equally long ones, the best for lang). */
static size_t longest_at(const struct watchlist *wl, const struct wl_folded *f, const char *text,
                         size_t i, int lang, int32_t *term)
{
    int mid_word = -1; /* computed at the first term that ends here */
    size_t best = 0;
    int32_t node = 0;
    for (size_t j = i; j < f->len;) {
        node = watchlist_trie_next(wl, node, (unsigned char)f->s[j++]);
        if (node < 0)
            break;
        if (j < f->len && ((unsigned char)f->s[j] & 0xC0) == 0x80)
            continue; /* not at a code point boundary */
        const struct wl_node *nd = &wl->nodes[node];
        for (int flags = 0; flags < 4; flags++) {
            if (nd->term[flags] < 0)
                continue;
            const struct wl_term *t = &wl->terms[nd->term[flags]];
            if (t->lead_boundary && mid_word < 0)
                mid_word = word_before(f, i);
            if (t->lead_boundary && mid_word)
                continue;
            if (t->trail_boundary && word_at(f, j))
                continue;
            if (!marks_ok(t, text, f->from[i], f->to[j - 1]))
                continue;
            size_t end = t->trail_extend ? word_end(f, j) : j;
            if (end > best || (end == best && better(wl, nd->term[flags], *term, lang))) {
                best = end;
                *term = nd->term[flags];
            }
        }
    }
    return best;
}

static void push(struct watch_match **v, size_t *n, size_t *cap, const struct watch_match *m)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = xrealloc(*v, *cap * sizeof(**v));
    }
    (*v)[(*n)++] = *m;
}

/* The matches of wl's terms in text, weighted for language index lang. */
static void find(const struct watchlist *wl, const char *text, size_t len, int lang,
                 struct watch_match **out, size_t *n)
{
    struct wl_folded f = {0};
    struct watch_match *v = NULL;
    size_t cap = 0;
    watchlist_fold_text(&f, text, len);
    bool prev_word = false; /* the code point before i is a letter, mark or digit */
    for (size_t i = 0; i < f.len;) {
        int32_t term = -1;
        unsigned char b = (unsigned char)f.s[i];
        size_t end = prev_word && !wl->root_mid[b] ? 0 : longest_at(wl, &f, text, i, lang, &term);
        if (end > i) {
            const struct wl_term *t = &wl->terms[term];
            struct watch_match m = {f.from[i], f.to[end - 1], 0, t->category, false};
            m.weight = watchlist_term_weight(wl, t, lang, &m.foreign);
            push(&v, n, &cap, &m);
            i = end;
            while (i < f.len && f.from[i] < m.to)
                i++; /* one original character folded to several bytes */
            prev_word = word_before(&f, i);
            continue;
        }
        int clen, cp = cp_at(&f, i, &clen);
        prev_word = watchlist_is_word_cp(cp);
        i += (size_t)clen;
    }
    *out = v;
    watchlist_folded_free(&f);
}

herald_rc watchlist_find(const struct watchlist *wl, const char *text, size_t len,
                         struct watch_match **out, size_t *n)
{
    return watchlist_find_lang(wl, text, len, NULL, out, n);
}

herald_rc watchlist_find_lang(const struct watchlist *wl, const char *text, size_t len,
                              const char *lang, struct watch_match **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (text && len)
        find(wl, text, len, watchlist_lang_index(wl, lang), out, n);
    return HERALD_OK;
}
