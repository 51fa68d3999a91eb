/* Early warning: alert rules as data (JSON: a saved article query, a condition, channels and
 * quiet hours), their evaluation against the signals and stories of the store, events
 * de-duplicated so one event makes one alert, and an outbox of deliveries (in-app inbox,
 * webhook with an HMAC signature, e-mail over SMTP) that survives restarts. */
#ifndef HERALD_ALERTS_H
#define HERALD_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "store/store.h"
#include "util/error.h"

#define ALERTS_NAME_MAX 100      /* rule names: 1..100 bytes of UTF-8, no control characters */
#define ALERTS_RULE_MAX 16384    /* bytes of a rule's JSON */
#define ALERTS_CHANNELS_MAX 8    /* channels per rule */
#define ALERTS_EMAIL_TO_MAX 20   /* recipients per e-mail channel */
#define ALERTS_URL_MAX 2048      /* webhook and SMTP URLs */
#define ALERTS_PAYLOAD_MAX 65536 /* bytes of an event's JSON (what a webhook receives) */

enum alert_cond {
    ALERT_COND_SPIKE,          /* volume of the query's series far above its seasonal baseline */
    ALERT_COND_THRESHOLD,      /* volume of the last complete bucket >= a count */
    ALERT_COND_NEW_STORY,      /* a story about the country (optionally in a topic) appears */
    ALERT_COND_NEGATIVE_SHIFT, /* share of negative tone far above its baseline */
};

enum alert_channel_type { ALERT_CH_INBOX, ALERT_CH_WEBHOOK, ALERT_CH_EMAIL };

struct alert_channel {
    enum alert_channel_type type;
    char *url;    /* webhook: http(s) URL */
    char *secret; /* webhook: HMAC-SHA256 key (>= 16 bytes) */
    char **to;    /* email: addresses */
    size_t n_to;
};

/* One rule. JSON form (every field but name/query/condition optional):
 * {"name": "...", "enabled": true, "urgent": false,
 *  "query": {"q", "lang", "country", "source" (id), "relevance" ("about" | ["about",
 *            "mentions"]), "tone" (same with negative/neutral/positive), "topic"},
 *  "condition": {"type": "spike", "resolution": "hour"|"day", "min_count": 5,
 *                "threshold": 3.0 (robust z-score, > 0)}
 *             | {"type": "threshold", "resolution", "count": 20 (>= 1)}
 *             | {"type": "new_story", "topic" (slug, optional), "min_articles": 3,
 *                "min_outlets": 2}
 *             | {"type": "negative_shift", "resolution", "min_count", "threshold" (z > 0),
 *                "share": 0.4 (minimum negative share, 0 < share <= 1)},
 *  "channels": [{"type": "inbox"} | {"type": "webhook", "url", "secret"}
 *               | {"type": "email", "to": ["a@b.org"]}],
 *  "quiet_hours": {"from": "22:00", "to": "07:00"}}
 * Strings are owned by the rule. */
struct alert_rule {
    int64_t id; /* 0 until stored */
    char *name;
    bool enabled, urgent; /* urgent: delivered during quiet hours too */
    /* query (the article filters of struct search_query) */
    char *q, *lang, *country, *topic;
    int64_t source_id;  /* 0 = any */
    unsigned relevance; /* bit c: relevance class c (0 none, 1 mentions, 2 about); 0 = any */
    unsigned tone;      /* bit 0 negative, 1 neutral, 2 positive; 0 = any */
    /* condition */
    enum alert_cond cond;
    int resolution;    /* seconds per bucket: 3600 or 86400 (spike, threshold, shift) */
    int min_count;     /* spike/shift: articles needed in the bucket; threshold: count */
    double threshold;  /* spike/shift: robust z-score the bucket must reach */
    double share;      /* shift: negative share the bucket must reach */
    char *story_topic; /* new_story: taxonomy slug or NULL */
    int min_articles, min_outlets; /* new_story */
    /* delivery */
    struct alert_channel *channels;
    size_t n_channels;
    int quiet_from, quiet_to; /* minutes after local midnight; -1 = no quiet hours */
    int64_t created, updated;
};

/* Parses and validates a rule from the len bytes of JSON at json into *out (caller frees with
 * alert_rule_free()). Refuses unknown or duplicate fields, wrong types, bad UTF-8, missing
 * required fields and impossible values (negative counts, share outside (0, 1], quiet hours
 * with from == to, webhook URLs not http(s), ...). Returns HERALD_EINVAL with one message
 * naming the field ("condition.share: must be in (0, 1]"), HERALD_ETOOBIG past
 * ALERTS_RULE_MAX. */
