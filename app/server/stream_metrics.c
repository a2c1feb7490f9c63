/* stream_metrics.c - see stream_metrics.h. */
#include "stream_metrics.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Upper bounds of the latency buckets, s (the last bucket is +Inf). */
static const double bounds[STREAM_METRICS_BUCKETS - 1] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                          0.025,  0.05,    0.1,    0.25,  0.5,    1.0};
static const char *const bound_text[STREAM_METRICS_BUCKETS] = {"0.0001", "0.00025", "0.0005", "0.001", "0.0025",
                                                               "0.005",  "0.01",    "0.025",  "0.05",  "0.1",
                                                               "0.25",   "0.5",     "1",      "+Inf"};
static const char *const kind_name[SERVER_ERR_N] = {"request",    "bad_query",       "too_many_streams", "internal",
                                                    "text_frame", "frame_too_large", "bad_samples",      "record"};

void stream_metrics_init(stream_metrics *m)
{
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
}

void stream_metrics_destroy(stream_metrics *m) { pthread_mutex_destroy(&m->lock); }

double stream_metrics_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void stream_metrics_latency(stream_metrics *m, double seconds)
{
    size_t b = 0;
    while (b < STREAM_METRICS_BUCKETS - 1 && seconds > bounds[b])
        b++;
    pthread_mutex_lock(&m->lock);
    m->bucket[b]++;
    m->count++;
    m->sum += seconds;
    pthread_mutex_unlock(&m->lock);
}

void stream_metrics_error(stream_metrics *m, server_error_kind kind)
{
    if ((unsigned)kind >= SERVER_ERR_N)
        kind = SERVER_ERR_REQUEST;
    pthread_mutex_lock(&m->lock);
    m->errors[kind]++;
    pthread_mutex_unlock(&m->lock);
}

static void put(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    if (*len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *len, cap - *len, fmt, ap);
    va_end(ap);
    if (n > 0)
        *len = *len + (size_t)n < cap ? *len + (size_t)n : cap - 1;
}

void stream_metrics_write(stream_metrics *m, char *buf, size_t cap, size_t *len)
{
    unsigned long long bucket[STREAM_METRICS_BUCKETS], errors[SERVER_ERR_N], count;
    pthread_mutex_lock(&m->lock); /* a consistent copy */
    memcpy(bucket, m->bucket, sizeof bucket);
    memcpy(errors, m->errors, sizeof errors);
    count = m->count;
    double sum = m->sum;
    pthread_mutex_unlock(&m->lock);
    put(buf, cap, len,
        "# HELP ser_event_latency_seconds From the arrival of the last audio sample an event covers to its "
        "emission.\n# TYPE ser_event_latency_seconds histogram\n");
    unsigned long long cum = 0;
    for (size_t b = 0; b < STREAM_METRICS_BUCKETS; b++) {
        cum += bucket[b];
        put(buf, cap, len, "ser_event_latency_seconds_bucket{le=\"%s\"} %llu\n", bound_text[b], cum);
    }
    put(buf, cap, len, "ser_event_latency_seconds_sum %.9g\nser_event_latency_seconds_count %llu\n", sum, count);
    put(buf, cap, len, "# TYPE ser_errors_by_kind_total counter\n");
    for (size_t k = 0; k < SERVER_ERR_N; k++)
        put(buf, cap, len, "ser_errors_by_kind_total{kind=\"%s\"} %llu\n", kind_name[k], errors[k]);
}
