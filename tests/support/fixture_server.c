/* fixture_server: a small HTTP/1.1 server for herald's tests (a thread per
 * connection, keep-alive, listen backlog 512). Binds 127.0.0.1 (or each
 * --bind ADDR, same port), writes the port to stdout and --port-file.
 *
 * Usage: fixture_server --root DIR [--port-file FILE] [--port N] [--bind ADDR]...
 *                       [--robots-status N]
 *
 * Routes:
 *   /PATH                      a file under --root (no traversal); "{{BASE}}" in
 *                              text files becomes http://127.0.0.1:PORT; ETag,
 *                              Last-Modified, 304 on If-None-Match/If-Modified-Since,
 *                              gzip when accepted; /robots.txt is root/robots.txt
 *                              (or status N with --robots-status N)
 *   /_ok                       200 "ok"
 *   /_slow?ms=N                waits N ms before the headers
 *   /_drip?ms=N[&bytes=B]      sends B (default 100) bytes, one per N ms
 *   /_big?bytes=N[&chunked=1]  N bytes, with Content-Length or chunked
 *   /_redirect?n=N             a chain of N redirects ending at /_ok
 *   /_redirect_to?url=U        one 302 to U
 *   /_loop                     redirects to itself
 *   /_status?code=N            status N
 *   /_gzip_truncated           Content-Encoding: gzip, stream cut mid-way
 *   /_charset?declared=X&file=F  root/F with "charset=X" in Content-Type
 *   /_hits?path=P              how many times P (path, or path?query) was requested
 *   /_maxinflight?host=H       most requests seen in flight at once for Host H
 *                              (without its port; H = "*" counts all hosts)
 *   /_reset                    clears the counters above
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

#define MAX_LISTEN 8
#define MAX_HEADER 16384
#define MAX_FILE (64 * 1024 * 1024)

struct request {
    char method[16];
    char target[4096];
    char path[4096]; /* decoded, without the query */
    char query[4096];
    char host[256]; /* Host header without the port */
    char inm[256];  /* If-None-Match */
    char ims[128];  /* If-Modified-Since */
    bool gzip_ok;
    bool keep_alive;
};

struct counter {
    char *key;
    long n, cur, max;
    struct counter *next;
};

static const char *root_dir;
static int port;
static int robots_status; /* --robots-status: /robots.txt answers this */
static volatile sig_atomic_t stopping;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct counter *hits, *inflight;
/* The request this thread counts as in flight until its headers go out, so
 * a client that waits for each response never shows as two in flight. */
static _Thread_local const struct request *in_flight;

static struct counter *counter_get(struct counter **list, const char *key)
{
    for (struct counter *c = *list; c; c = c->next)
        if (strcmp(c->key, key) == 0)
            return c;
    struct counter *c = xcalloc(1, sizeof *c);
    c->key = xstrdup(key);
    c->next = *list;
    *list = c;
    return c;
}

/* Zeroes the counts and maxima; in-flight levels stay (requests are live). */
static void counters_clear(struct counter *list)
{
    for (struct counter *c = list; c; c = c->next) {
        c->n = 0;
        c->max = c->cur;
    }
}

/* Counts a request and its host's in-flight level; delta -1 ends it. */
static void track(const struct request *rq, int delta)
{
    pthread_mutex_lock(&lock);
    if (delta > 0) {
        counter_get(&hits, rq->path)->n++;
        if (rq->query[0]) {
            char *full = xasprintf("%s?%s", rq->path, rq->query);
            counter_get(&hits, full)->n++;
            free(full);
        }
    }
    for (int i = 0; i < 2; i++) {
        struct counter *c = counter_get(&inflight, i == 0 ? rq->host : "*");
        c->cur += delta;
        if (c->cur > c->max)
            c->max = c->cur;
    }
    pthread_mutex_unlock(&lock);
}

