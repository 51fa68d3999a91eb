/* Element classification, attribute access and the per-node statistics
 * (text, link text, commas, paragraphs) that the cleaning and scoring of
 * the main content work from. Traversals are iterative: depth is untrusted. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/extract_internal.h"
#include "util/xalloc.h"

struct tagdef {
    const char *name;
    enum tagkind kind;
};

/* Sorted by name for bsearch. */
static const struct tagdef tags[] = {
    {"address", TAG_BLOCK},   {"applet", TAG_JUNK},      {"area", TAG_JUNK},
    {"article", TAG_BLOCK},   {"aside", TAG_JUNK},       {"audio", TAG_JUNK},
    {"base", TAG_JUNK},       {"blockquote", TAG_BLOCK}, {"body", TAG_BLOCK},
    {"button", TAG_JUNK},     {"canvas", TAG_JUNK},      {"caption", TAG_BLOCK},
    {"center", TAG_BLOCK},    {"dd", TAG_BLOCK},         {"details", TAG_BLOCK},
    {"dialog", TAG_JUNK},     {"div", TAG_BLOCK},        {"dl", TAG_BLOCK},
    {"dt", TAG_BLOCK},        {"embed", TAG_JUNK},       {"fieldset", TAG_BLOCK},
    {"figcaption", TAG_JUNK}, {"figure", TAG_BLOCK},     {"footer", TAG_JUNK},
    {"form", TAG_BLOCK},      {"frame", TAG_JUNK},       {"frameset", TAG_JUNK},
    {"h1", TAG_BLOCK},        {"h2", TAG_BLOCK},         {"h3", TAG_BLOCK},
    {"h4", TAG_BLOCK},        {"h5", TAG_BLOCK},         {"h6", TAG_BLOCK},
    {"head", TAG_BLOCK},      {"header", TAG_BLOCK},     {"hr", TAG_BLOCK},
    {"html", TAG_BLOCK},      {"iframe", TAG_JUNK},      {"input", TAG_JUNK},
    {"legend", TAG_BLOCK},    {"li", TAG_BLOCK},         {"link", TAG_JUNK},
    {"main", TAG_BLOCK},      {"map", TAG_JUNK},         {"math", TAG_JUNK},
    {"menu", TAG_JUNK},       {"meta", TAG_JUNK},        {"nav", TAG_JUNK},
    {"noscript", TAG_JUNK},   {"object", TAG_JUNK},      {"ol", TAG_BLOCK},
    {"optgroup", TAG_JUNK},   {"option", TAG_JUNK},      {"p", TAG_BLOCK},
    {"pre", TAG_BLOCK},       {"rp", TAG_JUNK},          {"rt", TAG_JUNK},
    {"script", TAG_JUNK},     {"section", TAG_BLOCK},    {"select", TAG_JUNK},
    {"source", TAG_JUNK},     {"style", TAG_JUNK},       {"summary", TAG_BLOCK},
    {"svg", TAG_JUNK},        {"table", TAG_BLOCK},      {"tbody", TAG_BLOCK},
    {"td", TAG_BLOCK},        {"template", TAG_JUNK},    {"textarea", TAG_JUNK},
    {"tfoot", TAG_BLOCK},     {"th", TAG_BLOCK},         {"thead", TAG_BLOCK},
    {"title", TAG_JUNK},      {"tr", TAG_BLOCK},         {"track", TAG_JUNK},
    {"ul", TAG_BLOCK},        {"video", TAG_JUNK},
};

static int tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct tagdef *)elem)->name);
}

enum tagkind extract_node_kind(const xmlChar *name)
{
    if (!name)
        return TAG_OTHER;
    const struct tagdef *t =
        bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tag_cmp);
    return t ? t->kind : TAG_INLINE;
}

bool extract_node_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && !strcmp((const char *)n->name, name);
}

const char *extract_node_attr(xmlNodePtr n, const char *attr)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, attr))
            continue;
        if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
            return (const char *)a->children->content;
        return a->children ? NULL : "";
    }
    return NULL;
}

char *extract_node_attr_lower(xmlNodePtr n, const char *attr)
{
    const char *v = extract_node_attr(n, attr);
    if (!v)
        return NULL;
    char *s = xstrdup(v);
    for (char *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p + 32);
    return s;
}

