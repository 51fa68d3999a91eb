/* Unit tests for users and the audit log: password rules and hashing,
 * adding and changing users (each change audited, with before/after and
 * never a hash), malformed input, and the audit log refusing UPDATE and
 * DELETE. Hashing runs at the test-only minimum cost except once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "auth/auth.h"
#include "store_testdb.h"

static const struct auth_actor cli = {0, "cli", NULL};

static int setup(void **state)
{
    auth_testing_fast_hash(true);
    return testdb_setup(state);
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

static void test_password_rules(void **state)
{
    char big[AUTH_PASSWORD_MAX + 2];
    assert_int_equal(auth_password_check("", 0), HERALD_EINVAL);
    assert_int_equal(auth_password_check("short", 5), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "shorter than 10"));
    assert_int_equal(auth_password_check("long enough pw", 14), HERALD_OK);
    /* ten characters of two bytes each: counted in characters */
    assert_int_equal(auth_password_check("ééééééééé", 18), HERALD_EINVAL);
    assert_int_equal(auth_password_check("éééééééééé", 20), HERALD_OK);
    assert_int_equal(auth_password_check("abcde\0fghijk", 12), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "NUL"));
    assert_int_equal(auth_password_check("abcdefghij\n", 11), HERALD_EINVAL);
    assert_int_equal(auth_password_check("abcdefghij\xff", 11), HERALD_EINVAL);
    memset(big, 'a', sizeof big);
    big[sizeof big - 1] = '\0';
    assert_int_equal(auth_password_check(big, sizeof big - 1), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "longer than"));
    char hash[128];
    assert_int_equal(auth_password_hash(hash, big), HERALD_EINVAL);
    assert_int_equal(auth_password_verify("$argon2id$junk", big), HERALD_EDENIED);
}

static void test_hash_verify(void **state)
{
    char h1[128], h2[128], gen[21];
    auth_testing_fast_hash(false); /* once at the real cost */
    assert_int_equal(auth_password_hash(h1, "correct horse battery"), HERALD_OK);
    auth_testing_fast_hash(true);
    assert_true(!strncmp(h1, "$argon2id$", 10));
    assert_non_null(strstr(h1, "m=65536")); /* interactive: 64 MiB */
    assert_int_equal(auth_password_verify(h1, "correct horse battery"), HERALD_OK);
    assert_int_equal(auth_password_verify(h1, "correct horse batterY"), HERALD_EDENIED);
    assert_int_equal(auth_password_verify(h1, ""), HERALD_EDENIED);
    assert_int_equal(auth_password_verify("", "correct horse battery"), HERALD_EDENIED);
    assert_int_equal(auth_password_hash(h2, "correct horse battery"), HERALD_OK);
    assert_string_not_equal(h1, h2); /* salted */
    auth_password_generate(gen);
    assert_int_equal(strlen(gen), 20);
    assert_int_equal(auth_password_check(gen, 20), HERALD_OK);
}

static void test_user_add_get_list(void **state)
{
    struct store *s = *state;
    struct auth_user u = {0}, *v = NULL;
    size_t n = 0;
    int64_t id = 0;
    assert_int_equal(auth_user_add(s, &id, &cli, "lan", AUTH_ROLE_ANALYST, NULL, "Nguyễn Lan",
                                   "a long password"),
                     HERALD_OK);
    assert_true(id > 0);
    assert_int_equal(auth_user_add(s, NULL, &cli, "mfa.officer", AUTH_ROLE_OFFICER, "mofa", NULL,
                                   "another long one"),
                     HERALD_OK);
    assert_int_equal(auth_user_get(s, &u, "lan"), HERALD_OK);
    assert_int_equal(u.id, id);
    assert_string_equal(u.display, "Nguyễn Lan");
    assert_int_equal(u.role, AUTH_ROLE_ANALYST);
    assert_null(u.agency);
    assert_false(u.disabled);
    auth_user_free(&u);
    assert_int_equal(auth_user_list(s, &v, &n), HERALD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].name, "lan");
    assert_string_equal(v[1].agency, "mofa");
    auth_users_free(v, n);
    assert_int_equal(
        auth_user_add(s, NULL, &cli, "lan", AUTH_ROLE_VIEWER, NULL, NULL, "a long password"),
        HERALD_EEXIST);
    assert_non_null(strstr(herald_error_last(), "already exists"));
    assert_int_equal(auth_user_get(s, &u, "nobody"), HERALD_ENOTFOUND);
    /* two adds audited, never with a hash */
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE action = 'user.add'"
                              " AND actor = 'cli' AND after LIKE '%\"role\"%'"),
                     2);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE after LIKE '%argon%'"), 0);
}

