/* Login and sessions: password check at a constant cost (a dummy hash for
 * unknown names), the rate limit, session creation with a CSRF token,
 * session and CSRF checks, expiry and logout. */
#include <jansson.h>
#include <pthread.h>
#include <string.h>

#include "auth/auth_internal.h"
#include "auth/auth_rate.h"
#include "util/xalloc.h"

#define TOUCH_EVERY 60 /* seconds between last_seen updates */

static pthread_mutex_t dummy_lock = PTHREAD_MUTEX_INITIALIZER;
static char dummy[2][128]; /* [0] real cost, [1] test cost */

/* Copies into out a hash of a random password at the current cost, for
 * unknown names, so that they cost as much as a wrong password. */
static void dummy_hash(char out[128])
{
    int i = auth_fast_hash_on() ? 1 : 0;
    pthread_mutex_lock(&dummy_lock);
    if (!dummy[i][0]) {
        char pw[21];
        auth_password_generate(pw);
        if (auth_password_hash(dummy[i], pw))
            dummy[i][0] = '\0';
    }
    memcpy(out, dummy[i], 128);
    pthread_mutex_unlock(&dummy_lock);
}

/* The user row a login reads. */
struct login_user {
    struct auth_principal p;
    char hash[128];
    bool found, disabled;
};

static herald_rc read_user(struct store *s, struct login_user *u, const char *name)
{
    static const char sql[] = "SELECT id, name, role, agency, password_hash, disabled FROM users"
                              " WHERE name = ?";
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_prepare(s, &st, sql);
    memset(u, 0, sizeof *u);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 4);
        auth_principal_read(&u->p, st, 0);
        snprintf(u->hash, sizeof u->hash, "%s", h ? h : "");
        u->disabled = sqlite3_column_int(st, 5) != 0;
        u->found = true;
    } else if (r != SQLITE_DONE) {
        rc = store_fail(s, "login");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Records a failed login in the audit log (its own transaction). */
static herald_rc audit_failure(struct store *s, const struct login_user *u, const char *name,
                               const char *ip, const char *reason)
{
    struct auth_actor by = {0, "system", ip};
    char oid[24];
    json_t *o =
        json_pack("{s:s%, s:s}", "name", name, strnlen(name, AUTH_NAME_MAX), "reason", reason);
    char *after = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    snprintf(oid, sizeof oid, "%lld", (long long)u->p.user_id);
    herald_rc rc = store_begin(s);
    if (!rc)
        rc = auth_audit(s, &by, "auth.login_failed", "user", u->found ? oid : NULL, NULL, after);
    rc = rc ? rc : store_commit(s);
    if (rc)
        store_rollback(s);
    json_decref(o);
    free(after);
    return rc;
}

/* Inserts a new session for user id with fresh tokens in *out. */
static herald_rc insert_session(struct store *s, struct auth_session_tokens *out, int64_t id,
                                const char *ip)
{
    static const char sql[] = "INSERT INTO sessions (token_hash, user_id, created, expires,"
                              " last_seen, csrf_hash, ip) VALUES (?, ?, ?, ?, ?, ?, ?)";
    unsigned char th[AUTH_HASH_BYTES], ch[AUTH_HASH_BYTES];
    sqlite3_stmt *st = NULL;
    int64_t now = auth_now();
    herald_rc rc = auth_prepare(s, &st, sql);
    if (rc)
        return rc;
    auth_token_random(out->token);
    auth_token_random(out->csrf);
    out->expires = now + AUTH_SESSION_MAX;
    auth_token_hash(th, out->token);
    auth_token_hash(ch, out->csrf);
    sqlite3_bind_blob(st, 1, th, sizeof th, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, out->expires);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_blob(st, 6, ch, sizeof ch, SQLITE_TRANSIENT);
    store_bind_text(st, 7, ip);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "session");
    sqlite3_finalize(st);
    return rc;
}

static herald_rc exec_id(struct store *s, const char *sql, int64_t id, int64_t v)
{
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_prepare(s, &st, sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, v);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "session");
    sqlite3_finalize(st);
    return rc;
}

/* Creates the session of a verified user, audited as auth.login. */
static herald_rc start_session(struct store *s, struct auth_session_tokens *out,
                               const struct login_user *u, const char *ip)
{
    struct auth_actor by = auth_actor_of(&u->p, ip);
    char oid[24];
    herald_rc rc = store_begin(s);
    if (rc)
        return rc;
    snprintf(oid, sizeof oid, "%lld", (long long)u->p.user_id);
    if ((rc = insert_session(s, out, u->p.user_id, ip)) ||
        (rc = exec_id(s, "UPDATE users SET last_login = ?2 WHERE id = ?1", u->p.user_id,
                      auth_now())) ||
        (rc = auth_audit(s, &by, "auth.login", "user", oid, NULL, NULL)))
        goto done;
    rc = store_commit(s);
done:
    if (rc) {
        store_rollback(s);
        sodium_memzero(out, sizeof *out);
    }
    return rc;
}

