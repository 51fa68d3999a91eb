/* Alert rules in the store (each change audited in its own transaction),
 * the inbox of events (newest first, cursor) and acknowledgement. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/alerts_internal.h"
#include "util/xalloc.h"

static const char sql_rule_get[] =
    "SELECT id, rule, enabled, created, updated FROM alert_rules WHERE id = ?";
static const char sql_rule_by_name[] = "SELECT id FROM alert_rules WHERE name = ?";
static const char sql_rule_ids[] = "SELECT id FROM alert_rules ORDER BY id";
static const char sql_rule_add[] = "INSERT INTO alert_rules (name, enabled, rule, created, updated)"
                                   " VALUES (?, ?, ?, ?, ?)";
static const char sql_rule_put[] =
    "UPDATE alert_rules SET name = ?, enabled = ?, rule = ?, updated = ? WHERE id = ?";
static const char sql_rule_del[] = "DELETE FROM alert_rules WHERE id = ?";

/* Returns the rule's JSON text without meta (what the rule column holds). */
static char *rule_text(const struct alert_rule *r, bool redact)
{
    json_t *o = alert_rule_json(r, redact, false);
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

static herald_rc rule_from_row(struct store *s, struct alert_rule **out, sqlite3_stmt *st)
{
    const char *txt = (const char *)sqlite3_column_text(st, 1);
    herald_rc rc = alert_rule_parse(out, txt ? txt : "", txt ? strlen(txt) : 0);
    if (rc)
        return herald_error_set(HERALD_EDB, "stored alert rule %lld: %s",
                                (long long)sqlite3_column_int64(st, 0), herald_error_last());
    (*out)->id = sqlite3_column_int64(st, 0);
    (*out)->enabled = sqlite3_column_int(st, 2) != 0;
    (*out)->created = sqlite3_column_int64(st, 3);
    (*out)->updated = sqlite3_column_int64(st, 4);
    return HERALD_OK;
}

herald_rc alerts_rule_get(struct store *s, struct alert_rule **out, int64_t id)
{
    sqlite3_stmt *st = NULL;
    *out = NULL;
    herald_rc rc = store_prepare(s, &st, sql_rule_get);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = rule_from_row(s, out, st);
    else if (step == SQLITE_DONE)
        rc = herald_error_set(HERALD_ENOTFOUND, "no alert rule %lld", (long long)id);
    else
        rc = store_fail(s, "alert rule");
    sqlite3_reset(st);
    return rc;
}

herald_rc alerts_rule_find(struct store *s, struct alert_rule **out, const char *ref)
{
    char *end = NULL;
    long long id = strtoll(ref, &end, 10);
    *out = NULL;
    if (*ref && end && !*end && id > 0)
        return alerts_rule_get(s, out, id);
    sqlite3_stmt *st = NULL;
    herald_rc rc = store_prepare(s, &st, sql_rule_by_name);
    if (rc)
        return rc;
    store_bind_text(st, 1, ref);
    int step = sqlite3_step(st);
    id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return store_fail(s, "alert rule");
    if (!id)
        return herald_error_set(HERALD_ENOTFOUND, "no alert rule '%.100s'", ref);
    return alerts_rule_get(s, out, id);
}

herald_rc alerts_rule_list(struct store *s, struct alert_rule ***out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    int64_t *ids = NULL;
    size_t cnt = 0, cap = 0;
    *out = NULL;
    *n = 0;
    herald_rc rc = store_prepare(s, &st, sql_rule_ids);
    if (rc)
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (cnt == cap)
            ids = xrealloc(ids, (cap = cap ? cap * 2 : 16) * sizeof *ids);
        ids[cnt++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        free(ids);
        return store_fail(s, "alert rules");
    }
    struct alert_rule **v = xcalloc(cnt ? cnt : 1, sizeof *v);
    for (size_t i = 0; i < cnt && !rc; i++)
        rc = alerts_rule_get(s, &v[i], ids[i]);
    free(ids);
    if (rc) {
        alert_rules_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return HERALD_OK;
}

/* Runs the write st (bound) inside the open transaction. */
static herald_rc step_write(struct store *s, sqlite3_stmt *st, const char *what)
{
    int step = sqlite3_step(st);
    herald_rc rc = step == SQLITE_DONE ? HERALD_OK : store_fail(s, what);
    sqlite3_reset(st);
    if (rc == HERALD_EEXIST)
        herald_error_set(rc, "an alert rule with that name exists");
    return rc;
}

static herald_rc finish(struct store *s, herald_rc rc)
{
    if (rc)
        store_rollback(s);
    else
        rc = store_commit(s);
    return rc;
}

herald_rc alerts_rule_add(struct store *s, int64_t *out_id, const struct auth_actor *by,
                          const struct alert_rule *r)
{
    sqlite3_stmt *st = NULL;
    char *txt = rule_text(r, false), *red = rule_text(r, true), id[24];
    int64_t now = time(NULL);
    herald_rc rc = store_begin(s);
    if (rc)
        goto done;
    if (!(rc = store_prepare(s, &st, sql_rule_add))) {
        store_bind_text(st, 1, r->name);
        sqlite3_bind_int(st, 2, r->enabled);
        store_bind_text(st, 3, txt);
        sqlite3_bind_int64(st, 4, now);
        sqlite3_bind_int64(st, 5, now);
        rc = step_write(s, st, "alert rule add");
    }
    int64_t rid = sqlite3_last_insert_rowid(store_db(s));
    snprintf(id, sizeof id, "%lld", (long long)rid);
    if (!rc)
        rc = auth_audit(s, by, "alert_rule.add", "alert_rule", id, NULL, red);
    rc = finish(s, rc);
    if (!rc && out_id)
        *out_id = rid;
done:
    free(txt);
    free(red);
    return rc;
}

/* Stores r over rule r->id (before = the old rule's redacted JSON). */
static herald_rc rule_put(struct store *s, const struct auth_actor *by, const struct alert_rule *r,
                          const struct alert_rule *old, const char *action)
{
    sqlite3_stmt *st = NULL;
    char *txt = rule_text(r, false), *red = rule_text(r, true), *before = rule_text(old, true);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    herald_rc rc = store_begin(s);
    if (rc)
        goto done;
    if (!(rc = store_prepare(s, &st, sql_rule_put))) {
        store_bind_text(st, 1, r->name);
        sqlite3_bind_int(st, 2, r->enabled);
        store_bind_text(st, 3, txt);
        sqlite3_bind_int64(st, 4, time(NULL));
        sqlite3_bind_int64(st, 5, r->id);
        rc = step_write(s, st, "alert rule update");
    }
    if (!rc)
        rc = auth_audit(s, by, action, "alert_rule", id, before, red);
    rc = finish(s, rc);
done:
    free(txt);
    free(red);
    free(before);
    return rc;
}

herald_rc alerts_rule_update(struct store *s, struct alert_rule **out, const struct auth_actor *by,
                             int64_t id, const char *patch, size_t len)
{
    struct alert_rule *old = NULL, *neu = NULL;
    json_t *base = NULL, *p = NULL;
    json_error_t err;
    if (out)
        *out = NULL;
    herald_rc rc = alerts_rule_get(s, &old, id);
    if (rc)
        goto done;
    p = json_loadb(patch, len, JSON_REJECT_DUPLICATES, &err);
    if (!p || !json_is_object(p)) {
        rc = herald_error_set(HERALD_EINVAL, "patch: must be a JSON object");
        goto done;
    }
    base = alert_rule_json(old, false, false);
    json_object_update(base, p);
    if ((rc = alert_rule_from_json(&neu, base)))
        goto done;
    neu->id = id;
    if ((rc = rule_put(s, by, neu, old, "alert_rule.update")))
        goto done;
    if (out)
        rc = alerts_rule_get(s, out, id);
done:
    json_decref(base);
    json_decref(p);
    alert_rule_free(old);
    alert_rule_free(neu);
    return rc;
}

herald_rc alerts_rule_set_enabled(struct store *s, const struct auth_actor *by, int64_t id,
                                  bool enabled)
{
    struct alert_rule *old = NULL, *neu = NULL;
    herald_rc rc = alerts_rule_get(s, &old, id);
    if (!rc)
        rc = alerts_rule_get(s, &neu, id);
    if (!rc) {
        neu->enabled = enabled;
        rc = rule_put(s, by, neu, old, enabled ? "alert_rule.enable" : "alert_rule.disable");
    }
    alert_rule_free(old);
    alert_rule_free(neu);
    return rc;
}

herald_rc alerts_rule_delete(struct store *s, const struct auth_actor *by, int64_t id)
{
    struct alert_rule *old = NULL;
    sqlite3_stmt *st = NULL;
    char *before = NULL, ids[24];
    herald_rc rc = alerts_rule_get(s, &old, id);
    if (rc)
        return rc;
    before = rule_text(old, true);
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    if ((rc = store_begin(s)))
        goto done;
    if (!(rc = store_prepare(s, &st, sql_rule_del))) {
        sqlite3_bind_int64(st, 1, id);
        rc = step_write(s, st, "alert rule delete");
    }
    if (!rc)
        rc = auth_audit(s, by, "alert_rule.delete", "alert_rule", ids, before, NULL);
    rc = finish(s, rc);
done:
    free(before);
    alert_rule_free(old);
    return rc;
}

/* ---- the inbox ---- */

#define EVENT_COLS                                                                                 \
    "SELECT e.id, coalesce(e.rule_id, 0), e.rule_name, e.dedup_key, e.fired_at, e.payload,"        \
    " e.ack_by, e.ack_at,"                                                                         \
    " (SELECT count(*) FROM alert_deliveries d WHERE d.event_id = e.id AND state = 'pending'),"    \
    " (SELECT count(*) FROM alert_deliveries d WHERE d.event_id = e.id AND state = 'sent'),"       \
    " (SELECT count(*) FROM alert_deliveries d WHERE d.event_id = e.id AND state = 'failed'),"     \
    " (SELECT last_error FROM alert_deliveries d WHERE d.event_id = e.id AND last_error IS NOT"    \
    "  NULL ORDER BY d.id DESC LIMIT 1) FROM alert_events e "

static const char sql_inbox[] = EVENT_COLS "WHERE (?1 OR e.ack_at = 0) AND (?2 = 0 OR e.id < ?2)"
                                           " ORDER BY e.id DESC LIMIT ?3";
static const char sql_event[] = EVENT_COLS "WHERE e.id = ?";

static void event_from_row(struct alert_event *e, sqlite3_stmt *st)
{
    e->id = sqlite3_column_int64(st, 0);
    e->rule_id = sqlite3_column_int64(st, 1);
    e->rule_name = store_column_dup(st, 2);
    e->dedup_key = store_column_dup(st, 3);
    e->fired_at = sqlite3_column_int64(st, 4);
    e->payload = store_column_dup(st, 5);
    e->ack_by = store_column_dup(st, 6);
    e->ack_at = sqlite3_column_int64(st, 7);
    e->pending = sqlite3_column_int(st, 8);
    e->sent = sqlite3_column_int(st, 9);
    e->failed = sqlite3_column_int(st, 10);
    e->last_error = store_column_dup(st, 11);
}

herald_rc alerts_inbox_list(struct store *s, struct alert_event **out, size_t *n,
                            const struct alerts_inbox_filter *f)
{
    sqlite3_stmt *st = NULL;
    size_t limit = f && f->limit ? f->limit : 50, cnt = 0;
    *out = NULL;
    *n = 0;
    herald_rc rc = store_prepare(s, &st, sql_inbox);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, f && f->all);
    sqlite3_bind_int64(st, 2, f ? f->before_id : 0);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    struct alert_event *v = xcalloc(limit, sizeof *v);
    int step;
    while (cnt < limit && (step = sqlite3_step(st)) == SQLITE_ROW)
        event_from_row(&v[cnt++], st);
    if (cnt < limit && step != SQLITE_DONE) {
        rc = store_fail(s, "alert inbox");
        alert_events_free(v, cnt);
        v = NULL, cnt = 0;
    }
    sqlite3_reset(st);
    *out = v;
    *n = cnt;
    return rc;
}

herald_rc alerts_event_get(struct store *s, struct alert_event *out, int64_t id)
{
    sqlite3_stmt *st = NULL;
    memset(out, 0, sizeof *out);
    herald_rc rc = store_prepare(s, &st, sql_event);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        event_from_row(out, st);
    else if (step == SQLITE_DONE)
        rc = herald_error_set(HERALD_ENOTFOUND, "no alert %lld", (long long)id);
    else
        rc = store_fail(s, "alert");
    sqlite3_reset(st);
    return rc;
}

char *alert_event_to_json(const struct alert_event *e)
{
    json_error_t err;
    json_t *o = json_object(), *p = json_loads(e->payload ? e->payload : "{}", 0, &err);
    json_object_set_new(o, "id", json_integer(e->id));
    json_object_set_new(o, "rule_id", e->rule_id ? json_integer(e->rule_id) : json_null());
    json_object_set_new(o, "rule", json_string(e->rule_name ? e->rule_name : ""));
    json_object_set_new(o, "key", json_string(e->dedup_key ? e->dedup_key : ""));
    json_object_set_new(o, "fired_at", json_integer(e->fired_at));
    json_object_set_new(o, "event", p ? p : json_object());
    json_object_set_new(o, "ack_by", e->ack_by ? json_string(e->ack_by) : json_null());
    json_object_set_new(o, "ack_at", e->ack_at ? json_integer(e->ack_at) : json_null());
    json_object_set_new(
        o, "deliveries",
        json_pack("{sisisi}", "pending", e->pending, "sent", e->sent, "failed", e->failed));
    json_object_set_new(o, "last_error", e->last_error ? json_string(e->last_error) : json_null());
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

herald_rc alerts_event_ack(struct store *s, const struct auth_actor *by, int64_t id)
{
    static const char sql[] =
        "UPDATE alert_events SET ack_by = ?, ack_at = ? WHERE id = ? AND ack_at = 0";
    struct alert_event e;
    sqlite3_stmt *st = NULL;
    char ids[24];
    herald_rc rc = alerts_event_get(s, &e, id);
    int64_t acked = e.ack_at;
    alert_event_clear(&e);
    if (rc || acked)
        return rc;
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    if ((rc = store_begin(s)))
        return rc;
    if (!(rc = store_prepare(s, &st, sql))) {
        store_bind_text(st, 1, by->name);
        sqlite3_bind_int64(st, 2, time(NULL));
        sqlite3_bind_int64(st, 3, id);
        rc = step_write(s, st, "alert ack");
    }
    if (!rc && sqlite3_changes(store_db(s)) == 1)
        rc = auth_audit(s, by, "alert.ack", "alert", ids, NULL, NULL);
    return finish(s, rc);
}

void alert_event_clear(struct alert_event *e)
{
    if (!e)
        return;
    free(e->rule_name);
    free(e->dedup_key);
    free(e->payload);
    free(e->ack_by);
    free(e->last_error);
    memset(e, 0, sizeof *e);
}

void alert_events_free(struct alert_event *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        alert_event_clear(&v[i]);
    free(v);
}
