/* Insert throughput of the "herald" FTS5 tokenizer against unicode61
 * (remove_diacritics 2) on synthetic ~3 KB documents, and whether each
 * finds `thong tin doi ngoai`. Two corpora: "mono" (one language per
 * document, Vietnamese-heavy like the office's feeds) and "mixed" (every
 * document mixes all scripts). Usage: bench_tokenizer [N]. Rates use
 * process CPU time because the build machine is shared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>

#include "text/fts_query.h"
#include "text/fts_tokenizer.h"
#include "util/xalloc.h"

#define DOC_CAP 4096

struct lang {
    const char *name;
    int weight; /* documents per 100 in the mono corpus */
    const char *words[12];
};

static const struct lang langs[] = {
    {"vi",
     60,
     {"Việt Nam", "thông báo", "đối tác", "Bộ Ngoại giao", "hợp tác", "phát triển", "kinh tế",
      "người dân", "Chính phủ", "Thủ tướng", "biển Đông", "đổi mới"}},
    {"en",
     15,
     {"the ministry", "said on", "foreign affairs", "cooperation", "Vietnam", "economic growth",
      "investment", "officials", "Hanoi", "trade", "security", "reported"}},
    {"fr",
     5,
     {"la diplomatie", "les relations", "économie", "ministère", "étrangères", "coopération",
      "développement", "Hanoï", "année", "région", "été", "accord"}},
    {"ru",
     5,
     {"Министерство", "иностранных дел", "сотрудничество", "Вьетнам", "экономика", "развитие",
      "Ханой", "заявил", "встреча", "соглашение", "торговля", "год"}},
    {"zh",
     6,
     {"外交部发言人", "越南政府", "经济合作", "河内", "国际关系", "发展", "表示", "会议", "投资",
      "贸易", "合作伙伴", "南海"}},
    {"ja",
     3,
     {"日本の外務省", "ベトナム", "経済協力", "ハノイ", "首相", "会談", "発表した", "投資", "関係",
      "政府", "協定", "地域"}},
    {"th",
     3,
     {"การประชุม", "ข้อมูลข่าวสาร", "เวียดนาม", "รัฐบาล", "เศรษฐกิจ", "ความร่วมมือ", "กระทรวงการต่างประเทศ",
      "ฮานอย", "การลงทุน", "การค้า", "นายกรัฐมนตรี", "ภูมิภาค"}},
    {"ar",
     3,
     {"وزارة", "الخارجية", "فيتنام", "التعاون", "الاقتصاد", "هانوي", "الحكومة", "الاستثمار",
      "التجارة", "اجتماع", "اتفاق", "المنطقة"}},
};
#define NLANGS (sizeof(langs) / sizeof(langs[0]))

static unsigned rng = 12345;
static unsigned next_rand(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* Picks a language for document i: by weight (mono) or per word (mixed). */
static const struct lang *pick_lang(void)
{
    int r = (int)(next_rand() % 100);
    for (size_t l = 0; l < NLANGS; l++)
        if ((r -= langs[l].weight) < 0)
            return &langs[l];
    return &langs[0];
}

/* Fills buf with a ~3 KB document; one in ten starts with the target
 * phrase. */
static void make_doc(char *buf, size_t cap, int i, int mixed)
{
    size_t n = 0;
    if (i % 10 == 0)
        n += (size_t)snprintf(buf, cap, "Công tác thông tin đối ngoại năm %d. ", 2000 + i % 25);
    const struct lang *l = pick_lang();
    const char *space = strcmp(l->name, "zh") == 0 || strcmp(l->name, "ja") == 0 ? "" : " ";
    while (n < 3000) {
        if (mixed)
            l = &langs[next_rand() % NLANGS];
        const char *w = l->words[next_rand() % 12];
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", w, next_rand() % 9 ? space : ". ");
    }
}

/* Returns n documents of DOC_CAP bytes each, NUL-terminated. */
static char *make_docs(int n, int mixed)
{
    char *docs = xmalloc((size_t)n * DOC_CAP);
    rng = 12345;
    for (int i = 0; i < n; i++)
        make_doc(docs + (size_t)i * DOC_CAP, DOC_CAP, i, mixed);
    return docs;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long count(sqlite3 *db, const char *table, const char *expr)
{
    char *sql = sqlite3_mprintf("SELECT count(*) FROM %s WHERE %s MATCH ?", table, table);
    sqlite3_stmt *st = NULL;
    long c = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            c = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return c;
}

/* Inserts the documents in one transaction; returns CPU seconds. */
static double insert_all(sqlite3 *db, const char *table, const char *docs, int n)
{
    char *sql = sqlite3_mprintf("INSERT INTO %s(body) VALUES(?)", table);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    double t0 = cpu_now();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, docs + (size_t)i * DOC_CAP, -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double dt = cpu_now() - t0;
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return dt;
}

static int run(int n, int mixed)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || fts_tokenizer_register(db) != HERALD_OK) {
        fprintf(stderr, "bench_tokenizer: cannot open sqlite with the herald tokenizer\n");
        return 1;
    }
    sqlite3_exec(
        db,
        "CREATE VIRTUAL TABLE h USING fts5(body, tokenize='herald');"
        "CREATE VIRTUAL TABLE u USING fts5(body, tokenize='unicode61 remove_diacritics 2');",
        NULL, NULL, NULL);
    char *docs = make_docs(n, mixed);
    double th = insert_all(db, "h", docs, n);
    double tu = insert_all(db, "u", docs, n);
    free(docs);
    char *expr = NULL;
    fts_query_build(&expr, "thong tin doi ngoai");
    long hh = count(db, "h", expr), hu = count(db, "u", "thong tin doi ngoai");
    printf("%-5s docs=%d (~3 KB, %d with the phrase)\n", mixed ? "mixed" : "mono", n, (n + 9) / 10);
    printf("  herald:    %7.0f docs/s %5.1f MB/s  'thong tin doi ngoai' -> %ld hits\n", n / th,
           n * 3.0e-3 / th, hh);
    printf("  unicode61: %7.0f docs/s %5.1f MB/s  'thong tin doi ngoai' -> %ld hits\n", n / tu,
           n * 3.0e-3 / tu, hu);
    printf("  herald is %.0f%% slower\n", (th / tu - 1) * 100);
    free(expr);
    sqlite3_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5000;
    return run(n, 0) || run(n, 1);
}