static long counter_read(struct counter **list, const char *key, bool want_max)
{
    pthread_mutex_lock(&lock);
    struct counter *c = counter_get(list, key);
    long v = want_max ? c->max : c->n;
    pthread_mutex_unlock(&lock);
    return v;
}

static bool write_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes s into out (size n); '+' is a space when plus is set. */
static void url_decode(char *out, size_t n, const char *s, size_t len, bool plus)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < n; i++) {
        if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = plus && s[i] == '+' ? ' ' : s[i];
        }
    }
    out[o] = '\0';
}

/* Copies query parameter name's decoded value into out; false when absent. */
static bool query_param(const struct request *rq, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    for (const char *p = rq->query; *p;) {
        const char *end = strchr(p, '&');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            url_decode(out, n, p + nl + 1, len - nl - 1, true);
            return true;
        }
        p += len + (end ? 1 : 0);
    }
    return false;
}

static long query_long(const struct request *rq, const char *name, long dflt)
{
    char v[64];
    return query_param(rq, name, v, sizeof v) ? strtol(v, NULL, 10) : dflt;
}

/* Clients ignore reason phrases; only the common ones are spelt out. */
static const char *reason(int code)
{
    return code == 200   ? "OK"
           : code == 302 ? "Found"
           : code == 304 ? "Not Modified"
           : code == 404 ? "Not Found"
                         : "Status";
}

static void end_flight(void)
{
    if (in_flight)
        track(in_flight, -1);
    in_flight = NULL;
}

/* Sends a status line, the common headers and extra (CRLF-terminated lines). */
static bool send_head(int fd, const struct request *rq, int code, const char *extra)
{
    end_flight();
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&now, &tm));
    char *h = xasprintf("HTTP/1.1 %d %s\r\nDate: %s\r\nServer: fixture_server\r\n"
                        "Connection: %s\r\n%s\r\n",
                        code, reason(code), date, rq->keep_alive ? "keep-alive" : "close",
                        extra ? extra : "");
    bool ok = write_all(fd, h, strlen(h));
    free(h);
    return ok;
}

/* Sends a complete response with a Content-Length body. */
static bool send_simple(int fd, const struct request *rq, int code, const char *ctype,
                        const char *extra, const char *body, size_t len)
{
    char *hdr =
        xasprintf("Content-Type: %s\r\nContent-Length: %zu\r\n%s", ctype, len, extra ? extra : "");
    bool ok = send_head(fd, rq, code, hdr);
    free(hdr);
    if (ok && strcmp(rq->method, "HEAD") != 0)
        ok = write_all(fd, body, len);
    return ok;
}

static bool send_text(int fd, const struct request *rq, int code, const char *text)
{
    return send_simple(fd, rq, code, "text/plain; charset=utf-8", NULL, text, strlen(text));
}

static bool send_redirect(int fd, const struct request *rq, const char *location)
{
    char *extra = xasprintf("Location: %s\r\n", location);
    bool ok = send_simple(fd, rq, 302, "text/plain", extra, "redirect\n", 9);
    free(extra);
    return ok;
}

/* Compresses len bytes into a gzip stream in out (caller frees out->data). */
static void gzip_buf(struct buf *out, const char *data, size_t len)
{
    z_stream z = {0};
    int zrc = deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    if (zrc != Z_OK)
        abort();
    buf_init(out, 0);
    size_t cap = deflateBound(&z, len) + 64;
    char *tmp = xmalloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)tmp;
    z.avail_out = (uInt)cap;
    deflate(&z, Z_FINISH);
    buf_append(out, tmp, cap - z.avail_out);
    deflateEnd(&z);
    free(tmp);
}

