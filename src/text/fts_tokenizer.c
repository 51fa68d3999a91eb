/* The "herald" FTS5 tokenizer: a table-driven splitter for spaced
 * alphabetic scripts and Han/kana, one reused ICU word BreakIterator (on a
 * UTF-16 copy with a byte-offset map) for the rest; every word is folded
 * both ways through one fold_ctx. See fts_tokenizer.h for the scheme. */
#include "text/fts_tokenizer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <utf8proc.h>

#include "text/fold.h"
#include "util/xalloc.h"

struct tokenizer {
    UBreakIterator *bi;
    struct fold_ctx *fc;
    bool busy; /* guards against re-entrant use of bi */
    char *tok; /* marker + exact form, or pair marker + pair */
    size_t tokcap;
    char prev[FTS_TOKENIZER_MAX_TOKEN]; /* loose form of the previous word */
    int *offs;                          /* char start offsets of a CJK run */
    size_t offcap;
    UChar *u16; /* the text in UTF-16 for ICU */
    int *map;   /* UTF-16 index -> byte offset */
    size_t ucap;
};

/* One tokenizer call: where the tokens go and how to fold. */
struct pass {
    struct tokenizer *t;
    const char *text;
    int base; /* offset of text in the caller's buffer (marker skipped) */
    bool query;
    bool exact;         /* query string carried the exact marker */
    bool pairs;         /* query string carried the pair marker */
    size_t prev_len;    /* 0: no previous word to pair with */
    int prev_s, prev_e; /* its offsets in text */
    int words;          /* words seen (pair queries) */
    fts_tokenizer_token_fn fn;
    void *ctx;
};

static void cls_init(void);
static pthread_once_t cls_once = PTHREAD_ONCE_INIT;

static struct tokenizer *tokenizer_new(void)
{
    pthread_once(&cls_once, cls_init);
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    if (U_FAILURE(st))
        return NULL;
    struct tokenizer *t = xcalloc(1, sizeof(*t));
    t->bi = bi;
    t->fc = fold_ctx_new();
    return t;
}

static void tokenizer_free(struct tokenizer *t)
{
    if (!t)
        return;
    ubrk_close(t->bi);
    fold_ctx_free(t->fc);
    free(t->tok);
    free(t->offs);
    free(t->u16);
    free(t->map);
    free(t);
}

/* Han, kana and Hangul syllables: their runs become bigrams (Korean
 * attaches particles to nouns, so 서울 must find 서울에서). */
static bool is_cjk(int32_t c)
{
    return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x3FFFF) ||
           (c >= 0x3005 && c <= 0x3007);
}

/* Returns true for the (half-width) kana voicing marks. */
static bool is_sound_mark(int32_t c)
{
    return c == 0x3099 || c == 0x309A || c == 0x309B || c == 0x309C || c == 0xFF9E || c == 0xFF9F;
}

/* Returns true when the n bytes at s are all CJK characters. */
static bool all_cjk(const char *s, size_t n)
{
    if (n < 3)
        return false;
    for (size_t i = 0; i < n;) {
        int cp;
        int len = fold_utf8_next(s + i, n - i, &cp);
        if (!len || !is_cjk(cp))
            return false;
        i += (size_t)len;
    }
    return true;
}

static int emit(struct pass *p, int tflags, const char *tok, size_t n, int s, int e)
{
    return p->fn(p->ctx, tflags, tok, (int)n, p->base + s, p->base + e);
}

/* Emits marker + exact form of the word. */
static int emit_exact(struct pass *p, const struct fold_pair *f, int tflags, int s, int e)
{
    struct tokenizer *t = p->t;
    if (t->tokcap < f->exact_len + 1) {
        t->tokcap = f->exact_len + 64;
        t->tok = xrealloc(t->tok, t->tokcap);
    }
    t->tok[0] = FTS_TOKENIZER_EXACT_MARK;
    memcpy(t->tok + 1, f->exact, f->exact_len);
    return emit(p, tflags, t->tok, f->exact_len + 1, s, e);
}