herald_rc alert_rule_parse(struct alert_rule **out, const char *json, size_t len);

/* Returns the rule as its canonical JSON object (id, created, updated included when set;
 * webhook secrets replaced by "***" when redact). Caller frees. */
char *alert_rule_to_json(const struct alert_rule *r, bool redact);

/* Frees r and everything in it; accepts NULL. */
void alert_rule_free(struct alert_rule *r);

/* Frees an array of n rules from alerts_rule_list(); accepts NULL. */
void alert_rules_free(struct alert_rule **v, size_t n);

/* ---- rules in the store (every change audited: alert_rule.add/update/delete) ---- */

/* Stores rule r (r->id ignored; names are unique) and its id in *out_id (may be NULL).
 * Returns HERALD_EEXIST (name taken), HERALD_EDB. */
herald_rc alerts_rule_add(struct store *s, int64_t *out_id, const struct auth_actor *by,
                          const struct alert_rule *r);
/* Reads rule id into *out (caller frees with alert_rule_free()). Returns HERALD_ENOTFOUND,
 * HERALD_EDB. */
herald_rc alerts_rule_get(struct store *s, struct alert_rule **out, int64_t id);
/* Like alerts_rule_get() with ref either a decimal id or a rule name. */
herald_rc alerts_rule_find(struct store *s, struct alert_rule **out, const char *ref);
/* Lists all rules by id into *out, count in *n (caller frees with alert_rules_free()).
 * Returns HERALD_EDB. */
herald_rc alerts_rule_list(struct store *s, struct alert_rule ***out, size_t *n);
/* Merges the JSON object patch (top-level fields replace the rule's) into rule id,
 * re-validates and stores it; *out (may be NULL) gets the new rule. Returns HERALD_EINVAL
 * (message names the field), HERALD_ENOTFOUND, HERALD_EEXIST, HERALD_EDB. */
herald_rc alerts_rule_update(struct store *s, struct alert_rule **out, const struct auth_actor *by,
                             int64_t id, const char *patch, size_t len);
/* Enables or disables rule id. Returns HERALD_ENOTFOUND, HERALD_EDB. */
herald_rc alerts_rule_set_enabled(struct store *s, const struct auth_actor *by, int64_t id,
                                  bool enabled);
/* Deletes rule id (its events and deliveries stay, marked with the rule's name). Returns
 * HERALD_ENOTFOUND, HERALD_EDB. */
herald_rc alerts_rule_delete(struct store *s, const struct auth_actor *by, int64_t id);

/* ---- evaluation ---------------------------------------------------------------- */

/* What evaluation found: one would-be event. Strings owned. */
struct alert_hit {
    char *dedup_key; /* "rule:7:spike:hour:1763800000" or "rule:7:story:42" */
    char *payload;   /* the event JSON (what the inbox shows and a webhook receives) */
};

/* Settings of evaluation and delivery ([alerts] in the configuration). Strings borrowed. */
struct alerts_config {
    int interval_s;             /* evaluate every ...; default 300 */
    int utc_offset_min;         /* the office's time zone, for quiet hours; default +420 */
    const char *smtp_url;       /* "smtp://host:port"; NULL = no e-mail */
    const char *smtp_from;      /* envelope and From: address */
    const char *smtp_auth_file; /* one line "user:password"; NULL = no login */
    long timeout_ms;            /* per delivery attempt; default 10000 */
    int max_attempts;           /* then "failed"; default 8 */
    int backoff_s;              /* first retry delay, doubled each attempt (+-20% jitter,
                                   capped at 6 h); default 30 */
    bool allow_private;         /* webhooks/SMTP to loopback and private addresses */
};

/* Fills c with the defaults above. */
void alerts_config_defaults(struct alerts_config *c);

/* Evaluates rule r as of now (seconds since the epoch; buckets are local to c->utc_offset_min)
 * without writing anything: *out gets the hits it would fire (those already fired included), *n
 * their count (caller frees with alert_hits_free()). Deterministic for a given store and now.
 * Returns HERALD_EDB. */
herald_rc alerts_rule_eval(struct store *s, struct alert_hit **out, size_t *n,
                           const struct alerts_config *c, const struct alert_rule *r, int64_t now);
