/* Request metrics of the API server, kept with atomic counters so every
 * worker thread updates them without a lock: requests by route and status
 * and a latency histogram, rendered in the Prometheus text format. */
#ifndef HERALD_HTTP_METRICS_H
#define HERALD_HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "http/router.h"
#include "util/buf.h"

#define HTTP_METRICS_ROUTES 32 /* routes counted; one more slot for "unmatched" */
#define HTTP_METRICS_STATUSES 17
#define HTTP_METRICS_BUCKETS 12

struct http_metrics {
    uint64_t requests[HTTP_METRICS_ROUTES + 1][HTTP_METRICS_STATUSES];
    uint64_t latency[HTTP_METRICS_BUCKETS + 1]; /* the last is +Inf */
    uint64_t latency_count;
    uint64_t latency_us_sum;
};

/* Counts one request: route index (>= HTTP_METRICS_ROUTES or SIZE_MAX for
 * none), its status and its duration in microseconds. */
void http_metrics_observe(struct http_metrics *m, size_t route, unsigned status, uint64_t us);

/* Appends the request counter and the latency histogram (labels from the
 * route patterns) to b in the Prometheus text format. HERALD_ETOOBIG when
 * b's cap is reached. */
herald_rc http_metrics_render(struct buf *b, const struct http_metrics *m,
                              const struct http_route *routes, size_t n);

#endif
