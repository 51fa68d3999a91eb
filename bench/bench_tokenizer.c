/* Insert throughput of the "herald" FTS5 tokenizer against unicode61
 * (remove_diacritics 2) on synthetic ~3 KB documents, and whether each
 * finds `thong tin doi ngoai`. Two corpora: "mono" (one language per
 * document, Vietnamese-heavy like the office's feeds) and "mixed" (every
 * document mixes all scripts). With a JSONL file of real articles
 * ({"text": ...}, e.g. ../shared/data/topics/vntc-train-sample.jsonl) it
 * also measures, on that text, insert rate, the recall of queries typed
 * without diacritics and how often the top 10 carry the exact spelling
 * with and without the exact-form boost.
 * With a PUD folder (../shared/data/langid/pud: one sentence per line,
 * text in the last TAB field) it measures whether spans of one or two
 * words cut from Thai, Chinese and Japanese sentences find their sentence.
 * Usage: bench_tokenizer [N] [articles.jsonl] [pud-dir]. Rates use process
 * CPU time because the build machine is shared. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <sqlite3.h>

#include "text/fold.h"
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

/* Real articles, and their exact folds for checking results. */
struct corpus {
    char **text;
    char **exact;
    int n;
};

static int load_jsonl(struct corpus *out, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *j = json_loads(line, 0, NULL);
        const char *t = json_string_value(json_object_get(j, "text"));
        if (t) {
            out->text = xrealloc(out->text, (size_t)(out->n + 1) * sizeof(char *));
            out->exact = xrealloc(out->exact, (size_t)(out->n + 1) * sizeof(char *));
            out->text[out->n] = xstrdup(t);
            out->exact[out->n++] = fold_exact(t, strlen(t));
        }
        json_decref(j);
    }
    free(line);
    fclose(f);
    return 0;
}

/* Picks two consecutive space-separated syllables of doc, both with
 * non-ASCII letters and no punctuation; returns them (caller frees) or
 * NULL. */
static char *pick_window(const char *doc)
{
    size_t len = strlen(doc);
    for (int tries = 0; tries < 50; tries++) {
        size_t at = next_rand() % len;
        while (at > 0 && doc[at - 1] != ' ')
            at--;
        const char *sp = strchr(doc + at, ' ');
        if (!sp)
            continue;
        const char *end = strpbrk(sp + 1, " \n");
        size_t n = end ? (size_t)(end - (doc + at)) : strlen(doc + at);
        char *w = xstrndup(doc + at, n);
        int ok = n > 4, high = 0;
        for (char *c = w; *c && ok; c++) {
            high += (*c & 0x80) != 0;
            ok = (*c & 0x80) || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == ' ';
        }
        if (ok && high)
            return w;
        free(w);
    }
    return NULL;
}

/* Runs expr on table; *found = whether doc (rowid) matched, *ideal = how
 * many of the top 10 could contain `exact` (min(10, hits that do));
 * returns how many of the top 10 contain it. */
static int top10(sqlite3 *db, const char *table, const char *expr, const struct corpus *c, int doc,
                 const char *exact, int *found, int *ideal)
{
    char *sql =
        sqlite3_mprintf("SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rank", table, table);
    sqlite3_stmt *st = NULL;
    int good = 0, rank = 0, all = 0;
    *found = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int id = sqlite3_column_int(st, 0);
            *found |= id == doc + 1;
            int has = strstr(c->exact[id - 1], exact) != NULL;
            all += has;
            if (rank++ < 10)
                good += has;
        }
    }
    *ideal = all < 10 ? all : 10;
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return good;
}