static const char *content_type_for(const char *path)
{
    static const char *const types[][2] = {
        {".xml", "application/xml"},   {".rss", "application/xml"}, {".atom", "application/xml"},
        {".json", "application/json"}, {".html", "text/html"},      {".htm", "text/html"},
        {".txt", "text/plain"},        {".opml", "application/xml"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0)
            return types[i][1];
    return "application/octet-stream";
}

static bool is_text_type(const char *ctype)
{
    return strncmp(ctype, "text/", 5) == 0 || strstr(ctype, "xml") || strstr(ctype, "json");
}

/* Returns data with every "{{BASE}}" replaced (caller frees out). */
static void substitute_base(struct buf *out, const char *data, size_t len)
{
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
    buf_init(out, 0);
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *m = memmem(p, (size_t)(end - p), "{{BASE}}", 8);
        if (!m) {
            buf_append(out, p, (size_t)(end - p));
            break;
        }
        buf_append(out, p, (size_t)(m - p));
        buf_puts(out, base);
        p = m + 8;
    }
    if (!out->data)
        buf_puts(out, "");
}

/* Resolves a decoded request path to a file under root; false on traversal. */
static bool safe_file_path(char *out, size_t n, const char *path)
{
    char joined[PATH_MAX];
    if (path[0] != '/' || strstr(path, "/..") || strchr(path, '\\'))
        return false;
    int w = snprintf(joined, sizeof joined, "%s%s", root_dir, path);
    if (w <= 0 || (size_t)w >= sizeof joined || !realpath(joined, out))
        return false;
    size_t rl = strlen(root_dir); /* root_dir is a realpath: symlinks may not escape it */
    return n >= PATH_MAX && strncmp(out, root_dir, rl) == 0 && out[rl] == '/';
}

static bool not_modified(const struct request *rq, const char *etag, const char *lastmod,
                         time_t mtime)
{
    if (rq->inm[0])
        return strstr(rq->inm, etag) != NULL || strcmp(rq->inm, "*") == 0;
    if (rq->ims[0]) {
        struct tm tm = {0};
        if (strptime(rq->ims, "%a, %d %b %Y %H:%M:%S GMT", &tm))
            return timegm(&tm) >= mtime;
    }
    return false;
}

