/* Choosing the main content: explicit markers (itemprop=articleBody, known
 * content classes, <article>, <main>) checked against a readability-style
 * score of paragraph text, commas and link density, then the qualifying
 * siblings of the best node. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/extract_internal.h"
#include "util/xalloc.h"

struct cands {
    xmlNodePtr *v;
    size_t n, cap;
};

static void cands_push(struct cands *c, xmlNodePtr n)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->v = xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = n;
}

static float base_score(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    float s = 0;
    if (!strcmp(nm, "div") || !strcmp(nm, "article") || !strcmp(nm, "section") ||
        !strcmp(nm, "main"))
        s = 5;
    else if (!strcmp(nm, "pre") || !strcmp(nm, "td") || !strcmp(nm, "blockquote"))
        s = 3;
    else if (!strcmp(nm, "ol") || !strcmp(nm, "ul") || !strcmp(nm, "dl") || !strcmp(nm, "li") ||
             !strcmp(nm, "form") || !strcmp(nm, "address") || !strcmp(nm, "dd"))
        s = -3;
    else if ((nm[0] == 'h' && nm[1] >= '1' && nm[1] <= '6' && !nm[2]) || !strcmp(nm, "th"))
        s = -5;
    return s + (float)extract_clean_weight(n);
}

/* Adds the score of paragraph p to its ancestors (5 levels). */
static void score_paragraph(struct cands *c, xmlNodePtr p, xmlNodePtr body)
{
    struct nstat *st = nstat_of(p);
    float cs = 1.0f + (float)st->commas + fminf((float)st->text / 100.0f, 3.0f);
    xmlNodePtr a = p->parent;
    for (int level = 0; a && level < 5; level++, a = a->parent) {
        struct nstat *as = nstat_of(a);
        if (!as || a->type != XML_ELEMENT_NODE)
            break;
        if (!as->scored) {
            as->scored = true;
            as->score = base_score(a);
            cands_push(c, a);
        }
        as->score += level == 0 ? cs : level == 1 ? cs / 2 : cs / (float)(level * 3);
        if (a == body)
            break;
    }
}

/* Walks body, scoring every paragraph-like leaf block. */
static void score_all(struct cands *c, xmlNodePtr body)
{
    xmlNodePtr n = body->children;
    while (n) {
        struct nstat *st = nstat_of(n);
        bool leaf_para = st && st->para;
        if (leaf_para)
            score_paragraph(c, n, body);
        if (n->type == XML_ELEMENT_NODE && n->children && !leaf_para) {
            n = n->children;
            continue;
        }
        while (n != body && !n->next)
            n = n->parent;
        if (n == body)
            break;
        n = n->next;
    }
}

static float final_score(xmlNodePtr n)
{
    struct nstat *st = nstat_of(n);
    return st->score * (float)(1.0 - extract_node_link_density(n));
}

static xmlNodePtr top_candidate(struct cands *c)
{
    xmlNodePtr best = NULL;
    float bs = 0;
    for (size_t i = 0; i < c->n; i++) {
        float s = final_score(c->v[i]);
        if (!best || s > bs) {
            best = c->v[i];
            bs = s;
        }
    }
    return best;
}

/* Moves up from t while the parent keeps most of the score (readability). */
static xmlNodePtr climb(xmlNodePtr t, xmlNodePtr body)
{
    float last = nstat_of(t)->score, threshold = last / 3;
    for (xmlNodePtr p = t->parent; p && p != body && p->type == XML_ELEMENT_NODE; p = p->parent) {
        struct nstat *ps = nstat_of(p);
        if (!ps || !ps->scored)
            continue;
        if (ps->score < threshold)
            break;
        if (ps->score > last)
            return p;
        last = ps->score;
    }
    while (t->parent && t->parent != body && t->parent->type == XML_ELEMENT_NODE &&
           xmlChildElementCount(t->parent) == 1)
        t = t->parent;
    return t;
}

static bool sibling_qualifies(xmlNodePtr s, xmlNodePtr t, float threshold)
{
    struct nstat *st = nstat_of(s);
    if (!st)
        return false;
    float bonus = 0;
    const char *sc = extract_node_attr(s, "class"), *tc = extract_node_attr(t, "class");
    if (sc && tc && *sc && !strcmp(sc, tc))
        bonus = nstat_of(t)->score * 0.2f;
    if (st->scored && st->score + bonus >= threshold)
        return true;
    if (!extract_node_is(s, "p"))
        return false;
    double ld = extract_node_link_density(s);
    if (st->text > 80)
        return ld < 0.25;
    return st->text > 0 && ld == 0 && st->commas > 0;
}

