/*
 * serve_metrics.c — counters and their Prometheus exposition
 * (serve_metrics.h).
 */
#include <gc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "serve_metrics.h"
#include "serve_policy.h"

static const char *const endpoint_names[POL_EP_COUNT] = {
    "decide", "batch", "policies", "policy", "healthz", "readyz", "metrics", "none",
};
static const char *const outcome_names[POL_OUTCOME_COUNT] = {"decided", "bad_facts", "policy_error"};

/* The statuses the server answers; the last slot counts any other. */
static const unsigned statuses[] = {200, 400, 401, 404, 405, 408, 413, 422, 500, 503, 0};
#define NSTATUS (sizeof statuses / sizeof statuses[0])

/* Upper bounds of the latency buckets, in seconds (+Inf is implied). */
static const double bounds[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
#define NBOUNDS (sizeof bounds / sizeof bounds[0])

typedef struct Histogram {
    atomic_long buckets[NBOUNDS + 1];
    atomic_long count;
    atomic_llong micros;      /* the sum, in microseconds */
} Histogram;

static int npol;
/* [policy + 1][endpoint][status]: policy slot 0 is "none" */
static atomic_long *requests;
static atomic_long *decisions;   /* [policy][outcome] */
static atomic_long *batch_bytes; /* [policy][in, out] */
static Histogram histograms[POL_EP_COUNT];
static atomic_long in_flight;

/* The collector's stops of the world: while one lasts no request
 * progresses, so they are what a decision can wait for besides the CPU. */
static atomic_long collections, pause_ns_total, pause_ns_max;
static struct timespec pause_started;   /* written and read with the world stopped */

static void on_collection_event(GC_EventType e)
{
    if (e == GC_EVENT_START) {
        atomic_fetch_add_explicit(&collections, 1, memory_order_relaxed);
    } else if (e == GC_EVENT_PRE_STOP_WORLD) {
        clock_gettime(CLOCK_MONOTONIC, &pause_started);
    } else if (e == GC_EVENT_POST_START_WORLD && pause_started.tv_sec) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ns = (long)(now.tv_sec - pause_started.tv_sec) * 1000000000L + (now.tv_nsec - pause_started.tv_nsec);
        atomic_fetch_add_explicit(&pause_ns_total, ns, memory_order_relaxed);
        long most = atomic_load_explicit(&pause_ns_max, memory_order_relaxed);
        while (ns > most && !atomic_compare_exchange_weak(&pause_ns_max, &most, ns)) {
        }
    }
}

bool pol_serve_metrics_init(int npolicies)
{
    npol = npolicies;
    /* plain memory: counters hold no pointers, and live as long as the process */
    requests = calloc((size_t)(npol + 1) * POL_EP_COUNT * NSTATUS, sizeof *requests);
    decisions = calloc((size_t)(npol + 1) * POL_OUTCOME_COUNT, sizeof *decisions);
    batch_bytes = calloc((size_t)(npol + 1) * 2, sizeof *batch_bytes);
    if (!requests || !decisions || !batch_bytes)
        return false;
    for (size_t i = 0; i < (size_t)(npol + 1) * POL_EP_COUNT * NSTATUS; i++)
        atomic_init(&requests[i], 0);
    for (size_t i = 0; i < (size_t)(npol + 1) * POL_OUTCOME_COUNT; i++)
        atomic_init(&decisions[i], 0);
    for (size_t i = 0; i < (size_t)(npol + 1) * 2; i++)
        atomic_init(&batch_bytes[i], 0);
    GC_set_on_collection_event(on_collection_event);
    return true;
}

static size_t status_index(unsigned status)
{
    for (size_t i = 0; i + 1 < NSTATUS; i++)
        if (statuses[i] == status)
            return i;
    return NSTATUS - 1;
}

