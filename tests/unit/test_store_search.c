/* Unit tests for search: ranking with the title weighted, filters,
 * Vietnamese typed without diacritics, phrases and prefixes, snippets,
 * paging, and the filtered walk used by export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "store/store_article.h"
#include "store/store_search.h"
#include "store/store_source.h"
#include "store_testdb.h"

static int64_t src_vn, src_fr;

#define ALL "\"viet nam\" OR vietnam*"

static void add(struct store *s, int64_t src, const char *url, const char *lang, const char *title,
                const char *text, int64_t published)
{
    struct article_row a = {.source_id = src,
                            .url = (char *)url,
                            .lang = (char *)lang,
                            .title = (char *)title,
                            .text = (char *)text,
                            .published = published};
    assert_int_equal(store_article_add(s, &a, NULL), HERALD_OK);
}

static int setup(void **state)
{
    if (testdb_setup(state))
        return -1;
    struct store *s = *state;
    struct source a = {
        .url = "https://vn.example/rss", .country = "VN", .name = "VN daily", .enabled = true};
    struct source b = {
        .url = "https://fr.example/rss", .country = "FR", .name = "Le Monde ex", .enabled = true};
    assert_int_equal(store_source_add(s, &a), HERALD_OK);
    assert_int_equal(store_source_add(s, &b), HERALD_OK);
    src_vn = a.id;
    src_fr = b.id;
    add(s, src_vn, "https://vn.example/1", "vi", "Biển Đông: căng thẳng gia tăng",
        "Tàu Trung Quốc xuất hiện gần quần đảo Trường Sa, Bộ Ngoại giao phản đối.", 1700000000);
    add(s, src_vn, "https://vn.example/2", "vi", "Kinh tế Việt Nam tăng trưởng",
        "GDP quý ba tăng 5,3%, xuất khẩu điện tử dẫn đầu. Biển Đông được nhắc đến.", 1710000000);
    add(s, src_fr, "https://fr.example/1", "fr", "Le Vietnam et la mer de Chine",
        "Les tensions en mer de Chine méridionale inquiètent Hanoï et ses voisins.", 1705000000);
    add(s, src_fr, "https://fr.example/2", "en", "Vietnam exports surge",
        "Vietnamese exports of electronics surged in the third quarter, officials said.",
        1720000000);
    return 0;
}

static size_t search(struct store *s, struct search_query *q, struct search_hit **hits)
{
    size_t n = 0;
    herald_rc rc = store_search(s, q, hits, &n);
    if (rc)
        fail_msg("search '%s': %s", q->q, herald_error_last());
    return n;
}

static void test_title_ranks_first_and_snippet(void **state)
{
    struct store *s = *state;
    struct search_hit *h = NULL;
    struct search_query q = {.q = "Biển Đông"};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 2);
    assert_string_equal(h[0].url, "https://vn.example/1"); /* in the title */
    assert_true(h[0].score >= h[1].score);
    assert_string_equal(h[0].country, "VN");
    assert_string_equal(h[0].source_name, "VN daily");
    assert_int_equal(h[0].published, 1700000000);
    assert_non_null(strstr(h[1].snippet, "«Biển Đông»"));
    search_hits_free(h, n);
}

static void test_without_diacritics(void **state)
{
    struct store *s = *state;
    struct search_hit *h = NULL;
    struct search_query q = {.q = "bien dong", .mark_open = "[", .mark_close = "]"};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 2);
    assert_non_null(strstr(h[1].snippet, "[Biển Đông]"));
    search_hits_free(h, n);
    q.q = "truong sa";
    n = search(s, &q, &h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].url, "https://vn.example/1");
    search_hits_free(h, n);
}

static void test_phrase_and_prefix(void **state)
{
    struct store *s = *state;
    struct search_hit *h = NULL;
    struct search_query q = {.q = "\"mer de Chine\""};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 1);
    search_hits_free(h, n);
    q.q = "\"Chine mer\"";
    n = search(s, &q, &h);
    assert_int_equal(n, 0);
    search_hits_free(h, n);
    q.q = "vietnam*"; /* Vietnam, Vietnamese; not "Việt Nam" */
    n = search(s, &q, &h);
    assert_int_equal(n, 2);
    search_hits_free(h, n);
    q.q = ALL;
    n = search(s, &q, &h);
    assert_int_equal(n, 3);
    search_hits_free(h, n);
    q.q = "export*";
    n = search(s, &q, &h);
    assert_int_equal(n, 1);
    search_hits_free(h, n);
}

