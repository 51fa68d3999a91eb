/* libFuzzer target: topics_rules_parse() on arbitrary bytes must give rules
 * or HERALD_EINVAL with a "line N:" message; parsed rules then classify the
 * same bytes as title and text without crashing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "topics/topics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct topics_rules *r = NULL;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    if (topics_rules_parse((const char *)data, size, &r) != HERALD_OK) {
        if (r || strncmp(herald_error_last(), "line ", 5))
            abort();
        free(s);
        return 0;
    }
    uint32_t mask = 0;
    float scores[TOPICS_MAX];
    topics_classify(r, NULL, s, s, &mask, scores);
    if (topics_count(r) == 0 || topics_count(r) > TOPICS_MAX || (mask >> topics_count(r) > 0))
        abort();
    topics_rules_free(r);
    free(s);
    return 0;
}
