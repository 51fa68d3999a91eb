/* Tests for the topic taxonomy and keyword rules: the built-in taxonomy,
 * hand-written articles in several languages per topic, the firing rule
 * (only the main topics of an article that mentions many), the rules file
 * format and its line-numbered errors, and odd input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "topics/topics.h"

struct fixture {
    const char *title, *text, *label;
};

static const struct fixture fixtures[] = {
    {"Bộ trưởng Ngoại giao hội đàm với người đồng cấp Nhật Bản",
     "Hai bên nhất trí thúc đẩy quan hệ đối tác chiến lược toàn diện.", "diplomacy"},
    {"Vietnam and Australia upgrade ties",
     "The foreign minister welcomed the comprehensive strategic partnership during a state visit "
     "to Hanoi.",
     "diplomacy"},
    {"越南外长访问中国", "两国外交部举行会谈，同意深化双边关系。", "diplomacy"},
    {"Xuất khẩu nông sản tăng mạnh",
     "Kim ngạch xuất khẩu rau quả đạt 5 tỷ USD, các doanh nghiệp kỳ vọng thị trường mới.",
     "economy"},
    {"Les exportations vietnamiennes progressent",
     "Le commerce extérieur et l'investissement étranger soutiennent la croissance de l'économie.",
     "economy"},
    {"Инвестиции в экономику Вьетнама растут",
     "Экспорт и торговля с ЕС увеличились, ВВП вырос на 7%.", "economy"},
    {"Lễ hội áo dài thu hút du khách",
     "Nhiều hoạt động văn hóa và nghệ thuật diễn ra tại Huế, di sản văn hóa thế giới.", "culture"},
    {"El turismo en Vietnam bate récords",
     "Los turistas extranjeros visitan el patrimonio cultural y disfrutan de la gastronomía.",
     "culture"},
    {"下龙湾吸引大批游客", "越南旅游业蓬勃发展，文化遗产备受关注。", "culture"},
    {"Report on religious freedom",
     "Rights groups criticised the treatment of ethnic minorities and called for press freedom.",
     "rights"},
    {"Tự do tôn giáo được bảo đảm",
     "Đồng bào dân tộc thiểu số được hỗ trợ, các cơ sở tôn giáo hoạt động bình thường.", "rights"},
    {"Правозащитники о свободе слова", "Доклад о правах человека и свободе вероисповедания.",
     "rights"},
    {"Tàu Trung Quốc xâm phạm vùng đặc quyền kinh tế",
     "Việt Nam khẳng định chủ quyền đối với quần đảo Hoàng Sa và Trường Sa trên Biển Đông.",
     "sovereignty"},
    {"Tensions in the South China Sea",
     "Coast guard vessels approached the Spratly islands, inside Vietnam's exclusive economic "
     "zone.",
     "sovereignty"},
    {"中国海警船进入南海争议海域", "越方重申对西沙和南沙群岛的主权。", "sovereignty"},
    {"Tập trận hải quân chung",
     "Quân đội nhân dân Việt Nam tăng cường năng lực quốc phòng và an ninh.", "defence"},
    {"Le Vietnam renforce sa défense", "L'armée et la marine participent à un exercice militaire.",
     "defence"},
    {"Vietnam buys new missile systems",
     "The defence ministry said the weapons would strengthen the navy and air force.", "defence"},
    {"Hội nghị Ban Chấp hành Trung ương",
     "Tổng Bí thư phát biểu về công tác xây dựng Đảng và phòng chống tham nhũng.", "politics"},
    {"Vietnam's National Assembly elects new president",
     "The Communist Party's Politburo nominated the candidate; the government welcomed the vote.",
     "politics"},
    {"越共中央政治局会议", "越共总书记出席会议，讨论反腐工作。", "politics"},
    {"Hospitals strain under heat wave",
     "Doctors warned of pollution and climate change as patients filled the wards.", "society"},
    {"Ô nhiễm môi trường tại các đô thị",
     "Bệnh viện quá tải, bác sĩ cảnh báo tác động của biến đổi khí hậu tới sức khỏe.", "society"},
    {"La pandémie et l'éducation",
     "Les écoles et les hôpitaux face à l'épidémie; la santé publique en question.", "society"},
    {"Vietnam bets on semiconductors",
     "The technology sector is investing in artificial intelligence research and software.",
     "science"},
    {"Chuyển đổi số trong các cơ quan",
     "Trí tuệ nhân tạo và công nghệ thông tin giúp đổi mới sáng tạo.", "science"},
    {"越南发展半导体产业", "人工智能和科技创新成为重点，芯片研究加快。", "science"},
};

static uint32_t classify(const struct topics_rules *r, const char *title, const char *text)
{
    uint32_t mask = 0xdeadbeef;
    float scores[TOPICS_MAX];
    assert_int_equal(topics_classify(r, NULL, title, text, &mask, scores), HERALD_OK);
    return mask;
}

static void test_builtin_taxonomy(void **state)
{
    struct topics_rules *r = NULL;
    static const char *slugs[] = {"diplomacy", "economy",  "culture", "rights", "sovereignty",
                                  "defence",   "politics", "society", "science"};
    assert_int_equal(topics_rules_load(NULL, &r), HERALD_OK);
    assert_int_equal(topics_count(r), 9);
    for (size_t i = 0; i < 9; i++) {
        assert_string_equal(topics_slug(r, i), slugs[i]);
        assert_int_equal(topics_find(r, slugs[i]), (int)i);
    }
    assert_string_equal(topics_name(r, 4, "vi"), "Chủ quyền, biển đảo");
    assert_string_equal(topics_name(r, 4, "en"), "Sovereignty, seas and islands");
    assert_string_equal(topics_name(r, 4, "xx"), "Sovereignty, seas and islands");
    assert_null(topics_slug(r, 9));
    assert_int_equal(topics_find(r, "sport"), -1);
    topics_rules_free(r);
}

/* Every fixture gets exactly its topic. */
static void test_fixtures(void **state)
{
    struct topics_rules *r = NULL;
    assert_int_equal(topics_rules_load(NULL, &r), HERALD_OK);
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        const struct fixture *f = &fixtures[i];
        uint32_t want = 1u << topics_find(r, f->label), got = classify(r, f->title, f->text);
        if (got != want)
            fail_msg("fixture %zu (%s): mask %#x, want %#x", i, f->title, got, want);
    }
    topics_rules_free(r);
}

