/* The "herald" FTS5 tokenizer: word segmentation for every script, loose
 * folding for recall with the exact form colocated for ranking, CJK
 * character bigrams. Register it per connection, then
 * CREATE VIRTUAL TABLE t USING fts5(body, tokenize='herald').
 *
 * Words: text is cut into white-space separated pieces. Pieces written
 * only in Latin, Greek, Cyrillic or Vietnamese letters, digits, marks,
 * punctuation, Han, kana and Hangul syllables are split here: a word is a run of letters,
 * digits and combining marks, '.' and ',' stay inside numbers (3.5,
 * 1,000), any other punctuation splits (l'information -> l information,
 * covid-19 -> covid 19). Runs of other pieces (Thai, Lao, Khmer, Arabic,
 * Hebrew, Indic, invalid UTF-8...) go to ICU's word BreakIterator
 * (dictionary segmentation for Thai; UBRK_WORD_NONE spans skipped).
 *
 * Tokens, in DOCUMENT and AUX mode, for each word (numbers included):
 *   - the loose form (fold_loose(): NFKC, casefold, diacritics stripped);
 *   - when the exact form (fold_exact(), diacritics kept) differs, the
 *     exact form prefixed with FTS_TOKENIZER_EXACT_MARK, colocated
 *     (FTS5_TOKEN_COLOCATED) at the same position.
 *   "Thông tin" -> "thong" + "\x01thông" @0, "tin" @1.
 * Runs of Han/Hiragana/Katakana/Hangul become overlapping character
 * bigrams at consecutive positions instead of words ("外交部长" -> 外交
 * 交部 部长; Korean "서울에서" -> 서울 울에 에서, so 서울 is found),
 * so a query for 外交 finds 外交部 and a query for 外交部 is the phrase
 * 外交 交部, whatever a dictionary would segment; a one-character run is
 * emitted as itself (so a one-character query only finds one-character
 * runs). Words whose folded form is longer than FTS_TOKENIZER_MAX_TOKEN
 * bytes are skipped. Byte offsets point into the original text (snippet,
 * highlight).
 *
 * QUERY mode: each word is folded loose, unless the query string starts
 * with FTS_TOKENIZER_EXACT_MARK: then every word whose exact form differs
 * is emitted as marker + exact form (others as loose), so the MATCH
 * expression ("thong" OR "\x01thông") ranks diacritic-exact documents
 * first in bm25. fts_query_build() writes such expressions. The marker is
 * a control character that never belongs to a word, so document text can
 * never produce or spoof a marked token.
 *
 * Word pairs, for fast phrases: in DOCUMENT and AUX mode each word that
 * follows another with no sentence end between them (see
 * fts_tokenizer_has_boundary()) also yields FTS_TOKENIZER_PAIR_MARK +
 * loose(previous) + ' ' + loose(word), colocated with the previous word:
 * "Thông tin mới" -> "\x02thong tin" @0, "\x02tin moi" @1. A query
 * string that starts with FTS_TOKENIZER_PAIR_MARK yields only the pairs
 * of its words at consecutive positions (a lone word yields itself), so
 * the phrase "a b c" becomes the phrase of the tokens "a b" "b c", whose
 * doclists are short: FTS5 no longer checks the positions of every
 * document holding both common words. CJK bigrams pair the same way. */
#ifndef HERALD_FTS_TOKENIZER_H
#define HERALD_FTS_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

#include "util/error.h"

#define FTS_TOKENIZER_NAME "herald"
#define FTS_TOKENIZER_EXACT_MARK '\x01'
#define FTS_TOKENIZER_PAIR_MARK '\x02'
#define FTS_TOKENIZER_MAX_TOKEN 64

/* Returns true when the n bytes at s hold a character that ends a
 * sentence (. ! ? ; : newline, … 。 ！ ？ ； ：): no word pair is indexed
 * across one, so a phrase holding one must stay a plain phrase. */
bool fts_tokenizer_has_boundary(const char *s, size_t n);

/* Registers the "herald" tokenizer on db (which must have FTS5). Returns
 * HERALD_OK, or HERALD_EDB when FTS5 is missing or registration fails. The
 * tokenizer lives as long as the connection. */
herald_rc fts_tokenizer_register(sqlite3 *db);

/* Token callback with FTS5's xToken signature; non-zero stops the run. */
typedef int (*fts_tokenizer_token_fn)(void *ctx, int tflags, const char *token, int ntoken,
                                      int start, int end);

/* Tokenizes the n bytes at text exactly as the registered tokenizer would
 * with FTS5_TOKENIZE_* flags `flags`, calling fn for each token (for tests,
 * tools and fuzzing; opens an ICU iterator per call). Returns HERALD_OK,
 * HERALD_EINVAL when fn returned non-zero, HERALD_EIO when ICU fails. */
herald_rc fts_tokenizer_run(const char *text, size_t n, int flags, fts_tokenizer_token_fn fn,
                            void *ctx);

#endif
