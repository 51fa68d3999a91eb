/* The audit log: one appended row per change (who, what, when, before and
 * after as JSON, from which IP); listing with filters and JSON-lines
 * export. The schema's triggers refuse UPDATE and DELETE on it. */
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "auth/auth_internal.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xalloc.h"

#define EXPORT_PAGE 1000

/* Returns true when s is NULL or parses as JSON. */
static bool json_ok(const char *s)
{
    if (!s)
        return true;
    json_t *j = json_loads(s, JSON_DECODE_ANY, NULL);
    json_decref(j);
    return j != NULL;
}

herald_rc auth_audit(struct store *s, const struct auth_actor *by, const char *action,
                     const char *object_type, const char *object_id, const char *before,
                     const char *after)
{
    static const char sql[] = "INSERT INTO audit (at, actor, actor_user_id, action, object_type,"
                              " object_id, before, after, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = NULL;
    herald_rc rc;
    if (!action || !*action || !by || !by->name || !*by->name)
        return herald_error_set(HERALD_EINVAL, "audit: an action and an actor are required");
    if (!json_ok(before) || !json_ok(after))
        return herald_error_set(HERALD_EINVAL, "audit %s: before/after is not valid JSON", action);
    if ((rc = auth_prepare(s, &st, sql)))
        return rc;
    sqlite3_bind_int64(st, 1, auth_now());
    store_bind_text(st, 2, by->name);
    if (by->user_id > 0)
        sqlite3_bind_int64(st, 3, by->user_id);
    store_bind_text(st, 4, action);
    store_bind_text(st, 5, object_type);
    store_bind_text(st, 6, object_id);
    store_bind_text(st, 7, before);
    store_bind_text(st, 8, after);
    store_bind_text(st, 9, by->ip);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "audit");
    sqlite3_finalize(st);
    return rc;
}

/* Builds the SELECT for filter f into sql (a buffer the caller frees). */
static void filter_sql(struct buf *sql, const struct auth_audit_filter *f)
{
    buf_puts(sql, "SELECT id, at, actor, actor_user_id, action, object_type, object_id, before,"
                  " after, ip FROM audit WHERE id > ?1");
    if (f->before_id > 0)
        buf_puts(sql, " AND id < ?6");
    if (f->since)
        buf_puts(sql, " AND at >= ?2");
    if (f->actor)
        buf_puts(sql, " AND actor = ?3");
    if (f->action && *f->action && f->action[strlen(f->action) - 1] == '.')
        buf_puts(sql, " AND substr(action, 1, length(?4)) = ?4");
    else if (f->action)
        buf_puts(sql, " AND action = ?4");
    buf_puts(sql, f->newest_first ? " ORDER BY id DESC" : " ORDER BY id");
    if (f->limit)
        buf_puts(sql, " LIMIT ?5");
}

static void row_read(struct auth_audit_row *r, sqlite3_stmt *st)
{
    r->id = sqlite3_column_int64(st, 0);
    r->at = sqlite3_column_int64(st, 1);
    r->actor = store_column_dup(st, 2);
    r->actor_user_id = sqlite3_column_int64(st, 3);
    r->action = store_column_dup(st, 4);
    r->object_type = store_column_dup(st, 5);
    r->object_id = store_column_dup(st, 6);
    r->before = store_column_dup(st, 7);
    r->after = store_column_dup(st, 8);
    r->ip = store_column_dup(st, 9);
}

herald_rc auth_audit_list(struct store *s, struct auth_audit_row **out, size_t *n,
                          const struct auth_audit_filter *f)
{
    static const struct auth_audit_filter none = {0};
    struct buf sql;
    sqlite3_stmt *st = NULL;
    struct auth_audit_row *v = NULL;
    size_t len = 0, cap = 0;
    herald_rc rc;
    int r;
    *out = NULL;
    *n = 0;
    f = f ? f : &none;
    buf_init(&sql, 0);
    filter_sql(&sql, f);
    if ((rc = auth_prepare(s, &st, buf_str(&sql))))
        goto done;
    sqlite3_bind_int64(st, 1, f->after_id);
    sqlite3_bind_int64(st, 2, f->since);
    store_bind_text(st, 3, f->actor);
    store_bind_text(st, 4, f->action);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)f->limit);
    sqlite3_bind_int64(st, 6, f->before_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 16;
            v = xrealloc(v, cap * sizeof *v);
        }
        row_read(&v[len++], st);
    }
    if (r != SQLITE_DONE) {
        rc = store_fail(s, "audit list");
        auth_audit_rows_free(v, len);
        goto done;
    }
    *out = v;
    *n = len;
done:
    sqlite3_finalize(st);
    buf_free(&sql);
    return rc;
}

void auth_audit_rows_free(struct auth_audit_row *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].actor);
        free(v[i].action);
        free(v[i].object_type);
        free(v[i].object_id);
        free(v[i].before);
        free(v[i].after);
        free(v[i].ip);
    }
    free(v);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Returns the parsed JSON text s (null when NULL; a string if unparsable). */
static json_t *embedded(const char *s)
{
    json_t *j = s ? json_loads(s, JSON_DECODE_ANY, NULL) : json_null();
    return j ? j : json_string(s);
}

char *auth_audit_row_json(const struct auth_audit_row *r)
{
    char at[24];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "at", json_string(date_format_iso(at, r->at)));
    json_object_set_new(o, "actor", str_or_null(r->actor));
    json_object_set_new(o, "actor_user_id",
                        r->actor_user_id ? json_integer(r->actor_user_id) : json_null());
    json_object_set_new(o, "action", str_or_null(r->action));
    json_object_set_new(o, "object_type", str_or_null(r->object_type));
    json_object_set_new(o, "object_id", str_or_null(r->object_id));
    json_object_set_new(o, "before", embedded(r->before));
    json_object_set_new(o, "after", embedded(r->after));
    json_object_set_new(o, "ip", str_or_null(r->ip));
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!text)
        abort(); /* jansson fails only on allocation */
    return text;
}

herald_rc auth_audit_export(struct store *s, FILE *f, const struct auth_audit_filter *filter)
{
    struct auth_audit_filter page = filter ? *filter : (struct auth_audit_filter){0};
    size_t left = page.limit ? page.limit : SIZE_MAX;
    herald_rc rc = HERALD_OK;
    page.newest_first = false; /* an export reads in the order it was written */
    page.before_id = 0;
    /* in pages of EXPORT_PAGE rows, so a long log never sits in memory */
    while (rc == HERALD_OK && left > 0) {
        struct auth_audit_row *v = NULL;
        size_t n = 0;
        page.limit = left < EXPORT_PAGE ? left : EXPORT_PAGE;
        if ((rc = auth_audit_list(s, &v, &n, &page)))
            break;
        for (size_t i = 0; rc == HERALD_OK && i < n; i++) {
            char *line = auth_audit_row_json(&v[i]);
            if (fputs(line, f) == EOF || fputc('\n', f) == EOF)
                rc = herald_error_set(HERALD_EIO, "audit export: write failed");
            free(line);
        }
        if (n)
            page.after_id = v[n - 1].id;
        auth_audit_rows_free(v, n);
        left -= n;
        if (n < page.limit)
            break;
    }
    return rc;
}
