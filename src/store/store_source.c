/* The sources table: adding, listing and removing feeds, validating what
 * the office records about each outlet, and the fetch-health bookkeeping
 * the poller uses to decide what is due. */
#include "store/store_source.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/str.h"
#include "util/xalloc.h"

#define COLUMNS                                                                                    \
    "id, url, name, country, lang, kind, poll_minutes, enabled, added, last_fetch,"                \
    " last_success, failures, last_error, items_seen, etag, last_modified"
#define DEFAULT_POLL_MINUTES 60
#define MAX_POLL_MINUTES (60 * 24 * 30)
#define MAX_URL 4096

static const char sql_insert[] =
    "INSERT INTO sources (url, name, country, lang, kind, poll_minutes, enabled, added)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_list[] = "SELECT " COLUMNS " FROM sources ORDER BY id";
static const char sql_get[] = "SELECT " COLUMNS " FROM sources WHERE id = ?1";
static const char sql_find_url[] = "SELECT " COLUMNS " FROM sources WHERE url = ?1";
static const char sql_remove[] = "DELETE FROM sources WHERE id = ?1";
static const char sql_enable[] = "UPDATE sources SET enabled = ?2 WHERE id = ?1";
static const char sql_due[] = "SELECT " COLUMNS " FROM sources WHERE enabled = 1"
                              " AND last_fetch + poll_minutes * 60 <= ?1"
                              " ORDER BY last_fetch, id";
static const char sql_fetch_ok[] =
    "UPDATE sources SET last_fetch = ?2, last_success = ?2, failures = 0, last_error = NULL,"
    " etag = CASE WHEN ?3 IS NULL THEN etag WHEN ?3 = '' THEN NULL ELSE ?3 END,"
    " last_modified = CASE WHEN ?4 IS NULL THEN last_modified WHEN ?4 = '' THEN NULL"
    " ELSE ?4 END, items_seen = items_seen + ?5 WHERE id = ?1";
static const char sql_fetch_fail[] =
    "UPDATE sources SET last_fetch = ?2, failures = failures + 1, last_error = ?3,"
    " items_seen = items_seen + ?4 WHERE id = ?1";