/* Returns true when the 3 bytes at s are … 。 ！ ？ ； or ：. */
static bool is_wide_stop(const unsigned char *s)
{
    if (s[0] == 0xE2 || s[0] == 0xE3)
        return s[1] == 0x80 && s[2] == (s[0] == 0xE2 ? 0xA6 : 0x82);
    return s[0] == 0xEF && s[1] == 0xBC &&
           (s[2] == 0x81 || s[2] == 0x9F || s[2] == 0x9B || s[2] == 0x9A);
}

bool fts_tokenizer_has_boundary(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        if (u[i] == '.' || u[i] == '!' || u[i] == '?' || u[i] == ';' || u[i] == ':' || u[i] == '\n')
            return true;
        if (u[i] >= 0xE2 && i + 2 < n && is_wide_stop(u + i))
            return true;
    }
    return false;
}

/* Emits pair marker + previous loose form + ' ' + loose form f, spanning
 * both words (text offsets prev_s to e). */
static int emit_pair(struct pass *p, const struct fold_pair *f, int tflags, int e)
{
    struct tokenizer *t = p->t;
    size_t n = 1 + p->prev_len + 1 + f->loose_len;
    if (t->tokcap < n) {
        t->tokcap = n + 64;
        t->tok = xrealloc(t->tok, t->tokcap);
    }
    t->tok[0] = FTS_TOKENIZER_PAIR_MARK;
    memcpy(t->tok + 1, t->prev, p->prev_len);
    t->tok[1 + p->prev_len] = ' ';
    memcpy(t->tok + 2 + p->prev_len, f->loose, f->loose_len);
    return emit(p, tflags, t->tok, n, p->prev_s, e);
}

/* Remembers f's loose form as the word the next one pairs with. */
static void keep_prev(struct pass *p, const struct fold_pair *f, int s, int e)
{
    memcpy(p->t->prev, f->loose, f->loose_len);
    p->prev_len = f->loose_len;
    p->prev_s = s;
    p->prev_e = e;
}

/* Pair query: the first word is held back, every later one emits the pair
 * with the word before it (a lone word is emitted by run_tokenizer). */
static int emit_query_pair(struct pass *p, const struct fold_pair *f, int s, int e)
{
    int rc = SQLITE_OK;
    if (p->words++ > 0)
        rc = emit_pair(p, f, 0, e);
    keep_prev(p, f, s, e);
    return rc;
}

/* Folds text[s, e) and emits its token(s); too long or empty is skipped.
 * In documents, the pair of the previous word and this one goes first,
 * colocated with the previous word, unless a sentence ends between them. */
static int emit_word(struct pass *p, int s, int e)
{
    if (e - s > 4 * FTS_TOKENIZER_MAX_TOKEN)
        return SQLITE_OK;
    struct fold_pair f;
    fold_ctx_both(&f, p->t->fc, p->text + s, (size_t)(e - s));
    if (f.loose_len == 0 || f.loose_len > FTS_TOKENIZER_MAX_TOKEN)
        return SQLITE_OK;
    bool differs = f.loose != f.exact && f.exact_len <= FTS_TOKENIZER_MAX_TOKEN;
    if (p->query && p->pairs)
        return emit_query_pair(p, &f, s, e);
    if (p->query && p->exact && differs)
        return emit_exact(p, &f, 0, s, e);
    int rc = SQLITE_OK;
    if (!p->query && p->prev_len > 0 &&
        (s <= p->prev_e ||
         !fts_tokenizer_has_boundary(p->text + p->prev_e, (size_t)(s - p->prev_e))))
        rc = emit_pair(p, &f, FTS5_TOKEN_COLOCATED, e);
    if (rc == SQLITE_OK)
        rc = emit(p, 0, f.loose, f.loose_len, s, e);
    if (rc == SQLITE_OK && differs && !p->query)
        rc = emit_exact(p, &f, FTS5_TOKEN_COLOCATED, s, e);
    if (!p->query)
        keep_prev(p, &f, s, e);
    return rc;
}

