/* The outbox: due deliveries are read, sent with no transaction open, and
 * marked sent only after the channel confirmed; failures retry with
 * exponential backoff and jitter up to a maximum, then stay "failed" in
 * the inbox. Also test sends and the background worker of `herald run`. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/alerts_internal.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"
#include "util/xalloc.h"

#define BATCH 100              /* deliveries read per round */
#define BACKOFF_MAX (6 * 3600) /* seconds */
#define DELIVER_EVERY 5        /* seconds between outbox rounds in the worker */

struct due {
    int64_t id, event_id;
    int attempts;
    char *channel, *payload, *rule, *key;
    int64_t fired_at;
};

static void dues_free(struct due *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].channel);
        free(v[i].payload);
        free(v[i].rule);
        free(v[i].key);
    }
    free(v);
}

static herald_rc read_due(struct store *s, struct due **out, size_t *n, int64_t now)
{
    static const char sql[] =
        "SELECT d.id, d.event_id, d.attempts, d.channel, e.payload, e.rule_name, e.dedup_key,"
        " e.fired_at FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id"
        " WHERE d.state = 'pending' AND d.next_attempt <= ? ORDER BY d.next_attempt, d.id LIMIT ?";
    sqlite3_stmt *st = NULL;
    struct due *v = xcalloc(BATCH, sizeof *v);
    size_t cnt = 0;
    int step = SQLITE_DONE;
    herald_rc rc = store_prepare(s, &st, sql);
    if (!rc) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int(st, 2, BATCH);
        while (cnt < BATCH && (step = sqlite3_step(st)) == SQLITE_ROW) {
            struct due *d = &v[cnt++];
            d->id = sqlite3_column_int64(st, 0);
            d->event_id = sqlite3_column_int64(st, 1);
            d->attempts = sqlite3_column_int(st, 2);
            d->channel = store_column_dup(st, 3);
            d->payload = store_column_dup(st, 4);
            d->rule = store_column_dup(st, 5);
            d->key = store_column_dup(st, 6);
            d->fired_at = sqlite3_column_int64(st, 7);
        }
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            rc = store_fail(s, "alert outbox");
        sqlite3_reset(st);
    }
    *out = v;
    *n = cnt;
    return rc;
}

/* The JSON a webhook receives for delivery d. Caller frees. */
static char *hook_body(const struct due *d)
{
    char iso[32];
    json_t *p = json_loads(d->payload ? d->payload : "{}", 0, NULL);
    json_t *o = json_pack("{sIsIssssssso}", "delivery_id", (json_int_t)d->id, "event_id",
                          (json_int_t)d->event_id, "rule", d->rule ? d->rule : "", "key",
                          d->key ? d->key : "", "fired_at", date_format_iso(iso, d->fired_at),
                          "event", p ? p : json_object());
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

/* Sends body (a JSON event) to the channel ch; *err on failure. */
static herald_rc send_channel(char **err, const struct alerts_config *c, const json_t *ch,
                              const char *rule, const char *body)
{
    const char *type = json_string_value(json_object_get(ch, "type"));
    *err = NULL;
    if (type && !strcmp(type, "webhook"))
        return alerts_webhook_post(err, c, json_string_value(json_object_get(ch, "url")),
                                   json_string_value(json_object_get(ch, "secret")), body);
    if (!type || strcmp(type, "email")) {
        *err = xstrdup("unknown channel");
        return HERALD_EINVAL;
    }
    json_t *to = json_object_get(ch, "to"), *p = json_loads(body, 0, NULL);
    size_t n = json_array_size(to);
    char **addr = xcalloc(n ? n : 1, sizeof *addr);
    for (size_t i = 0; i < n; i++)
        addr[i] = (char *)json_string_value(json_array_get(to, i));
    const char *sum = json_string_value(json_object_get(json_object_get(p, "event"), "summary"));
    char *subject = xasprintf("[herald] %s: %s", rule, sum ? sum : "alert");
    char *pretty = json_dumps(p, JSON_INDENT(2));
    char *text = xasprintf("%s\n\n%s\n", sum ? sum : "herald alert", pretty ? pretty : body);
    herald_rc rc = alerts_smtp_send(err, c, addr, n, subject, text);
    free(subject);
    free(pretty);
    free(text);
    free(addr);
    json_decref(p);
    return rc;
}

/* Seconds before attempt number attempts + 1: backoff doubled per attempt,
 * capped, +-20% jitter. */
static int64_t backoff(const struct alerts_config *c, int attempts)
{
    double d = c->backoff_s > 0 ? c->backoff_s : 30;
    for (int i = 1; i < attempts && d < BACKOFF_MAX; i++)
        d *= 2;
    if (d > BACKOFF_MAX)
        d = BACKOFF_MAX;
    double j = 0.8 + 0.4 * (randombytes_uniform(10001) / 10000.0);
    return (int64_t)(d * j) > 0 ? (int64_t)(d * j) : 1;
}

static herald_rc record(struct store *s, const struct alerts_config *c, const struct due *d,
                        const char *err, int64_t now)
{
    static const char sql_ok[] = "UPDATE alert_deliveries SET state = 'sent', attempts ="
                                 " attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?";
    static const char sql_fail[] = "UPDATE alert_deliveries SET state = ?, attempts = attempts + 1,"
                                   " next_attempt = ?, last_error = ? WHERE id = ?";
    sqlite3_stmt *st = NULL;
    int attempts = d->attempts + 1, max = c->max_attempts > 0 ? c->max_attempts : 8;
    herald_rc rc = store_prepare(s, &st, err ? sql_fail : sql_ok);
    if (rc)
        return rc;
    if (!err) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, d->id);
    } else {
        store_bind_text(st, 1, attempts >= max ? "failed" : "pending");
        sqlite3_bind_int64(st, 2, now + backoff(c, attempts));
        store_bind_text(st, 3, err);
        sqlite3_bind_int64(st, 4, d->id);
    }
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_fail(s, "alert outbox update");
    sqlite3_reset(st);
    return rc;
}

