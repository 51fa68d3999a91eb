/* herald extract [--json] [--url URL] FILE|-: runs article extraction on a
 * saved page and prints the fields, as JSON or as a readable summary
 * followed by the main text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "extract/extract.h"
#include "util/date.h"
#include "util/str.h"

static const char usage[] = "extract [--json] [--url URL] FILE|-";

static void print_field(const char *label, const char *v)
{
    if (v && *v)
        printf("%-12s %s\n", label, v);
}

static void print_readable(const struct article *a)
{
    char iso[32];
    print_field("title:", a->title);
    print_field("published:", a->published ? date_format_iso(iso, a->published) : NULL);
    print_field("canonical:", a->canonical_url);
    print_field("lang:", a->lang);
    print_field("byline:", a->byline);
    print_field("site:", a->site_name);
    print_field("description:", a->description);
    print_field("image:", a->image);
    printf("\n%s\n", a->text);
}

int cmd_extract(struct cli_ctx *ctx, int argc, char **argv)
{
    int status = 0;
    bool json = false;
    const char *url = NULL, *path = NULL;
    char *data = NULL;
    size_t len = 0;
    struct article *a = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--url") && i + 1 < argc)
            url = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1] && !path)
            return cli_usage(argv[0], usage);
        else if (!path)
            path = argv[i];
        else
            return cli_usage(argv[0], usage);
    }
    if (!path)
        return cli_usage(argv[0], usage);
    if (str_read_file(&data, &len, path, EXTRACT_MAX_BYTES) != HERALD_OK) {
        status = cli_fail("extract: %s", herald_error_last());
        goto done;
    }
    if (extract_article(&a, data, len, url, NULL) != HERALD_OK) {
        status = cli_fail("extract: %s: %s", path, herald_error_last());
        goto done;
    }
    if (json) {
        char *j = article_to_json(a);
        printf("%s\n", j);
        free(j);
    } else {
        print_readable(a);
    }
done:
    article_free(a);
    free(data);
    return status;
}
