/* Which languages a text's dominant script allows. fastText splits words on
 * spaces only, so a Chinese, Japanese or Korean run counts as one or two
 * "words" beside every Latin word around it, and a Chinese sentence quoting
 * a Vietnamese name can come out Vietnamese. Counting letters by script
 * (a CJK character weighs as a syllable, three Latin letters) says when the
 * text is mostly in one of these scripts, whose languages are few. */
#include <stddef.h>
#include <stdint.h>

#include "langid/langid_internal.h"

enum script { S_OTHER, S_HAN, S_KANA, S_HANGUL, S_THAI, S_COUNT };

/* A CJK character stands for a syllable: about three Latin letters. */
#define CJK_WEIGHT 3.0f
/* The dominant script must hold at least this share of the weighted letters. */
#define DOMINANT_SHARE 0.5f

static enum script script_of(uint32_t c)
{
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF))
        return S_HAN;
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
        (c >= 0xFF66 && c <= 0xFF9F))
        return S_KANA;
    if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
        (c >= 0x3130 && c <= 0x318F))
        return S_HANGUL;
    if (c >= 0x0E00 && c <= 0x0E7F)
        return S_THAI;
    return S_OTHER;
}

static const char *const han_langs[] = {"zh", "ja", "yue", "wuu", NULL};
static const char *const kana_langs[] = {"ja", NULL};
static const char *const hangul_langs[] = {"ko", NULL};
static const char *const thai_langs[] = {"th", NULL};

const char *const *langid_script_languages(const char *text, size_t len, float *share)
{
    float w[S_COUNT] = {0}, total = 0;
    const unsigned char *s = (const unsigned char *)text;
    *share = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += langid_utf8_next(s + i, len - i, &c);
        if (!langid_is_letter(c))
            continue;
        enum script sc = script_of(c);
        float weight = sc == S_HAN || sc == S_KANA || sc == S_HANGUL ? CJK_WEIGHT : 1.0f;
        w[sc] += weight;
        total += weight;
    }
    if (total <= 0)
        return NULL;
    float cjk = w[S_HAN] + w[S_KANA];
    /* Japanese mixes kana into Han; any real share of kana makes it Japanese. */
    if (cjk / total >= DOMINANT_SHARE && w[S_KANA] >= 0.05f * cjk) {
        *share = cjk / total;
        return kana_langs;
    }
    if (w[S_HAN] / total >= DOMINANT_SHARE) {
        *share = w[S_HAN] / total;
        return han_langs;
    }
    if (w[S_HANGUL] / total >= DOMINANT_SHARE) {
        *share = w[S_HANGUL] / total;
        return hangul_langs;
    }
    if (w[S_THAI] / total >= DOMINANT_SHARE) {
        *share = w[S_THAI] / total;
        return thai_langs;
    }
    return NULL;
}
