/* The API server on libmicrohttpd: the URI-log callback captures the raw
 * request line (for the query-string cap and our own strict parser) and
 * allocates the per-request state, the access handler collects a capped
 * body and then dispatches through the route table (authentication, the
 * route's permission, CSRF, then the handler; write routes hold the one
 * writer connection), GETs outside /api/ go to the dashboard's files, and
 * every response gets the same security headers. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "http/api.h"
#include "http/cache.h"
#include "http/web.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

struct http_server {
    struct MHD_Daemon *daemon;
    char *db_path;
    pthread_key_t store_key; /* this worker's struct store * */
    bool key_made;
    int port;
    int64_t started;
    struct http_metrics metrics;
    struct store *writer;  /* the one connection that writes, under wlock */
    pthread_mutex_t wlock; /* serialises the writer's short transactions */
    bool wlock_made;
    char *web_dir;            /* the dashboard's files */
    char *tls_key, *tls_cert; /* PEM texts when serving HTTPS */
    struct http_cache *cache; /* whole answers of cacheable routes; NULL = off */
    bool metrics_public;      /* /metrics needs no credentials */
};

/* One request in flight. */
struct request {
    char *uri; /* raw request target, path and query */
    struct buf body;
    bool too_big; /* the body went over HTTP_MAX_BODY */
    bool seen;    /* the header call has been answered */
    uint64_t t0_us;
};

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

herald_rc http_server_parse_listen(uint32_t *ip, int *port, const char *addr)
{
    char host[64] = "127.0.0.1";
    struct in_addr in;
    const char *colon = addr ? strrchr(addr, ':') : NULL;
    const char *port_s = colon ? colon + 1 : addr;
    if (!addr)
        return herald_error_set(HERALD_EINVAL, "no listen address");
    if (colon && colon != addr) {
        size_t n = (size_t)(colon - addr);
        if (n >= sizeof host)
            return herald_error_set(HERALD_EINVAL, "listen address too long: %.80s", addr);
        memcpy(host, addr, n);
        host[n] = '\0';
    }
    if (!strcmp(host, "localhost"))
        strcpy(host, "127.0.0.1");
    char *end = NULL;
    long p = strtol(port_s, &end, 10);
    if (!*port_s || *end || p < 0 || p > 65535 || inet_pton(AF_INET, host, &in) != 1)
        return herald_error_set(HERALD_EINVAL, "bad listen address (want IPv4 HOST:PORT): %.80s",
                                addr);
    *ip = ntohl(in.s_addr);
    *port = (int)p;
    return HERALD_OK;
}

bool http_server_listen_loopback(const char *addr)
{
    uint32_t ip = 0;
    int port = 0;
    return http_server_parse_listen(&ip, &port, addr) == HERALD_OK && (ip >> 24) == 127;
}

static void close_store(void *p)
{
    store_close(p);
}

/* Returns this worker thread's reader, opening it on first use; NULL
 * (message set) when it cannot be opened. */
static struct store *thread_store(struct http_server *s)
{
    struct store *st = pthread_getspecific(s->store_key);
    if (st)
        return st;
    if (store_open(&st, s->db_path) != HERALD_OK)
        return NULL;
    pthread_setspecific(s->store_key, st);
    return st;
}

static void add_headers(struct MHD_Response *resp, const struct http_resp *r, bool tls)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cache-Control", r->cache ? r->cache : "no-store");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, "herald");
    if (tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (r->cookie)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie);
}

/* Returns the JSON text s (taken) with '<', '>' and '&' written as \u
 * escapes, so that no response ever carries markup even when misread as
 * HTML (outside strings JSON has none of them); *len gets its length. */
static char *escape_html_chars(char *s, size_t *len)
{
    size_t n = 0, extra = 0;
    for (; s[n]; n++)
        extra += (s[n] == '<' || s[n] == '>' || s[n] == '&') ? 5 : 0;
    *len = n + extra;
    if (!extra)
        return s;
    char *out = xmalloc(n + extra + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '<' || s[i] == '>' || s[i] == '&')
            o += sprintf(o, "\\u%04x", (unsigned)s[i]);
        else
            *o++ = s[i];
    }
    *o = '\0';
    free(s);
    return out;
}

