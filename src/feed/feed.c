/* Feed entry point: detects the format (JSON, or the XML root element),
 * dispatches to the per-format parser, and owns struct feed's memory and
 * its JSON rendering. */
#include "feed/feed.h"

#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <libxml/parser.h>

#include "feed/feed_internal.h"
#include "text/charset.h"
#include "util/date.h"
#include "util/xalloc.h"

static void entry_free(struct feed_entry *e)
{
    free(e->id);
    free(e->title);
    free(e->link);
    free(e->summary);
    free(e->content);
    free(e->author);
    free(e->image);
    free(e->lang);
}

static bool room(struct feed_ctx *c)
{
    struct feed *f = c->feed;
    if (f->n_entries >= FEED_MAX_ENTRIES) {
        if (c->rc == HERALD_OK)
            c->rc = herald_error_set(HERALD_ETOOBIG, "more than %d entries", FEED_MAX_ENTRIES);
        return false;
    }
    if (f->n_entries == c->cap_entries) {
        c->cap_entries = c->cap_entries ? c->cap_entries * 2 : 16;
        f->entries = xrealloc(f->entries, c->cap_entries * sizeof *f->entries);
    }
    return true;
}

void feed_commit_entry(struct feed_ctx *c, struct feed_entry *e)
{
    if (!(e->id || e->link || e->title) || !room(c)) {
        entry_free(e);
    } else {
        if (!e->id && e->link)
            e->id = xstrdup(e->link);
        if (!e->published)
            e->published = e->updated;
        c->feed->entries[c->feed->n_entries++] = *e;
    }
    memset(e, 0, sizeof *e);
}

void feed_free(struct feed *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_entries; i++)
        entry_free(&f->entries[i]);
    free(f->entries);
    free(f->title);
    free(f->link);
    free(f->lang);
    free(f);
}

const char *feed_format_name(enum feed_format f)
{
    static const char *const names[] = {"rss", "rdf", "atom", "json", "sitemap", "sitemap-index"};
    return (unsigned)f < sizeof names / sizeof *names ? names[f] : "unknown";
}

/* JSON when the media type says so or the first non-space byte is '{'. */
static bool looks_json(const char *data, size_t len, const char *content_type)
{
    if (content_type && strstr(content_type, "json"))
        return true;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    return i < len && data[i] == '{';
}

static herald_rc parse_json(struct feed_ctx *c, const char *data, size_t len)
{
    char *u = NULL;
    size_t ulen = 0;
    charset_to_utf8(&u, &ulen, data, len, "utf-8", NULL);
    c->feed->format = FEED_JSON;
    herald_rc rc = feed_json_parse(c, u, ulen);
    free(u);
    return rc;
}

static herald_rc parse_xml(struct feed_ctx *c, const char *data, size_t len,
                           const char *content_type)
{
    xmlDoc *doc = NULL;
    herald_rc rc = feed_xml_read(&doc, data, len, content_type, c->base_url);
    if (rc != HERALD_OK)
        return rc;
    xmlNode *root = xmlDocGetRootElement(doc);
    struct feed *f = c->feed;
    if (feed_xml_is(root, "rss"))
        rc = (f->format = FEED_RSS, feed_rss_parse(c, root, false));
    else if (feed_xml_is(root, "rdf:RDF"))
        rc = (f->format = FEED_RDF, feed_rss_parse(c, root, true));
    else if (feed_xml_is(root, "atom:feed") || feed_xml_is(root, "feed"))
        rc = (f->format = FEED_ATOM, feed_atom_parse(c, root));
    else if (feed_xml_is(root, "urlset"))
        rc = (f->format = FEED_SITEMAP, feed_sitemap_parse(c, root, false));
    else if (feed_xml_is(root, "sitemapindex"))
        rc = (f->format = FEED_SITEMAP_INDEX, feed_sitemap_parse(c, root, true));
    else
        rc = herald_error_set(HERALD_EPARSE, "not a feed: root element <%.40s>",
                              (const char *)root->name);
    if (rc == HERALD_OK && !(doc->properties & XML_DOC_WELLFORMED) && !f->title &&
        f->n_entries == 0)
        rc = herald_error_set(HERALD_EPARSE, "not a feed: malformed XML, nothing recovered");
    xmlFreeDoc(doc);
    return rc;
}

herald_rc feed_parse(struct feed **out, const char *data, size_t len, const char *content_type,
                     const char *base_url)
{
    struct feed_ctx c = {.feed = xcalloc(1, sizeof(struct feed)), .base_url = base_url};
    herald_rc rc;
    *out = NULL;
    if (len > FEED_MAX_INPUT) {
        rc = herald_error_set(HERALD_ETOOBIG, "input over %u bytes", FEED_MAX_INPUT);
        goto done;
    }
    if (len && looks_json(data, len, content_type))
        rc = parse_json(&c, data, len);
    else
        rc = parse_xml(&c, data, len, content_type);
    if (rc == HERALD_OK)
        rc = c.rc;
    for (size_t i = 0; rc == HERALD_OK && c.feed->lang && i < c.feed->n_entries; i++)
        if (!c.feed->entries[i].lang)
            c.feed->entries[i].lang = xstrdup(c.feed->lang);
done:
    if (rc != HERALD_OK)
        feed_free(c.feed);
    else
        *out = c.feed;
    return rc;
}

static json_t *jstr(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    return j ? j : json_null();
}

static json_t *jdate(int64_t t)
{
    char iso[32];
    return t ? json_string(date_format_iso(iso, t)) : json_null();
}

static json_t *entry_json(const struct feed_entry *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", jstr(e->id));
    json_object_set_new(o, "title", jstr(e->title));
    json_object_set_new(o, "link", jstr(e->link));
    json_object_set_new(o, "published", jdate(e->published));
    json_object_set_new(o, "updated", jdate(e->updated));
    json_object_set_new(o, "summary", jstr(e->summary));
    json_object_set_new(o, "content", jstr(e->content));
    json_object_set_new(o, "author", jstr(e->author));
    json_object_set_new(o, "image", jstr(e->image));
    json_object_set_new(o, "lang", jstr(e->lang));
    return o;
}

char *feed_to_json(const struct feed *f)
{
    json_t *o = json_object(), *a = json_array();
    json_object_set_new(o, "format", json_string(feed_format_name(f->format)));
    json_object_set_new(o, "title", jstr(f->title));
    json_object_set_new(o, "link", jstr(f->link));
    json_object_set_new(o, "lang", jstr(f->lang));
    for (size_t i = 0; i < f->n_entries; i++)
        json_array_append_new(a, entry_json(&f->entries[i]));
    json_object_set_new(o, "entries", a);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        abort(); /* only out of memory */
    return s;
}
