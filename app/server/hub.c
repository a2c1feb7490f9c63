/* hub.c - watchers of /ws/events and the ring of recent events. */
#include "hub.h"

#include <civetweb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct hub {
    pthread_mutex_t lock;
    int max_watchers, n_watchers, reserved;
    struct mg_connection **watchers;
    char *ring;    /* ring_events slots of event_cap bytes */
    size_t *lens;  /* length of each slot */
    size_t ring_events, event_cap, next, count;
};

hub *hub_create(int max_watchers, size_t ring_events, size_t event_cap)
{
    hub *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->max_watchers = max_watchers;
    h->ring_events = ring_events ? ring_events : 1;
    h->event_cap = event_cap;
    h->watchers = calloc((size_t)(max_watchers > 0 ? max_watchers : 1), sizeof *h->watchers);
    h->ring = calloc(h->ring_events, event_cap);
    h->lens = calloc(h->ring_events, sizeof *h->lens);
    if (!h->watchers || !h->ring || !h->lens || pthread_mutex_init(&h->lock, NULL)) {
        free(h->watchers);
        free(h->ring);
        free(h->lens);
        free(h);
        return NULL;
    }
    return h;
}

void hub_destroy(hub *h)
{
    if (!h)
        return;
    pthread_mutex_destroy(&h->lock);
    free(h->watchers);
    free(h->ring);
    free(h->lens);
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

void hub_add(hub *h, struct mg_connection *conn)
{
    pthread_mutex_lock(&h->lock);
    if (h->reserved > 0)
        h->reserved--;
    if (h->n_watchers < h->max_watchers)
        h->watchers[h->n_watchers++] = conn;
    size_t first = (h->next + h->ring_events - h->count) % h->ring_events;
    for (size_t i = 0; i < h->count; i++) {
        size_t k = (first + i) % h->ring_events;
        mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_TEXT, h->ring + k * h->event_cap, h->lens[k]);
    }
    pthread_mutex_unlock(&h->lock);
}

void hub_remove(hub *h, const struct mg_connection *conn)
{
    pthread_mutex_lock(&h->lock);
    bool found = false;
    for (int i = 0; i < h->n_watchers && !found; i++) {
        if (h->watchers[i] == conn) {
            h->watchers[i] = h->watchers[--h->n_watchers];
            found = true;
        }
    }
    if (!found && h->reserved > 0)
        h->reserved--; /* closed before it was ready: give its slot back */
    pthread_mutex_unlock(&h->lock);
}

void hub_broadcast(hub *h, const char *json, size_t len)
{
    pthread_mutex_lock(&h->lock);
    if (len <= h->event_cap) {
        memcpy(h->ring + h->next * h->event_cap, json, len);
        h->lens[h->next] = len;
        h->next = (h->next + 1) % h->ring_events;
        if (h->count < h->ring_events)
            h->count++;
    }
    for (int i = 0; i < h->n_watchers; i++)
        mg_websocket_write(h->watchers[i], MG_WEBSOCKET_OPCODE_TEXT, json, len);
    pthread_mutex_unlock(&h->lock);
}

int hub_watchers(hub *h)
{
    pthread_mutex_lock(&h->lock);
    int n = h->n_watchers;
    pthread_mutex_unlock(&h->lock);
    return n;
}
