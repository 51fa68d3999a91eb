/* Unit tests for login and access: right, wrong, unknown and disabled
 * logins; the rate limit per (user, IP); sessions (check, idle and max
 * expiry, logout, ended by a password change); CSRF; API tokens; the
 * permission table for every role and officers' agency scope. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "auth/auth.h"
#include "store_testdb.h"

static const struct auth_actor cli = {0, "cli", NULL};
static const int64_t T0 = 1800000000;

static int setup(void **state)
{
    auth_testing_fast_hash(true);
    auth_testing_clock(T0);
    auth_testing_rate_reset();
    if (testdb_setup(state))
        return -1;
    struct store *s = *state;
    if (auth_user_add(s, NULL, &cli, "lan", AUTH_ROLE_ANALYST, NULL, NULL, "lan's password") ||
        auth_user_add(s, NULL, &cli, "minh", AUTH_ROLE_OFFICER, "mofa", NULL, "minh password!"))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    auth_testing_clock(0);
    return testdb_teardown(state);
}

static int count(struct store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_login(void **state)
{
    struct store *s = *state;
    struct auth_session_tokens t;
    struct auth_principal p;
    assert_int_equal(auth_login(s, &t, &p, "lan", "lan's password", "1.2.3.4"), HERALD_OK);
    assert_int_equal(strlen(t.token), AUTH_TOKEN_LEN);
    assert_int_equal(strlen(t.csrf), AUTH_TOKEN_LEN);
    assert_string_not_equal(t.token, t.csrf);
    assert_int_equal(t.expires, T0 + AUTH_SESSION_MAX);
    assert_string_equal(p.name, "lan");
    assert_int_equal(p.role, AUTH_ROLE_ANALYST);
    assert_int_equal(auth_login(s, &t, NULL, "lan", "wrong password", "1.2.3.4"), HERALD_EDENIED);
    assert_string_equal(herald_error_last(), "wrong name or password");
    assert_int_equal(t.token[0], '\0');
    assert_int_equal(auth_login(s, &t, NULL, "nobody", "lan's password", "1.2.3.4"),
                     HERALD_EDENIED);
    assert_string_equal(herald_error_last(), "wrong name or password");
    assert_int_equal(auth_login(s, &t, NULL, NULL, NULL, NULL), HERALD_EDENIED);
    assert_int_equal(auth_login(s, &t, NULL, "lan\xff", "x", NULL), HERALD_EDENIED);
    assert_int_equal(auth_user_set_disabled(s, &cli, "lan", true), HERALD_OK);
    assert_int_equal(auth_login(s, &t, NULL, "lan", "lan's password", "1.2.3.4"), HERALD_EDENIED);
    assert_non_null(strstr(herald_error_last(), "disabled"));
    /* no secret or hash lands in the database in clear */
    assert_int_equal(count(s, "SELECT count(*) FROM sessions WHERE typeof(token_hash) != 'blob'"),
                     0);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'auth.login'"), 1);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'auth.login_failed'"), 5);
    assert_int_equal(count(s, "SELECT count(*) FROM users WHERE last_login > 0"), 1);
}

static void test_rate_limit(void **state)
{
    struct store *s = *state;
    struct auth_session_tokens t;
    for (int i = 0; i < AUTH_RATE_FAILURES; i++)
        assert_int_equal(auth_login(s, &t, NULL, "lan", "bad password", "9.9.9.9"), HERALD_EDENIED);
    /* even the right password is refused now, from this IP for this user */
    assert_int_equal(auth_login(s, &t, NULL, "lan", "lan's password", "9.9.9.9"), AUTH_ERATE);
    assert_non_null(strstr(herald_error_last(), "too many"));
    assert_int_equal(auth_login(s, &t, NULL, "lan", "lan's password", "8.8.8.8"), HERALD_OK);
    assert_int_equal(auth_login(s, &t, NULL, "minh", "minh password!", "9.9.9.9"), HERALD_OK);
    /* unknown names are limited too */
    for (int i = 0; i < AUTH_RATE_FAILURES; i++)
        auth_login(s, &t, NULL, "ghost", "bad password", "9.9.9.9");
    assert_int_equal(auth_login(s, &t, NULL, "ghost", "bad password", "9.9.9.9"), AUTH_ERATE);
    /* the window passes */
    auth_testing_clock(T0 + AUTH_RATE_WINDOW);
    assert_int_equal(auth_login(s, &t, NULL, "lan", "lan's password", "9.9.9.9"), HERALD_OK);
}

