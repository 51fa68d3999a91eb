/* Feed parsing: RSS 0.9x/2.0, RDF (RSS 1.0), Atom, JSON Feed and XML sitemaps
 * (including Google News sitemaps and sitemap indexes) into one struct feed
 * of UTF-8, whitespace-squeezed entries. Pure: no network, no files. */
#ifndef HERALD_FEED_H
#define HERALD_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define FEED_MAX_INPUT (64u << 20)  /* bytes of feed accepted by feed_parse() */
#define FEED_MAX_ENTRIES 50000      /* entries per feed (the sitemap limit) */
#define FEED_MAX_FIELD (64u << 10)  /* bytes per text field */
#define FEED_MAX_CONTENT (4u << 20) /* bytes of one entry's content */

enum feed_format { FEED_RSS, FEED_RDF, FEED_ATOM, FEED_JSON, FEED_SITEMAP, FEED_SITEMAP_INDEX };

struct feed_entry {
    char *id; /* guid / atom:id / json id / sitemap loc; falls back to link */
    char *title, *link, *summary, *content, *author, *image;
    char *lang;                 /* the entry's own, else the feed's */
    int64_t published, updated; /* unix seconds UTC, 0 = unknown; published
                                   falls back to updated when only that is given */
};

struct feed {
    enum feed_format format;
    char *title, *link, *lang;
    struct feed_entry *entries;
    size_t n_entries;
};

/* Parses len bytes of a feed into *out (caller frees with feed_free()).
 * The bytes are converted to UTF-8 first (charset from content_type, which
 * may be NULL, then the document's own declaration). base_url (may be NULL)
 * resolves relative links, after xml:base and the channel link. Title and
 * summary are plain text (tags stripped, entities decoded); content is kept
 * as given. Errors: HERALD_EPARSE when the input is not a feed or cannot be
 * recovered (one-line message says why: "empty input", "not a feed: root
 * element <html>", "invalid JSON at line 3: ..."); HERALD_ETOOBIG past
 * FEED_MAX_INPUT, FEED_MAX_ENTRIES or a field cap. *out is NULL on error. */
herald_rc feed_parse(struct feed **out, const char *data, size_t len, const char *content_type,
                     const char *base_url);

/* Frees f and everything it owns; accepts NULL. */
void feed_free(struct feed *f);

/* Returns a static name: "rss", "rdf", "atom", "json", "sitemap",
 * "sitemap-index". */
const char *feed_format_name(enum feed_format f);

/* Returns f as indented JSON: {"format","title","link","lang","entries":[
 * {"id","title","link","published","updated","summary","content","author",
 * "image","lang"}]} with missing strings and unknown dates (ISO 8601 UTC
 * otherwise) as null. Caller frees with free(). */
char *feed_to_json(const struct feed *f);

#endif
