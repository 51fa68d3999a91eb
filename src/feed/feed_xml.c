/* libxml2 helpers for the feed and OPML parsers: a safe document reader
 * (UTF-8 first, recover mode, no network, no entity substitution), namespace
 * tolerant element matching and capped text extraction. */
#include "feed/feed_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/entities.h>
#include <libxml/parser.h>

#include "text/charset.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define XML_FLAGS                                                                                  \
    (XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |               \
     XML_PARSE_IGNORE_ENC)

/* Namespace URIs and the canonical prefix feed_xml_is() uses for them; ""
 * means "match by local name" (the format's own default namespace). */
static const struct {
    const char *uri, *prefix;
} ns_map[] = {
    {"http://www.w3.org/2005/Atom", "atom"},
    {"http://purl.org/atom/ns#", "atom"},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://backend.userland.com/rss2", ""},
    {"http://www.sitemaps.org/schemas/sitemap/0.9", ""},
    {"http://www.google.com/schemas/sitemap/0.84", ""},
    {"http://www.google.com/schemas/sitemap-news/0.9", "news"},
    {"http://www.google.com/schemas/sitemap-image/1.1", "image"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
};

static const char *canonical_prefix(const xmlNode *n)
{
    if (!n->ns || !n->ns->href)
        return "";
    for (size_t i = 0; i < sizeof ns_map / sizeof *ns_map; i++)
        if (strcmp((const char *)n->ns->href, ns_map[i].uri) == 0)
            return ns_map[i].prefix;
    return n->ns->prefix ? (const char *)n->ns->prefix : "";
}

bool feed_xml_is(const xmlNode *n, const char *key)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return false;
    const char *prefix = canonical_prefix(n), *name = (const char *)n->name;
    size_t pl = strlen(prefix);
    if (pl == 0)
        return strcmp(name, key) == 0;
    return strncmp(key, prefix, pl) == 0 && key[pl] == ':' && strcmp(key + pl + 1, name) == 0;
}

xmlNode *feed_xml_child(const xmlNode *n, const char *key)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (feed_xml_is(c, key))
            return c;
    return NULL;
}

static bool all_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n", s[i]))
            return false;
    return true;
}

/* Returns true when the name at p (after '&', up to ';') is an HTML entity
 * other than XML's five; *cp gets its code point. */
static bool html_entity(const char *p, size_t n, unsigned *cp)
{
    char name[16];
    if (n == 0 || n >= sizeof name)
        return false;
    memcpy(name, p, n);
    name[n] = '\0';
    if (!strcmp(name, "amp") || !strcmp(name, "lt") || !strcmp(name, "gt") ||
        !strcmp(name, "quot") || !strcmp(name, "apos"))
        return false;
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e ? (*cp = e->value, true) : false;
}

/* Length of a well-formed reference body at p (after '&', through ';'):
 * "#123;", "#x1F;" or "name;"; 0 when p does not start one. */
static size_t ref_len(const char *p, const char *end)
{
    size_t n = 0;
    if (p < end && *p == '#') {
        n = 1 + (p + 1 < end && (p[1] == 'x' || p[1] == 'X'));
        size_t d = n;
        while (p + n < end && n < 12 && isxdigit((unsigned char)p[n]))
            n++;
        return n > d && p + n < end && p[n] == ';' ? n + 1 : 0;
    }
    if (p < end && !(isalpha((unsigned char)*p) || *p == '_'))
        return 0;
    while (p + n < end && n < 32 && (isalnum((unsigned char)p[n]) || strchr("_.-", p[n])))
        n++;
    return n && p + n < end && p[n] == ';' ? n + 1 : 0;
}

/* Appends the reference at u[i] ('&') repaired; returns the bytes used. A
 * bare '&' becomes "&amp;", an HTML named entity (&nbsp; &eacute;, which
 * feeds use undeclared and libxml2 would drop) a numeric reference. */
static size_t fix_ref(struct buf *b, const char *p, const char *end)
{
    size_t n = ref_len(p + 1, end);
    unsigned cp;
    if (n == 0)
        buf_puts(b, "&amp;");
    else if (html_entity(p + 1, n - 1, &cp))
        buf_printf(b, "&#%u;", cp);
    else
        buf_append(b, p, n + 1);
    return n + 1;
}

/* Copies the section at p verbatim when it is CDATA or a comment; returns
 * the bytes copied (0 when it is neither). */
static size_t verbatim(struct buf *b, const char *p, const char *end)
{
    const char *close = NULL;
    if ((size_t)(end - p) >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
        close = memmem(p, (size_t)(end - p), "]]>", 3);
    else if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0)
        close = memmem(p, (size_t)(end - p), "-->", 3);
    else
        return 0;
    size_t n = close ? (size_t)(close - p) + 3 : (size_t)(end - p);
    buf_append(b, p, n);
    return n;
}

/* Returns a copy of the len bytes at u with entity references repaired
 * outside CDATA and comments (see fix_ref()); length in *out_len. */
static char *repair_refs(const char *u, size_t len, size_t *out_len)
{
    struct buf b;
    const char *p = u, *end = u + len;
    buf_init(&b, 0);
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p)),
                   *lt = memchr(p, '<', (size_t)(end - p));
        const char *next = !amp ? lt : !lt ? amp : amp < lt ? amp : lt;
        if (!next) {
            buf_append(&b, p, (size_t)(end - p));
            break;
        }
        buf_append(&b, p, (size_t)(next - p));
        size_t n = *next == '&' ? fix_ref(&b, next, end) : verbatim(&b, next, end);
        if (n == 0)
            buf_putc(&b, '<'), n = 1;
        p = next + n;
    }
    *out_len = b.len;
    return buf_steal(&b);
}

