/* DOM-to-text serialisation: block elements (paragraphs, headings, list
 * items, table rows) become paragraphs separated by "\n\n", <br> a line
 * break, table cells a space; inline text is kept with whitespace squeezed. */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_internal.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

enum gap { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARA };

/* One output paragraph: where it lies in out and what it is made of. */
struct para {
    size_t start, end; /* byte offsets in out */
    size_t len, link;  /* non-space text bytes, of which inside <a> */
    bool heading, sentence;
    enum pclass { P_BAD, P_SHORT, P_NEAR, P_GOOD } cls;
};

struct writer {
    struct buf out;
    enum gap pending;
    int pre;     /* depth of <pre> */
    int anchor;  /* depth of <a> */
    int heading; /* depth of <h1>..<h6> */
    bool flat;   /* every gap is a space */
    struct para *p;
    size_t np, cap;
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
    bool start = !w->out.len || w->pending == GAP_PARA;
    if (w->out.len && w->pending)
        buf_puts(&w->out, w->pending == GAP_PARA ? "\n\n" : w->pending == GAP_LINE ? "\n" : " ");
    w->pending = GAP_NONE;
    if (start && !w->flat) {
        if (w->np == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 32;
            w->p = xrealloc(w->p, w->cap * sizeof *w->p);
        }
        w->p[w->np++] = (struct para){.start = w->out.len, .end = w->out.len};
    }
}

/* Records n text bytes just written at the end of out. */
static void note_text(struct writer *w, const unsigned char *s, size_t n)
{
    if (!w->np)
        return;
    struct para *p = &w->p[w->np - 1];
    p->end = w->out.len;
    p->len += n;
    if (w->anchor)
        p->link += n;
    if (w->heading)
        p->heading = true;
    unsigned char last = s[n - 1];
    if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' ||
        (n >= 3 && s[n - 3] == 0xe3 && s[n - 2] == 0x80 && s[n - 1] == 0x82))
        p->sentence = true;
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
        note_text(w, s, (size_t)(e - s));
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

static void depth(struct writer *w, xmlNodePtr n, int d)
{
    const char *nm = (const char *)n->name;
    if (!strcmp(nm, "pre"))
        w->pre += d;
    else if (!strcmp(nm, "a"))
        w->anchor += d;
    else if (nm[0] == 'h' && nm[1] >= '1' && nm[1] <= '6' && !nm[2])
        w->heading += d;
}

static void on_enter(struct writer *w, xmlNodePtr n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        put_text(w, n->content);
    else if (n->type == XML_ELEMENT_NODE) {
        want(w, gap_of(n));
        depth(w, n, 1);
    }
}

static void on_leave(struct writer *w, xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE)
        return;
    want(w, gap_of(n));
    depth(w, n, -1);
}

/* Is this short paragraph only a date or time ("2026-11-17 11:00")? A
 * dateline is metadata; kept in the text it would also make two copies of
 * one wire story differ. */
static bool dateline(const struct writer *w, const struct para *p)
{
    int64_t t;
    if (p->len >= 40 || p->end <= p->start)
        return false;
    char *s = str_squeeze(xstrndup(w->out.data + p->start, p->end - p->start));
    bool is_date = strlen(s) >= 8 && date_parse(&t, s) == HERALD_OK;
    free(s);
    return is_date;
}

/* First classification of a paragraph on its own (jusText-style). */
static enum pclass classify(const struct writer *w, const struct para *p)
{
    if (p->link * 2 > p->len || dateline(w, p))
        return P_BAD;
    if (p->len < 40)
        return P_SHORT;
    if (p->len >= 150 || (p->len >= 70 && p->sentence))
        return P_GOOD;
    return P_NEAR;
}

/* The class of the nearest good/bad paragraph from i in direction d, or
 * P_SHORT at the edge. */
static enum pclass neighbour(const struct para *p, size_t n, size_t i, int d)
{
    for (size_t j = i + d; j < n; j += d)
        if (p[j].cls == P_GOOD || p[j].cls == P_BAD)
            return p[j].cls;
    return P_SHORT;
}

/* Context: short and near-good paragraphs take their neighbours' class;
 * returns the kept paragraphs joined by blank lines, NULL when none. */
static char *keep_good(struct writer *w)
{
    size_t ngood = 0;
    for (size_t i = 0; i < w->np; i++)
        ngood += (w->p[i].cls = classify(w, &w->p[i])) == P_GOOD;
    for (size_t i = 0; i < w->np && !ngood; i++) /* short texts: near-good is good */
        if (w->p[i].cls == P_NEAR)
            w->p[i].cls = P_GOOD;
    struct buf out;
    buf_init(&out, 0);
    for (size_t i = 0; i < w->np; i++) {
        struct para *p = &w->p[i];
        enum pclass c = p->cls;
        if (c == P_SHORT || c == P_NEAR) {
            enum pclass a = neighbour(w->p, w->np, i, -1), b = neighbour(w->p, w->np, i, 1);
            if (c == P_SHORT && b == P_SHORT && a != P_SHORT)
                a = b = P_BAD; /* trailing short lines: credits, "more on this" */
            if (a == P_SHORT)
                a = b;
            if (b == P_SHORT)
                b = a;
            bool good = c == P_NEAR ? (a == P_GOOD || b == P_GOOD || a == P_SHORT)
                                    : (a != P_BAD && b != P_BAD);
            if (p->heading)
                good = neighbour(w->p, w->np, i, 1) == P_GOOD;
            c = good ? P_GOOD : P_BAD;
        }
        if (c != P_GOOD || p->end <= p->start)
            continue;
        if (out.len)
            buf_puts(&out, "\n\n");
        buf_append(&out, w->out.data + p->start, p->end - p->start);
    }
    return out.len ? buf_steal(&out) : (buf_free(&out), NULL);
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
    char *text = NULL;
    if (w.out.len)
        text = flat ? buf_steal(&w.out) : keep_good(&w);
    buf_free(&w.out);
    free(w.p);
    return text;
}

char *extract_text_of(xmlNodePtr n)
{
    return n ? serialise(n, false) : NULL;
}

char *extract_text_inline(xmlNodePtr n)
{
    return n ? serialise(n, true) : NULL;
}
