/* hub.c - watchers of /ws/events, their queues and senders, and the ring
 * of recent events. */
#include "hub.h"

#include <civetweb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fixed slots of event_cap bytes: a ring of recent events, or a queue. */
typedef struct slots {
    char *data;
    size_t *lens;
    size_t n, cap, head, count; /* n slots of cap bytes; oldest at head */
} slots;

typedef struct watcher {
    struct mg_connection *conn;
    hub *h;
    pthread_t thread;
    pthread_mutex_t lock; /* guards q, stop */
    pthread_cond_t ready;
    slots q;
    bool stop;
    char *out;            /* the event being sent (event_cap bytes) */
} watcher;

struct hub {
    pthread_mutex_t lock; /* guards the list, the ring, the counters */
    int max_watchers, n_watchers, reserved;
    watcher **watchers;
    slots ring;
    size_t event_cap;
    unsigned long long dropped;
};

static bool slots_init(slots *s, size_t n, size_t cap)
{
    s->n = n ? n : 1;
    s->cap = cap;
    s->head = s->count = 0;
    s->data = calloc(s->n, cap);
    s->lens = calloc(s->n, sizeof *s->lens);
    return s->data && s->lens;
}

static void slots_free(slots *s)
{
    free(s->data);
    free(s->lens);
}

/* Append; when full the oldest goes (returns true when one was dropped). */
static bool slots_push(slots *s, const char *x, size_t len)
{
    bool drop = s->count == s->n;
    if (drop) {
        s->head = (s->head + 1) % s->n;
        s->count--;
    }
    size_t k = (s->head + s->count) % s->n;
    memcpy(s->data + k * s->cap, x, len);
    s->lens[k] = len;
    s->count++;
    return drop;
}

hub *hub_create(int max_watchers, size_t ring_events, size_t event_cap)
{
    hub *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->max_watchers = max_watchers;
    h->event_cap = event_cap;
    h->watchers = calloc((size_t)(max_watchers > 0 ? max_watchers : 1), sizeof *h->watchers);
    if (!h->watchers || !slots_init(&h->ring, ring_events, event_cap) || pthread_mutex_init(&h->lock, NULL)) {
        free(h->watchers);
        slots_free(&h->ring);
        free(h);
        return NULL;
    }
    return h;
}

void hub_destroy(hub *h)
{
    if (!h)
        return;
    /* civetweb closed every connection (hub_remove) before this */
    pthread_mutex_destroy(&h->lock);
    free(h->watchers);
    slots_free(&h->ring);
    free(h);
}

bool hub_reserve(hub *h)
{
    pthread_mutex_lock(&h->lock);
    bool ok = h->n_watchers + h->reserved < h->max_watchers;
    if (ok)
        h->reserved++;
    pthread_mutex_unlock(&h->lock);
    return ok;
}

void hub_unreserve(hub *h)
{
    pthread_mutex_lock(&h->lock);
    if (h->reserved > 0)
        h->reserved--;
    pthread_mutex_unlock(&h->lock);
}

/* The watcher's sender: its queue to its socket, one event at a time,
 * outside every lock the streams take. */
static void *sender(void *arg)
{
    watcher *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (!w->q.count && !w->stop)
            pthread_cond_wait(&w->ready, &w->lock);
        if (w->stop) {
            pthread_mutex_unlock(&w->lock);
            return NULL;
        }
        size_t len = w->q.lens[w->q.head];
        memcpy(w->out, w->q.data + w->q.head * w->q.cap, len);
        w->q.head = (w->q.head + 1) % w->q.n;
        w->q.count--;
        pthread_mutex_unlock(&w->lock);
        mg_websocket_write(w->conn, MG_WEBSOCKET_OPCODE_TEXT, w->out, len);
    }
}

static void watcher_free(watcher *w)
{
    if (!w)
        return;
    slots_free(&w->q);
    free(w->out);
    pthread_cond_destroy(&w->ready);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

static watcher *watcher_new(hub *h, struct mg_connection *conn)
{
    watcher *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    if (pthread_mutex_init(&w->lock, NULL)) {
        free(w);
        return NULL;
    }
    if (pthread_cond_init(&w->ready, NULL)) {
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    w->conn = conn;
    w->h = h;
    if (!slots_init(&w->q, h->ring.n, h->event_cap) || !(w->out = malloc(h->event_cap))) {
        watcher_free(w);
        return NULL;
    }
    return w;
}

void hub_add(hub *h, struct mg_connection *conn)
{
    watcher *w = watcher_new(h, conn);
    bool added = false;
    pthread_mutex_lock(&h->lock);
    if (h->reserved > 0)
        h->reserved--;
    if (w && h->n_watchers < h->max_watchers) {
        for (size_t i = 0; i < h->ring.count; i++) { /* the replay, before any new event */
            size_t k = (h->ring.head + i) % h->ring.n;
            slots_push(&w->q, h->ring.data + k * h->ring.cap, h->ring.lens[k]);
        }
        if (pthread_create(&w->thread, NULL, sender, w) == 0) {
            h->watchers[h->n_watchers++] = w;
            added = true;
        }
    }
    pthread_mutex_unlock(&h->lock);
    if (!added) /* no memory or thread: this dashboard gets nothing, the server goes on */
        watcher_free(w);
}

void hub_remove(hub *h, const struct mg_connection *conn)
{
    watcher *w = NULL;
    pthread_mutex_lock(&h->lock);
    for (int i = 0; i < h->n_watchers && !w; i++) {
        if (h->watchers[i]->conn == conn) {
            w = h->watchers[i];
            h->watchers[i] = h->watchers[--h->n_watchers];
        }
    }
    if (!w && h->reserved > 0)
        h->reserved--; /* closed before it was ready: give its slot back */
    pthread_mutex_unlock(&h->lock);
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->ready);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    watcher_free(w);
}

void hub_broadcast(hub *h, const char *json, size_t len)
{
    if (len > h->event_cap)
        return;
    pthread_mutex_lock(&h->lock);
    slots_push(&h->ring, json, len);
    for (int i = 0; i < h->n_watchers; i++) {
        watcher *w = h->watchers[i];
        pthread_mutex_lock(&w->lock);
        h->dropped += slots_push(&w->q, json, len);
        pthread_cond_signal(&w->ready);
        pthread_mutex_unlock(&w->lock);
    }
    pthread_mutex_unlock(&h->lock);
}

int hub_watchers(hub *h)
{
    pthread_mutex_lock(&h->lock);
    int n = h->n_watchers;
    pthread_mutex_unlock(&h->lock);
    return n;
}

unsigned long long hub_dropped(hub *h)
{
    pthread_mutex_lock(&h->lock);
    unsigned long long n = h->dropped;
    pthread_mutex_unlock(&h->lock);
    return n;
}

void hub_metrics_write(hub *h, char *buf, size_t cap, size_t *len)
{
    if (*len + 1 >= cap)
        return;
    int n = snprintf(buf + *len, cap - *len,
                     "# HELP ser_watcher_dropped_events_total Events dropped from full dashboard queues.\n"
                     "# TYPE ser_watcher_dropped_events_total counter\nser_watcher_dropped_events_total %llu\n",
                     hub_dropped(h));
    if (n > 0)
        *len = *len + (size_t)n < cap ? *len + (size_t)n : cap - 1;
}
