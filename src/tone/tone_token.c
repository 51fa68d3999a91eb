/* The tone tokenizer and lexicon matcher: words (letters, marks, digits;
 * each Han or kana character alone) folded both ways with their byte
 * offsets, sentence and clause ends, then longest-match lookup of lexicon
 * entries, exact first and loose only for words typed without diacritics. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/fold.h"
#include "tone/tone_internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

static bool is_cjk(int cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF);
}

static bool is_word(int cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_apos(int cp)
{
    return cp == '\'' || cp == 0x2019;
}

static bool is_sent_end(int cp)
{
    return cp == '!' || cp == '?' || cp == '\n' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
           cp == 0x2026 || cp == ';' || cp == 0xFF1B;
}

static bool is_clause_end(int cp)
{
    return cp == ',' || cp == ':' || cp == 0xFF0C || cp == 0x3001 || cp == 0x2013 || cp == 0x2014 ||
           cp == '(' || cp == ')' || cp == '"' || cp == 0x201C || cp == 0x201D;
}

/* Decodes one code point at s (n > 0); invalid bytes read as U+FFFD, 1 byte. */
static int next_cp(const char *s, size_t n, int *cp)
{
    int k = fold_utf8_next(s, n, cp);
    if (k > 0)
        return k;
    *cp = 0xFFFD;
    return 1;
}

/* Appends s (n bytes) folded, with ’ written as ', and a NUL; returns its offset. */
static size_t put_form(struct tone_toks *t, const char *s, size_t n)
{
    if (t->slen + n + 1 > t->scap) {
        t->scap = (t->slen + n + 1) * 2;
        t->str = xrealloc(t->str, t->scap);
    }
    size_t at = t->slen;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && !memcmp(s + i, "\xE2\x80\x99", 3)) {
            t->str[t->slen++] = '\'';
            i += 2;
        } else {
            t->str[t->slen++] = s[i];
        }
    }
    t->str[t->slen++] = '\0';
    return at;
}

static void push_tok(struct tone_toks *t, struct fold_ctx *fc, const char *text, size_t from,
                     size_t to)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
    }
    struct fold_pair p;
    fold_ctx_both(&p, fc, text + from, to - from);
    struct tone_tok *k = &t->v[t->n++];
    memset(k, 0, sizeof(*k));
    k->from = from;
    k->to = to;
    k->plain = p.loose == p.exact;
    k->exact = put_form(t, p.exact, p.exact_len);
    k->loose = k->plain ? k->exact : put_form(t, p.loose, p.loose_len);
}

/* A '.' ends a sentence unless it follows a single letter (U.S.) or a
 * short title (Mr. Dr. St.), or no space follows. */
static bool dot_ends(const char *text, size_t len, size_t at, const struct tone_toks *t)
{
    if (at + 1 < len && text[at + 1] != ' ' && text[at + 1] != '\n' && text[at + 1] != '"')
        return false;
    if (!t->n || t->v[t->n - 1].to != at)
        return true;
    const char *w = t->str + t->v[t->n - 1].exact;
    static const char *abbr[] = {"mr",  "mrs", "ms",  "dr", "st", "jr",  "sr", "vs",   "gov", "sen",
                                 "rep", "gen", "col", "lt", "no", "inc", "co", "corp", "ông", "bà"};
    if (strlen(w) == 1)
        return false;
    for (size_t i = 0; i < sizeof(abbr) / sizeof(abbr[0]); i++)
        if (!strcmp(w, abbr[i]))
            return false;
    return true;
}

/* Whether an apostrophe at i (word started at start) splits a French or
 * Italian elision (l', d', qu'): the part before it is 1-2 letters or "qu". */
static bool elision(const char *text, size_t start, size_t i)
{
    (void)text;
    return i - start <= 2;
}

/* Whether the apostrophe at i starts an English one-letter clitic ('s 'd
 * 'm, not n't), which is split off so "Vietnam's" matches "Vietnam". */
static bool clitic(const char *text, size_t len, size_t i, size_t after)
{
    bool one =
        after < len && ((text[after] | 0x20) >= 'a' && (text[after] | 0x20) <= 'z') &&
        (after + 1 == len || !((text[after + 1] | 0x20) >= 'a' && (text[after + 1] | 0x20) <= 'z'));
    bool nt = (text[after] | 0x20) == 't' && i > 0 && (text[i - 1] | 0x20) == 'n';
    return one && !nt;
}

static void mark_end(struct tone_toks *t, bool sent)
{
    if (!t->n)
        return;
    if (sent)
        t->v[t->n - 1].sent_end = true;
    t->v[t->n - 1].clause_end = true;
}

