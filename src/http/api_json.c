/* JSON helpers of the API: safe strings, dates, analysis names and the
 * full article object (the same fields `herald show --json` prints). */
#include "http/api_json.h"

#include <stdlib.h>
#include <string.h>

#include "text/fts_query.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

json_t *api_str(const char *s)
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

json_t *api_date(int64_t t)
{
    char iso[32];
    return t ? json_string(date_format_iso(iso, t)) : json_null();
}

static const char *const relevance_names[] = {"none", "mentions", "about"};
static const char *const tone_names[] = {"negative", "neutral", "positive"};

const char *api_relevance_name(int cls)
{
    return cls >= 0 && cls <= 2 ? relevance_names[cls] : NULL;
}

const char *api_tone_name(int label)
{
    return label >= -1 && label <= 1 ? tone_names[label + 1] : NULL;
}

json_t *api_topics(const char *topics)
{
    json_t *arr = json_array();
    for (const char *p = topics; p && *p;) {
        size_t n = strcspn(p, ",");
        if (n) {
            char *t = xstrndup(p, n);
            json_array_append_new(arr, api_str(t));
            free(t);
        }
        p += n + (p[n] == ',');
    }
    return arr;
}

herald_rc api_bind_filters(sqlite3_stmt *st, const struct search_query *q)
{
    char *user = NULL, *match = NULL;
    if (!str_blank(q->q)) {
        herald_rc rc = fts_query_build(&user, q->q);
        if (rc)
            return rc;
        match = xasprintf("{title text} : (%s)", user);
        free(user);
    }
    sqlite3_bind_text(st, 1, match, -1, SQLITE_TRANSIENT);
    free(match);
    sqlite3_bind_text(st, 2, q->lang, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, q->country, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, q->source_id);
    sqlite3_bind_int64(st, 5, q->since);
    sqlite3_bind_int64(st, 6, q->until);
    sqlite3_bind_int(st, 11, (int)q->relevance);
    sqlite3_bind_int(st, 12, (int)q->tone);
    sqlite3_bind_text(st, 13, q->topic, -1, SQLITE_TRANSIENT);
    return HERALD_OK;
}

static json_t *analysis_json(const struct article_analysis *an)
{
    if (!an->analyzed)
        return json_null();
    json_t *x = json_object();
    json_object_set_new(x, "lang_confidence", json_real(an->lang_conf));
    json_object_set_new(x, "relevance", json_real(an->relevance));
    json_object_set_new(x, "relevance_class", api_str(api_relevance_name(an->relevance_class)));
    json_object_set_new(x, "topics", api_topics(an->topics));
    json_object_set_new(x, "tone", an->has_tone ? json_real(an->tone) : json_null());
    json_object_set_new(x, "tone_label",
                        api_str(an->has_tone ? api_tone_name(an->tone_label) : NULL));
    json_object_set_new(x, "tone_document", json_real(an->tone_doc));
    json_object_set_new(x, "tone_document_label", api_str(api_tone_name(an->tone_doc_label)));
    return x;
}

json_t *api_article_json(const struct article_row *a, bool with_text)
{
    char fp[20];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "source_id", a->source_id ? json_integer(a->source_id) : json_null());
    json_object_set_new(o, "source", api_str(a->source_name));
    json_object_set_new(o, "url", api_str(a->url));
    json_object_set_new(o, "canonical_url", api_str(a->canonical_url));
    json_object_set_new(o, "title", api_str(a->title));
    json_object_set_new(o, "lang", api_str(a->lang));
    json_object_set_new(o, "country", api_str(a->country));
    json_object_set_new(o, "published", api_date(a->published));
    json_object_set_new(o, "fetched", api_date(a->fetched));
    json_object_set_new(o, "site_name", api_str(a->site_name));
    json_object_set_new(o, "byline", api_str(a->byline));
    json_object_set_new(o, "description", api_str(a->description));
    json_object_set_new(o, "summary", api_str(a->summary));
    json_object_set_new(o, "image", api_str(a->image));
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)a->fingerprint);
    json_object_set_new(o, "fingerprint", json_string(fp));
    json_object_set_new(o, "analysis", analysis_json(&a->an));
    if (with_text)
        json_object_set_new(o, "text", api_str(a->text));
    return o;
}
