/* Unit tests for the extraction worker pool: every job comes back exactly
 * once with its result, failures are reported per job, and freeing the pool
 * with jobs not taken back loses nothing (ASan checks the memory). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ingest/extract_pool.h"
#include "util/xalloc.h"

static struct extract_job *page_job(int i)
{
    struct extract_job *j = xcalloc(1, sizeof *j);
    if (i % 10 == 9) {
        j->body = xstrdup(""); /* an empty page fails to extract */
    } else {
        j->body = xasprintf("<html><head><title>Report %d</title></head><body><article>"
                            "<p>Report %d on port capacity and customs cooperation in Da Nang "
                            "and Hai Phong, with figures for the quarter.</p></article></body>"
                            "</html>",
                            i, i);
    }
    j->len = strlen(j->body);
    j->url = xasprintf("http://example.org/%d", i);
    j->user = (void *)(intptr_t)i;
    return j;
}

static void test_every_job_returns_once(void **state)
{
    enum { N = 60 };
    int seen[N] = {0}, failed = 0;
    struct extract_pool *p = extract_pool_new(3);
    for (int i = 0; i < N; i++)
        extract_pool_submit(p, page_job(i));
    struct extract_job *j;
    while ((j = extract_pool_next(p, true))) {
        int i = (int)(intptr_t)j->user;
        seen[i]++;
        if (i % 10 == 9) {
            assert_int_equal(j->rc, HERALD_EPARSE);
            assert_null(j->article);
            assert_true(j->error[0] != '\0');
            failed++;
        } else {
            char want[32];
            assert_int_equal(j->rc, HERALD_OK);
            snprintf(want, sizeof want, "Report %d", i);
            assert_string_equal(j->article->title, want);
            assert_non_null(strstr(j->article->text, "customs cooperation"));
        }
        extract_job_free(j);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(seen[i], 1);
    assert_int_equal(failed, N / 10);
    assert_int_equal(extract_pool_pending(p), 0);
    assert_null(extract_pool_next(p, false));
    extract_pool_free(p);
}

static void test_free_with_jobs_not_taken(void **state)
{
    struct extract_pool *p = extract_pool_new(2);
    for (int i = 0; i < 20; i++)
        extract_pool_submit(p, page_job(i));
    assert_true(extract_pool_pending(p) <= 20);
    extract_pool_free(p); /* finishes and frees all 20 */
    extract_pool_free(NULL);
    extract_job_free(NULL);
}

static void test_zero_threads_means_one(void **state)
{
    struct extract_pool *p = extract_pool_new(0);
    extract_pool_submit(p, page_job(1));
    struct extract_job *j = extract_pool_next(p, true);
    assert_non_null(j);
    assert_int_equal(j->rc, HERALD_OK);
    extract_job_free(j);
    assert_null(extract_pool_next(p, true)); /* nothing pending: no wait */
    extract_pool_free(p);
    assert_true(extract_pool_cpus() >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_job_returns_once),
        cmocka_unit_test(test_free_with_jobs_not_taken),
        cmocka_unit_test(test_zero_threads_means_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
