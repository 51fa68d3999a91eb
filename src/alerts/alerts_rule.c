/* Alert rules as data: strict parsing and validation of a rule's JSON (every
 * refusal names the field), its canonical JSON form, and freeing. */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts_internal.h"
#include "util/str.h"
#include "util/xalloc.h"

static const char *const relevance_names[] = {"none", "mentions", "about", NULL};
static const char *const tone_names[] = {"negative", "neutral", "positive", NULL};
static const char *const cond_names[] = {"spike", "threshold", "new_story", "negative_shift", NULL};

static herald_rc bad(const char *field, const char *what)
{
    return herald_error_set(HERALD_EINVAL, "%s: %s", field, what);
}

/* Refuses keys of o not in allowed (NULL-terminated); prefix names o. */
static herald_rc check_keys(const json_t *o, const char *prefix, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        bool ok = false;
        for (size_t i = 0; allowed[i] && !ok; i++)
            ok = !strcmp(key, allowed[i]);
        if (!ok)
            return herald_error_set(HERALD_EINVAL, "%s%s%.64s: unknown field", prefix,
                                    *prefix ? "." : "", key);
    }
    return HERALD_OK;
}

static bool plain_text(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max || !str_valid_utf8(s, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

static bool slug(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
            return false;
    return true;
}

/* Reads optional string field key of o into *out (a copy) after check. */
static herald_rc get_str(char **out, const json_t *o, const char *field, const char *key,
                         bool (*check)(const char *, size_t), size_t max, const char *rule)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return HERALD_OK;
    if (!json_is_string(v))
        return bad(field, "must be a string");
    if (!check(json_string_value(v), max))
        return bad(field, rule);
    *out = xstrdup(json_string_value(v));
    return HERALD_OK;
}

/* Reads optional integer field key into *out within [lo, hi]. */
static herald_rc get_int(int *out, const json_t *o, const char *field, const char *key, int lo,
                         int hi)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return HERALD_OK;
    if (!json_is_integer(v))
        return bad(field, "must be an integer");
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return herald_error_set(HERALD_EINVAL, "%s: must be between %d and %d", field, lo, hi);
    *out = (int)x;
    return HERALD_OK;
}

/* Reads optional number key into *out within (lo, hi] (lo excluded). */
static herald_rc get_num(double *out, const json_t *o, const char *field, const char *key,
                         double lo, double hi)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return HERALD_OK;
    if (!json_is_number(v))
        return bad(field, "must be a number");
    double x = json_number_value(v);
    if (!isfinite(x) || x <= lo || x > hi)
        return herald_error_set(HERALD_EINVAL, "%s: must be in (%g, %g]", field, lo, hi);
    *out = x;
    return HERALD_OK;
}

static herald_rc get_bool(bool *out, const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return HERALD_OK;
    if (!json_is_boolean(v))
        return bad(key, "must be true or false");
    *out = json_is_true(v);
    return HERALD_OK;
}

/* A set of names (a string or an array of strings) into bits. */
static herald_rc get_names(unsigned *out, const json_t *o, const char *field, const char *key,
                           const char *const *names)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return HERALD_OK;
    json_t *one = json_is_string(v) ? v : NULL;
    size_t n = one ? 1 : json_is_array(v) ? json_array_size(v) : 0;
    if (!one && (!json_is_array(v) || n == 0))
        return bad(field, "must be a name or a non-empty array of names");
    for (size_t i = 0; i < n; i++) {
        json_t *e = one ? one : json_array_get(v, i);
        int k = -1;
        for (int j = 0; json_is_string(e) && names[j] && k < 0; j++)
            if (!strcmp(json_string_value(e), names[j]))
                k = j;
        if (k < 0)
            return herald_error_set(HERALD_EINVAL, "%s: unknown value (%s, %s or %s)", field,
                                    names[0], names[1], names[2]);
        *out |= 1u << k;
    }
    return HERALD_OK;
}

static bool lang_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n < 2 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isalpha((unsigned char)s[i]) || (s[i] == '-' && i > 0)))
            return false;
    return true;
}

static bool country_ok(const char *s, size_t max)
{
    return strlen(s) == 2 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]);
}