/* Diacritics and case do not matter; word boundaries do; the longest term
 * at a position wins, so a sovereignty phrase does not count economy. */
static void test_matching(void **state)
{
    struct topics_rules *r = NULL;
    assert_int_equal(topics_rules_load(NULL, &r), HERALD_OK);
    uint32_t sov = 1u << topics_find(r, "sovereignty"), eco = 1u << topics_find(r, "economy");
    assert_int_equal(classify(r, "TRANH CHAP O BIEN DONG", ""), sov);
    assert_int_equal(classify(r, NULL, "vùng đặc quyền kinh tế"), sov);
    assert_int_equal(classify(r, NULL, "exclusive economic zone"), sov);
    assert_int_equal(classify(r, NULL, "economically"), 0);
    assert_int_equal(classify(r, NULL, "economic"), eco);
    assert_int_equal(classify(r, NULL, "越南外交部发言人"), 1u << topics_find(r, "diplomacy"));
    topics_rules_free(r);
}

/* An article about fishermen's shelters on the Spratlys mentions health,
 * defence, the economy and the law in passing: only sovereignty fires. */
static const char truong_sa_title[] = "Trường Sa: nơi trú bão an toàn cho ngư dân";
static const char truong_sa_text[] =
    "Âu tàu trên quần đảo Trường Sa đón hàng chục tàu cá của ngư dân miền Trung vào tránh "
    "bão. Ngư dân được tiếp nước ngọt, sửa chữa tàu và khám chữa bệnh miễn phí tại trạm y tế "
    "trên đảo, nơi các bác sĩ chăm sóc sức khỏe cho họ. Theo lực lượng làm nhiệm vụ, hoạt "
    "động của ngư dân góp phần khẳng định chủ quyền biển đảo của Việt Nam theo Công ước Liên "
    "hợp quốc về Luật Biển, đồng thời bảo đảm quốc phòng, an ninh trên biển. Nhiều chuyến "
    "biển chưa kết thúc, tàu cá vẫn bám biển; nghề cá đem lại lợi ích kinh tế cho các tỉnh "
    "ven biển. Ngư dân cho biết họ chưa bao giờ thấy âu tàu đông như năm nay.";

