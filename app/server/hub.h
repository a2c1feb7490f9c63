/* hub.h - the dashboard side of `ser serve`: the watchers of /ws/events
 * and a ring of the most recent events (JSON text, no audio) replayed to a
 * watcher when it connects, so a dashboard opened mid-call shows the
 * current state.  Thread-safe. */
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
/* Add a reserved watcher and replay the ring to it. */
void hub_add(hub *h, struct mg_connection *conn);
/* Remove a watcher (or release its reservation if it never became ready). */
void hub_remove(hub *h, const struct mg_connection *conn);
/* Keep json (len bytes) in the ring and send it to every watcher. */
void hub_broadcast(hub *h, const char *json, size_t len);
int hub_watchers(hub *h);

#endif
