/* JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1) with jansson. Fields
 * of the wrong type are ignored; only a missing or non-array "items" makes
 * the document not a feed. */
#include "feed/feed_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>

#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Returns the string member key squeezed (plain text when plain), or NULL
 * when absent, not a string, or blank. */
static char *member(struct feed_ctx *c, const json_t *o, const char *key, bool plain, size_t cap)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s || str_blank(s))
        return NULL;
    if (json_string_length(json_object_get(o, key)) > cap) {
        if (c->rc == HERALD_OK)
            c->rc = herald_error_set(HERALD_ETOOBIG, "\"%s\" over %zu bytes", key, cap);
        return NULL;
    }
    return plain ? feed_text_plain(s) : cap == FEED_MAX_CONTENT ? xstrdup(s) : str_clean_dup(s);
}

static char *link(struct feed_ctx *c, const json_t *o, const char *key, const char *base)
{
    char *raw = member(c, o, key, false, FEED_MAX_FIELD);
    char *u = raw ? feed_text_resolve(base, raw) : NULL;
    free(raw);
    return u;
}

static int64_t date(struct feed_ctx *c, const json_t *o, const char *key)
{
    int64_t t = 0;
    char *s = member(c, o, key, false, FEED_MAX_FIELD);
    if (s && date_parse(&t, s) != HERALD_OK)
        t = 0;
    free(s);
    return t;
}

/* id may be a string or (against the spec, but seen) a number. */
static char *item_id(struct feed_ctx *c, const json_t *item)
{
    const json_t *id = json_object_get(item, "id");
    if (json_is_integer(id))
        return xasprintf("%" PRId64, (int64_t)json_integer_value(id));
    return member(c, item, "id", false, FEED_MAX_FIELD);
}

/* 1.1 "authors": [{"name"}], 1.0 "author": {"name"}. */
static char *author(struct feed_ctx *c, const json_t *item)
{
    const json_t *a = json_array_get(json_object_get(item, "authors"), 0);
    if (!json_is_object(a))
        a = json_object_get(item, "author");
    return json_is_object(a) ? member(c, a, "name", true, FEED_MAX_FIELD) : NULL;
}

static void parse_item(struct feed_ctx *c, const json_t *item, const char *base)
{
    struct feed_entry e = {0};
    if (!json_is_object(item))
        return;
    e.id = item_id(c, item);
    e.link = link(c, item, "url", base);
    if (!e.link)
        e.link = link(c, item, "external_url", base);
    e.title = member(c, item, "title", true, FEED_MAX_FIELD);
    e.summary = member(c, item, "summary", true, FEED_MAX_FIELD);
    e.content = member(c, item, "content_html", false, FEED_MAX_CONTENT);
    if (!e.content)
        e.content = member(c, item, "content_text", false, FEED_MAX_CONTENT);
    e.author = author(c, item);
    e.image = link(c, item, "image", base);
    if (!e.image)
        e.image = link(c, item, "banner_image", base);
    e.lang = member(c, item, "language", false, FEED_MAX_FIELD);
    e.published = date(c, item, "date_published");
    e.updated = date(c, item, "date_modified");
    feed_commit_entry(c, &e);
}

herald_rc feed_json_parse(struct feed_ctx *c, const char *data, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(data, len, 0, &err);
    herald_rc rc = HERALD_OK;
    if (!root)
        return herald_error_set(HERALD_EPARSE, "invalid JSON at line %d: %s", err.line, err.text);
    const json_t *items = json_object_get(root, "items");
    if (!json_is_array(items)) {
        rc = herald_error_set(HERALD_EPARSE, "not a feed: JSON without an \"items\" array");
        goto done;
    }
    struct feed *f = c->feed;
    f->title = member(c, root, "title", true, FEED_MAX_FIELD);
    f->link = link(c, root, "home_page_url", c->base_url);
    /* Relative item URLs: against the URL fetched, else feed_url, else home. */
    char *feed_url = link(c, root, "feed_url", c->base_url);
    const char *base = c->base_url ? c->base_url : feed_url ? feed_url : f->link;
    f->lang = member(c, root, "language", false, FEED_MAX_FIELD);
    size_t i;
    const json_t *item;
    json_array_foreach(items, i, item)
    {
        if (c->rc != HERALD_OK)
            break;
        parse_item(c, item, base);
    }
    free(feed_url);
done:
    json_decref(root);
    return rc;
}
