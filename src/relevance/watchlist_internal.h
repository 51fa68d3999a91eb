/* Internals shared by the watchlist files: the parsed watchlist (terms and
 * a byte trie over their folded forms) and the folded view of a text whose
 * every byte remembers where it came from in the original. */
#ifndef HERALD_WATCHLIST_INTERNAL_H
#define HERALD_WATCHLIST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "relevance/relevance.h"

#define WL_LEAD_STAR 1  /* "*term": may start inside a word */
#define WL_TRAIL_STAR 2 /* "term*": may go on into a word (the match covers it) */

#define WL_LANG_UND (-1) /* the "und" line: the weight when the language is unknown */

struct wl_langw {
    int lang; /* index into the watchlist's languages, or WL_LANG_UND */
    float weight;
};

struct wl_term {
    float weight; /* for an unknown language: the und line's, else the highest */
    float own;    /* the highest weight of its language lines */
    int category;
    uint32_t scripts;       /* WL_SCRIPT_* bits of its letters */
    struct wl_langw *langs; /* its lines' languages and weights */
    size_t nlangs;
    bool lead_boundary;  /* the start must be a word boundary */
    bool trail_boundary; /* the end must be a word boundary (no trailing star) */
    bool trail_extend;   /* extend the match to the end of the word */
    uint64_t *sigs;      /* the mark signatures of its spellings (0: none) */
    size_t nsigs;
};

struct wl_node {
    int32_t term[4]; /* by star flags; -1 when none ends here */
};

struct watchlist {
    char country[8];
    char (*langs)[9];       /* the languages of its lines (not "und") */
    uint32_t *lang_scripts; /* per language: the scripts of its terms */
    size_t nlangs;
    char **categories;
    size_t ncategories;
    struct wl_term *terms;
    size_t nterms, termcap;
    struct wl_node *nodes; /* nodes[0] is the root */
    size_t nnodes, nodecap;
    int32_t root[256];  /* the root's children, by byte (-1: none) */
    bool root_mid[256]; /* some term starting with this byte may start mid-word */
    uint32_t *edges;    /* open-addressed hash: key (node << 8 | byte) -> child */
    uint64_t *edge_keys;
    size_t edgecap, nedges;
};

/* The trie step from node over byte b; returns the child or -1. */
int32_t watchlist_trie_next(const struct watchlist *wl, int32_t node, unsigned char b);

/* A text folded code point by code point (fold_loose of each, whitespace
 * runs squeezed to one space), with the original span of every byte. */
struct wl_folded {
    char *s;
    size_t len;
    uint32_t *from, *to; /* per byte of s: the original bytes [from, to) */
    size_t cap;
};

/* Folds the len bytes at text into *out (reusing its buffers; free with
 * watchlist_folded_free()). Invalid bytes fold to U+FFFD; never fails. */
void watchlist_fold_text(struct wl_folded *out, const char *text, size_t len);
void watchlist_folded_free(struct wl_folded *f);

/* Returns the signature of the diacritics on Latin letters in the n bytes
 * at s (per word, in any order, so hoà = hòa), or 0 when there are none.
 * A text with marks must carry a listed spelling's marks: "Nhà Trắng" is
 * not "Nha Trang". */
uint64_t watchlist_mark_sig(const char *s, size_t n);

/* Returns the WL_SCRIPT_* bit of the script cp is written in (0 for
 * digits, punctuation and marks). */
uint32_t watchlist_script_bit(int cp);

/* Returns the index of language lang ("vi", "zh-Hant": the primary subtag,
 * any case) among wl's languages, or -1 when unknown, empty or "und". */
int watchlist_lang_index(const struct watchlist *wl, const char *lang);

/* Returns the index of language code (n bytes, lowercase), adding it when
 * new; WL_LANG_UND for "und". */
int watchlist_lang_add(struct watchlist *wl, const char *code, size_t n);

/* Records that term t is listed for language lang (an index or WL_LANG_UND)
 * with weight (a repeat keeps the higher) and updates t's weights and the
 * language's scripts. */
void watchlist_term_add_lang(struct watchlist *wl, struct wl_term *t, int lang, float weight);

/* Returns t's weight in an article of language lang (an index, or -1 for
 * unknown) and sets *foreign when it counts as another language's term in
 * the same script (see watchlist_find_lang()). */
float watchlist_term_weight(const struct watchlist *wl, const struct wl_term *t, int lang,
                            bool *foreign);

/* Returns true when cp is a letter, mark or digit. */
bool watchlist_is_word_cp(int cp);
/* Returns true when cp belongs to a script written without spaces between
 * words (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar): no boundary checks. */
bool watchlist_is_unspaced_cp(int cp);

#endif
