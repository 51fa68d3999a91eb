/* Shared by the feed parsers (not part of the public API): the parse
 * context, libxml2 helpers (feed_xml.c), text helpers (feed_text.c) and the
 * per-format parsers dispatched from feed.c. */
#ifndef HERALD_FEED_INTERNAL_H
#define HERALD_FEED_INTERNAL_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "feed/feed.h"

struct feed_ctx {
    struct feed *feed;    /* being filled */
    size_t cap_entries;   /* allocated slots in feed->entries */
    const char *base_url; /* may be NULL */
    herald_rc rc;         /* first cap overflow (HERALD_ETOOBIG), else OK */
};

/* feed.c: moves *e into c->feed, filling the id from the link and published
 * from updated. An entry with no id, link or title is dropped, and past
 * FEED_MAX_ENTRIES c->rc becomes HERALD_ETOOBIG; either way *e's fields are
 * then freed. *e is zeroed after the call. */
void feed_commit_entry(struct feed_ctx *c, struct feed_entry *e);

/* feed_xml.c: converts data to UTF-8 and parses it with libxml2 (recover,
 * no network, no entity substitution, no DTD) into *out (caller frees with
 * xmlFreeDoc()). Errors: HERALD_EPARSE ("empty input", "not XML"). */
herald_rc feed_xml_read(xmlDoc **out, const char *data, size_t len, const char *content_type,
                        const char *base_url);
/* Returns true when n is an element whose canonical name is key: "dc:date",
 * "content:encoded", "atom:link", "media:thumbnail", or a bare local name for
 * RSS/RDF/sitemap/OPML elements and elements without a namespace. */
bool feed_xml_is(const xmlNode *n, const char *key);
/* Returns the first child element of n matching key, or NULL. Borrowed. */
xmlNode *feed_xml_child(const xmlNode *n, const char *key);
/* Returns the concatenated text and CDATA under n (entity references are
 * never expanded) or NULL when empty; over cap bytes sets c->rc and returns
 * NULL. Caller frees. */
char *feed_xml_text(struct feed_ctx *c, const xmlNode *n, size_t cap);
/* Like feed_xml_text() but as squeezed plain text (HTML stripped). */
char *feed_xml_plain(struct feed_ctx *c, const xmlNode *n);
/* Like feed_xml_text() but whitespace-squeezed (for ids, URLs, dates). */
char *feed_xml_value(struct feed_ctx *c, const xmlNode *n);
/* Returns attribute name of n (no namespace) squeezed, or NULL. Caller frees. */
char *feed_xml_attr(const xmlNode *n, const char *name);
/* Returns the serialised children of n (for Atom type="xhtml"), or NULL. */
char *feed_xml_inner(struct feed_ctx *c, const xmlNode *n, size_t cap);
/* Returns the xml:base in effect at n (resolved against the document URL)
 * when n or an ancestor has one, else a copy of fallback (may be NULL).
 * Caller frees. */
char *feed_xml_base(const xmlNode *n, const char *fallback);
/* Returns attribute name of n resolved as a link against base (see
 * feed_text_resolve()), or NULL. Caller frees. */
char *feed_xml_href(const xmlNode *n, const char *name, const char *base);
/* Returns xml:lang in effect at n, or NULL. Caller frees. */
char *feed_xml_lang(const xmlNode *n);
/* Parses a date element's text; 0 when absent or unparseable. */
int64_t feed_xml_date(struct feed_ctx *c, const xmlNode *n);

/* feed_text.c: returns html as plain text: tags dropped (block tags become
 * spaces, script/style dropped with their content), entities decoded,
 * whitespace squeezed; NULL when blank. Caller frees. */
char *feed_text_plain(const char *html);
/* Returns ref resolved against base (either may be NULL), or NULL when ref
 * is blank or uses a script-like scheme (javascript:, data:, vbscript:).
 * Caller frees. */
char *feed_text_resolve(const char *base, const char *ref);

/* Per-format parsers; each fills c->feed from the root element / JSON. */
herald_rc feed_rss_parse(struct feed_ctx *c, xmlNode *root, bool rdf);
herald_rc feed_atom_parse(struct feed_ctx *c, xmlNode *root);
herald_rc feed_sitemap_parse(struct feed_ctx *c, xmlNode *root, bool index);
herald_rc feed_json_parse(struct feed_ctx *c, const char *data, size_t len);

#endif
