/* The API server on libmicrohttpd: the URI-log callback captures the raw
 * request line (for the query-string cap and our own strict parser) and
 * allocates the per-request state, the access handler collects a capped
 * body and then dispatches through the route table, and every response
 * gets the same security headers. */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/api.h"
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

static void add_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, "herald");
}

/* Queues r (taking its body) with the security headers and allow (when
 * not NULL) as the Allow header. */
static enum MHD_Result send_resp(struct MHD_Connection *conn, struct http_resp *r,
                                 const char *allow)
{
    char *body = r->body;
    size_t len = r->len;
    const char *ctype = r->ctype ? r->ctype : "text/plain; charset=utf-8";
    r->body = NULL;
    if (r->json) {
        free(body);
        body = json_dumps(r->json, JSON_COMPACT);
        if (!body) {
            http_resp_error(r, 500, "internal", "cannot encode the response");
            body = json_dumps(r->json, JSON_COMPACT);
        }
        len = strlen(body);
        ctype = "application/json; charset=utf-8";
    }
    if (!body) {
        body = xstrdup("");
        len = 0;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    add_headers(resp);
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    enum MHD_Result ret = MHD_queue_response(conn, r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Finds the route, parses the query and runs the handler into out; sets
 * *route to the route's index (SIZE_MAX when none) and allow for a 405. */
static void route_request(struct http_server *s, struct http_resp *out, size_t *route, char *allow,
                          size_t allow_n, const char *method, const char *path, const char *uri)
{
    struct http_req req = {.method = method, .path = path, .srv = s};
    const char *qmark = strchr(uri, '?');
    size_t qlen = qmark ? strlen(qmark + 1) : 0;
    *route = SIZE_MAX;
    enum http_match m =
        http_router_match(http_api_routes, http_api_route_count, method, path, route, &req.id);
    if (m == HTTP_MATCH_NOT_FOUND) {
        *route = SIZE_MAX;
        http_resp_error(out, 404, "not_found", "no such resource");
        return;
    }
    if (m == HTTP_MATCH_BAD_METHOD) {
        *route = SIZE_MAX;
        http_router_allow(allow, allow_n, http_api_routes, http_api_route_count, path);
        http_resp_error(out, 405, "method_not_allowed",
                        "method %.16s is not allowed here (allowed: %s)", method, allow);
        return;
    }
    if (m == HTTP_MATCH_BAD_ID) {
        http_resp_error(out, 400, "bad_request", "the id in the path is not a positive number");
        return;
    }
    if (qlen > HTTP_MAX_QUERY) {
        http_resp_error(out, 414, "uri_too_long", "the query string is over %d bytes",
                        HTTP_MAX_QUERY);
        return;
    }
    if (http_query_parse(&req.query, qmark ? qmark + 1 : "", qlen) != HERALD_OK) {
        http_resp_error(out, 400, "bad_request", "%s", herald_error_last());
        return;
    }
    if (http_api_routes[*route].needs_store && !(req.st = thread_store(s))) {
        log_error("api: %s", herald_error_last());
        http_resp_error(out, 503, "unavailable", "the database cannot be opened");
    } else {
        http_api_routes[*route].fn(out, &req);
        if (!out->status)
            http_resp_error(out, 500, "internal", "the handler gave no answer");
    }
    http_query_clear(&req.query);
}

/* Answers a request whose headers and body have arrived. */
static enum MHD_Result dispatch(struct http_server *s, struct MHD_Connection *conn,
                                struct request *rq, const char *method, const char *path)
{
    struct http_resp out = {0};
    size_t route = SIZE_MAX;
    char allow[64] = "";
    if (rq->too_big)
        http_resp_error(&out, 413, "payload_too_large", "the request body is over %u bytes",
                        HTTP_MAX_BODY);
    else if (rq->uri && strlen(rq->uri) > HTTP_MAX_QUERY + 1024)
        http_resp_error(&out, 414, "uri_too_long", "the request target is over %d bytes",
                        HTTP_MAX_QUERY + 1024);
    else
        route_request(s, &out, &route, allow, sizeof allow, method, path, rq->uri ? rq->uri : "");
    enum MHD_Result ret = send_resp(conn, &out, out.status == 405 ? allow : NULL);
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

/* Checks that the store opens (and migrates it once, before any reader). */
static herald_rc check_store(const char *path)
{
    struct store *st = NULL;
    herald_rc rc = store_open(&st, path);
    store_close(st);
    return rc;
}

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1u : n > 64 ? 64u : (unsigned)n;
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
    if ((rc = check_store(cfg->db_path)) != HERALD_OK)
        goto done;
    sa.sin_addr.s_addr = htonl(ip);
    sa.sin_port = htons((uint16_t)port);
    s = xcalloc(1, sizeof *s);
    s->db_path = xstrdup(cfg->db_path);
    s->started = (int64_t)time(NULL);
    if (pthread_key_create(&s->store_key, close_store) != 0) {
        rc = herald_error_set(HERALD_EIO, "cannot create the thread key");
        goto done;
    }
    s->key_made = true;
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, access_handler, s,
        MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_THREAD_POOL_SIZE,
        cfg->threads ? cfg->threads : default_threads(), MHD_OPTION_CONNECTION_LIMIT,
        cfg->max_connections ? cfg->max_connections : 1024u, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(64 * 1024), MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 30u,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u, MHD_OPTION_URI_LOG_CALLBACK, uri_logger, s,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        rc = herald_error_set(HERALD_EIO, "cannot listen on %s", addr);
        goto done;
    }
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
    free(s->db_path);
    free(s);
}
