/* XML sitemaps: <urlset> (with Google News and image extensions) becomes
 * one entry per <url>; <sitemapindex> one entry per child sitemap, whose
 * link is the child sitemap's URL. */
#include "feed/feed_internal.h"

#include <stdlib.h>

#include "util/xalloc.h"

static char *loc(struct feed_ctx *c, const xmlNode *n, const char *key)
{
    char *raw = feed_xml_value(c, feed_xml_child(n, key));
    char *u = raw ? feed_text_resolve(c->base_url, raw) : NULL;
    free(raw);
    return u;
}

static void news(struct feed_ctx *c, struct feed_entry *e, const xmlNode *n)
{
    xmlNode *pub = feed_xml_child(n, "news:publication");
    e->title = feed_xml_plain(c, feed_xml_child(n, "news:title"));
    e->published = feed_xml_date(c, feed_xml_child(n, "news:publication_date"));
    e->lang = feed_xml_value(c, feed_xml_child(pub, "news:language"));
    if (!c->feed->title)
        c->feed->title = feed_xml_plain(c, feed_xml_child(pub, "news:name"));
}

static void parse_url(struct feed_ctx *c, const xmlNode *n)
{
    struct feed_entry e = {0};
    e.link = loc(c, n, "loc");
    if (!e.link)
        return; /* a <url> without <loc> names nothing */
    e.updated = feed_xml_date(c, feed_xml_child(n, "lastmod"));
    xmlNode *nw = feed_xml_child(n, "news:news");
    if (nw)
        news(c, &e, nw);
    xmlNode *img = feed_xml_child(n, "image:image");
    if (img)
        e.image = loc(c, img, "image:loc");
    feed_commit_entry(c, &e);
}

herald_rc feed_sitemap_parse(struct feed_ctx *c, xmlNode *root, bool index)
{
    const char *child = index ? "sitemap" : "url";
    for (xmlNode *k = root->children; k && c->rc == HERALD_OK; k = k->next)
        if (feed_xml_is(k, child))
            parse_url(c, k);
    return HERALD_OK;
}
