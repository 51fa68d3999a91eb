/* libFuzzer target for the tone lexicon parser (tone_lexicon_add()) and
 * the model file parser (tone_model_parse()): arbitrary bytes give
 * HERALD_OK or a one-line error, never a crash; a parsed lexicon scores. */
#include <stdint.h>
#include <stdlib.h>

#include "tone/tone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tone_lexicon *lx = tone_lexicon_new();
    const char *s = (const char *)data;
    herald_rc rc = tone_lexicon_add(lx, "xx", s, size);
    if (rc != HERALD_OK && rc != HERALD_EPARSE)
        abort();
    struct tone_result r;
    tone_document(lx, s, size, "xx", &r);
    if (!(r.score >= -1 && r.score <= 1))
        abort();
    tone_lexicon_free(lx);
    struct tone_model *m = NULL;
    if (tone_model_parse(s, size, &m) == HERALD_OK)
        tone_model_free(m);
    else if (m)
        abort();
    return 0;
}
