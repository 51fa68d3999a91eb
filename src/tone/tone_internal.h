/* Internals shared by the tone module's files: the lexicon's tables, the
 * tokenizer (folded words with byte offsets, sentence and clause ends) and
 * the matched lexicon items that scoring and the model's features use. */
#ifndef HERALD_TONE_INTERNAL_H
#define HERALD_TONE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "tone/tone.h"

enum tone_kind { TK_NONE = 0, TK_POL, TK_NEG, TK_INT, TK_BUT };

struct tone_entry {
    char *key; /* folded tokens joined by one space; owned */
    unsigned char kind;
    bool exact_only; /* listed with "exact": never matched without its diacritics */
    double val;
};

/* Open-addressing string table of entries (power-of-two size). */
struct tone_table {
    struct tone_entry *v;
    size_t n, cap;
};

struct tone_lang {
    char code[8];
    struct tone_table exact, loose;   /* whole words and phrases */
    struct tone_table pexact, ploose; /* stems listed with a trailing '*' */
    unsigned maxlen;                  /* longest entry, in tokens */
};

struct tone_lexicon {
    struct tone_lang *langs;
    size_t n;
};

/* Returns the entry for key in t, or NULL. Borrowed. */
const struct tone_entry *tone_table_get(const struct tone_table *t, const char *key, size_t len);

struct tone_tok {
    size_t from, to;           /* byte offsets in the text */
    size_t exact, loose;       /* offsets of the NUL-terminated forms in tone_toks.str */
    bool plain;                /* no diacritics: exact == loose */
    bool sent_end, clause_end; /* a sentence / clause ends after this token */
};

struct tone_toks {
    struct tone_tok *v;
    size_t n, cap;
    char *str; /* the folded forms */
    size_t slen, scap;
};

/* Splits the len bytes at text into folded tokens (never fails; invalid
 * UTF-8 separates tokens). Caller frees with tone_toks_free(). */
void tone_tokenize(struct tone_toks *out, const char *text, size_t len);
void tone_toks_free(struct tone_toks *t);

/* One lexicon match: tokens [from, to). */
struct tone_item {
    size_t from, to;
    unsigned char kind;
    double val;
};

struct tone_items {
    struct tone_item *v;
    size_t n, cap;
};

/* Matches lexicon entries of lang against tokens (longest match first,
 * never across a sentence end) into out (emptied first). Returns the number
 * of tokens covered. */
size_t tone_match(struct tone_items *out, const struct tone_lang *lang, const struct tone_toks *t);

/* Returns the language for code, or, when code is NULL/"und"/unknown, the
 * lexicon language covering the most tokens of t (NULL when lx is empty). */
const struct tone_lang *tone_pick_lang(const struct tone_lexicon *lx, const char *code,
                                       const struct tone_toks *t);

/* A text tokenized and matched once, for scoring and model features. */
struct tone_analysis {
    struct tone_toks t;
    struct tone_items it;
    const struct tone_lang *lang; /* NULL when the lexicon is empty */
    double *val;                  /* per token: valence of a polarity item starting there
                                     (after negation and intensifiers), else 0 */
    double *cw;                   /* per token: contrast weight (0.5 before "but", 1.5 after) */
    int *seg;                     /* per token: contrast segment within its sentence (0, 1) */
    size_t *sent;                 /* per token: sentence index */
    size_t *clause;               /* per token: clause index (commas, dashes, ends) */
    bool *negated;                /* per token: within a negator's reach */
    unsigned char *kind;          /* per token: kind of the item covering it */
    size_t nsent;
};

/* Tokenizes and matches text with the lexicon of lang (picked by
 * tone_pick_lang()). Never fails. Caller frees with tone_analysis_free(). */
void tone_analyse(struct tone_analysis *out, const struct tone_lexicon *lx, const char *text,
                  size_t len, const char *lang);
void tone_analysis_free(struct tone_analysis *a);

/* Sets mark[i] (a->t.n entries) for tokens overlapping a span; returns how
 * many. */
size_t tone_mention_tokens(bool *mark, const struct tone_analysis *a, const struct tone_span *spans,
                           size_t n);

/* Lexicon tone toward the marked tokens, in [-1, 1]; *sentences gets the
 * number of mention sentences with a polarity word. */
double tone_target_score(const struct tone_analysis *a, const bool *mention, unsigned *sentences);

/* Mean VADER compound of the sentences flagged in use (all when NULL) that
 * have a polarity word; *sentences gets how many. */
double tone_sentence_mean(const struct tone_analysis *a, const bool *use, unsigned *sentences);

/* Returns x / sqrt(x*x + 15) clamped to [-1, 1] (VADER's normalisation). */
double tone_normalize(double x);

/* Label thresholds (|score| >= threshold is non-neutral), measured on
 * NewsMTSC: see bench/RESULTS.md ## Tone. */
#define TONE_DOC_THRESHOLD 0.05
#define TONE_TARGET_THRESHOLD 0.05

/* Returns the label for score with threshold th. */
enum tone_label tone_label_for(double score, double th);

#endif
