/* Tests for the trainable topic classifier: training on a tiny fixture,
 * prediction, determinism, the model file (round trip, corrupt, truncated,
 * wrong magic or version), odd text, and the combination with the rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "topics/topics.h"

static const struct topics_doc docs[] = {
    {"Stocks rally", "Shares rose as investors bet on profits and the central bank cut rates.",
     "economy"},
    {NULL, "The company reported record revenue and profits; exports and trade grew.", "economy"},
    {"Xuất khẩu tăng", "Kim ngạch xuất khẩu và đầu tư nước ngoài tăng mạnh, lợi nhuận cao.",
     "economy"},
    {NULL, "Doanh nghiệp báo lãi, cổ phiếu ngân hàng tăng, nhà đầu tư lạc quan.", "economy"},
    {"Cup final", "The team won the match with a late goal; the striker scored twice.", "sport"},
    {NULL, "The coach praised the players after the league match and the goal.", "sport"},
    {"Bóng đá", "Đội tuyển thắng trận, tiền đạo ghi bàn, huấn luyện viên hài lòng.", "sport"},
    {NULL, "Cầu thủ ghi hai bàn, đội bóng giành chức vô địch giải đấu.", "sport"},
    {"New phone", "The smartphone has a faster chip, new software and a better camera.", "tech"},
    {NULL, "Researchers released software for computers and a new chip for phones.", "tech"},
    {"Điện thoại mới", "Phần mềm và chip mới giúp máy tính và điện thoại chạy nhanh hơn.", "tech"},
    {NULL, "Ứng dụng phần mềm trên điện thoại thông minh, chip bán dẫn mới.", "tech"},
};
#define NDOCS (sizeof docs / sizeof docs[0])

static struct topics_model *train(void)
{
    struct topics_model *m = NULL;
    assert_int_equal(topics_model_train(docs, NDOCS, NULL, &m), HERALD_OK);
    return m;
}

static const char *predict(const struct topics_model *m, const char *title, const char *text)
{
    return topics_model_label(m, topics_model_predict(m, title, text, NULL));
}

static void test_train_predict(void **state)
{
    struct topics_model *m = train();
    float s[3];
    assert_int_equal(topics_model_label_count(m), 3);
    assert_string_equal(topics_model_label(m, 0), "economy");
    assert_string_equal(topics_model_label(m, 2), "tech");
    assert_null(topics_model_label(m, 3));
    for (size_t i = 0; i < NDOCS; i++)
        assert_string_equal(predict(m, docs[i].title, docs[i].text), docs[i].label);
    assert_string_equal(predict(m, NULL, "investors and profits"), "economy");
    assert_string_equal(predict(m, NULL, "trận đấu, ghi bàn"), "sport");
    assert_string_equal(predict(m, "chip", "phần mềm"), "tech");
    assert_int_equal(topics_model_predict(m, NULL, "the goal of the match", s), 1);
    assert_true(s[1] > 0 && s[0] < 0 && s[2] < 0);
    topics_model_free(m);
}

static void test_odd_text(void **state)
{
    struct topics_model *m = train();
    float s[3];
    size_t best = topics_model_predict(m, NULL, "", s);
    assert_true(best < 3);
    assert_true(topics_model_predict(m, "", NULL, NULL) < 3);
    assert_true(topics_model_predict(m, "\xff\xfe", "\xc3\x28 \xed\xa0\x80 \xf8\x88\x80", s) < 3);
    assert_string_equal(predict(m, NULL, "\xff goal \xfe match \xc3"), "sport");
    topics_model_free(m);
}

static void test_bad_training(void **state)
{
    struct topics_model *m = (void *)1;
    struct topics_train_opts o;
    assert_int_equal(topics_model_train(docs, 0, NULL, &m), HERALD_EINVAL);
    assert_null(m);
    assert_int_equal(topics_model_train(docs, 4, NULL, &m), HERALD_EINVAL); /* one label */
    assert_non_null(strstr(herald_error_last(), "2 labels"));
    struct topics_doc bad[2] = {{NULL, "a", "ok"}, {NULL, "b", "caf\xe9"}};
    assert_int_equal(topics_model_train(bad, 2, NULL, &m), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "document 2"));
    topics_train_opts_default(&o);
    o.hash_bits = 30;
    assert_int_equal(topics_model_train(docs, NDOCS, &o, &m), HERALD_EINVAL);
    topics_train_opts_default(&o);
    o.c = 0;
    assert_int_equal(topics_model_train(docs, NDOCS, &o, &m), HERALD_EINVAL);
}

