/* Unit tests for the fastText model reader: small hand-written models
 * (dense, softmax and hierarchical softmax) with known answers, and the
 * embedded lid.176 model truncated or corrupted, which must be refused
 * with a message and never read out of bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "langid/langid.h"
#include "util/embed.h"

HERALD_BLOB_DECLARE(lid176);

struct w {
    unsigned char b[1024];
    size_t n;
};

static void put(struct w *w, const void *p, size_t n)
{
    assert_true(w->n + n <= sizeof w->b);
    memcpy(w->b + w->n, p, n);
    w->n += n;
}

static void put_i32(struct w *w, int32_t v)
{
    put(w, &v, 4);
}

static void put_i64(struct w *w, int64_t v)
{
    put(w, &v, 8);
}

static void put_f(struct w *w, float v)
{
    put(w, &v, 4);
}

static void put_entry(struct w *w, const char *s, int64_t count, int8_t type)
{
    put(w, s, strlen(s) + 1);
    put_i64(w, count);
    put(w, &type, 1);
}

/* A model with words "</s>" and "hello" (rows [0,0] and [1,0]), labels aa
 * and bb (output rows [2,0] and [-2,0]), no n-grams, dense matrices. */
static void tiny_model(struct w *w, int32_t loss)
{
    int32_t args[12] = {2, 5, 5, 1, 5, 1, loss, 3, 0, 0, 0, 100};
    double t = 1e-4;
    unsigned char zero = 0;
    w->n = 0;
    put_i32(w, 793712314);
    put_i32(w, 12);
    for (int i = 0; i < 12; i++)
        put_i32(w, args[i]);
    put(w, &t, sizeof t);
    put_i32(w, 4); /* size */
    put_i32(w, 2); /* nwords */
    put_i32(w, 2); /* nlabels */
    put_i64(w, 100);
    put_i64(w, -1); /* not pruned */
    put_entry(w, "</s>", 50, 0);
    put_entry(w, "hello", 20, 0);
    put_entry(w, "__label__aa", 10, 1);
    put_entry(w, "__label__bb", 5, 1);
    put(w, &zero, 1); /* input not quantized */
    put_i64(w, 2);
    put_i64(w, 2);
    put_f(w, 0), put_f(w, 0), put_f(w, 1), put_f(w, 0);
    put(w, &zero, 1); /* output not quantized */
    put_i64(w, 2);
    put_i64(w, 2);
    put_f(w, 2), put_f(w, 0), put_f(w, -2), put_f(w, 0);
}

static void test_tiny_softmax(void **state)
{
    struct w w;
    struct langid_model *m;
    struct langid_result r[2];
    size_t n;
    tiny_model(&w, 3);
    assert_int_equal(langid_model_load(&m, w.b, w.n), HERALD_OK);
    assert_int_equal(langid_model_predict(m, "hello", 5, r, 2, &n), HERALD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].code, "aa");
    assert_float_equal(r[0].confidence, exp(1.0) / (exp(1.0) + exp(-1.0)), 1e-4);
    assert_string_equal(r[1].code, "bb");
    /* Unknown words have no row (no n-grams): only "</s>" counts. */
    assert_int_equal(langid_model_predict(m, "  xyz ", 6, r, 1, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_float_equal(r[0].confidence, 0.5, 1e-4);
    langid_model_free(m);
}

static void test_tiny_hierarchical_softmax(void **state)
{
    struct w w;
    struct langid_model *m;
    struct langid_result r[2];
    size_t n;
    tiny_model(&w, 1);
    assert_int_equal(langid_model_load(&m, w.b, w.n), HERALD_OK);
    assert_int_equal(langid_model_predict(m, "hello\n", 6, r, 2, &n), HERALD_OK);
    assert_int_equal(n, 2);
    /* The root's right child is the more frequent label: p = sigmoid(1). */
    assert_string_equal(r[0].code, "aa");
    assert_float_equal(r[0].confidence, 1.0 / (1.0 + exp(-1.0)), 1e-4);
    assert_float_equal(r[1].confidence, 1.0 - 1.0 / (1.0 + exp(-1.0)), 1e-4);
    langid_model_free(m);
}

static void test_tiny_truncated_everywhere(void **state)
{
    struct w w;
    struct langid_model *m = (struct langid_model *)&w;
    tiny_model(&w, 3);
    for (size_t len = 0; len < w.n; len++) {
        unsigned char *copy = malloc(len ? len : 1);
        memcpy(copy, w.b, len);
        assert_int_equal(langid_model_load(&m, copy, len), HERALD_EINVAL);
        assert_null(m);
        assert_true(strlen(herald_error_last()) > 0);
        free(copy);
    }
}

static herald_rc load_patched(size_t off, const void *bytes, size_t n)
{
    size_t size = HERALD_BLOB_SIZE(lid176);
    unsigned char *copy = malloc(size);
    struct langid_model *m;
    memcpy(copy, HERALD_BLOB_DATA(lid176), size);
    memcpy(copy + off, bytes, n);
    herald_rc rc = langid_model_load(&m, copy, size);
    langid_model_free(m);
    free(copy);
    return rc;
}

static void test_lid176_loads_and_corruptions_fail(void **state)
{
    const struct langid_model *def;
    int32_t v;
    assert_int_equal(langid_model_default(&def), HERALD_OK);
    assert_int_equal(load_patched(0, "\0\0\0\0", 4), HERALD_EINVAL); /* magic */
    v = 13;
    assert_int_equal(load_patched(4, &v, 4), HERALD_EINVAL); /* version */
    v = 100000;
    assert_int_equal(load_patched(8, &v, 4), HERALD_EINVAL); /* dim */
    v = 0x7fffffff;
    assert_int_equal(load_patched(64, &v, 4), HERALD_EINVAL); /* dictionary size */
    v = -5;
    assert_int_equal(load_patched(68, &v, 4), HERALD_EINVAL); /* nwords */
    int64_t big = INT64_MAX;
    assert_int_equal(load_patched(84, &big, 8), HERALD_EINVAL); /* pruned count */
}

static void test_lid176_truncated(void **state)
{
    size_t size = HERALD_BLOB_SIZE(lid176);
    const unsigned char *data = HERALD_BLOB_DATA(lid176);
    struct langid_model *m;
    /* Every length through the header and the first entries, then spread
     * over the dictionary and matrices, then the last bytes. */
    for (size_t len = 0; len < size; len += len < 400 ? 1 : len < size - 300 ? 7919 : 1) {
        unsigned char *copy = malloc(len ? len : 1);
        memcpy(copy, data, len);
        herald_rc rc = langid_model_load(&m, copy, len);
        if (rc != HERALD_EINVAL)
            fail_msg("truncated at %zu of %zu: rc %d", len, size, rc);
        free(copy);
    }
    unsigned char *copy = malloc(size);
    memcpy(copy, data, size);
    assert_int_equal(langid_model_load(&m, copy, size), HERALD_OK);
    langid_model_free(m);
    langid_model_free(NULL);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_softmax),
        cmocka_unit_test(test_tiny_hierarchical_softmax),
        cmocka_unit_test(test_tiny_truncated_everywhere),
        cmocka_unit_test(test_lid176_loads_and_corruptions_fail),
        cmocka_unit_test(test_lid176_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