/* Returns the text of j as sent (HTML characters escaped; caller frees),
 * its length in *len; NULL when it cannot be encoded. */
static char *json_text(const json_t *j, size_t *len)
{
    char *body = json_dumps(j, JSON_COMPACT);
    return body ? escape_html_chars(body, len) : NULL;
}

/* Queues r (taking its body) with the security headers and allow (when
 * not NULL) as the Allow header. */
static enum MHD_Result send_resp(struct MHD_Connection *conn, struct http_resp *r,
                                 const char *allow, bool tls)
{
    char *body = r->body;
    size_t len = r->len;
    const char *ctype = r->ctype ? r->ctype : "text/plain; charset=utf-8";
    r->body = NULL;
    if (r->json) {
        free(body);
        if (!(body = json_text(r->json, &len))) {
            http_resp_error(r, 500, "internal", "cannot encode the response");
            body = json_text(r->json, &len);
        }
        ctype = "application/json; charset=utf-8";
    }
    if (!body) {
        body = xstrdup("");
        len = 0;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    add_headers(resp, r, tls);
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    enum MHD_Result ret = MHD_queue_response(conn, r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static void release_entry(void *e)
{
    http_cache_entry_release(e);
}

/* Queues the cached JSON answer e (taking the reference) with its ETag:
 * 304 with no body when If-None-Match names it. Sets *status. */
static enum MHD_Result send_entry(struct MHD_Connection *conn, struct http_cache_entry *e,
                                  unsigned *status, bool tls)
{
    size_t len = 0;
    const char *body = http_cache_entry_body(e, &len);
    struct http_resp r = {.status = 200, .cache = "private, no-cache"};
    struct MHD_Response *resp;
    if (http_cache_etag_match(header(conn, MHD_HTTP_HEADER_IF_NONE_MATCH),
                              http_cache_entry_etag(e))) {
        r.status = 304;
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    } else {
        resp = MHD_create_response_from_buffer_with_free_callback_cls(len, (void *)body,
                                                                      release_entry, e);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                "application/json; charset=utf-8");
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, http_cache_entry_etag(e));
    if (r.status == 304)
        http_cache_entry_release(e);
    add_headers(resp, &r, tls);
    enum MHD_Result ret = MHD_queue_response(conn, r.status, resp);
    MHD_destroy_response(resp);
    *status = r.status;
    return ret;
}

/* The checked credentials of a request. */
struct creds {
    struct auth_principal who;
    char session[AUTH_TOKEN_LEN + 1]; /* "" unless who came from the cookie */
};

/* Runs a last-seen touch on the writer; a failure is only logged. */
static void touch(struct http_server *s, const char *session, int64_t token_id)
{
    pthread_mutex_lock(&s->wlock);
    herald_rc rc =
        session ? auth_session_touch(s->writer, session) : auth_token_touch(s->writer, token_id);
    pthread_mutex_unlock(&s->wlock);
    if (rc)
        log_warn("api: cannot record last-seen: %s", herald_error_last());
}

/* Checks the bearer token or else the session cookie of conn on the
 * worker's reader st (last-seen is written through the writer). Returns
 * HERALD_OK with *c set, HERALD_ENOTFOUND when the request carries
 * neither, HERALD_EDENIED when they are not valid, HERALD_EDB. */
static herald_rc authenticate(struct http_server *s, struct MHD_Connection *conn, struct store *st,
                              struct creds *c)
{
    const char *authz = header(conn, MHD_HTTP_HEADER_AUTHORIZATION);
    const char *cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "herald_session");
    bool stale = false;
    herald_rc rc;
    memset(c, 0, sizeof *c);
    if (authz) {
        if (strncasecmp(authz, "Bearer ", 7))
            return herald_error_set(HERALD_EDENIED, "the Authorization header must be "
                                                    "'Bearer hrld_...'");
        if (!(rc = auth_token_peek(st, &c->who, &stale, authz + 7)) && stale)
            touch(s, NULL, c->who.token_id);
        return rc;
    }
    if (!cookie)
        return herald_error_set(HERALD_ENOTFOUND, "sign in first (no session cookie or token)");
    if ((rc = auth_session_peek(st, &c->who, &stale, cookie)))
        return rc;
    snprintf(c->session, sizeof c->session, "%s", cookie);
    if (stale)
        touch(s, c->session, 0);
    return HERALD_OK;
}

/* Applies route r's permission to req: authentication (401), the role's
 * permission (403 forbidden) and, for a cookie session on a method other
 * than GET, the CSRF header (403 csrf). Returns false with out set. */
static bool gate(struct http_server *s, struct MHD_Connection *conn, const struct http_route *r,
                 struct http_req *req, struct creds *c, struct http_resp *out)
{
    if (r->perm == HTTP_PUBLIC || (s->metrics_public && r->fn == api_metrics))
        return true;
    herald_rc rc = authenticate(s, conn, req->st, c);
    if (rc == HERALD_ENOTFOUND || rc == HERALD_EDENIED) {
        http_resp_error(out, 401, "unauthorized", "%s", herald_error_last());
        return false;
    }
    if (rc) {
        log_error("api: %s", herald_error_last());
        http_resp_error(out, 503, "unavailable", "the sign-in check failed");
        return false;
    }
    req->who = &c->who;
    req->session = c->session[0] ? c->session : NULL;
    if (strcmp(r->perm, HTTP_SIGNED_IN) && !auth_allowed(c->who.role, r->perm)) {
        http_resp_error(out, 403, "forbidden", "the %s role may not do this (%s)",
                        auth_role_name(c->who.role), r->perm);
        return false;
    }
    if (req->session && strcmp(req->method, "GET")) {
        rc = auth_session_csrf(req->st, req->session, header(conn, "X-CSRF-Token"));
        if (rc) {
            http_resp_error(out, rc == HERALD_EDENIED ? 403 : 503,
                            rc == HERALD_EDENIED ? "csrf" : "unavailable", "%s",
                            herald_error_last());
            return false;
        }
    }
    return true;
}

/* Runs route r's handler, holding the writer for a write route. */
static void run_handler(struct http_server *s, const struct http_route *r, struct http_req *req,
                        struct http_resp *out)
{
    if (r->writes) {
        pthread_mutex_lock(&s->wlock);
        req->wst = s->writer;
    }
    r->fn(out, req);
    if (r->writes)
        pthread_mutex_unlock(&s->wlock);
    if (!out->status)
        http_resp_error(out, 500, "internal", "the handler gave no answer");
}

/* Returns true for the routes whose answers the cache may keep: they
 * depend only on the path, the query and the store. GET stats/volume is
 * the same for every caller allowed it (stats.read has no agency scope:
 * officers see the counts analysts see), so the key names no caller. */
static bool cacheable(const struct http_route *r)
{
    return r->fn == api_stats_volume;
}

static const char sql_data_version[] = "PRAGMA data_version";

/* Returns the store's data version as st sees it; -1 when unreadable. */
static int64_t data_version(struct store *st)
{
    sqlite3_stmt *q = NULL;
    int64_t v = -1;
    if (store_prepare(st, &q, sql_data_version) == HERALD_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    if (q)
        sqlite3_reset(q);
    return v;
}

/* Answers a cacheable route from the cache, or runs it and keeps a 200
 * JSON answer; *hit is then the entry to send (NULL: send out). */
static void run_cached(struct http_server *s, const struct http_route *r, struct http_req *req,
                       struct http_resp *out, struct http_cache_entry **hit)
{
    int64_t v = data_version(req->st);
    if (v < 0) {
        run_handler(s, r, req, out);
        return;
    }
    char *key = http_cache_key(req->path, &req->query);
    uint64_t gen = http_cache_sync(s->cache, req->st, v);
    if (!(*hit = http_cache_get(s->cache, key, gen))) {
        run_handler(s, r, req, out);
        size_t len = 0;
        char *body = out->status == 200 && out->json ? json_text(out->json, &len) : NULL;
        if (body)
            *hit = http_cache_put(s->cache, key, gen, body, len);
        free(body);
    }
    free(key);
}

/* Writes the client's IPv4/IPv6 address into ip (size n); "" if unknown. */
static void client_ip(char *ip, size_t n, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    ip[0] = '\0';
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, (socklen_t)n);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, (socklen_t)n);
}

