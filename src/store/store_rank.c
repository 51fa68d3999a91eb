/* BM25 with sampled document frequencies, and a lazy snippet, as FTS5
 * auxiliary functions. FTS5's own bm25() counts every document of every
 * phrase once per query and snippet() tokenizes the whole column; on a
 * million articles those dominate a query, so herald uses these. */
#include "store/store_rank.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define K1 1.2
#define B 0.75
#define MAX_PHRASES 64
#define MAX_COLUMNS 8
#define MAX_SNIPPET 64

struct rank_stats {
    int n_phrase;
    double avgdl;
    double idf[MAX_PHRASES];
};

struct df_count {
    int64_t n, stop_rowid;
};

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
    struct df_count *c = ctx;
    if (++c->n >= STORE_RANK_DF_SAMPLE) {
        c->stop_rowid = api->xRowid(fts);
        return SQLITE_DONE;
    }
    return SQLITE_OK;
}

/* Estimates the number of documents holding phrase i: exact up to the
 * sample size, else extrapolated assuming rowids are dense in 1..rows. */
static int estimate_df(const Fts5ExtensionApi *api, Fts5Context *fts, int i, int64_t rows,
                       double *out)
{
    struct df_count c = {0, 0};
    int rc = api->xQueryPhrase(fts, i, &c, count_row);
    *out = (double)c.n;
    if (c.stop_rowid > 0 && c.stop_rowid < rows)
        *out = (double)c.n * (double)rows / (double)c.stop_rowid;
    return rc;
}

static int compute_stats(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_stats **out)
{
    struct rank_stats *s = xcalloc(1, sizeof *s);
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &tokens);
    s->n_phrase = api->xPhraseCount(fts);
    if (s->n_phrase > MAX_PHRASES)
        s->n_phrase = MAX_PHRASES;
    s->avgdl = rows > 0 ? (double)tokens / (double)rows : 1;
    for (int i = 0; rc == SQLITE_OK && i < s->n_phrase; i++) {
        double df = 0;
        rc = estimate_df(api, fts, i, rows, &df);
        double idf = log(((double)rows - df + 0.5) / (df + 0.5));
        s->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    if (rc == SQLITE_OK)
        rc = api->xSetAuxdata(fts, s, free);
    else
        free(s);
    *out = rc == SQLITE_OK ? s : NULL;
    return rc;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_val,
                    sqlite3_value **val)
{
    struct rank_stats *s = api->xGetAuxdata(fts, 0);
    double tf[MAX_PHRASES] = {0}, w[MAX_COLUMNS], score = 0;
    int dl = 0;
    int rc = s ? SQLITE_OK : compute_stats(api, fts, &s);
    for (int c = 0; c < MAX_COLUMNS; c++)
        w[c] = c < n_val ? sqlite3_value_double(val[c]) : 1.0;
    for (int i = 0; rc == SQLITE_OK && i < s->n_phrase; i++) {
        Fts5PhraseIter it;
        int col = 0, off = 0;
        rc = api->xPhraseFirst(fts, i, &it, &col, &off);
        for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fts, &it, &col, &off))
            if (col < MAX_COLUMNS)
                tf[i] += w[col];
    }
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, -1, &dl);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double norm = K1 * (1 - B + B * (double)dl / s->avgdl);
    for (int i = 0; i < s->n_phrase; i++)
        score += s->idf[i] * tf[i] * (K1 + 1) / (tf[i] + norm);
    sqlite3_result_double(ctx, score);
}

struct snip {
    const char *text;
    int col_len;
    int pos;       /* position of the next token */
    int first;     /* first position shown */
    int n;         /* positions shown */
    int start;     /* byte where the window starts, -1 until known */
    int end;       /* byte where the last shown token ends */
    bool cut_end;  /* tokens follow the window */
    uint64_t mark; /* bit i: position first+i is a match */
    sqlite3_str *out;
    const char *open, *close;
    int written; /* bytes of text copied so far (from start) */
};

static void copy_upto(struct snip *s, int byte)
{
    if (byte > s->written)
        sqlite3_str_append(s->out, s->text + s->written, byte - s->written);
    if (byte > s->written)
        s->written = byte;
}