/* ISO 3166-1 alpha-2, officially assigned codes, each followed by a space. */
static const char countries[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR "
    "BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW "
    "GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY "
    "KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV "
    "MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG "
    "TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM "
    "ZW ";

bool store_source_country_valid(const char *cc)
{
    if (!cc || strlen(cc) != 2 || !isalpha((unsigned char)cc[0]) || !isalpha((unsigned char)cc[1]))
        return false;
    char up[3] = {(char)toupper((unsigned char)cc[0]), (char)toupper((unsigned char)cc[1]), 0};
    for (const char *p = countries; *p; p += 3)
        if (p[0] == up[0] && p[1] == up[1])
            return true;
    return false;
}

bool store_source_kind_valid(const char *kind)
{
    return kind &&
           (!strcmp(kind, "domestic") || !strcmp(kind, "foreign") || !strcmp(kind, "official"));
}

bool store_source_lang_valid(const char *lang)
{
    size_t run = 0, subtags = 0;
    if (!lang || !*lang || strlen(lang) > 35)
        return false;
    for (const char *p = lang;; p++) {
        if (*p == '-' || *p == '_' || !*p) {
            if (run == 0 || run > 8 || (subtags == 0 && (run < 2 || run > 3)))
                return false;
            subtags++;
            run = 0;
            if (!*p)
                return true;
        } else if (isalnum((unsigned char)*p) && (subtags > 0 || isalpha((unsigned char)*p))) {
            run++;
        } else {
            return false;
        }
    }
}

static herald_rc validate(const struct source *s)
{
    if (!s->url || strlen(s->url) > MAX_URL ||
        !(str_istartswith(s->url, "http://") || str_istartswith(s->url, "https://")) ||
        strlen(s->url) < 9 || strpbrk(s->url, " \t\r\n"))
        return herald_error_set(HERALD_EINVAL, "source URL must be an http(s) URL: '%s'",
                                s->url ? s->url : "");
    if (s->country && !store_source_country_valid(s->country))
        return herald_error_set(HERALD_EINVAL, "'%s' is not an ISO 3166-1 alpha-2 country code",
                                s->country);
    if (s->kind && !store_source_kind_valid(s->kind))
        return herald_error_set(HERALD_EINVAL,
                                "source kind must be domestic, foreign or official: '%s'", s->kind);
    if (s->lang && !store_source_lang_valid(s->lang))
        return herald_error_set(HERALD_EINVAL, "'%s' is not a language tag", s->lang);
    if (s->poll_minutes < 0 || s->poll_minutes > MAX_POLL_MINUTES)
        return herald_error_set(HERALD_EINVAL, "poll interval must be 1..%d minutes",
                                MAX_POLL_MINUTES);
    return HERALD_OK;
}

herald_rc store_source_add(struct store *st, struct source *s)
{
    sqlite3_stmt *q = NULL;
    char cc[3] = {0};
    herald_rc rc = validate(s);
    if (rc || (rc = store_prepare(st, &q, sql_insert)))
        return rc;
    if (s->country) {
        cc[0] = (char)toupper((unsigned char)s->country[0]);
        cc[1] = (char)toupper((unsigned char)s->country[1]);
    }
    if (!s->added)
        s->added = (int64_t)time(NULL);
    store_bind_text(q, 1, s->url);
    store_bind_text(q, 2, s->name);
    store_bind_text(q, 3, s->country ? cc : NULL);
    store_bind_text(q, 4, s->lang);
    store_bind_text(q, 5, s->kind ? s->kind : "foreign");
    sqlite3_bind_int(q, 6, s->poll_minutes > 0 ? s->poll_minutes : DEFAULT_POLL_MINUTES);
    sqlite3_bind_int(q, 7, s->enabled);
    sqlite3_bind_int64(q, 8, s->added);
    if (sqlite3_step(q) != SQLITE_DONE) {
        rc = store_fail(st, "add source");
        if (rc == HERALD_EEXIST)
            herald_error_set(rc, "source %s already exists", s->url);
    } else {
        s->id = sqlite3_last_insert_rowid(store_db(st));
    }
    sqlite3_reset(q);
    return rc;
}

static void read_row(sqlite3_stmt *q, struct source *s)
{
    s->id = sqlite3_column_int64(q, 0);
    s->url = store_column_dup(q, 1);
    s->name = store_column_dup(q, 2);
    s->country = store_column_dup(q, 3);
    s->lang = store_column_dup(q, 4);
    s->kind = store_column_dup(q, 5);
    s->poll_minutes = sqlite3_column_int(q, 6);
    s->enabled = sqlite3_column_int(q, 7) != 0;
    s->added = sqlite3_column_int64(q, 8);
    s->last_fetch = sqlite3_column_int64(q, 9);
    s->last_success = sqlite3_column_int64(q, 10);
    s->failures = sqlite3_column_int(q, 11);
    s->last_error = store_column_dup(q, 12);
    s->items_seen = sqlite3_column_int64(q, 13);
    s->etag = store_column_dup(q, 14);
    s->last_modified = store_column_dup(q, 15);
}

static void source_clear(struct source *s)
{
    free(s->url);
    free(s->name);
    free(s->country);
    free(s->lang);
    free(s->kind);
    free(s->last_error);
    free(s->etag);
    free(s->last_modified);
}

void source_free(struct source *s)
{
    if (!s)
        return;
    source_clear(s);
    free(s);
}

void sources_free(struct source *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        source_clear(&v[i]);
    free(v);
}

/* Steps the bound statement q, collecting every row. */
static herald_rc collect(struct store *st, sqlite3_stmt *q, struct source **out, size_t *n)
{
    struct source *v = NULL;
    size_t len = 0, cap = 0;
    int src;
    herald_rc rc = HERALD_OK;
    while ((src = sqlite3_step(q)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        memset(&v[len], 0, sizeof *v);
        read_row(q, &v[len++]);
    }
    if (src != SQLITE_DONE) {
        rc = store_fail(st, "list sources");
        sources_free(v, len);
        v = NULL;
        len = 0;
    }
    sqlite3_reset(q);
    *out = v;
    *n = len;
    return rc;
}

herald_rc store_source_list(struct store *st, struct source **out, size_t *n)
{
    sqlite3_stmt *q = NULL;
    *out = NULL;
    *n = 0;
    herald_rc rc = store_prepare(st, &q, sql_list);
    return rc ? rc : collect(st, q, out, n);
}

herald_rc store_source_due(struct store *st, int64_t now, struct source **out, size_t *n)
{
    sqlite3_stmt *q = NULL;
    *out = NULL;
    *n = 0;
    herald_rc rc = store_prepare(st, &q, sql_due);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, now);
    return collect(st, q, out, n);
}

/* Runs a bound single-row query and returns its one source. */
static herald_rc one(struct store *st, sqlite3_stmt *q, struct source **out, const char *what)
{
    struct source *v = NULL;
    size_t n = 0;
    herald_rc rc = collect(st, q, &v, &n);
    *out = NULL;
    if (rc)
        return rc;
    if (n == 0)
        return herald_error_set(HERALD_ENOTFOUND, "no source %s", what);
    *out = xmalloc(sizeof **out);
    **out = v[0];
    for (size_t i = 1; i < n; i++)
        source_clear(&v[i]);
    free(v);
    return HERALD_OK;
}

herald_rc store_source_get(struct store *st, int64_t id, struct source **out)
{
    sqlite3_stmt *q = NULL;
    char what[32];
    herald_rc rc = store_prepare(st, &q, sql_get);
    *out = NULL;
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    snprintf(what, sizeof what, "%lld", (long long)id);
    return one(st, q, out, what);
}

herald_rc store_source_find_url(struct store *st, const char *url, struct source **out)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_find_url);
    *out = NULL;
    if (rc)
        return rc;
    store_bind_text(q, 1, url);
    return one(st, q, out, url);
}

/* Steps a bound write statement; ENOTFOUND when it changed no row. */
static herald_rc change_one(struct store *st, sqlite3_stmt *q, int64_t id, const char *what)
{
    herald_rc rc = HERALD_OK;
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = store_fail(st, what);
    else if (sqlite3_changes(store_db(st)) == 0)
        rc = herald_error_set(HERALD_ENOTFOUND, "no source %lld", (long long)id);
    sqlite3_reset(q);
    return rc;
}

herald_rc store_source_remove(struct store *st, int64_t id)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_remove);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    return change_one(st, q, id, "remove source");
}

herald_rc store_source_set_enabled(struct store *st, int64_t id, bool enabled)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, sql_enable);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int(q, 2, enabled);
    return change_one(st, q, id, "enable source");
}

herald_rc store_source_record_fetch(struct store *st, int64_t id, int64_t now, bool ok,
                                    const char *error, const char *etag, const char *last_modified,
                                    int new_items)
{
    sqlite3_stmt *q = NULL;
    herald_rc rc = store_prepare(st, &q, ok ? sql_fetch_ok : sql_fetch_fail);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, now);
    if (ok) {
        store_bind_text(q, 3, etag);
        store_bind_text(q, 4, last_modified);
        sqlite3_bind_int(q, 5, new_items);
    } else {
        store_bind_text(q, 3, error ? error : "unknown error");
        sqlite3_bind_int(q, 4, new_items);
    }
    return change_one(st, q, id, "record fetch");
}
