/* Ranked full-text search and filtered walks over articles. Ranking runs
 * BM25 (herald_rank, store_rank.c) over a bounded window of the newest
 * matches (FTS5 walks its doclists in descending rowid order and stops), so
 * a query matching half of a million-article store costs about the same as
 * one matching a few thousand. Language, country and source filters are
 * facet phrases inside the MATCH (FTS5 intersects doclists), --since is a
 * lower bound on the rowid, and snippets are made only for the hits
 * returned. */
#include "store/store_search.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_filter.h"
#include "text/fts_query.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

#define DEFAULT_LIMIT 20
#define SNIPPET_TOKENS 24
#define SINCE_SLACK (2 * 86400)

#define RANK_SELECT                                                                                \
    "SELECT id, score FROM (SELECT f.rowid AS id,"                                                 \
    " herald_rank(articles_fts, 4.0, 1.0, 0.0) AS score FROM articles_fts f"
#define RANK_ORDER                                                                                 \
    " ORDER BY f.rowid DESC LIMIT ?7) ORDER BY score DESC, id DESC LIMIT ?8 OFFSET ?9"

/* Language, country and source are facet phrases in ?1: no join. */
static const char sql_rank[] =
    RANK_SELECT " WHERE articles_fts MATCH ?1 AND f.rowid >= ?10" RANK_ORDER;
/* Dates need the row's published column, read from a narrow index. */
static const char sql_rank_dated[] =
    RANK_SELECT " JOIN articles a INDEXED BY articles_published_by_id ON a.id = f.rowid"
                " WHERE articles_fts MATCH ?1 AND f.rowid >= ?10"
                " AND (?5 = 0 OR a.published >= ?5) AND (?6 = 0 OR a.published < ?6)" RANK_ORDER;
/* A language or country that cannot be a facet word is checked row by row. */
static const char sql_rank_filtered[] =
    RANK_SELECT " JOIN articles a ON a.id = f.rowid"
                " WHERE articles_fts MATCH ?1 AND f.rowid >= ?10" STORE_FILTER_SQL RANK_ORDER;
/* The smallest id of the articles fetched on or after the day of ?1: no
 * article fetched earlier can have been published at or after
 * ?1 + SINCE_SLACK. */
static const char sql_since[] =
    "SELECT coalesce(min(min_id), 0), count(*) FROM fetch_days WHERE day >= ?1 / 86400";
static const char sql_hit[] = "SELECT a.title, a.url, a.lang, a.country, s.name, a.published,"
                              " herald_snippet(articles_fts, 1, ?2, ?3, '…', ?5), a.topics,"
                              " coalesce(a.relevance_class, -1), coalesce(a.tone_label, -2),"
                              " a.tone"
                              " FROM articles_fts f JOIN articles a ON a.id = f.rowid"
                              " LEFT JOIN sources s ON s.id = a.source_id"
                              " WHERE articles_fts MATCH ?1 AND f.rowid = ?4";
static const char sql_each_all[] =
    "SELECT " STORE_ARTICLE_COLUMNS " FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
    " WHERE ?1 IS NULL" STORE_FILTER_SQL " ORDER BY a.id";
static const char sql_each_match[] =
    "SELECT " STORE_ARTICLE_COLUMNS " FROM articles_fts f JOIN articles a ON a.id = f.rowid"
    " LEFT JOIN sources s ON s.id = a.source_id"
    " WHERE articles_fts MATCH ?1" STORE_FILTER_SQL " ORDER BY f.rowid";

void search_hits_free(struct search_hit *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++) {
        free(v[i].title);
        free(v[i].url);
        free(v[i].snippet);
        free(v[i].lang);
        free(v[i].country);
        free(v[i].source_name);
        free(v[i].topics);
    }
    free(v);
}

/* Returns true when v (NULL or a language or country) can be written as a
 * facet word: letters, digits and hyphens, which the facet drops. */
static bool facetable(const char *v)
{
    size_t n = 0;
    for (const char *p = v; p && *p; p++, n++)
        if (!isalnum((unsigned char)*p) && *p != '-')
            return false;
    return n < 32;
}

/* Picks the cheapest ranking statement that applies q's filters. */
static const char *rank_sql(const struct search_query *q)
{
    if (!facetable(q->lang) || !facetable(q->country) || !facetable(q->topic))
        return sql_rank_filtered;
    return q->since || q->until ? sql_rank_dated : sql_rank;
}

