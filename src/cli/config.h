/* herald's configuration: an INI file (inih) plus command-line overrides.
 * Every command gets the same struct through struct cli_ctx. */
#ifndef HERALD_CONFIG_H
#define HERALD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct herald_config {
    char *db_path;               /* [store] db; default "herald.db" */
    bool allow_private;          /* [fetch] allow_private; default false */
    char *user_agent;            /* [fetch] user_agent */
    long connect_timeout_ms;     /* [fetch] connect_timeout_ms; default 10000 */
    long total_timeout_ms;       /* [fetch] timeout_ms; default 30000 */
    size_t max_feed_bytes;       /* [fetch] max_feed_bytes; default 10 MiB */
    size_t max_page_bytes;       /* [fetch] max_page_bytes; default 5 MiB */
    long host_delay_ms;          /* [fetch] host_delay_ms; default 1000 */
    int max_parallel;            /* [fetch] max_parallel; default 16 */
    bool respect_robots;         /* [fetch] robots; default true */
    int max_items_per_feed;      /* [ingest] max_items_per_feed; default 50 */
    int extract_threads;         /* [ingest] extract_threads; 0 = one per CPU */
    int cycle_seconds;           /* [run] cycle_seconds; default 60 */
    int office_offset_min;       /* [office] utc_offset: "+07:00", whole hours */
    double stories_window_hours; /* [stories] window_hours: (0, 8760]; 72 */
    double stories_threshold;    /* [stories] threshold: (0, 1]; 0.3 */
    int stats_cache_ttl;         /* [serve] stats_cache_ttl: seconds; 0 = no response cache; 30 */
    bool metrics_public;         /* [serve] metrics_public: /metrics without sign-in; false */
    char *log_level;             /* [log] level; default "info" */
    /* [analysis]: run on every stored article (src/analyze). Paths "" =
     * the built-in data; models "" = none. */
    bool analyze;                 /* enabled; default true */
    char *watchlist;              /* watchlist; the country is data */
    double relevance_about;       /* relevance_about: score for "about" */
    double relevance_mentions;    /* relevance_mentions: score for "mentions" */
    char *topics_rules;           /* topics_rules: taxonomy + keyword rules */
    char *topics_model;           /* topics_model: from herald topics train */
    char *tone_lexicons;          /* tone_lexicons: a directory of lexicons */
    char *tone_model;             /* tone_model: from herald tone train */
    double langid_min_confidence; /* langid_min_confidence; below: "und" */
    /* [alerts] (src/alerts): interval (seconds), smtp_url, smtp_from,
     * smtp_auth_file (one line user:password), timeout_ms, max_attempts,
     * backoff_s; quiet hours are in the office's time zone. */
    int alerts_interval, alerts_max_attempts, alerts_backoff_s;
    long alerts_timeout_ms;
    char *smtp_url, *smtp_from, *smtp_auth_file;
};

/* Fills cfg with defaults. */
void config_defaults(struct herald_config *cfg);
/* Reads an INI file over the current values. Returns HERALD_EIO when it
 * cannot be read and HERALD_EINVAL for an unknown key or bad value; the
 * message names the file and line. */
herald_rc config_load(struct herald_config *cfg, const char *path);
struct alerts_config;
struct stories_config;
/* Fills *out from cfg's [stories] keys (the rest defaults). */
void config_stories(struct stories_config *out, const struct herald_config *cfg);

/* Fills *out from cfg's [alerts] keys and allow_private; strings borrowed
 * from cfg. */
void config_alerts(struct alerts_config *out, const struct herald_config *cfg);
/* Frees the strings inside cfg (not cfg itself). */
void config_free(struct herald_config *cfg);

#endif
