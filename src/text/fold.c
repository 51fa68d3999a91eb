/* Search folding with utf8proc: NFKC + case folding, then (loose form)
 * removal of the combining diacritic ranges only and a few letters that do
 * not decompose (đ, ø, ł, æ, ı). One decomposition serves both forms. */
#include "text/fold.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/str.h"
#include "util/xalloc.h"

#define DECOMPOSE_OPTS (UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE)
#define COMPOSE_OPTS (UTF8PROC_COMPOSE | UTF8PROC_STABLE)

struct fold_ctx {
    int32_t *a; /* decomposed codepoints, then the exact form's UTF-8 */
    size_t acap;
    int32_t *b; /* loose codepoints, then the loose form's UTF-8 */
    size_t bcap;
};

/* Precomputed folds for Latin, Greek, Cyrillic and Vietnamese letters
 * (U+0000–052F, U+1E00–1EFF) that fold one by one: starters whose forms
 * fit in 7 bytes. Words made only of these (and of CJK characters, which
 * fold to themselves) skip utf8proc. */
#define SIMPLE_LOW 0x530
#define SIMPLE_VI 0x1E00
#define SIMPLE_VI_END 0x1F00
#define SIMPLE_MAX 7

struct simple {
    uint8_t ok, differs, elen, llen;
    char e[SIMPLE_MAX], l[SIMPLE_MAX];
};

static struct simple simple_tab[SIMPLE_LOW + (SIMPLE_VI_END - SIMPLE_VI)];
static pthread_once_t simple_once = PTHREAD_ONCE_INIT;

int fold_utf8_next(const char *s, size_t n, int *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    int len = u[0] < 0x80   ? 1
              : u[0] < 0xC2 ? 0
              : u[0] < 0xE0 ? 2
              : u[0] < 0xF0 ? 3
              : u[0] < 0xF5 ? 4
                            : 0;
    if (len == 0 || (size_t)len > n)
        return 0;
    int c = len == 1 ? u[0] : len == 2 ? u[0] & 0x1F : len == 3 ? u[0] & 0x0F : u[0] & 0x07;
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    static const int min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

bool fold_is_diacritic(int cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

struct fold_ctx *fold_ctx_new(void)
{
    return xcalloc(1, sizeof(struct fold_ctx));
}

void fold_ctx_free(struct fold_ctx *fc)
{
    if (!fc)
        return;
    free(fc->a);
    free(fc->b);
    free(fc);
}

static void reserve(int32_t **buf, size_t *cap, size_t need)
{
    if (*cap >= need)
        return;
    size_t n = need < 64 ? 64 : need + need / 2;
    *buf = xrealloc(*buf, n * sizeof(int32_t));
    *cap = n;
}

/* Plain ASCII without NULs: folding is lowercasing and both forms agree. */
static bool fold_ascii(struct fold_pair *out, struct fold_ctx *fc, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == 0)
            return false;
    reserve(&fc->a, &fc->acap, n / 4 + 1);
    char *d = (char *)fc->a;
    for (size_t i = 0; i < n; i++)
        d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    d[n] = 0;
    out->exact = out->loose = d;
    out->exact_len = out->loose_len = n;
    return true;
}

/* Decomposes s (valid UTF-8) into fc->a; returns the codepoint count. */
static size_t decompose(struct fold_ctx *fc, const char *s, size_t n)
{
    reserve(&fc->a, &fc->acap, n + 16);
    for (;;) {
        utf8proc_ssize_t got =
            utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, fc->a,
                                      (utf8proc_ssize_t)fc->acap - 1, DECOMPOSE_OPTS, NULL, NULL);
        if (got < 0)
            return 0; /* cannot happen on sanitised input */
        if ((size_t)got < fc->acap)
            return (size_t)got;
        reserve(&fc->a, &fc->acap, (size_t)got + 1);
    }
}

/* Returns the letter that stands for cp once diacritics are folded (letters
 * whose stroke or slash does not decompose), or cp itself. */
static int32_t base_letter(int32_t cp)
{
    switch (cp) {
    case 0x111: /* đ */
        return 'd';
    case 0xF8: /* ø */
        return 'o';
    case 0x142: /* ł */
        return 'l';
    case 0x131: /* dotless ı */
        return 'i';
    default:
        return cp;
    }
}

/* Appends to fc->b the loose form of codepoint cp; returns false when cp
 * is dropped or replaced (the forms then differ). */
static bool loosen(struct fold_ctx *fc, size_t *len, int32_t cp)
{
    int32_t *d = fc->b + *len;
    if (cp < 0xE6) {
        *d = cp;
        (*len)++;
        return true;
    }
    if (fold_is_diacritic(cp))
        return false;
    if (cp == 0xE6) { /* æ */
        d[0] = 'a';
        d[1] = 'e';
        *len += 2;
        return false;
    }
    *d = base_letter(cp);
    (*len)++;
    return *d == cp;
}

