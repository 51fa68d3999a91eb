/* robots.txt (RFC 9309 with Google's documented behaviour): parser, matcher
 * and a per-origin cache that fetches each origin's /robots.txt once. */
#ifndef HERALD_ROBOTS_H
#define HERALD_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "net/fetch.h"
#include "util/error.h"

#define ROBOTS_AGENT "herald"
#define ROBOTS_MAX_BYTES (500 * 1024)  /* only this much of a file is parsed (RFC 9309) */
#define ROBOTS_TTL_SECONDS (24 * 3600) /* a fetched file is reused this long */
#define ROBOTS_RETRY_SECONDS 300       /* a 5xx/unreachable verdict is reused this long */

struct robots;
struct robots_cache;

/* Parses len bytes of text (a BOM, CRLF, comments and garbage lines are
 * tolerated; bytes past ROBOTS_MAX_BYTES are ignored, as RFC 9309 allows)
 * into *out, keeping the rules of the group for agent_token (matched
 * case-insensitively; the "*" group when none names it). Caller frees with
 * robots_free(). Returns HERALD_EINVAL only when text or agent_token is
 * NULL; garbage never fails. */
herald_rc robots_parse(struct robots **out, const char *text, size_t len, const char *agent_token);

/* Returns a robots that allows everything (the 4xx verdict); caller frees. */
struct robots *robots_allow_all(void);
/* Returns a robots that disallows everything (the 5xx verdict); caller frees. */
struct robots *robots_disallow_all(void);

/* Returns whether path_and_query ("/a/b?x=1"; a full URL's path is taken)
 * may be fetched: the longest matching rule wins, Allow on a tie, allowed
 * when no rule matches. "/robots.txt" is always allowed. */
bool robots_allowed(const struct robots *r, const char *path_and_query);

/* Returns the group's Crawl-delay in milliseconds, 0 when none. */
long robots_crawl_delay_ms(const struct robots *r);

/* Frees r; accepts NULL. */
void robots_free(struct robots *r);

/* Returns a new, empty cache; free with robots_cache_free(). */
struct robots_cache *robots_cache_new(void);
/* Frees c and everything cached; accepts NULL. */
void robots_cache_free(struct robots_cache *c);

/* For each of the n URLs sets allowed_out[i]. Fetches /robots.txt (with o,
 * in parallel across origins) for each origin that is not cached or has
 * expired: 2xx -> its rules; 4xx (but 429) -> allow all; 429, 5xx and
 * network errors -> disallow all (an older copy of the rules, if any, is
 * kept instead). A malformed URL is not allowed. Returns HERALD_OK, or the
 * rc of fetch_all() when it could not run (allowed_out is then all false). */
herald_rc robots_cache_check(struct robots_cache *c, const struct fetch_opts *o,
                             const char *const *urls, size_t n, bool *allowed_out);

/* Returns the Crawl-delay in ms cached for url's origin, 0 when none or not
 * cached. */
long robots_cache_crawl_delay_ms(struct robots_cache *c, const char *url);

#endif