/* Returns true for the paths of the API (everything else is the dashboard). */
static bool api_path(const char *path)
{
    return !strncmp(path, "/api/", 5) || !strcmp(path, "/api") || !strcmp(path, "/healthz") ||
           !strcmp(path, "/metrics");
}

/* Matches the route: false with out set (404, 405 with allow, 400). */
static bool find_route(struct http_resp *out, size_t *route, int64_t *id, char *allow,
                       size_t allow_n, const char *method, const char *path)
{
    enum http_match m =
        http_router_match(http_api_routes, http_api_route_count, method, path, route, id);
    if (m == HTTP_MATCH_OK)
        return true;
    if (m == HTTP_MATCH_NOT_FOUND)
        http_resp_error(out, 404, "not_found", "no such resource");
    if (m == HTTP_MATCH_BAD_METHOD) {
        http_router_allow(allow, allow_n, http_api_routes, http_api_route_count, path);
        http_resp_error(out, 405, "method_not_allowed",
                        "method %.16s is not allowed here (allowed: %s)", method, allow);
    }
    if (m == HTTP_MATCH_BAD_ID)
        http_resp_error(out, 400, "bad_request", "the id in the path is not a positive number");
    if (m != HTTP_MATCH_BAD_ID)
        *route = SIZE_MAX;
    return false;
}

