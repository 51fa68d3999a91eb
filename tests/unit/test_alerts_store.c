/* Unit tests for alerts in the store: rules added, found, patched,
 * disabled and deleted (each audited, secrets never in the audit log);
 * quiet hours; evaluation writing one event per de-duplication key with
 * its outbox rows (held until the quiet hours end unless urgent); delivery
 * to an unreachable webhook retried with backoff, then failed; the inbox
 * and ack; the HMAC against RFC 4231. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "alerts/alerts_internal.h"
#include "store/store_story.h"
#include "store_testdb.h"

static const struct auth_actor cli = {0, "cli", NULL};
/* 2026-10-01 12:00 at UTC+7 (a Thursday) */
#define NOON 1790830800

static int64_t num(struct store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int64_t add_rule(struct store *s, const char *json)
{
    struct alert_rule *r = NULL;
    int64_t id = 0;
    if (alert_rule_parse(&r, json, strlen(json)))
        fail_msg("%s", herald_error_last());
    assert_int_equal(alerts_rule_add(s, &id, &cli, r), HERALD_OK);
    alert_rule_free(r);
    return id;
}

static void add_article(struct store *s, int i, int64_t published)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO articles (country, published, url, canonical_url, title, text)"
             " VALUES ('US', %lld, 'https://x.org/%d', 'https://x.org/%d', 't', 'x')",
             (long long)published, i, i);
    assert_int_equal(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
}

