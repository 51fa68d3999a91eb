/* RSS 0.9x/2.0 and RDF (RSS 1.0) parsing: channel metadata and items, with
 * the common namespaces (dc, content, media, atom:link) and enclosures. */
#include "feed/feed_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"
#include "util/xalloc.h"

/* Returns the href of the first atom:link with rel alternate (or none). */
static char *atom_alternate(const xmlNode *n, const char *base)
{
    for (xmlNode *k = n->children; k; k = k->next) {
        if (!feed_xml_is(k, "atom:link"))
            continue;
        char *rel = feed_xml_attr(k, "rel");
        bool alt = !rel || strcmp(rel, "alternate") == 0;
        free(rel);
        if (alt)
            return feed_xml_href(k, "href", base);
    }
    return NULL;
}

static bool is_image(const xmlNode *n)
{
    char *type = feed_xml_attr(n, "type"), *medium = feed_xml_attr(n, "medium");
    bool ok = medium ? strcmp(medium, "image") == 0 : !type || str_startswith(type, "image/");
    free(type);
    free(medium);
    return ok;
}

/* media:thumbnail, media:content (also inside media:group) or an image
 * enclosure. */
static char *find_image(const xmlNode *n, const char *base)
{
    for (xmlNode *k = n->children; k; k = k->next) {
        if (feed_xml_is(k, "media:thumbnail") ||
            ((feed_xml_is(k, "media:content") || feed_xml_is(k, "enclosure")) && is_image(k))) {
            char *u = feed_xml_href(k, "url", base);
            if (u)
                return u;
        } else if (feed_xml_is(k, "media:group")) {
            char *u = find_image(k, base);
            if (u)
                return u;
        }
    }
    return NULL;
}

/* Returns the plain text of the first present child among a and b. */
static char *first_plain(struct feed_ctx *c, const xmlNode *n, const char *a, const char *b)
{
    char *s = feed_xml_plain(c, feed_xml_child(n, a));
    return s ? s : feed_xml_plain(c, feed_xml_child(n, b));
}

static char *item_link(struct feed_ctx *c, const xmlNode *item, const char *base)
{
    char *raw = feed_xml_value(c, feed_xml_child(item, "link"));
    char *link = raw ? feed_text_resolve(base, raw) : NULL;
    free(raw);
    if (!link)
        link = atom_alternate(item, base);
    xmlNode *guid = feed_xml_child(item, "guid");
    char *perma = guid ? feed_xml_attr(guid, "isPermaLink") : NULL;
    if (!link && guid && (!perma || strcmp(perma, "false") != 0)) {
        char *g = feed_xml_value(c, guid);
        if (g && (str_istartswith(g, "http://") || str_istartswith(g, "https://")))
            link = xstrdup(g);
        free(g);
    }
    free(perma);
    return link;
}

static void parse_item(struct feed_ctx *c, const xmlNode *item, const char *chan_base)
{
    char *base = feed_xml_base(item, chan_base);
    struct feed_entry tmp = {0};
    tmp.title = feed_xml_plain(c, feed_xml_child(item, "title"));
    tmp.link = item_link(c, item, base);
    tmp.id = feed_xml_value(c, feed_xml_child(item, "guid"));
    if (!tmp.id)
        tmp.id = feed_xml_attr(item, "rdf:about");
    tmp.summary = first_plain(c, item, "description", "dc:description");
    tmp.content = feed_xml_text(c, feed_xml_child(item, "content:encoded"), FEED_MAX_CONTENT);
    tmp.author = first_plain(c, item, "dc:creator", "author");
    tmp.image = find_image(item, base);
    tmp.lang = feed_xml_value(c, feed_xml_child(item, "dc:language"));
    if (!tmp.lang)
        tmp.lang = feed_xml_lang(item);
    tmp.published = feed_xml_date(c, feed_xml_child(item, "pubDate"));
    if (!tmp.published)
        tmp.published = feed_xml_date(c, feed_xml_child(item, "dc:date"));
    tmp.updated = feed_xml_date(c, feed_xml_child(item, "dcterms:modified"));
    if (!tmp.updated)
        tmp.updated = feed_xml_date(c, feed_xml_child(item, "atom:updated"));
    free(base);
    feed_commit_entry(c, &tmp);
}

static void channel_meta(struct feed_ctx *c, const xmlNode *ch)
{
    struct feed *f = c->feed;
    char *base = feed_xml_base(ch, c->base_url);
    f->title = feed_xml_plain(c, feed_xml_child(ch, "title"));
    char *raw = feed_xml_value(c, feed_xml_child(ch, "link"));
    f->link = raw ? feed_text_resolve(base, raw) : atom_alternate(ch, base);
    free(raw);
    f->lang = feed_xml_value(c, feed_xml_child(ch, "language"));
    if (!f->lang)
        f->lang = feed_xml_value(c, feed_xml_child(ch, "dc:language"));
    if (!f->lang)
        f->lang = feed_xml_lang(ch);
    free(base);
}

/* Items of RSS 2.0 live in <channel>; RDF and RSS 0.90 put them beside it. */
static void parse_items(struct feed_ctx *c, const xmlNode *parent, const char *base)
{
    for (xmlNode *k = parent->children; k && c->rc == HERALD_OK; k = k->next)
        if (feed_xml_is(k, "item"))
            parse_item(c, k, base);
}

herald_rc feed_rss_parse(struct feed_ctx *c, xmlNode *root, bool rdf)
{
    xmlNode *ch = feed_xml_child(root, "channel");
    if (!ch && !feed_xml_child(root, "item"))
        return herald_error_set(HERALD_EPARSE, "not a feed: <%s> without <channel>",
                                rdf ? "rdf:RDF" : "rss");
    channel_meta(c, ch ? ch : root);
    /* Relative item links resolve against the channel link when it is absolute. */
    const char *base = c->feed->link && strstr(c->feed->link, "://") ? c->feed->link : c->base_url;
    if (ch)
        parse_items(c, ch, base);
    parse_items(c, root, base);
    return HERALD_OK;
}