/* Emits the bigrams of the CJK run text[s, e). */
static int emit_cjk_run(struct pass *p, int s, int e)
{
    struct tokenizer *t = p->t;
    size_t n = 0;
    for (int i = s; i < e;) {
        int cp;
        if (n + 2 > t->offcap) {
            t->offcap = t->offcap ? 2 * t->offcap : 64;
            t->offs = xrealloc(t->offs, t->offcap * sizeof(int));
        }
        int len = fold_utf8_next(p->text + i, (size_t)(e - i), &cp);
        if (n == 0 || !is_sound_mark(cp))
            t->offs[n++] = i; /* a voicing mark stays with its kana */
        i += len;
    }
    t->offs[n] = e;
    if (n == 1)
        return emit_word(p, s, e);
    int rc = SQLITE_OK;
    for (size_t i = 0; i + 1 < n && rc == SQLITE_OK; i++)
        rc = emit_word(p, t->offs[i], t->offs[i + 2]);
    return rc;
}

static bool is_word_status(int status)
{
    return !(status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT);
}

/* Converts the n bytes at s to UTF-16 in t->u16 (invalid bytes become
 * U+FFFD one by one) with each unit's byte offset in t->map; returns the
 * number of units. ICU breaks UTF-16 faster than UTF-8 through UText. */
static int32_t to_utf16(struct tokenizer *t, const char *s, int n)
{
    if (t->ucap < (size_t)n + 1) {
        t->ucap = (size_t)n + 1;
        t->u16 = xrealloc(t->u16, t->ucap * sizeof(UChar));
        t->map = xrealloc(t->map, t->ucap * sizeof(int));
    }
    int32_t u = 0;
    for (int i = 0; i < n;) {
        int cp = (unsigned char)s[i], len = 1;
        if (cp >= 0x80 && !(len = fold_utf8_next(s + i, (size_t)(n - i), &cp))) {
            cp = 0xFFFD;
            len = 1;
        }
        if (cp >= 0x10000) {
            t->map[u] = i;
            t->u16[u++] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
            cp = 0xDC00 + (cp & 0x3FF);
        }
        t->map[u] = i;
        t->u16[u++] = (UChar)cp;
        i += len;
    }
    t->map[u] = n;
    return u;
}

/* Walks the words of p->text[a, b) with ICU, merging adjacent CJK words
 * into runs. Returns an SQLite result code. */
static int walk_icu(struct pass *p, int a, int b)
{
    UErrorCode st = U_ZERO_ERROR;
    struct tokenizer *t = p->t;
    ubrk_setText(t->bi, t->u16, to_utf16(t, p->text + a, b - a), &st);
    if (U_FAILURE(st))
        return SQLITE_ERROR;
    int rc = SQLITE_OK, run_s = -1, run_e = -1;
    int s = a + t->map[ubrk_first(t->bi)], e;
    int32_t i;
    while (rc == SQLITE_OK && (i = ubrk_next(t->bi)) != UBRK_DONE) {
        e = a + t->map[i];
        if (!is_word_status(ubrk_getRuleStatus(t->bi))) {
        } else if (all_cjk(p->text + s, (size_t)(e - s))) {
            if (run_s >= 0 && run_e == s) {
                run_e = e;
            } else {
                if (run_s >= 0)
                    rc = emit_cjk_run(p, run_s, run_e);
                run_s = s;
                run_e = e;
            }
        } else {
            if (run_s >= 0)
                rc = emit_cjk_run(p, run_s, run_e);
            run_s = -1;
            if (rc == SQLITE_OK)
                rc = emit_word(p, s, e);
        }
        s = e;
    }
    if (rc == SQLITE_OK && run_s >= 0)
        rc = emit_cjk_run(p, run_s, run_e);
    return rc;
}

/* Character classes of the fast path. */
enum cls { C_SPACE, C_SEP, C_LETTER, C_DIGIT, C_MARK, C_CJK, C_COMPLEX };

/* Returns the class of a Unicode letter, mark, digit or punctuation. */
static enum cls by_category(int cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
        return C_LETTER;
    if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)
        return C_MARK;
    if (cat == UTF8PROC_CATEGORY_ND)
        return C_DIGIT;
    if (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO)
        return C_SEP;
    return C_COMPLEX;
}

/* Classifies cp: alphabetic scripts that space their words (Latin, Greek,
 * Cyrillic, Vietnamese) and Han/kana (bigrams) are split here; anything
 * else is C_COMPLEX and goes to ICU. */
