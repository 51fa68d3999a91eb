/* herald feed parse [--json] [--url BASE] FILE|-: parses a saved RSS, Atom,
 * JSON Feed or sitemap file and prints its entries, as JSON or as readable
 * blocks (id, title, link, published, truncated summary). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "feed/feed.h"
#include "util/date.h"
#include "util/str.h"

#define SUMMARY_CHARS 160 /* bytes of summary shown, cut at a UTF-8 boundary */

static const char usage[] = "feed parse [--json] [--url BASE] FILE|-";

static void print_field(const char *label, const char *v)
{
    if (v && *v)
        printf("  %-11s %s\n", label, v);
}

static void print_summary(const char *s)
{
    size_t n = strlen(s);
    if (n <= SUMMARY_CHARS) {
        print_field("summary:", s);
        return;
    }
    n = SUMMARY_CHARS;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    printf("  %-11s %.*s...\n", "summary:", (int)n, s);
}

static void print_readable(const struct feed *f)
{
    char iso[32];
    printf("format:  %s\n", feed_format_name(f->format));
    if (f->title)
        printf("title:   %s\n", f->title);
    if (f->link)
        printf("link:    %s\n", f->link);
    if (f->lang)
        printf("lang:    %s\n", f->lang);
    printf("entries: %zu\n", f->n_entries);
    for (size_t i = 0; i < f->n_entries; i++) {
        const struct feed_entry *e = &f->entries[i];
        printf("\n[%zu]\n", i + 1);
        print_field("id:", e->id);
        print_field("title:", e->title);
        print_field("link:", e->link);
        print_field("published:", e->published ? date_format_iso(iso, e->published) : NULL);
        if (e->summary)
            print_summary(e->summary);
    }
}

static int parse_file(const char *path, const char *base, bool json)
{
    char *data = NULL, *out = NULL;
    size_t len = 0;
    struct feed *f = NULL;
    int status = 0;
    if (str_read_file(&data, &len, path, FEED_MAX_INPUT) != HERALD_OK) {
        status = cli_fail("feed: %s", herald_error_last());
        goto done;
    }
    if (feed_parse(&f, data, len, NULL, base) != HERALD_OK) {
        status = cli_fail("feed: %s: %s", path, herald_error_last());
        goto done;
    }
    if (json) {
        out = feed_to_json(f);
        printf("%s\n", out);
    } else {
        print_readable(f);
    }
done:
    free(out);
    feed_free(f);
    free(data);
    return status;
}

int cmd_feed(struct cli_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *base = NULL, *path = NULL;
    if (argc < 2 || strcmp(argv[1], "parse") != 0)
        return cli_usage(argv[0], usage);
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--url") && i + 1 < argc)
            base = argv[++i];
        else if ((argv[i][0] == '-' && argv[i][1]) || path)
            return cli_usage(argv[0], usage);
        else
            path = argv[i];
    }
    if (!path)
        return cli_usage(argv[0], usage);
    return parse_file(path, base, json);
}
