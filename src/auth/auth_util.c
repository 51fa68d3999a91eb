/* The auth module's shared helpers: libsodium initialisation, the clock
 * (fixed in tests), random tokens, their hashes and slug validation. */
#include <pthread.h>
#include <string.h>

#include "auth/auth_internal.h"
#include "util/xalloc.h"

static int64_t test_clock;

void auth_testing_clock(int64_t t)
{
    __atomic_store_n(&test_clock, t, __ATOMIC_RELAXED);
}

int64_t auth_now(void)
{
    int64_t t = __atomic_load_n(&test_clock, __ATOMIC_RELAXED);
    return t ? t : (int64_t)time(NULL);
}

void auth_token_random(char *token)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, AUTH_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void auth_token_hash(unsigned char out[AUTH_HASH_BYTES], const char *secret)
{
    crypto_generichash(out, AUTH_HASH_BYTES, (const unsigned char *)secret, strlen(secret), NULL,
                       0);
}

herald_rc auth_prepare(struct store *s, sqlite3_stmt **out, const char *sql)
{
    *out = NULL;
    if (sqlite3_prepare_v2(store_db(s), sql, -1, out, NULL) != SQLITE_OK)
        return store_fail(s, "auth");
    return HERALD_OK;
}

bool auth_slug_valid(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max)
        return false;
    if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789", s[0]))
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

void auth_principal_read(struct auth_principal *out, sqlite3_stmt *st, int i)
{
    const char *name = (const char *)sqlite3_column_text(st, i + 1);
    const char *role = (const char *)sqlite3_column_text(st, i + 2);
    const char *agency = (const char *)sqlite3_column_text(st, i + 3);
    memset(out, 0, sizeof *out);
    out->user_id = sqlite3_column_int64(st, i);
    snprintf(out->name, sizeof out->name, "%s", name ? name : "");
    if (!role || auth_role_parse(&out->role, role) != HERALD_OK)
        out->role = AUTH_ROLE_VIEWER;
    snprintf(out->agency, sizeof out->agency, "%s", agency ? agency : "");
}

struct auth_actor auth_actor_of(const struct auth_principal *p, const char *ip)
{
    struct auth_actor a = {p->user_id, p->name, ip};
    return a;
}