static herald_rc parse_query(struct alert_rule *r, const json_t *q)
{
    static const char *const keys[] = {"q",         "lang", "country", "source",
                                       "relevance", "tone", "topic",   NULL};
    herald_rc rc;
    if (!json_is_object(q))
        return bad("query", "must be an object");
    if ((rc = check_keys(q, "query", keys)))
        return rc;
    if ((rc = get_str(&r->q, q, "query.q", "q", plain_text, 500, "1 to 500 bytes, no controls")) ||
        (rc = get_str(&r->lang, q, "query.lang", "lang", lang_ok, 12, "a language tag")) ||
        (rc = get_str(&r->country, q, "query.country", "country", country_ok, 2,
                      "a two-letter country code")) ||
        (rc = get_str(&r->topic, q, "query.topic", "topic", slug, 64, "a topic slug [a-z0-9-]")))
        return rc;
    json_t *src = json_object_get(q, "source");
    if (src && !json_is_null(src)) {
        if (!json_is_integer(src) || json_integer_value(src) <= 0)
            return bad("query.source", "must be a source id (a positive integer)");
        r->source_id = json_integer_value(src);
    }
    if ((rc = get_names(&r->relevance, q, "query.relevance", "relevance", relevance_names)))
        return rc;
    return get_names(&r->tone, q, "query.tone", "tone", tone_names);
}

static herald_rc parse_resolution(struct alert_rule *r, const json_t *c)
{
    json_t *v = json_object_get(c, "resolution");
    r->resolution = 86400;
    if (!v)
        return HERALD_OK;
    if (!json_is_string(v))
        return bad("condition.resolution", "must be \"hour\" or \"day\"");
    if (!strcmp(json_string_value(v), "hour"))
        r->resolution = 3600;
    else if (strcmp(json_string_value(v), "day"))
        return bad("condition.resolution", "must be \"hour\" or \"day\"");
    return HERALD_OK;
}

static herald_rc parse_condition_fields(struct alert_rule *r, const json_t *c)
{
    static const char *const k_spike[] = {"type", "resolution", "min_count", "threshold", NULL};
    static const char *const k_thr[] = {"type", "resolution", "count", NULL};
    static const char *const k_story[] = {"type", "topic", "min_articles", "min_outlets", NULL};
    static const char *const k_shift[] = {"type",      "resolution", "min_count",
                                          "threshold", "share",      NULL};
    static const char *const *const keys[] = {k_spike, k_thr, k_story, k_shift};
    herald_rc rc = check_keys(c, "condition", keys[r->cond]);
    if (rc)
        return rc;
    switch (r->cond) {
    case ALERT_COND_THRESHOLD:
        if (!json_object_get(c, "count"))
            return bad("condition.count", "required for a threshold");
        if ((rc = parse_resolution(r, c)))
            return rc;
        return get_int(&r->min_count, c, "condition.count", "count", 1, 100000000);
    case ALERT_COND_NEW_STORY:
        r->min_articles = 2, r->min_outlets = 1;
        if ((rc = get_str(&r->story_topic, c, "condition.topic", "topic", slug, 64,
                          "a topic slug [a-z0-9-]")) ||
            (rc = get_int(&r->min_articles, c, "condition.min_articles", "min_articles", 1,
                          100000)) ||
            (rc = get_int(&r->min_outlets, c, "condition.min_outlets", "min_outlets", 1, 10000)))
            return rc;
        if (r->min_outlets > r->min_articles)
            return bad("condition.min_outlets", "cannot exceed min_articles");
        if (r->q)
            return bad("query.q", "a new_story rule filters by its other fields only");
        return HERALD_OK;
    default:
        r->min_count = 5, r->threshold = 4.0, r->share = 0.0;
        if ((rc = parse_resolution(r, c)) ||
            (rc = get_int(&r->min_count, c, "condition.min_count", "min_count", 0, 100000000)) ||
            (rc = get_num(&r->threshold, c, "condition.threshold", "threshold", 0, 1000)))
            return rc;
        if (r->cond == ALERT_COND_NEGATIVE_SHIFT)
            return get_num(&r->share, c, "condition.share", "share", 0, 1);
        return HERALD_OK;
    }
}

static herald_rc parse_condition(struct alert_rule *r, const json_t *c)
{
    if (!json_is_object(c))
        return bad("condition", "must be an object");
    json_t *t = json_object_get(c, "type");
    if (!t)
        return bad("condition.type", "required");
    int k = -1;
    for (int i = 0; json_is_string(t) && cond_names[i] && k < 0; i++)
        if (!strcmp(json_string_value(t), cond_names[i]))
            k = i;
    if (k < 0)
        return bad("condition.type", "must be spike, threshold, new_story or negative_shift");
    r->cond = (enum alert_cond)k;
    return parse_condition_fields(r, c);
}

