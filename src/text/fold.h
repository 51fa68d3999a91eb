/* Unicode folding for search: NFKC + case folding ("exact", diacritics
 * kept) and, on top of it, diacritic folding ("loose": only the combining
 * diacritic ranges are stripped, so Thai and Indic vowel signs survive;
 * đ→d, ø→o, ł→l, æ→ae, ß→ss by hand or by case folding). */
#ifndef HERALD_FOLD_H
#define HERALD_FOLD_H

#include <stdbool.h>
#include <stddef.h>

/* Returns the NFKC + case-folded form of the n bytes at s (diacritics kept),
 * NUL-terminated. Invalid UTF-8 bytes become U+FFFD and NULs are dropped;
 * never fails. Caller frees with free(). */
char *fold_exact(const char *s, size_t n);

/* Returns fold_exact() with diacritics removed: combining marks in
 * U+0300–036F, 1AB0–1AFF, 1DC0–1DFF, 20D0–20FF and FE20–FE2F are stripped
 * after decomposition, then the text is recomposed. Same input rules as
 * fold_exact(). Caller frees with free(). */
char *fold_loose(const char *s, size_t n);

/* Decodes the UTF-8 sequence at s (n > 0 bytes available) into *cp and
 * returns its length, or returns 0 when it is invalid (overlong, surrogate,
 * truncated, out of range). */
int fold_utf8_next(const char *s, size_t n, int *cp);

/* Returns true when cp is one of the stripped combining diacritics. */
bool fold_is_diacritic(int cp);

/* Reusable scratch space to fold many short strings without allocating:
 * the tokenizer folds every word through one of these. */
struct fold_ctx;

/* The two forms of one input; the pointers are borrowed from the fold_ctx
 * and valid until its next fold_ctx_both() or fold_ctx_free(). */
struct fold_pair {
    const char *exact; /* NFKC + casefold, NUL-terminated */
    size_t exact_len;
    const char *loose; /* diacritics folded too; == exact when identical */
    size_t loose_len;
};

/* Returns a new, empty scratch. Caller frees with fold_ctx_free(). */
struct fold_ctx *fold_ctx_new(void);
/* Frees fc; accepts NULL. */
void fold_ctx_free(struct fold_ctx *fc);
/* Folds the n bytes at s both ways into *out (pointers borrowed from fc).
 * Same input rules as fold_exact(); never fails. When both forms are
 * equal, out->loose == out->exact. */
void fold_ctx_both(struct fold_pair *out, struct fold_ctx *fc, const char *s, size_t n);

#endif
