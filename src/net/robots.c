/* robots.txt: a tolerant parser (RFC 9309 plus Google's documented
 * behaviour), longest-match Allow/Disallow with * and $ wildcards, and a
 * per-origin cache that fetches missing /robots.txt files in parallel. */
#include "net/robots.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "net/url.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum mode { RULES, ALLOW_ALL, DENY_ALL };

struct rule {
    char *pattern;
    size_t len;
    bool allow;
};

struct rules {
    struct rule *v;
    size_t n, cap;
    long delay_ms;
    bool seen; /* a group for this agent exists (even with no rules) */
};

struct robots {
    enum mode mode;
    struct rules r;
};

/* Parser state: which groups the current lines belong to. */
struct parse_state {
    const char *agent;
    bool in_agents; /* the previous directive was a user-agent line */
    bool to_mine, to_star;
    struct rules mine, star;
};

/* Returns a copy of n bytes of s in the form URLs carry (RFC 9309 2.2.2):
 * bytes >= 0x80 and spaces percent-encoded, %xx escapes in upper case; a
 * leading '/' added when slash is set. Caller frees. */
static char *encode_path(const char *s, size_t n, bool slash)
{
    static const char hex[] = "0123456789ABCDEF";
    struct buf b;
    buf_init(&b, 0);
    if (slash)
        buf_putc(&b, '/');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == ' ') {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(&b, esc, 3);
        } else if (c == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
                   isxdigit((unsigned char)s[i + 2])) {
            char esc[3] = {'%', (char)toupper((unsigned char)s[i + 1]),
                           (char)toupper((unsigned char)s[i + 2])};
            buf_append(&b, esc, 3);
            i += 2;
        } else {
            buf_putc(&b, (char)c);
        }
    }
    return buf_steal(&b);
}

static void rules_add(struct rules *rs, const char *pat, size_t len, bool allow)
{
    len = strnlen(pat, len); /* a NUL byte ends the value */
    if (len == 0)
        return;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 8;
        rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
    }
    struct rule *r = &rs->v[rs->n++];
    r->pattern = encode_path(pat, len, pat[0] != '/' && pat[0] != '*');
    r->len = strlen(r->pattern);
    r->allow = allow;
}

static void rules_free(struct rules *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        free(rs->v[i].pattern);
    free(rs->v);
    memset(rs, 0, sizeof *rs);
}

/* Returns true when a user-agent value names agent: its leading run of
 * [A-Za-z_-] equals agent, case-insensitively ("Herald/1.0" names herald). */
static bool names_agent(const char *v, size_t len, const char *agent)
{
    size_t k = 0;
    while (k < len && (isalpha((unsigned char)v[k]) || v[k] == '_' || v[k] == '-'))
        k++;
    return k > 0 && k == strlen(agent) && strncasecmp(v, agent, k) == 0;
}

static bool key_is(const char *k, size_t kl, const char *const *names)
{
    for (; *names; names++)
        if (strlen(*names) == kl && strncasecmp(k, *names, kl) == 0)
            return true;
    return false;
}

static void on_agent(struct parse_state *ps, const char *v, size_t vl)
{
    if (!ps->in_agents)
        ps->to_mine = ps->to_star = false;
    ps->in_agents = true;
    if (vl == 1 && v[0] == '*')
        ps->to_star = true;
    else if (names_agent(v, vl, ps->agent))
        ps->to_mine = ps->mine.seen = true;
    if (ps->to_star)
        ps->star.seen = true;
}

static long parse_delay(const char *v, size_t vl)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.*s", (int)(vl < 31 ? vl : 31), v);
    double d = strtod(tmp, NULL);
    if (!(d > 0))
        return 0;
    return d > 86400 ? 86400000L : (long)(d * 1000.0);
}

