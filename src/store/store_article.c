/* The articles table and its duplicate checks, plus the rejects and
 * seen-entries bookkeeping that lets the ingest loop account for every
 * item it fetched and never process a feed entry twice. */
#include "store/store_article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/fold.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_TEXT (8u << 20)

static const char sql_dup[] =
    "SELECT id FROM articles WHERE canonical_url = ?1 OR canonical_url = ?2"
    " OR (?3 IS NOT NULL AND fingerprint = ?3) LIMIT 1";
static const char sql_insert[] =
    "INSERT INTO articles (source_id, url, canonical_url, title, text, summary, lang, country,"
    " description, image, byline, site_name, published, fetched, feed_entry_id, fingerprint,"
    " lang_conf, relevance, relevance_class, topics, tone, tone_label, tone_doc, tone_doc_label)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " coalesce(?8, (SELECT country FROM sources WHERE id = ?1)),"
    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";
static const char sql_set_analysis[] =
    "UPDATE articles SET lang = coalesce(?2, lang), lang_conf = ?3, relevance = ?4,"
    " relevance_class = ?5, topics = ?6, tone = ?7, tone_label = ?8, tone_doc = ?9,"
    " tone_doc_label = ?10 WHERE id = ?1";
static const char sql_get[] =
    "SELECT " STORE_ARTICLE_COLUMNS
    " FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?1";
static const char sql_ids[] =
    "SELECT id FROM articles WHERE ?1 = 0 OR relevance_class IS NULL ORDER BY id";
static const char sql_reject[] =
    "INSERT INTO rejects (source_id, url, reason, at) VALUES (?1, ?2, ?3, ?4)";
static const char sql_seen[] = "SELECT 1 FROM entries WHERE source_id = ?1 AND entry_key = ?2";
static const char sql_mark[] =
    "INSERT OR REPLACE INTO entries (source_id, entry_key, url, article_id, status, seen)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_counts[] =
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sources),"
    " (SELECT count(*) FROM rejects), (SELECT count(*) FROM entries)";
static const char sql_langs[] =
    "SELECT coalesce(lang, ''), count(*) AS n FROM articles GROUP BY lang ORDER BY n DESC"
    " LIMIT ?1";

uint64_t store_article_fingerprint(const char *text)
{
    uint64_t h = 0xcbf29ce484222325ull;
    if (str_blank(text))
        return 0;
    char *folded = fold_loose(text, strlen(text));
    str_squeeze(folded);
    for (const unsigned char *p = (const unsigned char *)folded; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    free(folded);
    return h ? h : 1;
}

static void bind_opt_id(sqlite3_stmt *q, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(q, i, id);
    else
        sqlite3_bind_null(q, i);
}

/* Sets *dup_id to an existing article with the same URL or fingerprint. */
static herald_rc find_dup(struct store *st, const struct article_row *a, const char *canon,
                          uint64_t fp, int64_t *dup_id)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_dup);
    *dup_id = 0;
    if (rc)
        return rc;
    store_bind_text(q, 1, canon);
    store_bind_text(q, 2, a->url);
    if (fp)
        sqlite3_bind_int64(q, 3, (int64_t)fp);
    int src = sqlite3_step(q);
    if (src == SQLITE_ROW)
        *dup_id = sqlite3_column_int64(q, 0);
    else if (src != SQLITE_DONE)
        rc = store_fail(st, "find duplicate");
    sqlite3_reset(q);
    return rc;
}

/* Binds an analysis to the 8 parameters from i on (lang_conf, relevance,
 * relevance_class, topics, tone, tone_label, tone_doc, tone_doc_label);
 * all NULL when it was not analysed, the tone pair NULL when the country
 * is not mentioned. */
static void bind_analysis(sqlite3_stmt *q, int i, const struct article_analysis *an)
{
    for (int k = 0; k < 8; k++)
        sqlite3_bind_null(q, i + k);
    if (!an->analyzed)
        return;
    sqlite3_bind_double(q, i, an->lang_conf);
    sqlite3_bind_double(q, i + 1, an->relevance);
    sqlite3_bind_int(q, i + 2, an->relevance_class);
    sqlite3_bind_text(q, i + 3, an->topics, -1, SQLITE_TRANSIENT);
    if (an->has_tone) {
        sqlite3_bind_double(q, i + 4, an->tone);
        sqlite3_bind_int(q, i + 5, an->tone_label);
    }
    sqlite3_bind_double(q, i + 6, an->tone_doc);
    sqlite3_bind_int(q, i + 7, an->tone_doc_label);
}

