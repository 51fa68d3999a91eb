/* Small UTF-8 helpers for the langid module: decoding that tolerates
 * invalid bytes, and which code points count as letters. */
#include <stdbool.h>
#include <stdint.h>

#include "langid/langid_internal.h"

/* Decodes one UTF-8 sequence at s (n bytes left). Returns its length (1 for
 * an invalid byte, with *cp = 0xFFFD). */
size_t langid_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
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
bool langid_is_letter(uint32_t c)
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
