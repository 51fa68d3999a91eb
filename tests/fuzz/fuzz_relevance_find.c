/* libFuzzer target for the relevance module: the first byte picks the mode.
 * Odd: the rest is a watchlist file for watchlist_parse() (success or
 * HERALD_EINVAL with *out NULL; a parsed list is then run over its own
 * text). Even: the rest is an article for watchlist_find() with the built-in
 * list (matches in order, non-overlapping, inside the text) and
 * relevance_score_lang() in a language picked by the first byte (score in
 * [0,1], class consistent). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relevance/relevance.h"

static struct watchlist *vn;

static void check_matches(const struct watchlist *wl, const char *s, size_t n)
{
    struct watch_match *m = NULL;
    size_t k = 0;
    if (watchlist_find(wl, s, n, &m, &k) != HERALD_OK)
        abort();
    for (size_t i = 0; i < k; i++) {
        if (m[i].from >= m[i].to || m[i].to > n || (i && m[i].from < m[i - 1].to))
            abort();
        if (m[i].category < 0 || (size_t)m[i].category >= watchlist_category_count(wl))
            abort();
    }
    free(m);
}

static void fuzz_parse(const char *s, size_t n)
{
    struct watchlist *wl = (struct watchlist *)1;
    herald_rc rc = watchlist_parse(s, n, &wl);
    if (rc != HERALD_OK) {
        if (rc != HERALD_EINVAL || wl != NULL)
            abort();
        return;
    }
    if (!watchlist_country(wl)[0])
        abort();
    check_matches(wl, s, n);
    watchlist_free(wl);
}

static void fuzz_find(const char *s, size_t n, uint8_t pick)
{
    static const char *const langs[] = {NULL, "",    "vi",    "en", "fr",      "zh", "ja", "th",
                                        "ru", "und", "vi-VN", "xx", "zh-Hant", "ar", "km", "ko"};
    const char *lang = langs[(pick >> 1) % (sizeof langs / sizeof langs[0])];
    struct relevance_result r;
    char *z = malloc(n + 1);
    memcpy(z, s, n);
    z[n] = 0;
    check_matches(vn, s, n);
    size_t half = strlen(z) / 2;
    char *title = strndup(z, half);
    if (relevance_score_lang(vn, NULL, title, z + half, lang, &r) != HERALD_OK)
        abort();
    if (!(r.score >= 0 && r.score <= 1) || (r.cls == RELEVANCE_NONE) != (r.score < 0.02))
        abort();
    free(title);
    free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!vn && watchlist_load(NULL, &vn) != HERALD_OK)
        abort();
    if (size == 0)
        return 0;
    if (data[0] & 1)
        fuzz_parse((const char *)data + 1, size - 1);
    else
        fuzz_find((const char *)data + 1, size - 1, data[0]);
    return 0;
}
