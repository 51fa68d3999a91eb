/* Users, roles, sessions, API tokens and the append-only audit log.
 * Passwords are Argon2id (libsodium, interactive limits, at most
 * AUTH_HASH_CONCURRENCY hashes at once per process); session cookies, CSRF
 * tokens and API tokens are 32 random bytes stored only as BLAKE2b hashes.
 * Every change made here writes an audit row in the same transaction. */
#ifndef HERALD_AUTH_H
#define HERALD_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store.h"
#include "util/error.h"

/* Errors used by this module, beside HERALD_EINVAL (bad input, with a
 * one-line message), HERALD_ENOTFOUND, HERALD_EEXIST and HERALD_EDB:
 * HERALD_EDENIED: wrong name or password, disabled user, unknown, expired
 *   or revoked session/token, CSRF mismatch (HTTP 401/403).
 * AUTH_ERATE: too many failed logins for this (user, IP) (HTTP 429). */
#define AUTH_ERATE HERALD_ETOOBIG

#define AUTH_NAME_MAX 64       /* user names: 1..64 of [a-z0-9._-], first a letter/digit */
#define AUTH_AGENCY_MAX 64     /* agency slugs: same alphabet */
#define AUTH_DISPLAY_MAX 200   /* display names: UTF-8, no control characters */
#define AUTH_PASSWORD_MIN 10   /* characters (code points) */
#define AUTH_PASSWORD_MAX 1024 /* bytes */
#define AUTH_TOKEN_LEN 43      /* base64url of 32 bytes, no padding */
#define AUTH_API_TOKEN_LEN 48  /* "hrld_" + AUTH_TOKEN_LEN */
#define AUTH_HASH_CONCURRENCY 2
#define AUTH_SESSION_IDLE (8 * 3600)     /* seconds without a request */
#define AUTH_SESSION_MAX (7 * 24 * 3600) /* seconds after login */
#define AUTH_RATE_FAILURES 5             /* failed logins per (user, IP) ... */
#define AUTH_RATE_WINDOW (15 * 60)       /* ... in this many seconds */

enum auth_role {
    AUTH_ROLE_ADMIN,
    AUTH_ROLE_ANALYST,
    AUTH_ROLE_OFFICER, /* acts only on objects of its own agency */
    AUTH_ROLE_APPROVER,
    AUTH_ROLE_VIEWER,
    AUTH_ROLE_COUNT
};

/* Who is making a request, as found by a session or token check. Plain
 * value, nothing to free. */
struct auth_principal {
    int64_t user_id;
    char name[AUTH_NAME_MAX + 1];
    enum auth_role role;
    char agency[AUTH_AGENCY_MAX + 1]; /* "" unless an officer */
    int64_t token_id;                 /* API token id, 0 for a session */
};

/* Who a change is attributed to in the audit log: a user (user_id > 0,
 * name = their name) or "cli" / "system" (user_id 0). ip may be NULL. All
 * borrowed. */
struct auth_actor {
    int64_t user_id;
    const char *name;
    const char *ip;
};

/* The actor for changes made from the command line. */
#define AUTH_ACTOR_CLI ((struct auth_actor){0, "cli", NULL})
#define AUTH_ACTOR_SYSTEM ((struct auth_actor){0, "system", NULL})

/* Returns the actor for principal p (borrowed) acting from ip. */
struct auth_actor auth_actor_of(const struct auth_principal *p, const char *ip);

/* ---- roles and permissions ----------------------------------------------
 * action               admin analyst officer approver viewer
 * articles.read          x      x       x       x       x
 * stats.read             x      x       x       x       x
 * sources.read           x      x       x       x       x
 * sources.write          x      x
 * cases.read             x      x       x*      x
 * cases.write            x      x       x*
 * statements.draft       x      x       x*
 * statements.approve     x                      x
 * tasks.write            x      x       x*
 * tokens.own             x      x       x       x
 * users.admin            x
 * audit.read             x
 * self.password          x      x       x       x       x
 * sources.delete         x
 * metrics.read           x   (GET /metrics; public when [serve] metrics_public)
 * x* = only on objects of the officer's own agency (auth_may_act_on). */