herald_rc alerts_deliver_due(struct store *s, const struct alerts_config *c, int64_t now,
                             size_t *n_sent, size_t *n_failed)
{
    struct due *v = NULL;
    size_t n = 0, sent = 0, failed = 0;
    herald_rc rc = read_due(s, &v, &n, now);
    for (size_t i = 0; !rc && i < n; i++) {
        char *err = NULL, *body = hook_body(&v[i]);
        json_t *ch = json_loads(v[i].channel, 0, NULL);
        send_channel(&err, c, ch, v[i].rule ? v[i].rule : "", body);
        if (err) {
            failed++;
            log_warn("alert delivery %lld (event %lld, attempt %d): %s", (long long)v[i].id,
                     (long long)v[i].event_id, v[i].attempts + 1, err);
        } else {
            sent++;
        }
        rc = record(s, c, &v[i], err, now);
        json_decref(ch);
        free(err);
        free(body);
    }
    dues_free(v, n);
    if (n_sent)
        *n_sent = sent;
    if (n_failed)
        *n_failed = failed;
    return rc;
}

herald_rc alerts_send_test(char **report, const struct alerts_config *c, const struct alert_rule *r,
                           int64_t now)
{
    static const char *const types[] = {"inbox", "webhook", "email"};
    struct buf b;
    herald_rc rc = HERALD_OK;
    json_t *rj = alert_rule_json(r, false, false), *chs = json_object_get(rj, "channels");
    struct due d = {.id = 0, .event_id = 0, .rule = r->name, .key = "test", .fired_at = now};
    char iso[32];
    d.payload = xasprintf("{\"test\":true,\"summary\":\"test message for rule %lld at %s\"}",
                          (long long)r->id, date_format_iso(iso, now));
    char *body = hook_body(&d);
    buf_init(&b, 0);
    for (size_t i = 0; i < json_array_size(chs); i++) {
        char *err = NULL;
        const struct alert_channel *ch = &r->channels[i];
        if (ch->type != ALERT_CH_INBOX)
            send_channel(&err, c, json_array_get(chs, i), r->name, body);
        buf_printf(&b, "%s %s: %s\n", types[ch->type],
                   ch->type == ALERT_CH_WEBHOOK ? ch->url
                   : ch->type == ALERT_CH_EMAIL ? ch->to[0]
                                                : "-",
                   err                          ? err
                   : ch->type == ALERT_CH_INBOX ? "ok (shown in the inbox)"
                                                : "ok");
        if (err)
            rc = HERALD_ENET;
        free(err);
    }
    free(body);
    free(d.payload);
    json_decref(rj);
    *report = buf_steal(&b);
    return rc;
}

/* ---- the worker ---- */

struct alerts_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    struct store *store;
    struct alerts_config cfg;
};

static bool wait_stop(struct alerts_worker *w, int seconds)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += seconds;
    pthread_mutex_lock(&w->mu);
    while (!w->stop && pthread_cond_timedwait(&w->cv, &w->mu, &ts) == 0)
        ;
    bool stop = w->stop;
    pthread_mutex_unlock(&w->mu);
    return stop;
}

static void *worker_main(void *arg)
{
    struct alerts_worker *w = arg;
    int64_t next_eval = 0;
    int interval = w->cfg.interval_s > 0 ? w->cfg.interval_s : 300;
    do {
        int64_t now = time(NULL);
        if (now >= next_eval) {
            size_t n = 0;
            if (alerts_evaluate(w->store, &w->cfg, now, &n))
                log_warn("alerts: evaluation: %s", herald_error_last());
            next_eval = now + interval;
        }
        if (alerts_deliver_due(w->store, &w->cfg, time(NULL), NULL, NULL))
            log_warn("alerts: delivery: %s", herald_error_last());
    } while (!wait_stop(w, DELIVER_EVERY));
    return NULL;
}

herald_rc alerts_worker_start(struct alerts_worker **out, const char *db_path,
                              const struct alerts_config *c)
{
    struct alerts_worker *w = xcalloc(1, sizeof *w);
    *out = NULL;
    herald_rc rc = store_open(&w->store, db_path);
    if (rc) {
        free(w);
        return rc;
    }
    w->cfg = *c;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w)) {
        store_close(w->store);
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv);
        free(w);
        return herald_error_set(HERALD_EIO, "alerts: cannot start the worker thread");
    }
    *out = w;
    return HERALD_OK;
}

void alerts_worker_stop(struct alerts_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    store_close(w->store);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}
