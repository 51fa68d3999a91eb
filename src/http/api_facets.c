/* Facet counting: one bounded query reads the facet columns of the newest
 * matching articles and the counts are kept in JSON objects, then turned
 * into arrays sorted by count (dates by the office's day). */
#include "http/api_facets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api_json.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define FACET_COLUMNS                                                                              \
    "SELECT a.lang, a.country, a.source_id, s.name, a.relevance_class, a.topics, a.tone_label,"    \
    " a.published FROM "
static const char sql_all[] =
    FACET_COLUMNS "articles a LEFT JOIN sources s ON s.id = a.source_id WHERE 1" STORE_FILTER_SQL
                  " ORDER BY a.published DESC, a.id DESC LIMIT ?7";
static const char sql_match[] = FACET_COLUMNS
    "articles_fts f JOIN articles a ON a.id = f.rowid LEFT JOIN sources s ON s.id = a.source_id"
    " WHERE articles_fts MATCH ?1" STORE_FILTER_SQL " ORDER BY f.rowid DESC LIMIT ?7";

enum { F_LANG, F_COUNTRY, F_SOURCE, F_RELEVANCE, F_TOPIC, F_TONE, F_DAY, F_COUNT };
static const char *const facet_names[F_COUNT] = {"lang",  "country", "source", "relevance",
                                                 "topic", "tone",    "date"};

static void bump(json_t *counts, const char *key, size_t n)
{
    char k[64];
    if (!key || !n)
        return;
    snprintf(k, sizeof k, "%.*s", (int)(n < sizeof k ? n : sizeof k - 1), key);
    if (!str_valid_utf8(k, strlen(k)))
        return;
    json_t *v = json_object_get(counts, k);
    if (v)
        json_integer_set(v, json_integer_value(v) + 1);
    else
        json_object_set_new(counts, k, json_integer(1));
}

static void count_row(json_t *c[F_COUNT], json_t *names, sqlite3_stmt *s)
{
    const char *lang = (const char *)sqlite3_column_text(s, 0);
    const char *country = (const char *)sqlite3_column_text(s, 1);
    char id[24], day[32];
    bump(c[F_LANG], lang, lang ? strlen(lang) : 0);
    bump(c[F_COUNTRY], country, country ? strlen(country) : 0);
    if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
        snprintf(id, sizeof id, "%lld", (long long)sqlite3_column_int64(s, 2));
        bump(c[F_SOURCE], id, strlen(id));
        if (!json_object_get(names, id))
            json_object_set_new(names, id, api_str((const char *)sqlite3_column_text(s, 3)));
    }
    if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
        const char *r = store_filter_relevance_name(sqlite3_column_int(s, 4));
        bump(c[F_RELEVANCE], r, r ? strlen(r) : 0);
    }
    for (const char *p = (const char *)sqlite3_column_text(s, 5); p && *p;) {
        size_t n = strcspn(p, ",");
        bump(c[F_TOPIC], p, n);
        p += n + (p[n] == ',');
    }
    if (sqlite3_column_type(s, 6) != SQLITE_NULL) {
        const char *t = store_filter_tone_name(sqlite3_column_int(s, 6));
        bump(c[F_TONE], t, t ? strlen(t) : 0);
    }
    int64_t pub = sqlite3_column_int64(s, 7);
    if (pub > 0) /* the office's day */
        bump(c[F_DAY], date_format_iso(day, date_office_day(pub) * 86400 + 1), 10);
}

struct pair {
    const char *key;
    json_int_t n;
};

static int by_count(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->key, y->key);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const struct pair *)a)->key, ((const struct pair *)b)->key);
}

/* Turns counts into [{"value", "count"}] (sources also get "name"). */
static json_t *facet_array(json_t *counts, json_t *names, bool dates)
{
    size_t n = json_object_size(counts), i = 0;
    struct pair *v = xcalloc(n ? n : 1, sizeof *v);
    const char *key;
    json_t *val, *arr = json_array();
    json_object_foreach(counts, key, val)
    {
        v[i].key = key;
        v[i++].n = json_integer_value(val);
    }
    qsort(v, n, sizeof *v, dates ? by_key : by_count);
    for (i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:I}", "value", v[i].key, "count", v[i].n);
        if (names) {
            json_object_set_new(o, "value", json_integer(strtoll(v[i].key, NULL, 10)));
            json_object_set(o, "name", json_object_get(names, v[i].key));
        }
        json_array_append_new(arr, o);
    }
    free(v);
    return arr;
}

herald_rc api_facets(json_t **out, const struct search_query *q, struct store *st)
{
    sqlite3_stmt *s = NULL;
    json_t *c[F_COUNT], *names = json_object();
    int src, rows = 0;
    herald_rc rc = store_prepare(st, &s, str_blank(q->q) ? sql_all : sql_match);
    *out = NULL;
    for (int i = 0; i < F_COUNT; i++)
        c[i] = json_object();
    if (rc || (rc = store_filter_bind(s, q)))
        goto done;
    sqlite3_bind_int(s, 7, API_FACETS_WINDOW);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        count_row(c, names, s);
        rows++;
    }
    if (src != SQLITE_DONE) {
        rc = store_fail(st, "facets");
        goto done;
    }
    *out = json_pack("{s:i, s:b}", "counted", rows, "complete", rows < API_FACETS_WINDOW);
    for (int i = 0; i < F_COUNT; i++)
        json_object_set_new(*out, facet_names[i],
                            facet_array(c[i], i == F_SOURCE ? names : NULL, i == F_DAY));
done:
    if (s)
        sqlite3_reset(s);
    for (int i = 0; i < F_COUNT; i++)
        json_decref(c[i]);
    json_decref(names);
    return rc;
}
