/* GET /api/v1/stories (stories by importance, or the story of one article
 * with ?article=) and GET /api/v1/stories/{id} (the story's summary and
 * its articles in published order). Stories are written by src/stories;
 * a story's timeline is GET /api/v1/stats/signals?dim=story&key=ID. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/api_body.h"
#include "http/api_json.h"
#include "store/store_story.h"
#include "util/date.h"

/* A story lists at most this many of its articles. */
#define STORY_MAX_ARTICLES 500

static const char sql_articles[] =
    "SELECT a.id, a.title, a.url, a.lang, coalesce(a.country, s.country), s.name, a.published,"
    " coalesce(a.tone_label, -2), x.dup_of"
    " FROM article_stories x JOIN articles a ON a.id = x.article_id"
    " LEFT JOIN sources s ON s.id = a.source_id WHERE x.story_id = ?1"
    " ORDER BY a.published, a.id LIMIT ?2";

static const char sql_story_of[] = "SELECT story_id FROM article_stories WHERE article_id = ?1";

/* Returns "a,b,c" as a JSON array of its non-empty parts. */
static json_t *set_json(const char *csv)
{
    json_t *arr = json_array();
    for (const char *p = csv; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n) {
            char part[256];
            snprintf(part, sizeof part, "%.*s", (int)(n < 255 ? n : 255), p);
            json_array_append_new(arr, api_str(part));
        }
        p += n + (p[n] == ',');
    }
    return arr;
}

/* Returns story s as the API shows it; caller releases it. */
static json_t *story_json(const struct story_summary *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "title", api_str(s->title));
    json_object_set_new(o, "title_article",
                        s->title_article ? json_integer(s->title_article) : json_null());
    json_object_set_new(o, "first_seen", api_date(s->first_seen));
    json_object_set_new(o, "last_seen", api_date(s->last_seen));
    json_object_set_new(o, "updated", api_date(s->updated));
    json_object_set_new(o, "articles", json_integer(s->articles));
    json_object_set_new(o, "articles_24h", json_integer(s->articles_24h));
    json_object_set_new(
        o, "growth",
        json_real(s->articles > 0 ? (double)s->articles_24h / (double)s->articles : 0.0));
    json_object_set_new(o, "n_outlets", json_integer(s->n_outlets));
    json_object_set_new(o, "outlets", set_json(s->outlets));
    json_object_set_new(o, "langs", set_json(s->langs));
    json_object_set_new(o, "countries", set_json(s->countries));
    json_object_set_new(o, "topics", set_json(s->topics));
    json_object_set_new(o, "tone",
                        json_pack("{sIsIsI}", "negative", (json_int_t)s->tone_neg, "neutral",
                                  (json_int_t)s->tone_neu, "positive", (json_int_t)s->tone_pos));
    json_object_set_new(o, "importance", json_real(s->importance));
    return o;
}

/* Parses "YYYY-MM-DD" into epoch seconds (the office's midnight that day);
 * false when bad. */
static bool parse_day(const char *s, int64_t *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    return date_parse_office(out, s) == HERALD_OK && *out >= -date_office_offset();
}

/* Looks up the story of article id into *out (0 when it has none). */
static herald_rc story_of(struct store *st, int64_t id, int64_t *out)
{
    sqlite3_stmt *q = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(store_db(st), sql_story_of, -1, &q, NULL) != SQLITE_OK)
        return herald_error_set(HERALD_EDB, "stories: %s", sqlite3_errmsg(store_db(st)));
    sqlite3_bind_int64(q, 1, id);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    herald_rc rc = r == SQLITE_ROW || r == SQLITE_DONE
                       ? HERALD_OK
                       : herald_error_set(HERALD_EDB, "stories: %s", sqlite3_errmsg(store_db(st)));
    sqlite3_finalize(q);
    return rc;
}

/* ?article=ID: {"items": [its story]} or {"items": []}. */
static void list_for_article(struct http_resp *out, struct store *st, const char *v)
{
    int64_t aid = 0, sid = 0;
    struct story_summary s = {0};
    if (!http_router_parse_id(v, strlen(v), &aid)) {
        http_resp_error(out, 400, "bad_request", "article: a positive article id");
        return;
    }
    herald_rc rc = story_of(st, aid, &sid);
    json_t *items = json_array();
    if (!rc && sid && !(rc = store_story_get(st, sid, &s)))
        json_array_append_new(items, story_json(&s));
    story_summary_clear(&s);
    if (rc && rc != HERALD_ENOTFOUND) {
        json_decref(items);
        api_resp_rc(out, rc);
        return;
    }
    http_resp_json(out, json_pack("{so}", "items", items));
}

