/* Shared plumbing of the store commands: open the database named by the
 * configuration, parse ids strictly, and turn filter flags into a
 * struct search_query with clear one-line errors. */
#include "cli/store_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_source.h"
#include "util/date.h"

int store_cli_bad_option(const char *verb, const char *usage, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (optopt == 0)
        fprintf(stderr, "herald %s: unknown option '%s'\n", verb, arg);
    else if (!strncmp(arg, "--", 2))
        fprintf(stderr, "herald %s: option '%s' needs a value\n", verb, arg);
    else
        fprintf(stderr, "herald %s: unknown option '-%c'\n", verb, optopt);
    return cli_usage(verb, usage);
}

int store_cli_open(struct cli_ctx *ctx, struct store **out)
{
    if (store_open(out, ctx->cfg.db_path) != HERALD_OK)
        return cli_fail("%s", herald_error_last());
    return 0;
}

bool store_cli_parse_id(const char *s, int64_t *out)
{
    char *end = NULL;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

/* Parses a date flag with date_parse(). A bare day ("2026-01-31") given to
 * --until includes that whole day. */
static int parse_date(int64_t *out, const char *flag, const char *arg)
{
    if (date_parse(out, arg) != HERALD_OK || *out <= 0)
        return cli_fail("--%s: cannot read date '%s'", flag, arg);
    if (flag[0] == 'u' && strlen(arg) == 10 && arg[4] == '-' && arg[7] == '-')
        *out += 86400;
    return 0;
}

static const char *const relevance_names[] = {"none", "mentions", "about"};
static const char *const tone_names[] = {"negative", "neutral", "positive"};

const char *store_cli_relevance_name(int cls)
{
    return cls >= 0 && cls <= 2 ? relevance_names[cls] : NULL;
}

const char *store_cli_tone_name(int label)
{
    return label >= -1 && label <= 1 ? tone_names[label + 1] : NULL;
}

/* Parses a comma-separated list of names[0..2] into a bit mask. */
static int parse_names(unsigned *out, const char *flag, const char *arg, const char *const names[3])
{
    char *copy = strdup(arg), *save = NULL;
    int status = 0;
    *out = 0;
    for (char *w = strtok_r(copy, ",", &save); w && !status; w = strtok_r(NULL, ",", &save)) {
        int i = 0;
        while (i < 3 && strcmp(w, names[i]))
            i++;
        if (i == 3)
            status = cli_fail("--%s: '%s' is not one of %s, %s, %s", flag, w, names[0], names[1],
                              names[2]);
        else
            *out |= 1u << i;
    }
    if (!status && !*out)
        status = cli_fail("--%s: empty list", flag);
    free(copy);
    return status;
}

/* A topic slug: 1..31 of [a-z0-9]. */
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

int store_cli_filter(struct search_query *q, int opt, const char *arg)
{
    switch (opt) {
    case STORE_CLI_LANG:
        if (!store_source_lang_valid(arg))
            return cli_fail("--lang: '%s' is not a language tag", arg);
        q->lang = arg;
        return 0;
    case STORE_CLI_COUNTRY:
        if (!store_source_country_valid(arg))
            return cli_fail("--country: '%s' is not an ISO 3166-1 alpha-2 code", arg);
        q->country = arg;
        return 0;
    case STORE_CLI_SOURCE:
        if (!store_cli_parse_id(arg, &q->source_id))
            return cli_fail("--source: '%s' is not a source id", arg);
        return 0;
    case STORE_CLI_SINCE:
        return parse_date(&q->since, "since", arg);
    case STORE_CLI_UNTIL:
        return parse_date(&q->until, "until", arg);
    case STORE_CLI_RELEVANCE:
        return parse_names(&q->relevance, "relevance", arg, relevance_names);
    case STORE_CLI_TONE:
        return parse_names(&q->tone, "tone", arg, tone_names);
    case STORE_CLI_TOPIC:
        if (!topic_valid(arg))
            return cli_fail("--topic: '%s' is not a topic slug (a-z, 0-9)", arg);
        q->topic = arg;
        return 0;
    }
    return 1;
}

static void set_str(json_t *o, const char *key, const char *v)
{
    json_object_set_new(o, key, v ? json_string(v) : json_null());
}

static void set_date(json_t *o, const char *key, int64_t t)
{
    char iso[24];
    json_object_set_new(o, key, t ? json_string(date_format_iso(iso, t)) : json_null());
}

json_t *store_cli_article_json(const struct article_row *a)
{
    char fp[20];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "source_id", a->source_id ? json_integer(a->source_id) : json_null());
    set_str(o, "source", a->source_name);
    set_str(o, "url", a->url);
    set_str(o, "canonical_url", a->canonical_url);
    set_str(o, "title", a->title);
    set_str(o, "lang", a->lang);
    set_str(o, "country", a->country);
    set_date(o, "published", a->published);
    set_date(o, "fetched", a->fetched);
    set_str(o, "site_name", a->site_name);
    set_str(o, "byline", a->byline);
    set_str(o, "description", a->description);
    set_str(o, "summary", a->summary);
    set_str(o, "image", a->image);
    set_str(o, "feed_entry_id", a->feed_entry_id);
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)a->fingerprint);
    json_object_set_new(o, "fingerprint", json_string(fp));
    store_cli_analysis_json(o, &a->an);
    set_str(o, "text", a->text);
    return o;
}

/* Returns the topics "a,b" as a JSON array of strings. */
static json_t *topics_json(const char *topics)
{
    json_t *arr = json_array();
    const char *p = topics;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        if (n)
            json_array_append_new(arr, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return arr;
}

void store_cli_analysis_json(json_t *o, const struct article_analysis *an)
{
    if (!an->analyzed) {
        json_object_set_new(o, "analysis", json_null());
        return;
    }
    json_t *x = json_object();
    json_object_set_new(x, "lang_confidence", json_real(an->lang_conf));
    json_object_set_new(x, "relevance", json_real(an->relevance));
    set_str(x, "relevance_class", store_cli_relevance_name(an->relevance_class));
    json_object_set_new(x, "topics", topics_json(an->topics));
    json_object_set_new(x, "tone", an->has_tone ? json_real(an->tone) : json_null());
    set_str(x, "tone_label", an->has_tone ? store_cli_tone_name(an->tone_label) : NULL);
    json_object_set_new(x, "tone_document", json_real(an->tone_doc));
    set_str(x, "tone_document_label", store_cli_tone_name(an->tone_doc_label));
    json_object_set_new(o, "analysis", x);
}
