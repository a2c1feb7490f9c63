/* hub.h - the dashboard side of `ser serve`: the watchers of /ws/events
 * and a ring of the most recent events (JSON text, no audio) replayed to a
 * watcher when it connects, so a dashboard opened mid-call shows the
 * current state.
 *
 * A slow dashboard never delays the streams: hub_broadcast only copies the
 * event into each watcher's bounded queue (ring_events slots); a sender
 * thread per watcher writes its queue to the socket.  When a queue is full
 * the oldest event is dropped and counted (ser_watcher_dropped_events_total
 * in /metrics).  Thread-safe. */
#ifndef SER_APP_HUB_H
#define SER_APP_HUB_H

#include <stdbool.h>
#include <stddef.h>

struct mg_connection;
typedef struct hub hub;

hub *hub_create(int max_watchers, size_t ring_events, size_t event_cap);
void hub_destroy(hub *h);
/* Reserve a watcher slot (false when full); hub_add fills it. */
bool hub_reserve(hub *h);
void hub_unreserve(hub *h);
/* Add a reserved watcher, queue the ring for it and start its sender. */
void hub_add(hub *h, struct mg_connection *conn);
/* Remove a watcher (or release its reservation if it never became ready);
 * waits for its sender to stop. */
void hub_remove(hub *h, const struct mg_connection *conn);
/* Keep json (len bytes) in the ring and queue it for every watcher. */
void hub_broadcast(hub *h, const char *json, size_t len);
int hub_watchers(hub *h);
/* Events dropped from full watcher queues since the start. */
unsigned long long hub_dropped(hub *h);
/* Append the Prometheus text of the hub's counters at buf + *len (cap bytes in all). */
void hub_metrics_write(hub *h, char *buf, size_t cap, size_t *len);

#endif
