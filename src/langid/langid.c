/* Language identification entry points: the embedded lid.176 model loaded
 * once, input preparation (a cap at a word boundary for long articles, a
 * letters check), the "und" rules and the Vietnamese-without-diacritics
 * correction (langid_vi.c). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "langid/langid_internal.h"
#include "util/embed.h"

HERALD_BLOB_DECLARE(lid176);

/* Long texts are cut to their first LANGID_CAP_BYTES (at a word boundary):
 * a few KB decide the language of an article as well as the whole. */
#define LANGID_CAP_BYTES 4096

static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static struct langid_model *default_model;
static herald_rc default_rc;
static char default_msg[256];

static void load_default(void)
{
    default_rc =
        langid_model_load(&default_model, HERALD_BLOB_DATA(lid176), HERALD_BLOB_SIZE(lid176));
    if (default_rc != HERALD_OK)
        snprintf(default_msg, sizeof default_msg, "%s", herald_error_last());
}

herald_rc langid_model_default(const struct langid_model **out)
{
    pthread_once(&default_once, load_default);
    *out = default_model;
    if (default_rc != HERALD_OK)
        return herald_error_set(default_rc, "%s", default_msg);
    return HERALD_OK;
}

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f';
}

/* The length of the first LANGID_CAP_BYTES of text, ending at a word
 * boundary (or at least at a character boundary). */
static size_t capped_len(const char *text, size_t len)
{
    if (len <= LANGID_CAP_BYTES)
        return len;
    for (size_t i = LANGID_CAP_BYTES; i > LANGID_CAP_BYTES / 2; i--)
        if (is_ws((unsigned char)text[i]))
            return i;
    size_t i = LANGID_CAP_BYTES;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Decodes one UTF-8 sequence at s (n bytes left). Returns its length (1 for
 * an invalid byte, with *cp = 0xFFFD). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t need = s[0] < 0x80                   ? 1
                  : s[0] >= 0xF0 && s[0] < 0xF5 ? 4
                  : s[0] >= 0xE0                ? 3
                  : s[0] >= 0xC2                ? 2
                                                : 0;
    if (need == 0 || need > n) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = need == 1 ? s[0] : s[0] & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *cp = c;
    return need;
}

/* Whether code point c can be part of a word: ASCII letters and everything
 * beyond ASCII except punctuation, symbols, digits, marks and emoji blocks. */
static bool is_letter(uint32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c < 0xC0)
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    return c != 0xD7 && c != 0xF7 && c != 0xFFFD && c != 0xFEFF && !(c >= 0x0300 && c <= 0x036F) &&
           !(c >= 0x0660 && c <= 0x0669) && !(c >= 0x06F0 && c <= 0x06F9) &&
           !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) &&
           !(c >= 0xE000 && c <= 0xF8FF) && !(c >= 0xFE00 && c <= 0xFE6F) &&
           !(c >= 0xFF00 && c <= 0xFF20) && !(c >= 0xFF3B && c <= 0xFF40) &&
           !(c >= 0xFF5B && c <= 0xFF65) && !(c >= 0x1F000 && c <= 0x1FAFF);
}

static bool has_letter(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += utf8_next(s + i, len - i, &c);
        if (is_letter(c))
            return true;
    }
    return false;
}

static void set_und(struct langid_result *r, float confidence)
{
    memset(r->code, 0, sizeof r->code);
    memcpy(r->code, "und", 3);
    r->confidence = confidence;
}

/* The model's k best for text after preparation; "und" with 0 (one result)
 * for text without letters. */
static herald_rc detect_raw(const char *text, size_t len, struct langid_result *out, size_t k,
                            size_t *n)
{
    const struct langid_model *m;
    herald_rc rc;
    *n = 0;
    if ((rc = langid_model_default(&m)) != HERALD_OK || k == 0)
        return rc;
    if (!text)
        len = 0;
    len = capped_len(text, len);
    if (len == 0 || !has_letter(text, len)) {
        set_und(&out[0], 0.0f);
        *n = 1;
        return HERALD_OK;
    }
    if ((rc = langid_model_predict(m, text, len, out, k, n)) != HERALD_OK)
        return rc;
    if (*n == 0) {
        set_und(&out[0], 0.0f);
        *n = 1;
    }
    return HERALD_OK;
}

herald_rc langid_detect(const char *text, size_t len, float min_confidence,
                        struct langid_result *out)
{
    size_t n;
    herald_rc rc = detect_raw(text, len, out, 1, &n);
    if (rc != HERALD_OK) {
        set_und(out, 0.0f);
        return rc;
    }
    if (out->confidence < min_confidence)
        set_und(out, out->confidence);
    return HERALD_OK;
}

herald_rc langid_detect_top(const char *text, size_t len, struct langid_result *out, size_t k,
                            size_t *n)
{
    return detect_raw(text, len, out, k, n);
}
