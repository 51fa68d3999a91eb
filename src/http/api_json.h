/* The API's short names for the store's JSON helpers: strings from the
 * database that are always valid UTF-8 in the output and ISO dates. The
 * article object, the filter names and the filter SQL live in the store
 * (store/store_json.h, store/store_filter.h) so the CLI uses the same. */
#ifndef HERALD_HTTP_API_JSON_H
#define HERALD_HTTP_API_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "store/store_filter.h"
#include "store/store_json.h"

/* Returns a JSON string of s (invalid UTF-8 replaced), or null for NULL. */
static inline json_t *api_str(const char *s)
{
    return store_json_str(s);
}

/* Returns a JSON string "YYYY-MM-DDTHH:MM:SSZ", or null for 0. */
static inline json_t *api_date(int64_t t)
{
    return store_json_date(t);
}

#endif