static void test_sessions(void **state)
{
    struct store *s = *state;
    struct auth_session_tokens t, t2;
    struct auth_principal p;
    assert_int_equal(auth_login(s, &t, NULL, "minh", "minh password!", "::1"), HERALD_OK);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_OK);
    assert_string_equal(p.name, "minh");
    assert_string_equal(p.agency, "mofa");
    assert_int_equal(p.token_id, 0);
    assert_int_equal(auth_session_check(s, &p, "nope"), HERALD_EDENIED);
    assert_int_equal(auth_session_check(s, &p, NULL), HERALD_EDENIED);
    assert_int_equal(auth_session_check(s, &p, t.csrf), HERALD_EDENIED);
    /* CSRF */
    assert_int_equal(auth_session_csrf(s, t.token, t.csrf), HERALD_OK);
    assert_int_equal(auth_session_csrf(s, t.token, t.token), HERALD_EDENIED);
    assert_int_equal(auth_session_csrf(s, t.token, ""), HERALD_EDENIED);
    assert_int_equal(auth_session_csrf(s, t.token, NULL), HERALD_EDENIED);
    assert_int_equal(auth_login(s, &t2, NULL, "lan", "lan's password", "::1"), HERALD_OK);
    assert_int_equal(auth_session_csrf(s, t.token, t2.csrf), HERALD_EDENIED);
    /* idle expiry, kept alive by use */
    auth_testing_clock(T0 + AUTH_SESSION_IDLE - 10);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_OK);
    auth_testing_clock(T0 + AUTH_SESSION_IDLE + 10);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_OK);
    assert_int_equal(auth_session_check(s, &p, t2.token), HERALD_EDENIED); /* idle */
    assert_string_equal(herald_error_last(), "session expired");
    /* max age, however active */
    for (int64_t at = T0; at < T0 + AUTH_SESSION_MAX; at += AUTH_SESSION_IDLE / 2) {
        auth_testing_clock(at);
        assert_int_equal(auth_session_check(s, &p, t.token), HERALD_OK);
    }
    auth_testing_clock(T0 + AUTH_SESSION_MAX);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_EDENIED);
    assert_int_equal(auth_session_purge(s), HERALD_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM sessions"), 0);
}

static void test_logout_and_ending(void **state)
{
    struct store *s = *state;
    struct auth_session_tokens t;
    struct auth_principal p;
    assert_int_equal(auth_login(s, &t, NULL, "lan", "lan's password", NULL), HERALD_OK);
    assert_int_equal(auth_logout(s, t.token, "1.1.1.1"), HERALD_OK);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_EDENIED);
    assert_int_equal(auth_logout(s, t.token, NULL), HERALD_OK);
    assert_int_equal(auth_logout(s, "junk", NULL), HERALD_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'auth.logout'"
                              " AND actor = 'lan' AND ip = '1.1.1.1'"),
                     1);
    /* a password change, a role change and disabling end sessions */
    assert_int_equal(auth_login(s, &t, NULL, "lan", "lan's password", NULL), HERALD_OK);
    assert_int_equal(auth_user_set_password(s, &cli, "lan", "a new password"), HERALD_OK);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_EDENIED);
    assert_int_equal(auth_login(s, &t, NULL, "lan", "a new password", NULL), HERALD_OK);
    assert_int_equal(auth_user_set_role(s, &cli, "lan", AUTH_ROLE_VIEWER, NULL), HERALD_OK);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_EDENIED);
    assert_int_equal(auth_login(s, &t, NULL, "lan", "a new password", NULL), HERALD_OK);
    assert_int_equal(auth_user_set_disabled(s, &cli, "lan", true), HERALD_OK);
    assert_int_equal(auth_session_check(s, &p, t.token), HERALD_EDENIED);
}

static void test_api_tokens(void **state)
{
    struct store *s = *state;
    char secret[AUTH_API_TOKEN_LEN + 1];
    struct auth_principal p;
    struct auth_token_info *v = NULL;
    size_t n = 0;
    int64_t id = 0;
    assert_int_equal(auth_token_create(s, &id, secret, &cli, "nightly export", "lan"), HERALD_OK);
    assert_int_equal(strlen(secret), AUTH_API_TOKEN_LEN);
    assert_true(!strncmp(secret, "hrld_", 5));
    assert_int_equal(auth_token_check(s, &p, secret), HERALD_OK);
    assert_string_equal(p.name, "lan");
    assert_int_equal(p.token_id, id);
    assert_int_equal(auth_token_create(s, NULL, secret + 0, &cli, "x", "ghost"), HERALD_ENOTFOUND);
    assert_int_equal(auth_token_create(s, NULL, secret, &cli, "", "lan"), HERALD_EINVAL);
    assert_int_equal(auth_token_create(s, &id, secret, &cli, "second", "lan"), HERALD_OK);
    char wrong[AUTH_API_TOKEN_LEN + 1];
    memcpy(wrong, secret, sizeof wrong);
    wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
    assert_int_equal(auth_token_check(s, &p, wrong), HERALD_EDENIED);
    assert_int_equal(auth_token_check(s, &p, "hrld_"), HERALD_EDENIED);
    assert_int_equal(auth_token_check(s, &p, NULL), HERALD_EDENIED);
    assert_int_equal(auth_token_list(s, &v, &n), HERALD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].name, "nightly export");
    assert_string_equal(v[1].user_name, "lan");
    assert_false(v[1].revoked);
    auth_tokens_free(v, n);
    assert_int_equal(auth_token_revoke(s, &cli, id), HERALD_OK);
    assert_int_equal(auth_token_check(s, &p, secret), HERALD_EDENIED);
    assert_int_equal(auth_token_revoke(s, &cli, 999), HERALD_ENOTFOUND);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action LIKE 'token.%'"), 3);
    /* a disabled user's tokens stop working */
    assert_int_equal(auth_token_create(s, &id, secret, &cli, "third", "minh"), HERALD_OK);
    assert_int_equal(auth_user_set_disabled(s, &cli, "minh", true), HERALD_OK);
    assert_int_equal(auth_token_check(s, &p, secret), HERALD_EDENIED);
}

