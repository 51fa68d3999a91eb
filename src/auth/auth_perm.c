/* Roles and the permission table (documented in auth.h): which role may
 * perform which action, and the agency scope of officers. */
#include <string.h>

#include "auth/auth_internal.h"

#define A (1u << AUTH_ROLE_ADMIN)
#define N (1u << AUTH_ROLE_ANALYST)
#define O (1u << AUTH_ROLE_OFFICER)
#define P (1u << AUTH_ROLE_APPROVER)
#define V (1u << AUTH_ROLE_VIEWER)

static const char *const role_names[AUTH_ROLE_COUNT] = {"admin", "analyst", "officer", "approver",
                                                        "viewer"};

/* The action names and, at the same index, the roles allowed. */
static const char *const actions[] = {
    "articles.read", "stats.read",  "sources.read",      "sources.write",
    "cases.read",    "cases.write", "statements.draft",  "statements.approve",
    "tasks.write",   "tokens.own",  "users.admin",       "audit.read",
    "self.password", "alerts.read", "alert_rules.write", "sources.delete",
    "metrics.read",
};
static const unsigned allowed[] = {
    A | N | O | P | V,
    A | N | O | P | V,
    A | N | O | P | V,
    A | N,
    A | N | O | P,
    A | N | O,
    A | N | O,
    A | P,
    A | N | O,
    A | N | O | P,
    A,
    A,
    A | N | O | P | V,
    A | N | O | P, /* alerts.read: the inbox, ack, rules */
    A | N,         /* alert_rules.write */
    A,             /* sources.delete: irreversible; analysts disable instead */
    A,             /* metrics.read: GET /metrics (public with [serve] metrics_public) */
};
_Static_assert(sizeof actions / sizeof actions[0] == sizeof allowed / sizeof allowed[0],
               "one role set per action");

#define N_ACTIONS (sizeof actions / sizeof actions[0])

const char *auth_role_name(enum auth_role role)
{
    if ((int)role < 0 || role >= AUTH_ROLE_COUNT)
        return NULL;
    return role_names[role];
}

herald_rc auth_role_parse(enum auth_role *out, const char *s)
{
    for (int i = 0; s && i < AUTH_ROLE_COUNT; i++) {
        if (!strcmp(s, role_names[i])) {
            *out = (enum auth_role)i;
            return HERALD_OK;
        }
    }
    return herald_error_set(HERALD_EINVAL,
                            "unknown role '%.64s' (admin, analyst, officer, approver, viewer)",
                            s ? s : "");
}

bool auth_allowed(enum auth_role role, const char *action)
{
    if ((int)role < 0 || role >= AUTH_ROLE_COUNT || !action)
        return false;
    for (size_t i = 0; i < N_ACTIONS; i++)
        if (!strcmp(actions[i], action))
            return (allowed[i] >> role) & 1u;
    return false;
}

bool auth_may_act_on(const struct auth_principal *p, const char *agency)
{
    if (p->role != AUTH_ROLE_OFFICER)
        return true;
    return agency && *agency && p->agency[0] && !strcmp(agency, p->agency);
}

const char *const *auth_actions(size_t *n)
{
    *n = N_ACTIONS;
    return actions;
}
