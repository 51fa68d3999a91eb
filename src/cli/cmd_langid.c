/* herald langid [--json] [--min-confidence X]: reads one text per line on
 * stdin and prints its language code per line (or {"lang":..,"confidence":..}
 * with --json); a line over LANGID_LINE_MAX bytes is an error. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "langid/langid.h"
#include "util/xalloc.h"

#define LANGID_LINE_MAX (1024 * 1024)

static const char usage[] = "langid [--json] [--min-confidence X] < lines";

/* Reads one line (without its newline) into buf. Returns its length, -1 at
 * end of input, or -2 when the line is longer than LANGID_LINE_MAX. */
static long read_line(FILE *f, char *buf)
{
    long n = 0;
    int c;
    while ((c = getc_unlocked(f)) != EOF && c != '\n') {
        if (n == LANGID_LINE_MAX)
            return -2;
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0)
        return -1;
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    return n;
}

static bool parse_confidence(const char *s, float *out)
{
    char *end;
    float v = strtof(s, &end);
    if (end == s || *end || !(v >= 0.0f && v <= 1.0f))
        return false;
    *out = v;
    return true;
}

int cmd_langid(struct cli_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    float min = (float)ctx->cfg.langid_min_confidence; /* [analysis] unless --min-confidence */
    int status = 0;
    long n, lineno = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--min-confidence") && i + 1 < argc &&
                 parse_confidence(argv[i + 1], &min))
            i++;
        else
            return cli_usage(argv[0], usage);
    }
    char *buf = xmalloc(LANGID_LINE_MAX);
    while ((n = read_line(stdin, buf)) != -1) {
        struct langid_result r;
        lineno++;
        if (n == -2) {
            status = cli_fail("langid: line %ld is longer than %d bytes", lineno, LANGID_LINE_MAX);
            goto done;
        }
        if (langid_detect(buf, (size_t)n, min, &r) != HERALD_OK) {
            status = cli_fail("langid: %s", herald_error_last());
            goto done;
        }
        if (json)
            printf("{\"lang\":\"%s\",\"confidence\":%.4g}\n", r.code, r.confidence);
        else
            printf("%s\n", r.code);
    }
done:
    free(buf);
    if (fflush(stdout) != 0 && status == 0)
        status = cli_fail("langid: cannot write output");
    return status;
}