/* Returns the role's name ("admin" ...), static; NULL when out of range. */
const char *auth_role_name(enum auth_role role);
/* Parses a role name into *out. Returns HERALD_EINVAL naming s. */
herald_rc auth_role_parse(enum auth_role *out, const char *s);
/* Returns true when role may perform action (a name from the table above);
 * false for unknown actions or roles. */
bool auth_allowed(enum auth_role role, const char *action);
/* Returns true when p may act on an object owned by agency (NULL or "" for
 * an object of no agency): always for non-officers, for officers only when
 * agency equals their own. Combine with auth_allowed(). */
bool auth_may_act_on(const struct auth_principal *p, const char *agency);
/* Returns the table's action names (static) and their count in *n. */
const char *const *auth_actions(size_t *n);

/* ---- passwords ----------------------------------------------------------- */

/* Initialises libsodium and the hash semaphore once (thread-safe; every
 * function here calls it). Returns HERALD_EINVAL if libsodium fails. */
herald_rc auth_init(void);
/* Tests only: fast = true switches hashing to libsodium's minimum Argon2id
 * costs (~1 ms) for this process. Never call it in the program. */
void auth_testing_fast_hash(bool fast);
/* Tests only: fixes the clock at t (seconds since the epoch); 0 restores
 * the real clock. */
void auth_testing_clock(int64_t t);
/* Checks the password rules for the len bytes at pw: valid UTF-8, no NUL
 * or other control characters except space, AUTH_PASSWORD_MIN characters
 * or more, AUTH_PASSWORD_MAX bytes or fewer. Returns HERALD_EINVAL with a
 * one-line message. */
herald_rc auth_password_check(const char *pw, size_t len);
/* Hashes pw (Argon2id, after auth_password_check) into out, a
 * NUL-terminated string of fewer than 128 bytes. Blocks while
 * AUTH_HASH_CONCURRENCY other hashes run. Returns HERALD_EINVAL. */
herald_rc auth_password_hash(char out[128], const char *pw);
/* Returns HERALD_OK when pw matches hash, HERALD_EDENIED otherwise. */
herald_rc auth_password_verify(const char *hash, const char *pw);
/* Writes a generated password (20 characters from an unambiguous
 * alphabet, ~116 bits) into out. */
void auth_password_generate(char out[21]);

/* ---- users --------------------------------------------------------------- */

struct auth_user {
    int64_t id;
    char *name;
    char *display; /* NULL when none */
    enum auth_role role;
    char *agency; /* NULL unless an officer */
    bool disabled;
    int64_t created;
    int64_t last_login; /* 0 = never */
};

/* Adds user name with role (officers need agency; others must pass NULL),
 * display name (may be NULL) and password. Stores *out_id (may be NULL).
 * Returns HERALD_EINVAL (bad name, role/agency, password), HERALD_EEXIST,
 * HERALD_EDB. Audited as user.add. */
herald_rc auth_user_add(struct store *s, int64_t *out_id, const struct auth_actor *by,
                        const char *name, enum auth_role role, const char *agency,
                        const char *display, const char *password);
/* Sets name's password and ends their sessions. Returns HERALD_EINVAL,
 * HERALD_ENOTFOUND, HERALD_EDB. Audited as user.passwd (no hashes). */
herald_rc auth_user_set_password(struct store *s, const struct auth_actor *by, const char *name,
                                 const char *password);
/* Sets name's role (and agency, required iff officer). Same errors as
 * auth_user_add(); ends their sessions. Audited as user.role. */
herald_rc auth_user_set_role(struct store *s, const struct auth_actor *by, const char *name,
                             enum auth_role role, const char *agency);
/* Disables (ending sessions and refusing logins and tokens) or enables
 * name. Returns HERALD_ENOTFOUND, HERALD_EDB. Audited as user.disable /
 * user.enable. */
herald_rc auth_user_set_disabled(struct store *s, const struct auth_actor *by, const char *name,
                                 bool disabled);
/* Reads user name into *out (caller frees with auth_user_free()). Returns
 * HERALD_ENOTFOUND, HERALD_EDB. */
herald_rc auth_user_get(struct store *s, struct auth_user *out, const char *name);
/* Lists all users by name into *out, count in *n (caller frees with
 * auth_users_free()). Returns HERALD_EDB. */
