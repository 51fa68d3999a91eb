/* Facet counts for GET /api/v1/articles?facets=1: language, country,
 * source, relevance, topic, tone and a by-day histogram over the newest
 * matching articles, bounded so a huge match set stays fast. */
#ifndef HERALD_HTTP_API_FACETS_H
#define HERALD_HTTP_API_FACETS_H

#include <jansson.h>

#include "store/store_search.h"

/* Articles counted at most: the newest matches of the query. */
#define API_FACETS_WINDOW 5000

/* Counts the facets of the newest API_FACETS_WINDOW articles matching q
 * (its query and filters) into a new object *out (caller releases) that
 * says how many were counted and whether that was all of them. Returns
 * HERALD_EINVAL for an unusable query, HERALD_EDB otherwise. */
herald_rc api_facets(json_t **out, const struct search_query *q, struct store *st);

#endif