/* Serves file rel from root; declared (may be NULL) overrides the charset. */
static bool serve_file(int fd, const struct request *rq, const char *rel, const char *declared)
{
    char path[PATH_MAX];
    struct stat st;
    if (!safe_file_path(path, sizeof path, rel) || stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return send_text(fd, rq, 404, "not found\n");
    char *data = NULL;
    size_t len = 0;
    if (str_read_file(&data, &len, path, MAX_FILE) != 0)
        return send_text(fd, rq, 500, "cannot read\n");
    const char *ctype = content_type_for(path);
    struct buf body;
    if (is_text_type(ctype))
        substitute_base(&body, data, len);
    else {
        buf_init(&body, 0);
        buf_append(&body, data, len);
    }
    free(data);
    char etag[64], lastmod[64], ctbuf[160];
    snprintf(etag, sizeof etag, "\"%08lx-%zx\"", crc32(0, (Bytef *)body.data, (uInt)body.len),
             body.len);
    struct tm tm;
    strftime(lastmod, sizeof lastmod, "%a, %d %b %Y %H:%M:%S GMT", gmtime_r(&st.st_mtime, &tm));
    if (declared)
        snprintf(ctbuf, sizeof ctbuf, "%s; charset=%s", ctype, declared);
    else
        snprintf(ctbuf, sizeof ctbuf, "%s", ctype);
    bool ok;
    if (not_modified(rq, etag, lastmod, st.st_mtime)) {
        char *extra = xasprintf("ETag: %s\r\nLast-Modified: %s\r\n", etag, lastmod);
        ok = send_head(fd, rq, 304, extra);
        free(extra);
    } else {
        struct buf gz = {0};
        bool zip = rq->gzip_ok && body.len > 0;
        if (zip)
            gzip_buf(&gz, body.data, body.len);
        char *extra = xasprintf("ETag: %s\r\nLast-Modified: %s\r\nVary: Accept-Encoding\r\n%s",
                                etag, lastmod, zip ? "Content-Encoding: gzip\r\n" : "");
        ok = zip ? send_simple(fd, rq, 200, ctbuf, extra, gz.data, gz.len)
                 : send_simple(fd, rq, 200, ctbuf, extra, buf_str(&body), body.len);
        free(extra);
        buf_free(&gz);
    }
    buf_free(&body);
    return ok;
}

static bool route_big(int fd, const struct request *rq)
{
    long n = query_long(rq, "bytes", 0);
    bool chunked = query_long(rq, "chunked", 0) != 0;
    char *extra = chunked ? xstrdup("Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n")
                          : xasprintf("Content-Type: text/plain\r\nContent-Length: %ld\r\n", n);
    bool ok = send_head(fd, rq, 200, extra);
    free(extra);
    char block[16384];
    memset(block, 'x', sizeof block);
    for (long left = n; ok && left > 0;) {
        size_t k = left < (long)sizeof block ? (size_t)left : sizeof block;
        char hdr[32];
        if (chunked) {
            snprintf(hdr, sizeof hdr, "%zx\r\n", k);
            ok = write_all(fd, hdr, strlen(hdr));
        }
        ok = ok && write_all(fd, block, k) && (!chunked || write_all(fd, "\r\n", 2));
        left -= (long)k;
    }
    return ok && (!chunked || write_all(fd, "0\r\n\r\n", 5));
}

static bool route_drip(int fd, const struct request *rq)
{
    long ms = query_long(rq, "ms", 100), n = query_long(rq, "bytes", 100);
    char *extra = xasprintf("Content-Type: text/plain\r\nContent-Length: %ld\r\n", n);
    bool ok = send_head(fd, rq, 200, extra);
    free(extra);
    for (long i = 0; ok && i < n && !stopping; i++) {
        sleep_ms(ms);
        ok = write_all(fd, "d", 1);
    }
    return ok;
}

static bool route_gzip_truncated(int fd, const struct request *rq)
{
    struct buf text, gz;
    buf_init(&text, 0);
    for (int i = 0; i < 400; i++)
        buf_printf(&text, "line %d of a body that will be cut off mid-stream\n", i);
    gzip_buf(&gz, text.data, text.len);
    char *extra = xasprintf("Content-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                            "Content-Length: %zu\r\n",
                            gz.len / 2);
    bool ok = send_head(fd, rq, 200, extra) && write_all(fd, gz.data, gz.len / 2);
    free(extra);
    buf_free(&text);
    buf_free(&gz);
    return ok;
}

static bool route_redirect(int fd, const struct request *rq)
{
    long n = query_long(rq, "n", 1);
    if (n <= 1)
        return send_redirect(fd, rq, "/_ok");
    char loc[64];
    snprintf(loc, sizeof loc, "/_redirect?n=%ld", n - 1);
    return send_redirect(fd, rq, loc);
}

static bool route_counter(int fd, const struct request *rq, bool max)
{
    char key[1024] = "", out[32];
    query_param(rq, max ? "host" : "path", key, sizeof key);
    snprintf(out, sizeof out, "%ld\n", counter_read(max ? &inflight : &hits, key, max));
    return send_text(fd, rq, 200, out);
}

/* Dispatches one parsed request. Returns false to close the connection. */
static bool route(int fd, const struct request *rq)
{
    char v[1024];
    const char *p = rq->path;
    if (robots_status && !strcmp(p, "/robots.txt"))
        return send_text(fd, rq, robots_status, "robots status\n");
    if (!strcmp(p, "/_ok"))
        return send_text(fd, rq, 200, "ok\n");
    if (!strcmp(p, "/_slow")) {
        sleep_ms(query_long(rq, "ms", 1000));
        return send_text(fd, rq, 200, "slow ok\n");
    }
    if (!strcmp(p, "/_drip"))
        return route_drip(fd, rq);
    if (!strcmp(p, "/_big"))
        return route_big(fd, rq);
    if (!strcmp(p, "/_redirect"))
        return route_redirect(fd, rq);
    if (!strcmp(p, "/_redirect_to") && query_param(rq, "url", v, sizeof v))
        return send_redirect(fd, rq, v);
    if (!strcmp(p, "/_loop"))
        return send_redirect(fd, rq, "/_loop");
    if (!strcmp(p, "/_status")) {
        int code = (int)query_long(rq, "code", 200);
        snprintf(v, sizeof v, "status %d\n", code);
        return send_text(fd, rq, code < 100 || code > 599 ? 400 : code, v);
    }
    if (!strcmp(p, "/_gzip_truncated"))
        return route_gzip_truncated(fd, rq);
    if (!strcmp(p, "/_charset") && query_param(rq, "file", v + 1, sizeof v - 1)) {
        char declared[128] = "utf-8";
        query_param(rq, "declared", declared, sizeof declared);
        v[0] = '/';
        return serve_file(fd, rq, v[1] == '/' ? v + 1 : v, declared);
    }
    if (!strcmp(p, "/_hits") || !strcmp(p, "/_maxinflight"))
        return route_counter(fd, rq, p[2] == 'm');
    if (!strcmp(p, "/_reset")) {
        pthread_mutex_lock(&lock);
        counters_clear(hits);
        counters_clear(inflight);
        pthread_mutex_unlock(&lock);
        return send_text(fd, rq, 200, "reset\n");
    }
    return serve_file(fd, rq, p, NULL);
}

static void header_value(char *out, size_t n, const char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    snprintf(out, n, "%s", v);
    size_t l = strlen(out);
    while (l > 0 && (out[l - 1] == ' ' || out[l - 1] == '\t'))
        out[--l] = '\0';
}

/* Parses the header block (NUL-terminated, CRLF lines) into rq. */
static bool parse_request(struct request *rq, char *head)
{
    memset(rq, 0, sizeof *rq);
    char version[16] = "";
    char *save = NULL, *line = strtok_r(head, "\r\n", &save);
    if (!line || sscanf(line, "%15s %4095s %15s", rq->method, rq->target, version) != 3)
        return false;
    rq->keep_alive = strcmp(version, "HTTP/1.0") != 0;
    char *q = strchr(rq->target, '?');
    size_t plen = q ? (size_t)(q - rq->target) : strlen(rq->target);
    url_decode(rq->path, sizeof rq->path, rq->target, plen, false);
    snprintf(rq->query, sizeof rq->query, "%s", q ? q + 1 : "");
    while ((line = strtok_r(NULL, "\r\n", &save))) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        const char *v = colon + 1;
        if (!strcasecmp(line, "Host"))
            header_value(rq->host, sizeof rq->host, v);
        else if (!strcasecmp(line, "If-None-Match"))
            header_value(rq->inm, sizeof rq->inm, v);
        else if (!strcasecmp(line, "If-Modified-Since"))
            header_value(rq->ims, sizeof rq->ims, v);
        else if (!strcasecmp(line, "Accept-Encoding"))
            rq->gzip_ok = strstr(v, "gzip") != NULL;
        else if (!strcasecmp(line, "Connection"))
            rq->keep_alive =
                strcasestr(v, "close") ? false : (strcasestr(v, "keep-alive") || rq->keep_alive);
    }
    char *colon = rq->host[0] == '[' ? strstr(rq->host, "]:") : strrchr(rq->host, ':');
    if (colon)
        colon[rq->host[0] == '[' ? 1 : 0] = '\0';
    return rq->path[0] == '/';
}

