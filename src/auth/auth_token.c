/* API tokens for scripts: "hrld_" + 43 base64url characters, shown once
 * at creation and stored only as a BLAKE2b hash; checked, listed without
 * secrets and revoked (audited). */
#include <jansson.h>
#include <string.h>

#include "auth/auth_internal.h"
#include "util/str.h"
#include "util/xalloc.h"

#define PREFIX "hrld_"
#define TOKEN_NAME_MAX 100

static herald_rc insert_token(struct store *s, int64_t *id, const char *name, int64_t user,
                              const unsigned char *th)
{
    static const char sql[] = "INSERT INTO api_tokens (name, token_hash, user_id, created)"
                              " VALUES (?, ?, ?, ?)";
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_prepare(s, &st, sql);
    if (rc)
        return rc;
    store_bind_text(st, 1, name);
    sqlite3_bind_blob(st, 2, th, AUTH_HASH_BYTES, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, user);
    sqlite3_bind_int64(st, 4, auth_now());
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "token create");
    *id = sqlite3_last_insert_rowid(store_db(s));
    sqlite3_finalize(st);
    return rc;
}

static herald_rc name_check(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > TOKEN_NAME_MAX || !str_valid_utf8(name, n) || str_blank(name))
        return herald_error_set(HERALD_EINVAL, "token name must be 1-%d bytes of UTF-8 text",
                                TOKEN_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20)
            return herald_error_set(HERALD_EINVAL, "token name contains a control character");
    return HERALD_OK;
}

herald_rc auth_token_create(struct store *s, int64_t *out_id, char secret[AUTH_API_TOKEN_LEN + 1],
                            const struct auth_actor *by, const char *name, const char *user_name)
{
    unsigned char th[AUTH_HASH_BYTES];
    struct auth_user u = {0};
    int64_t id = 0;
    char oid[24], *after = NULL;
    herald_rc rc = auth_init();
    secret[0] = '\0';
    if (rc || (rc = name_check(name)))
        return rc;
    memcpy(secret, PREFIX, sizeof PREFIX - 1);
    auth_token_random(secret + sizeof PREFIX - 1);
    auth_token_hash(th, secret);
    if ((rc = store_begin(s)))
        goto done;
    if ((rc = auth_user_get(s, &u, user_name)) || (rc = insert_token(s, &id, name, u.id, th)))
        goto done;
    json_t *o = json_pack("{s:s, s:s}", "name", name, "user", u.name);
    after = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    if ((rc = auth_audit(s, by, "token.create", "api_token", oid, NULL, after)))
        goto done;
    rc = store_commit(s);
done:
    store_rollback(s);
    if (rc)
        sodium_memzero(secret, AUTH_API_TOKEN_LEN + 1);
    else if (out_id)
        *out_id = id;
    auth_user_free(&u);
    free(after);
    return rc;
}

/* True when secret has the shape of an API token. */
static bool token_shaped(const char *secret)
{
    return secret && strlen(secret) == AUTH_API_TOKEN_LEN && !strncmp(secret, PREFIX, 5) &&
           strspn(secret + 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               AUTH_TOKEN_LEN;
}

static herald_rc touch(struct store *s, int64_t id)
{
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_prepare(s, &st, "UPDATE api_tokens SET last_used = ? WHERE id = ?");
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, auth_now());
    sqlite3_bind_int64(st, 2, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "token");
    sqlite3_finalize(st);
    return rc;
}

herald_rc auth_token_peek(struct store *s, struct auth_principal *out, bool *stale,
                          const char *secret)
{
    static const char sql[] = "SELECT u.id, u.name, u.role, u.agency, t.id, t.revoked, u.disabled,"
                              " t.last_used FROM api_tokens t JOIN users u ON u.id = t.user_id"
                              " WHERE t.token_hash = ?";
    unsigned char th[AUTH_HASH_BYTES];
    sqlite3_stmt *st = NULL;
    herald_rc rc = auth_init();
    memset(out, 0, sizeof *out);
    if (stale)
        *stale = false;
    if (rc)
        return rc;
    if (!token_shaped(secret))
        return herald_error_set(HERALD_EDENIED, "no valid API token");
    auth_token_hash(th, secret);
    if ((rc = store_prepare(s, &st, sql)))
        return rc;
    sqlite3_bind_blob(st, 1, th, sizeof th, SQLITE_TRANSIENT);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW || sqlite3_column_int(st, 5) || sqlite3_column_int(st, 6)) {
        rc = r == SQLITE_ROW || r == SQLITE_DONE
                 ? herald_error_set(HERALD_EDENIED, "no valid API token")
                 : store_fail(s, "token");
        goto done;
    }
    auth_principal_read(out, st, 0);
    out->token_id = sqlite3_column_int64(st, 4);
    if (stale)
        *stale = auth_now() - sqlite3_column_int64(st, 7) >= 60;
done:
    if (st)
        sqlite3_reset(st); /* cached by the store: every request checks one */
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

herald_rc auth_token_touch(struct store *s, int64_t token_id)
{
    return touch(s, token_id);
}

herald_rc auth_token_check(struct store *s, struct auth_principal *out, const char *secret)
{
    bool stale = false;
    herald_rc rc = auth_token_peek(s, out, &stale, secret);
    if (!rc && stale && (rc = touch(s, out->token_id)))
        memset(out, 0, sizeof *out);
    return rc;
}

herald_rc auth_token_revoke(struct store *s, const struct auth_actor *by, int64_t id)
{
    sqlite3_stmt *st = NULL;
    char oid[24];
    herald_rc rc = store_begin(s);
    if (rc)
        return rc;
    if ((rc = auth_prepare(s, &st, "UPDATE api_tokens SET revoked = 1 WHERE id = ?")))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_fail(s, "token revoke");
        goto done;
    }
    if (sqlite3_changes(store_db(s)) == 0) {
        rc = herald_error_set(HERALD_ENOTFOUND, "no API token %lld", (long long)id);
        goto done;
    }
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    if ((rc = auth_audit(s, by, "token.revoke", "api_token", oid, NULL, "{\"revoked\":true}")))
        goto done;
    rc = store_commit(s);
done:
    if (rc)
        store_rollback(s);
    sqlite3_finalize(st);
    return rc;
}

herald_rc auth_token_list(struct store *s, struct auth_token_info **out, size_t *n)
{
    static const char sql[] = "SELECT t.id, t.name, t.user_id, u.name, t.created, t.last_used,"
                              " t.revoked FROM api_tokens t JOIN users u ON u.id = t.user_id"
                              " ORDER BY t.id";
    sqlite3_stmt *st = NULL;
    struct auth_token_info *v = NULL;
    size_t len = 0, cap = 0;
    herald_rc rc = auth_prepare(s, &st, sql);
    int r;
    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap ? cap * 2 : 8;
            v = xrealloc(v, cap * sizeof *v);
        }
        struct auth_token_info *t = &v[len++];
        t->id = sqlite3_column_int64(st, 0);
        t->name = store_column_dup(st, 1);
        t->user_id = sqlite3_column_int64(st, 2);
        t->user_name = store_column_dup(st, 3);
        t->created = sqlite3_column_int64(st, 4);
        t->last_used = sqlite3_column_int64(st, 5);
        t->revoked = sqlite3_column_int(st, 6) != 0;
    }
    if (r != SQLITE_DONE) {
        rc = store_fail(s, "token list");
        auth_tokens_free(v, len);
    } else {
        *out = v;
        *n = len;
    }
    sqlite3_finalize(st);
    return rc;
}

void auth_tokens_free(struct auth_token_info *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].name);
        free(v[i].user_name);
    }
    free(v);
}
