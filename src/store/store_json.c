/* One JSON form of a stored article for `herald show/export --json` and
 * the API's article detail, so the two never drift apart. */
#include "store/store_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_filter.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

json_t *store_json_str(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    char *clean = str_utf8_sanitize(s, strlen(s));
    j = json_string(clean);
    free(clean);
    return j ? j : json_string("");
}

json_t *store_json_date(int64_t t)
{
    char iso[32];
    return t ? json_string(date_format_iso(iso, t)) : json_null();
}

json_t *store_json_topics(const char *topics)
{
    json_t *arr = json_array();
    for (const char *p = topics; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n) {
            char *t = xstrndup(p, n);
            json_array_append_new(arr, store_json_str(t));
            free(t);
        }
        p += n + (p[n] == ',');
    }
    return arr;
}

json_t *store_json_analysis(const struct article_analysis *an)
{
    if (!an->analyzed)
        return json_null();
    const char *tone = an->has_tone ? store_filter_tone_name(an->tone_label) : NULL;
    json_t *x = json_object();
    json_object_set_new(x, "lang_confidence", json_real(an->lang_conf));
    json_object_set_new(x, "relevance", json_real(an->relevance));
    json_object_set_new(x, "relevance_class",
                        store_json_str(store_filter_relevance_name(an->relevance_class)));
    json_object_set_new(x, "topics", store_json_topics(an->topics));
    json_object_set_new(x, "tone", an->has_tone ? json_real(an->tone) : json_null());
    json_object_set_new(x, "tone_label", store_json_str(tone));
    json_object_set_new(x, "tone_document", json_real(an->tone_doc));
    json_object_set_new(x, "tone_document_label",
                        store_json_str(store_filter_tone_name(an->tone_doc_label)));
    return x;
}

json_t *store_json_article(const struct article_row *a, bool with_text)
{
    char fp[20];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "source_id", a->source_id ? json_integer(a->source_id) : json_null());
    json_object_set_new(o, "source", store_json_str(a->source_name));
    json_object_set_new(o, "url", store_json_str(a->url));
    json_object_set_new(o, "canonical_url", store_json_str(a->canonical_url));
    json_object_set_new(o, "title", store_json_str(a->title));
    json_object_set_new(o, "lang", store_json_str(a->lang));
    json_object_set_new(o, "country", store_json_str(a->country));
    json_object_set_new(o, "published", store_json_date(a->published));
    json_object_set_new(o, "fetched", store_json_date(a->fetched));
    json_object_set_new(o, "site_name", store_json_str(a->site_name));
    json_object_set_new(o, "byline", store_json_str(a->byline));
    json_object_set_new(o, "description", store_json_str(a->description));
    json_object_set_new(o, "summary", store_json_str(a->summary));
    json_object_set_new(o, "image", store_json_str(a->image));
    json_object_set_new(o, "feed_entry_id", store_json_str(a->feed_entry_id));
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)a->fingerprint);
    json_object_set_new(o, "fingerprint", json_string(fp));
    json_object_set_new(o, "analysis", store_json_analysis(&a->an));
    if (with_text)
        json_object_set_new(o, "text", store_json_str(a->text));
    return o;
}