/* Handles one "key: value" line (both trimmed, not NUL-terminated). */
static void on_line(struct parse_state *ps, const char *k, size_t kl, const char *v, size_t vl)
{
    static const char *const agent_keys[] = {"user-agent", "useragent", "user agent", NULL};
    static const char *const allow_keys[] = {"allow", NULL};
    static const char *const disallow_keys[] = {"disallow", "dissallow", "dissalow", "disalow",
                                                "diasllow", "disallaw",  NULL};
    static const char *const delay_keys[] = {"crawl-delay", "crawl_delay", "crawldelay", NULL};
    if (key_is(k, kl, agent_keys)) {
        on_agent(ps, v, vl);
        return;
    }
    bool allow = key_is(k, kl, allow_keys), disallow = key_is(k, kl, disallow_keys);
    bool delay = key_is(k, kl, delay_keys);
    if (!allow && !disallow && !delay)
        return; /* sitemap, host, garbage: not group members */
    ps->in_agents = false;
    struct rules *targets[2] = {ps->to_mine ? &ps->mine : NULL, ps->to_star ? &ps->star : NULL};
    for (int i = 0; i < 2; i++) {
        if (!targets[i])
            continue;
        if (delay)
            targets[i]->delay_ms = parse_delay(v, vl);
        else if (vl > 0)
            rules_add(targets[i], v, vl, allow);
    }
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && isspace((unsigned char)**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
        (*n)--;
}

/* Splits one raw line into key and value and hands it to on_line(). */
static void parse_line(struct parse_state *ps, const char *line, size_t n)
{
    const char *hash = memchr(line, '#', n);
    if (hash)
        n = (size_t)(hash - line);
    const char *colon = memchr(line, ':', n);
    if (!colon)
        return;
    const char *k = line, *v = colon + 1;
    size_t kl = (size_t)(colon - line), vl = n - kl - 1;
    trim(&k, &kl);
    trim(&v, &vl);
    if (kl > 0)
        on_line(ps, k, kl, v, vl);
}

herald_rc robots_parse(struct robots **out, const char *text, size_t len, const char *agent_token)
{
    *out = NULL;
    if (!text || !agent_token)
        return herald_error_set(HERALD_EINVAL, "robots_parse: no text or agent");
    struct parse_state ps = {.agent = agent_token};
    if (len > ROBOTS_MAX_BYTES)
        len = ROBOTS_MAX_BYTES;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != '\n' && text[j] != '\r')
            j++;
        parse_line(&ps, text + i, j - i);
        i = j + 1;
    }
    struct robots *r = xcalloc(1, sizeof *r);
    r->mode = RULES;
    if (ps.mine.seen) {
        r->r = ps.mine;
        rules_free(&ps.star);
    } else {
        r->r = ps.star;
        rules_free(&ps.mine);
    }
    *out = r;
    return HERALD_OK;
}

struct robots *robots_allow_all(void)
{
    struct robots *r = xcalloc(1, sizeof *r);
    r->mode = ALLOW_ALL;
    return r;
}

struct robots *robots_disallow_all(void)
{
    struct robots *r = xcalloc(1, sizeof *r);
    r->mode = DENY_ALL;
    return r;
}

void robots_free(struct robots *r)
{
    if (!r)
        return;
    rules_free(&r->r);
    free(r);
}

long robots_crawl_delay_ms(const struct robots *r)
{
    return r && r->mode == RULES ? r->r.delay_ms : 0;
}

/* Returns true when pattern (robots wildcards: '*' any run, a final '$'
 * anchors the end; otherwise a prefix match) matches s. O(len * strlen(s)). */
static bool pattern_match(const char *pat, size_t plen, const char *s)
{
    bool anchored = plen > 0 && pat[plen - 1] == '$';
    if (anchored)
        plen--;
    size_t pi = 0, si = 0, star_pi = 0, star_si = 0;
    bool star = false;
    for (;;) {
        if (pi == plen && (!anchored || s[si] == '\0'))
            return true;
        if (pi < plen && pat[pi] == '*') {
            star = true;
            star_pi = pi++;
            star_si = si;
        } else if (pi < plen && s[si] != '\0' && pat[pi] == s[si]) {
            pi++;
            si++;
        } else if (star && s[star_si] != '\0') {
            pi = star_pi + 1;
            si = ++star_si;
        } else {
            return false;
        }
    }
}

/* Returns the path-and-query part of a full URL, or s itself. */
static const char *path_of(const char *s)
{
    const char *sep = strstr(s, "://");
    if (!sep || s[0] == '/')
        return s;
    const char *slash = strchr(sep + 3, '/');
    return slash ? slash : "/";
}

bool robots_allowed(const struct robots *r, const char *path_and_query)
{
    const char *raw = path_of(path_and_query ? path_and_query : "/");
    if (!r || r->mode == ALLOW_ALL || strcmp(raw, "/robots.txt") == 0)
        return true;
    if (r->mode == DENY_ALL)
        return false;
    char *path = encode_path(raw, strlen(raw), false);
    const struct rule *best = NULL;
    for (size_t i = 0; i < r->r.n; i++) {
        const struct rule *ru = &r->r.v[i];
        if (best && (ru->len < best->len || (ru->len == best->len && best->allow)))
            continue;
        if (pattern_match(ru->pattern, ru->len, path))
            best = ru;
    }
    free(path);
    return !best || best->allow;
}
