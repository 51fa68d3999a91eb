/* Unit tests for the tone lexicon parser (kinds, exact-only entries,
 * ambiguous loose forms, stems, errors with line numbers) and the trained
 * target model (deterministic training, save/load, corrupt files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tone/tone.h"
#include "util/error.h"

static double score(const struct tone_lexicon *lx, const char *text, const char *lang)
{
    struct tone_result r;
    assert_int_equal(tone_document(lx, text, strlen(text), lang, &r), HERALD_OK);
    return r.score;
}

static void test_parse_kinds_and_errors(void **state)
{
    struct tone_lexicon *lx = tone_lexicon_new();
    const char ok[] =
        "# comment\r\n\ngood\t2\nnot\tneg\nvery\tint\t0.3\nbut\tbut\nkind of\tint\t-0.3\n"
        "critic*\t-2\n";
    assert_int_equal(tone_lexicon_add(lx, "xx", ok, sizeof(ok) - 1), HERALD_OK);
    assert_true(score(lx, "good", "xx") > 0);
    assert_true(score(lx, "not good", "xx") < 0);
    assert_true(score(lx, "very good", "xx") > score(lx, "good", "xx"));
    assert_true(score(lx, "kind of good", "xx") < score(lx, "good", "xx"));
    assert_true(score(lx, "the critics", "xx") < 0);
    const char *bad[] = {"good\tabc\n", "x\tint\n", "x\t0\n",          "x\t9\n",
                         "x\n",         "\t1\n",    "x\tneg\tmaybe\n", "x\tint\t1\texact\textra\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(tone_lexicon_add(lx, "xx", bad[i], strlen(bad[i])), HERALD_EPARSE);
        assert_non_null(strstr(herald_error_last(), "line 1"));
    }
    assert_int_equal(tone_lexicon_add(lx, "xx", "fine\t1\nbad\n", 11), HERALD_EPARSE);
    assert_non_null(strstr(herald_error_last(), "line 2"));
    assert_int_equal(tone_lexicon_add(lx, "X!", "a\t1", 3), HERALD_EINVAL);
    tone_lexicon_free(lx);
}

static void test_exact_only_and_ambiguous_loose_forms(void **state)
{
    struct tone_lexicon *lx = tone_lexicon_new();
    const char vi[] = "tệ\t-2\texact\nmạnh\t2\nmãnh\t-2\ntốt\t2\n";
    assert_int_equal(tone_lexicon_add(lx, "vi", vi, sizeof(vi) - 1), HERALD_OK);
    assert_true(score(lx, "tệ", "vi") < 0);
    assert_true(score(lx, "te", "vi") == 0);   /* exact only */
    assert_true(score(lx, "tế", "vi") == 0);   /* other diacritics never match */
    assert_true(score(lx, "mạnh", "vi") > 0);  /* exact */
    assert_true(score(lx, "manh", "vi") == 0); /* mạnh/mãnh disagree: ambiguous */
    assert_true(score(lx, "tot", "vi") > 0);   /* typed without diacritics */
    assert_true(score(lx, "tột", "vi") == 0);  /* a different word */
    tone_lexicon_free(lx);
}

static void test_load_dir(void **state)
{
    char dir[] = "/tmp/herald-tone-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof(path), "%s/en.tsv", dir);
    FILE *f = fopen(path, "w");
    fputs("splendid\t3\n", f);
    fclose(f);
    struct tone_lexicon *lx = NULL;
    assert_int_equal(tone_lexicon_load(dir, &lx), HERALD_OK);
    assert_true(score(lx, "splendid", "en") > 0);
    tone_lexicon_free(lx);
    f = fopen(path, "w");
    fputs("ok\t1\nbroken\n", f);
    fclose(f);
    assert_int_equal(tone_lexicon_load(dir, &lx), HERALD_EPARSE);
    assert_null(lx);
    assert_non_null(strstr(herald_error_last(), "line 2"));
    remove(path);
    rmdir(dir);
    assert_int_equal(tone_lexicon_load("/nonexistent/tone", &lx), HERALD_EIO);
}

/* A tiny training set: the tone toward X is the tone of the words next
 * to it, while the other party gets the opposite. */
