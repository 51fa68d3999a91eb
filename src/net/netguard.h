/* SSRF guard: decides whether herald may connect to an address. Loopback,
 * private, link-local, CGNAT, unspecified, multicast, reserved and
 * IPv4-mapped/compatible forms of these are refused unless allowed. */
#ifndef HERALD_NETGUARD_H
#define HERALD_NETGUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

/* Returns true when sa (AF_INET or AF_INET6) is a public unicast address.
 * Any other family returns false. */
bool netguard_public_addr(const struct sockaddr *sa);

/* Returns true when the numeric address ip ("10.0.0.1", "::1") is public;
 * false when it is not public or does not parse. */
bool netguard_public_ip(const char *ip);

/* Writes the numeric form of sa into out (size n, at least 46 bytes is
 * enough); "?" for an unknown family. Returns out. */
char *netguard_addr_str(char *out, size_t n, const struct sockaddr *sa);

/* Test hook: treats exactly the numeric address ip as public from now on
 * (NULL clears it). Lets tests against a 127.0.0.1 server show that a
 * redirect to another loopback address is refused. Not thread-safe. */
void netguard_test_allow(const char *ip);

#endif