static enum cls classify(int cp)
{
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
            return C_LETTER;
        if (cp >= '0' && cp <= '9')
            return C_DIGIT;
        return cp <= ' ' || cp == 0x7F ? C_SPACE : C_SEP;
    }
    if (is_cjk(cp) || is_sound_mark(cp))
        return C_CJK;
    if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return C_SPACE;
    if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x3001 && cp <= 0x303F))
        return C_SEP; /* dashes, quotes, bullets, ellipsis; CJK punctuation */
    if (cp >= 0xFF01 && cp <= 0xFF65)
        return by_category(cp); /* full-width forms */
    if (cp >= 0x530 && !(cp >= 0x1E00 && cp < 0x1F00))
        return C_COMPLEX;
    return by_category(cp);
}

/* Classes of U+0000–206F, filled once. */
#define CLS_TAB_END 0x2070
static uint8_t cls_tab[CLS_TAB_END];

static void cls_init(void)
{
    for (int cp = 0; cp < CLS_TAB_END; cp++)
        cls_tab[cp] = (uint8_t)classify(cp);
}

/* Returns the class of the character at text[i] (n bytes left) and its
 * length in *len; invalid UTF-8 is C_COMPLEX (ICU replaces it). */
static enum cls class_at(const char *s, int n, int *len)
{
    int cp = (unsigned char)*s;
    *len = 1;
    if (cp < 0x80)
        return (enum cls)cls_tab[cp];
    if (!(*len = fold_utf8_next(s, (size_t)n, &cp))) {
        *len = 1;
        return C_COMPLEX;
    }
    return cp < CLS_TAB_END ? (enum cls)cls_tab[cp] : classify(cp);
}

/* Returns the end of the word starting at text[i] (class c): letters,
 * digits and marks, with '.' or ',' between digits kept inside numbers
 * (3.5, 1,000). */
static int word_end(struct pass *p, int i, int b, enum cls c)
{
    int len;
    enum cls prev = c;
    while (i < b) {
        c = class_at(p->text + i, b - i, &len);
        if (c == C_SEP && prev == C_DIGIT && (p->text[i] == '.' || p->text[i] == ',') &&
            i + 1 < b && p->text[i + 1] >= '0' && p->text[i + 1] <= '9')
            c = C_DIGIT;
        else if (c != C_LETTER && c != C_DIGIT && c != C_MARK)
            break;
        prev = c;
        i += len;
    }
    return i;
}

/* Returns the end of the Han/kana run starting at text[i]. */
static int cjk_end(struct pass *p, int i, int b)
{
    int len;
    while (i < b && class_at(p->text + i, b - i, &len) == C_CJK)
        i += len;
    return i;
}

/* Splits text[a, b), which has no C_COMPLEX character, into words and
 * CJK runs. */
static int split_simple(struct pass *p, int a, int b)
{
    int rc = SQLITE_OK, i = a, len;
    while (rc == SQLITE_OK && i < b) {
        enum cls c = class_at(p->text + i, b - i, &len);
        int start = i;
        if (c == C_LETTER || c == C_DIGIT) {
            i = word_end(p, i + len, b, c);
            rc = emit_word(p, start, i);
        } else if (c == C_CJK) {
            i = cjk_end(p, i, b);
            rc = emit_cjk_run(p, start, i);
        } else {
            i += len;
        }
    }
    return rc;
}

#define WORD_CLASSES ((1u << C_LETTER) | (1u << C_DIGIT) | (1u << C_MARK))
#define WORD_START ((1u << C_LETTER) | (1u << C_DIGIT))

/* Walks p->text (n bytes) piece by piece (pieces are separated by white
 * space): pieces only in spaced alphabetic scripts are split by
 * split_simple(), runs of other pieces go to ICU together. */
