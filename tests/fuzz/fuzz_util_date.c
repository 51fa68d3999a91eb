/* libFuzzer target for date_parse(): arbitrary bytes as a date string must
 * give a date or HERALD_EPARSE (with *out 0), never a crash; a parsed date
 * must format back without overflow. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    char iso[32];
    int64_t t = -1;
    memcpy(s, data, size);
    s[size] = '\0';
    if (date_parse(&t, s) == HERALD_OK)
        date_format_iso(iso, t);
    else if (t != 0)
        abort(); /* the contract: *out is 0 on failure */
    free(s);
    return 0;
}
