/*
 * serve_metrics.h — the counters of `polrun serve`, for GET /metrics in
 * the Prometheus text format (version 0.0.4).
 *
 *   polrun_requests_total{endpoint, policy, status}       counter
 *   polrun_decisions_total{policy, outcome}               counter
 *   polrun_request_duration_seconds{endpoint}             histogram
 *   polrun_requests_in_flight                             gauge
 *   polrun_policy_reloads_total{policy}                   counter
 *   polrun_policy_reload_failures_total{policy}           counter
 *   polrun_policy_version{policy}                         gauge
 *   polrun_policy_loaded{policy}                          gauge
 *   polrun_policy_versions_in_memory{policy}              gauge
 *   polrun_policy_versions_in_memory_max{policy}          gauge
 *   polrun_heap_bytes, polrun_heap_free_bytes             gauges
 *   polrun_gc_collections_total                           counter
 *   polrun_gc_pause_seconds_total, polrun_gc_pause_seconds_max
 *                                                         the world stopped by the collector
 *   polrun_batch_bytes_total{policy, direction}           counter
 *
 * Every counter is a relaxed atomic: counting never takes a lock.
 */
#ifndef POL_SERVE_METRICS_H
#define POL_SERVE_METRICS_H

#include <stdbool.h>
#include "text.h"

typedef enum PolServeEndpoint {
    POL_EP_DECIDE, POL_EP_BATCH, POL_EP_POLICIES, POL_EP_POLICY, POL_EP_HEALTHZ, POL_EP_READYZ, POL_EP_METRICS,
    POL_EP_NONE,              /* no endpoint: unknown paths */
    POL_EP_COUNT
} PolServeEndpoint;

typedef enum PolServeOutcome {
    POL_OUTCOME_DECIDED,      /* a decision was given */
    POL_OUTCOME_BAD_FACTS,    /* the facts were refused (malformed or invalid) */
    POL_OUTCOME_POLICY_ERROR, /* the policy failed at run time */
    POL_OUTCOME_COUNT
} PolServeOutcome;

/* Sizes the tables for npolicies policies, and starts timing the
 * collector's stops of the world; false when out of memory. */
bool pol_serve_metrics_init(int npolicies);
/* One finished request; policy -1 when it named none. */
void pol_serve_metrics_request(PolServeEndpoint ep, int policy, unsigned status, double seconds);
void pol_serve_metrics_decisions(int policy, PolServeOutcome outcome, long n);
void pol_serve_metrics_batch_bytes(int policy, long in, long out);
void pol_serve_metrics_in_flight(int delta);
long pol_serve_metrics_in_flight_now(void);
/* The whole exposition. */
void pol_serve_metrics_write(PolBuf *out);

#endif
