/* The Vietnamese-without-diacritics check: lid.176 reads "Toi nho loi anh"
 * as English or Italian at low probability, but nearly every word of such
 * text is a well-formed Vietnamese syllable (onset + vowel cluster + coda),
 * which is rare for a run of words in other Latin-script languages. */
#include <stdbool.h>
#include <string.h>

#include "langid/langid_internal.h"

/* Onsets, longest first so "ngh" is tried before "ng" and "n". */
static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                     "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                     "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x",  ""};

/* Vowel clusters (diacritics folded) that may take a final consonant. */
static const char *const open_vowels[] = {"a",   "e",  "i",  "o",  "u",  "y",  "ie",
                                          "ye",  "uo", "oa", "oe", "ua", "ue", "uy",
                                          "uye", "oo", "ia", "ua", "ya", "uya"};
/* Vowel clusters ending in a glide: no final consonant. */
static const char *const closed_vowels[] = {"ai",  "ao",  "au",  "ay",  "eo",  "eu",  "iu",
                                            "oi",  "ui",  "uu",  "ieu", "yeu", "oai", "oay",
                                            "uoi", "uou", "uyu", "uay", "oeo", "uai", "uau"};
static const char *const codas[] = {"ch", "ng", "nh", "c", "m", "n", "p", "t", ""};

static bool in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !memcmp(list[i], s, len))
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Whether the len lowercase ASCII letters at s are vowel cluster + coda. */
static bool is_rime(const char *s, size_t len)
{
    if (in_list(closed_vowels, COUNT(closed_vowels), s, len))
        return true;
    for (size_t c = 0; c < COUNT(codas); c++) {
        size_t cl = strlen(codas[c]);
        if (cl < len && !memcmp(s + len - cl, codas[c], cl) &&
            in_list(open_vowels, COUNT(open_vowels), s, len - cl))
            return true;
    }
    return false;
}

/* Whether the len lowercase ASCII letters at s form a Vietnamese syllable. */
static bool is_syllable(const char *s, size_t len)
{
    if (len == 0 || len > 7)
        return false;
    for (size_t o = 0; o < COUNT(onsets); o++) {
        size_t ol = strlen(onsets[o]);
        if (ol < len && !memcmp(s, onsets[o], ol) && is_rime(s + ol, len - ol))
            return true;
    }
    return false;
}

static bool ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Returns the share (0..1) of the words of text that are Vietnamese
 * syllables, with *words the number of words; 0 when text has a non-ASCII
 * letter (text with diacritics is the model's to judge). */
float langid_vi_syllable_share(const char *text, size_t len, size_t *words)
{
    size_t ok = 0;
    *words = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80) {
            uint32_t cp;
            i += langid_utf8_next((const unsigned char *)text + i, len - i, &cp);
            if (langid_is_letter(cp))
                return 0.0f;
            continue;
        }
        if (!ascii_letter(c)) {
            i++;
            continue;
        }
        char w[8];
        size_t n = 0;
        while (i < len && ascii_letter((unsigned char)text[i])) {
            if (n < sizeof w)
                w[n] = (char)(text[i] | 0x20);
            n++;
            i++;
        }
        if (i < len && (text[i] >= '0' && text[i] <= '9'))
            continue; /* "A4", "G20": codes, not words */
        (*words)++;
        if (n <= 7 && is_syllable(w, n))
            ok++;
    }
    return *words ? (float)ok / (float)*words : 0.0f;
}
