/* The analysis of one article, as the ingest pipeline runs it: language
 * (langid, falling back to the page's declared language), relevance to the
 * watchlist's country, topics of the taxonomy, and tone overall and
 * toward the country (from the sentences that mention it). */
#ifndef HERALD_ANALYZE_H
#define HERALD_ANALYZE_H

#include <stddef.h>

#include "relevance/relevance.h"
#include "store/store_article.h"
#include "util/error.h"

struct analyzer_config {
    const char *watchlist; /* watchlist file; NULL = built-in (Vietnam) */
    struct relevance_params relevance;
    const char *topics_rules;  /* taxonomy and keyword rules; NULL = built-in */
    const char *topics_model;  /* trained topics model; NULL = none */
    const char *tone_lexicons; /* directory of tone lexicons; NULL = built-in */
    const char *tone_model;    /* trained target-tone model; NULL = none */
    float langid_min_confidence;
    size_t max_text_bytes; /* longer texts are analysed on their first bytes */
};

/* Fills c with the defaults: built-in data, no trained models, the
 * relevance defaults, LANGID_MIN_CONFIDENCE_DEFAULT, 64 KiB. */
void analyzer_config_default(struct analyzer_config *c);

struct analyzer;

/* Loads everything c names into *out (caller frees with analyzer_free()).
 * Returns the loader's error (HERALD_EIO, HERALD_EINVAL, ...) with a
 * message naming the file. The analyzer is read-only afterwards: one can
 * serve many threads. */
herald_rc analyzer_new(const struct analyzer_config *c, struct analyzer **out);

/* Frees an analyzer; accepts NULL. */
void analyzer_free(struct analyzer *an);

/* The watchlist's country code ("VN"); borrowed. */
const char *analyzer_country(const struct analyzer *an);

/* Analyses an article (title, text and declared_lang may be NULL) into
 * *out and writes its language into lang (size >= 16): the detected code
 * when langid is confident, else the primary subtag of declared_lang, else
 * "" (unknown). Never fails on any bytes; returns HERALD_OK. */
herald_rc analyze_article(const struct analyzer *an, const char *title, const char *text,
                          const char *declared_lang, char lang[16], struct article_analysis *out);

#endif
