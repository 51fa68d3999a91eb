/* herald alerts: the inbox (list, ack), rules (rule add|list|show|enable|
 * disable|delete, audited as actor "cli"), a dry run of one rule (test,
 * --send for a test message), one evaluation cycle (evaluate [--at TIME])
 * and one outbox round (deliver), for tests and cron. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alerts/alerts.h"
#include "cli/store_cli.h"
#include "util/date.h"
#include "util/str.h"

#define USAGE                                                                                      \
    "alerts list [--all] [--json] [--limit N] | test RULE [--at TIME] [--send] | ack ID"           \
    " | rule add FILE|- | rule list [--json] | rule show RULE | rule enable|disable|delete RULE"   \
    " | evaluate [--at TIME] | deliver [--at TIME]"

static int usage(void)
{
    return cli_usage("alerts", USAGE);
}

/* Parses --at TIME (ISO 8601 or seconds since the epoch) into *at. */
static int parse_at(int64_t *at, const char *v)
{
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (*v && end && !*end && n > 0) {
        *at = n;
        return 0;
    }
    if (date_parse_office(at, v) != HERALD_OK)
        return cli_fail("alerts: --at: %s", herald_error_last());
    return 0;
}

/* Reads the options after the subcommand: --at, --all, --json, --send,
 * --limit; one positional argument into *arg. Returns 0 or 2. */
struct opts {
    int64_t at;
    bool all, json, send;
    long limit;
    const char *arg;
};

static int parse_opts(struct opts *o, int argc, char **argv, int first)
{
    memset(o, 0, sizeof *o);
    o->at = time(NULL);
    for (int i = first; i < argc; i++) {
        if (!strcmp(argv[i], "--at") && i + 1 < argc) {
            if (parse_at(&o->at, argv[++i]))
                return 1;
        } else if (!strcmp(argv[i], "--all")) {
            o->all = true;
        } else if (!strcmp(argv[i], "--json")) {
            o->json = true;
        } else if (!strcmp(argv[i], "--send")) {
            o->send = true;
        } else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
            o->limit = strtol(argv[++i], NULL, 10);
            if (o->limit < 1 || o->limit > 1000)
                return cli_fail("alerts: --limit: 1 to 1000");
        } else if ((argv[i][0] != '-' || !argv[i][1]) && !o->arg) {
            o->arg = argv[i];
        } else {
            return usage();
        }
    }
    return 0;
}

static const char *delivery_state(const struct alert_event *e)
{
    return e->failed ? "FAILED" : e->pending ? "pending" : e->sent ? "sent" : "-";
}

static int do_list(struct store *st, const struct opts *o)
{
    struct alerts_inbox_filter f = {.all = o->all, .limit = o->limit ? (size_t)o->limit : 50};
    struct alert_event *v = NULL;
    size_t n = 0;
    char iso[32];
    if (alerts_inbox_list(st, &v, &n, &f))
        return cli_fail("alerts: %s", herald_error_last());
    for (size_t i = 0; i < n; i++) {
        if (o->json) {
            char *j = alert_event_to_json(&v[i]);
            printf("%s\n", j);
            free(j);
            continue;
        }
        json_t *p = json_loads(v[i].payload, 0, NULL);
        const char *sum = json_string_value(json_object_get(p, "summary"));
        printf("%lld\t%s\t%s\t%s\t%s%s%s\n", (long long)v[i].id,
               date_format_iso(iso, v[i].fired_at), v[i].rule_name, delivery_state(&v[i]),
               sum ? sum : v[i].dedup_key, v[i].ack_by ? "\tack by " : "",
               v[i].ack_by ? v[i].ack_by : "");
        if (v[i].failed && v[i].last_error)
            printf("\t\tlast error: %s\n", v[i].last_error);
        json_decref(p);
    }
    alert_events_free(v, n);
    return 0;
}

static int do_ack(struct store *st, const struct opts *o)
{
    int64_t id;
    struct auth_actor cli = AUTH_ACTOR_CLI;
    if (!o->arg || !store_cli_parse_id(o->arg, &id))
        return usage();
    if (alerts_event_ack(st, &cli, id))
        return cli_fail("alerts ack: %s", herald_error_last());
    printf("acknowledged %lld\n", (long long)id);
    return 0;
}

