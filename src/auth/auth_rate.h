/* The in-memory login rate limit used by auth_login() (auth_rate.c).
 * Internal to the auth module. */
#ifndef HERALD_AUTH_RATE_H
#define HERALD_AUTH_RATE_H

#include <stdbool.h>

/* Returns true when (name, ip) has used up its failed logins. */
bool auth_rate_limited(const char *name, const char *ip);
/* Counts one failed login for (name, ip). */
void auth_rate_failure(const char *name, const char *ip);
/* Forgets the failures of (name, ip) after a successful login. */
void auth_rate_success(const char *name, const char *ip);

#endif
