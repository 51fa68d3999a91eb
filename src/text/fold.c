/* Search folding with utf8proc: NFKC + case folding, then (loose form)
 * removal of the combining diacritic ranges only and a few letters that do
 * not decompose (đ, ø, ł, æ, ı). One decomposition serves both forms. */
#include "text/fold.h"

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

void fold_ctx_both(struct fold_pair *out, struct fold_ctx *fc, const char *s, size_t n)
{
    if (fold_ascii(out, fc, s, n))
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