static void test_main_topics_only(void **state)
{
    struct topics_rules *r = NULL;
    float s[TOPICS_MAX];
    uint32_t mask = 0;
    assert_int_equal(topics_rules_load(NULL, &r), HERALD_OK);
    int sov = topics_find(r, "sovereignty");
    assert_int_equal(topics_classify(r, NULL, truong_sa_title, truong_sa_text, &mask, s),
                     HERALD_OK);
    assert_int_equal(mask, 1u << sov);
    /* the others scored, but far below sovereignty */
    assert_true(s[topics_find(r, "society")] >= 3.0f);
    assert_true(s[topics_find(r, "society")] < 0.35f * s[sov]);
    /* "chưa" (not yet) folds like "chùa" (pagoda): no rights; "lợi" is not French "loi" */
    assert_true(s[topics_find(r, "rights")] == 0.0f);
    assert_true(s[topics_find(r, "politics")] == 0.0f);

    assert_int_equal(
        classify(r, "Vệ tinh quan sát Trái đất hoàn thành thử nghiệm",
                 "Vệ tinh do các kỹ sư và nhà khoa học Việt Nam chế tạo, dùng công nghệ radar, "
                 "phần mềm xử lý dữ liệu ảnh. Vệ tinh sẽ giám sát lũ lụt, môi trường và cả vùng "
                 "biển Đông. Vệ tinh được phóng năm tới."),
        1u << topics_find(r, "science"));
    /* two main topics of similar weight both fire */
    assert_int_equal(classify(r, "ASEAN agrees a South China Sea timetable",
                              "Foreign ministers discussed sovereignty and the code of conduct."),
                     1u << topics_find(r, "diplomacy") | 1u << sov);
    topics_rules_free(r);
}

/* relative, max_topics and title_weight from the rules file. */
static void test_firing_settings(void **state)
{
    const char *rel = "relative = 0.5\n[a]\nen 4 = alpha\n[b]\nen 3 = beta\n[c]\nen 1.5 = gamma\n"
                      "[d]\nen 2 = delta\n";
    const char *cap = "max_topics = 1\ntitle_weight = 1\n[a]\nen 3 = alpha\n[b]\nen 4 = beta\n";
    struct topics_rules *r = NULL;
    uint32_t mask = 0;
    float s[TOPICS_MAX];
    assert_int_equal(topics_rules_parse(rel, strlen(rel), &r), HERALD_OK);
    /* best 4: beta 3 fires (>= 2, >= 3); delta 2 is under the threshold 3 */
    topics_classify(r, NULL, "", "alpha beta gamma delta", &mask, s);
    assert_int_equal(mask, 3);
    /* best 8 (title): beta 3 < 4 does not fire */
    topics_classify(r, NULL, "alpha", "beta", &mask, s);
    assert_int_equal(mask, 1);
    topics_rules_free(r);

    assert_int_equal(topics_rules_parse(cap, strlen(cap), &r), HERALD_OK);
    topics_classify(r, NULL, "", "alpha beta", &mask, s);
    assert_int_equal(mask, 2); /* one topic at most: the higher score */
    topics_classify(r, NULL, "alpha", "", &mask, s);
    assert_int_equal(mask, 1); /* title weight 1: 3 */
    assert_true(s[0] > 2.9f && s[0] < 3.1f);
    topics_rules_free(r);
}

/* A long body needs more hits than a short one. */
static void test_length_normalised(void **state)
{
    struct topics_rules *r = NULL;
    char *body = malloc(20000);
    float s1[TOPICS_MAX], s2[TOPICS_MAX];
    uint32_t m1 = 0, m2 = 0;
    assert_int_equal(topics_rules_load(NULL, &r), HERALD_OK);
    strcpy(body, "the embassy said");
    topics_classify(r, NULL, "", body, &m1, s1);
    for (int i = 0; i < 1000; i++)
        strcat(body, " word");
    topics_classify(r, NULL, "", body, &m2, s2);
    assert_true(m1 & 1u);
    assert_false(m2 & 1u);
    assert_true(s2[0] < s1[0]);
    free(body);
    topics_rules_free(r);
}