void api_stories_list(struct http_resp *out, const struct http_req *req)
{
    static const char *const allowed[] = {"limit", "since", "article", NULL};
    const char *lim = http_query_get(&req->query, "limit"),
               *since_s = http_query_get(&req->query, "since"),
               *art = http_query_get(&req->query, "article");
    struct story_summary *v = NULL;
    size_t n = 0;
    int64_t since = 0;
    long limit = 30;
    char *end = NULL;
    if (http_query_check(&req->query, allowed)) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    if (lim && ((limit = strtol(lim, &end, 10)) < 1 || limit > 100 || *end)) {
        http_resp_error(out, 400, "bad_request", "limit: a number in 1..100");
        return;
    }
    if (since_s && !parse_day(since_s, &since)) {
        http_resp_error(out, 400, "bad_request", "since: a date YYYY-MM-DD");
        return;
    }
    if (art) {
        list_for_article(out, req->st, art);
        return;
    }
    herald_rc rc = store_story_list_since(req->st, since, (size_t)limit, &v, &n);
    if (rc) {
        api_resp_rc(out, rc);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, story_json(&v[i]));
    story_summary_free_array(v, n);
    http_resp_json(out, json_pack("{so}", "items", items));
}

/* One row of sql_articles as an object. */
static json_t *article_item(sqlite3_stmt *q)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(sqlite3_column_int64(q, 0)));
    json_object_set_new(o, "title", api_str((const char *)sqlite3_column_text(q, 1)));
    json_object_set_new(o, "url", api_str((const char *)sqlite3_column_text(q, 2)));
    json_object_set_new(o, "lang", api_str((const char *)sqlite3_column_text(q, 3)));
    json_object_set_new(o, "country", api_str((const char *)sqlite3_column_text(q, 4)));
    json_object_set_new(o, "source", api_str((const char *)sqlite3_column_text(q, 5)));
    json_object_set_new(o, "published", api_date(sqlite3_column_int64(q, 6)));
    json_object_set_new(o, "tone", api_str(store_filter_tone_name(sqlite3_column_int(q, 7))));
    json_object_set_new(o, "dup_of",
                        sqlite3_column_type(q, 8) == SQLITE_NULL || sqlite3_column_int64(q, 8) == 0
                            ? json_null()
                            : json_integer(sqlite3_column_int64(q, 8)));
    return o;
}

/* Appends story id's articles (at most STORY_MAX_ARTICLES) to arr. */
static herald_rc story_articles(struct store *st, int64_t id, json_t *arr)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(store_db(st), sql_articles, -1, &q, NULL) != SQLITE_OK)
        return herald_error_set(HERALD_EDB, "stories: %s", sqlite3_errmsg(store_db(st)));
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int(q, 2, STORY_MAX_ARTICLES);
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW)
        json_array_append_new(arr, article_item(q));
    herald_rc rc = r == SQLITE_DONE
                       ? HERALD_OK
                       : herald_error_set(HERALD_EDB, "stories: %s", sqlite3_errmsg(store_db(st)));
    sqlite3_finalize(q);
    return rc;
}

void api_story_get(struct http_resp *out, const struct http_req *req)
{
    struct story_summary s = {0};
    json_t *o = NULL, *arr = json_array();
    if (req->query.n) {
        json_decref(arr);
        http_resp_error(out, 400, "bad_request", "this route takes no parameters");
        return;
    }
    herald_rc rc = store_story_get(req->st, req->id, &s);
    if (!rc)
        rc = story_articles(req->st, req->id, arr);
    if (rc) {
        json_decref(arr);
        story_summary_clear(&s);
        api_resp_rc(out, rc);
        return;
    }
    o = story_json(&s);
    json_object_set_new(o, "items", arr);
    json_object_set_new(o, "items_truncated", json_boolean(s.articles > STORY_MAX_ARTICLES));
    story_summary_clear(&s);
    http_resp_json(out, o);
}