static void test_malformed(void **state)
{
    struct store *s = *state;
    const char *pw = "a long password";
    assert_int_equal(auth_user_add(s, NULL, &cli, "", AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, NULL, AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "Lan", AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "-x", AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "a b", AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "x\xc3", AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL);
    char longname[AUTH_NAME_MAX + 2];
    memset(longname, 'a', sizeof longname);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(auth_user_add(s, NULL, &cli, longname, AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "ok", AUTH_ROLE_OFFICER, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "agency"));
    assert_int_equal(auth_user_add(s, NULL, &cli, "ok", AUTH_ROLE_VIEWER, "mofa", NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "ok", (enum auth_role)9, NULL, NULL, pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "ok", AUTH_ROLE_VIEWER, NULL, "a\nb", pw),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, &cli, "ok", AUTH_ROLE_VIEWER, NULL, NULL, "short"),
                     HERALD_EINVAL);
    assert_int_equal(auth_user_add(s, NULL, NULL, "ok", AUTH_ROLE_VIEWER, NULL, NULL, pw),
                     HERALD_EINVAL); /* no actor: nothing unaudited */
    assert_int_equal(count(s, "SELECT count(*) FROM users"), 0);
    assert_int_equal(count(s, "SELECT count(*) FROM audit"), 0);
    enum auth_role r;
    assert_int_equal(auth_role_parse(&r, "root"), HERALD_EINVAL);
    assert_int_equal(auth_role_parse(&r, NULL), HERALD_EINVAL);
    assert_int_equal(auth_role_parse(&r, "approver"), HERALD_OK);
    assert_int_equal(r, AUTH_ROLE_APPROVER);
}