herald_rc auth_login_verify(struct store *rd, struct auth_login_check *out, const char *name,
                            const char *password, const char *ip)
{
    struct login_user u;
    herald_rc rc = auth_init();
    memset(out, 0, sizeof *out);
    if (rc)
        return rc;
    name = name ? name : "";
    password = password ? password : "";
    if (auth_rate_limited(name, ip))
        return herald_error_set(AUTH_ERATE, "too many failed logins; try again later");
    if ((rc = read_user(rd, &u, name)))
        return rc;
    if (!u.found)
        dummy_hash(u.hash); /* the same cost for a name that does not exist */
    out->ok = auth_password_verify(u.hash, password) == HERALD_OK && u.found;
    sodium_memzero(u.hash, sizeof u.hash);
    out->p = u.p;
    out->found = u.found;
    out->disabled = u.disabled;
    if (!out->ok)
        auth_rate_failure(name, ip);
    else if (!u.disabled)
        auth_rate_success(name, ip);
    return HERALD_OK;
}

herald_rc auth_login_finish(struct store *w, struct auth_session_tokens *out,
                            struct auth_principal *who, const struct auth_login_check *c,
                            const char *name, const char *ip)
{
    struct login_user u = {.p = c->p, .found = c->found, .disabled = c->disabled};
    herald_rc rc;
    memset(out, 0, sizeof *out);
    name = name ? name : "";
    if (!c->ok) {
        audit_failure(w, &u, name, ip, "wrong name or password");
        return herald_error_set(HERALD_EDENIED, "wrong name or password");
    }
    if (c->disabled) {
        audit_failure(w, &u, name, ip, "user disabled");
        return herald_error_set(HERALD_EDENIED, "user '%s' is disabled", c->p.name);
    }
    if ((rc = start_session(w, out, &u, ip)))
        return rc;
    if (who)
        *who = c->p;
    return HERALD_OK;
}

herald_rc auth_login(struct store *s, struct auth_session_tokens *out, struct auth_principal *who,
                     const char *name, const char *password, const char *ip)
{
    struct auth_login_check c;
    herald_rc rc = auth_login_verify(s, &c, name, password, ip);
    if (rc) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    return auth_login_finish(s, out, who, &c, name, ip);
}

/* True when token has the shape of a session token (avoids hashing junk). */
static bool token_shaped(const char *token)
{
    return token && strlen(token) == AUTH_TOKEN_LEN &&
           strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               AUTH_TOKEN_LEN;
}

