/* URL helpers on libcurl's CURLU parser: resolve a reference against a base,
 * extract the host, normalise for de-duplication. Only http and https. */
#ifndef HERALD_URL_H
#define HERALD_URL_H

#include "util/error.h"

/* Resolves ref (absolute, scheme-relative, absolute-path or relative)
 * against base into *out (caller frees). Returns HERALD_EINVAL with a
 * one-line message quoting the URL when base or the result is malformed or
 * not http(s). */
herald_rc url_resolve(char **out, const char *base, const char *ref);

/* Stores the lowercased host of url in *out (caller frees); IPv6 hosts keep
 * their brackets. Returns HERALD_EINVAL for a malformed URL. */
herald_rc url_host(char **out, const char *url);

/* Stores "scheme://host[:port]" of url in *out (caller frees), lowercased,
 * default port dropped: the origin robots.txt and politeness apply to.
 * Returns HERALD_EINVAL for a malformed or non-http(s) URL. */
herald_rc url_origin(char **out, const char *url);

/* Normalises url into *out (caller frees): lowercase scheme and host, drop
 * the fragment and the default port, "/" for an empty path, and strip
 * tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, yclid, igshid,
 * _ga). Returns HERALD_EINVAL for a malformed or non-http(s) URL. */
herald_rc url_normalize(char **out, const char *url);

#endif