/* Names what the unparseable text at p (NUL-terminated) looks like. */
static const char *why_not_xml(const char *p)
{
    if (*p != '<')
        return "not XML";
    char head[1025];
    snprintf(head, sizeof head, "%s", p);
    return strcasestr(head, "<html") || strcasestr(head, "<!doctype html") ? "HTML page"
                                                                           : "unrecoverable XML";
}

herald_rc feed_xml_read(xmlDoc **out, const char *data, size_t len, const char *content_type,
                        const char *base_url)
{
    char *u = NULL, *cs = NULL;
    size_t ulen = 0;
    herald_rc rc = HERALD_OK;
    *out = NULL;
    if (len > FEED_MAX_INPUT)
        return herald_error_set(HERALD_ETOOBIG, "input over %u bytes", FEED_MAX_INPUT);
    if (!data || all_space(data, len))
        return herald_error_set(HERALD_EPARSE, "empty input");
    cs = charset_from_content_type(content_type);
    charset_to_utf8(&u, &ulen, data, len, cs, NULL);
    size_t rlen;
    char *r = memchr(u, '&', ulen) ? repair_refs(u, ulen, &rlen) : NULL;
    if (r) {
        free(u);
        u = r;
        ulen = rlen;
    }
    const char *p = u;
    while (p < u + ulen && strchr(" \t\r\n", *p))
        p++;
    *out = xmlReadMemory(p, (int)(ulen - (size_t)(p - u)), base_url, "UTF-8", XML_FLAGS);
    if (!*out || !xmlDocGetRootElement(*out)) {
        xmlFreeDoc(*out);
        *out = NULL;
        rc = herald_error_set(HERALD_EPARSE, "not a feed: %s", why_not_xml(p));
    }
    free(u);
    free(cs);
    return rc;
}

static herald_rc collect(struct buf *b, const xmlNode *n)
{
    herald_rc rc = HERALD_OK;
    for (const xmlNode *c = n->children; c && rc == HERALD_OK; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
            rc = buf_puts(b, (const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE)
            rc = collect(b, c);
    }
    return rc;
}

static char *cap_error(struct feed_ctx *c, const xmlNode *n, size_t cap)
{
    if (c->rc == HERALD_OK)
        c->rc = herald_error_set(HERALD_ETOOBIG, "<%s> over %zu bytes", (const char *)n->name, cap);
    return NULL;
}

char *feed_xml_text(struct feed_ctx *c, const xmlNode *n, size_t cap)
{
    struct buf b;
    if (!n)
        return NULL;
    buf_init(&b, cap);
    if (collect(&b, n) != HERALD_OK) {
        buf_free(&b);
        return cap_error(c, n, cap);
    }
    if (str_blank(buf_str(&b))) {
        buf_free(&b);
        return NULL;
    }
    return buf_steal(&b);
}

char *feed_xml_plain(struct feed_ctx *c, const xmlNode *n)
{
    char *raw = feed_xml_text(c, n, FEED_MAX_FIELD);
    char *s = raw ? feed_text_plain(raw) : NULL;
    free(raw);
    return s;
}

char *feed_xml_value(struct feed_ctx *c, const xmlNode *n)
{
    char *s = feed_xml_text(c, n, FEED_MAX_FIELD);
    return s ? str_squeeze(s) : NULL;
}

char *feed_xml_attr(const xmlNode *n, const char *name)
{
    xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    char *s = v ? str_clean_dup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

char *feed_xml_inner(struct feed_ctx *c, const xmlNode *n, size_t cap)
{
    xmlBuffer *xb = xmlBufferCreate();
    char *s = NULL;
    for (xmlNode *k = n->children; k; k = k->next) {
        xmlNodeDump(xb, n->doc, k, 0, 0);
        if ((size_t)xmlBufferLength(xb) > cap) {
            xmlBufferFree(xb);
            return cap_error(c, n, cap);
        }
    }
    if (!str_blank((const char *)xmlBufferContent(xb)))
        s = xstrdup((const char *)xmlBufferContent(xb));
    xmlBufferFree(xb);
    return s;
}

static char *own(xmlChar *v)
{
    char *s = v ? str_clean_dup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

char *feed_xml_base(const xmlNode *n, const char *fallback)
{
    for (const xmlNode *a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (xmlHasNsProp(a, (const xmlChar *)"base", XML_XML_NAMESPACE))
            return own(xmlNodeGetBase(n->doc, n));
    return fallback ? xstrdup(fallback) : NULL;
}

char *feed_xml_href(const xmlNode *n, const char *name, const char *base)
{
    char *v = feed_xml_attr(n, name);
    char *s = v ? feed_text_resolve(base, v) : NULL;
    free(v);
    return s;
}

char *feed_xml_lang(const xmlNode *n)
{
    return own(xmlNodeGetLang(n));
}

int64_t feed_xml_date(struct feed_ctx *c, const xmlNode *n)
{
    int64_t t = 0;
    char *s = feed_xml_value(c, n);
    if (s && date_parse(&t, s) != HERALD_OK)
        t = 0;
    free(s);
    return t;
}
