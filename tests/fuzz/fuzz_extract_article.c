/* libFuzzer target: arbitrary bytes through extract_article() and, when it
 * succeeds, article_to_json(). Must never crash, leak or read out of bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct article *a = NULL;
    if (extract_article(&a, (const char *)data, size, "https://fuzz.example/a/b.html", NULL) ==
        HERALD_OK) {
        free(article_to_json(a));
        article_free(a);
    }
    return 0;
}
