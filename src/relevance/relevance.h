/* Relevance to the country: a watchlist of names (country, demonyms, cities,
 * institutions, waters) in many languages, matched diacritic- and
 * case-insensitively on word boundaries, and a score of how central the
 * country is to an article (title, lead, share of sentences, first hit). */
#ifndef HERALD_RELEVANCE_H
#define HERALD_RELEVANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct watchlist;

/* Parses a watchlist file's text (format in data/watchlists/README.md).
 * Returns HERALD_EINVAL with "line N: why" for a bad line. Caller frees
 * *out with watchlist_free(). */
herald_rc watchlist_parse(const char *data, size_t len, struct watchlist **out);

/* Loads the file at path, or the built-in default (Vietnam) when path is
 * NULL. Returns HERALD_EIO when the file cannot be read, or the errors of
 * watchlist_parse(). Caller frees *out with watchlist_free(). */
herald_rc watchlist_load(const char *path, struct watchlist **out);

/* Frees wl; accepts NULL. */
void watchlist_free(struct watchlist *wl);

/* Returns the country code the watchlist is about ("VN"); borrowed. */
const char *watchlist_country(const struct watchlist *wl);

/* Returns the number of categories and the name of category i (borrowed,
 * NULL when out of range). */
size_t watchlist_category_count(const struct watchlist *wl);
const char *watchlist_category_name(const struct watchlist *wl, size_t i);

/* Returns the number of terms in the watchlist. */
size_t watchlist_term_count(const struct watchlist *wl);

struct watch_match {
    size_t from, to; /* byte offsets of the match in the text given (to exclusive) */
    float weight;    /* the term's weight (in the article's language, when given) */
    int category;    /* index into the watchlist's categories */
    bool foreign;    /* a term of another language in the article's script: weak */
};

/* Finds every match in the len bytes at text, in order, non-overlapping
 * (longest first). Caller frees *out with free(); *n may be 0 (then *out
 * is NULL). Never fails on any bytes (invalid UTF-8 tolerated). */
herald_rc watchlist_find(const struct watchlist *wl, const char *text, size_t len,
                         struct watch_match **out, size_t *n);

/* The same, for an article in language lang (an ISO code such as "vi" or
 * "zh-Hant"; NULL, "", "und" or a language without terms in the watchlist
 * mean unknown, which is watchlist_find()). Each match's weight is then:
 *   - the term's weight for lang when the term is listed for lang;
 *   - its weight for an unknown language when it is written in a script
 *     that none of lang's terms use (越南 in an English text);
 *   - otherwise (another language, the same script: "Huế" as "hue" in an
 *     English text) half its highest listed weight, and foreign is set:
 *     such a match is never strong.
 * A term's weight for an unknown language is its "und" line's, else its
 * highest. Caller frees *out with free(); never fails. */
herald_rc watchlist_find_lang(const struct watchlist *wl, const char *text, size_t len,
                              const char *lang, struct watch_match **out, size_t *n);

enum relevance_class { RELEVANCE_NONE = 0, RELEVANCE_MENTIONS = 1, RELEVANCE_ABOUT = 2 };

/* The rule (see relevance.c and data/watchlists/README.md): weak terms
 * count only when a strong term (weight >= strong_min, not foreign; see
 * watchlist_find_lang() for weights by language) is in the article;
 * the score combines title, lead, share of sentences hit and first-hit
 * position, each capped, into [0,1]. */
struct relevance_params {
    double about_min;        /* score at or above: about the country */
    double mentions_min;     /* score at or above (and below about_min): mentions it */
    double strong_min;       /* a term of at least this weight counts alone */
    double w_title;          /* weight of a title hit */
    double w_lead;           /* weight of lead hits (first lead_sentences or lead_bytes) */
    double w_share;          /* weight of the share of sentences with a hit */
    double w_density;        /* weight of the total matched weight (saturating) */
    double w_position;       /* weight of an early first hit */
    unsigned lead_sentences; /* the lead: first this many sentences... */
    size_t lead_bytes;       /* ...or this many bytes, whichever is longer */
};

/* Fills *p with the defaults. */
void relevance_params_default(struct relevance_params *p);

struct relevance_result {
    double score; /* 0..1 */
    enum relevance_class cls;
    unsigned title_hits, lead_hits, body_hits;
    unsigned sentences, sentences_hit;
};

/* Scores how central the watchlist's country is to an article (title and
 * text may be NULL or empty) into *out. p may be NULL for the defaults.
 * Never fails on any bytes; returns HERALD_OK. */
herald_rc relevance_score(const struct watchlist *wl, const struct relevance_params *p,
                          const char *title, const char *text, struct relevance_result *out);

/* The same for an article in language lang (ISO code; NULL or "" =
 * unknown, which is relevance_score()): terms weigh as watchlist_find_lang()
 * says, so a term of the article's language counts with its own weight and
 * a term of another language written in the same script counts as weak
 * (half its weight, never strong). Never fails; returns HERALD_OK. */
herald_rc relevance_score_lang(const struct watchlist *wl, const struct relevance_params *p,
                               const char *title, const char *text, const char *lang,
                               struct relevance_result *out);

/* Returns "about", "mentions" or "none" (static). */
const char *relevance_class_name(enum relevance_class c);
/* Returns the class named name, or -1 when unknown. */
int relevance_class_parse(const char *name);

#endif