/* Reads one header block into head (capped); returns its length, 0 on EOF. */
static size_t read_head(int fd, char *head, size_t cap, size_t *have)
{
    for (;;) {
        head[*have] = '\0';
        char *end = strstr(head, "\r\n\r\n");
        if (end)
            return (size_t)(end - head) + 4;
        if (*have + 1 >= cap)
            return 0;
        ssize_t r = recv(fd, head + *have, cap - 1 - *have, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 0;
        *have += (size_t)r;
    }
}

static void *connection(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char *head = xmalloc(MAX_HEADER);
    size_t have = 0;
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    for (;;) {
        size_t used = read_head(fd, head, MAX_HEADER, &have);
        if (used == 0)
            break;
        char saved = head[used - 1];
        head[used - 1] = '\0';
        struct request rq;
        bool parsed = parse_request(&rq, head);
        head[used - 1] = saved;
        memmove(head, head + used, have - used);
        have -= used;
        if (!parsed) {
            rq.keep_alive = false;
            send_text(fd, &rq, 400, "bad request\n");
            break;
        }
        track(&rq, 1);
        in_flight = &rq;
        bool ok = route(fd, &rq);
        end_flight();
        if (!ok || !rq.keep_alive)
            break;
    }
    free(head);
    close(fd);
    return NULL;
}

static int listen_on(const char *addr, int want_port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)want_port)};
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
        fprintf(stderr, "fixture_server: bad address %s\n", addr);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 512) < 0) {
        fprintf(stderr, "fixture_server: %s:%d: %s\n", addr, want_port, strerror(errno));
        close(fd);
        return -1;
    }
    socklen_t sl = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &sl);
    port = ntohs(sa.sin_port);
    return fd;
}

