/* libFuzzer target: opml_parse() on arbitrary bytes, then opml_write() and
 * a second parse of what was written (the round trip must succeed). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "feed/opml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct opml_outline *o = NULL, *o2 = NULL;
    size_t n = 0, n2 = 0;
    struct buf b;
    if (opml_parse(&o, &n, (const char *)data, size) != HERALD_OK)
        return 0;
    buf_init(&b, 0);
    if (opml_write(&b, "fuzz", o, n) != HERALD_OK ||
        opml_parse(&o2, &n2, b.data, b.len) != HERALD_OK || n2 != n)
        abort();
    opml_outlines_free(o2, n2);
    opml_outlines_free(o, n);
    buf_free(&b);
    return 0;
}
