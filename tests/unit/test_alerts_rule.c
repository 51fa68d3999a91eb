/* Unit tests for alert rules as data: good rules parse and round-trip
 * through their canonical JSON; many bad rules are refused with one
 * message naming the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "alerts/alerts.h"

static const char good[] =
    "{\"name\": \"Vietnam spike\", \"query\": {\"country\": \"us\", \"relevance\": [\"about\"],"
    " \"tone\": \"negative\", \"topic\": \"economy\", \"lang\": \"en\", \"source\": 3},"
    " \"condition\": {\"type\": \"spike\", \"resolution\": \"hour\", \"min_count\": 5,"
    " \"threshold\": 3.5},"
    " \"channels\": [{\"type\": \"inbox\"}, {\"type\": \"webhook\", \"url\":"
    " \"https://hooks.example.org/x\", \"secret\": \"0123456789abcdef\"},"
    " {\"type\": \"email\", \"to\": [\"desk@example.org\"]}],"
    " \"quiet_hours\": {\"from\": \"22:00\", \"to\": \"07:00\"}, \"urgent\": false}";

static void test_good(void **state)
{
    struct alert_rule *r = NULL, *r2 = NULL;
    assert_int_equal(alert_rule_parse(&r, good, strlen(good)), HERALD_OK);
    assert_string_equal(r->name, "Vietnam spike");
    assert_int_equal(r->cond, ALERT_COND_SPIKE);
    assert_int_equal(r->resolution, 3600);
    assert_int_equal(r->relevance, 4);
    assert_int_equal(r->tone, 1);
    assert_int_equal(r->source_id, 3);
    assert_int_equal(r->n_channels, 3);
    assert_int_equal(r->quiet_from, 22 * 60);
    assert_int_equal(r->quiet_to, 7 * 60);
    assert_true(r->enabled);
    char *j = alert_rule_to_json(r, false);
    assert_int_equal(alert_rule_parse(&r2, j, strlen(j)), HERALD_OK);
    char *j2 = alert_rule_to_json(r2, false);
    assert_string_equal(j, j2);
    free(j2);
    j2 = alert_rule_to_json(r2, true);
    assert_null(strstr(j2, "0123456789abcdef"));
    assert_non_null(strstr(j2, "***"));
    free(j);
    free(j2);
    alert_rule_free(r);
    alert_rule_free(r2);
}

static void test_defaults(void **state)
{
    struct alert_rule *r = NULL;
    const char *s = "{\"name\":\"n\",\"condition\":{\"type\":\"new_story\",\"topic\":\"defence\"}}";
    assert_int_equal(alert_rule_parse(&r, s, strlen(s)), HERALD_OK);
    assert_int_equal(r->n_channels, 1);
    assert_int_equal(r->channels[0].type, ALERT_CH_INBOX);
    assert_int_equal(r->quiet_from, -1);
    assert_string_equal(r->story_topic, "defence");
    alert_rule_free(r);
    s = "{\"name\":\"t\",\"condition\":{\"type\":\"negative_shift\",\"share\":1}}";
    assert_int_equal(alert_rule_parse(&r, s, strlen(s)), HERALD_OK);
    assert_int_equal(r->resolution, 86400);
    alert_rule_free(r);
}

/* Each bad rule and a piece of the message it must get. */
static const struct {
    const char *json, *msg;
} bad_rules[] = {
    {"", "empty"},
    {"   ", "empty"},
    {"[]", "rule: must be a JSON object"},
    {"{", "invalid JSON"},
    {"{\"name\":\"a\",\"name\":\"b\",\"condition\":{\"type\":\"spike\"}}", "invalid JSON"},
    {"{\"condition\":{\"type\":\"spike\"}}", "name: required"},
    {"{\"name\":\"\",\"condition\":{\"type\":\"spike\"}}", "name: 1 to 100"},
    {"{\"name\":7,\"condition\":{\"type\":\"spike\"}}", "name: must be a string"},
    {"{\"name\":\"a\\nb\",\"condition\":{\"type\":\"spike\"}}", "name: 1 to 100"},
    {"{\"name\":\"a\"}", "condition: required"},
    {"{\"name\":\"a\",\"colour\":1,\"condition\":{\"type\":\"spike\"}}", "colour: unknown field"},
    {"{\"name\":\"a\",\"condition\":[]}", "condition: must be an object"},
    {"{\"name\":\"a\",\"condition\":{}}", "condition.type: required"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"boom\"}}", "condition.type: must be"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\",\"min_count\":-1}}",
     "condition.min_count: must be between 0"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\",\"min_count\":2.5}}",
     "condition.min_count: must be an integer"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\",\"threshold\":0}}",
     "condition.threshold: must be in"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\",\"threshold\":\"3\"}}",
     "condition.threshold: must be a number"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\",\"share\":0.5}}",
     "condition.share: unknown field"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\",\"resolution\":\"week\"}}",
     "condition.resolution"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"negative_shift\",\"share\":1.5}}",
     "condition.share: must be in (0, 1]"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"negative_shift\",\"share\":0}}",
     "condition.share: must be in (0, 1]"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"negative_shift\",\"share\":-0.2}}",
     "condition.share"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"threshold\"}}", "condition.count: required"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"threshold\",\"count\":0}}",
     "condition.count: must be between 1"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"threshold\",\"count\":-5}}", "condition.count"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"new_story\",\"min_articles\":2,"
     "\"min_outlets\":3}}",
     "condition.min_outlets: cannot exceed"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"new_story\",\"topic\":\"Big Topic\"}}",
     "condition.topic"},
    {"{\"name\":\"a\",\"query\":{\"q\":\"x\"},\"condition\":{\"type\":\"new_story\"}}",
     "query.q: a new_story rule"},
    {"{\"name\":\"a\",\"query\":[],\"condition\":{\"type\":\"spike\"}}",
     "query: must be an object"},
    {"{\"name\":\"a\",\"query\":{\"since\":1},\"condition\":{\"type\":\"spike\"}}",
     "query.since: unknown field"},
    {"{\"name\":\"a\",\"query\":{\"country\":\"usa\"},\"condition\":{\"type\":\"spike\"}}",
     "query.country"},
    {"{\"name\":\"a\",\"query\":{\"source\":-2},\"condition\":{\"type\":\"spike\"}}",
     "query.source"},
    {"{\"name\":\"a\",\"query\":{\"source\":\"3\"},\"condition\":{\"type\":\"spike\"}}",
     "query.source"},
    {"{\"name\":\"a\",\"query\":{\"relevance\":\"high\"},\"condition\":{\"type\":\"spike\"}}",
     "query.relevance: unknown value"},
    {"{\"name\":\"a\",\"query\":{\"tone\":[]},\"condition\":{\"type\":\"spike\"}}", "query.tone"},
    {"{\"name\":\"a\",\"query\":{\"tone\":[1]},\"condition\":{\"type\":\"spike\"}}", "query.tone"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[]}", "channels: must be"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":{}}", "channels: must be"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"sms\"}]}",
     "channels[0].type"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"inbox\","
     "\"url\":\"x\"}]}",
     "channels[0].url: unknown field"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"inbox\"},"
     "{\"type\":\"webhook\",\"url\":\"ftp://x\",\"secret\":\"0123456789abcdef\"}]}",
     "channels[1].url"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"webhook\","
     "\"url\":\"https://x.org/\",\"secret\":\"short\"}]}",
     "channels[0].secret"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"webhook\","
     "\"url\":\"https://x.org/\"}]}",
     "secret required"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"email\"}]}",
     "channels[0].to: required"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"email\","
     "\"to\":[\"nobody\"]}]}",
     "channels[0].to[0]"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"channels\":[{\"type\":\"email\","
     "\"to\":[\"a@b.org\",\"x@y@z\"]}]}",
     "channels[0].to[1]"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"quiet_hours\":{\"from\":\"22:00\","
     "\"to\":\"22:00\"}}",
     "quiet_hours: from and to must differ"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"quiet_hours\":{\"from\":\"24:00\","
     "\"to\":\"07:00\"}}",
     "quiet_hours.from"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"quiet_hours\":{\"from\":\"22:00\"}}",
     "quiet_hours.to"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"quiet_hours\":{\"from\":\"22:00\","
     "\"to\":\"7:00\"}}",
     "quiet_hours.to"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"quiet_hours\":\"night\"}",
     "quiet_hours: must be an object"},
    {"{\"name\":\"a\",\"condition\":{\"type\":\"spike\"},\"enabled\":\"yes\"}",
     "enabled: must be true or false"},
    {"{\"name\":\"\xff\",\"condition\":{\"type\":\"spike\"}}", "invalid JSON"},
};

static void test_bad(void **state)
{
    for (size_t i = 0; i < sizeof bad_rules / sizeof bad_rules[0]; i++) {
        struct alert_rule *r = (void *)1;
        herald_rc rc = alert_rule_parse(&r, bad_rules[i].json, strlen(bad_rules[i].json));
        if (rc != HERALD_EINVAL || !strstr(herald_error_last(), bad_rules[i].msg))
            fail_msg("rule %zu (%s): rc %d, message '%s', wanted '%s'", i, bad_rules[i].json, rc,
                     herald_error_last(), bad_rules[i].msg);
        assert_null(r);
    }
}

static void test_too_big(void **state)
{
    size_t n = ALERTS_RULE_MAX + 10;
    char *s = malloc(n + 1);
    memset(s, ' ', n);
    s[n] = '\0';
    struct alert_rule *r = NULL;
    assert_int_equal(alert_rule_parse(&r, s, n), HERALD_ETOOBIG);
    free(s);
    /* a NUL inside the text is refused, not truncated */
    const char nul[] = "{\"name\":\"a\\u0000b\",\"condition\":{\"type\":\"spike\"}}";
    assert_int_equal(alert_rule_parse(&r, nul, sizeof nul - 1), HERALD_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_too_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
