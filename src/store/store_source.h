/* Sources: the feeds herald polls, with what the office knows about each
 * outlet (country, language, kind) and the health of its last fetches,
 * including the HTTP validators for conditional GET. */
#ifndef HERALD_STORE_SOURCE_H
#define HERALD_STORE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct source {
    int64_t id;       /* set by store_source_add() */
    char *url;        /* feed URL, http(s), unique */
    char *name;       /* display name, may be NULL */
    char *country;    /* ISO 3166-1 alpha-2, upper case, may be NULL */
    char *lang;       /* language hint ("vi", "en", "zh-Hans"), may be NULL */
    char *kind;       /* "domestic", "foreign" or "official"; NULL = foreign */
    int poll_minutes; /* 0 = default (60) on add */
    bool enabled;
    int64_t added; /* seconds since the epoch */
    /* health */
    int64_t last_fetch;         /* last attempt, 0 = never */
    int64_t last_success;       /* last successful fetch, 0 = never */
    int failures;               /* consecutive failures */
    char *last_error;           /* message of the last failure, NULL after a success */
    int64_t items_seen;         /* new items counted over all fetches */
    char *etag, *last_modified; /* validators from the last success */
};

/* Frees a source returned by store_source_get()/find_url() and its
 * strings; accepts NULL. */
void source_free(struct source *s);
/* Frees an array of n sources returned by store_source_list()/due();
 * accepts NULL. */
void sources_free(struct source *v, size_t n);

/* Returns true when cc is an ISO 3166-1 alpha-2 code (either case). */
bool store_source_country_valid(const char *cc);
/* Returns true when kind is "domestic", "foreign" or "official". */
bool store_source_kind_valid(const char *kind);
/* Returns true when lang looks like a BCP 47 tag ("vi", "pt-BR"). */
bool store_source_lang_valid(const char *lang);

/* Adds s (its strings stay the caller's) and sets s->id. The country is
 * stored upper-cased. Returns HERALD_EINVAL for a bad URL, country, kind,
 * language or interval, HERALD_EEXIST when the URL is already a source,
 * HERALD_EDB otherwise. */
herald_rc store_source_add(struct store *st, struct source *s);

/* Returns every source ordered by id in *out (caller frees with
 * sources_free()) and its count in *n. HERALD_EDB on failure. */
herald_rc store_source_list(struct store *st, struct source **out, size_t *n);

/* Returns source id in *out (caller frees with source_free()).
 * HERALD_ENOTFOUND when there is none. */
herald_rc store_source_get(struct store *st, int64_t id, struct source **out);

/* Like store_source_get() but by exact URL. */
herald_rc store_source_find_url(struct store *st, const char *url, struct source **out);

/* Removes source id; its articles stay (their source becomes NULL), its
 * seen-entry records go. HERALD_ENOTFOUND when there is none. */
herald_rc store_source_remove(struct store *st, int64_t id);

/* Enables or disables polling of source id. HERALD_ENOTFOUND when none. */
herald_rc store_source_set_enabled(struct store *st, int64_t id, bool enabled);

/* Returns the enabled sources whose last_fetch + poll_minutes*60 <= now,
 * least recently fetched first, in *out (caller frees with sources_free())
 * and their count in *n. */
herald_rc store_source_due(struct store *st, int64_t now, struct source **out, size_t *n);

/* Records a fetch of source id at now. ok resets the failure count, clears
 * last_error, sets last_success and replaces the validators (NULL keeps the
 * previous one, "" clears it); a failure increments the consecutive
 * failures and keeps error as last_error. new_items is added to
 * items_seen. HERALD_ENOTFOUND when there is no such source. */
herald_rc store_source_record_fetch(struct store *st, int64_t id, int64_t now, bool ok,
                                    const char *error, const char *etag, const char *last_modified,
                                    int new_items);

#endif
