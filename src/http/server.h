/* herald's JSON API server: libmicrohttpd with its internal epoll thread
 * pool (HTTPS when given a certificate), connection, memory, query-string
 * and body limits, one SQLite reader per worker thread (opened lazily, WAL
 * lets it read while the daemon writes) and one writer shared under a
 * mutex, the route table of src/http/api.c with sessions, API tokens,
 * roles and CSRF, the dashboard's static files, JSON error bodies,
 * security headers on every response, and request metrics. */
#ifndef HERALD_HTTP_SERVER_H
#define HERALD_HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "http/metrics.h"
#include "util/error.h"

struct http_server;

struct http_server_config {
    const char *listen;       /* IPv4 "HOST:PORT"; NULL = "127.0.0.1:8080"; port 0 = any */
    const char *db_path;      /* required: the store each worker opens */
    unsigned threads;         /* worker threads; 0 = the number of CPUs */
    unsigned max_connections; /* 0 = 1024 */
    unsigned timeout_s;       /* idle connection timeout; 0 = 30 */
    const char *web_dir;      /* the dashboard's files; NULL = HTTP_WEB_DIR_DEFAULT */
    const char *tls_cert;     /* PEM certificate file; with tls_key: HTTPS */
    const char *tls_key;      /* PEM private key file */
    unsigned cache_ttl_s;     /* response cache (stats) TTL in seconds; 0 = no cache */
    bool metrics_public;      /* GET /metrics without credentials (else metrics.read) */
};

/* The dashboard directory compiled in: the build directory's web/. */
extern const char *const http_web_dir_default;

/* Parses "HOST:PORT", ":PORT" or "PORT" (IPv4; "localhost" is 127.0.0.1)
 * into *ip (host byte order) and *port. HERALD_EINVAL otherwise. */
herald_rc http_server_parse_listen(uint32_t *ip, int *port, const char *addr);

/* Returns true when addr parses and its host is in 127.0.0.0/8. */
bool http_server_listen_loopback(const char *addr);

/* Checks that cfg->db_path opens as a herald store (applying migrations
 * once, here; it stays open as the writer), reads the TLS files when
 * given, then listens on cfg->listen and serves in background threads.
 * *out is the running server: stop and free it with http_server_stop().
 * Returns HERALD_EINVAL for a bad address or unreadable TLS files,
 * HERALD_EDB when the store does not open, HERALD_EIO when the socket
 * cannot be bound (the message says which). */
herald_rc http_server_start(struct http_server **out, const struct http_server_config *cfg);

/* Returns the TCP port the server listens on. */
int http_server_port(const struct http_server *s);

/* Returns the server's request metrics, borrowed. */
const struct http_metrics *http_server_metrics(const struct http_server *s);

struct http_cache;

/* Returns the server's response cache, borrowed; NULL when it has none. */
const struct http_cache *http_server_cache(const struct http_server *s);

struct store;

/* Locks the server's one writer and returns it, borrowed, for a handler
 * that writes only after slow read-only work (sign-in verifies the
 * password first); give it back with http_server_writer_release(). Routes
 * marked writes already hold it and must not call this. */
struct store *http_server_writer_take(const struct http_server *s);
void http_server_writer_release(const struct http_server *s);

/* Returns when the server started (seconds since the epoch). */
int64_t http_server_started(const struct http_server *s);

/* Stops accepting, finishes the requests in flight, joins the workers
 * (closing their store readers) and frees s. Accepts NULL. */
void http_server_stop(struct http_server *s);

#endif
