/* DOM-to-text serialisation: block elements (paragraphs, headings, list
 * items, table rows) become paragraphs separated by "\n\n", <br> a line
 * break, table cells a space; inline text is kept with whitespace squeezed. */
#include <string.h>

#include "extract/extract_internal.h"
#include "util/buf.h"

enum gap { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARA };

struct writer {
    struct buf out;
    enum gap pending;
    int pre;   /* depth of <pre> */
    bool flat; /* every gap is a space */
};

static void want(struct writer *w, enum gap g)
{
    if (w->flat && g > GAP_SPACE)
        g = GAP_SPACE;
    if (g > w->pending)
        w->pending = g;
}

static void flush_gap(struct writer *w)
{
    if (w->out.len && w->pending)
        buf_puts(&w->out, w->pending == GAP_PARA ? "\n\n" : w->pending == GAP_LINE ? "\n" : " ");
    w->pending = GAP_NONE;
}

/* Returns the length of a whitespace sequence at s (0 when none). */
static size_t space_at(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
        return 1;
    if (s[0] == 0xc2 && s[1] == 0xa0)
        return 2;
    if (s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xaf))
        return 3;
    if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

static void put_text(struct writer *w, const unsigned char *s)
{
    while (s && *s) {
        size_t sp = space_at(s);
        if (sp) {
            want(w, w->pre && *s == '\n' ? GAP_LINE : GAP_SPACE);
            s += sp;
            continue;
        }
        const unsigned char *e = s;
        while (*e && !space_at(e))
            e++;
        flush_gap(w);
        buf_append(&w->out, s, (size_t)(e - s));
        s = e;
    }
}

static enum gap gap_of(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    if (!strcmp(nm, "br"))
        return GAP_LINE;
    if (!strcmp(nm, "td") || !strcmp(nm, "th"))
        return GAP_SPACE;
    enum tagkind k = extract_node_kind(n->name);
    if (k == TAG_BLOCK || k == TAG_JUNK)
        return GAP_PARA;
    if (!strcmp(nm, "img") || !strcmp(nm, "wbr"))
        return GAP_NONE;
    return GAP_NONE;
}

static void on_enter(struct writer *w, xmlNodePtr n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        put_text(w, n->content);
    else if (n->type == XML_ELEMENT_NODE) {
        want(w, gap_of(n));
        if (extract_node_is(n, "pre"))
            w->pre++;
    }
}

static void on_leave(struct writer *w, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE)
        return;
    want(w, gap_of(n));
    if (extract_node_is(n, "pre"))
        w->pre--;
}

static char *serialise(xmlNodePtr root, bool flat)
{
    struct writer w = {.flat = flat};
    buf_init(&w.out, 0); /* bounded by the parsed document's own size */
    xmlNodePtr n = root;
    while (n) {
        on_enter(&w, n);
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            on_leave(&w, n);
            n = n->parent;
        }
        on_leave(&w, n);
        if (n == root)
            break;
        n = n->next;
    }
    if (!w.out.len) {
        buf_free(&w.out);
        return NULL;
    }
    return buf_steal(&w.out);
}

char *extract_text_of(xmlNodePtr n)
{
    return n ? serialise(n, false) : NULL;
}

char *extract_text_inline(xmlNodePtr n)
{
    return n ? serialise(n, true) : NULL;
}
