/* Boilerplate rules: which elements are navigation, advertising, sharing,
 * comments, related links, hidden or metadata lines, judged from the tag,
 * the class/id/role attributes and link density. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/extract_internal.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Class/id fragments that signal boilerplate. */
static const char *const negative[] = {
    "comment",       "disqus",
    "share",         "sharing",
    "social",        "related",
    "sidebar",       "breadcrumb",
    "footer",        "advert",
    "promo",         "newsletter",
    "cookie",        "subscri",
    "tagcloud",      "noprint",
    "buybox",        "disclaimer",
    "banner",        "popup",
    "modal",         "navbar",
    "navigation",    "masthead",
    "pagination",    "pager",
    "sponsor",       "signup",
    "login",         "recommend",
    "mostread",      "most-read",
    "popular",       "trending",
    "toolbar",       "outbrain",
    "taboola",       "byline",
    "author",        "dateline",
    "gdpr",          "consent",
    "follow",        "readmore",
    "read-more",     "yarpp",
    "overlay",       "menu",
    "skip",          "no-print",
    "post-meta",     "entry-meta",
    "article-meta",  "meta-info",
    "postmetadata",  "tags",
    "keywords",      "header",
    "widget",        "rss",
    "more-stories",  "nav",
    "categories",    "shopping",
    "pinned",        "offcanvas",
    "sticky",        "caption",
    "credit",        "copyright",
    "affiliate",     "rating",
    "actionbar",     "action-bar",
    "legend",        "nextstory",
    "next-post",     "prev-post",
    "post-nav",      "pagenav",
    "license",       "avatar",
    "vote",          "sr-only",
    "screen-reader", "visually-hidden",
    "feedback",      "survey",
    "donate",        "partner",
    "ticker",        "timestamp",
    "post-date",     "entry-date",
    "pubdate",       "publish-date",
    "article-date",  "meta",
    "toc",           "cta",
};

/* Class/id fragments that signal content. */
static const char *const positive[] = {
    "article", "content", "entry", "main", "post", "story", "body", "text", "blog", "hentry",
};

static bool ad_token(const char *t, size_t n)
{
    if ((n == 2 && !memcmp(t, "ad", 2)) || (n == 3 && !memcmp(t, "ads", 3)))
        return true;
    if (n > 3 && (!memcmp(t, "ad-", 3) || !memcmp(t, "ad_", 3) || !memcmp(t, "ads-", 4)))
        return true;
    if (n > 3 && (!memcmp(t + n - 3, "-ad", 3) || !memcmp(t + n - 3, "_ad", 3) ||
                  !memcmp(t + n - 4, "-ads", 4)))
        return true;
    return memmem(t, n, "-ad-", 4) || memmem(t, n, "_ad_", 4);
}

/* True when a word starts at offset j of the token: its start, after a
 * separator, or a camelCase hump in the original spelling raw. */
static bool word_start(const char *raw, size_t j)
{
    if (!j || raw[j - 1] == '-' || raw[j - 1] == '_')
        return true;
    return raw[j] >= 'A' && raw[j] <= 'Z' && raw[j - 1] >= 'a' && raw[j - 1] <= 'z';
}

/* True when raw[j..j+n) crosses a camelCase hump ("tagStyle" is no "tags"). */
static bool straddles(const char *raw, size_t j, size_t n)
{
    for (size_t k = j + 1; k < j + n; k++)
        if (raw[k] >= 'A' && raw[k] <= 'Z' && raw[k - 1] >= 'a' && raw[k - 1] <= 'z')
            return true;
    return false;
}

/* True when lowercase token t (original spelling raw, n bytes) contains a
 * fragment of list; fragments of up to 5 letters ("nav", "pager") must
 * start a word, so "apageroot" is no pager. */
static bool has_fragment(const char *t, const char *raw, size_t n, const char *const *list,
                         size_t count)
{
    for (size_t i = 0; i < count; i++) {
        size_t fl = strlen(list[i]);
        for (size_t j = 0; j + fl <= n; j++)
            if (t[j] == list[i][0] && !memcmp(t + j, list[i], fl) &&
                (fl > 5 || (word_start(raw, j) && !straddles(raw, j, fl))))
                return true;
    }
    return false;
}