static int write_port_file(const char *path)
{
    char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
    FILE *f = fopen(tmp, "w");
    int rc = -1;
    if (f && fprintf(f, "%d\n", port) > 0 && fclose(f) == 0)
        rc = rename(tmp, path);
    else if (f)
        fclose(f);
    free(tmp);
    return rc;
}

static void on_signal(int sig)
{
    stopping = 1;
}

static void serve(const int *fds, int nfd)
{
    struct pollfd pf[MAX_LISTEN];
    for (int i = 0; i < nfd; i++)
        pf[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
    while (!stopping) {
        if (poll(pf, (nfds_t)nfd, 200) <= 0)
            continue;
        for (int i = 0; i < nfd; i++) {
            if (!(pf[i].revents & POLLIN))
                continue;
            int c = accept4(fds[i], NULL, NULL, SOCK_CLOEXEC), one = 1;
            if (c < 0)
                continue;
            setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            pthread_t t;
            if (pthread_create(&t, NULL, connection, (void *)(intptr_t)c) != 0)
                close(c);
            else
                pthread_detach(t);
        }
    }
}

int main(int argc, char **argv)
{
    const char *port_file = NULL, *binds[MAX_LISTEN];
    int nbind = 0, want = 0, fds[MAX_LISTEN];
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--root"))
            root_dir = realpath(argv[i + 1], NULL);
        else if (!strcmp(argv[i], "--port-file"))
            port_file = argv[i + 1];
        else if (!strcmp(argv[i], "--port"))
            want = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--robots-status"))
            robots_status = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--bind") && nbind < MAX_LISTEN)
            binds[nbind++] = argv[i + 1];
    }
    if (!root_dir) {
        fprintf(stderr, "fixture_server: no usable --root\n");
        fprintf(stderr, "usage: fixture_server --root DIR [--port-file FILE] [--port N] "
                        "[--bind ADDR]...\n");
        return 2;
    }
    if (nbind == 0)
        binds[nbind++] = "127.0.0.1";
    for (int i = 0; i < nbind; i++)
        if ((fds[i] = listen_on(binds[i], i == 0 ? want : port)) < 0)
            return 1;
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("%d\n", port);
    fflush(stdout);
    if (port_file && write_port_file(port_file) != 0) {
        fprintf(stderr, "fixture_server: cannot write %s\n", port_file);
        return 1;
    }
    serve(fds, nbind);
    return 0;
}
