/* Article filters shared by the CLI, the API and the statistics: strict
 * parsing of one filter value (a bad value is an error naming the filter,
 * never a silent default) and the binding of STORE_FILTER_SQL. */
#include "store/store_filter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_source.h"
#include "text/fts_query.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

static const char *const relevance_names[] = {"none", "mentions", "about"};
static const char *const tone_names[] = {"negative", "neutral", "positive"};

const char *const store_filter_keys[] = {"lang",      "country", "source", "since", "until",
                                         "relevance", "tone",    "topic",  NULL};

const char *store_filter_relevance_name(int cls)
{
    return cls >= 0 && cls <= 2 ? relevance_names[cls] : NULL;
}

const char *store_filter_tone_name(int label)
{
    return label >= -1 && label <= 1 ? tone_names[label + 1] : NULL;
}

/* Returns the index of name in names[0..2], or -1. */
static int name_index(const char *const names[3], const char *name, size_t n)
{
    for (int i = 0; i < 3; i++)
        if (strlen(names[i]) == n && !strncmp(name, names[i], n))
            return i;
    return -1;
}

herald_rc store_filter_relevance_code(int *out, const char *name)
{
    int i = name ? name_index(relevance_names, name, strlen(name)) : -1;
    if (i < 0)
        return HERALD_EINVAL;
    *out = i;
    return HERALD_OK;
}

herald_rc store_filter_tone_code(int *out, const char *name)
{
    int i = name ? name_index(tone_names, name, strlen(name)) : -1;
    if (i < 0)
        return HERALD_EINVAL;
    *out = i - 1;
    return HERALD_OK;
}

/* Returns true when s is "YYYY-MM-DD" optionally followed by "T" or " "
 * and a time, as far as the shape goes. */
static bool iso_shape(const char *s)
{
    static const char shape[] = "dddd-dd-dd";
    for (size_t i = 0; i < 10; i++) {
        if (!s[i] || (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i]))
            return false;
    }
    return s[10] == '\0' || ((s[10] == 'T' || s[10] == ' ') && strlen(s) <= 35);
}

/* Parses an ISO 8601 date for since/until. A bare day is the office's
 * day (util/date.h): since starts at its midnight there, and until
 * includes that whole day. A time without a zone is UTC. */
static herald_rc parse_date(int64_t *out, const char *key, const char *v)
{
    if (!iso_shape(v) || date_parse_office(out, v) != HERALD_OK || *out <= 0)
        return herald_error_set(HERALD_EINVAL,
                                "%s: '%.40s' is not an ISO 8601 date (YYYY-MM-DD or "
                                "YYYY-MM-DDTHH:MM:SSZ)",
                                key, v);
    if (key[0] == 'u' && strlen(v) == 10)
        *out += 86400;
    return HERALD_OK;
}

/* Parses a comma-separated list of names[0..2] into a bit mask. */
static herald_rc parse_names(unsigned *out, const char *key, const char *v,
                             const char *const names[3])
{
    *out = 0;
    for (const char *p = v;;) {
        size_t n = strcspn(p, ",");
        int i = name_index(names, p, n);
        if (i < 0)
            return herald_error_set(HERALD_EINVAL, "%s: '%.*s' is not one of %s, %s, %s", key,
                                    (int)(n > 40 ? 40 : n), p, names[0], names[1], names[2]);
        *out |= 1u << i;
        if (!p[n])
            return HERALD_OK;
        p += n + 1;
    }
}

/* A topic slug: 1..31 of [a-z0-9] (the taxonomy's section names). */
static bool topic_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 31)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* A positive decimal id of at most 18 digits. */
static bool parse_id(const char *v, int64_t *out)
{
    char *end = NULL;
    if (!isdigit((unsigned char)*v) || strlen(v) > 18)
        return false;
    long long x = strtoll(v, &end, 10);
    if (*end || x <= 0)
        return false;
    *out = x;
    return true;
}

herald_rc store_filter_parse(struct search_query *q, const char *key, const char *v)
{
    if (!strcmp(key, "lang")) {
        if (!store_source_lang_valid(v))
            return herald_error_set(HERALD_EINVAL, "lang: '%.40s' is not a language tag", v);
        q->lang = v;
    } else if (!strcmp(key, "country")) {
        if (!store_source_country_valid(v))
            return herald_error_set(HERALD_EINVAL,
                                    "country: '%.40s' is not an ISO 3166-1 alpha-2 code", v);
        q->country = v;
    } else if (!strcmp(key, "source")) {
        if (!parse_id(v, &q->source_id))
            return herald_error_set(HERALD_EINVAL, "source: '%.40s' is not a source id", v);
    } else if (!strcmp(key, "since") || !strcmp(key, "until")) {
        return parse_date(key[0] == 's' ? &q->since : &q->until, key, v);
    } else if (!strcmp(key, "relevance")) {
        return parse_names(&q->relevance, key, v, relevance_names);
    } else if (!strcmp(key, "tone")) {
        return parse_names(&q->tone, key, v, tone_names);
    } else if (!strcmp(key, "topic")) {
        if (!topic_valid(v))
            return herald_error_set(HERALD_EINVAL, "topic: '%.40s' is not a topic slug (a-z, 0-9)",
                                    v);
        q->topic = v;
    } else {
        return HERALD_ENOTFOUND;
    }
    return HERALD_OK;
}

herald_rc store_filter_bind(sqlite3_stmt *st, const struct search_query *q)
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