/* Keeps t and its qualifying siblings: returns t when none qualify, else
 * t's parent with the other element siblings removed. */
static xmlNodePtr with_siblings(xmlNodePtr t, xmlNodePtr body)
{
    xmlNodePtr parent = t->parent;
    if (t == body || !parent || parent->type != XML_ELEMENT_NODE)
        return t;
    float threshold = fmaxf(10.0f, nstat_of(t)->score * 0.2f);
    int kept = 0;
    for (xmlNodePtr s = parent->children; s; s = s->next)
        if (s != t && s->type == XML_ELEMENT_NODE && sibling_qualifies(s, t, threshold))
            kept++;
    if (!kept)
        return t;
    xmlNodePtr s = parent->children;
    while (s) {
        xmlNodePtr next = s->next;
        if (s != t && s->type == XML_ELEMENT_NODE && !sibling_qualifies(s, t, threshold)) {
            xmlUnlinkNode(s);
            xmlFreeNode(s);
        }
        s = next;
    }
    return parent;
}

/* Known content containers, by class/id token or itemprop. */
static bool marker(xmlNodePtr n)
{
    static const char *const classes[] = {
        "entry-content",   "post-content",  "article-body", "article-content",
        "story-body",      "post-body",     "articlebody",  "article__body",
        "article-text",    "post-entry",    "entry-body",   "td-post-content",
        "post_content",    "entry_content", "article_body", "article__content",
        "story-content",   "news-content",  "body-text",    "story-text",
        "post-text",       "blog-content",  "article-main", "content-body",
        "field-name-body", "articletext",   "storycontent", "main-text",
        "post__content",   "rich-text",
    };
    const char *ip = extract_node_attr(n, "itemprop");
    if (ip && !strcasecmp(ip, "articleBody"))
        return true;
    const char *c = extract_node_attr(n, "class");
    const char *id = extract_node_attr(n, "id");
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if ((c && strcasestr(c, classes[i])) || (id && strcasestr(id, classes[i])))
            return true;
    return false;
}

/* The first marker element holding a real share of the paragraph text. */
static xmlNodePtr find_marker(xmlNodePtr body, uint32_t min_good)
{
    xmlNodePtr n = body->children, article = NULL;
    uint32_t article_good = 0;
    while (n) {
        struct nstat *st = nstat_of(n);
        if (st && st->good >= min_good && marker(n))
            return n;
        if (st && (extract_node_is(n, "article") || extract_node_is(n, "main")) &&
            st->good >= min_good && st->good > article_good) {
            article = n;
            article_good = st->good;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != body && !n->next)
            n = n->parent;
        if (n == body)
            break;
        n = n->next;
    }
    return article;
}

/* Widens the choice to an ancestor while it misses most of the page's
 * paragraph text, or while the ancestor adds mostly paragraph text with few
 * links (an article split into several blocks). */
static xmlNodePtr widen(xmlNodePtr r, xmlNodePtr body)
{
    uint32_t total = nstat_of(body)->good;
    while (r != body && nstat_of(r->parent) && nstat_of(r)->good < 0.8 * total)
        r = r->parent;
    while (r != body && nstat_of(r->parent)) {
        struct nstat *ps = nstat_of(r->parent), *rs = nstat_of(r);
        uint32_t et = ps->text - rs->text, eg = ps->good - rs->good, el = ps->link - rs->link;
        if (!eg || eg < 0.5 * et || el * 4 >= et)
            break;
        r = r->parent;
    }
    return r;
}

xmlNodePtr extract_content_find(xmlNodePtr body)
{
    struct nstat *bs = nstat_of(body);
    if (!bs || !bs->text)
        return NULL;
    struct cands c = {0};
    score_all(&c, body);
    xmlNodePtr t = top_candidate(&c);
    xmlNodePtr result = body;
    uint32_t tgood = t ? nstat_of(t)->good : 0;
    xmlNodePtr m = find_marker(body, (uint32_t)(0.5 * (tgood ? tgood : bs->good)) + 1);
    if (m)
        result = m;
    else if (t)
        result = with_siblings(climb(t, body), body);
    result = widen(result, body);
    free(c.v);
    return result;
}