/* Adds the counts of a text node to st. */
static void count_text(struct nstat *st, const unsigned char *s)
{
    for (; s && *s; s++) {
        unsigned char c = *s;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f')
            continue;
        st->text++;
        if (c == ',')
            st->commas++;
        else if (c == 0xef && s[1] == 0xbc && s[2] == 0x8c) /* U+FF0C */
            st->commas++;
        else if (c == 0xe3 && s[1] == 0x80 && s[2] == 0x81) /* U+3001 */
            st->commas++;
    }
}

static bool paragraph_like(xmlNodePtr n, const struct nstat *st)
{
    const char *nm = (const char *)n->name;
    if (!strcmp(nm, "p") || !strcmp(nm, "pre") || !strcmp(nm, "td") || !strcmp(nm, "blockquote"))
        return true;
    if (!strcmp(nm, "li") || !strcmp(nm, "dd") || (nm[0] == 'h' && nm[1] >= '2' && nm[1] <= '6'))
        return true;
    return !st->has_block &&
           (!strcmp(nm, "div") || !strcmp(nm, "section") || !strcmp(nm, "article") ||
            !strcmp(nm, "font") || !strcmp(nm, "span") || !strcmp(nm, "center"));
}

/* Finishes element n: link text, paragraph counts, then adds to its parent. */
static void leave(xmlNodePtr n)
{
    struct nstat *st = n->_private;
    if (extract_node_is(n, "a"))
        st->link = st->text;
    if (paragraph_like(n, st) && st->text >= 25 && st->link * 2 < st->text) {
        st->paras = 1;
        st->para = true;
        st->good = st->text;
    }
    struct nstat *p = nstat_of(n->parent);
    if (!p)
        return;
    p->text += st->text;
    p->link += st->link;
    p->commas += st->commas;
    p->paras += st->paras;
    p->good += st->good;
    if (extract_node_kind(n->name) == TAG_BLOCK || extract_node_is(n, "br"))
        p->has_block = true;
}

static void enter(struct nstats *st, xmlNodePtr n)
{
    if (n->type == XML_ELEMENT_NODE) {
        if (st->n == st->cap) {
            st->cap = st->cap ? st->cap * 2 : 1024;
            st->v = xrealloc(st->v, st->cap * sizeof *st->v);
        }
        n->_private = (void *)(uintptr_t)(st->n + 1); /* index + 1 until the table settles */
        memset(&st->v[st->n++], 0, sizeof st->v[0]);
    }
}

/* Turns the index + 1 stored in every element's _private into a pointer. */
static void settle(struct nstats *st, xmlNodePtr root)
{
    for (xmlNodePtr n = root; n; n = extract_tree_next(n, root))
        if (n->type == XML_ELEMENT_NODE)
            n->_private = &st->v[(uintptr_t)n->_private - 1];
}

/* Accumulates bottom-up; every element already has its stat. */
static void accumulate(xmlNodePtr root)
{
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            struct nstat *p = nstat_of(n->parent);
            if (p)
                count_text(p, n->content);
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            if (n->type == XML_ELEMENT_NODE)
                leave(n);
            n = n->parent;
        }
        if (n->type == XML_ELEMENT_NODE && n != root)
            leave(n);
        if (n == root)
            break;
        n = n->next;
    }
}

void extract_node_stats(struct nstats *st, xmlNodePtr root)
{
    st->n = 0;
    if (!root || root->type != XML_ELEMENT_NODE)
        return;
    for (xmlNodePtr n = root; n; n = extract_tree_next(n, root))
        enter(st, n);
    settle(st, root);
    accumulate(root);
    if (extract_node_is(root, "a"))
        nstat_of(root)->link = nstat_of(root)->text;
}

void extract_node_stats_free(struct nstats *st)
{
    free(st->v);
    st->v = NULL;
    st->n = st->cap = 0;
}

double extract_node_link_density(xmlNodePtr n)
{
    struct nstat *st = nstat_of(n);
    if (!st || !st->text)
        return 0;
    return (double)st->link / st->text;
}

xmlNodePtr extract_node_find(xmlNodePtr root, const char *name)
{
    for (xmlNodePtr n = root; n; n = extract_tree_next(n, root))
        if (extract_node_is(n, name))
            return n;
    return NULL;
}