static void eval_queries(sqlite3 *db, const struct corpus *c, int nq)
{
    int q = 0, rec_h = 0, rec_u = 0, top_boost = 0, top_loose = 0, top_n = 0, found, ideal;
    rng = 57;
    for (int i = 0; q < nq && i < 100 * nq; i++) {
        int doc = (int)(next_rand() % (unsigned)c->n);
        char *w = pick_window(c->text[doc]);
        if (!w)
            continue;
        char *ex = fold_exact(w, strlen(w)), *lo = fold_loose(w, strlen(w));
        char *typed = xasprintf("\"%s\"", w), *bare = xasprintf("\"%s\"", lo);
        char *e_boost = NULL, *e_loose = NULL;
        fts_query_build(&e_boost, typed);
        fts_query_build(&e_loose, bare);
        top10(db, "h", e_loose, c, doc, ex, &found, &ideal);
        rec_h += found;
        top10(db, "u", bare, c, doc, ex, &found, &ideal);
        rec_u += found;
        top_boost += top10(db, "h", e_boost, c, doc, ex, &found, &ideal);
        top_loose += top10(db, "h", e_loose, c, doc, ex, &found, &ideal);
        top_n += ideal;
        q++;
        free(w), free(ex), free(lo), free(typed), free(bare), free(e_boost), free(e_loose);
    }
    printf("  %d two-syllable phrases from the articles, typed without diacritics:\n", q);
    printf("    recall herald %.1f%%, unicode61 %.1f%%\n", 100.0 * rec_h / q, 100.0 * rec_u / q);
    printf("  typed with diacritics, exact-spelling results in the top 10 / possible:\n");
    printf("    herald with exact boost %.1f%%, folded only %.1f%%\n", 100.0 * top_boost / top_n,
           100.0 * top_loose / top_n);
}

static int run_jsonl(const char *path)
{
    struct corpus c = {0};
    if (load_jsonl(&c, path) != 0 || c.n == 0) {
        fprintf(stderr, "bench_tokenizer: cannot read %s\n", path);
        return 1;
    }
    sqlite3 *db = NULL;
    sqlite3_open(":memory:", &db);
    fts_tokenizer_register(db);
    sqlite3_exec(
        db,
        "CREATE VIRTUAL TABLE h USING fts5(body, tokenize='herald');"
        "CREATE VIRTUAL TABLE u USING fts5(body, tokenize='unicode61 remove_diacritics 2');",
        NULL, NULL, NULL);
    size_t bytes = 0;
    for (int i = 0; i < c.n; i++)
        bytes += strlen(c.text[i]);
    for (int pass = 0; pass < 2; pass++) {
        const char *table = pass ? "u" : "h";
        char *sql = sqlite3_mprintf("INSERT INTO %s(rowid, body) VALUES(?, ?)", table);
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(db, sql, -1, &st, NULL);
        double s0 = cpu_now();
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        for (int i = 0; i < c.n; i++) {
            sqlite3_bind_int(st, 1, i + 1);
            sqlite3_bind_text(st, 2, c.text[i], -1, SQLITE_STATIC);
            sqlite3_step(st);
            sqlite3_reset(st);
        }
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        double dt = cpu_now() - s0;
        printf("  %-9s %7.0f docs/s %5.1f MB/s\n", pass ? "unicode61:" : "herald:", c.n / dt,
               (double)bytes / dt / 1e6);
        sqlite3_finalize(st);
        sqlite3_free(sql);
    }
    eval_queries(db, &c, 500);
    for (int i = 0; i < c.n; i++)
        free(c.text[i]), free(c.exact[i]);
    free(c.text);
    free(c.exact);
    sqlite3_close(db);
    return 0;
}

static int count_token(void *ctx, int tflags, const char *tok, int n, int s, int e)
{
    (*(long *)ctx)++;
    return 0;
}

/* Tokenizer alone (no SQLite): MB/s per language on ~4 MB of its words. */
static void tokenize_only(void)
{
    printf("tokenizer alone (document mode, no SQLite):\n");
    size_t cap = 4u << 20;
    char *buf = xmalloc(cap + 64);
    for (size_t l = 0; l < NLANGS; l++) {
        const char *space =
            strcmp(langs[l].name, "zh") == 0 || strcmp(langs[l].name, "ja") == 0 ? "" : " ";
        size_t n = 0;
        rng = 7;
        while (n < cap - 64)
            n += (size_t)snprintf(buf + n, cap + 64 - n, "%s%s", langs[l].words[next_rand() % 12],
                                  next_rand() % 9 ? space : ". ");
        long tokens = 0;
        double t0 = cpu_now();
        fts_tokenizer_run(buf, n, FTS5_TOKENIZE_DOCUMENT, count_token, &tokens);
        double dt = cpu_now() - t0;
        printf("  %s %6.1f MB/s  %5.1f M tokens/s\n", langs[l].name, (double)n / dt / 1e6,
               (double)tokens / dt / 1e6);
    }
    free(buf);
}