/* Finds the route, checks who may use it, parses the query and runs the
 * handler into out; sets *route to the route's index (SIZE_MAX when none)
 * and allow for a 405. */
static void route_request(struct http_server *s, struct MHD_Connection *conn,
                          const struct request *rq, struct http_resp *out,
                          struct http_cache_entry **hit, size_t *route, char *allow, size_t allow_n,
                          const char *method, const char *path)
{
    char ip[64];
    struct creds c;
    const char *uri = rq->uri ? rq->uri : "";
    client_ip(ip, sizeof ip, conn);
    struct http_req req = {.method = method,
                           .path = path,
                           .srv = s,
                           .ip = ip,
                           .body = buf_str(&rq->body),
                           .body_len = rq->body.len,
                           .body_type = header(conn, MHD_HTTP_HEADER_CONTENT_TYPE),
                           .tls = s->tls_cert != NULL};
    const char *qmark = strchr(uri, '?');
    size_t qlen = qmark ? strlen(qmark + 1) : 0;
    *route = SIZE_MAX;
    if (!api_path(path)) {
        if (!strcmp(method, "GET")) {
            http_web_serve(out, s->web_dir, path);
        } else {
            snprintf(allow, allow_n, "GET, HEAD");
            http_resp_error(out, 405, "method_not_allowed", "only GET is allowed here");
        }
        return;
    }
    if (!find_route(out, route, &req.id, allow, allow_n, method, path))
        return;
    const struct http_route *r = &http_api_routes[*route];
    if (qlen > HTTP_MAX_QUERY) {
        http_resp_error(out, 414, "uri_too_long", "the query string is over %d bytes",
                        HTTP_MAX_QUERY);
        return;
    }
    if (r->needs_store && !(req.st = thread_store(s))) {
        log_error("api: %s", herald_error_last());
        http_resp_error(out, 503, "unavailable", "the database cannot be opened");
        return;
    }
    if (!gate(s, conn, r, &req, &c, out))
        return;
    if (http_query_parse(&req.query, qmark ? qmark + 1 : "", qlen) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    if (s->cache && cacheable(r))
        run_cached(s, r, &req, out, hit);
    else
        run_handler(s, r, &req, out);
    http_query_clear(&req.query);
}

/* Answers a request whose headers and body have arrived. */
static enum MHD_Result dispatch(struct http_server *s, struct MHD_Connection *conn,
                                struct request *rq, const char *method, const char *path)
{
    struct http_resp out = {0};
    struct http_cache_entry *hit = NULL;
    size_t route = SIZE_MAX;
    char allow[64] = "";
    if (rq->too_big)
        http_resp_error(&out, 413, "payload_too_large", "the request body is over %u bytes",
                        HTTP_MAX_BODY);
    else if (rq->uri && strlen(rq->uri) > HTTP_MAX_QUERY + 1024)
        http_resp_error(&out, 414, "uri_too_long", "the request target is over %d bytes",
                        HTTP_MAX_QUERY + 1024);
    else
        route_request(s, conn, rq, &out, &hit, &route, allow, sizeof allow, method, path);
    enum MHD_Result ret =
        hit ? send_entry(conn, hit, &out.status, s->tls_cert != NULL)
            : send_resp(conn, &out, out.status == 405 ? allow : NULL, s->tls_cert != NULL);
    http_metrics_observe(&s->metrics, route, out.status, now_us() - rq->t0_us);
    http_resp_clear(&out);
    return ret;
}

/* Returns true when the declared Content-Length is over the body cap. */
static bool declared_too_big(struct MHD_Connection *conn)
{
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    return cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                      const char *method, const char *version, const char *upload,
                                      size_t *upload_size, void **con_cls)
{
    struct http_server *s = cls;
    struct request *rq = *con_cls;
    if (!rq)
        return MHD_NO; /* the URI callback always sets it */
    if (!rq->seen) {
        rq->seen = true;
        if (!declared_too_big(conn))
            return MHD_YES;
        rq->too_big = true;
        return dispatch(s, conn, rq, method, url);
    }
    if (*upload_size) {
        if (!rq->too_big && buf_append(&rq->body, upload, *upload_size) != HERALD_OK)
            rq->too_big = true;
        *upload_size = 0;
        return MHD_YES;
    }
    return dispatch(s, conn, rq, !strcmp(method, "HEAD") ? "GET" : method, url);
}

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct request *rq = xcalloc(1, sizeof *rq);
    rq->t0_us = now_us();
    rq->uri = xstrndup(uri, strnlen(uri, HTTP_MAX_QUERY + 2048));
    buf_init(&rq->body, HTTP_MAX_BODY);
    return rq;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct request *rq = *con_cls;
    if (!rq)
        return;
    buf_free(&rq->body);
    free(rq->uri);
    free(rq);
    *con_cls = NULL;
}

