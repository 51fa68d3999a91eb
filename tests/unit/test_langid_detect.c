/* Unit tests for language identification with the embedded lid.176 model:
 * sentences in the languages herald watches, short titles, Vietnamese with
 * and without diacritics, text without letters, malformed UTF-8, long
 * input and the top-k list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <pthread.h>

#include "langid/langid.h"

static void expect_lang(const char *text, const char *code)
{
    struct langid_result r;
    assert_int_equal(langid_detect(text, strlen(text), LANGID_MIN_CONFIDENCE_DEFAULT, &r),
                     HERALD_OK);
    if (strcmp(r.code, code))
        fail_msg("\"%s\": got %s (%.3f), want %s", text, r.code, r.confidence, code);
    assert_true(r.confidence >= 0.0f && r.confidence <= 1.0f);
}

static void test_sentences(void **state)
{
    expect_lang("Bộ Ngoại giao Việt Nam hoan nghênh quyết định của các nước về vấn đề Biển Đông.",
                "vi");
    expect_lang("The foreign ministry said on Monday that the talks would resume next week.", "en");
    expect_lang("Le ministère des Affaires étrangères a annoncé la reprise des négociations.",
                "fr");
    expect_lang("外交部发言人在例行记者会上回答了有关问题。", "zh");
    expect_lang("外務省の報道官は記者会見で質問に答えました。", "ja");
    expect_lang("กระทรวงการต่างประเทศแถลงข่าวเกี่ยวกับการประชุมในวันจันทร์", "th");
    expect_lang("Министерство иностранных дел заявило о возобновлении переговоров.", "ru");
    expect_lang("أعلنت وزارة الخارجية استئناف المفاوضات الأسبوع المقبل.", "ar");
    expect_lang("Das Auswärtige Amt hat die Gespräche für nächste Woche angekündigt.", "de");
}

/* Pages mix scripts: quoted names, a foreign agency, a place in brackets.
 * The language of the running text wins. */
static void test_mixed_script(void **state)
{
    (void)state;
    expect_lang("Theo Reuters, Bộ trưởng Ngoại giao Việt Nam đã gặp người đồng cấp Trung Quốc "
                "(中国外交部长) tại Bắc Kinh để thảo luận về hợp tác kinh tế và an ninh.",
                "vi");
    expect_lang("Москва и Ханой (Hà Nội) подписали соглашение о сотрудничестве в области "
                "энергетики и образования.",
                "ru");
    expect_lang("越南外交部发言人表示，Việt Nam và Trung Quốc同意加强合作，维护南海和平稳定。",
                "zh");
}

static void test_vietnamese_without_diacritics(void **state)
{
    expect_lang("Bo Ngoai giao Viet Nam hoan nghenh quyet dinh cua cac nuoc", "vi");
    expect_lang("Toi nho loi anh chu tich xa nhac di nhac lai", "vi");
    expect_lang("thong tin doi ngoai trong tinh hinh moi", "vi");
    /* English, Spanish and Indonesian stay what they are. */
    expect_lang("The minister met the press in Hanoi on Monday morning", "en");
    expect_lang("El ministro de asuntos exteriores visitará la capital el lunes", "es");
    expect_lang("Menteri luar negeri akan mengunjungi ibu kota pada hari Senin", "id");
}

static void test_short_titles(void **state)
{
    expect_lang("Thủ tướng tiếp Đại sứ Hoa Kỳ", "vi");
    expect_lang("Prime Minister receives the new ambassador", "en");
    expect_lang("越南总理会见美国大使", "zh");
}

static void expect_und(const char *text, size_t len)
{
    struct langid_result r;
    memset(&r, 0x7f, sizeof r);
    assert_int_equal(langid_detect(text, len, LANGID_MIN_CONFIDENCE_DEFAULT, &r), HERALD_OK);
    assert_string_equal(r.code, "und");
    assert_true(r.confidence == 0.0f);
}

static void test_no_letters_is_und(void **state)
{
    expect_und("", 0);
    expect_und(NULL, 0);
    expect_und("   \t\n  \r\n", 9);
    expect_und("2026-11-22 10:30 +84 (0)24 1234 5678", 36);
    expect_und("!!! ??? ... --- “” «» 。、 💬🙂",
               strlen("!!! ??? ... --- “” «» 。、 💬🙂"));
}