/* A token that names the content itself ("article", "post-body"), strong
 * enough to outweigh a boilerplate token beside it ("box article modal"). */
static bool strong_positive(const char *t, size_t n)
{
    static const char *const whole[] = {"article", "content", "main",   "post",
                                        "story",   "entry",   "hentry", "commentary"};
    static const char *const prefix[] = {"article-", "article_", "post-", "entry-", "story-"};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (n == strlen(whole[i]) && !memcmp(t, whole[i], n))
            return true;
    for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
        if (n > strlen(prefix[i]) && !memcmp(t, prefix[i], strlen(prefix[i])))
            return true;
    return false;
}

/* Scores one attribute value (v lowercased, raw as written). */
static int attr_weight(const char *v, const char *raw)
{
    bool neg = false, pos = false, strong = false;
    while (v && *v) {
        while (*v == ' ' || *v == '\t' || *v == '\n')
            v++, raw++;
        size_t n = strcspn(v, " \t\n");
        if (n && n < 80) {
            if (has_fragment(v, raw, n, (const char *const[]){"commentary"}, 1))
                pos = strong = true;
            else if (ad_token(v, n) ||
                     has_fragment(v, raw, n, negative, sizeof negative / sizeof negative[0]))
                neg = true;
            else if (has_fragment(v, raw, n, positive, sizeof positive / sizeof positive[0]))
                pos = true, strong = strong || strong_positive(v, n);
        }
        v += n;
        raw += n;
    }
    return neg && strong ? 0 : neg ? -25 : pos ? 25 : 0;
}

int extract_clean_weight(xmlNodePtr n)
{
    char *c = extract_node_attr_lower(n, "class");
    char *id = extract_node_attr_lower(n, "id");
    int wc = attr_weight(c, extract_node_attr(n, "class"));
    int wi = attr_weight(id, extract_node_attr(n, "id"));
    int w = wc < 0 || wi < 0 ? (wc > 0 || wi > 0 ? 0 : wc + wi) : wc + wi;
    free(c);
    free(id);
    return w;
}

static bool hidden(xmlNodePtr n)
{
    if (extract_node_attr(n, "hidden"))
        return true;
    const char *s = extract_node_attr(n, "style");
    if (s && (strcasestr(s, "display:none") || strcasestr(s, "display: none") ||
              strcasestr(s, "visibility:hidden") || strcasestr(s, "visibility: hidden")))
        return true;
    const char *aria = extract_node_attr(n, "aria-hidden");
    return aria && !strcmp(aria, "true");
}

static bool boiler_role(xmlNodePtr n)
{
    static const char *const roles[] = {"navigation",  "banner",  "contentinfo", "complementary",
                                        "menu",        "menubar", "search",      "dialog",
                                        "alertdialog", "toolbar", "alert"};
    const char *r = extract_node_attr(n, "role");
    if (!r)
        return false;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!strcasecmp(r, roles[i]))
            return true;
    return false;
}

/* Comment sections: removed even when they hold much of the text. */
static bool strong_negative(const char *v)
{
    const char *c = v ? strcasestr(v, "comment") : NULL;
    if (c && strncasecmp(c, "commentary", 10))
        return true;
    static const char *const strong[] = {"disqus",   "respond",  "related",      "recommend",
                                         "popular",  "trending", "mostread",     "most-read",
                                         "outbrain", "taboola",  "more-stories", "newsletter"};
    for (size_t i = 0; v && i < sizeof strong / sizeof strong[0]; i++)
        if (strcasestr(v, strong[i]))
            return true;
    return false;
}

/* True when n contains the page's main heading or an explicit article. */
static bool holds_main(xmlNodePtr n)
{
    static const char *const names[] = {"article", "main", "h1"};
    for (size_t i = 0; i < 3; i++)
        if (extract_node_find(n, names[i]))
            return true;
    return false;
}

/* Share of the document's paragraph text that n holds. */
static double good_share(xmlNodePtr n, uint32_t total)
{
    struct nstat *st = nstat_of(n);
    return st && total ? (double)st->good / total : 0;
}

/* True when n lies inside an <article> or <main>: a header there is the
 * article's own (title, standfirst), not the page's. */
