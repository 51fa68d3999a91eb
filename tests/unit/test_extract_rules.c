/* Unit tests for the extraction rules one at a time: class/id weights,
 * text serialisation (inline vs block, <br>, <pre>, tables), the paragraph
 * context filter, comment and link-list removal, JSON-LD body fallback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>

#include "extract/extract.h"
#include "extract/extract_internal.h"

#define LONG1 "The ministry said on Monday that the new rules, which apply from May, cover exports."
#define LONG2 "Officials added that inspections would rise, and that small firms would get support."

/* Extracts html (a NUL-terminated string) and returns its text (caller frees). */
static char *text_of(const char *html)
{
    struct article *a = NULL;
    assert_int_equal(extract_article(&a, html, strlen(html), NULL, NULL), HERALD_OK);
    char *t = strdup(a->text);
    article_free(a);
    return t;
}

static int weight_of(const char *cls)
{
    char html[512];
    snprintf(html, sizeof html, "<html><body><div class=\"%s\">x</div></body></html>", cls);
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    xmlNodePtr div = extract_node_find(xmlDocGetRootElement(doc), "div");
    int w = extract_clean_weight(div);
    xmlFreeDoc(doc);
    return w;
}

static void test_class_weights(void **state)
{
    assert_true(weight_of("sidebar") < 0);
    assert_true(weight_of("comment-list") < 0);
    assert_true(weight_of("it-ad") < 0);
    assert_true(weight_of("share-buttons") < 0);
    assert_true(weight_of("entry-content") > 0);
    assert_true(weight_of("commentary") > 0);      /* an article genre, not comments */
    assert_int_equal(weight_of("tagStyle_x1"), 0); /* no "tags" across a camel hump */
    assert_int_equal(weight_of("APageRoot"), 0);   /* no "pager" inside a word */
    assert_true(weight_of("main-nav") < 0);
    assert_int_equal(weight_of("box article modal-enabled"), 0);
}

static void test_inline_and_block_serialisation(void **state)
{
    char *t = text_of("<html><body><div><p>" LONG1 " A wor<b>d</b> split, and <a href=x>a "
                      "link</a> inline.</p><p>" LONG2 "<br>Second line.</p><pre>code  line 1\n"
                      "line 2</pre><table><tr><td>cell one</td><td>cell two</td></tr></table>"
                      "<p>" LONG1 "</p></div></body></html>");
    assert_non_null(strstr(t, "A word split, and a link inline."));
    assert_non_null(strstr(t, "support.\nSecond line."));
    assert_non_null(strstr(t, "code line 1\nline 2"));
    assert_non_null(strstr(t, "cell one cell two"));
    assert_non_null(strstr(t, "inline.\n\n" LONG2));
    free(t);
}

static void test_trailing_short_lines_and_link_lists_dropped(void **state)
{
    char *t = text_of("<html><body><article><p>" LONG1 "</p><p>" LONG2 "</p><p>" LONG1
                      "</p><h3>More on this</h3><ul><li><a href=/a>Story one headline</a></li>"
                      "<li><a href=/b>Story two headline</a></li></ul><p>Photo: Agency</p>"
                      "</article></body></html>");
    assert_non_null(strstr(t, LONG2));
    assert_null(strstr(t, "More on this"));
    assert_null(strstr(t, "Story one"));
    assert_null(strstr(t, "Photo: Agency"));
    free(t);
}

static void test_big_comment_section_dropped(void **state)
{
    char *t = text_of("<html><body><div class=post><p>" LONG1 "</p><p>" LONG2 "</p></div>"
                      "<div id=comments><p>Reader one wrote a long reply, with many words, "
                      "commas, clauses and opinions about it.</p><p>Reader two wrote a long "
                      "reply, with many words, commas, clauses and opinions too.</p><p>Reader "
                      "three wrote a long reply, with many words, commas, clauses, more.</p>"
                      "</div></body></html>");
    assert_non_null(strstr(t, LONG1));
    assert_null(strstr(t, "Reader"));
    free(t);
}

