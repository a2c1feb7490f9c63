/* ws_events.c - WebSocket /ws/events: every event of every live call, for
 * dashboards and chatbots.  A new watcher first gets the most recent
 * events (hub.h).  Frames from a watcher are ignored. */
#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>

#include "hub.h"
#include "server.h"

/* A watcher's user data (server.h server_conn): its hub slot is given back
 * when the connection ends, also when its upgrade failed. */
typedef struct events_conn {
    server_conn base;
    server *srv;
} events_conn;

static void release(struct mg_connection *conn, server_conn *self)
{
    events_conn *w = (events_conn *)self;
    mg_set_user_connection_data(conn, NULL);
    hub_remove(w->srv->hub, conn);
    free(w);
}

static int on_connect(const struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    if (!server_authorized(srv, conn)) {
        server_send_error((struct mg_connection *)conn, 401, "missing or wrong token");
        return 1;
    }
    if (!hub_reserve(srv->hub)) {
        char msg[120];
        snprintf(msg, sizeof msg, "too many dashboards: the server takes %d at a time", srv->cfg.max_watchers);
        server_send_error((struct mg_connection *)conn, 503, msg);
        return 1;
    }
    events_conn *w = malloc(sizeof *w);
    if (!w) {
        hub_unreserve(srv->hub);
        server_send_error((struct mg_connection *)conn, 503, "out of memory");
        return 1;
    }
    w->base.release = release;
    w->srv = srv;
    mg_set_user_connection_data(conn, w);
    return 0;
}

static void on_ready(struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    hub_add(srv->hub, conn);
}

static int on_data(struct mg_connection *conn, int flags, char *data, size_t len, void *cbdata)
{
    (void)conn, (void)data, (void)len, (void)cbdata;
    return (flags & 0xf) != MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE;
}

void ws_events_register(server *srv, const char *uri)
{
    mg_set_websocket_handler(srv->ctx, uri, on_connect, on_ready, on_data, server_ws_closed, srv);
}
