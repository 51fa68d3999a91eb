/* Atom 1.0 (and 0.3) parsing: feed metadata and entries, with xml:base for
 * relative links, text/html/xhtml constructs and image enclosures. Elements
 * are accepted in the Atom namespace or, for broken feeds, in none. */
#include "feed/feed_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

static bool is_atom(const xmlNode *n, const char *name)
{
    char key[32];
    snprintf(key, sizeof key, "atom:%s", name);
    return feed_xml_is(n, key) || feed_xml_is(n, name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *k = n->children; k; k = k->next)
        if (is_atom(k, name))
            return k;
    return NULL;
}

static bool attr_is(const xmlNode *n, const char *name, const char *want, bool if_absent)
{
    char *v = feed_xml_attr(n, name);
    bool r = v ? (want[strlen(want) - 1] == '/' ? str_startswith(v, want) : !strcmp(v, want))
               : if_absent;
    free(v);
    return r;
}

/* href of the first link with the given rel ("alternate" also matches a
 * link without rel), resolved against the xml:base in effect. */
static char *link_rel(const xmlNode *n, const char *rel, const char *base)
{
    for (xmlNode *k = n->children; k; k = k->next) {
        if (!is_atom(k, "link") || !attr_is(k, "rel", rel, strcmp(rel, "alternate") == 0))
            continue;
        if (strcmp(rel, "enclosure") == 0 && !attr_is(k, "type", "image/", false))
            continue;
        char *b = feed_xml_base(k, base);
        char *href = feed_xml_href(k, "href", b);
        free(b);
        if (href)
            return href;
    }
    return NULL;
}

/* Content as given: xhtml serialised, html/text as their text. */
static char *content(struct feed_ctx *c, const xmlNode *n)
{
    if (!n)
        return NULL;
    if (!attr_is(n, "type", "xhtml", false))
        return feed_xml_text(c, n, FEED_MAX_CONTENT);
    xmlNode *div = feed_xml_child(n, "xhtml:div");
    return feed_xml_inner(c, div ? div : n, FEED_MAX_CONTENT);
}

static char *image(const xmlNode *n, const char *base)
{
    char *u = link_rel(n, "enclosure", base);
    xmlNode *m = u ? NULL : feed_xml_child(n, "media:thumbnail");
    if (!m)
        m = u ? NULL : feed_xml_child(n, "media:content");
    return u ? u : m ? feed_xml_href(m, "url", base) : NULL;
}

static int64_t date_of(struct feed_ctx *c, const xmlNode *n, const char *a, const char *b)
{
    int64_t t = feed_xml_date(c, child(n, a));
    return t ? t : feed_xml_date(c, child(n, b));
}

static void parse_entry(struct feed_ctx *c, const xmlNode *n)
{
    struct feed_entry e = {0};
    char *base = feed_xml_base(n, c->base_url);
    e.id = feed_xml_value(c, child(n, "id"));
    e.title = feed_xml_plain(c, child(n, "title"));
    e.link = link_rel(n, "alternate", base);
    e.summary = feed_xml_plain(c, child(n, "summary"));
    e.content = content(c, child(n, "content"));
    xmlNode *author = child(n, "author");
    e.author = author ? feed_xml_plain(c, child(author, "name")) : NULL;
    if (!e.author)
        e.author = feed_xml_plain(c, feed_xml_child(n, "dc:creator"));
    e.image = image(n, base);
    e.lang = feed_xml_lang(n);
    e.published = date_of(c, n, "published", "issued");
    e.updated = date_of(c, n, "updated", "modified");
    free(base);
    feed_commit_entry(c, &e);
}

herald_rc feed_atom_parse(struct feed_ctx *c, xmlNode *root)
{
    struct feed *f = c->feed;
    char *base = feed_xml_base(root, c->base_url);
    f->title = feed_xml_plain(c, child(root, "title"));
    f->link = link_rel(root, "alternate", base);
    f->lang = feed_xml_lang(root);
    free(base);
    for (xmlNode *k = root->children; k && c->rc == HERALD_OK; k = k->next)
        if (is_atom(k, "entry"))
            parse_entry(c, k);
    return HERALD_OK;
}
