/* Private interface between the extraction files: per-node statistics,
 * element classification, boilerplate cleaning, main-content choice,
 * DOM-to-text serialisation and metadata collection. Not for other modules. */
#ifndef HERALD_EXTRACT_INTERNAL_H
#define HERALD_EXTRACT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "extract/extract.h"

/* Statistics of one element's subtree, hung on node->_private. */
struct nstat {
    uint32_t text;   /* non-space bytes of text */
    uint32_t link;   /* of which inside <a> */
    uint32_t commas; /* commas (ASCII and CJK) */
    uint32_t paras;  /* paragraph-like blocks with >= 25 bytes of text */
    uint32_t good;   /* text bytes inside those paragraph-like blocks */
    float score;     /* content score (readability-style) */
    bool scored;
    bool has_block; /* has a block-level child element */
    bool para;      /* is itself a paragraph-like block with >= 25 bytes */
};

/* A table of statistics for a document, indexed through node->_private. */
struct nstats {
    struct nstat *v;
    size_t n, cap;
};

/* Returns the statistics of element n, or NULL when none were computed. */
static inline struct nstat *nstat_of(xmlNodePtr n)
{
    return n && n->type == XML_ELEMENT_NODE ? (struct nstat *)n->_private : NULL;
}

/* extract_node.c: element names and attributes. */
enum tagkind { TAG_OTHER, TAG_BLOCK, TAG_JUNK, TAG_INLINE };
/* Returns how the element named name (lowercase) is treated. */
enum tagkind extract_node_kind(const xmlChar *name);
/* Returns true when element n is named name. */
bool extract_node_is(xmlNodePtr n, const char *name);
/* Returns the value of attribute attr of n, borrowed from the tree, or NULL
 * (also when the value is not a single text node). */
const char *extract_node_attr(xmlNodePtr n, const char *attr);
/* Returns a new lowercased copy of attribute attr of n, or NULL. Caller frees. */
char *extract_node_attr_lower(xmlNodePtr n, const char *attr);
/* Computes the statistics of every element under root into st, hanging
 * them on _private. A later call on the same table must cover the same
 * root or a part of it (the table is reused, never moved, then). */
void extract_node_stats(struct nstats *st, xmlNodePtr root);
/* Frees the table (the nodes' _private pointers dangle afterwards). */
void extract_node_stats_free(struct nstats *st);
/* Returns the link density of n (0..1). */
double extract_node_link_density(xmlNodePtr n);
/* Finds the first element named name (lowercase) under root, or NULL. */
xmlNodePtr extract_node_find(xmlNodePtr root, const char *name);

/* extract_clean.c: boilerplate removal. */
/* Returns a class/id weight: negative for boilerplate signals, positive for
 * content signals, 0 otherwise. */
int extract_clean_weight(xmlNodePtr n);
/* Removes junk elements (scripts, navigation, forms, hidden and boilerplate
 * class/id/role) under root. Needs fresh statistics; leaves them stale. */
void extract_clean_tree(xmlNodePtr root);
/* Removes link lists and other low-content blocks inside the chosen content
 * node c. Needs fresh statistics; leaves them stale. */
void extract_clean_content(xmlNodePtr c);

/* extract_content.c: returns the main-content element under body, or NULL
 * when the page has no text. Needs fresh statistics. */
xmlNodePtr extract_content_find(xmlNodePtr body);

/* extract_text.c: serialises the text under n (block elements become
 * paragraphs) and returns it, or NULL when empty. Caller frees. */
char *extract_text_of(xmlNodePtr n);
/* Serialises only the text directly in n and its inline descendants, one
 * line; NULL when empty. Caller frees. */
char *extract_text_inline(xmlNodePtr n);

/* extract_meta.c: fills title, published, canonical_url, lang, description,
 * image, byline and site_name of a from JSON-LD, OpenGraph, <meta> and the
 * DOM of doc (before cleaning). url (may be NULL) resolves relative URLs.
 * *body_out gets JSON-LD articleBody text or NULL (caller frees). */
void extract_meta_collect(struct article *a, char **body_out, xmlDocPtr doc, const char *url);

/* Tree walks without recursion (pages nest deeply). Returns the node after
 * n in document order within root, skipping n's children, or NULL. */
static inline xmlNodePtr extract_tree_skip(xmlNodePtr n, xmlNodePtr root)
{
    while (n != root && !n->next)
        n = n->parent;
    return n == root ? NULL : n->next;
}

/* Returns the node after n in document order within root (descending into
 * an element's children first), or NULL at the end. */
static inline xmlNodePtr extract_tree_next(xmlNodePtr n, xmlNodePtr root)
{
    if (n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    return extract_tree_skip(n, root);
}

#endif