static bool in_article(xmlNodePtr n)
{
    for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (extract_node_is(p, "article"))
            return true;
    return false;
}

/* True when n holds a real paragraph of prose (a standfirst) and few links. */
static bool holds_prose(xmlNodePtr n)
{
    struct nstat *st = nstat_of(n);
    return st && st->good >= 100 && st->link * 3 < st->text;
}

static bool removable(xmlNodePtr n, uint32_t total)
{
    if (extract_node_is(n, "body") || extract_node_is(n, "html"))
        return false;
    const char *nm = (const char *)n->name;
    enum tagkind k = extract_node_kind(n->name);
    bool semantic = !strcmp(nm, "nav") || !strcmp(nm, "aside") || !strcmp(nm, "footer") ||
                    !strcmp(nm, "header") || !strcmp(nm, "noscript");
    if (k == TAG_JUNK && !semantic)
        return true;
    if (!strcmp(nm, "header") && (in_article(n) || holds_prose(n)))
        return false;
    if (semantic || boiler_role(n) || hidden(n))
        return good_share(n, total) < 0.5;
    if (!strcmp(nm, "form"))
        return good_share(n, total) < 0.3;
    const char *c = extract_node_attr(n, "class"), *id = extract_node_attr(n, "id");
    if (!c && !id)
        return false;
    int w = extract_clean_weight(n);
    if (w >= 0 || extract_node_is(n, "article") || extract_node_is(n, "main"))
        return false;
    double share = good_share(n, total);
    if (strong_negative(c) || strong_negative(id))
        return share < 0.9;
    struct nstat *st = nstat_of(n);
    bool substantial = st && st->good >= 1500 && st->link * 4 < st->text;
    if (st && st->text >= 500 && st->link * 5 < st->text && in_article(n))
        return false;
    return share < 0.5 && !substantial && !holds_main(n);
}

void extract_clean_tree(xmlNodePtr root)
{
    struct nstat *rs = nstat_of(root);
    uint32_t total = rs ? rs->good : 0;
    xmlNodePtr n = root;
    while (n) {
        if (n != root && (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE ||
                          (n->type == XML_ELEMENT_NODE && removable(n, total)))) {
            xmlNodePtr next = extract_tree_skip(n, root); /* before freeing n */
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            n = next;
            continue;
        }
        n = extract_tree_next(n, root);
    }
}

/* Is this block inside the content a link list or other leftover? */
static bool leftover(xmlNodePtr n)
{
    struct nstat *st = nstat_of(n);
    if (!st)
        return false;
    const char *nm = (const char *)n->name;
    if (!strcmp(nm, "h1")) /* the title: kept in article.title */
        return true;
    bool container = !strcmp(nm, "div") || !strcmp(nm, "section") || !strcmp(nm, "ul") ||
                     !strcmp(nm, "ol") || !strcmp(nm, "table") || !strcmp(nm, "dl") ||
                     !strcmp(nm, "p") || !strcmp(nm, "li");
    if (!container)
        return false;
    double ld = st->text ? (double)st->link / st->text : 0;
    double th = 0.33;
    return ld > th && st->text < 2000 && st->commas < 10;
}

static bool is_heading(xmlNodePtr n)
{
    const char *nm = n && n->type == XML_ELEMENT_NODE ? (const char *)n->name : "";
    return nm[0] == 'h' && nm[1] >= '1' && nm[1] <= '6' && !nm[2];
}

/* Removes the heading that introduces a removed block ("Related stories"). */
static void drop_intro_heading(xmlNodePtr n)
{
    xmlNodePtr p = n->prev;
    while (p && p->type == XML_TEXT_NODE && str_blank((const char *)p->content))
        p = p->prev;
    if (is_heading(p)) {
        xmlUnlinkNode(p);
        xmlFreeNode(p);
    }
}

void extract_clean_content(xmlNodePtr c)
{
    xmlNodePtr n = c->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && leftover(n)) {
            xmlNodePtr m = n;
            while (m != c && !m->next)
                m = m->parent;
            xmlNodePtr next = m == c ? NULL : m->next;
            drop_intro_heading(n);
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            n = next;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != c && !n->next)
            n = n->parent;
        if (n == c)
            break;
        n = n->next;
    }
}