#ifndef HERALD_WEB_DIR
#define HERALD_WEB_DIR "web"
#endif
const char *const http_web_dir_default = HERALD_WEB_DIR;

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > 64 ? 64u : (unsigned)n;
}

/* Reads a PEM file (at most 1 MiB) into *out, NUL-terminated. */
static herald_rc read_pem(char **out, const char *path)
{
    struct buf b;
    char chunk[4096];
    size_t n;
    herald_rc rc = HERALD_OK;
    FILE *f = fopen(path, "rb");
    buf_init(&b, 1u << 20);
    if (!f)
        return herald_error_set(HERALD_EINVAL, "cannot read %s: %s", path, strerror(errno));
    while (!rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = buf_append(&b, chunk, n);
    fclose(f);
    if (rc || b.len == 0) {
        buf_free(&b);
        return herald_error_set(HERALD_EINVAL, "%s is empty or over 1 MiB", path);
    }
    *out = buf_steal(&b);
    return HERALD_OK;
}

/* Reads cfg's TLS files into s. */
static herald_rc setup_tls(struct http_server *s, const struct http_server_config *cfg)
{
    herald_rc rc;
    if (!cfg->tls_cert && !cfg->tls_key)
        return HERALD_OK;
    if (!cfg->tls_cert || !cfg->tls_key)
        return herald_error_set(HERALD_EINVAL, "HTTPS needs both a certificate and a key");
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return herald_error_set(HERALD_EINVAL, "this libmicrohttpd has no TLS support");
    if ((rc = read_pem(&s->tls_cert, cfg->tls_cert)) || (rc = read_pem(&s->tls_key, cfg->tls_key)))
        return rc;
    return HERALD_OK;
}

/* Starts the libmicrohttpd daemon of s on sa. */
static herald_rc start_daemon(struct http_server *s, const struct http_server_config *cfg,
                              struct sockaddr_in *sa, const char *addr)
{
    struct MHD_OptionItem tls[] = {{MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key},
                                   {MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert},
                                   {MHD_OPTION_END, 0, NULL}};
    struct MHD_OptionItem none[] = {{MHD_OPTION_END, 0, NULL}};
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    if (s->tls_cert)
        flags |= MHD_USE_TLS;
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, access_handler, s, MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads ? cfg->threads : default_threads(),
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections ? cfg->max_connections : 1024u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_CONNECTION_TIMEOUT,
        cfg->timeout_s ? cfg->timeout_s : 30u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u,
        MHD_OPTION_URI_LOG_CALLBACK, uri_logger, s, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_ARRAY, s->tls_cert ? tls : none, MHD_OPTION_END);
    if (!s->daemon)
        return herald_error_set(HERALD_EIO, "cannot listen on %s", addr);
    return HERALD_OK;
}

