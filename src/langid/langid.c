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

static bool has_letter(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += langid_utf8_next(s + i, len - i, &c);
        if (langid_is_letter(c))
            return true;
    }
    return false;
}

/* The Vietnamese-without-diacritics correction (see langid_vi.c), measured
 * on the diacritics-stripped VTB sentences against the 16 PUD languages
 * (bench/eval-langid): at least VI_MIN_WORDS words, the model not sure of
 * any language (below VI_MAX_OTHER), and every word (from VI_LONG_WORDS
 * words on, VI_LONG_SHARE of them) a Vietnamese syllable. */
#define VI_MIN_WORDS 4
#define VI_MAX_OTHER 0.90f
#define VI_LONG_WORDS 6
#define VI_LONG_SHARE 0.80f

static void correct_vi(const char *text, size_t len, struct langid_result *out, size_t k, size_t *n)
{
    size_t words, at = *n;
    if (out[0].confidence >= VI_MAX_OTHER)
        return;
    float share = langid_vi_syllable_share(text, len, &words);
    if (words < VI_MIN_WORDS || share < (words >= VI_LONG_WORDS ? VI_LONG_SHARE : 1.0f))
        return;
    float p = 0.0f;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(out[i].code, "vi")) {
            at = i;
            p = out[i].confidence;
        }
    if (at == *n && *n < k)
        (*n)++;
    if (at == *n)
        at = *n - 1;
    memmove(out + 1, out, at * sizeof *out);
    memset(out[0].code, 0, sizeof out[0].code);
    memcpy(out[0].code, "vi", 2);
    out[0].confidence = p > share ? p : share;
}

/* The model's candidates considered by the script correction. */
#define SCRIPT_CANDIDATES 8

static bool allowed(const char *code, const char *const *langs)
{
    for (; *langs; langs++)
        if (!strcmp(code, *langs))
            return true;
    return false;
}

/* The script correction (langid_script.c): when the text is mostly in a
 * script of few languages and the model's best is none of them, the best
 * of them among the model's candidates goes first (else the script's
 * first language), with at least the script's share as confidence. */
static void correct_script(const char *text, size_t len, struct langid_result *out, size_t k,
                           size_t *n)
{
    float share;
    const char *const *langs = langid_script_languages(text, len, &share);
    size_t at = *n;
    if (!langs || allowed(out[0].code, langs))
        return;
    for (size_t i = 1; i < *n && at == *n; i++)
        if (allowed(out[i].code, langs))
            at = i;
    float p = at < *n ? out[at].confidence : 0.0f;
    if (at == *n && *n < k)
        (*n)++;
    if (at == *n)
        at = *n - 1;
    struct langid_result best = {.confidence = p > share ? p : share};
    snprintf(best.code, sizeof best.code, "%s", at < *n && p > 0 ? out[at].code : langs[0]);
    memmove(out + 1, out, at * sizeof *out);
    out[0] = best;
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
    struct langid_result cand[SCRIPT_CANDIDATES];
    size_t kk = k > SCRIPT_CANDIDATES ? k : SCRIPT_CANDIDATES, nn = 0;
    struct langid_result *all = k > SCRIPT_CANDIDATES ? out : cand;
    if ((rc = langid_model_predict(m, text, len, all, kk, &nn)) != HERALD_OK)
        return rc;
    if (nn == 0) {
        set_und(&out[0], 0.0f);
        *n = 1;
        return HERALD_OK;
    }
    correct_vi(text, len, all, kk, &nn);
    correct_script(text, len, all, kk, &nn);
    *n = nn < k ? nn : k;
    if (all != out)
        memcpy(out, all, *n * sizeof *out);
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
