/* stream_metrics.h - the live streams' figures for GET /metrics beyond the
 * plain counters of server.c: a histogram of event latency (DESIGN.md:
 * from the arrival of the last audio sample an event covers to its
 * emission; here from the moment the WebSocket frame holding that sample
 * reached our handler to the moment the event's JSON is ready to send)
 * and errors by kind.  Thread-safe. */
#ifndef SER_APP_STREAM_METRICS_H
#define SER_APP_STREAM_METRICS_H

#include <pthread.h>
#include <stddef.h>

typedef enum server_error_kind {
    SERVER_ERR_REQUEST = 0,   /* an HTTP request refused (POST /v1/analyze and others) */
    SERVER_ERR_BAD_QUERY,     /* /ws/stream query: 400 */
    SERVER_ERR_TOO_MANY,      /* /ws/stream over --max-streams: 503 */
    SERVER_ERR_INTERNAL,      /* analyser could not be created (500) or failed (1011) */
    SERVER_ERR_TEXT_FRAME,    /* text where PCM is expected: 1003 */
    SERVER_ERR_FRAME_TOO_LARGE, /* 1009 */
    SERVER_ERR_BAD_SAMPLES,   /* not whole samples, NaN / Inf: 1007 */
    SERVER_ERR_RECORD,        /* --record: a recording could not be written (the call goes on) */
    SERVER_ERR_N
} server_error_kind;

#define STREAM_METRICS_BUCKETS 14

typedef struct stream_metrics {
    pthread_mutex_t lock;
    unsigned long long bucket[STREAM_METRICS_BUCKETS]; /* events with latency <= the bound (not cumulative) */
    unsigned long long count, errors[SERVER_ERR_N];
    double sum;                                        /* s */
} stream_metrics;

void stream_metrics_init(stream_metrics *m);
void stream_metrics_destroy(stream_metrics *m);
/* One event's latency, s. */
void stream_metrics_latency(stream_metrics *m, double seconds);
void stream_metrics_error(stream_metrics *m, server_error_kind kind);
/* Append the Prometheus text (histogram ser_event_latency_seconds, counter
 * ser_errors_by_kind_total{kind=...}) at buf + *len, cap bytes in all;
 * *len grows (clamped to cap - 1). */
void stream_metrics_write(stream_metrics *m, char *buf, size_t cap, size_t *len);
/* Monotonic clock, s. */
double stream_metrics_now(void);

#endif
