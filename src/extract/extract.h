/* Article extraction: from the raw bytes of a news page to its main text
 * and metadata (title, date, canonical URL, language, description, image,
 * byline, site name). JSON-LD, OpenGraph and <meta> first, the DOM after. */
#ifndef HERALD_EXTRACT_H
#define HERALD_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct article {
    char *title;
    char *text;        /* main content; paragraphs (headings, list items and
                          table rows too) separated by "\n\n"; never NULL */
    int64_t published; /* unix seconds UTC, 0 = unknown */
    char *canonical_url, *lang, *description, *image, *byline, *site_name; /* NULL = unknown */
};

/* Extracts the article in the len bytes at html (any charset: the HTTP
 * content_type, a BOM or <meta charset> decide; may be NULL). url is the
 * page's address (may be NULL), used to resolve relative canonical and
 * image URLs. On success *out is set; the caller frees it with
 * article_free(). Returns HERALD_EPARSE (one-line message) when nothing
 * usable can be extracted (empty or binary input); HERALD_ETOOBIG when len
 * exceeds EXTRACT_MAX_BYTES. */
herald_rc extract_article(struct article **out, const char *html, size_t len, const char *url,
                          const char *content_type);

/* The largest page extract_article() accepts (32 MiB). */
#define EXTRACT_MAX_BYTES ((size_t)32 << 20)

/* Frees a and everything it owns; accepts NULL. */
void article_free(struct article *a);

/* Returns a JSON object {"title","text","published" (ISO 8601 UTC or null),
 * "canonical_url","lang","description","image","byline","site_name"} with
 * null for unknown fields. The caller frees it with free(). */
char *article_to_json(const struct article *a);

#endif
