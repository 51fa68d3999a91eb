/* fetch_all(): parallel HTTP GETs on libcurl's multi interface with a
 * per-host queue (one request at a time per host, host_delay_ms apart),
 * conditional GET, gzip/deflate decoded here with zlib (so a truncated or
 * corrupt stream is an error and the cap applies to decoded bytes), bounded
 * redirects, timeouts and the SSRF guard in the open-socket callback. */
#include "net/fetch.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <zlib.h>

#include "net/netguard.h"
#include "net/url.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define POLL_MS 100
#define LOW_SPEED_BYTES 16    /* below this many bytes/s ... */
#define LOW_SPEED_SECONDS 15L /* ... for this long (or the total timeout) aborts */

struct host {
    char *name;
    size_t *queue; /* request indices, in submission order */
    size_t nq, next;
    bool busy;
    double ready_at; /* monotonic seconds when the next request may start */
};

struct xfer {
    CURL *easy;
    size_t idx;
    struct host *host;
    struct curl_slist *headers;
    struct buf body;
    size_t cap;
    bool allow_private, toobig, denied, encoded, z_started, z_done, z_bad;
    z_stream z;
    char denied_addr[64];
    char errbuf[CURL_ERROR_SIZE];
    struct xfer *prev, *next; /* the run's list of live transfers */
};

struct run {
    const struct fetch_opts *o;
    const struct fetch_request *reqs;
    fetch_done_fn done;
    void *ctx;
    CURLM *multi;
    struct host *hosts;
    size_t nhosts, remaining;
    int active;
    struct xfer *live;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void fetch_opts_defaults(struct fetch_opts *o)
{
    *o = (struct fetch_opts){
        .user_agent = FETCH_USER_AGENT,
        .connect_timeout_ms = 10000,
        .total_timeout_ms = 30000,
        .host_delay_ms = 1000,
        .max_body = 10 * 1024 * 1024,
        .max_parallel = 16,
        .max_redirects = 5,
    };
}

void fetch_response_clear(struct fetch_response *r)
{
    if (!r)
        return;
    free(r->body);
    free(r->content_type);
    free(r->etag);
    free(r->last_modified);
    free(r->final_url);
    memset(r, 0, sizeof *r);
}

/* Fails a request that never started (bad URL, stopped) through done(). */
static void complete_unstarted(struct run *run, size_t idx, herald_rc rc, const char *msg)
{
    struct fetch_response resp = {.rc = rc};
    snprintf(resp.error, sizeof resp.error, "%s", msg);
    resp.body = xstrdup("");
    resp.final_url = xstrdup(run->reqs[idx].url ? run->reqs[idx].url : "");
    run->done(&run->reqs[idx], &resp, run->ctx);
    fetch_response_clear(&resp);
    run->remaining--;
}

/* libcurl open-socket callback: the SSRF guard on the real address. */
static curl_socket_t open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct xfer *x = clientp;
    if (!x->allow_private && !netguard_public_addr(&a->addr)) {
        x->denied = true;
        netguard_addr_str(x->denied_addr, sizeof x->denied_addr, &a->addr);
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* Header callback: notes Content-Encoding of the current response. */
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct xfer *x = ud;
    size_t len = size * n;
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
        x->encoded = false;
    } else if (len > 17 && strncasecmp(p, "Content-Encoding:", 17) == 0) {
        char v[64];
        snprintf(v, sizeof v, "%.*s", (int)(len - 17), p + 17);
        x->encoded = strcasestr(v, "gzip") || strcasestr(v, "deflate");
    }
    return len;
}

/* Inflates len bytes into the body; false on a corrupt stream or the cap. */
static bool inflate_into(struct xfer *x, const char *p, size_t len)
{
    if (!x->z_started) {
        if (inflateInit2(&x->z, 15 + 32) != Z_OK)
            return !(x->z_bad = true);
        x->z_started = true;
    }
    char out[16384];
    x->z.next_in = (Bytef *)p;
    x->z.avail_in = (uInt)len;
    while (x->z.avail_in > 0 && !x->z_done) {
        x->z.next_out = (Bytef *)out;
        x->z.avail_out = sizeof out;
        int zrc = inflate(&x->z, Z_NO_FLUSH);
        if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR)
            return !(x->z_bad = true);
        if (buf_append(&x->body, out, sizeof out - x->z.avail_out) != HERALD_OK)
            return !(x->toobig = true);
        x->z_done = zrc == Z_STREAM_END;
        if (zrc == Z_BUF_ERROR)
            break;
    }
    return true;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    struct xfer *x = ud;
    size_t len = size * n;
    if (x->encoded)
        return inflate_into(x, p, len) ? len : 0;
    if (buf_append(&x->body, p, len) != HERALD_OK) {
        x->toobig = true;
        return 0;
    }
    return len;
}