herald_rc http_server_start(struct http_server **out, const struct http_server_config *cfg)
{
    herald_rc rc = HERALD_OK;
    struct sockaddr_in sa = {.sin_family = AF_INET};
    struct http_server *s = NULL;
    const char *addr = cfg->listen ? cfg->listen : "127.0.0.1:8080";
    uint32_t ip = 0;
    int port = 0;
    *out = NULL;
    if ((rc = http_server_parse_listen(&ip, &port, addr)) != HERALD_OK)
        goto done;
    if (!cfg->db_path) {
        rc = herald_error_set(HERALD_EINVAL, "no database path");
        goto done;
    }
    sa.sin_addr.s_addr = htonl(ip);
    sa.sin_port = htons((uint16_t)port);
    s = xcalloc(1, sizeof *s);
    s->db_path = xstrdup(cfg->db_path);
    s->web_dir = xstrdup(cfg->web_dir ? cfg->web_dir : http_web_dir_default);
    s->started = (int64_t)time(NULL);
    /* The writer opens first: it applies migrations once, before any reader. */
    if ((rc = store_open(&s->writer, cfg->db_path)) || (rc = setup_tls(s, cfg)))
        goto done;
    if (pthread_mutex_init(&s->wlock, NULL) != 0 ||
        pthread_key_create(&s->store_key, close_store) != 0) {
        rc = herald_error_set(HERALD_EIO, "cannot create the server's locks");
        goto done;
    }
    s->wlock_made = s->key_made = true;
    s->metrics_public = cfg->metrics_public;
    if (cfg->cache_ttl_s)
        http_cache_new(&s->cache, &(struct http_cache_config){.ttl_s = cfg->cache_ttl_s});
    if ((rc = start_daemon(s, cfg, &sa, addr)))
        goto done;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : port;
    *out = s;
    s = NULL;
done:
    http_server_stop(s);
    return rc;
}

int http_server_port(const struct http_server *s)
{
    return s->port;
}

const struct http_metrics *http_server_metrics(const struct http_server *s)
{
    return &s->metrics;
}

const struct http_cache *http_server_cache(const struct http_server *s)
{
    return s->cache;
}

struct store *http_server_writer_take(const struct http_server *s)
{
    pthread_mutex_lock(&((struct http_server *)s)->wlock);
    return s->writer;
}

void http_server_writer_release(const struct http_server *s)
{
    pthread_mutex_unlock(&((struct http_server *)s)->wlock);
}

int64_t http_server_started(const struct http_server *s)
{
    return s->started;
}

void http_server_stop(struct http_server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    if (s->key_made)
        pthread_key_delete(s->store_key);
    if (s->wlock_made)
        pthread_mutex_destroy(&s->wlock);
    store_close(s->writer);
    http_cache_free(s->cache);
    free(s->web_dir);
    if (s->tls_key)
        memset(s->tls_key, 0, strlen(s->tls_key));
    free(s->tls_key);
    free(s->tls_cert);
    free(s->db_path);
    free(s);
}
