/* The route table of the JSON API: a method and a path pattern whose
 * segments are literals or "{id}" (a positive decimal id) mapped to a
 * handler with the permission it needs (an action of the auth role
 * table), and the lookup that tells 404 from 405. */
#ifndef HERALD_HTTP_ROUTER_H
#define HERALD_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

struct http_route {
    const char *method;  /* "GET" */
    const char *pattern; /* "/api/v1/articles/{id}" */
    http_handler fn;
    bool needs_store; /* the handler reads the database */
    const char *perm; /* HTTP_PUBLIC, HTTP_SIGNED_IN or an auth action ("sources.write") */
    bool writes;      /* the handler writes through req->wst (the server's writer) */
};

#define HTTP_PUBLIC NULL   /* no credentials needed */
#define HTTP_SIGNED_IN "*" /* any signed-in user or API token */

enum http_match {
    HTTP_MATCH_OK,         /* *route_out and *id_out are set */
    HTTP_MATCH_NOT_FOUND,  /* no pattern matches the path */
    HTTP_MATCH_BAD_METHOD, /* a pattern matches, not with this method */
    HTTP_MATCH_BAD_ID,     /* the path matches but its {id} is not a positive id */
};

/* Finds the route for method and path among routes[0..n). A literal
 * segment wins over {id}. Returns the match kind; on HTTP_MATCH_OK
 * *route_out is the route's index and *id_out its {id} (0 without one). */
enum http_match http_router_match(const struct http_route *routes, size_t n, const char *method,
                                  const char *path, size_t *route_out, int64_t *id_out);

/* Writes the methods allowed on path ("GET, HEAD") into out (size n);
 * "" when none. Returns out. */
char *http_router_allow(char *out, size_t n, const struct http_route *routes, size_t count,
                        const char *path);

/* Parses a positive decimal id (at most 18 digits) from the n bytes at s
 * into *out. Returns false for anything else. */
bool http_router_parse_id(const char *s, size_t n, int64_t *out);

#endif
