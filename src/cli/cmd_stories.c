/* herald stories [--since DATE] [--limit N] [--json]: the stories in the
 * store, most important first (volume, last-day growth, outlets and the
 * share of negative tone toward the country, decayed by age), with their
 * time span, article count, outlets, languages, countries and tone mix. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/store_cli.h"
#include "store/store_story.h"
#include "util/date.h"

#define USAGE "stories [--since DATE] [--limit N] [--json]"

static void set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, json_string(v ? v : ""));
}

static json_t *story_json(const struct story_summary *s)
{
    char t[24];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    set_str(o, "title", s->title);
    json_object_set_new(o, "title_article", json_integer(s->title_article));
    set_str(o, "first_seen", date_format_iso(t, s->first_seen));
    set_str(o, "last_seen", date_format_iso(t, s->last_seen));
    set_str(o, "updated", date_format_iso(t, s->updated));
    json_object_set_new(o, "articles", json_integer(s->articles));
    json_object_set_new(o, "articles_24h", json_integer(s->articles_24h));
    json_object_set_new(o, "n_outlets", json_integer(s->n_outlets));
    set_str(o, "outlets", s->outlets);
    set_str(o, "langs", s->langs);
    set_str(o, "countries", s->countries);
    set_str(o, "topics", s->topics);
    json_object_set_new(o, "tone",
                        json_pack("{sIsIsI}", "negative", (json_int_t)s->tone_neg, "neutral",
                                  (json_int_t)s->tone_neu, "positive", (json_int_t)s->tone_pos));
    json_object_set_new(o, "importance", json_real(s->importance));
    return o;
}

static void print_plain(const struct story_summary *v, size_t n)
{
    char first[24], last[24];
    for (size_t i = 0; i < n; i++) {
        const struct story_summary *s = &v[i];
        printf("%lld\t%.2f\t%lld articles\t%s .. %s\t%s\t[%s]\t-%lld/=%lld/+%lld\t%s\n",
               (long long)s->id, s->importance, (long long)s->articles,
               date_format_iso(first, s->first_seen), date_format_iso(last, s->last_seen),
               s->title ? s->title : "", s->langs ? s->langs : "", (long long)s->tone_neg,
               (long long)s->tone_neu, (long long)s->tone_pos, s->outlets ? s->outlets : "");
    }
}

int cmd_stories(struct cli_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    int64_t since = 0;
    long limit = 100;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            json = true;
        } else if (!strcmp(argv[i], "--since") && i + 1 < argc) {
            if (date_parse_office(&since, argv[++i]) != HERALD_OK)
                return cli_fail("stories: --since: %s", herald_error_last());
        } else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || limit < 1 || limit > 100000)
                return cli_fail("stories: --limit wants 1..100000, not %s", argv[i]);
        } else {
            return cli_usage("stories", USAGE);
        }
    }
    struct store *st = NULL;
    struct story_summary *v = NULL;
    size_t n = 0;
    int status = store_cli_open(ctx, &st);
    if (status)
        return status;
    if (store_story_list_since(st, since, (size_t)limit, &v, &n) != HERALD_OK) {
        status = cli_fail("stories: %s", herald_error_last());
        goto done;
    }
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, story_json(&v[i]));
        char *s = json_dumps(a, JSON_INDENT(1) | JSON_ENSURE_ASCII);
        puts(s);
        free(s);
        json_decref(a);
    } else {
        print_plain(v, n);
    }
done:
    story_summary_free_array(v, n);
    store_close(st);
    return status;
}