void pol_serve_metrics_request(PolServeEndpoint ep, int policy, unsigned status, double seconds)
{
    size_t slot = ((size_t)(policy + 1) * POL_EP_COUNT + ep) * NSTATUS + status_index(status);
    atomic_fetch_add_explicit(&requests[slot], 1, memory_order_relaxed);
    Histogram *h = &histograms[ep];
    size_t b = 0;
    while (b < NBOUNDS && seconds > bounds[b])
        b++;
    atomic_fetch_add_explicit(&h->buckets[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->micros, (long long)(seconds * 1e6), memory_order_relaxed);
}

void pol_serve_metrics_decisions(int policy, PolServeOutcome outcome, long n)
{
    if (policy >= 0 && n > 0)
        atomic_fetch_add_explicit(&decisions[(size_t)policy * POL_OUTCOME_COUNT + outcome], n, memory_order_relaxed);
}

void pol_serve_metrics_batch_bytes(int policy, long in, long out)
{
    if (policy < 0)
        return;
    atomic_fetch_add_explicit(&batch_bytes[(size_t)policy * 2], in, memory_order_relaxed);
    atomic_fetch_add_explicit(&batch_bytes[(size_t)policy * 2 + 1], out, memory_order_relaxed);
}

void pol_serve_metrics_in_flight(int delta)
{
    atomic_fetch_add(&in_flight, delta);
}

long pol_serve_metrics_in_flight_now(void)
{
    return atomic_load(&in_flight);
}

/* A label value: backslash, quote and line feed escaped. */
static void label(PolBuf *out, const char *s)
{
    pol_buf_puts(out, "\"");
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            pol_buf_printf(out, "\\%c", *s);
        else if (*s == '\n')
            pol_buf_puts(out, "\\n");
        else
            pol_buf_put(out, s, 1);
    }
    pol_buf_puts(out, "\"");
}

static const char *policy_name(int slot)   /* slot 0: none */
{
    return slot == 0 ? "" : pol_serve_policy_name(pol_serve_policy_at(slot - 1));
}

