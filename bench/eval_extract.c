/* Extraction quality driver: runs extract_article() on every page of the
 * labelled set (evaldata.json + the gzipped pages under html/) and applies its metric:
 * whitespace (Python's \s) squeezed, `with`/`without` snippets tested as
 * substrings, TP/FP/FN/TN pooled. Prints precision, recall, F1, accuracy
 * and throughput. Usage: eval_extract EVALDATA.json [-v] */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "extract/extract.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xalloc.h"

/* Decodes one UTF-8 code point at s (1 byte on bad input); *cp gets it. */
static size_t utf8_next(const unsigned char *s, unsigned *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
        *cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
        return 2;
    }
    if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
        *cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
        return 3;
    }
    if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
        (s[3] & 0xc0) == 0x80) {
        *cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
              (s[3] & 0x3fu);
        return 4;
    }
    *cp = s[0];
    return 1;
}

/* Python's str.isspace() set, which is what \s matches. */
static bool py_space(unsigned c)
{
    return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
           c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Returns s with every whitespace run replaced by one space, trimmed. */
static char *normalise(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n + 1), *o = out;
    const unsigned char *p = (const unsigned char *)s;
    bool gap = false;
    while (*p) {
        unsigned cp;
        size_t k = utf8_next(p, &cp);
        if (py_space(cp)) {
            gap = true;
        } else {
            if (gap && o > out)
                *o++ = ' ';
            gap = false;
            memcpy(o, p, k);
            o += k;
        }
        p += k;
    }
    *o = 0;
    return out;
}

/* Reads and gunzips path into b. Returns 0 or -1. */
static int gunzip(struct buf *b, const char *path)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return -1;
    char chunk[65536];
    int n;
    while ((n = gzread(f, chunk, sizeof chunk)) > 0)
        buf_append(b, chunk, (size_t)n);
    gzclose(f);
    return n < 0 ? -1 : 0;
}

struct counts {
    long tp, fp, fn, tn;
    long titles, titles_ok, dates, dates_ok; /* metadata beside the text */
};

/* Compares title and date with the set's own metadata, where it has some. */
static void score_meta(struct counts *c, json_t *doc, const struct article *a)
{
    const char *title = json_string_value(json_object_get(doc, "title"));
    const char *date = json_string_value(json_object_get(doc, "date"));
    if (title && *title) {
        char *want = normalise(title), *got = a && a->title ? normalise(a->title) : NULL;
        c->titles++;
        c->titles_ok += got && !strcmp(want, got);
        free(want);
        free(got);
    }
    if (date && strlen(date) >= 10) {
        char iso[32] = "";
        if (a && a->published)
            date_format_iso(iso, a->published);
        c->dates++;
        c->dates_ok += !strncmp(iso, date, 10);
    }
}

static void score(struct counts *c, json_t *doc, const char *text, bool verbose, const char *name)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(doc, "with"), i, s)
    {
        char *ns = normalise(json_string_value(s));
        bool hit = text && strstr(text, ns);
        hit ? c->tp++ : c->fn++;
        if (verbose && !hit)
            printf("FN\t%s\t%s\n", name, ns);
        free(ns);
    }
    json_array_foreach(json_object_get(doc, "without"), i, s)
    {
        char *ns = normalise(json_string_value(s));
        bool hit = text && strstr(text, ns);
        hit ? c->fp++ : c->tn++;
        if (verbose && hit)
            printf("FP\t%s\t%s\n", name, ns);
        free(ns);
    }
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: eval_extract EVALDATA.json [-v]\n");
        return 2;
    }
    bool verbose = argc > 2 && !strcmp(argv[2], "-v");
    json_error_t err;
    json_t *all = json_load_file(argv[1], 0, &err);
    if (!all) {
        fprintf(stderr, "eval_extract: %s: %s\n", argv[1], err.text);
        return 1;
    }
    char *dir = xstrdup(argv[1]);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = 0;
    else
        dir[0] = 0;
    struct counts c = {0};
    double secs = 0, bytes = 0;
    long docs = 0, failed = 0;
    const char *url;
    json_t *doc;
    json_object_foreach(all, url, doc)
    {
        char *path = xasprintf("%s%s", dir, json_string_value(json_object_get(doc, "file")));
        struct buf b;
        buf_init(&b, 0);
        char *norm = NULL;
        if (gunzip(&b, path) == 0) {
            struct article *a = NULL;
            struct timespec t0, t1;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
            herald_rc rc = extract_article(&a, b.data, b.len, url, NULL);
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
            secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            bytes += (double)b.len;
            docs++;
            if (rc == HERALD_OK && a->text && *a->text)
                norm = normalise(a->text);
            else
                failed++;
            score_meta(&c, doc, rc == HERALD_OK ? a : NULL);
            article_free(a);
        } else {
            fprintf(stderr, "eval_extract: cannot read %s\n", path);
            failed++;
        }
        score(&c, doc, norm, verbose, json_string_value(json_object_get(doc, "file")));
        free(norm);
        free(path);
        buf_free(&b);
    }
    double p = ratio(c.tp, c.tp + c.fp), r = ratio(c.tp, c.tp + c.fn);
    printf("documents %ld (failed or empty %ld)\n", docs, failed);
    printf("TP %ld FP %ld FN %ld TN %ld\n", c.tp, c.fp, c.fn, c.tn);
    printf("precision %.4f recall %.4f F1 %.4f accuracy %.4f\n", p, r,
           ratio(2.0 * c.tp, 2.0 * c.tp + c.fp + c.fn),
           ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn));
    printf("metadata: title exact %ld/%ld, published day %ld/%ld\n", c.titles_ok, c.titles,
           c.dates_ok, c.dates);
    printf("throughput %.1f documents/s, %.1f MB/s (extract_article() CPU time, one thread: %.1f "
           "MB in %.2f s)\n",
           ratio(docs, secs), ratio(bytes / 1e6, secs), bytes / 1e6, secs);
    free(dir);
    json_decref(all);
    return 0;
}
