/* herald's FTS5 auxiliary functions for search: a BM25 ranking whose
 * document frequencies are estimated from a bounded sample (so ranking a
 * term found in half a million articles does not read its whole doclist)
 * and a snippet that tokenizes the text only up to the shown window. */
#ifndef HERALD_STORE_RANK_H
#define HERALD_STORE_RANK_H

#include <sqlite3.h>

#include "util/error.h"

/* Documents read per phrase to estimate its document frequency; past it,
 * the frequency is extrapolated from the share of rowids covered. */
#define STORE_RANK_DF_SAMPLE 2000

/* Registers on db, which must have FTS5:
 *   herald_rank(fts, w0, w1, ...) -> BM25 score, higher is better; wN is
 *     the weight of column N (default 1).
 *   herald_snippet(fts, col, open, close, ellipsis, ntokens) -> up to
 *     ntokens (1..64) tokens of column col around its first match, matched
 *     tokens between open and close, ellipsis where text was cut.
 * Returns HERALD_EDB when FTS5 is missing or registration fails. */
herald_rc store_rank_register(sqlite3 *db);

#endif