static void header(PolBuf *out, const char *name, const char *type, const char *help)
{
    pol_buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void per_policy_gauge(PolBuf *out, const char *name, const char *type, const char *help, int which)
{
    header(out, name, type, help);
    for (int i = 0; i < npol; i++) {
        PolServePolicyStats s;
        pol_serve_policy_stats(pol_serve_policy_at(i), &s);
        long v = which == 0 ? s.reloads : which == 1 ? s.failures : which == 2 ? s.version
               : which == 3 ? (long)s.loaded : which == 4 ? s.versions_in_memory : s.most_in_memory;
        pol_buf_printf(out, "%s{policy=", name);
        label(out, policy_name(i + 1));
        pol_buf_printf(out, "} %ld\n", v);
    }
}

void pol_serve_metrics_write(PolBuf *out)
{
    header(out, "polrun_requests_total", "counter", "HTTP requests answered, by endpoint, policy and status.");
    for (int p = 0; p <= npol; p++)
        for (int e = 0; e < POL_EP_COUNT; e++)
            for (size_t s = 0; s < NSTATUS; s++) {
                long n = atomic_load_explicit(&requests[((size_t)p * POL_EP_COUNT + (size_t)e) * NSTATUS + s],
                                              memory_order_relaxed);
                if (n == 0)
                    continue;
                pol_buf_printf(out, "polrun_requests_total{endpoint=\"%s\",policy=", endpoint_names[e]);
                label(out, policy_name(p));
                if (statuses[s])
                    pol_buf_printf(out, ",status=\"%u\"} %ld\n", statuses[s], n);
                else
                    pol_buf_printf(out, ",status=\"other\"} %ld\n", n);
            }
    header(out, "polrun_decisions_total", "counter",
           "Applicants answered by decide and batch, by policy and outcome (decided, bad_facts, policy_error).");
    for (int p = 0; p < npol; p++)
        for (int o = 0; o < POL_OUTCOME_COUNT; o++) {
            pol_buf_puts(out, "polrun_decisions_total{policy=");
            label(out, policy_name(p + 1));
            pol_buf_printf(out, ",outcome=\"%s\"} %ld\n", outcome_names[o],
                           atomic_load_explicit(&decisions[(size_t)p * POL_OUTCOME_COUNT + (size_t)o],
                                                memory_order_relaxed));
        }
    header(out, "polrun_batch_bytes_total", "counter", "Bytes of batch bodies read and of batch answers written.");
    for (int p = 0; p < npol; p++)
        for (int d = 0; d < 2; d++) {
            pol_buf_puts(out, "polrun_batch_bytes_total{policy=");
            label(out, policy_name(p + 1));
            pol_buf_printf(out, ",direction=\"%s\"} %ld\n", d ? "out" : "in",
                           atomic_load_explicit(&batch_bytes[(size_t)p * 2 + (size_t)d], memory_order_relaxed));
        }
    header(out, "polrun_request_duration_seconds", "histogram",
           "Time from a request's first line to its last byte answered, by endpoint.");
    for (int e = 0; e < POL_EP_COUNT; e++) {
        Histogram *h = &histograms[e];
        long count = atomic_load(&h->count);
        if (count == 0)
            continue;
        long cumulative = 0;
        for (size_t b = 0; b <= NBOUNDS; b++) {
            cumulative += atomic_load(&h->buckets[b]);
            if (b < NBOUNDS)
                pol_buf_printf(out, "polrun_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %ld\n",
                               endpoint_names[e], bounds[b], cumulative);
            else
                pol_buf_printf(out, "polrun_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %ld\n",
                               endpoint_names[e], cumulative);
        }
        pol_buf_printf(out, "polrun_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n", endpoint_names[e],
                       (double)atomic_load(&h->micros) / 1e6);
        pol_buf_printf(out, "polrun_request_duration_seconds_count{endpoint=\"%s\"} %ld\n", endpoint_names[e], count);
    }
    header(out, "polrun_requests_in_flight", "gauge", "Requests received and not yet answered in full.");
    pol_buf_printf(out, "polrun_requests_in_flight %ld\n", atomic_load(&in_flight));
    per_policy_gauge(out, "polrun_policy_reloads_total", "counter", "Reloads that swapped in a new version.", 0);
    per_policy_gauge(out, "polrun_policy_reload_failures_total", "counter",
                     "Loads that did not check (the last good version kept serving).", 1);
    per_policy_gauge(out, "polrun_policy_version", "gauge", "Number of the version serving (0: none).", 2);
    per_policy_gauge(out, "polrun_policy_loaded", "gauge", "1 when the policy has a version that checks.", 3);
    per_policy_gauge(out, "polrun_policy_versions_in_memory", "gauge",
                     "Versions made and not yet freed by the collector.", 4);
    per_policy_gauge(out, "polrun_policy_versions_in_memory_max", "gauge",
                     "The most versions of the policy in memory at once.", 5);
    GC_word heap = 0, free_bytes = 0;
    GC_get_heap_usage_safe(&heap, &free_bytes, NULL, NULL, NULL);
    header(out, "polrun_heap_bytes", "gauge", "Size of the collected heap.");
    pol_buf_printf(out, "polrun_heap_bytes %lu\n", (unsigned long)heap);
    header(out, "polrun_heap_free_bytes", "gauge", "Free bytes in the collected heap.");
    pol_buf_printf(out, "polrun_heap_free_bytes %lu\n", (unsigned long)free_bytes);
    header(out, "polrun_gc_collections_total", "counter", "Collections of the heap.");
    pol_buf_printf(out, "polrun_gc_collections_total %ld\n", atomic_load(&collections));
    header(out, "polrun_gc_pause_seconds_total", "counter", "Time the collector held every thread stopped.");
    pol_buf_printf(out, "polrun_gc_pause_seconds_total %.6f\n", (double)atomic_load(&pause_ns_total) / 1e9);
    header(out, "polrun_gc_pause_seconds_max", "gauge", "The longest single stop of every thread by the collector.");
    pol_buf_printf(out, "polrun_gc_pause_seconds_max %.6f\n", (double)atomic_load(&pause_ns_max) / 1e9);
}
