/* Users: add, read, list, and the changes an admin makes (password, role,
 * disabled); each change ends the user's sessions where it should and is
 * audited in its own transaction. */
#include <jansson.h>
#include <string.h>

#include "auth/auth_internal.h"
#include "util/str.h"
#include "util/xalloc.h"

#define USER_COLS "id, name, display_name, role, agency, disabled, created, last_login"

/* Returns the audit JSON of u (never the hash); caller frees. */
static char *user_json(const struct auth_user *u)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(u->name));
    json_object_set_new(o, "display", u->display ? json_string(u->display) : json_null());
    json_object_set_new(o, "role", json_string(auth_role_name(u->role)));
    json_object_set_new(o, "agency", u->agency ? json_string(u->agency) : json_null());
    json_object_set_new(o, "disabled", json_boolean(u->disabled));
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        abort();
    return s;
}

static void user_read(struct auth_user *u, sqlite3_stmt *st)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    u->name = store_column_dup(st, 1);
    u->display = store_column_dup(st, 2);
    if (auth_role_parse(&u->role, (const char *)sqlite3_column_text(st, 3)))
        u->role = AUTH_ROLE_VIEWER;
    u->agency = store_column_dup(st, 4);
    u->disabled = sqlite3_column_int(st, 5) != 0;
    u->created = sqlite3_column_int64(st, 6);
    u->last_login = sqlite3_column_int64(st, 7);
}

/* Checks a role and its agency (required iff officer). */
static herald_rc role_check(enum auth_role role, const char *agency)
{
    if (!auth_role_name(role))
        return herald_error_set(HERALD_EINVAL, "unknown role");
    if (role == AUTH_ROLE_OFFICER && !auth_slug_valid(agency, AUTH_AGENCY_MAX))
        return herald_error_set(HERALD_EINVAL,
                                "an officer needs an agency (1-%d characters of"
                                " a-z 0-9 . _ -)",
                                AUTH_AGENCY_MAX);
    if (role != AUTH_ROLE_OFFICER && agency)
        return herald_error_set(HERALD_EINVAL, "only officers have an agency");
    return HERALD_OK;
}

static herald_rc name_check(const char *name)
{
    if (!auth_slug_valid(name, AUTH_NAME_MAX))
        return herald_error_set(HERALD_EINVAL,
                                "user name must be 1-%d characters of a-z 0-9 . _ - (got '%.64s')",
                                AUTH_NAME_MAX, name ? name : "");
    return HERALD_OK;
}

static herald_rc display_check(const char *display)
{
    size_t n = display ? strlen(display) : 0;
    if (!display)
        return HERALD_OK;
    if (n > AUTH_DISPLAY_MAX || !str_valid_utf8(display, n))
        return herald_error_set(HERALD_EINVAL,
                                "display name must be valid UTF-8 of at most %d"
                                " bytes",
                                AUTH_DISPLAY_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)display[i] < 0x20 || display[i] == 0x7f)
            return herald_error_set(HERALD_EINVAL, "display name contains a control character");
    return HERALD_OK;
}

herald_rc auth_user_get(struct store *s, struct auth_user *out, const char *name)
{
    sqlite3_stmt *st = NULL;
    herald_rc rc;
    memset(out, 0, sizeof *out);
    if ((rc = auth_prepare(s, &st, "SELECT " USER_COLS " FROM users WHERE name = ?")))
        return rc;
    store_bind_text(st, 1, name ? name : "");
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        user_read(out, st);
    else if (r == SQLITE_DONE)
        rc = herald_error_set(HERALD_ENOTFOUND, "no user '%.64s'", name ? name : "");
    else
        rc = store_fail(s, "user");
    sqlite3_finalize(st);
    return rc;
}

herald_rc auth_user_list(struct store *s, struct auth_user **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    struct auth_user *v = NULL;
    size_t len = 0, cap = 0;
    herald_rc rc;
    int r;
    *out = NULL;
    *n = 0;
    if ((rc = auth_prepare(s, &st, "SELECT " USER_COLS " FROM users ORDER BY name")))
        return rc;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 8;
            v = xrealloc(v, cap * sizeof *v);
        }
        user_read(&v[len++], st);
    }
    if (r != SQLITE_DONE) {
        rc = store_fail(s, "user list");
        auth_users_free(v, len);
    } else {
        *out = v;
        *n = len;
    }
    sqlite3_finalize(st);
    return rc;
}

void auth_user_free(struct auth_user *u)
{
    if (!u)
        return;
    free(u->name);
    free(u->display);
    free(u->agency);
    memset(u, 0, sizeof *u);
}

void auth_users_free(struct auth_user *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        auth_user_free(&v[i]);
    free(v);
}

static herald_rc insert_user(struct store *s, int64_t *id, const struct auth_user *u,
                             const char *hash)
{
    static const char sql[] = "INSERT INTO users (name, display_name, role, agency, password_hash,"
                              " created) VALUES (?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_prepare(s, &st, sql);
    if (rc)
        return rc;
    store_bind_text(st, 1, u->name);
    store_bind_text(st, 2, u->display);
    store_bind_text(st, 3, auth_role_name(u->role));
    store_bind_text(st, 4, u->agency);
    store_bind_text(st, 5, hash);
    sqlite3_bind_int64(st, 6, u->created);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_fail(s, "user add");
        if (rc == HERALD_EEXIST)
            herald_error_set(rc, "user '%s' already exists", u->name);
    }
    *id = sqlite3_last_insert_rowid(store_db(s));
    sqlite3_finalize(st);
    return rc;
}

