/* The JSON API's request and response: what the server hands a route
 * handler (method, path, parsed query string, the {id} from the path and
 * the worker thread's store reader) and what the handler fills in (a
 * status and a JSON body, or a text body). */
#ifndef HERALD_HTTP_H
#define HERALD_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/error.h"

#define HTTP_MAX_PARAMS 32        /* query parameters per request */
#define HTTP_MAX_QUERY 4096       /* bytes of query string (414 above) */
#define HTTP_MAX_BODY (1u << 20)  /* bytes of request body (413 above) */
#define HTTP_MAX_JSON (64u << 10) /* bytes of a JSON request body (413 above) */

struct http_param {
    char *key;   /* percent-decoded, valid UTF-8 */
    char *value; /* percent-decoded, valid UTF-8; "" for "key" alone */
};

/* A parsed query string: parameters in order of appearance. */
struct http_query {
    struct http_param *v;
    size_t n;
};

struct http_server;
struct auth_principal;

struct http_req {
    const char *method; /* "GET", ... ("HEAD" arrives as "GET") */
    const char *path;   /* decoded path, no query string */
    struct http_query query;
    int64_t id;                       /* the path's {id}; 0 when the route has none */
    struct store *st;                 /* this worker thread's reader; borrowed */
    const struct http_server *srv;    /* borrowed */
    const struct auth_principal *who; /* who is asking; NULL on public routes */
    const char *session;              /* the session cookie's token, when who came from it */
    const char *ip;                   /* the client's address, "" when unknown */
    const char *body;                 /* the request body (NUL-terminated), "" when none */
    size_t body_len;
    const char *body_type; /* the Content-Type header, NULL when absent */
    struct store *wst;     /* the server's one writer, held for this request (write routes) */
    bool tls;              /* the server speaks HTTPS (cookies get Secure) */
};

struct http_resp {
    unsigned status; /* 0 until set */
    json_t *json;    /* owned; the body when set */
    char *body;      /* owned (free()); the body when json is NULL */
    size_t len;
    const char *ctype; /* static; with body */
    char *cookie;      /* owned (free()); a Set-Cookie value when not NULL */
    const char *cache; /* static Cache-Control; NULL = "no-store" */
};

/* A route handler: fills out (zeroed by the caller; the caller frees what
 * it holds) from req. */
typedef void (*http_handler)(struct http_resp *out, const struct http_req *req);

/* Sets r to status with the body {"error":{"code":code,"message":...}};
 * code is a static snake_case word ("bad_request", "not_found"). Anything
 * r held is freed first. */
void http_resp_error(struct http_resp *r, unsigned status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Sets r to 200 with body (taken: r owns it). */
void http_resp_json(struct http_resp *r, json_t *body);

/* Sets r to 200 with a text body (taken) of type ctype (static). */
void http_resp_text(struct http_resp *r, char *body, size_t len, const char *ctype);

/* Frees what r holds and zeroes it; accepts a zeroed r. */
void http_resp_clear(struct http_resp *r);

/* Parses the query string qs (len bytes, no leading '?'): '&'-separated
 * key=value pairs, '+' as space, %XX escapes. Returns HERALD_EINVAL (with a
 * message naming the problem) for a bad escape, invalid UTF-8, a control
 * character, an empty or repeated key, or more than HTTP_MAX_PARAMS
 * parameters; HERALD_ETOOBIG for more than HTTP_MAX_QUERY bytes. On
 * success the caller frees *out with http_query_clear(). */
herald_rc http_query_parse(struct http_query *out, const char *qs, size_t len);

/* Frees the parameters and zeroes q; accepts a zeroed q. */
void http_query_clear(struct http_query *q);

/* Returns the value of key, borrowed from q, or NULL when absent. */
const char *http_query_get(const struct http_query *q, const char *key);

/* Returns HERALD_OK when every key of q is in the NULL-terminated list
 * allowed, else HERALD_EINVAL naming the first unknown parameter. */
herald_rc http_query_check(const struct http_query *q, const char *const *allowed);

#endif