/* Document-mode token spans of one sentence (colocated ones skipped). */
struct spans {
    int s[512], e[512], n;
};

static int span_cb(void *ctx, int tflags, const char *tok, int n, int s, int e)
{
    struct spans *k = ctx;
    if (!(tflags & FTS5_TOKEN_COLOCATED) && k->n < 512) {
        k->s[k->n] = s;
        k->e[k->n++] = e;
    }
    return 0;
}

/* Returns whether the query typed as text[a, b) finds rowid. */
static int span_found(sqlite3_stmt *q, const char *text, int a, int b, int rowid, int *tried)
{
    char *w = xstrndup(text + a, (size_t)(b - a)), *expr = NULL;
    int found = 0;
    if (fts_query_build(&expr, w) == HERALD_OK) {
        (*tried)++;
        sqlite3_bind_text(q, 1, expr, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 2, rowid);
        found = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_reset(q);
    }
    free(expr);
    free(w);
    return found;
}

/* Indexes the sentences of one PUD file and queries spans cut from them:
 * the text of one token (CJK: of two overlapping bigrams, 3 characters)
 * and of two consecutive tokens. */
static void pud_lang(const char *dir, const char *lang)
{
    char *path = xasprintf("%s/%s.tsv", dir, lang), *line = NULL;
    FILE *f = fopen(path, "r");
    free(path);
    if (!f)
        return;
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL, *q = NULL;
    sqlite3_open(":memory:", &db);
    fts_tokenizer_register(db);
    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(b, tokenize='herald')", NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO t(rowid, b) VALUES(?, ?)", -1, &ins, NULL);
    sqlite3_prepare_v2(db, "SELECT 1 FROM t WHERE t MATCH ? AND rowid = ?", -1, &q, NULL);
    char **sent = NULL;
    int n = 0, tried[2] = {0, 0}, found[2] = {0, 0};
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char *t = strrchr(line, '\t');
        t = t ? t + 1 : line;
        t[strcspn(t, "\n")] = 0;
        sent = xrealloc(sent, (size_t)(n + 1) * sizeof(char *));
        sent[n] = xstrdup(t);
        sqlite3_bind_int(ins, 1, n + 1);
        sqlite3_bind_text(ins, 2, sent[n], -1, SQLITE_STATIC);
        sqlite3_step(ins);
        sqlite3_reset(ins);
        n++;
    }
    int cjk = strcmp(lang, "th") != 0;
    rng = 1;
    for (int i = 0; i < n; i++) {
        struct spans k = {.n = 0};
        fts_tokenizer_run(sent[i], strlen(sent[i]), FTS5_TOKENIZE_DOCUMENT, span_cb, &k);
        for (int r = 0; r < 3 && k.n > 2; r++) {
            int j = (int)(next_rand() % (unsigned)(k.n - 2)), w = cjk ? 1 : 0;
            found[0] += span_found(q, sent[i], k.s[j], k.e[j + w], i + 1, &tried[0]);
            found[1] += span_found(q, sent[i], k.s[j], k.e[j + w + 1], i + 1, &tried[1]);
        }
    }
    printf("  %s: one word %.1f%% (%d), two words %.1f%% (%d)\n", lang,
           100.0 * found[0] / (tried[0] ? tried[0] : 1), tried[0],
           100.0 * found[1] / (tried[1] ? tried[1] : 1), tried[1]);
    for (int i = 0; i < n; i++)
        free(sent[i]);
    free(sent);
    free(line);
    fclose(f);
    sqlite3_finalize(ins);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

int main(int argc, char **argv)
{
    tokenize_only();
    int n = argc > 1 ? atoi(argv[1]) : 5000;
    if (run(n, 0) || run(n, 1))
        return 1;
    if (argc > 2) {
        printf("real articles: %s\n", argv[2]);
        if (run_jsonl(argv[2]) != 0)
            return 1;
    }
    if (argc > 3) {
        printf("spans cut from PUD sentences (%s) find their sentence:\n", argv[3]);
        pud_lang(argv[3], "th");
        pud_lang(argv[3], "zh");
        pud_lang(argv[3], "ja");
    }
    return 0;
}
