/* Unit tests for the INI configuration: the shipped example lists every
 * key with its default (so loading it changes nothing), and bad files get
 * one-line errors naming the file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "alerts/alerts.h"
#include "cli/config.h"
#include "util/date.h"

#define EXAMPLE HERALD_FIXTURES "/../../data/herald.example.ini"

static void test_example_is_the_defaults(void **state)
{
    struct herald_config d, e;
    config_defaults(&d);
    config_defaults(&e);
    assert_int_equal(config_load(&e, EXAMPLE), HERALD_OK);
    assert_string_equal(e.db_path, d.db_path);
    assert_string_equal(e.user_agent, d.user_agent);
    assert_string_equal(e.log_level, d.log_level);
    assert_int_equal(e.allow_private, d.allow_private);
    assert_int_equal(e.respect_robots, d.respect_robots);
    assert_int_equal(e.connect_timeout_ms, d.connect_timeout_ms);
    assert_int_equal(e.total_timeout_ms, d.total_timeout_ms);
    assert_int_equal(e.host_delay_ms, d.host_delay_ms);
    assert_int_equal(e.max_feed_bytes, d.max_feed_bytes);
    assert_int_equal(e.max_page_bytes, d.max_page_bytes);
    assert_int_equal(e.max_parallel, d.max_parallel);
    assert_int_equal(e.max_items_per_feed, d.max_items_per_feed);
    assert_int_equal(e.extract_threads, d.extract_threads);
    assert_int_equal(e.cycle_seconds, d.cycle_seconds);
    assert_int_equal(e.analyze, d.analyze);
    assert_int_equal(e.metrics_public, d.metrics_public);
    assert_int_equal(e.stats_cache_ttl, d.stats_cache_ttl);
    assert_int_equal(e.office_offset_min, d.office_offset_min);
    assert_true(e.stories_window_hours == d.stories_window_hours);
    assert_true(e.stories_threshold == d.stories_threshold);
    assert_int_equal(e.alerts_interval, d.alerts_interval);
    assert_int_equal(e.alerts_timeout_ms, d.alerts_timeout_ms);
    assert_int_equal(e.alerts_max_attempts, d.alerts_max_attempts);
    assert_int_equal(e.alerts_backoff_s, d.alerts_backoff_s);
    assert_string_equal(e.watchlist, d.watchlist);
    assert_string_equal(e.topics_rules, d.topics_rules);
    assert_string_equal(e.topics_model, d.topics_model);
    assert_string_equal(e.tone_lexicons, d.tone_lexicons);
    assert_string_equal(e.tone_model, d.tone_model);
    assert_true(e.relevance_about == d.relevance_about);
    assert_true(e.relevance_mentions == d.relevance_mentions);
    assert_true((float)e.langid_min_confidence == (float)d.langid_min_confidence);
    config_free(&d);
    config_free(&e);
}

static herald_rc load_text(struct herald_config *c, const char *text)
{
    char path[] = "/tmp/herald-ini-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    herald_rc rc = config_load(c, path);
    unlink(path);
    return rc;
}

static void test_bad_files(void **state)
{
    struct herald_config c;
    config_defaults(&c);
    assert_int_equal(load_text(&c, "[fetch]\nbogus = 1\n"), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), ":2: unknown key or bad value"));
    assert_int_equal(load_text(&c, "[fetch]\ntimeout_ms = fast\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[fetch]\nallow_private = maybe\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[ingest]\nextract_threads = 1000\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "not an ini file [\n"), HERALD_EINVAL);
    assert_int_equal(config_load(&c, "/nonexistent/herald.ini"), HERALD_EIO);
    assert_int_equal(load_text(&c, "[fetch]\nallow_private = yes\nhost_delay_ms = 5\n"), HERALD_OK);
    assert_true(c.allow_private);
    assert_int_equal(c.host_delay_ms, 5);
    assert_false(c.metrics_public);
    assert_int_equal(load_text(&c, "[serve]\nmetrics_public = true\n"), HERALD_OK);
    assert_true(c.metrics_public);
    assert_int_equal(load_text(&c, "[serve]\nmetrics_public = sometimes\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[analysis]\nrelevance_about = 1.5\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[stories]\nthreshold = 0\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[stories]\nthreshold = 1.5\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[stories]\nwindow_hours = -1\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[stories]\nwindow_hours = 24\nthreshold = 0.5\n"), HERALD_OK);
    assert_true(c.stories_window_hours == 24 && c.stories_threshold == 0.5);
    assert_int_equal(load_text(&c, "[analysis]\nrelevance_about = high\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[analysis]\nwhatever = 1\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[analysis]\nrelevance_about = 0.1\nrelevance_mentions = 0.3\n"),
                     HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "relevance_mentions"));
    assert_int_equal(load_text(&c, "[analysis]\nrelevance_mentions = 0.05\nenabled = no\n"
                                   "watchlist = /tmp/other.tsv\n"),
                     HERALD_OK);
    assert_false(c.analyze);
    assert_string_equal(c.watchlist, "/tmp/other.tsv");
    config_free(&c);
}

/* [office] utc_offset: whole hours, process-wide; the older [signals] and
 * [alerts] spellings set the same. */
static void test_office_offset(void **state)
{
    struct herald_config c;
    config_defaults(&c);
    assert_int_equal(c.office_offset_min, 420);
    assert_int_equal(load_text(&c, "[office]\nutc_offset = +05:30\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[office]\nutc_offset = +15:00\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[office]\nutc_offset = east\n"), HERALD_EINVAL);
    assert_int_equal(load_text(&c, "[office]\nutc_offset = UTC\n"), HERALD_OK);
    assert_int_equal(date_office_offset(), 0);
    assert_int_equal(load_text(&c, "[office]\nutc_offset = -03:00\n"), HERALD_OK);
    assert_int_equal(c.office_offset_min, -180);
    assert_int_equal(date_office_offset(), -3 * 3600);
    assert_int_equal(load_text(&c, "[alerts]\nutc_offset = +01:00\n"), HERALD_OK);
    assert_int_equal(date_office_offset(), 3600);
    struct alerts_config a;
    config_alerts(&a, &c);
    assert_int_equal(a.utc_offset_min, 60);
    assert_int_equal(load_text(&c, "[signals]\nutc_offset = +07:00\n"), HERALD_OK);
    assert_int_equal(date_office_offset(), 7 * 3600);
    config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_is_the_defaults),
        cmocka_unit_test(test_office_offset),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
