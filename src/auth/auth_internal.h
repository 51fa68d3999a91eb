/* Helpers shared by the auth module's files: the clock, random tokens and
 * their hashes, one-shot statements and name validation. Not installed. */
#ifndef HERALD_AUTH_INTERNAL_H
#define HERALD_AUTH_INTERNAL_H

#include <sodium.h>
#include <sqlite3.h>

#include "auth/auth.h"

#define AUTH_HASH_BYTES crypto_generichash_BYTES /* 32 */

/* Returns the current time (or the test clock), seconds since the epoch. */
int64_t auth_now(void);
/* Fills token (AUTH_TOKEN_LEN + 1 bytes) with base64url of 32 random bytes. */
void auth_token_random(char *token);
/* Hashes the NUL-terminated secret into out (BLAKE2b, AUTH_HASH_BYTES). */
void auth_token_hash(unsigned char out[AUTH_HASH_BYTES], const char *secret);
/* Prepares sql on s into *out (caller finalizes). Returns HERALD_EDB. */
herald_rc auth_prepare(struct store *s, sqlite3_stmt **out, const char *sql);
/* Returns true when s is a valid user name or agency slug: 1..max bytes of
 * [a-z0-9._-], starting with a letter or digit. */
bool auth_slug_valid(const char *s, size_t max);
/* Reads the principal columns (id, name, role, agency) starting at column
 * i of st into *out. */
void auth_principal_read(struct auth_principal *out, sqlite3_stmt *st, int i);
/* Returns true while auth_testing_fast_hash() is on. */
bool auth_fast_hash_on(void);
/* Ends every session of user id (inside the caller's transaction). */
herald_rc auth_sessions_end_user(struct store *s, int64_t user_id);

#endif