static int do_test(struct store *st, const struct alerts_config *c, const struct opts *o)
{
    struct alert_rule *r = NULL;
    struct alert_hit *v = NULL;
    size_t n = 0;
    int status = 0;
    if (!o->arg)
        return usage();
    if (alerts_rule_find(st, &r, o->arg))
        return cli_fail("alerts test: %s", herald_error_last());
    if (alerts_rule_eval(st, &v, &n, c, r, o->at)) {
        status = cli_fail("alerts test: %s", herald_error_last());
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        printf("would fire %s %s\n", v[i].dedup_key, v[i].payload);
    if (n == 0)
        printf("nothing would fire\n");
    if (o->send) {
        char *report = NULL;
        herald_rc rc = alerts_send_test(&report, c, r, o->at);
        fputs(report, stdout);
        free(report);
        if (rc)
            status = cli_fail("alerts test: a channel failed");
    }
done:
    alert_hits_free(v, n);
    alert_rule_free(r);
    return status;
}

static int rule_add(struct store *st, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    struct alert_rule *r = NULL;
    struct auth_actor cli = AUTH_ACTOR_CLI;
    int64_t id = 0;
    int status = 0;
    if (str_read_file(&data, &len, path, ALERTS_RULE_MAX + 1))
        return cli_fail("alerts rule add: %s", herald_error_last());
    if (alert_rule_parse(&r, data, len) || alerts_rule_add(st, &id, &cli, r))
        status = cli_fail("alerts rule add: %s: %s", path, herald_error_last());
    else
        printf("added rule %lld (%s)\n", (long long)id, r->name);
    alert_rule_free(r);
    free(data);
    return status;
}

static void print_rule(const struct alert_rule *r, bool json)
{
    static const char *const conds[] = {"spike", "threshold", "new_story", "negative_shift"};
    if (json) {
        char *j = alert_rule_to_json(r, true);
        printf("%s\n", j);
        free(j);
        return;
    }
    printf("%lld\t%s\t%s\t%s\t%zu channel%s\n", (long long)r->id, r->enabled ? "on" : "off",
           conds[r->cond], r->name, r->n_channels, r->n_channels == 1 ? "" : "s");
}

static int do_rule(struct store *st, int argc, char **argv)
{
    struct opts o;
    struct auth_actor cli = AUTH_ACTOR_CLI;
    struct alert_rule *r = NULL, **v = NULL;
    size_t n = 0;
    int status;
    if (argc < 3)
        return usage();
    const char *sub = argv[2];
    if ((status = parse_opts(&o, argc, argv, 3)))
        return status;
    if (!strcmp(sub, "add"))
        return o.arg ? rule_add(st, o.arg) : usage();
    if (!strcmp(sub, "list")) {
        if (alerts_rule_list(st, &v, &n))
            return cli_fail("alerts rule list: %s", herald_error_last());
        for (size_t i = 0; i < n; i++)
            print_rule(v[i], o.json);
        alert_rules_free(v, n);
        return 0;
    }
    if (!o.arg || (strcmp(sub, "show") && strcmp(sub, "enable") && strcmp(sub, "disable") &&
                   strcmp(sub, "delete")))
        return usage();
    if (alerts_rule_find(st, &r, o.arg))
        return cli_fail("alerts rule %s: %s", sub, herald_error_last());
    herald_rc rc = HERALD_OK;
    if (!strcmp(sub, "show"))
        print_rule(r, true);
    else if (!strcmp(sub, "delete"))
        rc = alerts_rule_delete(st, &cli, r->id);
    else
        rc = alerts_rule_set_enabled(st, &cli, r->id, !strcmp(sub, "enable"));
    if (rc)
        status = cli_fail("alerts rule %s: %s", sub, herald_error_last());
    else if (strcmp(sub, "show"))
        printf("%sd rule %lld (%s)\n", sub[strlen(sub) - 1] == 'e' ? sub : sub, (long long)r->id,
               r->name);
    alert_rule_free(r);
    return status;
}

static int do_cycle(struct store *st, const struct alerts_config *c, const struct opts *o,
                    bool evaluate)
{
    size_t a = 0, b = 0;
    if (evaluate) {
        if (alerts_evaluate(st, c, o->at, &a))
            return cli_fail("alerts evaluate: %s", herald_error_last());
        printf("%zu new alert%s\n", a, a == 1 ? "" : "s");
        return 0;
    }
    if (alerts_deliver_due(st, c, o->at, &a, &b))
        return cli_fail("alerts deliver: %s", herald_error_last());
    printf("%zu sent, %zu failed\n", a, b);
    return 0;
}

int cmd_alerts(struct cli_ctx *ctx, int argc, char **argv)
{
    struct store *st = NULL;
    struct alerts_config c;
    struct opts o;
    int status;
    if (argc < 2)
        return usage();
    const char *sub = argv[1];
    static const char *const subs[] = {"list", "ack", "test", "rule", "evaluate", "deliver", NULL};
    bool known = false;
    for (int i = 0; subs[i]; i++)
        known = known || !strcmp(sub, subs[i]);
    if (!known)
        return usage();
    if (strcmp(sub, "rule") && (status = parse_opts(&o, argc, argv, 2)))
        return status;
    config_alerts(&c, &ctx->cfg);
    if (store_cli_open(ctx, &st))
        return 1;
    if (!strcmp(sub, "list"))
        status = do_list(st, &o);
    else if (!strcmp(sub, "ack"))
        status = do_ack(st, &o);
    else if (!strcmp(sub, "test"))
        status = do_test(st, &c, &o);
    else if (!strcmp(sub, "rule"))
        status = do_rule(st, argc, argv);
    else
        status = do_cycle(st, &c, &o, !strcmp(sub, "evaluate"));
    store_close(st);
    return status;
}