static bool url_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max || !plain_text(s, max) || strchr(s, ' '))
        return false;
    const char *host = str_startswith(s, "https://")  ? s + 8
                       : str_startswith(s, "http://") ? s + 7
                                                      : NULL;
    return host && *host && *host != '/';
}

static bool secret_ok(const char *s, size_t max)
{
    return strlen(s) >= 16 && plain_text(s, max);
}

static bool email_ok(const char *s, size_t max)
{
    const char *at = strchr(s, '@');
    if (!plain_text(s, max) || !at || at == s || !at[1] || strchr(at + 1, '@'))
        return false;
    return !strpbrk(s, " <>,;:\"\\()[]");
}

static herald_rc parse_email(struct alert_channel *ch, const json_t *c, const char *field)
{
    char f[64];
    json_t *to = json_object_get(c, "to");
    snprintf(f, sizeof f, "%s.to", field);
    if (!to)
        return bad(f, "required for an email channel");
    if (!json_is_array(to) || json_array_size(to) == 0 || json_array_size(to) > ALERTS_EMAIL_TO_MAX)
        return bad(f, "must be an array of 1 to 20 addresses");
    ch->to = xcalloc(json_array_size(to), sizeof *ch->to);
    for (size_t i = 0; i < json_array_size(to); i++) {
        json_t *e = json_array_get(to, i);
        snprintf(f, sizeof f, "%s.to[%zu]", field, i);
        if (!json_is_string(e) || !email_ok(json_string_value(e), 254))
            return bad(f, "must be an e-mail address");
        ch->to[ch->n_to++] = xstrdup(json_string_value(e));
    }
    return HERALD_OK;
}

static herald_rc parse_channel(struct alert_channel *ch, const json_t *c, size_t i)
{
    static const char *const k_inbox[] = {"type", NULL};
    static const char *const k_hook[] = {"type", "url", "secret", NULL};
    static const char *const k_mail[] = {"type", "to", NULL};
    char field[32], f2[48];
    herald_rc rc;
    snprintf(field, sizeof field, "channels[%zu]", i);
    if (!json_is_object(c))
        return bad(field, "must be an object");
    const char *t = json_string_value(json_object_get(c, "type"));
    snprintf(f2, sizeof f2, "%s.type", field);
    if (!t || (strcmp(t, "inbox") && strcmp(t, "webhook") && strcmp(t, "email")))
        return bad(f2, "must be inbox, webhook or email");
    ch->type = !strcmp(t, "inbox")     ? ALERT_CH_INBOX
               : !strcmp(t, "webhook") ? ALERT_CH_WEBHOOK
                                       : ALERT_CH_EMAIL;
    const char *const *keys = ch->type == ALERT_CH_INBOX     ? k_inbox
                              : ch->type == ALERT_CH_WEBHOOK ? k_hook
                                                             : k_mail;
    if ((rc = check_keys(c, field, keys)))
        return rc;
    if (ch->type == ALERT_CH_EMAIL)
        return parse_email(ch, c, field);
    if (ch->type == ALERT_CH_INBOX)
        return HERALD_OK;
    snprintf(f2, sizeof f2, "%s.url", field);
    if ((rc = get_str(&ch->url, c, f2, "url", url_ok, ALERTS_URL_MAX, "must be an http(s) URL")))
        return rc;
    snprintf(f2, sizeof f2, "%s.secret", field);
    if ((rc = get_str(&ch->secret, c, f2, "secret", secret_ok, 256, "16 to 256 bytes")))
        return rc;
    if (!ch->url || !ch->secret)
        return bad(field, ch->url ? "secret required for a webhook" : "url required for a webhook");
    return HERALD_OK;
}

static herald_rc parse_channels(struct alert_rule *r, const json_t *v)
{
    if (!v) { /* default: the inbox only */
        r->channels = xcalloc(1, sizeof *r->channels);
        r->n_channels = 1;
        return HERALD_OK;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > ALERTS_CHANNELS_MAX)
        return bad("channels", "must be an array of 1 to 8 channels");
    r->channels = xcalloc(json_array_size(v), sizeof *r->channels);
    for (size_t i = 0; i < json_array_size(v); i++) {
        r->n_channels++;
        herald_rc rc = parse_channel(&r->channels[i], json_array_get(v, i), i);
        if (rc)
            return rc;
    }
    return HERALD_OK;
}