herald_rc auth_user_list(struct store *s, struct auth_user **out, size_t *n);
/* Frees the strings of u (not u itself); accepts NULL. */
void auth_user_free(struct auth_user *u);
/* Frees an array from auth_user_list(); accepts NULL. */
void auth_users_free(struct auth_user *v, size_t n);

/* ---- login and sessions -------------------------------------------------- */

/* What a successful login returns, once: the session cookie value and the
 * CSRF token (only their hashes are stored), and when the session ends at
 * the latest. */
struct auth_session_tokens {
    char token[AUTH_TOKEN_LEN + 1];
    char csrf[AUTH_TOKEN_LEN + 1];
    int64_t expires;
};

/* Verifies name + password (constant cost for unknown names) from ip (may
 * be NULL), and on success creates a session: *out gets its tokens and
 * *who (may be NULL) the principal. Returns HERALD_EDENIED ("wrong name
 * or password", or "user disabled" after a right password), AUTH_ERATE
 * after AUTH_RATE_FAILURES failures for (name, ip) within
 * AUTH_RATE_WINDOW (no password is checked then), HERALD_EDB. Audited as
 * auth.login and auth.login_failed. */
herald_rc auth_login(struct store *s, struct auth_session_tokens *out, struct auth_principal *who,
                     const char *name, const char *password, const char *ip);

/* auth_login() in two steps, so a server verifies the password (~100 ms of
 * Argon2id) without holding its writer: auth_login_verify() reads with rd
 * (any connection, it never writes) and checks the password, the rate
 * limit and the constant cost for unknown names; auth_login_finish()
 * writes the outcome with w (the audit row, and the session when c->ok). */
struct auth_login_check {
    struct auth_principal p; /* the user, when found */
    bool found, disabled;
    bool ok; /* the name exists and the password is right */
};
/* Fills *out. Returns HERALD_OK whatever the password (see out->ok),
 * AUTH_ERATE when rate limited (nothing to finish), HERALD_EDB. */
herald_rc auth_login_verify(struct store *rd, struct auth_login_check *out, const char *name,
                            const char *password, const char *ip);
/* Finishes c for name from ip: as auth_login() from its password check on
 * (HERALD_EDENIED, HERALD_EDB; audited; *out and *who as there). */
herald_rc auth_login_finish(struct store *w, struct auth_session_tokens *out,
                            struct auth_principal *who, const struct auth_login_check *c,
                            const char *name, const char *ip);
/* Looks up session token into *out and touches its last-seen time (a
 * write, at most once a minute per session, so s must be able to write).
 * Returns HERALD_EDENIED for an unknown, expired (idle or max) session
 * or a disabled user, HERALD_EDB. */
herald_rc auth_session_check(struct store *s, struct auth_principal *out, const char *token);
/* Like auth_session_check() but never writes, for read-only connections:
 * *stale (may be NULL) is set when last-seen is due for an update, which
 * the caller then makes with auth_session_touch() on a writable one. */
herald_rc auth_session_peek(struct store *s, struct auth_principal *out, bool *stale,
                            const char *token);
/* Sets the last-seen time of session token to now. Returns HERALD_EDB. */
herald_rc auth_session_touch(struct store *s, const char *token);
/* Replaces the CSRF token of session token with a fresh one, written into
 * csrf. Returns HERALD_EDENIED for an unknown session, HERALD_EDB. */
herald_rc auth_session_csrf_rotate(struct store *s, char csrf[AUTH_TOKEN_LEN + 1],
                                   const char *token);
/* Returns HERALD_OK when csrf is the CSRF token of session token
 * (constant-time compare of hashes), HERALD_EDENIED otherwise. */
herald_rc auth_session_csrf(struct store *s, const char *token, const char *csrf);
/* Ends session token (idempotent: an unknown token is OK). Audited as
 * auth.logout when a session ended. Returns HERALD_EDB. */
herald_rc auth_logout(struct store *s, const char *token, const char *ip);
/* Deletes expired sessions; returns HERALD_EDB. Not audited. */
herald_rc auth_session_purge(struct store *s);
/* Tests only: forgets all rate-limit counters. */
void auth_testing_rate_reset(void);

/* ---- API tokens ---------------------------------------------------------- */

