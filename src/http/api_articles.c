/* GET /api/v1/articles (ranked search with q, newest first without it,
 * the same filters, cursor pages, optional facets) and
 * GET /api/v1/articles/{id}. */
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/api_facets.h"
#include "http/api_json.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MARK_OPEN "\x02"
#define MARK_CLOSE "\x03"

/* Newest first without a query; ?7 says whether the cursor (?8, ?9) is
 * set; ?10 is the page size. */
static const char sql_newest[] =
    "SELECT a.id, a.title, a.url, a.lang, a.country, s.name, a.published, a.description,"
    " a.topics, coalesce(a.relevance_class, -1), coalesce(a.tone_label, -2), a.tone, a.source_id"
    " FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
    " WHERE 1" STORE_FILTER_SQL
    " AND (?7 = 0 OR a.published < ?8 OR (a.published = ?8 AND a.id < ?9))"
    " ORDER BY a.published DESC, a.id DESC LIMIT ?10";

/* Splits a snippet with MARK_OPEN/MARK_CLOSE into [{"text","match"}]. */
static json_t *snippet_parts(const char *s)
{
    json_t *arr = json_array();
    bool in = false;
    for (const char *p = s; p && *p;) {
        size_t n = strcspn(p, MARK_OPEN MARK_CLOSE);
        if (n) {
            char *t = xstrndup(p, n);
            json_array_append_new(arr, json_pack("{s:o, s:b}", "text", api_str(t), "match", in));
            free(t);
        }
        p += n;
        if (*p)
            in = *p++ == MARK_OPEN[0];
    }
    return arr;
}

/* The analysis fields of a list item. */
static void item_analysis(json_t *o, const char *topics, int rel, int tone_label, double tone)
{
    const char *tn = store_filter_tone_name(tone_label);
    json_object_set_new(o, "relevance", api_str(store_filter_relevance_name(rel)));
    json_object_set_new(o, "tone", api_str(tn));
    json_object_set_new(o, "tone_score", tn ? json_real(tone) : json_null());
    json_object_set_new(o, "topics", topics ? store_json_topics(topics) : json_null());
}

static json_t *hit_json(const struct search_hit *h)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(h->id));
    json_object_set_new(o, "title", api_str(h->title));
    json_object_set_new(o, "url", api_str(h->url));
    json_object_set_new(o, "lang", api_str(h->lang));
    json_object_set_new(o, "country", api_str(h->country));
    json_object_set_new(o, "source", api_str(h->source_name));
    json_object_set_new(o, "published", api_date(h->published));
    json_object_set_new(o, "score", json_real(h->score));
    json_object_set_new(o, "snippet", snippet_parts(h->snippet));
    item_analysis(o, h->topics, h->relevance_class, h->tone_label, h->tone);
    return o;
}

/* Ranked search: one page of store_search() from the cursor's offset. */
static herald_rc list_ranked(json_t *items, char *next, size_t next_n,
                             const struct api_articles_params *p, struct store *st)
{
    struct search_query q = p->f.sq;
    struct search_hit *h = NULL;
    size_t n = 0;
    q.offset = p->cur_offset > 0 ? p->cur_offset : 0;
    q.limit = p->limit + 1;
    q.mark_open = MARK_OPEN;
    q.mark_close = MARK_CLOSE;
    herald_rc rc = store_search(st, &q, &h, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && i < (size_t)p->limit; i++)
        json_array_append_new(items, hit_json(&h[i]));
    if (n > (size_t)p->limit && q.offset + p->limit < STORE_SEARCH_RANK_WINDOW)
        api_cursor_encode(next, next_n, 0, 0, q.offset + p->limit);
    search_hits_free(h, n);
    return HERALD_OK;
}

