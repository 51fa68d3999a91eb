/* GET /api/v1/stats/volume: article counts and tone toward the country
 * (mean score, negative/neutral/positive counts) per day or week and per
 * group (country, language, topic, source or none), over the same filters
 * as the article list. SQLite groups by day and group column; weeks and the
 * comma-separated topics are merged here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "http/api_json.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_CELLS 200000

#define VOL_SELECT(g)                                                                              \
    "SELECT a.published / 86400, " g ", count(*), sum(a.tone), count(a.tone),"                     \
    " sum(a.tone_label = -1), sum(a.tone_label = 0), sum(a.tone_label = 1) FROM "
#define VOL_ALL " articles a WHERE a.published > 0" API_SQL_FILTERS " GROUP BY 1, 2"
#define VOL_MATCH                                                                                  \
    " articles_fts f JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ?1"                \
    " AND a.published > 0" API_SQL_FILTERS " GROUP BY 1, 2"

struct group_sql {
    const char *name;
    const char *all, *match; /* static SQL; the group is column 1 */
};

static const struct group_sql groups[] = {
    {"none", VOL_SELECT("NULL") VOL_ALL, VOL_SELECT("NULL") VOL_MATCH},
    {"country", VOL_SELECT("a.country") VOL_ALL, VOL_SELECT("a.country") VOL_MATCH},
    {"lang", VOL_SELECT("a.lang") VOL_ALL, VOL_SELECT("a.lang") VOL_MATCH},
    {"topic", VOL_SELECT("a.topics") VOL_ALL, VOL_SELECT("a.topics") VOL_MATCH},
    {"source", VOL_SELECT("a.source_id") VOL_ALL, VOL_SELECT("a.source_id") VOL_MATCH},
};

static const char *const params[] = {"q",         "lang", "country", "source",   "since", "until",
                                     "relevance", "tone", "topic",   "interval", "group", NULL};

/* One (group, bucket) cell of the series. */
struct cell {
    char group[64]; /* "" = none / unknown */
    int64_t day;    /* first day of the bucket, days since the epoch */
    int64_t count, scored, neg, neu, pos;
    double tone_sum;
};

struct volume {
    struct cell *v;
    size_t n, cap;
    json_t *index; /* "group\x1fday" -> index in v */
    bool week;
};

/* Returns the cell for (group, day), adding it; NULL past MAX_CELLS. */
static struct cell *cell_for(struct volume *vol, const char *group, size_t glen, int64_t day)
{
    char key[96];
    if (glen >= sizeof vol->v->group)
        glen = sizeof vol->v->group - 1;
    snprintf(key, sizeof key, "%.*s\x1f%lld", (int)glen, group, (long long)day);
    json_t *ix = json_object_get(vol->index, key);
    if (ix)
        return &vol->v[json_integer_value(ix)];
    if (vol->n >= MAX_CELLS)
        return NULL;
    if (vol->n == vol->cap) {
        vol->cap = vol->cap ? vol->cap * 2 : 64;
        vol->v = xrealloc(vol->v, vol->cap * sizeof *vol->v);
    }
    struct cell *c = &vol->v[vol->n];
    memset(c, 0, sizeof *c);
    memcpy(c->group, group, glen);
    c->day = day;
    json_object_set_new(vol->index, key, json_integer((json_int_t)vol->n++));
    return c;
}

/* Adds the current row's counts to the cell of group (n bytes). */
static herald_rc add_row(struct volume *vol, sqlite3_stmt *s, const char *group, size_t n)
{
    int64_t day = sqlite3_column_int64(s, 0);
    if (vol->week)
        day -= ((day + 3) % 7 + 7) % 7; /* back to Monday (day 0 was a Thursday) */
    if (n && !str_valid_utf8(group, n))
        n = 0;
    struct cell *c = cell_for(vol, group ? group : "", group ? n : 0, day);
    if (!c)
        return herald_error_set(HERALD_ETOOBIG, "over %d series points: narrow the dates",
                                MAX_CELLS);
    c->count += sqlite3_column_int64(s, 2);
    c->tone_sum += sqlite3_column_double(s, 3);
    c->scored += sqlite3_column_int64(s, 4);
    c->neg += sqlite3_column_int64(s, 5);
    c->neu += sqlite3_column_int64(s, 6);
    c->pos += sqlite3_column_int64(s, 7);
    return HERALD_OK;
}

/* Adds the row to its group, or to each of its topics for group=topic. */
static herald_rc add_grouped(struct volume *vol, sqlite3_stmt *s, bool topics)
{
    const char *g = (const char *)sqlite3_column_text(s, 1);
    herald_rc rc = HERALD_OK;
    if (!topics || !g || !*g)
        return add_row(vol, s, g, g ? strlen(g) : 0);
    for (const char *p = g; *p && !rc;) {
        size_t n = strcspn(p, ",");
        if (n)
            rc = add_row(vol, s, p, n);
        p += n + (p[n] == ',');
    }
    return rc;
}

