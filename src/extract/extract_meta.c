/* Page metadata: JSON-LD (Article types, @graph), OpenGraph, Twitter,
 * citation_* and Dublin Core <meta> tags, <link rel=canonical>, <html lang>
 * and the DOM (<title>, <h1>, <time>) as the last resort. Each field keeps
 * the value of the best-ranked source seen. */
#include <jansson.h>
#include <libxml/uri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/extract_internal.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

enum field { F_TITLE, F_DATE, F_CANON, F_LANG, F_DESC, F_IMAGE, F_BYLINE, F_SITE, F_COUNT };

struct meta {
    char *val[F_COUNT];
    int rank[F_COUNT]; /* lower is better; 0 = unset */
    char *body;        /* JSON-LD articleBody */
    char *h1;          /* text of the first <h1> */
};

/* Offers value v (copied, whitespace squeezed) for field f at rank r. */
static void offer(struct meta *m, enum field f, int r, const char *v)
{
    if (!v || (m->rank[f] && m->rank[f] <= r))
        return;
    char *c = str_clean_dup(v);
    if (!c)
        return;
    if (f == F_DATE) {
        int64_t t;
        if (date_parse(&t, c) != HERALD_OK || t <= 0) {
            free(c);
            return;
        }
    }
    free(m->val[f]);
    m->val[f] = c;
    m->rank[f] = r;
}

/* meta name/property -> field and rank. */
struct metamap {
    const char *key;
    enum field f;
    int rank;
};

static const struct metamap metamap[] = {
    {"og:title", F_TITLE, 1},
    {"twitter:title", F_TITLE, 3},
    {"citation_title", F_TITLE, 4},
    {"dc.title", F_TITLE, 4},
    {"article:published_time", F_DATE, 1},
    {"og:published_time", F_DATE, 3},
    {"datepublished", F_DATE, 3},
    {"pubdate", F_DATE, 4},
    {"publishdate", F_DATE, 4},
    {"publish-date", F_DATE, 4},
    {"publish_date", F_DATE, 4},
    {"date", F_DATE, 5},
    {"dc.date", F_DATE, 5},
    {"dc.date.issued", F_DATE, 4},
    {"dcterms.created", F_DATE, 5},
    {"dcterms.date", F_DATE, 5},
    {"citation_publication_date", F_DATE, 4},
    {"citation_date", F_DATE, 5},
    {"sailthru.date", F_DATE, 5},
    {"parsely-pub-date", F_DATE, 4},
    {"article.published", F_DATE, 4},
    {"originalpublicationdate", F_DATE, 4},
    {"og:url", F_CANON, 2},
    {"og:locale", F_LANG, 3},
    {"og:description", F_DESC, 1},
    {"description", F_DESC, 2},
    {"twitter:description", F_DESC, 3},
    {"dc.description", F_DESC, 5},
    {"og:image", F_IMAGE, 1},
    {"og:image:url", F_IMAGE, 1},
    {"og:image:secure_url", F_IMAGE, 1},
    {"twitter:image", F_IMAGE, 2},
    {"twitter:image:src", F_IMAGE, 2},
    {"author", F_BYLINE, 2},
    {"article:author", F_BYLINE, 3},
    {"citation_author", F_BYLINE, 3},
    {"parsely-author", F_BYLINE, 3},
    {"sailthru.author", F_BYLINE, 3},
    {"dc.creator", F_BYLINE, 4},
    {"og:site_name", F_SITE, 1},
    {"application-name", F_SITE, 3},
};

static void on_meta(struct meta *m, xmlNodePtr n)
{
    const char *content = extract_node_attr(n, "content");
    const char *he = extract_node_attr(n, "http-equiv");
    if (he && content && !strcasecmp(he, "content-language"))
        offer(m, F_LANG, 2, content);
    const char *keys[] = {extract_node_attr(n, "property"), extract_node_attr(n, "name"),
                          extract_node_attr(n, "itemprop")};
    for (size_t k = 0; k < 3 && content; k++) {
        if (!keys[k])
            continue;
        for (size_t i = 0; i < sizeof metamap / sizeof metamap[0]; i++) {
            if (strcasecmp(keys[k], metamap[i].key))
                continue;
            if (metamap[i].f == F_BYLINE && strstr(content, "://"))
                continue; /* article:author is often a profile URL */
            offer(m, metamap[i].f, metamap[i].rank, content);
        }
    }
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Returns the name(s) in a JSON-LD author/publisher value, joined by ", ",
 * or NULL. Caller frees. */
static char *ld_names(json_t *v)
{
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    if (json_is_object(v))
        return xstrdup(jstr(v, "name"));
    if (!json_is_array(v))
        return NULL;
    char *acc = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        char *one = ld_names(e);
        if (one && *one) {
            char *next = acc ? xasprintf("%s, %s", acc, one) : xstrdup(one);
            free(acc);
            acc = next;
        }
        free(one);
    }
    return acc;
}