static void test_rules(void **state)
{
    struct store *s = *state;
    struct alert_rule *r = NULL, **v = NULL;
    size_t n = 0;
    const char *j = "{\"name\":\"a\",\"condition\":{\"type\":\"threshold\",\"count\":3},"
                    "\"channels\":[{\"type\":\"webhook\",\"url\":\"https://h.org/\","
                    "\"secret\":\"supersecret-0123456789\"}]}";
    int64_t id = add_rule(s, j);
    assert_int_equal(id, 1);
    assert_int_equal(alert_rule_parse(&r, j, strlen(j)), HERALD_OK);
    assert_int_equal(alerts_rule_add(s, NULL, &cli, r), HERALD_EEXIST);
    alert_rule_free(r);
    assert_int_equal(alerts_rule_find(s, &r, "a"), HERALD_OK);
    assert_int_equal(r->id, 1);
    assert_int_equal(r->min_count, 3);
    alert_rule_free(r);
    assert_int_equal(alerts_rule_find(s, &r, "nope"), HERALD_ENOTFOUND);
    const char *patch = "{\"condition\":{\"type\":\"threshold\",\"count\":9},\"name\":\"b\"}";
    assert_int_equal(alerts_rule_update(s, &r, &cli, 1, patch, strlen(patch)), HERALD_OK);
    assert_string_equal(r->name, "b");
    assert_int_equal(r->min_count, 9);
    assert_string_equal(r->channels[0].secret, "supersecret-0123456789");
    alert_rule_free(r);
    const char *bad = "{\"condition\":{\"type\":\"threshold\",\"count\":0}}";
    assert_int_equal(alerts_rule_update(s, NULL, &cli, 1, bad, strlen(bad)), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "condition.count"));
    assert_int_equal(alerts_rule_set_enabled(s, &cli, 1, false), HERALD_OK);
    assert_int_equal(alerts_rule_list(s, &v, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_false(v[0]->enabled);
    alert_rules_free(v, n);
    assert_int_equal(alerts_rule_delete(s, &cli, 1), HERALD_OK);
    assert_int_equal(alerts_rule_delete(s, &cli, 1), HERALD_ENOTFOUND);
    assert_int_equal(num(s, "SELECT count(*) FROM audit WHERE action LIKE 'alert_rule.%'"), 4);
    assert_int_equal(num(s, "SELECT count(*) FROM audit WHERE coalesce(before, '') || coalesce("
                            "after, '') LIKE '%supersecret%'"),
                     0);
}

static void test_quiet_hours(void **state)
{
    struct alert_rule r = {.quiet_from = 22 * 60, .quiet_to = 7 * 60};
    int off = 7 * 60;
    assert_int_equal(alerts_quiet_delay(&r, NOON, off), 0);
    assert_int_equal(alerts_quiet_delay(&r, NOON + 11 * 3600, off), 8 * 3600); /* 23:00 */
    assert_int_equal(alerts_quiet_delay(&r, NOON + 10 * 3600, off), 9 * 3600); /* 22:00 */
    assert_int_equal(alerts_quiet_delay(&r, NOON + 19 * 3600 - 60, off), 60);  /* 06:59 */
    assert_int_equal(alerts_quiet_delay(&r, NOON + 19 * 3600, off), 0);        /* 07:00 */
    r.quiet_from = 12 * 60, r.quiet_to = 13 * 60;
    assert_int_equal(alerts_quiet_delay(&r, NOON + 1800, off), 1800);
    assert_int_equal(alerts_quiet_delay(&r, NOON + 1800, 0), 0); /* 05:30 UTC */
    r.quiet_from = -1;
    assert_int_equal(alerts_quiet_delay(&r, NOON + 1800, off), 0);
}

static void test_evaluate_and_deliver(void **state)
{
    struct store *s = *state;
    struct alerts_config c;
    struct alert_event *v = NULL;
    size_t n = 0, sent = 0, failed = 0;
    alerts_config_defaults(&c);
    c.allow_private = true;
    c.max_attempts = 2;
    c.backoff_s = 100;
    c.timeout_ms = 2000;
    add_rule(s, "{\"name\":\"quiet\",\"query\":{\"country\":\"us\"},\"condition\":{\"type\":"
                "\"threshold\",\"count\":2},\"channels\":[{\"type\":\"inbox\"},{\"type\":"
                "\"webhook\",\"url\":\"http://127.0.0.1:1/\",\"secret\":\"0123456789abcdef\"}],"
                "\"quiet_hours\":{\"from\":\"22:00\",\"to\":\"07:00\"}}");
    add_rule(s, "{\"name\":\"urgent\",\"urgent\":true,\"query\":{\"country\":\"us\"},"
                "\"condition\":{\"type\":\"threshold\",\"count\":2},\"channels\":[{\"type\":"
                "\"webhook\",\"url\":\"http://127.0.0.1:1/\",\"secret\":\"0123456789abcdef\"}],"
                "\"quiet_hours\":{\"from\":\"22:00\",\"to\":\"07:00\"}}");
    int64_t late = NOON + 11 * 3600; /* 23:00 local */
    add_article(s, 1, late - 600);
    assert_int_equal(alerts_evaluate(s, &c, late, &n), HERALD_OK);
    assert_int_equal(n, 0); /* one article: under the count */
    add_article(s, 2, late - 300);
    add_article(s, 3, late + 300); /* published after now: not counted at now */
    assert_int_equal(alerts_evaluate(s, &c, late, &n), HERALD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(alerts_evaluate(s, &c, late + 60, &n), HERALD_OK);
    assert_int_equal(n, 0); /* de-duplicated */
    assert_int_equal(num(s, "SELECT count(*) FROM alert_deliveries"), 2);
    assert_int_equal(num(s, "SELECT next_attempt FROM alert_deliveries d JOIN alert_events e"
                            " ON e.id = d.event_id WHERE e.rule_name = 'quiet'"),
                     late + 8 * 3600);
    assert_int_equal(num(s, "SELECT next_attempt FROM alert_deliveries d JOIN alert_events e"
                            " ON e.id = d.event_id WHERE e.rule_name = 'urgent'"),
                     late);
    /* the urgent one is tried now, the quiet one waits */
    assert_int_equal(alerts_deliver_due(s, &c, late, &sent, &failed), HERALD_OK);
    assert_int_equal(sent, 0);
    assert_int_equal(failed, 1);
    int64_t next = num(s, "SELECT next_attempt FROM alert_deliveries WHERE attempts = 1");
    assert_true(next >= late + 80 && next <= late + 120);
    assert_int_equal(alerts_deliver_due(s, &c, late + 50, &sent, &failed), HERALD_OK);
    assert_int_equal(failed, 0);
    assert_int_equal(alerts_deliver_due(s, &c, late + 8 * 3600, &sent, &failed), HERALD_OK);
    assert_int_equal(failed, 2); /* the urgent one's second (last) and the quiet one's first */
    assert_int_equal(num(s, "SELECT count(*) FROM alert_deliveries WHERE state = 'failed'"), 1);
    /* the inbox: newest first, failures visible, ack */
    struct alerts_inbox_filter f = {0};
    assert_int_equal(alerts_inbox_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 2);
    assert_true(v[0].id > v[1].id);
    assert_int_equal(v[0].failed + v[1].failed, 1);
    assert_non_null(v[0].failed ? v[0].last_error : v[1].last_error);
    int64_t first = v[1].id;
    alert_events_free(v, n);
    assert_int_equal(alerts_event_ack(s, &cli, first), HERALD_OK);
    assert_int_equal(alerts_event_ack(s, &cli, first), HERALD_OK);
    assert_int_equal(alerts_event_ack(s, &cli, 999), HERALD_ENOTFOUND);
    assert_int_equal(alerts_inbox_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 1);
    alert_events_free(v, n);
    f.all = true;
    f.limit = 1;
    assert_int_equal(alerts_inbox_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 1);
    f.before_id = v[0].id;
    alert_events_free(v, n);
    assert_int_equal(alerts_inbox_list(s, &v, &n, &f), HERALD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, first);
    assert_string_equal(v[0].ack_by, "cli");
    char *j = alert_event_to_json(&v[0]);
    assert_non_null(strstr(j, "\"condition\":\"threshold\""));
    free(j);
    alert_events_free(v, n);
    assert_int_equal(num(s, "SELECT count(*) FROM audit WHERE action = 'alert.ack'"), 1);
}

/* A story of n articles (sources 1 and 2 alternating) first seen at t. */
static void add_story(struct store *s, int64_t id, int first_article, int n, int64_t t,
                      const char *topics)
{
    struct story_summary st = {.id = id,
                               .title = "Port deal",
                               .first_seen = t,
                               .last_seen = t,
                               .articles = n,
                               .topics = (char *)topics,
                               .n_outlets = 2};
    char sql[320];
    assert_int_equal(sqlite3_exec(store_db(s),
                                  "INSERT OR IGNORE INTO sources (id, url) VALUES"
                                  " (1, 'https://a.org/f'), (2, 'https://b.org/f')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_story_put(s, &st), HERALD_OK);
    for (int i = first_article; i < first_article + n; i++) {
        snprintf(sql, sizeof sql,
                 "INSERT INTO articles (id, source_id, country, published, url, canonical_url,"
                 " relevance_class, topics) VALUES (%d, %d, 'US', %lld, 'https://x.org/%d',"
                 " 'https://x.org/%d', 2, '%s')",
                 i, 1 + i % 2, (long long)t, i, i, topics);
        assert_int_equal(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
        assert_int_equal(store_story_set_article(s, i, id, 0x1234u + (uint64_t)i, 0), HERALD_OK);
    }
}

static void test_new_story(void **state)
{
    struct store *s = *state;
    struct alerts_config c;
    struct alert_hit *v = NULL;
    size_t n = 0;
    alerts_config_defaults(&c);
    int64_t now = time(NULL);
    add_story(s, 1, 1, 3, now - 3600, "defence");       /* new, 3 articles, 2 outlets */
    add_story(s, 2, 10, 3, now - 3600, "economy");      /* another topic */
    add_story(s, 3, 20, 3, now - 5 * 86400, "defence"); /* not new */
    add_story(s, 4, 30, 1, now - 3600, "defence");      /* too small */
    add_rule(s, "{\"name\":\"defence\",\"query\":{\"relevance\":\"about\"},\"condition\":{\"type\":"
                "\"new_story\",\"topic\":\"defence\",\"min_articles\":2,\"min_outlets\":2}}");
    add_rule(s, "{\"name\":\"neg\",\"query\":{\"tone\":\"negative\"},\"condition\":{\"type\":"
                "\"new_story\"}}"); /* no article has a negative tone */
    assert_int_equal(alerts_evaluate(s, &c, now, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(num(s, "SELECT count(*) FROM alert_events WHERE dedup_key = 'rule:1:story:1'"),
                     1);
    assert_int_equal(alerts_evaluate(s, &c, now + 300, &n), HERALD_OK);
    assert_int_equal(n, 0);
    struct alert_rule *r = NULL;
    assert_int_equal(alerts_rule_get(s, &r, 1), HERALD_OK);
    assert_int_equal(alerts_rule_eval(s, &v, &n, &c, r, now - 7200), HERALD_OK);
    assert_int_equal(n, 0); /* before the story was seen */
    alert_hits_free(v, n);
    alert_rule_free(r);
}

static void test_hmac_and_smtp_config(void **state)
{
    char hex[65], *err = NULL;
    struct alerts_config c;
    char *to[] = {"a@b.org"};
    alerts_hmac_hex(hex, "Jefe", "what do ya want for nothing?", 28); /* RFC 4231 case 2 */
    assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    alerts_config_defaults(&c);
    assert_int_equal(alerts_smtp_send(&err, &c, to, 1, "s", "b"), HERALD_EINVAL);
    assert_non_null(strstr(err, "smtp_url"));
    free(err);
    c.smtp_url = "smtp://127.0.0.1:1";
    c.smtp_from = "h@b.org";
    assert_int_equal(alerts_smtp_send(&err, &c, to, 1, "s", "b"), HERALD_ENET); /* refused */
    assert_non_null(strstr(err, "private or loopback"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rules, testdb_setup, testdb_teardown),
        cmocka_unit_test(test_quiet_hours),
        cmocka_unit_test_setup_teardown(test_evaluate_and_deliver, testdb_setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_new_story, testdb_setup, testdb_teardown),
        cmocka_unit_test(test_hmac_and_smtp_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