/* "HH:MM" into minutes after midnight, or -1. */
static int hhmm(const json_t *v)
{
    const char *s = json_string_value(v);
    if (!s || strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && !isdigit((unsigned char)s[i]))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

static herald_rc parse_quiet(struct alert_rule *r, const json_t *v)
{
    static const char *const keys[] = {"from", "to", NULL};
    r->quiet_from = r->quiet_to = -1;
    if (!v || json_is_null(v))
        return HERALD_OK;
    if (!json_is_object(v))
        return bad("quiet_hours", "must be an object {\"from\": \"22:00\", \"to\": \"07:00\"}");
    herald_rc rc = check_keys(v, "quiet_hours", keys);
    if (rc)
        return rc;
    r->quiet_from = hhmm(json_object_get(v, "from"));
    r->quiet_to = hhmm(json_object_get(v, "to"));
    if (r->quiet_from < 0)
        return bad("quiet_hours.from", "must be a time \"HH:MM\"");
    if (r->quiet_to < 0)
        return bad("quiet_hours.to", "must be a time \"HH:MM\"");
    if (r->quiet_from == r->quiet_to)
        return bad("quiet_hours", "from and to must differ");
    return HERALD_OK;
}

static herald_rc parse_top(struct alert_rule *r, const json_t *o)
{
    static const char *const keys[] = {"name",      "enabled",  "urgent",      "query",
                                       "condition", "channels", "quiet_hours", NULL};
    herald_rc rc;
    if (!json_is_object(o))
        return bad("rule", "must be a JSON object");
    if ((rc = check_keys(o, "", keys)))
        return rc;
    if (!json_object_get(o, "name"))
        return bad("name", "required");
    if ((rc = get_str(&r->name, o, "name", "name", plain_text, ALERTS_NAME_MAX,
                      "1 to 100 bytes of text, no control characters")))
        return rc;
    if (!r->name)
        return bad("name", "must be a string");
    r->enabled = true;
    if ((rc = get_bool(&r->enabled, o, "enabled")) || (rc = get_bool(&r->urgent, o, "urgent")))
        return rc;
    json_t *q = json_object_get(o, "query");
    if (q && (rc = parse_query(r, q)))
        return rc;
    if (!json_object_get(o, "condition"))
        return bad("condition", "required");
    if ((rc = parse_condition(r, json_object_get(o, "condition"))))
        return rc;
    if ((rc = parse_channels(r, json_object_get(o, "channels"))))
        return rc;
    return parse_quiet(r, json_object_get(o, "quiet_hours"));
}

herald_rc alert_rule_from_json(struct alert_rule **out, const json_t *o)
{
    struct alert_rule *r = xcalloc(1, sizeof *r);
    herald_rc rc = parse_top(r, o);
    if (rc) {
        alert_rule_free(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

herald_rc alert_rule_parse(struct alert_rule **out, const char *json, size_t len)
{
    json_error_t err;
    *out = NULL;
    if (len > ALERTS_RULE_MAX)
        return herald_error_set(HERALD_ETOOBIG, "rule: over %d bytes", ALERTS_RULE_MAX);
    size_t i = 0;
    while (i < len && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r'))
        i++;
    if (i == len) /* json need not be NUL-terminated */
        return bad("rule", "empty");
    json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    if (!o)
        return herald_error_set(HERALD_EINVAL, "rule: invalid JSON at line %d: %.120s", err.line,
                                err.text);
    herald_rc rc = alert_rule_from_json(out, o);
    json_decref(o);
    return rc;
}

static json_t *names_json(unsigned bits, const char *const *names)
{
    json_t *a = json_array();
    for (int i = 0; names[i]; i++)
        if (bits & (1u << i))
            json_array_append_new(a, json_string(names[i]));
    return a;
}

static json_t *query_json(const struct alert_rule *r)
{
    json_t *q = json_object();
    if (r->q)
        json_object_set_new(q, "q", json_string(r->q));
    if (r->lang)
        json_object_set_new(q, "lang", json_string(r->lang));
    if (r->country)
        json_object_set_new(q, "country", json_string(r->country));
    if (r->source_id)
        json_object_set_new(q, "source", json_integer(r->source_id));
    if (r->relevance)
        json_object_set_new(q, "relevance", names_json(r->relevance, relevance_names));
    if (r->tone)
        json_object_set_new(q, "tone", names_json(r->tone, tone_names));
    if (r->topic)
        json_object_set_new(q, "topic", json_string(r->topic));
    return q;
}

static json_t *condition_json(const struct alert_rule *r)
{
    json_t *c = json_pack("{ss}", "type", cond_names[r->cond]);
    if (r->cond == ALERT_COND_NEW_STORY) {
        if (r->story_topic)
            json_object_set_new(c, "topic", json_string(r->story_topic));
        json_object_set_new(c, "min_articles", json_integer(r->min_articles));
        json_object_set_new(c, "min_outlets", json_integer(r->min_outlets));
        return c;
    }
    json_object_set_new(c, "resolution", json_string(r->resolution == 3600 ? "hour" : "day"));
    json_object_set_new(c, r->cond == ALERT_COND_THRESHOLD ? "count" : "min_count",
                        json_integer(r->min_count));
    if (r->cond != ALERT_COND_THRESHOLD)
        json_object_set_new(c, "threshold", json_real(r->threshold));
    if (r->cond == ALERT_COND_NEGATIVE_SHIFT && r->share > 0)
        json_object_set_new(c, "share", json_real(r->share));
    return c;
}

static json_t *channel_json(const struct alert_channel *ch, bool redact)
{
    static const char *const types[] = {"inbox", "webhook", "email"};
    json_t *c = json_pack("{ss}", "type", types[ch->type]);
    if (ch->type == ALERT_CH_WEBHOOK) {
        json_object_set_new(c, "url", json_string(ch->url));
        json_object_set_new(c, "secret", json_string(redact ? "***" : ch->secret));
    } else if (ch->type == ALERT_CH_EMAIL) {
        json_t *to = json_array();
        for (size_t i = 0; i < ch->n_to; i++)
            json_array_append_new(to, json_string(ch->to[i]));
        json_object_set_new(c, "to", to);
    }
    return c;
}

json_t *alert_rule_json(const struct alert_rule *r, bool redact, bool meta)
{
    json_t *o = json_object();
    char t[8];
    if (meta && r->id)
        json_object_set_new(o, "id", json_integer(r->id));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "enabled", json_boolean(r->enabled));
    json_object_set_new(o, "urgent", json_boolean(r->urgent));
    json_object_set_new(o, "query", query_json(r));
    json_object_set_new(o, "condition", condition_json(r));
    json_t *chs = json_array();
    for (size_t i = 0; i < r->n_channels; i++)
        json_array_append_new(chs, channel_json(&r->channels[i], redact));
    json_object_set_new(o, "channels", chs);
    if (r->quiet_from >= 0) {
        json_t *qh = json_object();
        snprintf(t, sizeof t, "%02d:%02d", r->quiet_from / 60 % 100, r->quiet_from % 60);
        json_object_set_new(qh, "from", json_string(t));
        snprintf(t, sizeof t, "%02d:%02d", r->quiet_to / 60 % 100, r->quiet_to % 60);
        json_object_set_new(qh, "to", json_string(t));
        json_object_set_new(o, "quiet_hours", qh);
    }
    if (meta && r->created)
        json_object_set_new(o, "created", json_integer(r->created));
    if (meta && r->updated)
        json_object_set_new(o, "updated", json_integer(r->updated));
    return o;
}

char *alert_rule_to_json(const struct alert_rule *r, bool redact)
{
    json_t *o = alert_rule_json(r, redact, true);
    char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(o);
    return s;
}

char *alert_rule_query_text(const struct alert_rule *r)
{
    json_t *q = query_json(r);
    char *s = json_dumps(q, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(q);
    return s;
}

void alert_rule_free(struct alert_rule *r)
{
    if (!r)
        return;
    free(r->name);
    free(r->q);
    free(r->lang);
    free(r->country);
    free(r->topic);
    free(r->story_topic);
    for (size_t i = 0; i < r->n_channels; i++) {
        free(r->channels[i].url);
        free(r->channels[i].secret);
        for (size_t j = 0; j < r->channels[i].n_to; j++)
            free(r->channels[i].to[j]);
        free(r->channels[i].to);
    }
    free(r->channels);
    free(r);
}

void alert_rules_free(struct alert_rule **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        alert_rule_free(v[i]);
    free(v);
}