static herald_rc insert(struct store *st, const struct article_row *a, const char *canon,
                        uint64_t fp, int64_t *id)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_insert);
    if (rc)
        return rc;
    bind_opt_id(q, 1, a->source_id);
    const char *texts[] = {a->url,      a->canonical_url ? a->canonical_url : canon,
                           a->title,    a->text,
                           a->summary,  a->lang,
                           a->country,  a->description,
                           a->image,    a->byline,
                           a->site_name};
    for (int i = 0; i < 11; i++)
        store_bind_text(q, i + 2, texts[i]);
    sqlite3_bind_int64(q, 13, a->published);
    sqlite3_bind_int64(q, 14, a->fetched ? a->fetched : (int64_t)time(NULL));
    store_bind_text(q, 15, a->feed_entry_id);
    bind_opt_id(q, 16, 0);
    if (fp)
        sqlite3_bind_int64(q, 16, (int64_t)fp);
    bind_analysis(q, 17, &a->an);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = store_fail(st, "add article");
    else
        *id = sqlite3_last_insert_rowid(store_db(st));
    sqlite3_reset(q);
    return rc;
}

herald_rc store_article_add(struct store *st, const struct article_row *a, int64_t *id_out)
{
    int64_t id = 0;
    herald_rc rc = HERALD_OK;
    if (!a->url || !*a->url)
        return herald_error_set(HERALD_EINVAL, "article without a URL");
    if (a->text && strlen(a->text) > MAX_TEXT)
        return herald_error_set(HERALD_ETOOBIG, "article text over %u bytes: %s", MAX_TEXT, a->url);
    const char *canon = a->canonical_url ? a->canonical_url : a->url;
    uint64_t fp = a->fingerprint ? a->fingerprint : store_article_fingerprint(a->text);
    rc = find_dup(st, a, canon, fp, &id);
    if (!rc && id) {
        char reason[64];
        snprintf(reason, sizeof reason, "duplicate of article %lld", (long long)id);
        rc = store_reject_add(st, a->source_id, a->url, reason);
        if (!rc)
            rc = herald_error_set(HERALD_EEXIST, "%s: %s", a->url, reason);
    } else if (!rc) {
        rc = insert(st, a, canon, fp, &id);
    }
    if (id_out)
        *id_out = id;
    return rc;
}

void article_row_clear(struct article_row *a)
{
    char *strs[] = {a->url,       a->canonical_url, a->title,       a->text,  a->summary,
                    a->lang,      a->country,       a->description, a->image, a->byline,
                    a->site_name, a->feed_entry_id, a->source_name};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(strs[i]);
    memset(a, 0, sizeof *a);
}

void article_row_free(struct article_row *a)
{
    if (!a)
        return;
    article_row_clear(a);
    free(a);
}

/* Reads the analysis columns from column i on (the order of bind_analysis). */
static void read_analysis(sqlite3_stmt *q, int i, struct article_analysis *an)
{
    memset(an, 0, sizeof *an);
    an->analyzed = sqlite3_column_type(q, i + 2) != SQLITE_NULL;
    if (!an->analyzed)
        return;
    an->lang_conf = sqlite3_column_double(q, i);
    an->relevance = sqlite3_column_double(q, i + 1);
    an->relevance_class = sqlite3_column_int(q, i + 2);
    const unsigned char *t = sqlite3_column_text(q, i + 3);
    snprintf(an->topics, sizeof an->topics, "%s", t ? (const char *)t : "");
    an->has_tone = sqlite3_column_type(q, i + 5) != SQLITE_NULL;
    an->tone = sqlite3_column_double(q, i + 4);
    an->tone_label = sqlite3_column_int(q, i + 5);
    an->tone_doc = sqlite3_column_double(q, i + 6);
    an->tone_doc_label = sqlite3_column_int(q, i + 7);
}

void store_article_read_row(sqlite3_stmt *q, struct article_row *a)
{
    a->id = sqlite3_column_int64(q, 0);
    a->source_id = sqlite3_column_int64(q, 1);
    char **strs[] = {&a->url,     &a->canonical_url, &a->title, &a->text,   &a->summary,  &a->lang,
                     &a->country, &a->description,   &a->image, &a->byline, &a->site_name};
    for (int i = 0; i < 11; i++)
        *strs[i] = store_column_dup(q, i + 2);
    a->published = sqlite3_column_int64(q, 13);
    a->fetched = sqlite3_column_int64(q, 14);
    a->feed_entry_id = store_column_dup(q, 15);
    a->fingerprint = (uint64_t)sqlite3_column_int64(q, 16);
    a->source_name = store_column_dup(q, 17);
    read_analysis(q, 18, &a->an);
}