void tone_tokenize(struct tone_toks *out, const char *text, size_t len)
{
    memset(out, 0, sizeof(*out));
    struct fold_ctx *fc = fold_ctx_new();
    size_t start = 0;
    bool in = false;
    for (size_t i = 0; i < len;) {
        int cp;
        int k = next_cp(text + i, len - i, &cp);
        if (is_word(cp) && !is_cjk(cp)) {
            if (!in)
                start = i;
            in = true;
            i += (size_t)k;
            continue;
        }
        if (in && is_apos(cp) && i + (size_t)k < len) {
            size_t after = i + (size_t)k;
            int nx;
            next_cp(text + after, len - after, &nx);
            if (is_word(nx) && !is_cjk(nx) && !elision(text, start, i) &&
                !clitic(text, len, i, after)) {
                i += (size_t)k;
                continue;
            }
        }
        if (in)
            push_tok(out, fc, text, start, i);
        in = false;
        if (is_cjk(cp))
            push_tok(out, fc, text, i, i + (size_t)k);
        else if (is_sent_end(cp) || (cp == '.' && dot_ends(text, len, i, out)))
            mark_end(out, true);
        else if (is_clause_end(cp))
            mark_end(out, false);
        i += (size_t)k;
    }
    if (in)
        push_tok(out, fc, text, start, len);
    mark_end(out, true);
    fold_ctx_free(fc);
}

void tone_toks_free(struct tone_toks *t)
{
    free(t->v);
    free(t->str);
    memset(t, 0, sizeof(*t));
}

static void push_item(struct tone_items *it, size_t from, size_t to, const struct tone_entry *e)
{
    if (it->n == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 32;
        it->v = xrealloc(it->v, it->cap * sizeof(*it->v));
    }
    it->v[it->n++] = (struct tone_item){from, to, e->kind, e->val};
}

/* Looks up a stem of token k: the longest prefix (at least 3 code points)
 * listed with '*'. */
static const struct tone_entry *prefix_lookup(const struct tone_lang *l, const struct tone_toks *t,
                                              const struct tone_tok *k)
{
    const struct tone_table *tab = &l->pexact;
    const char *w = t->str + k->exact;
    if (!tab->n && !l->ploose.n)
        return NULL;
    for (int pass = 0; pass < (k->plain ? 2 : 1); pass++, tab = &l->ploose) {
        size_t n = strlen(w), cps = 0, ends[64];
        for (size_t i = 0; i < n && cps < 64;) {
            int cp;
            i += (size_t)next_cp(w + i, n - i, &cp);
            ends[cps++] = i;
        }
        for (size_t c = cps; c >= 3; c--) {
            const struct tone_entry *e = tone_table_get(tab, w, ends[c - 1]);
            if (e)
                return e;
        }
    }
    return NULL;
}

/* Looks up tokens [i, i+n) as one entry: exact forms first, then the loose
 * table when every token is plain (typed without diacritics). */
static const struct tone_entry *lookup(const struct tone_lang *l, const struct tone_toks *t,
                                       size_t i, size_t n, struct buf *key)
{
    bool plain = true;
    buf_reset(key);
    for (size_t j = i; j < i + n; j++) {
        if (j > i)
            buf_putc(key, ' ');
        buf_puts(key, t->str + t->v[j].exact);
        plain = plain && t->v[j].plain;
    }
    const struct tone_entry *e = tone_table_get(&l->exact, key->data, key->len);
    if (!e && plain)
        e = tone_table_get(&l->loose, key->data, key->len);
    if (!e && n == 1)
        e = prefix_lookup(l, t, &t->v[i]);
    return e;
}

size_t tone_match(struct tone_items *out, const struct tone_lang *l, const struct tone_toks *t)
{
    struct buf key;
    size_t covered = 0;
    buf_init(&key, 0);
    out->n = 0;
    for (size_t i = 0; i < t->n;) {
        size_t n = 0;
        while (n < l->maxlen && i + n < t->n && !(n && t->v[i + n - 1].sent_end))
            n++;
        const struct tone_entry *e = NULL;
        for (; n >= 1 && !(e = lookup(l, t, i, n, &key)); n--)
            ;
        if (e) {
            push_item(out, i, i + n, e);
            covered += n;
            i += n;
        } else {
            i++;
        }
    }
    buf_free(&key);
    return covered;
}

const struct tone_lang *tone_pick_lang(const struct tone_lexicon *lx, const char *code,
                                       const struct tone_toks *t)
{
    if (!lx || !lx->n)
        return NULL;
    if (code)
        for (size_t i = 0; i < lx->n; i++)
            if (!strcmp(lx->langs[i].code, code))
                return &lx->langs[i];
    const struct tone_lang *best = &lx->langs[0];
    size_t best_n = 0;
    struct tone_items it = {0};
    for (size_t i = 0; i < lx->n; i++) {
        size_t c = tone_match(&it, &lx->langs[i], t);
        if (c > best_n) {
            best_n = c;
            best = &lx->langs[i];
        }
    }
    free(it.v);
    return best;
}

void tone_find_mentions(struct tone_span **out, size_t *n, const char *text, size_t len,
                        const char *mention, size_t mlen)
{
    struct tone_toks t, m;
    struct tone_span *v = NULL;
    size_t count = 0;
    tone_tokenize(&t, text ? text : "", text ? len : 0);
    tone_tokenize(&m, mention ? mention : "", mention ? mlen : 0);
    for (size_t i = 0; m.n && i + m.n <= t.n; i++) {
        size_t k = 0;
        while (k < m.n && !strcmp(t.str + t.v[i + k].loose, m.str + m.v[k].loose))
            k++;
        if (k < m.n)
            continue;
        v = xrealloc(v, (count + 1) * sizeof(*v));
        v[count++] = (struct tone_span){t.v[i].from, t.v[i + m.n - 1].to};
        i += m.n - 1;
    }
    tone_toks_free(&t);
    tone_toks_free(&m);
    *out = v;
    *n = count;
}
