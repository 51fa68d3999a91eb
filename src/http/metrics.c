/* Lock-free request counters and the latency histogram of the API server,
 * and their rendering as Prometheus text (version 0.0.4). */
#include "http/metrics.h"

#include <stdio.h>

static const unsigned statuses[HTTP_METRICS_STATUSES] = {
    200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 413, 414, 415, 429, 500, 503, 0};
/* Upper bounds of the latency buckets, in microseconds and as printed. */
static const uint64_t bounds_us[HTTP_METRICS_BUCKETS] = {
    250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000, 5000000};
static const char *const bounds_s[HTTP_METRICS_BUCKETS] = {"0.00025", "0.0005", "0.001", "0.0025",
                                                           "0.005",   "0.01",   "0.025", "0.05",
                                                           "0.1",     "0.25",   "1",     "5"};

/* Returns the slot of status (the last slot counts every other status). */
static size_t status_slot(unsigned status)
{
    size_t i = 0;
    while (i < HTTP_METRICS_STATUSES - 1 && statuses[i] != status)
        i++;
    return i;
}

void http_metrics_observe(struct http_metrics *m, size_t route, unsigned status, uint64_t us)
{
    size_t r = route < HTTP_METRICS_ROUTES ? route : HTTP_METRICS_ROUTES;
    size_t b = 0;
    __atomic_add_fetch(&m->requests[r][status_slot(status)], 1, __ATOMIC_RELAXED);
    while (b < HTTP_METRICS_BUCKETS && us > bounds_us[b])
        b++;
    __atomic_add_fetch(&m->latency[b], 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&m->latency_count, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&m->latency_us_sum, us, __ATOMIC_RELAXED);
}

static uint64_t load(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static herald_rc render_requests(struct buf *b, const struct http_metrics *m,
                                 const struct http_route *routes, size_t n)
{
    herald_rc rc = buf_puts(b, "# HELP herald_http_requests_total HTTP requests by route and "
                               "status.\n# TYPE herald_http_requests_total counter\n");
    for (size_t r = 0; r <= HTTP_METRICS_ROUTES && !rc; r++) {
        if (r < HTTP_METRICS_ROUTES && r >= n)
            continue;
        for (size_t s = 0; s < HTTP_METRICS_STATUSES && !rc; s++) {
            uint64_t v = load(&m->requests[r][s]);
            if (!v)
                continue;
            char status[16] = "other";
            if (statuses[s])
                snprintf(status, sizeof status, "%u", statuses[s]);
            rc = buf_printf(b,
                            "herald_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"}"
                            " %llu\n",
                            r < n ? routes[r].method : "", r < n ? routes[r].pattern : "unmatched",
                            status, (unsigned long long)v);
        }
    }
    return rc;
}

herald_rc http_metrics_render(struct buf *b, const struct http_metrics *m,
                              const struct http_route *routes, size_t n)
{
    uint64_t cum = 0;
    herald_rc rc = render_requests(b, m, routes, n);
    if (!rc)
        rc = buf_puts(b, "# HELP herald_http_request_duration_seconds Time to answer a request.\n"
                         "# TYPE herald_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= HTTP_METRICS_BUCKETS && !rc; i++) {
        cum += load(&m->latency[i]);
        rc = buf_printf(b, "herald_http_request_duration_seconds_bucket{le=\"%s\"} %llu\n",
                        i < HTTP_METRICS_BUCKETS ? bounds_s[i] : "+Inf", (unsigned long long)cum);
    }
    if (!rc)
        rc = buf_printf(b,
                        "herald_http_request_duration_seconds_sum %.6f\n"
                        "herald_http_request_duration_seconds_count %llu\n",
                        (double)load(&m->latency_us_sum) / 1e6,
                        (unsigned long long)load(&m->latency_count));
    return rc;
}