/* Frees n hits and the array; accepts NULL. */
void alert_hits_free(struct alert_hit *v, size_t n);

/* One evaluation cycle as of now: every enabled rule is evaluated, and each hit whose
 * de-duplication key is new becomes an event plus one pending delivery per webhook/e-mail
 * channel, in one transaction (during the rule's quiet hours, unless urgent, the deliveries
 * wait until the quiet hours end). *n_new (may be NULL) gets the number of new events.
 * Returns HERALD_EDB; a rule that fails is logged and skipped. */
herald_rc alerts_evaluate(struct store *s, const struct alerts_config *c, int64_t now,
                          size_t *n_new);

/* ---- the inbox ----------------------------------------------------------------- */

struct alert_event {
    int64_t id;
    int64_t rule_id; /* 0 when the rule was deleted */
    char *rule_name;
    char *dedup_key;
    int64_t fired_at;
    char *payload; /* JSON object text */
    char *ack_by;  /* NULL until acknowledged */
    int64_t ack_at;
    /* delivery summary over the event's outbox rows */
    int pending, sent, failed;
    char *last_error; /* of a failed or retried delivery; NULL when none */
};

struct alerts_inbox_filter {
    bool all;          /* false: only unacknowledged events */
    int64_t before_id; /* cursor: events with id < before_id; 0 = from the newest */
    size_t limit;      /* 0 = 50 */
};

/* Lists events newest first into *out, count *n (caller frees with alert_events_free()).
 * Returns HERALD_EDB. */
herald_rc alerts_inbox_list(struct store *s, struct alert_event **out, size_t *n,
                            const struct alerts_inbox_filter *f);
/* Reads event id into *out (caller frees its strings with alert_event_clear()). Returns
 * HERALD_ENOTFOUND, HERALD_EDB. */
herald_rc alerts_event_get(struct store *s, struct alert_event *out, int64_t id);
/* Returns event e as a JSON object text (payload embedded); caller frees. */
char *alert_event_to_json(const struct alert_event *e);
/* Acknowledges event id as by (idempotent: a second ack keeps the first). Returns
 * HERALD_ENOTFOUND, HERALD_EDB. Audited as alert.ack. */
herald_rc alerts_event_ack(struct store *s, const struct auth_actor *by, int64_t id);
/* Frees the strings of e (not e); accepts NULL. */
void alert_event_clear(struct alert_event *e);
/* Frees n events and the array; accepts NULL. */
void alert_events_free(struct alert_event *v, size_t n);

/* ---- delivery ------------------------------------------------------------------- */

/* Delivers every outbox row due at now (next_attempt <= now), one attempt each: a webhook
 * POST of the event JSON with X-Herald-Signature: sha256=<hex HMAC-SHA256(secret, body)>, an
 * e-mail through c->smtp_url. A row is marked sent only after the channel confirmed (2xx,
 * SMTP 250); a failure schedules a retry with exponential backoff and jitter, and after
 * c->max_attempts the row is "failed" (shown in the inbox). *n_sent and *n_failed (may be
 * NULL) count this call's outcomes. Returns HERALD_EDB only; channel errors are recorded. */
herald_rc alerts_deliver_due(struct store *s, const struct alerts_config *c, int64_t now,
                             size_t *n_sent, size_t *n_failed);

/* Sends a test message for rule r to each of its channels now, bypassing the outbox. *report
 * gets one line per channel ("webhook https://...: ok"), caller frees. Returns HERALD_ENET
 * when any channel failed. */
herald_rc alerts_send_test(char **report, const struct alerts_config *c, const struct alert_rule *r,
                           int64_t now);

/* The background worker of `herald run`: its own thread and store connection, so delivery
 * and evaluation never block ingest. Every c->interval_s it evaluates; every few seconds it
 * drains due deliveries. */
struct alerts_worker;

/* Starts the worker on the database at db_path (c is copied; its strings must outlive the
 * worker). Returns HERALD_EDB when the store cannot be opened. Caller stops it with
 * alerts_worker_stop(). */
herald_rc alerts_worker_start(struct alerts_worker **out, const char *db_path,
                              const struct alerts_config *c);
/* Asks the worker to stop, waits for its current attempt (bounded by timeout_ms) and frees
 * it; accepts NULL. */
void alerts_worker_stop(struct alerts_worker *w);

#endif