static int snip_token(void *ctx, int tflags, const char *token, int n, int start, int end)
{
    struct snip *s = ctx;
    if (tflags & FTS5_TOKEN_COLOCATED)
        return SQLITE_OK;
    int pos = s->pos++;
    if (pos < s->first)
        return SQLITE_OK;
    if (pos >= s->first + s->n) {
        s->cut_end = true;
        return SQLITE_DONE;
    }
    if (s->start < 0)
        s->start = s->written = start;
    if (s->mark >> (pos - s->first) & 1) {
        copy_upto(s, start);
        sqlite3_str_appendall(s->out, s->open);
        copy_upto(s, end);
        sqlite3_str_appendall(s->out, s->close);
    }
    s->end = end;
    return SQLITE_OK;
}

/* Calls fn(s, offset, phrase size) for each instance of a phrase in col. */
static int each_instance(const Fts5ExtensionApi *api, Fts5Context *fts, int col, struct snip *s,
                         void (*fn)(struct snip *, int, int))
{
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < api->xPhraseCount(fts); i++) {
        Fts5PhraseIter it;
        int c = 0, off = 0, size = api->xPhraseSize(fts, i);
        rc = api->xPhraseFirst(fts, i, &it, &c, &off);
        for (; rc == SQLITE_OK && c >= 0; api->xPhraseNext(fts, &it, &c, &off))
            if (c == col)
                fn(s, off, size);
    }
    return rc;
}

static void note_first(struct snip *s, int off, int size)
{
    if (s->first < 0 || off < s->first)
        s->first = off;
}

static void mark_instance(struct snip *s, int off, int size)
{
    for (int k = 0; k < size; k++)
        if (off + k >= s->first && off + k < s->first + s->n)
            s->mark |= 1ull << (off + k - s->first);
}

/* Finds the window: starts a little before the first match in col and
 * marks the matched positions inside it. */
static int find_window(const Fts5ExtensionApi *api, Fts5Context *fts, int col, struct snip *s)
{
    s->first = -1;
    int rc = each_instance(api, fts, col, s, note_first);
    s->first = s->first > s->n / 4 ? s->first - s->n / 4 : 0;
    return rc == SQLITE_OK ? each_instance(api, fts, col, s, mark_instance) : rc;
}

static const char *arg_text(sqlite3_value **val, int n_val, int i, const char *dflt)
{
    const unsigned char *t = i < n_val ? sqlite3_value_text(val[i]) : NULL;
    return t ? (const char *)t : dflt;
}

static void snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int n_val, sqlite3_value **val)
{
    int col = n_val > 0 ? sqlite3_value_int(val[0]) : 0, len = 0;
    const char *ellipsis = arg_text(val, n_val, 3, "…");
    struct snip s = {
        .start = -1, .open = arg_text(val, n_val, 1, "["), .close = arg_text(val, n_val, 2, "]")};
    s.n = n_val > 4 ? sqlite3_value_int(val[4]) : 16;
    if (s.n < 1 || s.n > MAX_SNIPPET)
        s.n = MAX_SNIPPET;
    int rc = api->xColumnText(fts, col, &s.text, &len);
    if (rc == SQLITE_OK && s.text && len > 0)
        rc = find_window(api, fts, col, &s);
    if (rc != SQLITE_OK || !s.text || len <= 0) {
        if (rc == SQLITE_OK)
            sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        else
            sqlite3_result_error_code(ctx, rc);
        return;
    }
    s.out = sqlite3_str_new(NULL);
    if (s.first > 0)
        sqlite3_str_appendall(s.out, ellipsis);
    rc = api->xTokenize(fts, s.text, len, &s, snip_token);
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    if (s.start >= 0)
        copy_upto(&s, s.end);
    if (s.cut_end)
        sqlite3_str_appendall(s.out, ellipsis);
    char *res = sqlite3_str_finish(s.out);
    if (rc == SQLITE_OK)
        sqlite3_result_text(ctx, res ? res : "", -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_error_code(ctx, rc);
    sqlite3_free(res);
}

static fts5_api *get_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

herald_rc store_rank_register(sqlite3 *db)
{
    fts5_api *api = get_api(db);
    if (!api)
        return herald_error_set(HERALD_EDB, "SQLite has no FTS5");
    if (api->xCreateFunction(api, "herald_rank", NULL, rank_fn, NULL) != SQLITE_OK ||
        api->xCreateFunction(api, "herald_snippet", NULL, snippet_fn, NULL) != SQLITE_OK)
        return herald_error_set(HERALD_EDB, "cannot register search functions");
    return HERALD_OK;
}
