/* libFuzzer target for the stories module: arbitrary bytes, split at NUL
 * bytes into articles (title on the first line), are fingerprinted and
 * clustered one after another in one clusterer, with languages and times
 * taken from the input; never a crash, every article gets a story, and a
 * fingerprint is at distance 0 from itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stories/stories.h"

static const char *const langs[] = {"en", "vi", "zh", "ru", "th", "de", "", "ja"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct stories *s = NULL;
    struct stories_config c;
    stories_config_default(&c);
    c.window_hours = 1;
    if (stories_new(&c, 1, &s) != HERALD_OK)
        abort();
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = 0;
    int64_t id = 1;
    for (size_t at = 0; at <= size && id < 64; id++) {
        size_t len = strlen(buf + at);
        char *text = buf + at, *nl = memchr(text, '\n', len);
        if (nl)
            *nl = 0;
        uint64_t fp = stories_fingerprint(text, strlen(text));
        if (stories_fp_distance(fp, fp) != 0)
            abort();
        struct story_article a = {.id = id,
                                  .title = nl ? text : NULL,
                                  .text = nl ? nl + 1 : text,
                                  .lang = langs[len % 8],
                                  .outlet = text,
                                  .topics = text,
                                  .published = (int64_t)(len * 997 % 20000),
                                  .has_tone = len & 1,
                                  .tone_label = (int)(len % 3) - 1};
        struct story_assign as;
        if (stories_add(s, &a, &as) != HERALD_OK || as.story <= 0)
            abort();
        struct story_summary sum;
        if (stories_summary(s, as.story, &sum) != HERALD_OK)
            abort();
        story_summary_clear(&sum);
        at += len + 1;
    }
    stories_free(s);
    free(buf);
    return 0;
}