static void fold_unicode(struct fold_pair *out, struct fold_ctx *fc, const char *s, size_t n)
{
    size_t count = decompose(fc, s, n);
    reserve(&fc->b, &fc->bcap, 2 * count + 1);
    size_t blen = 0;
    bool same = true;
    for (size_t i = 0; i < count; i++)
        same &= loosen(fc, &blen, fc->a[i]);
    utf8proc_ssize_t elen = utf8proc_reencode(fc->a, (utf8proc_ssize_t)count, COMPOSE_OPTS);
    out->exact = (const char *)fc->a;
    out->exact_len = elen < 0 ? 0 : (size_t)elen;
    if (same) {
        out->loose = out->exact;
        out->loose_len = out->exact_len;
        return;
    }
    utf8proc_ssize_t llen = utf8proc_reencode(fc->b, (utf8proc_ssize_t)blen, COMPOSE_OPTS);
    out->loose = (const char *)fc->b;
    out->loose_len = llen < 0 ? 0 : (size_t)llen;
}

static void simple_fill(struct fold_ctx *fc, int cp)
{
    struct simple *e = &simple_tab[cp < SIMPLE_LOW ? cp : cp - SIMPLE_VI + SIMPLE_LOW];
    const utf8proc_property_t *prop = utf8proc_get_property(cp);
    if (prop->combining_class != 0 || prop->category == UTF8PROC_CATEGORY_MN ||
        prop->category == UTF8PROC_CATEGORY_MC || prop->category == UTF8PROC_CATEGORY_ME ||
        prop->category == UTF8PROC_CATEGORY_CN || cp == 0)
        return;
    utf8proc_uint8_t in[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
    struct fold_pair p;
    fold_unicode(&p, fc, (const char *)in, (size_t)n);
    if (p.exact_len > SIMPLE_MAX || p.loose_len > SIMPLE_MAX || p.exact_len == 0)
        return;
    memcpy(e->e, p.exact, p.exact_len);
    memcpy(e->l, p.loose, p.loose_len);
    e->elen = (uint8_t)p.exact_len;
    e->llen = (uint8_t)p.loose_len;
    e->differs = p.loose != p.exact;
    e->ok = 1;
}

static void simple_init(void)
{
    struct fold_ctx *fc = fold_ctx_new();
    for (int cp = 0; cp < SIMPLE_LOW; cp++)
        simple_fill(fc, cp);
    for (int cp = SIMPLE_VI; cp < SIMPLE_VI_END; cp++)
        simple_fill(fc, cp);
    fold_ctx_free(fc);
}

/* Returns true for CJK characters (Han, kana, Hangul syllables) that NFKC,
 * case and diacritic folding all leave unchanged. */
static bool cjk_invariant(int cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
}

/* Folds s char by char through the table; returns false (nothing usable
 * written) when some character needs utf8proc. */
static bool fold_simple(struct fold_pair *out, struct fold_ctx *fc, const char *s, size_t n)
{
    reserve(&fc->a, &fc->acap, (SIMPLE_MAX * n + 1) / 4 + 1);
    reserve(&fc->b, &fc->bcap, (SIMPLE_MAX * n + 1) / 4 + 1);
    char *e = (char *)fc->a, *l = (char *)fc->b;
    size_t elen = 0, llen = 0;
    bool same = true;
    for (size_t i = 0; i < n;) {
        int cp;
        int len = fold_utf8_next(s + i, n - i, &cp);
        if (len == 0)
            return false;
        const struct simple *t = NULL;
        if (cp < SIMPLE_LOW)
            t = &simple_tab[cp];
        else if (cp >= SIMPLE_VI && cp < SIMPLE_VI_END)
            t = &simple_tab[cp - SIMPLE_VI + SIMPLE_LOW];
        if (t && t->ok) {
            memcpy(e + elen, t->e, t->elen);
            memcpy(l + llen, t->l, t->llen);
            elen += t->elen;
            llen += t->llen;
            same &= !t->differs;
        } else if (!t && cjk_invariant(cp)) {
            memcpy(e + elen, s + i, (size_t)len);
            memcpy(l + llen, s + i, (size_t)len);
            elen += (size_t)len;
            llen += (size_t)len;
        } else {
            return false;
        }
        i += (size_t)len;
    }
    e[elen] = l[llen] = 0;
    out->exact = e;
    out->exact_len = elen;
    out->loose = same ? e : l;
    out->loose_len = same ? elen : llen;
    return true;
}

void fold_ctx_both(struct fold_pair *out, struct fold_ctx *fc, const char *s, size_t n)
{
    if (fold_ascii(out, fc, s, n))
        return;
    pthread_once(&simple_once, simple_init);
    if (fold_simple(out, fc, s, n))
        return;
    if (memchr(s, 0, n) || !str_valid_utf8(s, n)) {
        char *clean = str_utf8_sanitize(s, n);
        fold_unicode(out, fc, clean, strlen(clean));
        free(clean);
        return;
    }
    fold_unicode(out, fc, s, n);
}

static char *fold_dup(const char *s, size_t n, bool loose)
{
    struct fold_ctx *fc = fold_ctx_new();
    struct fold_pair p;
    fold_ctx_both(&p, fc, s ? s : "", s ? n : 0);
    char *r = loose ? xstrndup(p.loose, p.loose_len) : xstrndup(p.exact, p.exact_len);
    fold_ctx_free(fc);
    return r;
}

char *fold_exact(const char *s, size_t n)
{
    return fold_dup(s, n, false);
}

char *fold_loose(const char *s, size_t n)
{
    return fold_dup(s, n, true);
}
