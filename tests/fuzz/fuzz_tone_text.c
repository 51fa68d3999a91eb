/* libFuzzer target for tone_document() and tone_target(): arbitrary bytes
 * (the first byte picks the language and the target span) must give a
 * score in [-1, 1] and a valid label, never a crash. */
#include <stdint.h>
#include <stdlib.h>

#include "tone/tone.h"

static struct tone_lexicon *lx;

static void check(const struct tone_result *r)
{
    if (!(r->score >= -1 && r->score <= 1) || r->label < TONE_NEGATIVE || r->label > TONE_POSITIVE)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *langs[] = {NULL, "und", "en", "vi", "fr", "es", "de", "ru", "zh", "xx"};
    if (!lx && tone_lexicon_load(NULL, &lx) != HERALD_OK)
        abort();
    if (!size)
        return 0;
    const char *lang = langs[data[0] % 10];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    struct tone_result r;
    tone_document(lx, text, len, lang, &r);
    check(&r);
    struct tone_span spans[2] = {{data[0] % 16, data[0] % 16 + 4}, {len / 2, len + 3}};
    tone_target(lx, NULL, text, len, lang, spans, 2, &r);
    check(&r);
    struct tone_span *found = NULL;
    size_t n = 0;
    tone_find_mentions(&found, &n, text, len, text, len < 6 ? len : 6);
    tone_target(lx, NULL, text, len, lang, found, n, &r);
    check(&r);
    free(found);
    return 0;
}
