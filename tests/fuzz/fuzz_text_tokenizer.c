/* libFuzzer target: arbitrary bytes through the herald tokenizer (document
 * and query modes, checking token offsets), the folding functions and
 * fts_query_build(), whose output must always be valid FTS5 syntax. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "text/fold.h"
#include "text/fts_query.h"
#include "text/fts_tokenizer.h"

static sqlite3 *db;
static sqlite3_stmt *match;

static int check_token(void *ctx, int tflags, const char *tok, int n, int s, int e)
{
    size_t len = *(size_t *)ctx;
    assert(n > 0 && n <= 2 * FTS_TOKENIZER_MAX_TOKEN + 2); /* a word pair: mark, a, space, b */
    assert(s >= 0 && s <= e && (size_t)e <= len);
    return 0;
}

static void setup(void)
{
    sqlite3_open(":memory:", &db);
    fts_tokenizer_register(db);
    sqlite3_exec(db,
                 "CREATE VIRTUAL TABLE t USING fts5(b, tokenize='herald');"
                 "INSERT INTO t VALUES('Thông tin đối ngoại 外交部 ข้อมูล')",
                 NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?", -1, &match,
                       NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        setup();
    size_t len = size;
    fts_tokenizer_run((const char *)data, size, FTS5_TOKENIZE_DOCUMENT, check_token, &len);
    fts_tokenizer_run((const char *)data, size, FTS5_TOKENIZE_QUERY, check_token, &len);
    free(fold_loose((const char *)data, size));
    char *q = malloc(size + 1);
    memcpy(q, data, size);
    q[size] = 0;
    char *expr = NULL;
    if (fts_query_build(&expr, q) == HERALD_OK) {
        sqlite3_bind_text(match, 1, expr, -1, SQLITE_STATIC);
        while (sqlite3_step(match) == SQLITE_ROW) {
        }
        int rc = sqlite3_reset(match);
        assert(rc == SQLITE_OK); /* a built query never makes FTS5 fail */
        free(expr);
    }
    free(q);
    return 0;
}
