/* Turns what an analyst types into a safe FTS5 MATCH expression for tables
 * using the "herald" tokenizer, with the exact-diacritic ranking boost. */
#ifndef HERALD_FTS_QUERY_H
#define HERALD_FTS_QUERY_H

#include "util/error.h"

#define FTS_QUERY_MAX_BYTES 1024 /* longest accepted user query */
#define FTS_QUERY_MAX_TERMS 32   /* most words/phrases in one query */
#define FTS_QUERY_MAX_DEPTH 8    /* deepest parenthesis nesting */

/* Builds into *out (caller frees with free()) an FTS5 MATCH expression for
 * user_query. Accepted syntax:
 *   bare words (all required: AND), "quoted phrases", word* or "phrase"*
 *   prefixes, the uppercase operators OR, AND and NOT (binary: a NOT b),
 *   and parentheses. Lowercase or/and/not are ordinary words.
 * Every word and phrase is emitted as an FTS5 string, so punctuation,
 * colons, carets, column names and keywords are literal text split by the
 * tokenizer (e.g. covid-19 becomes the phrase "covid 19"); words with no
 * letter or digit are dropped; an unmatched '"' closes at the end; control
 * characters count as spaces; invalid UTF-8 becomes U+FFFD.
 * Terms typed with diacritics (or other letters the loose fold changes)
 * become ("term" OR "<FTS_TOKENIZER_EXACT_MARK>term"), so documents with
 * the exact spelling rank first under bm25 while the match set stays that
 * of the folded term; terms right of NOT are folded only.
 * Errors: HERALD_EINVAL (empty query, no searchable word, misplaced
 * operator, unbalanced or empty parentheses, nesting deeper than
 * FTS_QUERY_MAX_DEPTH) and HERALD_ETOOBIG (over FTS_QUERY_MAX_BYTES or
 * FTS_QUERY_MAX_TERMS), each with a one-line message; *out is then NULL. */
herald_rc fts_query_build(char **out, const char *user_query);

#endif
