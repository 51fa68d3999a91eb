/* libFuzzer target for langid_detect() and langid_detect_top(): arbitrary
 * bytes (malformed UTF-8, NUL bytes, huge words) must give a code of 2-7
 * letters or "und" and a confidence in 0..1, never a crash; the copy is
 * exactly size bytes so reading past it is caught by ASan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "langid/langid.h"

static void check(const struct langid_result *r)
{
    size_t n = strnlen(r->code, sizeof r->code);
    if (n < 2 || n >= sizeof r->code || !(r->confidence >= 0.0f && r->confidence <= 1.0f))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size ? size : 1);
    struct langid_result r, top[4];
    size_t n;
    memcpy(s, data, size);
    if (langid_detect(s, size, LANGID_MIN_CONFIDENCE_DEFAULT, &r) != HERALD_OK)
        abort();
    check(&r);
    if (langid_detect_top(s, size, top, 4, &n) != HERALD_OK || n < 1 || n > 4)
        abort();
    for (size_t i = 0; i < n; i++)
        check(&top[i]);
    free(s);
    return 0;
}
