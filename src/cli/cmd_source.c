/* herald source: add, list, remove, enable and disable the feeds herald
 * polls, and move them in and out as OPML 2.0 (export round-trips through
 * import). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/store_cli.h"
#include "feed/opml.h"
#include "store/store_source.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

#define USAGE                                                                                      \
    "source add URL [--name N] [--country CC] [--lang L] [--kind domestic|foreign|official]"       \
    " [--interval MIN] | list [--json] | remove ID | enable ID | disable ID"                       \
    " | import FILE.opml | export"
#define MAX_OPML (16u << 20)

static int usage(void)
{
    return cli_usage("source", USAGE);
}

static int source_add(struct store *st, int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},     {"country", required_argument, NULL, 'c'},
        {"lang", required_argument, NULL, 'l'},     {"kind", required_argument, NULL, 'k'},
        {"interval", required_argument, NULL, 'i'}, {NULL, 0, NULL, 0}};
    struct source s = {.enabled = true};
    int opt;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'n':
            s.name = optarg;
            break;
        case 'c':
            s.country = optarg;
            break;
        case 'l':
            s.lang = optarg;
            break;
        case 'k':
            s.kind = optarg;
            break;
        case 'i':
            s.poll_minutes = atoi(optarg);
            if (s.poll_minutes <= 0 || strspn(optarg, "0123456789") != strlen(optarg))
                return cli_fail("--interval: '%s' is not a number of minutes", optarg);
            break;
        default:
            return store_cli_bad_option("source", USAGE, argv);
        }
    }
    if (optind != argc - 1)
        return usage();
    s.url = argv[optind];
    if (store_source_add(st, &s) != HERALD_OK)
        return cli_fail("%s", herald_error_last());
    printf("added source %lld: %s\n", (long long)s.id, s.url);
    return 0;
}

static json_t *source_json(const struct source *s)
{
    char last[24], ok[24];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "url", json_string(s->url));
    json_object_set_new(o, "name", s->name ? json_string(s->name) : json_null());
    json_object_set_new(o, "country", s->country ? json_string(s->country) : json_null());
    json_object_set_new(o, "lang", s->lang ? json_string(s->lang) : json_null());
    json_object_set_new(o, "kind", json_string(s->kind));
    json_object_set_new(o, "poll_minutes", json_integer(s->poll_minutes));
    json_object_set_new(o, "enabled", json_boolean(s->enabled));
    json_object_set_new(o, "last_fetch",
                        s->last_fetch ? json_string(date_format_iso(last, s->last_fetch))
                                      : json_null());
    json_object_set_new(o, "last_success",
                        s->last_success ? json_string(date_format_iso(ok, s->last_success))
                                        : json_null());
    json_object_set_new(o, "failures", json_integer(s->failures));
    json_object_set_new(o, "last_error", s->last_error ? json_string(s->last_error) : json_null());
    json_object_set_new(o, "items_seen", json_integer(s->items_seen));
    return o;
}

static void print_table(const struct source *v, size_t n)
{
    char ok[24];
    printf("%-4s %-3s %-8s %-2s %-5s %5s %-20s %5s %6s  %s\n", "ID", "ON", "KIND", "CC", "LANG",
           "EVERY", "LAST_OK", "FAILS", "ITEMS", "NAME / URL");
    for (size_t i = 0; i < n; i++) {
        const struct source *s = &v[i];
        printf("%-4lld %-3s %-8s %-2s %-5s %4dm %-20s %5d %6lld  %s%s%s\n", (long long)s->id,
               s->enabled ? "yes" : "no", s->kind, s->country ? s->country : "-",
               s->lang ? s->lang : "-", s->poll_minutes,
               s->last_success ? date_format_iso(ok, s->last_success) : "never", s->failures,
               (long long)s->items_seen, s->name ? s->name : "", s->name ? " " : "", s->url);
        if (s->failures && s->last_error)
            printf("     last error: %s\n", s->last_error);
    }
}

static int source_list(struct store *st, int argc, char **argv)
{
    struct source *v = NULL;
    size_t n = 0;
    bool json = argc == 2 && !strcmp(argv[1], "--json");
    if (argc > 2 || (argc == 2 && !json))
        return usage();
    if (store_source_list(st, &v, &n) != HERALD_OK)
        return cli_fail("%s", herald_error_last());
    if (json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, source_json(&v[i]));
        json_dumpf(a, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(a);
    } else {
        print_table(v, n);
    }
    sources_free(v, n);
    return 0;
}

/* remove, enable, disable: one id argument. */
static int source_by_id(struct store *st, int argc, char **argv)
{
    int64_t id = 0;
    herald_rc rc;
    if (argc != 2)
        return usage();
    if (!store_cli_parse_id(argv[1], &id))
        return cli_fail("source %s: '%s' is not a source id", argv[0], argv[1]);
    if (!strcmp(argv[0], "remove"))
        rc = store_source_remove(st, id);
    else
        rc = store_source_set_enabled(st, id, !strcmp(argv[0], "enable"));
    if (rc)
        return cli_fail("%s", herald_error_last());
    printf("source %lld %s\n", (long long)id,
           argv[0][0] == 'r'   ? "removed"
           : argv[0][0] == 'e' ? "enabled"
                               : "disabled");
    return 0;
}