/* Same input and seed, same bytes; options change the model. */
static void test_deterministic(void **state)
{
    struct topics_model *a = train(), *b = NULL, *c = NULL;
    struct topics_train_opts o;
    char *sa, *sb, *sc;
    size_t la, lb, lc;
    topics_train_opts_default(&o);
    o.threads = 3;
    assert_int_equal(topics_model_train(docs, NDOCS, &o, &b), HERALD_OK);
    o.char_ngrams = 1;
    assert_int_equal(topics_model_train(docs, NDOCS, &o, &c), HERALD_OK);
    topics_model_serialize(&sa, &la, a);
    topics_model_serialize(&sb, &lb, b);
    topics_model_serialize(&sc, &lc, c);
    assert_int_equal(la, lb);
    assert_memory_equal(sa, sb, la);
    assert_true(lc > la);
    assert_string_equal(predict(c, NULL, "đội bóng ghi bàn"), "sport");
    free(sa), free(sb), free(sc);
    topics_model_free(a), topics_model_free(b), topics_model_free(c);
}

static void test_save_load(void **state)
{
    struct topics_model *m = train(), *l = NULL;
    char path[] = "/tmp/topics_model_XXXXXX";
    int fd = mkstemp(path);
    float s1[3], s2[3];
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(topics_model_save(m, path), HERALD_OK);
    assert_int_equal(topics_model_load(path, &l), HERALD_OK);
    assert_int_equal(topics_model_label_count(l), 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(topics_model_label(l, i), topics_model_label(m, i));
    for (size_t i = 0; i < NDOCS; i++) {
        assert_int_equal(topics_model_predict(m, docs[i].title, docs[i].text, s1),
                         topics_model_predict(l, docs[i].title, docs[i].text, s2));
        assert_memory_equal(s1, s2, sizeof s1);
    }
    unlink(path);
    topics_model_free(l);
    assert_int_equal(topics_model_load(path, &l), HERALD_EIO);
    assert_null(l);
    assert_int_equal(topics_model_save(m, "/nonexistent-dir/x/model"), HERALD_EIO);
    topics_model_free(m);
}

static void expect_bad(const char *data, size_t len, const char *msg)
{
    struct topics_model *m = (void *)1;
    assert_int_equal(topics_model_parse(data, len, &m), HERALD_EPARSE);
    assert_null(m);
    if (!strstr(herald_error_last(), msg))
        fail_msg("error \"%s\" lacks \"%s\"", herald_error_last(), msg);
}

static void test_corrupt(void **state)
{
    struct topics_model *m = train(), *l = NULL;
    char *s;
    size_t len;
    topics_model_serialize(&s, &len, m);
    assert_int_equal(topics_model_parse(s, len, &l), HERALD_OK);
    topics_model_free(l);
    for (size_t cut = 0; cut < len; cut += 1 + cut / 3)
        expect_bad(s, cut, cut < 8 ? "magic" : "");
    expect_bad(s, len - 1, "truncated");
    s[len / 2] ^= 0x01;
    expect_bad(s, len, "");
    s[len / 2] ^= 0x01;
    s[0] = 'X';
    expect_bad(s, len, "bad magic");
    s[0] = 'H';
    s[8] = 2; /* version */
    expect_bad(s, len, "version 2");
    s[8] = 1;
    char *longer = malloc(len + 1);
    memcpy(longer, s, len);
    longer[len] = 0;
    expect_bad(longer, len + 1, "trailing");
    s[len - 1] ^= 0x40; /* checksum */
    expect_bad(s, len, "checksum");
    free(longer);
    free(s);
    topics_model_free(m);
}

/* topics_classify adds the model's best label when it is a taxonomy slug
 * with a positive margin; other labels are ignored. */
static void test_classify_with_model(void **state)
{
    struct topics_rules *r = NULL;
    struct topics_model *m = train();
    uint32_t mask = 0;
    float s[TOPICS_MAX];
    assert_int_equal(topics_rules_load(NULL, &r), HERALD_OK);
    int eco = topics_find(r, "economy");
    topics_classify(r, m, NULL, "investors shares profits", &mask, s);
    assert_int_equal(mask, 1u << eco);
    assert_true(s[eco] > 0);
    topics_classify(r, m, NULL, "the goal of the match", &mask, s);
    assert_int_equal(mask, 0); /* "sport" is no taxonomy slug */
    topics_classify(r, m, "\xff", "\xc3", &mask, s);
    topics_rules_free(r);
    topics_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train_predict),       cmocka_unit_test(test_odd_text),
        cmocka_unit_test(test_bad_training),        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_save_load),           cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_classify_with_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