static int by_group_day(const void *a, const void *b)
{
    const struct cell *x = a, *y = b;
    int c = strcmp(x->group, y->group);
    return c ? c : (x->day > y->day) - (x->day < y->day);
}

static json_t *point_json(const struct cell *c)
{
    char iso[32];
    date_format_iso(iso, c->day * 86400);
    iso[10] = '\0';
    return json_pack("{s:s, s:I, s:{s:o, s:I, s:I, s:I, s:I}}", "date", iso, "count",
                     (json_int_t)c->count, "tone", "mean",
                     c->scored ? json_real(c->tone_sum / (double)c->scored) : json_null(), "scored",
                     (json_int_t)c->scored, "negative", (json_int_t)c->neg, "neutral",
                     (json_int_t)c->neu, "positive", (json_int_t)c->pos);
}

/* Turns the cells into [{"group", "total", "points": [...]}]. */
static json_t *series_json(struct volume *vol)
{
    json_t *series = json_array(), *cur = NULL;
    if (vol->n) /* qsort(NULL, 0) is undefined */
        qsort(vol->v, vol->n, sizeof *vol->v, by_group_day);
    for (size_t i = 0; i < vol->n; i++) {
        struct cell *c = &vol->v[i];
        if (!cur || strcmp(c->group, vol->v[i - 1].group)) {
            cur = json_pack("{s:o, s:I, s:[]}", "group",
                            c->group[0] ? api_str(c->group) : json_null(), "total", (json_int_t)0,
                            "points");
            json_array_append_new(series, cur);
        }
        json_t *total = json_object_get(cur, "total");
        json_integer_set(total, json_integer_value(total) + c->count);
        json_array_append_new(json_object_get(cur, "points"), point_json(c));
    }
    return series;
}

/* Parses the parameters: filters into f, interval and group. */
static herald_rc parse_params(struct api_filters *f, bool *week, size_t *group,
                              const struct http_query *q)
{
    herald_rc rc = http_query_check(q, params);
    memset(f, 0, sizeof *f);
    *week = false;
    *group = 0;
    for (size_t i = 0; i < q->n && !rc; i++) {
        const char *k = q->v[i].key, *v = q->v[i].value;
        if (!strcmp(k, "interval")) {
            if (strcmp(v, "day") && strcmp(v, "week"))
                return herald_error_set(HERALD_EINVAL, "interval: '%.40s' is not day or week", v);
            *week = v[0] == 'w';
        } else if (!strcmp(k, "group")) {
            size_t g = 0;
            while (g < sizeof groups / sizeof groups[0] && strcmp(groups[g].name, v))
                g++;
            if (g == sizeof groups / sizeof groups[0])
                return herald_error_set(HERALD_EINVAL,
                                        "group: '%.40s' is not one of country, "
                                        "lang, topic, source, none",
                                        v);
            *group = g;
        } else {
            rc = api_filter_parse(f, k, v);
        }
    }
    if (!rc && f->sq.since && f->sq.until && f->sq.since >= f->sq.until)
        rc = herald_error_set(HERALD_EINVAL, "since must be before until");
    return rc;
}

void api_stats_volume(struct http_resp *out, const struct http_req *req)
{
    struct api_filters f;
    struct volume vol = {.index = json_object()};
    sqlite3_stmt *s = NULL;
    size_t g = 0;
    int src = SQLITE_DONE;
    herald_rc rc = parse_params(&f, &vol.week, &g, &req->query);
    if (rc) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        goto done;
    }
    rc = store_prepare(req->st, &s, str_blank(f.sq.q) ? groups[g].all : groups[g].match);
    if (!rc)
        rc = api_bind_filters(s, &f.sq);
    while (!rc && (src = sqlite3_step(s)) == SQLITE_ROW)
        rc = add_grouped(&vol, s, !strcmp(groups[g].name, "topic"));
    if (!rc && src != SQLITE_DONE)
        rc = store_fail(req->st, "stats");
    if (rc) {
        bool bad = rc == HERALD_EINVAL || rc == HERALD_ETOOBIG;
        http_resp_error(out, bad ? 400 : 500, bad ? "bad_request" : "internal", "%s",
                        herald_error_last());
        goto done;
    }
    http_resp_json(out, json_pack("{s:s, s:s, s:o}", "interval", vol.week ? "week" : "day", "group",
                                  groups[g].name, "series", series_json(&vol)));
done:
    if (s)
        sqlite3_reset(s);
    json_decref(vol.index);
    free(vol.v);
}