static void test_jsonld_body_when_dom_is_empty(void **state)
{
    char *t = text_of("<html><head><script type=\"application/ld+json\">{\"@type\":"
                      "\"NewsArticle\",\"headline\":\"H\",\"articleBody\":\"" LONG1 " " LONG2
                      "\"}</script></head><body><div id=app></div></body></html>");
    assert_string_equal(t, LONG1 " " LONG2);
    free(t);
}

static void test_short_page_keeps_its_lines(void **state)
{
    char *t = text_of("<html><body><div class=post><p>\"I know I should not say this...\" he "
                      "said to her.</p><p>- Then don't.</p><p>- OK.</p></div></body></html>");
    assert_non_null(strstr(t, "I know I should not say this"));
    free(t);
}

static void test_title_from_title_tag_trimmed(void **state)
{
    const char *html = "<html><head><title>Flood warnings issued for the delta | Daily Site"
                       "</title></head><body><p>" LONG1 "</p></body></html>";
    struct article *a = NULL;
    assert_int_equal(extract_article(&a, html, strlen(html), NULL, NULL), HERALD_OK);
    assert_string_equal(a->title, "Flood warnings issued for the delta");
    article_free(a);
}

static void test_title_from_h1_and_date_from_url(void **state)
{
    const char *html = "<html><head><meta property=\"og:title\" content=\"Rain returns to the "
                       "north - Some Paper Online\"></head><body><h1>Rain returns to the north"
                       "</h1><p>" LONG1 "</p></body></html>";
    struct article *a = NULL;
    assert_int_equal(
        extract_article(&a, html, strlen(html), "https://paper.example/2014/05/18/rain.html", NULL),
        HERALD_OK);
    assert_string_equal(a->title, "Rain returns to the north");
    assert_int_equal(a->published, 1400371200); /* 2014-05-18 */
    article_free(a);
}

static void test_to_json_escapes(void **state)
{
    struct article a = {.title = "Quote \" and \\ and \xc3\xa9", .text = "line\nnext"};
    char *j = article_to_json(&a);
    assert_non_null(strstr(j, "\"title\": \"Quote \\\" and \\\\ and \xc3\xa9\""));
    assert_non_null(strstr(j, "\"text\": \"line\\nnext\""));
    assert_non_null(strstr(j, "\"published\": null"));
    free(j);
}

/* A paragraph that is only a date or time is dropped, so two copies of one
 * wire story with different datelines extract to the same text. */
static void test_dateline_dropped(void **state)
{
    char *a = text_of("<html><body><article><p>" LONG1 "</p><p>2026-11-17 11:00</p><p>" LONG2
                      "</p></article></body></html>");
    char *b = text_of("<html><body><article><p>" LONG1 "</p><p>17/11/2026 13:30</p><p>" LONG2
                      "</p></article></body></html>");
    assert_string_equal(a, LONG1 "\n\n" LONG2);
    assert_string_equal(a, b);
    free(a);
    free(b);
    char *c = text_of("<html><body><article><p>" LONG1 "</p><p>In 2026, exports rose.</p><p>" LONG2
                      "</p></article></body></html>");
    assert_non_null(strstr(c, "In 2026, exports rose.")); /* a sentence with a year stays */
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_class_weights),
        cmocka_unit_test(test_dateline_dropped),
        cmocka_unit_test(test_inline_and_block_serialisation),
        cmocka_unit_test(test_trailing_short_lines_and_link_lists_dropped),
        cmocka_unit_test(test_big_comment_section_dropped),
        cmocka_unit_test(test_jsonld_body_when_dom_is_empty),
        cmocka_unit_test(test_short_page_keeps_its_lines),
        cmocka_unit_test(test_title_from_title_tag_trimmed),
        cmocka_unit_test(test_title_from_h1_and_date_from_url),
        cmocka_unit_test(test_to_json_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
