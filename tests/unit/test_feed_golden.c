/* Golden tests: each feed fixture beside its expected feed_to_json() output
 * (tests/fixtures/feed/<name>.expected.json, reviewed by hand). A change in
 * any parser shows up here as a diff of the rendered JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feed_testutil.h"

static const char *const fixtures[] = {
    "vn_1258.rss",       "gbk.rss",      "cdata.rss",        "rdf.xml",
    "atom_base.xml",     "feed.json",    "wrong_types.json", "news_sitemap.xml",
    "sitemap_index.xml", "bare_amp.rss", "truncated.rss",    "xxe.rss",
};

static void test_golden(void **state)
{
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        struct feed *f;
        char path[512], *want = NULL;
        size_t len;
        if (parse_fixture(&f, fixtures[i], NULL, NULL) != HERALD_OK)
            fail_msg("%s: %s", fixtures[i], herald_error_last());
        snprintf(path, sizeof path, "%s/feed/%s.expected.json", HERALD_FIXTURES, fixtures[i]);
        assert_int_equal(str_read_file(&want, &len, path, 0), 0);
        char *got = feed_to_json(f);
        size_t gl = strlen(got);
        /* The expected file ends with the newline the CLI adds. */
        if (!(len == gl + 1 && memcmp(want, got, gl) == 0))
            fail_msg("%s differs from %s:\n%s", fixtures[i], path, got);
        free(got);
        free(want);
        feed_free(f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