/* Adds one OPML outline; returns its herald_rc. */
static herald_rc import_one(struct store *st, const struct opml_outline *o)
{
    bool untitled = o->title && !strcmp(o->title, o->xml_url); /* OPML text = URL */
    struct source s = {.url = o->xml_url,
                       .name = untitled ? NULL : o->title,
                       .lang = o->lang,
                       .country = o->country,
                       .kind = o->kind,
                       .poll_minutes = o->poll_minutes,
                       .enabled = o->enabled};
    return store_source_add(st, &s);
}

static int source_import(struct store *st, int argc, char **argv)
{
    char *data = NULL;
    size_t len = 0, n = 0, added = 0, present = 0, bad = 0;
    struct opml_outline *o = NULL;
    int status = 0;
    if (argc != 2)
        return usage();
    if (str_read_file(&data, &len, argv[1], MAX_OPML) != HERALD_OK ||
        opml_parse(&o, &n, data, len) != HERALD_OK) {
        status = cli_fail("%s", herald_error_last());
        goto done;
    }
    if (store_begin(st) != HERALD_OK) {
        status = cli_fail("%s", herald_error_last());
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        herald_rc rc = import_one(st, &o[i]);
        if (rc == HERALD_EEXIST) {
            present++;
        } else if (rc) {
            fprintf(stderr, "herald: skipped: %s\n", herald_error_last());
            bad++;
        } else {
            added++;
        }
    }
    if (store_commit(st) != HERALD_OK)
        status = cli_fail("%s", herald_error_last());
    else
        printf("imported %zu sources (%zu already present, %zu invalid)\n", added, present, bad);
done:
    store_rollback(st);
    opml_outlines_free(o, n);
    free(data);
    return status;
}

static int source_export(struct store *st, int argc, char **argv)
{
    struct source *v = NULL;
    size_t n = 0;
    struct buf b;
    int status = 0;
    if (argc != 1)
        return usage();
    buf_init(&b, 0);
    if (store_source_list(st, &v, &n) != HERALD_OK)
        return cli_fail("%s", herald_error_last());
    struct opml_outline *o = xcalloc(n ? n : 1, sizeof *o);
    for (size_t i = 0; i < n; i++)
        o[i] = (struct opml_outline){.title = v[i].name,
                                     .xml_url = v[i].url,
                                     .lang = v[i].lang,
                                     .country = v[i].country,
                                     .kind = v[i].kind,
                                     .poll_minutes = v[i].poll_minutes,
                                     .enabled = v[i].enabled};
    if (opml_write(&b, "herald sources", o, n) != HERALD_OK)
        status = cli_fail("%s", herald_error_last());
    else
        fwrite(b.data, 1, b.len, stdout);
    free(o);
    buf_free(&b);
    sources_free(v, n);
    return status;
}

int cmd_source(struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(struct store *, int, char **);
    } subs[] = {{"add", source_add},      {"list", source_list},     {"remove", source_by_id},
                {"enable", source_by_id}, {"disable", source_by_id}, {"import", source_import},
                {"export", source_export}};
    struct store *st = NULL;
    if (argc < 2)
        return usage();
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (strcmp(argv[1], subs[i].name))
            continue;
        if (store_cli_open(ctx, &st))
            return 1;
        int status = subs[i].fn(st, argc - 1, argv + 1);
        store_close(st);
        return status;
    }
    if (!cli_help_wanted())
        fprintf(stderr, "herald source: unknown subcommand '%s'\n", argv[1]);
    return usage();
}