herald_rc auth_user_add(struct store *s, int64_t *out_id, const struct auth_actor *by,
                        const char *name, enum auth_role role, const char *agency,
                        const char *display, const char *password)
{
    char hash[128], oid[24];
    char *after = NULL;
    int64_t id = 0;
    struct auth_user u = {.name = (char *)name,
                          .display = (char *)display,
                          .role = role,
                          .agency = (char *)agency,
                          .created = auth_now()};
    herald_rc rc;
    if ((rc = name_check(name)) || (rc = role_check(role, agency)) ||
        (rc = display_check(display)) || (rc = auth_password_hash(hash, password)))
        return rc;
    if ((rc = store_begin(s)))
        return rc;
    if ((rc = insert_user(s, &id, &u, hash)))
        goto done;
    after = user_json(&u);
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    if ((rc = auth_audit(s, by, "user.add", "user", oid, NULL, after)))
        goto done;
    rc = store_commit(s);
done:
    if (rc)
        store_rollback(s);
    else if (out_id)
        *out_id = id;
    sodium_memzero(hash, sizeof hash);
    free(after);
    return rc;
}

/* The part of a change that differs: the SQL and its binds after the id. */
struct change {
    const char *action;
    const char *sql; /* ?1 = user id, then the change's values */
    const char *text2, *text3;
    int64_t int2;
    bool end_sessions;
};

/* Applies c to user name, audited with the user's state before and after. */
static herald_rc apply(struct store *s, const struct auth_actor *by, const char *name,
                       const struct change *c, void (*edit)(struct auth_user *, const void *),
                       const void *arg)
{
    struct auth_user u = {0};
    sqlite3_stmt *st = NULL;
    char *before = NULL, *after = NULL, oid[24];
    herald_rc rc;
    if ((rc = store_begin(s)))
        return rc;
    if ((rc = auth_user_get(s, &u, name)) || (rc = auth_prepare(s, &st, c->sql)))
        goto done;
    before = user_json(&u);
    sqlite3_bind_int64(st, 1, u.id);
    if (c->text2)
        store_bind_text(st, 2, c->text2);
    else
        sqlite3_bind_int64(st, 2, c->int2);
    store_bind_text(st, 3, c->text3);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_fail(s, c->action);
        goto done;
    }
    edit(&u, arg);
    after = user_json(&u);
    snprintf(oid, sizeof oid, "%lld", (long long)u.id);
    if (c->end_sessions && (rc = auth_sessions_end_user(s, u.id)))
        goto done;
    if ((rc = auth_audit(s, by, c->action, "user", oid, before, after)))
        goto done;
    rc = store_commit(s);
done:
    if (rc)
        store_rollback(s);
    sqlite3_finalize(st);
    auth_user_free(&u);
    free(before);
    free(after);
    return rc;
}

static void edit_none(struct auth_user *u, const void *arg)
{
    (void)u;
    (void)arg;
}

herald_rc auth_user_set_password(struct store *s, const struct auth_actor *by, const char *name,
                                 const char *password)
{
    char hash[128];
    herald_rc rc = auth_password_hash(hash, password);
    if (rc)
        return rc;
    struct change c = {
        "user.passwd", "UPDATE users SET password_hash = ?2 WHERE id = ?1", hash, NULL, 0, true};
    rc = apply(s, by, name, &c, edit_none, NULL);
    sodium_memzero(hash, sizeof hash);
    return rc;
}

struct role_arg {
    enum auth_role role;
    const char *agency;
};

static void edit_role(struct auth_user *u, const void *arg)
{
    const struct role_arg *a = arg;
    u->role = a->role;
    free(u->agency);
    u->agency = xstrdup(a->agency);
}

herald_rc auth_user_set_role(struct store *s, const struct auth_actor *by, const char *name,
                             enum auth_role role, const char *agency)
{
    herald_rc rc = role_check(role, agency);
    if (rc)
        return rc;
    struct change c = {"user.role",
                       "UPDATE users SET role = ?2, agency = ?3 WHERE id = ?1",
                       auth_role_name(role),
                       agency,
                       0,
                       true};
    struct role_arg a = {role, agency};
    return apply(s, by, name, &c, edit_role, &a);
}

static void edit_disabled(struct auth_user *u, const void *arg)
{
    u->disabled = *(const bool *)arg;
}

herald_rc auth_user_set_disabled(struct store *s, const struct auth_actor *by, const char *name,
                                 bool disabled)
{
    struct change c = {disabled ? "user.disable" : "user.enable",
                       "UPDATE users SET disabled = ?2 WHERE id = ?1",
                       NULL,
                       NULL,
                       disabled,
                       disabled};
    return apply(s, by, name, &c, edit_disabled, &disabled);
}
