/* libFuzzer target for charset detection and conversion: the first byte
 * picks a declared charset (or none), the rest is the document. The output
 * must always be valid UTF-8 without NULs, whatever the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/charset.h"
#include "util/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const declared[] = {NULL,     "utf-8",     "windows-1258", "gbk",
                                           "big5",   "shift_jis", "euc-kr",       "tis-620",
                                           "koi8-r", "utf-16le",  "iso-8859-1",   "x-bogus"};
    if (size == 0)
        return 0;
    const char *cs = declared[data[0] % (sizeof declared / sizeof declared[0])];
    char *out = NULL;
    size_t n = 0;
    charset_to_utf8(&out, &n, (const char *)data + 1, size - 1, cs, NULL);
    if (!out || strlen(out) != n || !str_valid_utf8(out, n))
        abort();
    free(out);
    free(charset_sniff((const char *)data, size));
    return 0;
}