/* Returns the first URL of a JSON-LD image value (borrowed), or NULL. */
static const char *ld_image(json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v))
        return jstr(v, "url") ? jstr(v, "url") : jstr(v, "contentUrl");
    if (json_is_array(v) && json_array_size(v))
        return ld_image(json_array_get(v, 0));
    return NULL;
}

static bool ld_article_type(json_t *t)
{
    static const char *const types[] = {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "LiveBlogPosting",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "BackgroundNewsArticle",
        "SocialMediaPosting",
    };
    if (json_is_array(t)) {
        size_t i;
        json_t *e;
        json_array_foreach(t, i, e) if (ld_article_type(e)) return true;
        return false;
    }
    if (!json_is_string(t))
        return false;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(json_string_value(t), types[i]))
            return true;
    return false;
}

static void ld_article(struct meta *m, json_t *o)
{
    offer(m, F_TITLE, 2, jstr(o, "headline") ? jstr(o, "headline") : jstr(o, "name"));
    offer(m, F_DATE, 2, jstr(o, "datePublished"));
    offer(m, F_DATE, 6, jstr(o, "dateCreated"));
    offer(m, F_DESC, 4, jstr(o, "description"));
    offer(m, F_IMAGE, 3, ld_image(json_object_get(o, "image")));
    offer(m, F_LANG, 4, jstr(o, "inLanguage"));
    json_t *mep = json_object_get(o, "mainEntityOfPage");
    offer(m, F_CANON, 3, json_is_object(mep) ? jstr(mep, "@id") : jstr(o, "mainEntityOfPage"));
    offer(m, F_CANON, 4, jstr(o, "url"));
    char *names = ld_names(json_object_get(o, "author"));
    offer(m, F_BYLINE, 1, names);
    free(names);
    names = ld_names(json_object_get(o, "publisher"));
    offer(m, F_SITE, 2, names);
    free(names);
    const char *body = jstr(o, "articleBody");
    if (body && (!m->body || strlen(body) > strlen(m->body))) {
        free(m->body);
        m->body = xstrdup(body);
    }
}