static void test_threshold_gives_und_with_probability(void **state)
{
    struct langid_result r;
    const char *t = "ok";
    assert_int_equal(langid_detect(t, strlen(t), 1.0f, &r), HERALD_OK);
    assert_string_equal(r.code, "und");
    assert_true(r.confidence > 0.0f && r.confidence < 1.0f);
    assert_int_equal(langid_detect(t, strlen(t), 0.0f, &r), HERALD_OK);
    assert_string_not_equal(r.code, "und");
}

static void test_malformed_utf8(void **state)
{
    const char bad[] = "Vi\xff\xfe\xc3 t \xe1\x80 Nam \xf0\x9f\x98 \x80\x80\x80 hello world";
    struct langid_result r;
    assert_int_equal(langid_detect(bad, sizeof bad - 1, 0.0f, &r), HERALD_OK);
    assert_true(strlen(r.code) >= 2);
    const char only_bad[] = "\xff\xfe\x80\xc3";
    expect_und(only_bad, sizeof only_bad - 1);
    /* Embedded NUL bytes separate words like spaces. */
    const char nul[] = "the talks\0will resume next week";
    expect_lang("the talks will resume next week", "en");
    assert_int_equal(langid_detect(nul, sizeof nul - 1, 0.4f, &r), HERALD_OK);
    assert_string_equal(r.code, "en");
}

static void test_long_text_is_capped(void **state)
{
    const char *s = "Bộ Ngoại giao hoan nghênh quyết định của các nước. ";
    size_t n = strlen(s), count = 20000;
    char *big = malloc(n * count + 1);
    for (size_t i = 0; i < count; i++)
        memcpy(big + i * n, s, n);
    big[n * count] = 0;
    struct langid_result r;
    assert_int_equal(langid_detect(big, n * count, 0.4f, &r), HERALD_OK);
    assert_string_equal(r.code, "vi");
    /* One huge word with no spaces is cut at a character boundary. */
    memset(big, 'a', n * count);
    assert_int_equal(langid_detect(big, n * count, 0.0f, &r), HERALD_OK);
    free(big);
}

static void test_top_k(void **state)
{
    struct langid_result r[5];
    size_t n = 99;
    const char *t = "Der Minister hat heute in Berlin gesprochen.";
    assert_int_equal(langid_detect_top(t, strlen(t), r, 5, &n), HERALD_OK);
    assert_int_equal(n, 5);
    assert_string_equal(r[0].code, "de");
    for (size_t i = 1; i < n; i++)
        assert_true(r[i].confidence <= r[i - 1].confidence);
    assert_int_equal(langid_detect_top(t, strlen(t), r, 0, &n), HERALD_OK);
    assert_int_equal(n, 0);
    assert_int_equal(langid_detect_top("", 0, r, 3, &n), HERALD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].code, "und");
}

static int failed_marker;

static void *detect_many(void *arg)
{
    const char *texts[] = {"Bộ Ngoại giao Việt Nam hoan nghênh quyết định",
                           "The talks will resume next week in the capital",
                           "外交部发言人在例行记者会上回答了有关问题"};
    const char *want[] = {"vi", "en", "zh"};
    for (int i = 0; i < 300; i++) {
        struct langid_result r;
        if (langid_detect(texts[i % 3], strlen(texts[i % 3]), 0.4f, &r) != HERALD_OK ||
            strcmp(r.code, want[i % 3]))
            return &failed_marker;
    }
    return NULL;
}

/* The first calls race to load the model; every thread gets the same answers. */
static void test_threads(void **state)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, detect_many, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *res;
        pthread_join(t[i], &res);
        assert_null(res);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_mixed_script),
        cmocka_unit_test(test_vietnamese_without_diacritics),
        cmocka_unit_test(test_short_titles),
        cmocka_unit_test(test_no_letters_is_und),
        cmocka_unit_test(test_threshold_gives_und_with_probability),
        cmocka_unit_test(test_malformed_utf8),
        cmocka_unit_test(test_long_text_is_capped),
        cmocka_unit_test(test_top_k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
