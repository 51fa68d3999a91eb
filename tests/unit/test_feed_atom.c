/* Unit tests for Atom parsing: xml:base, text/html/xhtml constructs,
 * enclosures, namespace-less feeds and malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feed_testutil.h"

static void test_xml_base(void **state)
{
    struct feed *f;
    assert_int_equal(parse_fixture(&f, "atom_base.xml", NULL, "https://ignored.example/"),
                     HERALD_OK);
    assert_int_equal(f->format, FEED_ATOM);
    assert_string_equal(f->title, "Le Monde <International>");
    assert_string_equal(f->link, "https://www.lemonde.example/international/");
    assert_string_equal(f->lang, "fr");
    assert_int_equal(f->n_entries, 2);
    struct feed_entry *e = &f->entries[0];
    assert_string_equal(e->id, "tag:lemonde.example,2023:1");
    assert_string_equal(e->link, "https://www.lemonde.example/international/article/2023/11/21/"
                                 "vietnam-france.html");
    assert_string_equal(e->image, "https://www.lemonde.example/img/vn-fr.jpg");
    assert_string_equal(e->summary, "Hanoï et Paris signent un accord.");
    assert_string_equal(e->content, "<p>Texte <b>complet</b>.</p>");
    assert_string_equal(e->author, "Service International");
    assert_int_equal(e->published, 1700555400);
    assert_int_equal(e->updated, 1700557200);
    assert_string_equal(e->lang, "fr");
    e = &f->entries[1];
    assert_string_equal(e->title, "An English entry");
    assert_string_equal(e->link, "https://autre.example/blog/post-2");
    assert_string_equal(e->lang, "en");
    assert_string_equal(e->content, "<p>Body</p>");
    assert_int_equal(e->published, e->updated); /* published falls back */
    feed_free(f);
}

static void test_base_url_and_no_namespace(void **state)
{
    struct feed *f;
    const char *atom = "<feed><title>No ns</title><link href=\"/\"/>"
                       "<entry><title>One</title><link rel=\"alternate\" href=\"p/1\"/>"
                       "<updated>2023-11-21T01:30:00Z</updated></entry>"
                       "<entry><title>Two</title><link rel=\"self\" href=\"x\"/></entry></feed>";
    assert_int_equal(feed_parse(&f, atom, strlen(atom), NULL, "https://n.example/a/feed.xml"),
                     HERALD_OK);
    assert_string_equal(f->link, "https://n.example/");
    assert_int_equal(f->n_entries, 2);
    assert_string_equal(f->entries[0].link, "https://n.example/a/p/1");
    assert_string_equal(f->entries[0].id, "https://n.example/a/p/1");
    assert_int_equal(f->entries[0].published, 1700530200);
    assert_null(f->entries[1].link); /* rel=self is not the article */
    assert_string_equal(f->entries[1].title, "Two");
    feed_free(f);
}

static void test_malformed(void **state)
{
    struct feed *f;
    const char *trunc = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T &amp; &</title>"
                        "<entry><id>1</id><title>Kept</title></entry><entry><id>2</id><tit";
    assert_int_equal(parse_str(&f, trunc), HERALD_OK);
    assert_string_equal(f->title, "T & &");
    assert_true(f->n_entries >= 1);
    assert_string_equal(f->entries[0].title, "Kept");
    feed_free(f);
    assert_int_equal(parse_str(&f, "<feed"), HERALD_EPARSE);
    assert_int_equal(parse_str(&f, "<foo><entry/></foo>"), HERALD_EPARSE);
    assert_string_equal(herald_error_last(), "not a feed: root element <foo>");
    /* An entry that names nothing is dropped, the feed itself is fine. */
    assert_int_equal(parse_str(&f, "<feed><entry><summary>s</summary></entry></feed>"), HERALD_OK);
    assert_int_equal(f->n_entries, 0);
    feed_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml_base),
        cmocka_unit_test(test_base_url_and_no_namespace),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