/* Sets the last-seen time of the session with token hash th. */
static herald_rc touch(struct store *s, const unsigned char *th, int64_t now)
{
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_prepare(s, &st, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_blob(st, 2, th, AUTH_HASH_BYTES, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "session");
    sqlite3_finalize(st);
    return rc;
}

herald_rc auth_session_peek(struct store *s, struct auth_principal *out, bool *stale,
                            const char *token)
{
    static const char sql[] = "SELECT u.id, u.name, u.role, u.agency, s.expires, s.last_seen,"
                              " u.disabled FROM sessions s JOIN users u ON u.id = s.user_id"
                              " WHERE s.token_hash = ?";
    unsigned char th[AUTH_HASH_BYTES];
    sqlite3_stmt *st = NULL;
    int64_t now = auth_now();
    herald_rc rc = auth_init();
    memset(out, 0, sizeof *out);
    if (stale)
        *stale = false;
    if (rc)
        return rc;
    if (!token_shaped(token))
        return herald_error_set(HERALD_EDENIED, "no valid session");
    auth_token_hash(th, token);
    if ((rc = store_prepare(s, &st, sql)))
        return rc;
    sqlite3_bind_blob(st, 1, th, sizeof th, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        rc = r == SQLITE_DONE ? herald_error_set(HERALD_EDENIED, "no valid session")
                              : store_fail(s, "session");
        goto done;
    }
    int64_t expires = sqlite3_column_int64(st, 4), seen = sqlite3_column_int64(st, 5);
    if (now >= expires || now - seen >= AUTH_SESSION_IDLE || sqlite3_column_int(st, 6)) {
        rc = herald_error_set(HERALD_EDENIED, "session expired");
        goto done;
    }
    auth_principal_read(out, st, 0);
    if (stale)
        *stale = now - seen >= TOUCH_EVERY;
done:
    if (st)
        sqlite3_reset(st); /* cached by the store: every request checks one */
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

herald_rc auth_session_touch(struct store *s, const char *token)
{
    unsigned char th[AUTH_HASH_BYTES];
    herald_rc rc = auth_init();
    if (rc || !token_shaped(token))
        return rc;
    auth_token_hash(th, token);
    return touch(s, th, auth_now());
}

herald_rc auth_session_check(struct store *s, struct auth_principal *out, const char *token)
{
    bool stale = false;
    herald_rc rc = auth_session_peek(s, out, &stale, token);
    if (!rc && stale && (rc = auth_session_touch(s, token)))
        memset(out, 0, sizeof *out);
    return rc;
}

herald_rc auth_session_csrf_rotate(struct store *s, char csrf[AUTH_TOKEN_LEN + 1],
                                   const char *token)
{
    unsigned char th[AUTH_HASH_BYTES], ch[AUTH_HASH_BYTES];
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_init();
    csrf[0] = '\0';
    if (rc)
        return rc;
    if (!token_shaped(token))
        return herald_error_set(HERALD_EDENIED, "no valid session");
    auth_token_random(csrf);
    auth_token_hash(th, token);
    auth_token_hash(ch, csrf);
    if ((rc = auth_prepare(s, &st, "UPDATE sessions SET csrf_hash = ? WHERE token_hash = ?")))
        goto done;
    sqlite3_bind_blob(st, 1, ch, sizeof ch, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 2, th, sizeof th, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "session");
    else if (sqlite3_changes(store_db(s)) != 1)
        rc = herald_error_set(HERALD_EDENIED, "no valid session");
done:
    sqlite3_finalize(st);
    if (rc)
        sodium_memzero(csrf, AUTH_TOKEN_LEN + 1);
    return rc;
}

herald_rc auth_session_csrf(struct store *s, const char *token, const char *csrf)
{
    unsigned char th[AUTH_HASH_BYTES], ch[AUTH_HASH_BYTES], stored[AUTH_HASH_BYTES] = {0};
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_init();
    if (rc)
        return rc;
    if (!token_shaped(token) || !token_shaped(csrf))
        return herald_error_set(HERALD_EDENIED, "missing or wrong CSRF token");
    auth_token_hash(th, token);
    auth_token_hash(ch, csrf);
    if ((rc = auth_prepare(s, &st, "SELECT csrf_hash FROM sessions WHERE token_hash = ?")))
        return rc;
    sqlite3_bind_blob(st, 1, th, sizeof th, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    bool found = r == SQLITE_ROW && sqlite3_column_bytes(st, 0) == AUTH_HASH_BYTES;
    if (found)
        memcpy(stored, sqlite3_column_blob(st, 0), AUTH_HASH_BYTES);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store_fail(s, "session");
    else if (sodium_memcmp(stored, ch, AUTH_HASH_BYTES) != 0 || !found)
        rc = herald_error_set(HERALD_EDENIED, "missing or wrong CSRF token");
    sqlite3_finalize(st);
    return rc;
}

/* Deletes the session with hash th; *user gets its user (0 = none). */
static herald_rc delete_session(struct store *s, int64_t *user, const unsigned char *th)
{
    sqlite3_stmt *st = NULL;
    herald_rc rc =
        auth_prepare(s, &st, "DELETE FROM sessions WHERE token_hash = ? RETURNING user_id");
    *user = 0;
    if (rc)
        return rc;
    sqlite3_bind_blob(st, 1, th, AUTH_HASH_BYTES, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        *user = sqlite3_column_int64(st, 0);
        r = sqlite3_step(st);
    }
    if (r != SQLITE_DONE)
        rc = store_fail(s, "logout");
    sqlite3_finalize(st);
    return rc;
}

herald_rc auth_logout(struct store *s, const char *token, const char *ip)
{
    unsigned char th[AUTH_HASH_BYTES];
    int64_t user = 0;
    char oid[24];
    herald_rc rc = auth_init();
    if (rc || !token_shaped(token))
        return rc;
    auth_token_hash(th, token);
    if ((rc = store_begin(s)))
        return rc;
    if ((rc = delete_session(s, &user, th)))
        goto done;
    if (user) {
        struct auth_actor by = {user, "system", ip};
        struct auth_principal p;
        sqlite3_stmt *st = NULL;
        if (!auth_prepare(s, &st, "SELECT id, name, role, agency FROM users WHERE id = ?")) {
            sqlite3_bind_int64(st, 1, user);
            if (sqlite3_step(st) == SQLITE_ROW) {
                auth_principal_read(&p, st, 0);
                by = auth_actor_of(&p, ip);
            }
        }
        snprintf(oid, sizeof oid, "%lld", (long long)user);
        rc = auth_audit(s, &by, "auth.logout", "user", oid, NULL, NULL);
        sqlite3_finalize(st);
    }
    rc = rc ? rc : store_commit(s);
done:
    if (rc)
        store_rollback(s);
    return rc;
}

herald_rc auth_session_purge(struct store *s)
{
    int64_t now = auth_now();
    return exec_id(s, "DELETE FROM sessions WHERE expires <= ?1 OR last_seen <= ?1 - ?2", now,
                   AUTH_SESSION_IDLE);
}

herald_rc auth_sessions_end_user(struct store *s, int64_t user_id)
{
    return exec_id(s, "DELETE FROM sessions WHERE user_id = ?1 AND ?2 = ?2", user_id, 0);
}
