/* A small static file server on libmicrohttpd for the bundled demo news site
 * and for tests: files under one root, no path traversal, {{BASE}} replaced by
 * the server's own base URL in text files, ETag/Last-Modified with 304, gzip
 * for large text files when the client accepts it, and an HTML 404 page. */
#ifndef HERALD_HTTP_STATIC_H
#define HERALD_HTTP_STATIC_H

#include "util/error.h"

struct static_server;

/* Starts serving the directory root on listen_addr ("127.0.0.1:0" picks a free
 * port; an IPv4 address is required, NULL means "127.0.0.1:0") in background
 * threads. On success *out is the running server; the caller stops and frees
 * it with static_server_stop(). Returns HERALD_EINVAL for a bad address,
 * HERALD_ENOTFOUND when root is not a directory and HERALD_EIO when the socket
 * cannot be bound. */
herald_rc static_server_start(struct static_server **out, const char *root,
                              const char *listen_addr);

/* Returns the TCP port the server listens on. */
int static_server_port(const struct static_server *s);

/* Returns the base URL that replaces {{BASE}} ("http://127.0.0.1:PORT", no
 * trailing slash). Borrowed: valid until static_server_stop(). */
const char *static_server_base(const struct static_server *s);

/* Stops the server, waits for its threads and frees it. Accepts NULL. */
void static_server_stop(struct static_server *s);

#endif
