/* The static file server behind `herald demo-site` and the network tests:
 * libmicrohttpd with an internal thread pool, realpath()-checked paths under
 * one root, {{BASE}} substitution, conditional GET (ETag, Last-Modified) and
 * gzip for large text files. It is a demo/test server, not a web server. */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "http/static.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/* zlib is loaded at run time (dlopen) because the http module's link line
 * does not carry it: gzip is used where libz.so.1 is installed and skipped
 * (identity encoding) where it is not. */
struct zlib_api {
    int (*init2)(z_streamp, int, int, int, int, int, const char *, int);
    int (*deflate)(z_streamp, int);
    int (*end)(z_streamp);
    uLong (*bound)(z_streamp, uLong);
};
static struct zlib_api zlib;
static pthread_once_t zlib_once = PTHREAD_ONCE_INIT;

static void zlib_load(void)
{
    void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return;
    zlib.deflate = (int (*)(z_streamp, int))dlsym(h, "deflate");
    zlib.end = (int (*)(z_streamp))dlsym(h, "deflateEnd");
    zlib.bound = (uLong(*)(z_streamp, uLong))dlsym(h, "deflateBound");
    zlib.init2 =
        (int (*)(z_streamp, int, int, int, int, int, const char *, int))dlsym(h, "deflateInit2_");
}

#define MAX_FILE_BYTES (16u << 20) /* largest file served */
#define GZIP_MIN_BYTES 1024        /* smaller text files go uncompressed */
#define SNIFF_BYTES 1024           /* where a <meta charset> is looked for */

struct static_server {
    struct MHD_Daemon *daemon;
    char *root; /* realpath of the served directory */
    char *base; /* "http://HOST:PORT" */
    int port;
};

/* What one request gets back: a body (malloc'd) and its headers. */
struct reply {
    char *body;
    size_t len;
    char ctype[96];
    char etag[64];
    char mtime[40];
    bool gzip;
    bool text;
};