static int walk(struct pass *p, int n)
{
    int rc = SQLITE_OK, i = 0, len, icu_a = -1, icu_b = -1;
    while (rc == SQLITE_OK && i < n) {
        if (class_at(p->text + i, n - i, &len) == C_SPACE) {
            i += len;
            continue;
        }
        int a = i;
        unsigned seen = 0, first = 1u << class_at(p->text + i, n - i, &len);
        enum cls c;
        while (i < n && (c = class_at(p->text + i, n - i, &len)) != C_SPACE) {
            seen |= 1u << c;
            i += len;
        }
        if (seen & (1u << C_COMPLEX)) {
            if (icu_a < 0)
                icu_a = a;
            icu_b = i;
            continue;
        }
        if (icu_a >= 0)
            rc = walk_icu(p, icu_a, icu_b);
        icu_a = -1;
        if (rc != SQLITE_OK)
            break;
        if ((seen & ~WORD_CLASSES) == 0 && (first & WORD_START))
            rc = emit_word(p, a, i); /* the usual piece: one word */
        else
            rc = split_simple(p, a, i);
    }
    if (rc == SQLITE_OK && icu_a >= 0)
        rc = walk_icu(p, icu_a, icu_b);
    return rc;
}

/* Walks the text; a pair query of one word emits that word alone. */
static int walk_all(struct pass *p, int n)
{
    int rc = walk(p, n);
    if (rc == SQLITE_OK && p->pairs && p->words == 1)
        rc = emit(p, 0, p->t->prev, p->prev_len, p->prev_s, p->prev_e);
    return rc;
}

static int run_tokenizer(struct tokenizer *t, void *ctx, int flags, const char *text, int n,
                         fts_tokenizer_token_fn fn)
{
    struct pass p = {.t = t, .text = text, .fn = fn, .ctx = ctx};
    p.query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    if (p.query && n > 0 &&
        (text[0] == FTS_TOKENIZER_EXACT_MARK || text[0] == FTS_TOKENIZER_PAIR_MARK)) {
        p.exact = text[0] == FTS_TOKENIZER_EXACT_MARK;
        p.pairs = !p.exact;
        p.text++;
        p.base = 1;
        n--;
    }
    if (n <= 0)
        return SQLITE_OK;
    if (!t->busy) {
        t->busy = true;
        int rc = walk_all(&p, n);
        t->busy = false;
        return rc;
    }
    p.t = tokenizer_new(); /* re-entered: use a private iterator */
    if (!p.t)
        return SQLITE_ERROR;
    int rc = walk_all(&p, n);
    tokenizer_free(p.t);
    return rc;
}

static int x_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    if (argc > 0)
        return SQLITE_ERROR; /* the herald tokenizer takes no options */
    struct tokenizer *t = tokenizer_new();
    if (!t)
        return SQLITE_ERROR;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void x_delete(Fts5Tokenizer *tok)
{
    tokenizer_free((struct tokenizer *)tok);
}

static int x_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int n,
                      int (*fn)(void *, int, const char *, int, int, int))
{
    return run_tokenizer((struct tokenizer *)tok, ctx, flags, text, n, fn);
}

static fts5_api *get_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

herald_rc fts_tokenizer_register(sqlite3 *db)
{
    static fts5_tokenizer vtab = {x_create, x_delete, x_tokenize};
    fts5_api *api = get_fts5_api(db);
    if (!api || api->iVersion < 2)
        return herald_error_set(HERALD_EDB, "fts5 is not available in this SQLite");
    if (api->xCreateTokenizer(api, FTS_TOKENIZER_NAME, NULL, &vtab, NULL) != SQLITE_OK)
        return herald_error_set(HERALD_EDB, "cannot register the herald tokenizer: %s",
                                sqlite3_errmsg(db));
    return HERALD_OK;
}

herald_rc fts_tokenizer_run(const char *text, size_t n, int flags, fts_tokenizer_token_fn fn,
                            void *ctx)
{
    if (n > (size_t)0x7fffffff)
        return herald_error_set(HERALD_ETOOBIG, "text too long to tokenize (%zu bytes)", n);
    struct tokenizer *t = tokenizer_new();
    if (!t)
        return herald_error_set(HERALD_EIO, "ICU word break iterator unavailable");
    int rc = run_tokenizer(t, ctx, flags, text, (int)n, fn);
    tokenizer_free(t);
    if (rc != SQLITE_OK)
        return herald_error_set(HERALD_EINVAL, "tokenizer stopped (code %d)", rc);
    return HERALD_OK;
}