static void test_changes_audited(void **state)
{
    struct store *s = *state;
    struct auth_user u = {0};
    struct auth_actor admin = {7, "boss", "10.0.0.1"};
    assert_int_equal(
        auth_user_add(s, NULL, &cli, "hoa", AUTH_ROLE_VIEWER, NULL, NULL, "first password"),
        HERALD_OK);
    assert_int_equal(auth_user_set_password(s, &admin, "hoa", "second password"), HERALD_OK);
    assert_int_equal(auth_user_set_role(s, &admin, "hoa", AUTH_ROLE_OFFICER, "mic"), HERALD_OK);
    assert_int_equal(auth_user_set_disabled(s, &admin, "hoa", true), HERALD_OK);
    assert_int_equal(auth_user_get(s, &u, "hoa"), HERALD_OK);
    assert_int_equal(u.role, AUTH_ROLE_OFFICER);
    assert_string_equal(u.agency, "mic");
    assert_true(u.disabled);
    auth_user_free(&u);
    assert_int_equal(auth_user_set_disabled(s, &admin, "hoa", false), HERALD_OK);
    assert_int_equal(auth_user_set_role(s, &admin, "hoa", AUTH_ROLE_ANALYST, "mic"), HERALD_EINVAL);
    assert_int_equal(auth_user_set_role(s, &admin, "ghost", AUTH_ROLE_ANALYST, NULL),
                     HERALD_ENOTFOUND);
    assert_int_equal(auth_user_set_password(s, &admin, "hoa", "tiny"), HERALD_EINVAL);

    struct auth_audit_row *v = NULL;
    size_t n = 0;
    struct auth_audit_filter f = {.actor = "boss"};
    assert_int_equal(auth_audit_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 4);
    assert_string_equal(v[0].action, "user.passwd");
    assert_string_equal(v[1].action, "user.role");
    assert_non_null(strstr(v[1].before, "\"viewer\""));
    assert_non_null(strstr(v[1].after, "\"officer\""));
    assert_string_equal(v[2].action, "user.disable");
    assert_string_equal(v[3].action, "user.enable");
    assert_int_equal(v[0].actor_user_id, 7);
    assert_string_equal(v[0].ip, "10.0.0.1");
    char *line = auth_audit_row_json(&v[1]);
    assert_non_null(strstr(line, "\"before\":{\"name\":\"hoa\""));
    free(line);
    auth_audit_rows_free(v, n);
    f = (struct auth_audit_filter){.action = "user."};
    assert_int_equal(auth_audit_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 5);
    auth_audit_rows_free(v, n);
    f = (struct auth_audit_filter){.action = "user.add", .limit = 1};
    assert_int_equal(auth_audit_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 1);
    auth_audit_rows_free(v, n);
    /* newest first, paged by before_id */
    f = (struct auth_audit_filter){.action = "user.", .newest_first = true, .limit = 3};
    assert_int_equal(auth_audit_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 3);
    assert_true(v[0].id > v[1].id && v[1].id > v[2].id);
    f.before_id = v[2].id;
    auth_audit_rows_free(v, n);
    assert_int_equal(auth_audit_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 2);
    assert_true(v[0].id < f.before_id && v[0].id > v[1].id);
    auth_audit_rows_free(v, n);
    f = (struct auth_audit_filter){.since = time(NULL) + 3600};
    assert_int_equal(auth_audit_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 0);
    auth_audit_rows_free(v, n);
}

static void test_audit_append_only(void **state)
{
    struct store *s = *state;
    sqlite3 *db = store_db(s);
    assert_int_equal(auth_audit(s, &cli, "source.update", "source", "3", "{\"a\":1}", "{\"a\":2}"),
                     HERALD_OK);
    assert_int_equal(auth_audit(s, &cli, "", NULL, NULL, NULL, NULL), HERALD_EINVAL);
    assert_int_equal(auth_audit(s, &cli, "x.y", NULL, NULL, "{not json", NULL), HERALD_EINVAL);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET actor = 'me'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE actor = 'cli'"), 1);
    FILE *f = tmpfile();
    assert_int_equal(auth_audit_export(s, f, NULL), HERALD_OK);
    char line[512] = {0};
    rewind(f);
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(strstr(line, "\"action\":\"source.update\""));
    assert_non_null(strstr(line, "\"after\":{\"a\":2}"));
    fclose(f);
}

/* Export pages through a log longer than one page, honouring limit. */
static void test_audit_export_pages(void **state)
{
    struct store *s = *state;
    char line[512];
    assert_int_equal(store_begin(s), HERALD_OK);
    for (int i = 0; i < 2500; i++)
        assert_int_equal(auth_audit(s, &cli, i % 2 ? "a.odd" : "a.even", NULL, NULL, NULL, NULL),
                         HERALD_OK);
    assert_int_equal(store_commit(s), HERALD_OK);
    struct auth_audit_filter filters[] = {{0}, {.limit = 1500}, {.action = "a.odd"}};
    int want[] = {2500, 1500, 1250};
    for (int k = 0; k < 3; k++) {
        FILE *f = tmpfile();
        int n = 0, last = 0;
        assert_int_equal(auth_audit_export(s, f, &filters[k]), HERALD_OK);
        rewind(f);
        while (fgets(line, sizeof line, f)) {
            int id = atoi(line + 6); /* {"id":N */
            assert_true(id > last);
            last = id;
            n++;
        }
        assert_int_equal(n, want[k]);
        fclose(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_rules),
        cmocka_unit_test(test_hash_verify),
        cmocka_unit_test_setup_teardown(test_user_add_get_list, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_changes_audited, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_audit_append_only, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_audit_export_pages, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