/* Parses "HOST:PORT", ":PORT" or "PORT" (IPv4) into sa. */
static herald_rc parse_listen(struct sockaddr_in *sa, const char *addr)
{
    char host[64] = "127.0.0.1";
    const char *colon = strrchr(addr, ':');
    const char *port_s = colon ? colon + 1 : addr;
    if (colon && colon != addr) {
        size_t n = (size_t)(colon - addr);
        if (n >= sizeof host)
            return herald_error_set(HERALD_EINVAL, "listen address too long: %s", addr);
        memcpy(host, addr, n);
        host[n] = '\0';
    }
    if (!strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    char *end = NULL;
    long port = strtol(port_s, &end, 10);
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    if (!*port_s || *end || port < 0 || port > 65535 ||
        inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return herald_error_set(HERALD_EINVAL, "bad listen address (want IPv4 HOST:PORT): %s",
                                addr);
    sa->sin_port = htons((uint16_t)port);
    return HERALD_OK;
}

/* Returns true when the decoded URL path has no "." or ".." segment, no
 * hidden file and no backslash. */
static bool url_safe(const char *url)
{
    if (url[0] != '/' || strchr(url, '\\'))
        return false;
    for (const char *p = url; (p = strchr(p, '/')) != NULL;) {
        p++;
        if (*p == '.')
            return false;
    }
    return true;
}

/* Returns true when real is root itself or lies below it. */
static bool inside(const char *root, const char *real)
{
    size_t n = strlen(root);
    return !strncmp(real, root, n) && (real[n] == '\0' || real[n] == '/');
}

/* realpath() that must stay inside root. */
static herald_rc confined_realpath(char **out, const char *root, const char *path)
{
    *out = NULL;
    char *real = realpath(path, NULL);
    if (!real)
        return (errno == ENOENT || errno == ENOTDIR) ? HERALD_ENOTFOUND : HERALD_EDENIED;
    if (!inside(root, real)) {
        free(real);
        return HERALD_EDENIED;
    }
    *out = real;
    return HERALD_OK;
}

/* Maps a URL path to a regular file under root (a directory maps to its
 * index.html). Returns HERALD_EDENIED for traversal or an escaping symlink,
 * HERALD_ENOTFOUND when there is no such file. *out is freed by the caller. */
static herald_rc resolve_path(char **out, const char *root, const char *url)
{
    herald_rc rc = HERALD_OK;
    char *joined = NULL, *real = NULL;
    struct stat st;
    *out = NULL;
    if (!url_safe(url))
        return HERALD_EDENIED;
    joined = xasprintf("%s%s", root, url);
    if ((rc = confined_realpath(&real, root, joined)) != HERALD_OK)
        goto done;
    if (stat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
        free(joined);
        joined = xasprintf("%s/index.html", real);
        free(real);
        real = NULL;
        if ((rc = confined_realpath(&real, root, joined)) != HERALD_OK)
            goto done;
    }
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = HERALD_ENOTFOUND;
        goto done;
    }
    *out = real;
    real = NULL;
done:
    free(joined);
    free(real);
    return rc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

/* Returns the media type for a file name and whether it is text. */
static const char *media_type(const char *path, bool *text)
{
    static const struct {
        const char *ext, *type;
        bool text;
    } types[] = {
        {"feed.json", "application/feed+json", true},
        {".html", "text/html", true},
        {".htm", "text/html", true},
        {".xml", "application/xml", true},
        {".rss", "application/xml", true},
        {".atom", "application/xml", true},
        {".rdf", "application/xml", true},
        {".opml", "application/xml", true},
        {".json", "application/json", true},
        {".txt", "text/plain", true},
        {".md", "text/plain", true},
        {".css", "text/css", true},
        {".js", "text/javascript", true},
        {".svg", "image/svg+xml", true},
        {".png", "image/png", false},
        {".jpg", "image/jpeg", false},
        {".jpeg", "image/jpeg", false},
        {".gif", "image/gif", false},
        {".webp", "image/webp", false},
        {".ico", "image/x-icon", false},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (ends_with(path, types[i].ext)) {
            *text = types[i].text;
            return types[i].type;
        }
    *text = false;
    return "application/octet-stream";
}

/* Copies the charset named by the first "charset=" in the first bytes of an
 * HTML page into out; out is "" when there is none. */
static void sniff_charset(char *out, size_t n, const char *data, size_t len)
{
    char head[SNIFF_BYTES + 1];
    size_t m = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    memcpy(head, data, m);
    head[m] = '\0';
    out[0] = '\0';
    const char *p = strcasestr(head, "charset=");
    if (!p)
        return;
    p += strlen("charset=");
    p += strspn(p, "\"' ");
    size_t k = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
    if (k > 0 && k < n) {
        memcpy(out, p, k);
        out[k] = '\0';
    }
}

/* Sets r->ctype the way a typical server would: UTF-8 text says so; an HTML
 * page in a legacy charset gets the charset its <meta> declares; legacy XML
 * gets none, so its prolog decides. */
static void set_content_type(struct reply *r, const char *type)
{
    char cs[40] = "";
    bool is_json = strstr(type, "json") != NULL;
    if (r->text && !is_json && str_valid_utf8(r->body, r->len))
        strcpy(cs, "utf-8");
    else if (r->text && !strcmp(type, "text/html"))
        sniff_charset(cs, sizeof cs, r->body, r->len);
    if (cs[0])
        snprintf(r->ctype, sizeof r->ctype, "%s; charset=%s", type, cs);
    else
        snprintf(r->ctype, sizeof r->ctype, "%s", type);
}

/* Replaces every {{BASE}} in r->body with base. */
static void substitute_base(struct reply *r, const char *base)
{
    static const char mark[] = "{{BASE}}";
    const size_t mlen = sizeof mark - 1;
    if (!memmem(r->body, r->len, mark, mlen))
        return;
    struct buf b;
    buf_init(&b, 0);
    const char *p = r->body, *end = r->body + r->len, *hit;
    while ((hit = memmem(p, (size_t)(end - p), mark, mlen)) != NULL) {
        buf_append(&b, p, (size_t)(hit - p));
        buf_puts(&b, base);
        p = hit + mlen;
    }
    buf_append(&b, p, (size_t)(end - p));
    free(r->body);
    r->len = b.len;
    r->body = buf_steal(&b);
}

/* Returns true when the Accept-Encoding value accepts gzip (q > 0). */
static bool accepts_gzip(const char *ae)
{
    const char *p = ae ? strcasestr(ae, "gzip") : NULL;
    if (!p)
        return false;
    p += 4;
    p += strspn(p, " ");
    if (*p != ';')
        return true;
    p = strcasestr(p, "q=");
    return !p || strtod(p + 2, NULL) > 0.0;
}

/* Compresses r->body in gzip format in place. Returns false (body unchanged)
 * when zlib is not installed or fails. */
static bool gzip_body(struct reply *r)
{
    z_stream z;
    pthread_once(&zlib_once, zlib_load);
    if (!zlib.init2 || !zlib.deflate || !zlib.end || !zlib.bound)
        return false;
    memset(&z, 0, sizeof z);
    if (zlib.init2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                   (int)sizeof z) != Z_OK)
        return false;
    size_t cap = zlib.bound(&z, (uLong)r->len) + 64;
    char *out = xmalloc(cap);
    z.next_in = (Bytef *)r->body;
    z.avail_in = (uInt)r->len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int zr = zlib.deflate(&z, Z_FINISH);
    size_t n = z.total_out;
    zlib.end(&z);
    if (zr != Z_STREAM_END) {
        free(out);
        return false;
    }
    free(r->body);
    r->body = out;
    r->len = n;
    return true;
}

/* Formats t as an HTTP date (locale-independent). */
static void http_date(char *out, size_t n, time_t t)
{
    static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); -1 if not one. */
static time_t parse_http_date(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char mon[4];
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(s, "%*3s, %d %3s %d %d:%d:%d GMT", &tm.tm_mday, mon, &tm.tm_year, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return -1;
    const char *m = strstr(months, mon);
    if (!m || (m - months) % 3)
        return -1;
    tm.tm_mon = (int)(m - months) / 3;
    tm.tm_year -= 1900;
    return timegm(&tm);
}

/* Returns true when the If-None-Match list names etag (or is "*"). */
static bool etag_listed(const char *list, const char *etag)
{
    size_t n = strlen(etag);
    for (const char *p = list; *p;) {
        p += strspn(p, " \t,");
        if (!strncmp(p, "W/", 2))
            p += 2;
        if (*p == '*' || (!strncmp(p, etag, n) && strchr(" \t,", p[n])))
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

/* Returns true when the request's validators say the client's copy is
 * current: If-None-Match wins over If-Modified-Since (RFC 9110). */
static bool not_modified(struct MHD_Connection *conn, const char *etag, time_t mtime)
{
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    if (inm)
        return etag_listed(inm, etag);
    const char *ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Modified-Since");
    time_t since = ims ? parse_http_date(ims) : -1;
    return since != -1 && mtime <= since;
}

/* Queues a small HTML page for an error status. */
static enum MHD_Result send_error(struct MHD_Connection *conn, unsigned status)
{
    const char *what = status == 404   ? "Not Found"
                       : status == 403 ? "Forbidden"
                       : status == 405 ? "Method Not Allowed"
                                       : "Internal Server Error";
    char *page = xasprintf("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%u %s"
                           "</title></head>\n<body><h1>%u %s</h1>\n<p>The requested page is "
                           "not available on this server.</p></body></html>\n",
                           status, what, status, what);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(page), page, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
    if (status == 405)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Queues r (status 200 or 304) with its headers; takes r->body. */
static enum MHD_Result send_reply(struct MHD_Connection *conn, unsigned status, struct reply *r)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
    r->body = NULL;
    if (status == MHD_HTTP_OK)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, r->mtime);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, "herald-demo");
    if (r->text)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
    if (r->gzip)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    enum MHD_Result ret = MHD_queue_response(conn, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Reads the file at path and fills r: substituted, typed and maybe gzipped. */
static herald_rc load_reply(struct reply *r, const struct static_server *s, const char *path,
                            bool want_gzip)
{
    size_t len = 0;
    herald_rc rc = (herald_rc)str_read_file(&r->body, &len, path, MAX_FILE_BYTES);
    if (rc != HERALD_OK)
        return rc;
    r->len = len;
    const char *type = media_type(path, &r->text);
    if (r->text)
        substitute_base(r, s->base);
    set_content_type(r, type);
    if (r->text && want_gzip && r->len >= GZIP_MIN_BYTES)
        r->gzip = gzip_body(r);
    return HERALD_OK;
}

/* Serves one GET/HEAD for url. */
static enum MHD_Result serve(const struct static_server *s, struct MHD_Connection *conn,
                             const char *url)
{
    struct reply r;
    struct stat st;
    char *path = NULL;
    enum MHD_Result ret;
    memset(&r, 0, sizeof r);
    herald_rc rc = resolve_path(&path, s->root, url);
    if (rc != HERALD_OK || stat(path, &st) != 0) {
        ret = send_error(conn, rc == HERALD_EDENIED ? 403 : 404);
        goto done;
    }
    const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    bool gz = accepts_gzip(ae);
    snprintf(r.etag, sizeof r.etag, "\"%lx-%lx-%x%s\"", (unsigned long)st.st_mtime,
             (unsigned long)st.st_size, (unsigned)s->port, gz ? "-gz" : "");
    http_date(r.mtime, sizeof r.mtime, st.st_mtime);
    media_type(path, &r.text);
    if (not_modified(conn, r.etag, st.st_mtime)) {
        ret = send_reply(conn, MHD_HTTP_NOT_MODIFIED, &r);
        goto done;
    }
    if (load_reply(&r, s, path, gz) != HERALD_OK) {
        ret = send_error(conn, 500);
        goto done;
    }
    ret = send_reply(conn, MHD_HTTP_OK, &r);
done:
    free(r.body);
    free(path);
    return ret;
}

/* libmicrohttpd's access handler: called once with the headers (answered
 * with MHD_YES), then again, when the response is queued. */
static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    static int seen;
    if (*con_cls == NULL) {
        *con_cls = &seen;
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0; /* a body on GET is ignored */
        return MHD_YES;
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
        return send_error(conn, 405);
    return serve(cls, conn, url);
}

herald_rc static_server_start(struct static_server **out, const char *root, const char *listen_addr)
{
    herald_rc rc = HERALD_OK;
    struct sockaddr_in sa;
    struct stat st;
    struct static_server *s = NULL;
    const char *addr = listen_addr ? listen_addr : "127.0.0.1:0";
    *out = NULL;
    if ((rc = parse_listen(&sa, addr)) != HERALD_OK)
        goto done;
    s = xcalloc(1, sizeof *s);
    s->root = realpath(root, NULL);
    if (!s->root || stat(s->root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = herald_error_set(HERALD_ENOTFOUND, "not a directory: %s", root);
        goto done;
    }
    s->daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, handler, s,
                                 MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_THREAD_POOL_SIZE, 4u,
                                 MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u,
                                 MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!s->daemon) {
        rc = herald_error_set(HERALD_EIO, "cannot listen on %s", addr);
        goto done;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : ntohs(sa.sin_port);
    char host[INET_ADDRSTRLEN] = "127.0.0.1";
    if (sa.sin_addr.s_addr != htonl(INADDR_ANY))
        inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
    s->base = xasprintf("http://%s:%d", host, s->port);
    *out = s;
    s = NULL;
done:
    static_server_stop(s);
    return rc;
}

int static_server_port(const struct static_server *s)
{
    return s->port;
}

const char *static_server_base(const struct static_server *s)
{
    return s->base;
}

void static_server_stop(struct static_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    free(s->root);
    free(s->base);
    free(s);
}
