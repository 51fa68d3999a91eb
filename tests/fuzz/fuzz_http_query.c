/* libFuzzer target for the API's query strings: arbitrary bytes as a query
 * string must parse or be refused with a message, never crash; parsed
 * parameters go through the article and filter parsers, and any cursor
 * value through the cursor decoder, which must round-trip what it accepts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/http.h"

static void check_cursor(const char *v)
{
    int64_t pub = 0, id = 0, pub2 = 0, id2 = 0;
    int off = 0, off2 = 0;
    char again[96];
    if (api_cursor_decode(v, &pub, &id, &off) != HERALD_OK)
        return;
    api_cursor_encode(again, sizeof again, pub, id, off);
    if (api_cursor_decode(again, &pub2, &id2, &off2) != HERALD_OK || pub != pub2 || id != id2 ||
        off != off2)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_query q;
    struct api_articles_params p;
    if (http_query_parse(&q, (const char *)data, size) != HERALD_OK) {
        if (q.n != 0 || q.v != NULL)
            abort(); /* a refused query string leaves nothing behind */
        return 0;
    }
    api_articles_params_parse(&p, &q);
    for (size_t i = 0; i < q.n; i++) {
        struct api_filters f;
        memset(&f, 0, sizeof f);
        api_filter_parse(&f, q.v[i].key, q.v[i].value);
        check_cursor(q.v[i].value);
    }
    http_query_clear(&q);
    return 0;
}