static void test_odd_input(void **state)
{
    struct topics_rules *r = NULL;
    assert_int_equal(topics_rules_load(NULL, &r), HERALD_OK);
    assert_int_equal(classify(r, NULL, NULL), 0);
    assert_int_equal(classify(r, "", ""), 0);
    assert_int_equal(classify(r, "\xff\xfe\xc3", "ngo\xe1i giao \xed\xa0\x80 \xf4\x90\x80\x80"), 0);
    assert_int_equal(classify(r, NULL, "ngoại\xff giao bộ ngoại giao"),
                     1u << topics_find(r, "diplomacy"));
    topics_rules_free(r);
}

static void expect_error(const char *text, const char *msg)
{
    struct topics_rules *r = (void *)1;
    assert_int_equal(topics_rules_parse(text, strlen(text), &r), HERALD_EINVAL);
    assert_null(r);
    if (!strstr(herald_error_last(), msg))
        fail_msg("error \"%s\" lacks \"%s\"", herald_error_last(), msg);
}

static void test_format(void **state)
{
    const char *ok = "# comment\nthreshold = 2\n\n[a]\nname.en = A\nen 2 = alpha | beta gamma\n"
                     "[b]\nthreshold=5\nzh 3 = 外交\n";
    struct topics_rules *r = NULL;
    uint32_t mask = 0;
    float s[TOPICS_MAX];
    assert_int_equal(topics_rules_parse(ok, strlen(ok), &r), HERALD_OK);
    assert_int_equal(topics_count(r), 2);
    assert_string_equal(topics_name(r, 0, "en"), "A");
    assert_string_equal(topics_name(r, 0, "vi"), "a");
    topics_classify(r, NULL, "", "Alpha and BETA GAMMA", &mask, s);
    assert_int_equal(mask, 1);
    assert_true(s[0] > 3.9f && s[0] < 4.1f);
    topics_classify(r, NULL, "外交", "", &mask, s);
    assert_int_equal(mask, 2); /* 3 in a title counts twice: 6 >= 5 */
    topics_rules_free(r);

    expect_error("", "no [topic]");
    expect_error("[a]\n[a]\n", "line 2: duplicate topic");
    expect_error("[Bad Slug]\n", "line 1: a slug");
    expect_error("en 2 = x\n", "line 1: only threshold");
    expect_error("[a]\nen 0 = x\n", "line 2: expected");
    expect_error("[a]\nen 2 = x | | y\n", "line 2: empty term");
    expect_error("[a]\nthreshold = -1\n", "line 2: threshold");
    expect_error("relative = 1.5\n[a]\n", "line 1: relative");
    expect_error("relative = -0.1\n[a]\n", "line 1: relative");
    expect_error("max_topics = 0\n[a]\n", "line 1: max_topics");
    expect_error("max_topics = 2.5\n[a]\n", "line 1: max_topics");
    expect_error("max_topics = 33\n[a]\n", "line 1: max_topics");
    expect_error("title_weight = 0\n[a]\n", "line 1: title_weight");
    expect_error("[a]\nrelative = 0.5\n", "line 2: expected");
    expect_error("[a]\nname.vi =\n", "line 2: a name");
    expect_error("[a]\njust words\n", "line 2: expected [topic]");
    expect_error("[a]\nen 2 = \xff\n", "not valid UTF-8");
    char many[33 * 8 + 1] = "";
    for (int i = 0; i < 33; i++)
        sprintf(many + strlen(many), "[t%02d]\n", i);
    expect_error(many, "line 33: more than 32 topics");
}

static void test_load_file(void **state)
{
    char path[] = "/tmp/topics_rules_XXXXXX";
    int fd = mkstemp(path);
    struct topics_rules *r = NULL;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "[x]\nen 1 = y\nbogus\n", 19), 19);
    close(fd);
    assert_int_equal(topics_rules_load(path, &r), HERALD_EINVAL);
    assert_non_null(strstr(herald_error_last(), "line 3"));
    assert_non_null(strstr(herald_error_last(), path));
    unlink(path);
    assert_int_equal(topics_rules_load(path, &r), HERALD_EIO);
    assert_null(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_taxonomy), cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_matching),         cmocka_unit_test(test_length_normalised),
        cmocka_unit_test(test_odd_input),        cmocka_unit_test(test_format),
        cmocka_unit_test(test_load_file),        cmocka_unit_test(test_main_topics_only),
        cmocka_unit_test(test_firing_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
