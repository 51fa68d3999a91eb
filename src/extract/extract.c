/* Article extraction, top level: charset conversion, the tolerant libxml2
 * HTML parse, metadata, boilerplate cleaning, main-content choice and text
 * serialisation; plus freeing and JSON output of struct article. */
#include "extract/extract.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/extract_internal.h"
#include "text/charset.h"
#include "util/date.h"
#include "util/str.h"
#include "util/xalloc.h"

/* Parse options: tolerant, silent, no network; never NOENT or HUGE. NOBLANKS
 * is left out: it drops whitespace between inline elements. */
#define PARSE_OPTS                                                                                 \
    (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)

/* True when the bytes look like binary data rather than markup or text. */
static bool looks_binary(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
        return false; /* UTF-16 with a byte-order mark */
    size_t n = len < 4096 ? len : 4096, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x09 || (c > 0x0d && c < 0x20))
            ctl++;
    }
    return ctl * 10 > n;
}

/* True when the bytes can be parsed as they are: no BOM, no NUL, valid
 * UTF-8, and either some non-ASCII (valid UTF-8 wins over declarations, as
 * in charset_to_utf8()) or a UTF-8 (or absent) declaration. This skips a
 * copy of the page in the common case. */
static bool plain_utf8(const char *s, size_t len, const char *declared)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len >= 2 && (u[0] == 0xef || u[0] == 0xfe || u[0] == 0xff || u[0] == 0))
        return false;
    if (memchr(s, 0, len) || !str_valid_utf8(s, len))
        return false;
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = u[i] < 0x80;
    if (!ascii)
        return true;
    char *sniffed = declared ? NULL : charset_sniff(s, len);
    const char *cs = declared ? declared : sniffed;
    bool ok = !cs || !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8") ||
              !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "iso-8859-1") ||
              !strcasecmp(cs, "windows-1252");
    free(sniffed);
    return ok;
}

/* The main text from the cleaned document, falling back to JSON-LD's
 * articleBody when the DOM gives much less. Returns NULL when empty. */
static char *main_text(xmlDocPtr doc, const char *ld_body)
{
    struct nstats st = {0};
    char *text = NULL;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root) {
        extract_node_stats(&st, root);
        extract_clean_tree(root);
        xmlNodePtr body = root; /* misplaced content may sit in <head> */
        extract_node_stats(&st, body);
        xmlNodePtr c = extract_content_find(body);
        if (c) {
            extract_clean_content(c);
            text = extract_text_of(c);
        }
    }
    extract_node_stats_free(&st);
    if (ld_body && strlen(ld_body) > 2 * (text ? strlen(text) : 0)) {
        free(text);
        text = str_clean_dup(ld_body);
    }
    return text;
}

herald_rc extract_article(struct article **out, const char *html, size_t len, const char *url,
                          const char *content_type)
{
    herald_rc rc = HERALD_OK;
    struct article *a = NULL;
    char *utf8 = NULL, *declared = NULL, *ld_body = NULL;
    size_t ulen = 0;
    xmlDocPtr doc = NULL;
    *out = NULL;
    if (len > EXTRACT_MAX_BYTES) {
        rc = herald_error_set(HERALD_ETOOBIG, "page of %zu bytes exceeds the %zu-byte limit", len,
                              EXTRACT_MAX_BYTES);
        goto done;
    }
    if (!html || !len || looks_binary(html, len)) {
        rc = herald_error_set(HERALD_EPARSE, "%s", len ? "not HTML (binary data)" : "empty page");
        goto done;
    }
    declared = charset_from_content_type(content_type);
    if (plain_utf8(html, len, declared)) {
        doc = htmlReadMemory(html, (int)len, url, "UTF-8", PARSE_OPTS);
    } else {
        charset_to_utf8(&utf8, &ulen, html, len, declared, NULL);
        doc = htmlReadMemory(utf8, (int)ulen, url, "UTF-8", PARSE_OPTS);
    }
    if (!doc || !xmlDocGetRootElement(doc)) {
        rc = herald_error_set(HERALD_EPARSE, "no HTML document could be parsed");
        goto done;
    }
    a = xcalloc(1, sizeof *a);
    extract_meta_collect(a, &ld_body, doc, url);
    a->text = main_text(doc, ld_body);
    if (!a->text && !a->title) {
        rc = herald_error_set(HERALD_EPARSE, "page has no text");
        goto done;
    }
    if (!a->text)
        a->text = xstrdup("");
    *out = a;
    a = NULL;
done:
    article_free(a);
    xmlFreeDoc(doc);
    free(utf8);
    free(declared);
    free(ld_body);
    return rc;
}

void article_free(struct article *a)
{
    if (!a)
        return;
    free(a->title);
    free(a->text);
    free(a->canonical_url);
    free(a->lang);
    free(a->description);
    free(a->image);
    free(a->byline);
    free(a->site_name);
    free(a);
}

static json_t *jstr_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

char *article_to_json(const struct article *a)
{
    json_t *o = json_object();
    char iso[32];
    json_object_set_new(o, "title", jstr_or_null(a->title));
    json_object_set_new(o, "text", jstr_or_null(a->text));
    json_object_set_new(o, "published",
                        a->published ? json_string(date_format_iso(iso, a->published))
                                     : json_null());
    json_object_set_new(o, "canonical_url", jstr_or_null(a->canonical_url));
    json_object_set_new(o, "lang", jstr_or_null(a->lang));
    json_object_set_new(o, "description", jstr_or_null(a->description));
    json_object_set_new(o, "image", jstr_or_null(a->image));
    json_object_set_new(o, "byline", jstr_or_null(a->byline));
    json_object_set_new(o, "site_name", jstr_or_null(a->site_name));
    char *s = json_dumps(o, JSON_PRESERVE_ORDER);
    json_decref(o);
    char *r = xstrdup(s);
    free(s);
    return r;
}