herald_rc store_article_get(struct store *st, int64_t id, struct article_row **out)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_get);
    *out = NULL;
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    int src = sqlite3_step(q);
    if (src == SQLITE_ROW) {
        *out = xcalloc(1, sizeof **out);
        store_article_read_row(q, *out);
    } else if (src == SQLITE_DONE) {
        rc = herald_error_set(HERALD_ENOTFOUND, "no article %lld", (long long)id);
    } else {
        rc = store_fail(st, "get article");
    }
    sqlite3_reset(q);
    return rc;
}

/* Steps a bound write statement once. */
static herald_rc write_one(struct store *st, sqlite3_stmt *q, const char *what)
{
    herald_rc rc = HERALD_OK;
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = store_fail(st, what);
    sqlite3_reset(q);
    return rc;
}

herald_rc store_article_set_analysis(struct store *st, int64_t id, const char *lang,
                                     const struct article_analysis *an)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_set_analysis);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    store_bind_text(q, 2, lang);
    bind_analysis(q, 3, an);
    rc = write_one(st, q, "set analysis");
    if (!rc && sqlite3_changes(store_db(st)) == 0)
        rc = herald_error_set(HERALD_ENOTFOUND, "no article %lld", (long long)id);
    return rc;
}

herald_rc store_article_ids(struct store *st, bool unanalysed_only, int64_t **out, size_t *n)
{
    sqlite3_stmt *q = NULL;
    size_t cap = 0;
    int src;
    herald_rc rc = store_prepare(st, &q, sql_ids);
    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    sqlite3_bind_int(q, 1, unanalysed_only);
    while ((src = sqlite3_step(q)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = sqlite3_column_int64(q, 0);
    }
    if (src != SQLITE_DONE) {
        rc = store_fail(st, "list articles");
        free(*out);
        *out = NULL;
        *n = 0;
    }
    sqlite3_reset(q);
    return rc;
}

herald_rc store_reject_add(struct store *st, int64_t source_id, const char *url, const char *reason)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_reject);
    if (rc)
        return rc;
    bind_opt_id(q, 1, source_id);
    store_bind_text(q, 2, url);
    store_bind_text(q, 3, reason ? reason : "rejected");
    sqlite3_bind_int64(q, 4, (int64_t)time(NULL));
    return write_one(st, q, "add reject");
}

herald_rc store_entry_seen(struct store *st, int64_t source_id, const char *entry_key, bool *out)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_seen);
    *out = false;
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, source_id);
    store_bind_text(q, 2, entry_key);
    int src = sqlite3_step(q);
    if (src == SQLITE_ROW)
        *out = true;
    else if (src != SQLITE_DONE)
        rc = store_fail(st, "entry seen");
    sqlite3_reset(q);
    return rc;
}

herald_rc store_entry_mark(struct store *st, int64_t source_id, const char *entry_key,
                           const char *url, int64_t article_id_or_0, const char *status)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_mark);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, source_id);
    store_bind_text(q, 2, entry_key);
    store_bind_text(q, 3, url);
    bind_opt_id(q, 4, article_id_or_0);
    store_bind_text(q, 5, status ? status : "stored");
    sqlite3_bind_int64(q, 6, (int64_t)time(NULL));
    return write_one(st, q, "mark entry");
}

static herald_rc count_langs(struct store *st, struct store_counts *out)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_langs);
    int src;
    if (rc)
        return rc;
    sqlite3_bind_int(q, 1, STORE_COUNTS_LANGS);
    while ((src = sqlite3_step(q)) == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(q, 0);
        snprintf(out->by_lang[out->n_lang].lang, sizeof out->by_lang[0].lang, "%s",
                 lang ? lang : "");
        out->by_lang[out->n_lang++].n = sqlite3_column_int64(q, 1);
    }
    if (src != SQLITE_DONE)
        rc = store_fail(st, "count languages");
    sqlite3_reset(q);
    return rc;
}

herald_rc store_counts(struct store *st, struct store_counts *out)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_counts);
    memset(out, 0, sizeof *out);
    if (rc)
        return rc;
    if (sqlite3_step(q) == SQLITE_ROW) {
        out->articles = sqlite3_column_int64(q, 0);
        out->sources = sqlite3_column_int64(q, 1);
        out->rejects = sqlite3_column_int64(q, 2);
        out->entries = sqlite3_column_int64(q, 3);
    } else {
        rc = store_fail(st, "counts");
    }
    sqlite3_reset(q);
    return rc ? rc : count_langs(st, out);
}
