/* OPML 2.0 outline lists for importing and exporting sources, with herald's
 * own attributes in the namespace HERALD_OPML_NS (prefix "herald"):
 * herald:country (ISO 3166-1 alpha-2), herald:kind (domestic|foreign|
 * official), herald:interval (poll minutes), herald:enabled (true|false). */
#ifndef HERALD_OPML_H
#define HERALD_OPML_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define HERALD_OPML_NS "https://herald.example/ns/opml"
#define OPML_MAX_OUTLINES 100000

struct opml_outline {
    char *title, *xml_url, *html_url; /* title from "title", else "text" */
    char *lang;                       /* OPML 2.0 "language" attribute */
    char *country;                    /* herald:country (ISO 3166-1 alpha-2) */
    char *kind;                       /* herald:kind: domestic|foreign|official */
    int poll_minutes;                 /* herald:interval, 0 = unset */
    bool enabled;                     /* herald:enabled, default true */
};

/* Parses an OPML document into *out (an array of *n_out outlines; caller
 * frees with opml_outlines_free()). Nested outlines are flattened in
 * document order; outlines without xmlUrl are skipped. Missing attributes
 * are NULL; an invalid herald:interval reads as 0. Errors: HERALD_EPARSE
 * when the input is not OPML ("not OPML: root element <rss>"),
 * HERALD_ETOOBIG past OPML_MAX_OUTLINES. *out is NULL, *n_out 0 on error. */
herald_rc opml_parse(struct opml_outline **out, size_t *n_out, const char *data, size_t len);

/* Frees n outlines and the array; accepts NULL. */
void opml_outlines_free(struct opml_outline *o, size_t n);

/* Appends an OPML 2.0 document (UTF-8, herald namespace declared) titled
 * title (may be NULL) with one flat outline per element of o to out; NULL
 * fields are omitted, enabled is written only when false. The output
 * round-trips through opml_parse(). Errors: HERALD_ETOOBIG when out's cap
 * is reached (out then holds a partial document). */
herald_rc opml_write(struct buf *out, const char *title, const struct opml_outline *o, size_t n);

#endif