static const char *texts[] = {
    "Acme praised by all, while Bolt blamed for the chaos.",
    "Bolt praised by all, while Acme blamed for the chaos.",
    "Acme met Bolt on Tuesday in the capital.",
    "Acme hailed for reform, while Bolt accused of fraud.",
    "Bolt hailed for reform, while Acme accused of fraud.",
    "Bolt met Acme on Monday in the port.",
};
static const int labels[] = {1, -1, 0, 1, -1, 0};

static struct tone_model *train(const struct tone_lexicon *lx, struct tone_span *spans)
{
    struct tone_example ex[6];
    for (int i = 0; i < 6; i++) {
        const char *p = strstr(texts[i], "Acme");
        spans[i] = (struct tone_span){(size_t)(p - texts[i]), (size_t)(p - texts[i]) + 4};
        ex[i] = (struct tone_example){texts[i], strlen(texts[i]), &spans[i], 1,
                                      (enum tone_label)labels[i]};
    }
    struct tone_model *m = NULL;
    assert_int_equal(tone_model_train(lx, "en", ex, 6, &m), HERALD_OK);
    return m;
}

static void test_model_train_save_load(void **state)
{
    struct tone_lexicon *lx = NULL;
    assert_int_equal(tone_lexicon_load(NULL, &lx), HERALD_OK);
    struct tone_span spans[6];
    struct tone_model *m = train(lx, spans), *m2 = NULL;
    for (int i = 0; i < 6; i++) {
        struct tone_result r;
        tone_target(lx, m, texts[i], strlen(texts[i]), "en", &spans[i], 1, &r);
        assert_int_equal(r.label, labels[i]);
    }
    char path[] = "/tmp/herald-tone-model-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(tone_model_save(m, path), HERALD_OK);
    assert_int_equal(tone_model_load(path, &m2), HERALD_OK);
    struct tone_result a, b;
    tone_target(lx, m, texts[0], strlen(texts[0]), "en", &spans[0], 1, &a);
    tone_target(lx, m2, texts[0], strlen(texts[0]), "en", &spans[0], 1, &b);
    assert_true(a.score == b.score);
    /* Same examples, same model. */
    struct tone_model *m3 = train(lx, spans);
    tone_target(lx, m3, texts[0], strlen(texts[0]), "en", &spans[0], 1, &b);
    assert_true(a.score == b.score);
    struct tone_model *none = (struct tone_model *)1;
    assert_int_equal(tone_model_train(lx, "en", NULL, 0, &none), HERALD_EINVAL);
    assert_null(none);
    tone_model_free(m);
    tone_model_free(m2);
    tone_model_free(m3);
    remove(path);
    (void)fd;
    tone_lexicon_free(lx);
}

static void test_model_corrupt_files(void **state)
{
    struct tone_lexicon *lx = NULL;
    assert_int_equal(tone_lexicon_load(NULL, &lx), HERALD_OK);
    struct tone_span spans[6];
    struct tone_model *m = train(lx, spans), *out = NULL;
    char path[] = "/tmp/herald-tone-model-XXXXXX";
    assert_true(mkstemp(path) >= 0);
    assert_int_equal(tone_model_save(m, path), HERALD_OK);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *data = malloc((size_t)size);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_int_equal(tone_model_parse(data, (size_t)size, &out), HERALD_OK);
    tone_model_free(out);
    data[1000] ^= 1;
    assert_int_equal(tone_model_parse(data, (size_t)size, &out), HERALD_EPARSE);
    assert_non_null(strstr(herald_error_last(), "checksum"));
    assert_null(out);
    data[1000] ^= 1;
    assert_int_equal(tone_model_parse(data, (size_t)size - 1, &out), HERALD_EPARSE);
    data[8] = 9;
    assert_int_equal(tone_model_parse(data, (size_t)size, &out), HERALD_EPARSE);
    assert_non_null(strstr(herald_error_last(), "version"));
    assert_int_equal(tone_model_parse("", 0, &out), HERALD_EPARSE);
    assert_int_equal(tone_model_parse("HRLDTONX", 8, &out), HERALD_EPARSE);
    assert_int_equal(tone_model_load("/nonexistent/model", &out), HERALD_EIO);
    free(data);
    remove(path);
    tone_model_free(m);
    tone_lexicon_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_kinds_and_errors),
        cmocka_unit_test(test_exact_only_and_ambiguous_loose_forms),
        cmocka_unit_test(test_load_dir),
        cmocka_unit_test(test_model_train_save_load),
        cmocka_unit_test(test_model_corrupt_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