static void test_filters(void **state)
{
    struct store *s = *state;
    struct search_hit *h = NULL;
    struct search_query q = {.q = ALL, .lang = "en"};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].url, "https://fr.example/2");
    search_hits_free(h, n);
    q = (struct search_query){.q = ALL, .country = "vn"};
    n = search(s, &q, &h);
    assert_int_equal(n, 1);
    search_hits_free(h, n);
    q = (struct search_query){.q = ALL, .source_id = src_fr};
    n = search(s, &q, &h);
    assert_int_equal(n, 2);
    search_hits_free(h, n);
    q = (struct search_query){.q = ALL, .since = 1706000000};
    n = search(s, &q, &h);
    assert_int_equal(n, 2);
    search_hits_free(h, n);
    q = (struct search_query){.q = ALL, .since = 1706000000, .until = 1715000000};
    n = search(s, &q, &h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].url, "https://vn.example/2");
    search_hits_free(h, n);
}

static void test_since_skips_older_rowids(void **state)
{
    struct store *s = *state;
    int64_t now = 1900000000;
    struct article_row a = {.url = "https://x.example/new",
                            .title = "Vietnam later",
                            .text = "t1",
                            .published = now - 3600,
                            .fetched = now};
    struct article_row b = {.url = "https://x.example/old",
                            .title = "Vietnam archive",
                            .text = "t2",
                            .published = now - 400 * 86400,
                            .fetched = now + 60};
    assert_int_equal(store_article_add(s, &a, NULL), HERALD_OK);
    assert_int_equal(store_article_add(s, &b, NULL), HERALD_OK);
    struct search_hit *h = NULL;
    struct search_query q = {.q = ALL, .since = now - 86400};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].url, "https://x.example/new");
    search_hits_free(h, n);
    q.since = now + 10 * 86400; /* nothing fetched that late */
    n = search(s, &q, &h);
    assert_int_equal(n, 0);
    search_hits_free(h, n);
}

static void test_facets(void **state)
{
    struct store *s = *state;
    add(s, src_fr, "https://fr.example/zh", "zh-CN", "越南外交部", "越南外交部发言人", 1730000000);
    struct search_hit *h = NULL;
    struct search_query q = {.q = "外交", .lang = "zh-CN"};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 1);
    search_hits_free(h, n);
    q.lang = "zh"; /* languages match exactly */
    n = search(s, &q, &h);
    assert_int_equal(n, 0);
    search_hits_free(h, n);
    /* a language that cannot be a facet word is checked on the row */
    add(s, src_fr, "https://fr.example/pt", "pt_BR", "Vietnã", "Vietnam e Brasil", 1730000000);
    q = (struct search_query){.q = "vietnam", .lang = "pt_BR"};
    n = search(s, &q, &h);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].url, "https://fr.example/pt");
    search_hits_free(h, n);
    /* the facet words are not searchable text */
    q = (struct search_query){.q = "zzlvi"};
    n = search(s, &q, &h);
    assert_int_equal(n, 0);
    search_hits_free(h, n);
    q.q = "zzc*";
    n = search(s, &q, &h);
    assert_int_equal(n, 0);
    search_hits_free(h, n);
    /* removing a source re-indexes its articles without it */
    assert_int_equal(store_source_remove(s, src_fr), HERALD_OK);
    q = (struct search_query){.q = ALL, .source_id = src_fr};
    n = search(s, &q, &h);
    assert_int_equal(n, 0);
    search_hits_free(h, n);
    q = (struct search_query){.q = ALL, .country = "FR"};
    n = search(s, &q, &h);
    assert_int_equal(n, 3); /* fr/1, fr/2, pt */
    search_hits_free(h, n);
}

