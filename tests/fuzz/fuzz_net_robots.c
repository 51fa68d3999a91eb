/* libFuzzer target for the robots.txt parser and matcher: parses the input,
 * then matches a few fixed paths and a path taken from the input itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/robots.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct robots *r = NULL;
    if (robots_parse(&r, (const char *)data, size, ROBOTS_AGENT) != HERALD_OK)
        return 0;
    static const char *const paths[] = {"/", "/a/b?c=d", "/private/x.pdf", "/robots.txt",
                                        "http://example.com/x*y$"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        (void)robots_allowed(r, paths[i]);
    char *path = xstrndup((const char *)data, size < 256 ? size : 256);
    (void)robots_allowed(r, path);
    (void)robots_crawl_delay_ms(r);
    free(path);
    robots_free(r);
    return 0;
}