/* Visits every object of a JSON-LD value (arrays, @graph), to depth 8. */
static void ld_walk(struct meta *m, json_t *v, int depth)
{
    if (depth > 8)
        return;
    size_t i;
    json_t *e;
    if (json_is_array(v)) {
        json_array_foreach(v, i, e) ld_walk(m, e, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    if (ld_article_type(json_object_get(v, "@type")))
        ld_article(m, v);
    else if (json_is_object(json_object_get(v, "publisher")) && !m->rank[F_SITE])
        offer(m, F_SITE, 3, jstr(json_object_get(v, "publisher"), "name"));
    ld_walk(m, json_object_get(v, "@graph"), depth + 1);
    json_t *me = json_object_get(v, "mainEntity");
    if (json_is_object(me))
        ld_walk(m, me, depth + 1);
}

static void on_jsonld(struct meta *m, xmlNodePtr n)
{
    xmlChar *txt = xmlNodeGetContent(n);
    if (!txt)
        return;
    json_t *root = json_loads((const char *)txt, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, NULL);
    xmlFree(txt);
    if (root)
        ld_walk(m, root, 0);
    json_decref(root);
}

static void on_link(struct meta *m, xmlNodePtr n)
{
    const char *rel = extract_node_attr(n, "rel"), *href = extract_node_attr(n, "href");
    if (!rel || !href)
        return;
    if (!strcasecmp(rel, "canonical"))
        offer(m, F_CANON, 1, href);
    else if (!strcasecmp(rel, "image_src"))
        offer(m, F_IMAGE, 4, href);
}

static void offer_text(struct meta *m, enum field f, int r, xmlNodePtr n)
{
    if (m->rank[f] && m->rank[f] <= r)
        return;
    char *t = extract_text_inline(n);
    offer(m, f, r, t);
    free(t);
}

/* A visible date line (hAtom "published", "entry-date", "post-date"): its
 * datetime/title attribute or its text, at a low rank. */
static void dated_element(struct meta *m, xmlNodePtr n)
{
    const char *c = extract_node_attr(n, "class");
    if (!c || !(strstr(c, "published") || strstr(c, "entry-date") || strstr(c, "post-date")))
        return;
    const char *v = extract_node_attr(n, "datetime");
    if (!v)
        v = extract_node_attr(n, "title");
    if (v)
        offer(m, F_DATE, 8, v);
    else
        offer_text(m, F_DATE, 8, n);
}

/* A date in the URL path (/2014/05/18/), the last resort. */
static void url_date(struct meta *m, const char *url)
{
    for (const char *p = url ? strchr(url, '/') : NULL; p && m->rank[F_DATE] == 0;
         p = strchr(p + 1, '/')) {
        int y, mo, d, len = 0;
        if (sscanf(p, "/%4d/%2d/%2d%n", &y, &mo, &d, &len) == 3 && len == 11 &&
            (p[len] == '/' || p[len] == 0) && y >= 1995 && y <= 2100 && mo >= 1 && mo <= 12 &&
            d >= 1 && d <= 31) {
            char iso[16];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, mo, d);
            offer(m, F_DATE, 9, iso);
        }
    }
}

static void on_element(struct meta *m, xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    if (!strcmp(nm, "meta"))
        on_meta(m, n);
    else if (!strcmp(nm, "link"))
        on_link(m, n);
    else if (!strcmp(nm, "html"))
        offer(m, F_LANG, 1, extract_node_attr(n, "lang"));
    else if (!strcmp(nm, "title") && !m->rank[F_TITLE])
        offer_text(m, F_TITLE, 5, n);
    else if (!strcmp(nm, "h1") && !m->h1) {
        m->h1 = extract_text_inline(n);
        offer(m, F_TITLE, 6, m->h1);
    } else if (!strcmp(nm, "script")) {
        const char *type = extract_node_attr(n, "type");
        if (type && !strcasecmp(type, "application/ld+json"))
            on_jsonld(m, n);
    } else if (!strcmp(nm, "time") || extract_node_attr(n, "itemprop")) {
        const char *ip = extract_node_attr(n, "itemprop");
        const char *dt = extract_node_attr(n, "datetime");
        if (!dt)
            dt = extract_node_attr(n, "content");
        if (ip && !strcasecmp(ip, "datePublished"))
            offer(m, F_DATE, 3, dt);
        else if (!strcmp(nm, "time"))
            offer(m, F_DATE, 7, dt);
        if (ip && !strcasecmp(ip, "author") && strcmp(nm, "meta") && strcmp(nm, "link"))
            offer_text(m, F_BYLINE, 5, n);
    } else if (m->rank[F_DATE] == 0 || m->rank[F_DATE] > 8) {
        dated_element(m, n);
    }
}

/* Resolves field f against base when both are set. */
static void resolve(struct meta *m, enum field f, const char *base)
{
    if (!m->val[f] || !base)
        return;
    xmlChar *abs = xmlBuildURI((const xmlChar *)m->val[f], (const xmlChar *)base);
    if (abs) {
        free(m->val[f]);
        m->val[f] = xstrdup((const char *)abs);
        xmlFree(abs);
    }
}

/* Cuts the site name off a title ("Story | Site"): the last segment after a
 * separator (| - – — · « ») when it is the site name or, for a <title>,
 * shorter than the rest. */
static void trim_title(char *t, const char *site, bool from_title_tag)
{
    static const char *const seps[] = {
        " | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " \xc2\xb7 ", " \xc2\xab ", " \xc2\xbb "};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        char *cut = NULL;
        for (char *p = strstr(t, seps[i]); p; p = strstr(p + 1, seps[i]))
            cut = p;
        if (!cut)
            continue;
        const char *tail = cut + strlen(seps[i]);
        if ((site && !strcasecmp(tail, site)) ||
            (from_title_tag && strlen(tail) * 2 < (size_t)(cut - t))) {
            *cut = 0;
            return;
        }
    }
}

static void fill(struct article *a, struct meta *m, const char *url)
{
    char *t = m->val[F_TITLE], *h1 = m->h1 ? str_clean_dup(m->h1) : NULL;
    if (t && h1 && m->rank[F_TITLE] != 2 && strlen(h1) >= 10 && strlen(h1) < strlen(t) &&
        strstr(t, h1)) {
        free(t); /* "Headline | Site" in <title> or og:title, "Headline" in <h1> */
        m->val[F_TITLE] = h1;
        h1 = NULL;
    } else if (t) {
        trim_title(t, m->val[F_SITE], m->rank[F_TITLE] == 5);
    }
    free(h1);
    free(m->h1);
    url_date(m, m->val[F_CANON] ? m->val[F_CANON] : url);
    if (!m->rank[F_DATE])
        url_date(m, url);
    resolve(m, F_CANON, url);
    resolve(m, F_IMAGE, m->val[F_CANON] ? m->val[F_CANON] : url);
    if (m->val[F_LANG])
        for (char *p = m->val[F_LANG]; *p; p++)
            if (*p == '_')
                *p = '-';
    a->title = m->val[F_TITLE];
    if (m->val[F_DATE])
        date_parse(&a->published, m->val[F_DATE]);
    free(m->val[F_DATE]);
    a->canonical_url = m->val[F_CANON];
    a->lang = m->val[F_LANG];
    a->description = m->val[F_DESC];
    a->image = m->val[F_IMAGE];
    a->byline = m->val[F_BYLINE];
    a->site_name = m->val[F_SITE];
}

void extract_meta_collect(struct article *a, char **body_out, xmlDocPtr doc, const char *url)
{
    struct meta m = {0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr n = root; n; n = extract_tree_next(n, root))
        if (n->type == XML_ELEMENT_NODE)
            on_element(&m, n);
    fill(a, &m, url);
    *body_out = m.body;
}