/* Binds q's filters (store_filter_bind) and then match to ?1: search
 * matches with its own expression (facet phrases), not the filter's. */
static herald_rc bind_filters(sqlite3_stmt *st, const struct search_query *q, const char *match)
{
    herald_rc rc = store_filter_bind(st, q);
    store_bind_text(st, 1, match);
    return rc;
}

/* Appends ` AND facets : (prefix0 OR prefix2 ...)` for the bits of mask
 * (bits 0..2). */
static void add_facet_bits(struct buf *b, const char *prefix, unsigned mask)
{
    const char *sep = "";
    if (!(mask & 7))
        return;
    buf_printf(b, " AND facets : (");
    for (int i = 0; i < 3; i++)
        if (mask & (1u << i)) {
            buf_printf(b, "%s\"%s%d\"", sep, prefix, i);
            sep = " OR ";
        }
    buf_printf(b, ")");
}

/* Appends ` AND facets : "<prefix><value>"` with value lower-cased and
 * hyphens dropped, as the schema's FACETS expression writes it. A value
 * with other characters gets no facet: the SQL filter still applies. */
static void add_facet(struct buf *b, const char *prefix, const char *value)
{
    char word[40];
    size_t n = 0;
    if (!facetable(value))
        return;
    for (const char *p = value; p && *p; p++)
        if (*p != '-')
            word[n++] = (char)tolower((unsigned char)*p);
    word[n] = '\0';
    if (n)
        buf_printf(b, " AND facets : \"%s%s\"", prefix, word);
}

/* Turns the user's query into an FTS5 expression in *out (caller frees):
 * the words are looked for in the title and text only, and the language,
 * country and source filters become facet phrases. */
static herald_rc build_match(char **out, const struct search_query *q)
{
    char *user = NULL, source[24];
    struct buf b;
    *out = NULL;
    if (str_blank(q->q))
        return herald_error_set(HERALD_EINVAL, "empty search query");
    herald_rc rc = fts_query_build(&user, q->q);
    if (rc)
        return rc;
    buf_init(&b, 0);
    buf_printf(&b, "{title text} : (%s)", user);
    add_facet(&b, "zzl", q->lang);
    add_facet(&b, "zzc", q->country);
    snprintf(source, sizeof source, "%lld", (long long)q->source_id);
    add_facet(&b, "zzs", q->source_id > 0 ? source : NULL);
    add_facet(&b, "zzt", q->topic);
    add_facet_bits(&b, "zzr", q->relevance);
    add_facet_bits(&b, "zzn", q->tone);
    *out = buf_steal(&b);
    free(user);
    return HERALD_OK;
}

/* Squeezes whitespace in snippet s and joins adjacent highlights ("«a» «b»"
 * becomes "«a b»"), in place. */
