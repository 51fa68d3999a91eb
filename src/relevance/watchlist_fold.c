/* The folded view of a text for watchlist matching: each code point is
 * folded on its own (fold_loose: NFKC, case and diacritics), whitespace runs
 * become one space, and every output byte keeps its original byte span so
 * matches map back to the text as given. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "relevance/watchlist_internal.h"
#include "text/fold.h"
#include "util/xalloc.h"

bool watchlist_is_word_cp(int cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
    int cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

bool watchlist_is_unspaced_cp(int cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) || /* Thai, Lao */
           (cp >= 0x1000 && cp <= 0x109F) || /* Myanmar */
           (cp >= 0x1100 && cp <= 0x11FF) || /* Hangul jamo */
           (cp >= 0x1780 && cp <= 0x17FF) || /* Khmer */
           (cp >= 0x19E0 && cp <= 0x19FF) || /* Khmer symbols */
           (cp >= 0x2E80 && cp <= 0x9FFF) || /* CJK, kana */
           (cp >= 0xAC00 && cp <= 0xD7AF) || /* Hangul */
           (cp >= 0xF900 && cp <= 0xFAFF) || /* CJK compat */
           (cp >= 0xFF66 && cp <= 0xFFDC) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

static bool is_space_cp(int cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

/* Invisible characters that vanish (and join their span to the previous
 * character): zero-width space/joiners, BOM, soft hyphen. */
static bool is_ignorable_cp(int cp)
{
    return cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

/* Scripts whose letters fold to themselves one by one (no case, no
 * compatibility forms in these ranges): copied without utf8proc. */
static bool is_invariant_cp(int cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1780 && cp <= 0x17FF) ||
           (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x0621 && cp <= 0x064A) ||
           (cp >= 0x05D0 && cp <= 0x05EA) || (cp >= 0x0900 && cp <= 0x0957) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FC);
}

static void reserve(struct wl_folded *f, size_t extra)
{
    if (f->len + extra <= f->cap)
        return;
    size_t n = f->cap ? f->cap : 256;
    while (n < f->len + extra)
        n *= 2;
    f->s = xrealloc(f->s, n + 1);
    f->from = xrealloc(f->from, n * sizeof(uint32_t));
    f->to = xrealloc(f->to, n * sizeof(uint32_t));
    f->cap = n;
}

static void emit(struct wl_folded *f, const char *b, size_t n, size_t from, size_t to)
{
    reserve(f, n);
    for (size_t k = 0; k < n; k++) {
        f->s[f->len] = b[k];
        f->from[f->len] = (uint32_t)from;
        f->to[f->len] = (uint32_t)to;
        f->len++;
    }
}

/* Widens the span of the last emitted character (all its bytes) to end. */
static void extend_last(struct wl_folded *f, size_t end)
{
    if (f->len == 0)
        return;
    uint32_t start = f->from[f->len - 1];
    for (size_t k = f->len; k > 0 && f->from[k - 1] == start; k--)
        f->to[k - 1] = (uint32_t)end;
}

/* Folds the one code point cp (bytes [i, i + n) of text) and emits it. */
static void fold_one(struct wl_folded *f, struct fold_ctx *fc, const char *text, size_t i, size_t n,
                     int cp)
{
    if (cp < 0x80) {
        char c = (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
        emit(f, &c, 1, i, i + n);
    } else if (is_invariant_cp(cp)) {
        emit(f, text + i, n, i, i + n);
    } else {
        struct fold_pair p;
        fold_ctx_both(&p, fc, text + i, n);
        emit(f, p.loose, p.loose_len, i, i + n);
    }
}

void watchlist_fold_text(struct wl_folded *out, const char *text, size_t len)
{
    struct fold_ctx *fc = fold_ctx_new();
    bool space = false; /* the last emitted byte is a squeezed space */
    out->len = 0;
    reserve(out, len + 1);
    for (size_t i = 0; i < len;) {
        int cp;
        int n = fold_utf8_next(text + i, len - i, &cp);
        if (n == 0) {
            emit(out, "\xEF\xBF\xBD", 3, i, i + 1);
            space = false;
            i++;
            continue;
        }
        if (is_space_cp(cp)) {
            if (space)
                out->to[out->len - 1] = (uint32_t)(i + (size_t)n);
            else
                emit(out, " ", 1, i, i + (size_t)n);
            space = true;
        } else if (fold_is_diacritic(cp) || is_ignorable_cp(cp)) {
            extend_last(out, i + (size_t)n);
        } else {
            fold_one(out, fc, text, i, (size_t)n, cp);
            space = false;
        }
        i += (size_t)n;
    }
    reserve(out, 1);
    out->s[out->len] = '\0';
    fold_ctx_free(fc);
}

void watchlist_folded_free(struct wl_folded *f)
{
    if (!f)
        return;
    free(f->s);
    free(f->from);
    free(f->to);
    memset(f, 0, sizeof(*f));
}

static bool is_latin_base(int cp)
{
    return cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF);
}

static uint64_t sig_word(uint64_t h, int32_t *marks, size_t n)
{
    for (size_t a = 1; a < n; a++) /* insertion sort: a word has few marks */
        for (size_t b = a; b > 0 && marks[b - 1] > marks[b]; b--) {
            int32_t t = marks[b];
            marks[b] = marks[b - 1];
            marks[b - 1] = t;
        }
    for (size_t k = 0; k < n; k++)
        h = (h ^ (uint64_t)marks[k]) * 0x100000001B3ull;
    return (h ^ 0x2F) * 0x100000001B3ull; /* word separator */
}

uint64_t watchlist_mark_sig(const char *s, size_t n)
{
    int32_t marks[16], dec[8];
    size_t nm = 0, total = 0;
    uint64_t h = 0xCBF29CE484222325ull;
    bool latin = false;
    for (size_t i = 0; i < n;) {
        int cp, len = fold_utf8_next(s + i, n - i, &cp);
        if (len == 0)
            len = 1, cp = 0xFFFD;
        i += (size_t)len;
        if (cp < 0x80 || !watchlist_is_word_cp(cp)) {
            latin = cp < 0x80;
            if (!watchlist_is_word_cp(cp) && nm)
                h = sig_word(h, marks, nm), nm = 0;
            continue;
        }
        int last = 0;
        utf8proc_ssize_t nd = utf8proc_decompose_char(cp, dec, 8, UTF8PROC_DECOMPOSE, &last);
        if (nd < 1 || nd > 8)
            continue;
        int cat = utf8proc_category(dec[0]);
        if (cat != UTF8PROC_CATEGORY_MN)
            latin = is_latin_base(dec[0]);
        for (utf8proc_ssize_t k = cat == UTF8PROC_CATEGORY_MN ? 0 : 1; k < nd; k++)
            if (latin && fold_is_diacritic(dec[k]) && nm < 16)
                marks[nm++] = dec[k], total++;
    }
    if (nm)
        h = sig_word(h, marks, nm);
    return total ? (h | 1) : 0;
}
