/* SSRF guard: classifies IPv4/IPv6 addresses as public or not. fetch.c calls
 * it from libcurl's open-socket callback, so it sees the address actually
 * being connected to (after DNS, on every redirect). */
#include "net/netguard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static char test_allowed[INET6_ADDRSTRLEN];

/* Returns true when the IPv4 address a (host order) is public unicast. */
static bool public_v4(uint32_t a)
{
    static const struct {
        uint32_t net, mask;
    } deny[] = {
        {0x00000000, 0xff000000}, /* 0/8 "this network", unspecified */
        {0x0a000000, 0xff000000}, /* 10/8 private */
        {0x64400000, 0xffc00000}, /* 100.64/10 CGNAT */
        {0x7f000000, 0xff000000}, /* 127/8 loopback */
        {0xa9fe0000, 0xffff0000}, /* 169.254/16 link-local */
        {0xac100000, 0xfff00000}, /* 172.16/12 private */
        {0xc0000000, 0xffffff00}, /* 192.0.0/24 IETF protocol assignments */
        {0xc0000200, 0xffffff00}, /* 192.0.2/24 TEST-NET-1 */
        {0xc0a80000, 0xffff0000}, /* 192.168/16 private */
        {0xc6120000, 0xfffe0000}, /* 198.18/15 benchmarking */
        {0xc6336400, 0xffffff00}, /* 198.51.100/24 TEST-NET-2 */
        {0xcb007100, 0xffffff00}, /* 203.0.113/24 TEST-NET-3 */
        {0xe0000000, 0xf0000000}, /* 224/4 multicast */
        {0xf0000000, 0xf0000000}, /* 240/4 reserved, broadcast */
    };
    for (size_t i = 0; i < sizeof deny / sizeof deny[0]; i++)
        if ((a & deny[i].mask) == deny[i].net)
            return false;
    return true;
}

static uint32_t v4_at(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Returns true when the IPv6 address b (16 bytes) is public unicast. */
static bool public_v6(const uint8_t *b)
{
    static const uint8_t zero[12] = {0};
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const uint8_t nat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
        return public_v4(v4_at(b + 12));
    if (memcmp(b, zero, 12) == 0) /* ::, ::1 and deprecated IPv4-compatible */
        return false;
    if ((b[0] & 0xfe) == 0xfc) /* fc00::/7 unique local */
        return false;
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) /* fe80::/10 link-local */
        return false;
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) /* fec0::/10 site-local */
        return false;
    if (b[0] == 0xff) /* ff00::/8 multicast */
        return false;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) /* documentation */
        return false;
    if (b[0] == 0x20 && b[1] == 0x02) /* 6to4: judge the embedded IPv4 */
        return public_v4(v4_at(b + 2));
    return true;
}

char *netguard_addr_str(char *out, size_t n, const struct sockaddr *sa)
{
    const void *p = NULL;
    if (sa->sa_family == AF_INET)
        p = &((const struct sockaddr_in *)sa)->sin_addr;
    else if (sa->sa_family == AF_INET6)
        p = &((const struct sockaddr_in6 *)sa)->sin6_addr;
    if (!p || !inet_ntop(sa->sa_family, p, out, (socklen_t)n))
        snprintf(out, n, "?");
    return out;
}

bool netguard_public_addr(const struct sockaddr *sa)
{
    if (test_allowed[0]) {
        char s[INET6_ADDRSTRLEN];
        if (strcmp(netguard_addr_str(s, sizeof s, sa), test_allowed) == 0)
            return true;
    }
    if (sa->sa_family == AF_INET)
        return public_v4(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
    if (sa->sa_family == AF_INET6)
        return public_v6(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
    return false;
}

bool netguard_public_ip(const char *ip)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    if (ip && inet_pton(AF_INET, ip, &v4.sin_addr) == 1)
        return netguard_public_addr((struct sockaddr *)&v4);
    if (ip && inet_pton(AF_INET6, ip, &v6.sin6_addr) == 1)
        return netguard_public_addr((struct sockaddr *)&v6);
    return false;
}

void netguard_test_allow(const char *ip)
{
    snprintf(test_allowed, sizeof test_allowed, "%s", ip ? ip : "");
}
