/* Shared between the files of src/alerts: the rule's canonical JSON, the
 * outbox states and the channel senders (webhook, SMTP). Not a public API. */
#ifndef HERALD_ALERTS_INTERNAL_H
#define HERALD_ALERTS_INTERNAL_H

#include <jansson.h>

#include "alerts/alerts.h"

/* Returns r as a JSON object (caller releases it): the fields a rule file
 * has; id, created and updated too when meta; secrets "***" when redact. */
json_t *alert_rule_json(const struct alert_rule *r, bool redact, bool meta);

/* Parses a rule from the JSON object o (borrowed) into *out. Returns
 * HERALD_EINVAL naming the field. */
herald_rc alert_rule_from_json(struct alert_rule **out, const json_t *o);

/* Returns a copy of the rule's JSON filter set as a NUL-free dedup-safe
 * text, e.g. for a payload. Caller frees. */
char *alert_rule_query_text(const struct alert_rule *r);

/* Seconds from now until the rule's quiet hours end (0 when now is not in
 * them), with the office's UTC offset in minutes. */
int64_t alerts_quiet_delay(const struct alert_rule *r, int64_t now, int utc_offset_min);

/* Posts body to url with the HMAC header; *err gets a one-line reason on
 * failure (caller frees). Returns HERALD_OK only on a 2xx answer. */
herald_rc alerts_webhook_post(char **err, const struct alerts_config *c, const char *url,
                              const char *secret, const char *body);

/* Mails subject/body to the n addresses in to through c->smtp_url. Returns
 * HERALD_OK only when the server accepted the message; *err as above. */
herald_rc alerts_smtp_send(char **err, const struct alerts_config *c, char *const *to, size_t n,
                           const char *subject, const char *body);

/* Writes the lowercase hex HMAC-SHA256 of body under secret into hex. */
void alerts_hmac_hex(char hex[65], const char *secret, const char *body, size_t len);

#endif