static void test_paging_and_errors(void **state)
{
    struct store *s = *state;
    struct search_hit *h = NULL, *h2 = NULL;
    struct search_query q = {.q = ALL, .limit = 2};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 2);
    q.offset = 2;
    size_t n2 = search(s, &q, &h2);
    assert_int_equal(n2, 1);
    assert_true(h2[0].id != h[0].id && h2[0].id != h[1].id);
    search_hits_free(h, n);
    search_hits_free(h2, n2);
    size_t nn = 7;
    q = (struct search_query){.q = "  "};
    assert_int_equal(store_search(s, &q, &h, &nn), HERALD_EINVAL);
    assert_null(h);
    assert_int_equal(nn, 0);
    q = (struct search_query){.q = "x", .limit = 100000};
    assert_int_equal(store_search(s, &q, &h, &nn), HERALD_EINVAL);
    /* FTS5 syntax is literal text, never an error or an injection */
    q = (struct search_query){.q = "title:foo NEAR( ^ \" OR"};
    assert_true(store_search(s, &q, &h, &nn) != HERALD_EDB);
    search_hits_free(h, nn);
    search_hits_free(NULL, 0);
}

static void test_snippet_window(void **state)
{
    struct store *s = *state;
    char text[4096] = "";
    for (int i = 0; i < 100; i++)
        strcat(text, "filler words here. ");
    strcat(text, "The Mekong delta drought worsened. ");
    for (int i = 0; i < 50; i++)
        strcat(text, "more filler text. ");
    add(s, src_vn, "https://vn.example/long", "en", "Weather", text, 1700000000);
    struct search_hit *h = NULL;
    struct search_query q = {.q = "mekong delta"};
    size_t n = search(s, &q, &h);
    assert_int_equal(n, 1);
    assert_true(strncmp(h[0].snippet, "…", strlen("…")) == 0);
    assert_non_null(strstr(h[0].snippet, "The «Mekong delta» drought"));
    const char *end = h[0].snippet + strlen(h[0].snippet) - strlen("…");
    assert_string_equal(end, "…");
    search_hits_free(h, n);
    /* a match only in the title: the snippet is the start of the text */
    q.q = "weather";
    n = search(s, &q, &h);
    assert_int_equal(n, 1);
    assert_true(strncmp(h[0].snippet, "filler words here.", 18) == 0);
    search_hits_free(h, n);
}

static void test_exact_diacritics_first(void **state)
{
    struct store *s = *state;
    add(s, src_vn, "https://vn.example/d1", "vi", "Tin", "Đội tuyển bóng đá thắng lớn.", 1);
    add(s, src_vn, "https://vn.example/d2", "vi", "Tin", "Chính sách đối ngoại mới.", 2);
    add(s, src_vn, "https://vn.example/d3", "vi", "Tin", "Đôi giày mới của đội.", 3);
    struct search_hit *h = NULL;
    struct search_query q = {.q = "đối"};
    size_t n = search(s, &q, &h); /* d1-d3 and "phản đối" in vn/1 */
    assert_int_equal(n, 4);
    for (size_t i = 2; i < 4; i++) /* the folded-only matches rank last */
        assert_true(!strcmp(h[i].url, "https://vn.example/d1") ||
                    !strcmp(h[i].url, "https://vn.example/d3"));
    search_hits_free(h, n);
    q.q = "doi";
    n = search(s, &q, &h);
    assert_int_equal(n, 4);
    search_hits_free(h, n);
}

static herald_rc collect(void *ctx, const struct article_row *a)
{
    int *n = ctx;
    assert_non_null(a->url);
    (*n)++;
    return *n >= 100 ? HERALD_EINVAL : HERALD_OK;
}

static void test_each(void **state)
{
    struct store *s = *state;
    int n = 0;
    struct search_query q = {0};
    assert_int_equal(store_search_each(s, &q, collect, &n), HERALD_OK);
    assert_int_equal(n, 4);
    n = 0;
    q.lang = "vi";
    assert_int_equal(store_search_each(s, &q, collect, &n), HERALD_OK);
    assert_int_equal(n, 2);
    n = 0;
    q.q = "kinh te";
    assert_int_equal(store_search_each(s, &q, collect, &n), HERALD_OK);
    assert_int_equal(n, 1);
    n = 98;
    q = (struct search_query){0};
    assert_int_equal(store_search_each(s, &q, collect, &n), HERALD_EINVAL); /* fn stops it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_title_ranks_first_and_snippet, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_without_diacritics, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_phrase_and_prefix, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_filters, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_paging_and_errors, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_facets, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_since_skips_older_rowids, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_each, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_snippet_window, setup, testdb_teardown),
        cmocka_unit_test_setup_teardown(test_exact_diacritics_first, setup, testdb_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
