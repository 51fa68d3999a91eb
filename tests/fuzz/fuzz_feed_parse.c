/* libFuzzer target: feed_parse() on arbitrary bytes (XML feeds, sitemaps,
 * JSON Feed), with and without a charset and base URL, plus feed_to_json(). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "feed/feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct feed *f = NULL;
    const char *ctype = size && (data[0] & 1) ? "text/xml; charset=windows-1258" : NULL;
    if (feed_parse(&f, (const char *)data, size, ctype, "https://fuzz.example/dir/feed") ==
        HERALD_OK) {
        free(feed_to_json(f));
        feed_free(f);
    }
    return 0;
}
