/* Splits text into tokens for the stories module: words (letters, marks
 * and digits), numbers (digits with the separators of 1,000 / 1.000 /
 * 3.5), and single characters of scripts written without spaces, with the
 * case and script facts the features need (proper names, acronyms). */
#include <utf8proc.h>

#include "stories/stories_internal.h"
#include "text/fold.h"
#include "util/xalloc.h"

static bool unspaced(int cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
           (cp >= 0x1780 && cp <= 0x17FF) || (cp >= 0x2E80 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

static bool is_wordch(int cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_upper(int cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool is_letter(int cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static bool ends_sentence(int cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == 0x3002 || cp == 0xFF01 ||
           cp == 0xFF1F || cp == ':' || cp == 0x0964;
}

/* Decodes at p (n bytes left); returns the length (1 for an invalid byte,
 * with *cp = -1). */
static int next_cp(const char *p, size_t n, int *cp)
{
    int l = fold_utf8_next(p, n, cp);
    if (l <= 0) {
        *cp = -1;
        return 1;
    }
    return l;
}

static void push(struct tok **out, size_t *cap, size_t *n, const struct tok *t)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *out = xrealloc(*out, *cap * sizeof **out);
    }
    (*out)[(*n)++] = *t;
}

/* Scans a number from i: digits, with '.' ',' between digits. */
static size_t scan_number(const char *text, size_t len, size_t i)
{
    size_t j = i;
    while (j < len) {
        char c = text[j];
        if (c >= '0' && c <= '9')
            j++;
        else if ((c == '.' || c == ',') && j + 1 < len && text[j + 1] >= '0' && text[j + 1] <= '9')
            j++;
        else
            break;
    }
    return j;
}

/* Scans a word from i; fills the case and script facts of t. */
static size_t scan_word(const char *text, size_t len, size_t i, struct tok *t)
{
    size_t j = i;
    unsigned letters = 0, uppers = 0;
    bool first = true;
    while (j < len) {
        int cp;
        int l = next_cp(text + j, len - j, &cp);
        if (cp < 0 || unspaced(cp) || !is_wordch(cp))
            break;
        if (first) {
            t->upper = is_upper(cp);
            t->latin = is_letter(cp) && cp < 0x250;
            t->cyrillic = cp >= 0x400 && cp <= 0x4FF;
            first = false;
        }
        if (is_letter(cp)) {
            letters++;
            uppers += is_upper(cp);
        }
        j += (size_t)l;
    }
    t->all_upper = letters >= 2 && uppers == letters;
    return j;
}

size_t stories_tokenize(const char *text, size_t len, struct tok **out, size_t *cap)
{
    size_t n = 0, i = 0;
    bool start = true;
    while (i < len) {
        int cp;
        int l = next_cp(text + i, len - i, &cp);
        struct tok t = {.off = i, .sentence_start = start};
        if (cp >= '0' && cp <= '9') {
            size_t j = scan_number(text, len, i);
            size_t k = scan_word(text, len, i, &t);
            t.kind = k > j ? TOK_WORD : TOK_NUMBER;
            t.len = (k > j ? k : j) - i;
        } else if (cp >= 0 && unspaced(cp)) {
            t.kind = TOK_UNSPACED;
            t.len = (size_t)l;
        } else if (cp >= 0 && is_wordch(cp)) {
            t.kind = TOK_WORD;
            t.len = scan_word(text, len, i, &t) - i;
        } else {
            if (cp >= 0 && ends_sentence(cp))
                start = true;
            i += (size_t)l;
            continue;
        }
        push(out, cap, &n, &t);
        start = false;
        i += t.len;
    }
    return n;
}