static void set_common(CURL *e, const struct fetch_opts *o, struct xfer *x)
{
    long redirs = o->max_redirects < 0 ? 0 : o->max_redirects > 5 ? 5 : o->max_redirects;
    long total = o->total_timeout_ms > 0 ? o->total_timeout_ms : 30000;
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : FETCH_USER_AGENT);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, redirs > 0 ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, redirs);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, total);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, (long)LOW_SPEED_BYTES);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                     total / 1000 < LOW_SPEED_SECONDS ? total / 1000 + 1 : LOW_SPEED_SECONDS);
    curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    curl_easy_setopt(e, CURLOPT_PROXY, ""); /* no proxy: the guard must see the real peer */
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, x);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(e, CURLOPT_PRIVATE, x);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
}

/* Creates and adds the transfer for request idx of host h. */
static void start_xfer(struct run *run, struct host *h, size_t idx)
{
    const struct fetch_request *rq = &run->reqs[idx];
    struct xfer *x = xcalloc(1, sizeof *x);
    x->idx = idx;
    x->host = h;
    x->allow_private = run->o->allow_private;
    x->cap = rq->max_body ? rq->max_body : run->o->max_body;
    buf_init(&x->body, x->cap);
    x->easy = curl_easy_init();
    if (!x->easy)
        abort();
    set_common(x->easy, run->o, x);
    curl_easy_setopt(x->easy, CURLOPT_URL, rq->url);
    if (x->cap)
        curl_easy_setopt(x->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->cap);
    x->headers = curl_slist_append(NULL, "Accept-Encoding: gzip, deflate");
    if (rq->etag && *rq->etag) {
        char *hv = xasprintf("If-None-Match: %s", rq->etag);
        x->headers = curl_slist_append(x->headers, hv);
        free(hv);
    }
    if (rq->last_modified && *rq->last_modified) {
        char *hv = xasprintf("If-Modified-Since: %s", rq->last_modified);
        x->headers = curl_slist_append(x->headers, hv);
        free(hv);
    }
    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
    h->busy = true;
    run->active++;
    x->next = run->live;
    if (run->live)
        run->live->prev = x;
    run->live = x;
    curl_multi_add_handle(run->multi, x->easy);
}

static void xfer_free(struct xfer *x)
{
    if (x->z_started)
        inflateEnd(&x->z);
    curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->headers);
    buf_free(&x->body);
    free(x);
}

static char *header_dup(CURL *e, const char *name)
{
    struct curl_header *h = NULL;
    if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h->value)
        return NULL;
    return xstrdup(h->value);
}

/* Maps libcurl's result and the transfer's flags to rc and a message. */
static herald_rc classify(struct xfer *x, CURLcode cc, long status, char *err, size_t n)
{
    if (x->denied) {
        snprintf(err, n, "refused private address %s (allow_private is off)", x->denied_addr);
        return HERALD_EDENIED;
    }
    if (x->toobig || cc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(err, n, "body over %zu bytes", x->cap);
        return HERALD_ETOOBIG;
    }
    if (cc == CURLE_OPERATION_TIMEDOUT) {
        snprintf(err, n, "timed out: %.200s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc));
        return HERALD_ETIMEOUT;
    }
    if (cc == CURLE_TOO_MANY_REDIRECTS) {
        snprintf(err, n, "too many redirects: %.200s", x->errbuf);
        return HERALD_ENET;
    }
    if (x->z_bad || (cc == CURLE_OK && x->z_started && !x->z_done)) {
        snprintf(err, n, "truncated or corrupt compressed body");
        return HERALD_ENET;
    }
    if (cc != CURLE_OK) {
        snprintf(err, n, "%.240s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc));
        return HERALD_ENET;
    }
    if (status >= 400)
        snprintf(err, n, "HTTP %ld", status);
    return HERALD_OK;
}

/* Builds the response for a finished transfer, calls done(), frees x. */
static void finish_xfer(struct run *run, struct xfer *x, CURLcode cc, bool stopped)
{
    struct fetch_response resp = {0};
    char *s = NULL;
    double secs = 0;
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &resp.status);
    curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &secs);
    resp.seconds = secs;
    resp.rc = classify(x, cc, resp.status, resp.error, sizeof resp.error);
    if (curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &s) == CURLE_OK && s)
        resp.content_type = xstrdup(s);
    s = NULL;
    if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK && s)
        resp.final_url = xstrdup(s);
    resp.etag = header_dup(x->easy, "ETag");
    resp.last_modified = header_dup(x->easy, "Last-Modified");
    if (resp.rc == HERALD_OK && !stopped) {
        resp.len = x->body.len;
        resp.body = buf_steal(&x->body);
    } else {
        resp.body = xstrdup("");
    }
    if (stopped) {
        resp.rc = HERALD_ETIMEOUT;
        snprintf(resp.error, sizeof resp.error, "stopped");
    }
    run->done(&run->reqs[x->idx], &resp, run->ctx);
    fetch_response_clear(&resp);
    if (x->prev)
        x->prev->next = x->next;
    else
        run->live = x->next;
    if (x->next)
        x->next->prev = x->prev;
    x->host->busy = false;
    long delay = run->o->host_delay_ms;
    if (run->reqs[x->idx].host_delay_ms > delay)
        delay = run->reqs[x->idx].host_delay_ms;
    x->host->ready_at = now_s() + (double)delay / 1000.0;
    curl_multi_remove_handle(run->multi, x->easy);
    xfer_free(x);
    run->active--;
    run->remaining--;
}