static void test_permissions(void **state)
{
    /* expected: one string per action, roles in enum order (admin analyst
     * officer approver viewer) */
    static const struct {
        const char *action, *roles;
    } want[] = {
        {"articles.read", "11111"},     {"stats.read", "11111"},
        {"sources.read", "11111"},      {"sources.write", "11000"},
        {"cases.read", "11110"},        {"cases.write", "11100"},
        {"statements.draft", "11100"},  {"statements.approve", "10010"},
        {"tasks.write", "11100"},       {"tokens.own", "11110"},
        {"users.admin", "10000"},       {"audit.read", "10000"},
        {"self.password", "11111"},     {"alerts.read", "11110"},
        {"alert_rules.write", "11000"}, {"sources.delete", "10000"},
        {"metrics.read", "10000"},
    };
    size_t n = 0;
    const char *const *actions = auth_actions(&n);
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(actions[i], want[i].action);
        for (int r = 0; r < AUTH_ROLE_COUNT; r++)
            assert_int_equal(auth_allowed((enum auth_role)r, want[i].action),
                             want[i].roles[r] == '1');
    }
    assert_false(auth_allowed(AUTH_ROLE_ADMIN, "nuke.all"));
    assert_false(auth_allowed(AUTH_ROLE_ADMIN, NULL));
    assert_false(auth_allowed((enum auth_role)42, "articles.read"));
    assert_string_equal(auth_role_name(AUTH_ROLE_APPROVER), "approver");
    assert_null(auth_role_name(AUTH_ROLE_COUNT));

    struct auth_principal officer = {.role = AUTH_ROLE_OFFICER, .agency = "mofa"};
    struct auth_principal analyst = {.role = AUTH_ROLE_ANALYST};
    assert_true(auth_may_act_on(&officer, "mofa"));
    assert_false(auth_may_act_on(&officer, "mic"));
    assert_false(auth_may_act_on(&officer, NULL));
    assert_false(auth_may_act_on(&officer, ""));
    assert_true(auth_may_act_on(&analyst, "mic"));
    assert_true(auth_may_act_on(&analyst, NULL));
    struct auth_principal lost = {.role = AUTH_ROLE_OFFICER};
    assert_false(auth_may_act_on(&lost, ""));
}

/* The two-step login: verify reads only (works on a query_only
 * connection and writes nothing), finish writes the outcome. */
static void test_login_split(void **state)
{
    struct store *s = *state;
    struct auth_login_check c;
    struct auth_session_tokens t;
    struct auth_principal p;
    int audit0 = count(s, "SELECT count(*) FROM audit");
    assert_int_equal(sqlite3_exec(store_db(s), "PRAGMA query_only = 1", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(auth_login_verify(s, &c, "lan", "lan's password", "5.6.7.8"), HERALD_OK);
    assert_true(c.ok && c.found && !c.disabled);
    assert_string_equal(c.p.name, "lan");
    struct auth_login_check bad, ghost;
    assert_int_equal(auth_login_verify(s, &bad, "lan", "not it", "5.6.7.8"), HERALD_OK);
    assert_false(bad.ok);
    assert_int_equal(auth_login_verify(s, &ghost, "ghost", "not it", "5.6.7.8"), HERALD_OK);
    assert_false(ghost.ok || ghost.found);
    assert_int_equal(count(s, "SELECT count(*) FROM audit"), audit0);
    assert_int_equal(sqlite3_exec(store_db(s), "PRAGMA query_only = 0", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(auth_login_finish(s, &t, &p, &c, "lan", "5.6.7.8"), HERALD_OK);
    assert_int_equal(strlen(t.token), AUTH_TOKEN_LEN);
    assert_int_equal(p.role, AUTH_ROLE_ANALYST);
    assert_int_equal(auth_login_finish(s, &t, NULL, &bad, "lan", "5.6.7.8"), HERALD_EDENIED);
    assert_int_equal(t.token[0], '\0');
    assert_int_equal(auth_login_finish(s, &t, NULL, &ghost, "ghost", "5.6.7.8"), HERALD_EDENIED);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'auth.login'"), 1);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'auth.login_failed'"), 2);
    /* the rate limit still applies to verify */
    for (int i = 0; i < AUTH_RATE_FAILURES; i++)
        assert_int_equal(auth_login_verify(s, &bad, "minh", "nope", "9.9.9.9"), HERALD_OK);
    assert_int_equal(auth_login_verify(s, &c, "minh", "minh password!", "9.9.9.9"), AUTH_ERATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rate_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_logout_and_ending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_api_tokens, setup, teardown),
        cmocka_unit_test(test_permissions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