static void tidy_snippet(char *s, const char *open, const char *close)
{
    size_t lo = strlen(open), lc = strlen(close);
    char *w = s;
    if (!s)
        return;
    str_squeeze(s);
    for (const char *r = s; *r;) {
        if (lc && !strncmp(r, close, lc) && r[lc] == ' ' && lo && !strncmp(r + lc + 1, open, lo)) {
            *w++ = ' ';
            r += lc + 1 + lo;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* Fills hit h (id set) with its metadata and snippet. */
static herald_rc fill_hit(struct store *st, const struct search_query *q, const char *match,
                          struct search_hit *h)
{
    sqlite3_stmt *s = NULL;
    herald_rc rc = store_prepare(st, &s, sql_hit);
    if (rc)
        return rc;
    store_bind_text(s, 1, match);
    store_bind_text(s, 2, q->mark_open ? q->mark_open : "«");
    store_bind_text(s, 3, q->mark_close ? q->mark_close : "»");
    sqlite3_bind_int64(s, 4, h->id);
    sqlite3_bind_int(s, 5, SNIPPET_TOKENS);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        h->title = store_column_dup(s, 0);
        h->url = store_column_dup(s, 1);
        h->lang = store_column_dup(s, 2);
        h->country = store_column_dup(s, 3);
        h->source_name = store_column_dup(s, 4);
        h->published = sqlite3_column_int64(s, 5);
        h->snippet = store_column_dup(s, 6);
        h->topics = store_column_dup(s, 7);
        h->relevance_class = sqlite3_column_int(s, 8);
        h->tone_label = sqlite3_column_int(s, 9);
        h->tone = sqlite3_column_double(s, 10);
        tidy_snippet(h->snippet, q->mark_open ? q->mark_open : "«",
                     q->mark_close ? q->mark_close : "»");
    } else if (src != SQLITE_DONE) {
        rc = store_fail(st, "search snippet");
    }
    sqlite3_reset(s);
    return rc;
}

/* Sets *out to the lowest article id that can be published at or after
 * since (INT64_MAX when none can be). Articles are stored in fetch order and
 * nothing is fetched before it is published (give or take SINCE_SLACK of clock and time-zone
 * error), so FTS5 can skip every older rowid instead of testing each one. */
static herald_rc since_rowid(struct store *st, int64_t since, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    herald_rc rc = HERALD_OK;
    *out = 0;
    if (since <= 0 || (rc = store_prepare(st, &s, sql_since)))
        return rc;
    sqlite3_bind_int64(s, 1, since - SINCE_SLACK);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 1) == 0 ? INT64_MAX : sqlite3_column_int64(s, 0);
    else if (src != SQLITE_DONE)
        rc = store_fail(st, "search");
    sqlite3_reset(s);
    return rc;
}

/* Runs the ranking statement, collecting ids and scores. */
static herald_rc rank(struct store *st, const struct search_query *q, const char *match, int limit,
                      struct search_hit **out, size_t *n)
{
    sqlite3_stmt *s = NULL;
    int64_t window = (int64_t)q->offset + limit, lo = 0;
    herald_rc rc = since_rowid(st, q->since, &lo);
    int src;
    if (!rc)
        rc = store_prepare(st, &s, rank_sql(q));
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 10, lo);
    if ((rc = bind_filters(s, q, match))) {
        sqlite3_reset(s);
        return rc;
    }
    int64_t ranked = q->rank_window > 0 ? q->rank_window : STORE_SEARCH_RANK_WINDOW;
    sqlite3_bind_int64(s, 7, window > ranked ? window : ranked);
    sqlite3_bind_int(s, 8, limit);
    sqlite3_bind_int(s, 9, q->offset);
    *out = xcalloc((size_t)limit, sizeof **out);
    while ((src = sqlite3_step(s)) == SQLITE_ROW && *n < (size_t)limit) {
        (*out)[*n].id = sqlite3_column_int64(s, 0);
        (*out)[(*n)++].score = sqlite3_column_double(s, 1);
    }
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        rc = store_fail(st, "search");
    sqlite3_reset(s);
    return rc;
}

herald_rc store_search(struct store *st, const struct search_query *q, struct search_hit **out,
                       size_t *n)
{
    char *match = NULL;
    int limit = q->limit ? q->limit : DEFAULT_LIMIT;
    herald_rc rc = HERALD_OK;
    *out = NULL;
    *n = 0;
    if (limit < 0 || limit > STORE_SEARCH_MAX_LIMIT || q->offset < 0) {
        rc = herald_error_set(HERALD_EINVAL, "search limit must be 1..%d", STORE_SEARCH_MAX_LIMIT);
        goto done;
    }
    rc = build_match(&match, q);
    if (!rc)
        rc = rank(st, q, match, limit, out, n);
    for (size_t i = 0; !rc && i < *n; i++)
        rc = fill_hit(st, q, match, &(*out)[i]);
done:
    if (rc) {
        search_hits_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    free(match);
    return rc;
}

herald_rc store_search_each(struct store *st, const struct search_query *q, store_search_fn fn,
                            void *ctx)
{
    char *match = NULL;
    sqlite3_stmt *s = NULL;
    int src = SQLITE_DONE;
    herald_rc rc = HERALD_OK;
    if (!str_blank(q->q) && (rc = build_match(&match, q)))
        goto done;
    rc = store_prepare(st, &s, match ? sql_each_match : sql_each_all);
    if (rc)
        goto done;
    if ((rc = bind_filters(s, q, match)))
        goto done;
    while (!rc && (src = sqlite3_step(s)) == SQLITE_ROW) {
        struct article_row a = {0};
        store_article_read_row(s, &a);
        rc = fn(ctx, &a);
        article_row_clear(&a);
    }
    if (!rc && src != SQLITE_DONE)
        rc = store_fail(st, "export");
done:
    sqlite3_reset(s); /* a no-op when s is NULL */
    free(match);
    return rc;
}