static json_t *row_json(sqlite3_stmt *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(sqlite3_column_int64(s, 0)));
    json_object_set_new(o, "title", api_str((const char *)sqlite3_column_text(s, 1)));
    json_object_set_new(o, "url", api_str((const char *)sqlite3_column_text(s, 2)));
    json_object_set_new(o, "lang", api_str((const char *)sqlite3_column_text(s, 3)));
    json_object_set_new(o, "country", api_str((const char *)sqlite3_column_text(s, 4)));
    json_object_set_new(o, "source", api_str((const char *)sqlite3_column_text(s, 5)));
    json_object_set_new(o, "published", api_date(sqlite3_column_int64(s, 6)));
    const char *desc = (const char *)sqlite3_column_text(s, 7);
    json_t *snip = json_array();
    if (desc && *desc)
        json_array_append_new(snip, json_pack("{s:o, s:b}", "text", api_str(desc), "match", 0));
    json_object_set_new(o, "snippet", snip);
    item_analysis(o, (const char *)sqlite3_column_text(s, 8), sqlite3_column_int(s, 9),
                  sqlite3_column_int(s, 10), sqlite3_column_double(s, 11));
    return o;
}

/* Newest first: one page after the cursor's (published, id). */
static herald_rc list_newest(json_t *items, char *next, size_t next_n,
                             const struct api_articles_params *p, struct store *st)
{
    sqlite3_stmt *s = NULL;
    herald_rc rc = store_prepare(st, &s, sql_newest);
    int src, n = 0;
    int64_t last_pub = 0, last_id = 0;
    if (rc)
        return rc;
    store_filter_bind(s, &p->f.sq);
    sqlite3_bind_int(s, 7, p->has_cursor);
    sqlite3_bind_int64(s, 8, p->cur_published);
    sqlite3_bind_int64(s, 9, p->cur_id);
    sqlite3_bind_int(s, 10, p->limit + 1);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        if (n++ == p->limit) {
            api_cursor_encode(next, next_n, last_pub, last_id, -1);
            break;
        }
        last_id = sqlite3_column_int64(s, 0);
        last_pub = sqlite3_column_int64(s, 6);
        json_array_append_new(items, row_json(s));
    }
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        rc = store_fail(st, "articles");
    sqlite3_reset(s);
    return rc;
}

void api_articles_list(struct http_resp *out, const struct http_req *req)
{
    struct api_articles_params p;
    char next[96] = "";
    json_t *items = json_array(), *body = NULL, *facets = NULL;
    herald_rc rc = api_articles_params_parse(&p, &req->query);
    if (rc) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        goto done;
    }
    bool ranked = !str_blank(p.f.sq.q);
    rc = ranked ? list_ranked(items, next, sizeof next, &p, req->st)
                : list_newest(items, next, sizeof next, &p, req->st);
    if (!rc && p.facets)
        rc = api_facets(&facets, &p.f.sq, req->st);
    if (rc) {
        unsigned status = rc == HERALD_EINVAL || rc == HERALD_ETOOBIG ? 400 : 500;
        http_resp_error(out, status, status == 400 ? "bad_request" : "internal", "%s",
                        herald_error_last());
        goto done;
    }
    body = json_pack("{s:O, s:s, s:o}", "items", items, "order", ranked ? "relevance" : "newest",
                     "next_cursor", next[0] ? json_string(next) : json_null());
    if (facets)
        json_object_set_new(body, "facets", facets);
    http_resp_json(out, body);
done:
    json_decref(items);
}

void api_article_get(struct http_resp *out, const struct http_req *req)
{
    static const char *const none[] = {NULL};
    struct article_row *a = NULL;
    if (http_query_check(&req->query, none) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    herald_rc rc = store_article_get(req->st, req->id, &a);
    if (rc == HERALD_ENOTFOUND)
        http_resp_error(out, 404, "not_found", "no article %lld", (long long)req->id);
    else if (rc)
        http_resp_error(out, 500, "internal", "%s", herald_error_last());
    else
        http_resp_json(out, store_json_article(a, true));
    article_row_free(a);
}
