/* OPML 2.0 import and export of source lists. Parsing goes through the same
 * safe libxml2 reader as feeds; writing escapes every attribute so the output
 * round-trips through opml_parse(). */
#include "feed/opml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>

#include "feed/feed_internal.h"
#include "util/str.h"
#include "util/xalloc.h"

#define OPML_MAX_INTERVAL (60 * 24 * 366)

struct outlines {
    struct opml_outline *v;
    size_t n, cap;
};

/* herald:name in the herald namespace, else name in any or no namespace. */
static char *herald_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)HERALD_OPML_NS);
    if (!v)
        return feed_xml_attr(n, name);
    char *s = str_clean_dup((const char *)v);
    xmlFree(v);
    return s;
}

static int parse_interval(const char *s)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || end == s || *end || v <= 0 || v > OPML_MAX_INTERVAL)
        return 0;
    return (int)v;
}

static bool parse_enabled(const char *s)
{
    return !s || !(strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0 || strcasecmp(s, "no") == 0 ||
                   strcasecmp(s, "off") == 0);
}

static void read_outline(struct opml_outline *o, const xmlNode *n, char *xml_url)
{
    char *v;
    o->xml_url = xml_url;
    o->title = feed_xml_attr(n, "title");
    if (!o->title)
        o->title = feed_xml_attr(n, "text");
    o->html_url = feed_xml_attr(n, "htmlUrl");
    o->lang = feed_xml_attr(n, "language");
    o->country = herald_attr(n, "country");
    o->kind = herald_attr(n, "kind");
    v = herald_attr(n, "interval");
    o->poll_minutes = parse_interval(v);
    free(v);
    v = herald_attr(n, "enabled");
    o->enabled = parse_enabled(v);
    free(v);
}

/* Adds every outline under n with an xmlUrl, depth first. */
static herald_rc walk(struct outlines *acc, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!feed_xml_is(c, "outline"))
            continue;
        char *url = feed_xml_attr(c, "xmlUrl");
        if (!url)
            url = feed_xml_attr(c, "xmlurl");
        if (url) {
            if (acc->n == OPML_MAX_OUTLINES) {
                free(url);
                return herald_error_set(HERALD_ETOOBIG, "more than %d outlines", OPML_MAX_OUTLINES);
            }
            if (acc->n == acc->cap) {
                acc->cap = acc->cap ? acc->cap * 2 : 16;
                acc->v = xrealloc(acc->v, acc->cap * sizeof *acc->v);
            }
            read_outline(&acc->v[acc->n++], c, url);
        }
        herald_rc rc = walk(acc, c);
        if (rc != HERALD_OK)
            return rc;
    }
    return HERALD_OK;
}

herald_rc opml_parse(struct opml_outline **out, size_t *n_out, const char *data, size_t len)
{
    xmlDoc *doc = NULL;
    struct outlines acc = {0};
    *out = NULL;
    *n_out = 0;
    herald_rc rc = feed_xml_read(&doc, data, len, NULL, NULL);
    if (rc != HERALD_OK)
        goto done;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!feed_xml_is(root, "opml")) {
        rc = herald_error_set(HERALD_EPARSE, "not OPML: root element <%.40s>",
                              (const char *)root->name);
        goto done;
    }
    xmlNode *body = feed_xml_child(root, "body");
    rc = body ? walk(&acc, body) : HERALD_OK;
done:
    xmlFreeDoc(doc);
    if (rc != HERALD_OK) {
        opml_outlines_free(acc.v, acc.n);
        return rc;
    }
    *out = acc.v;
    *n_out = acc.n;
    return HERALD_OK;
}

void opml_outlines_free(struct opml_outline *o, size_t n)
{
    if (!o)
        return;
    for (size_t i = 0; i < n; i++) {
        free(o[i].title);
        free(o[i].xml_url);
        free(o[i].html_url);
        free(o[i].lang);
        free(o[i].country);
        free(o[i].kind);
    }
    free(o);
}

/* Appends s escaped for a double-quoted attribute or element text. */
static herald_rc put_escaped(struct buf *b, const char *s)
{
    herald_rc rc = HERALD_OK;
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == HERALD_OK; p++) {
        switch (*p) {
        case '&':
            rc = buf_puts(b, "&amp;");
            break;
        case '<':
            rc = buf_puts(b, "&lt;");
            break;
        case '>':
            rc = buf_puts(b, "&gt;");
            break;
        case '"':
            rc = buf_puts(b, "&quot;");
            break;
        case '\t':
        case '\n':
        case '\r':
            rc = buf_printf(b, "&#%d;", *p);
            break;
        default:
            if (*p >= 0x20)
                rc = buf_putc(b, (char)*p); /* other control bytes are not XML */
        }
    }
    return rc;
}

static herald_rc put_attr(struct buf *b, const char *name, const char *value)
{
    herald_rc rc = HERALD_OK;
    if (!value)
        return HERALD_OK;
    if ((rc = buf_printf(b, " %s=\"", name)) == HERALD_OK &&
        (rc = put_escaped(b, value)) == HERALD_OK)
        rc = buf_putc(b, '"');
    return rc;
}

static herald_rc put_outline(struct buf *b, const struct opml_outline *o)
{
    char interval[16];
    snprintf(interval, sizeof interval, "%d", o->poll_minutes);
    herald_rc rc = buf_puts(b, "    <outline type=\"rss\"");
    const char *text = o->title ? o->title : o->xml_url;
    if (rc == HERALD_OK)
        rc = put_attr(b, "text", text);
    if (rc == HERALD_OK)
        rc = put_attr(b, "title", o->title);
    if (rc == HERALD_OK)
        rc = put_attr(b, "xmlUrl", o->xml_url);
    if (rc == HERALD_OK)
        rc = put_attr(b, "htmlUrl", o->html_url);
    if (rc == HERALD_OK)
        rc = put_attr(b, "language", o->lang);
    if (rc == HERALD_OK)
        rc = put_attr(b, "herald:country", o->country);
    if (rc == HERALD_OK)
        rc = put_attr(b, "herald:kind", o->kind);
    if (rc == HERALD_OK)
        rc = put_attr(b, "herald:interval", o->poll_minutes > 0 ? interval : NULL);
    if (rc == HERALD_OK)
        rc = put_attr(b, "herald:enabled", o->enabled ? NULL : "false");
    return rc == HERALD_OK ? buf_puts(b, "/>\n") : rc;
}

herald_rc opml_write(struct buf *out, const char *title, const struct opml_outline *o, size_t n)
{
    herald_rc rc = buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                 "<opml version=\"2.0\" xmlns:herald=\"" HERALD_OPML_NS "\">\n"
                                 "  <head>\n    <title>");
    if (rc == HERALD_OK)
        rc = put_escaped(out, title ? title : "herald sources");
    if (rc == HERALD_OK)
        rc = buf_puts(out, "</title>\n  </head>\n  <body>\n");
    for (size_t i = 0; i < n && rc == HERALD_OK; i++)
        rc = put_outline(out, &o[i]);
    if (rc == HERALD_OK)
        rc = buf_puts(out, "  </body>\n</opml>\n");
    return rc;
}