struct auth_token_info {
    int64_t id;
    char *name;
    int64_t user_id;
    char *user_name;
    int64_t created;
    int64_t last_used; /* 0 = never */
    bool revoked;
};

/* Creates API token name for user user_name; writes the secret
 * ("hrld_..." , shown once, never stored) into secret and its id into
 * *out_id (may be NULL). Returns HERALD_EINVAL (empty or long name),
 * HERALD_ENOTFOUND (user), HERALD_EDB. Audited as token.create. */
herald_rc auth_token_create(struct store *s, int64_t *out_id, char secret[AUTH_API_TOKEN_LEN + 1],
                            const struct auth_actor *by, const char *name, const char *user_name);
/* Checks secret into *out (token_id set) and touches last_used (a write,
 * at most once a minute per token). Returns
 * HERALD_EDENIED for malformed, unknown or revoked tokens and disabled
 * users, HERALD_EDB. */
herald_rc auth_token_check(struct store *s, struct auth_principal *out, const char *secret);
/* Like auth_token_check() but never writes: *stale (may be NULL) is set
 * when last_used is due, which the caller then sets with
 * auth_token_touch(s, out->token_id) on a writable connection. */
herald_rc auth_token_peek(struct store *s, struct auth_principal *out, bool *stale,
                          const char *secret);
/* Sets the last-used time of API token token_id to now. Returns HERALD_EDB. */
herald_rc auth_token_touch(struct store *s, int64_t token_id);
/* Revokes token id. Returns HERALD_ENOTFOUND, HERALD_EDB. Audited as
 * token.revoke. */
herald_rc auth_token_revoke(struct store *s, const struct auth_actor *by, int64_t id);
/* Lists all tokens (no secrets) into *out, count in *n (caller frees with
 * auth_tokens_free()). Returns HERALD_EDB. */
herald_rc auth_token_list(struct store *s, struct auth_token_info **out, size_t *n);
/* Frees an array from auth_token_list(); accepts NULL. */
void auth_tokens_free(struct auth_token_info *v, size_t n);

/* ---- audit --------------------------------------------------------------- */

/* Appends one audit row: by did action ("source.update") to object_type
 * object_id (may be NULL), with JSON texts before / after (may be NULL).
 * Call it inside the transaction of the change it records. Returns
 * HERALD_EINVAL (empty action, invalid JSON), HERALD_EDB. */
herald_rc auth_audit(struct store *s, const struct auth_actor *by, const char *action,
                     const char *object_type, const char *object_id, const char *before,
                     const char *after);

struct auth_audit_row {
    int64_t id;
    int64_t at;
    char *actor;
    int64_t actor_user_id; /* 0 for cli/system */
    char *action;
    char *object_type; /* NULL when none (same for the rest) */
    char *object_id;
    char *before;
    char *after;
    char *ip;
};

/* Filters for auth_audit_list(); zero / NULL fields do not filter. */
struct auth_audit_filter {
    int64_t since;      /* at >= since */
    const char *actor;  /* exact actor name */
    const char *action; /* exact action, or a prefix ending in '.' ("user.") */
    int64_t after_id;   /* id > after_id (oldest-first cursor) */
    int64_t before_id;  /* id < before_id when > 0 (newest-first cursor) */
    bool newest_first;  /* order by id descending */
    size_t limit;       /* 0 = no limit */
};

/* Lists matching rows, oldest first (newest first with f->newest_first),
 * into *out with count *n (caller frees with auth_audit_rows_free()).
 * Returns HERALD_EDB. */
herald_rc auth_audit_list(struct store *s, struct auth_audit_row **out, size_t *n,
                          const struct auth_audit_filter *f);
/* Frees an array from auth_audit_list(); accepts NULL. */
void auth_audit_rows_free(struct auth_audit_row *v, size_t n);
/* Returns row r as a new JSON object string (before/after embedded as
 * JSON, dates ISO 8601); caller frees. */
char *auth_audit_row_json(const struct auth_audit_row *r);
/* Writes matching rows to f as JSON lines, oldest first. Returns
 * HERALD_EDB or HERALD_EIO. */
herald_rc auth_audit_export(struct store *s, FILE *f, const struct auth_audit_filter *filter);

#endif