/* Starts every request whose host is idle and rested, up to max_parallel.
 * Returns the milliseconds until the next host becomes ready (POLL_MS cap). */
static long start_ready(struct run *run)
{
    int maxp = run->o->max_parallel > 0 ? run->o->max_parallel : 16;
    double now = now_s(), wait = POLL_MS / 1000.0;
    for (size_t i = 0; i < run->nhosts && run->active < maxp; i++) {
        struct host *h = &run->hosts[i];
        if (h->busy || h->next >= h->nq)
            continue;
        if (h->ready_at > now) {
            if (h->ready_at - now < wait)
                wait = h->ready_at - now;
            continue;
        }
        start_xfer(run, h, h->queue[h->next++]);
    }
    return (long)(wait * 1000.0) + 1;
}

/* Finishes every completed transfer; returns how many. */
static int drain_done(struct run *run)
{
    CURLMsg *m;
    int left, n = 0;
    while ((m = curl_multi_info_read(run->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct xfer *x = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        finish_xfer(run, x, m->data.result, false);
        n++;
    }
    return n;
}

static struct host *host_get(struct run *run, const char *name)
{
    for (size_t i = 0; i < run->nhosts; i++)
        if (strcmp(run->hosts[i].name, name) == 0)
            return &run->hosts[i];
    return NULL;
}

/* Groups the requests into per-host queues; bad URLs complete at once. */
static void plan(struct run *run, size_t n)
{
    run->hosts = xcalloc(n ? n : 1, sizeof *run->hosts);
    for (size_t i = 0; i < n; i++) {
        char *name = NULL;
        if (url_host(&name, run->reqs[i].url) != HERALD_OK) {
            complete_unstarted(run, i, HERALD_EINVAL, herald_error_last());
            continue;
        }
        struct host *h = host_get(run, name);
        if (!h) {
            h = &run->hosts[run->nhosts++];
            h->name = name;
            h->queue = xmalloc(n * sizeof *h->queue);
        } else {
            free(name);
        }
        h->queue[h->nq++] = i;
    }
}

/* Aborts everything in flight or queued with rc HERALD_ETIMEOUT "stopped". */
static void stop_all(struct run *run)
{
    while (run->live)
        finish_xfer(run, run->live, CURLE_OK, true);
    for (size_t i = 0; i < run->nhosts; i++)
        while (run->hosts[i].next < run->hosts[i].nq)
            complete_unstarted(run, run->hosts[i].queue[run->hosts[i].next++], HERALD_ETIMEOUT,
                               "stopped");
}

static void cleanup(struct run *run)
{
    while (run->live)
        finish_xfer(run, run->live, CURLE_OK, true);
    for (size_t i = 0; i < run->nhosts; i++) {
        free(run->hosts[i].name);
        free(run->hosts[i].queue);
    }
    free(run->hosts);
    if (run->multi)
        curl_multi_cleanup(run->multi);
}

herald_rc fetch_all(const struct fetch_opts *opts, const struct fetch_request *reqs, size_t n,
                    fetch_done_fn done, void *ctx)
{
    herald_rc rc = HERALD_OK;
    struct run run = {.o = opts, .reqs = reqs, .done = done, .ctx = ctx, .remaining = n};
    pthread_once(&curl_once, curl_init_once);
    run.multi = curl_multi_init();
    if (!run.multi) {
        rc = herald_error_set(HERALD_ENET, "cannot set up libcurl");
        goto done;
    }
    int maxp = opts->max_parallel > 0 ? opts->max_parallel : 16;
    curl_multi_setopt(run.multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
    curl_multi_setopt(run.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)maxp);
    plan(&run, n);
    while (run.remaining > 0) {
        if (opts->stop && *opts->stop) {
            stop_all(&run);
            rc = herald_error_set(HERALD_ETIMEOUT, "fetch stopped");
            break;
        }
        long wait = start_ready(&run);
        int running = 0;
        curl_multi_perform(run.multi, &running);
        if (drain_done(&run) > 0)
            continue; /* a host may be free now: start its next request at once */
        if (run.remaining > 0)
            curl_multi_poll(run.multi, NULL, 0, (int)(wait < POLL_MS ? wait : POLL_MS), NULL);
    }
done:
    cleanup(&run);
    return rc;
}

static void keep_one(const struct fetch_request *req, struct fetch_response *resp, void *ctx)
{
    struct fetch_response *out = ctx;
    *out = *resp;
    memset(resp, 0, sizeof *resp);
}

herald_rc fetch_one(struct fetch_response *out, const struct fetch_opts *opts,
                    const struct fetch_request *req)
{
    memset(out, 0, sizeof *out);
    herald_rc rc = fetch_all(opts, req, 1, keep_one, out);
    if (rc != HERALD_OK && out->rc == HERALD_OK)
        out->rc = rc;
    if (out->rc != HERALD_OK)
        herald_error_set(out->rc, "%s", out->error);
    return out->rc;
}
