/* Text helpers for feed fields: HTML fragments to plain text (tags dropped,
 * entities decoded) and relative link resolution with libxml2's URI code. */
#include "feed/feed_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>

#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Tags that separate words when dropped. */
static bool is_block(const char *tag, size_t n)
{
    static const char *const blocks[] = {
        "br", "p",  "div", "li", "ul",    "ol",         "tr",  "td", "th",     "h1",        "h2",
        "h3", "h4", "h5",  "h6", "table", "blockquote", "img", "hr", "figure", "figcaption"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (strlen(blocks[i]) == n && strncasecmp(blocks[i], tag, n) == 0)
            return true;
    return false;
}

/* Skips the tag starting at p ('<'); returns the byte after it. Drops the
 * content of script and style elements too. Appends a space for block tags. */
static const char *skip_tag(struct buf *b, const char *p)
{
    const char *name = p + 1 + (p[1] == '/');
    size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    const char *end = strchr(p, '>');
    if (!end)
        return p + strlen(p);
    if (is_block(name, n))
        buf_putc(b, ' ');
    if (p[1] != '/' && ((n == 6 && strncasecmp(name, "script", 6) == 0) ||
                        (n == 5 && strncasecmp(name, "style", 5) == 0))) {
        const char *close = strcasestr(end, n == 6 ? "</script" : "</style");
        return close ? skip_tag(b, close) : end + strlen(end);
    }
    return end + 1;
}

/* Decodes the entity at p ('&') into b; returns the byte after it, or p + 1
 * (with '&' appended) when it is not an entity. */
static const char *entity(struct buf *b, const char *p)
{
    const char *semi = strchr(p, ';');
    unsigned long cp = 0;
    if (semi && semi - p <= 32 && semi - p >= 2) {
        char name[40];
        memcpy(name, p + 1, (size_t)(semi - p - 1));
        name[semi - p - 1] = '\0';
        if (name[0] == '#') {
            char *e;
            cp = (name[1] == 'x' || name[1] == 'X') ? strtoul(name + 2, &e, 16)
                                                    : strtoul(name + 1, &e, 10);
            cp = (*e || cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) ? 0 : cp;
        } else {
            const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
            cp = d ? d->value : 0;
        }
    }
    if (!cp) {
        buf_putc(b, '&');
        return p + 1;
    }
    xmlChar u[8];
    int l = xmlCopyCharMultiByte(u, (int)cp);
    buf_append(b, u, l > 0 ? (size_t)l : 0);
    return semi + 1;
}

char *feed_text_plain(const char *html)
{
    struct buf b;
    buf_init(&b, 0);
    const char *p = html;
    while (*p) {
        if (*p == '<' &&
            (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
            p = skip_tag(&b, p);
        else if (*p == '&')
            p = entity(&b, p);
        else
            buf_putc(&b, *p++);
    }
    char *s = buf_steal(&b);
    if (str_blank(str_squeeze(s))) {
        free(s);
        return NULL;
    }
    return s;
}

static bool script_scheme(const char *s)
{
    return str_istartswith(s, "javascript:") || str_istartswith(s, "data:") ||
           str_istartswith(s, "vbscript:");
}

char *feed_text_resolve(const char *base, const char *ref)
{
    char *r = str_clean_dup(ref);
    if (!r || script_scheme(r)) {
        free(r);
        return NULL;
    }
    if (!base || str_blank(base))
        return r;
    xmlChar *u = xmlBuildURI((const xmlChar *)r, (const xmlChar *)base);
    if (u) {
        free(r);
        r = xstrdup((const char *)u);
        xmlFree(u);
    }
    return r;
}
