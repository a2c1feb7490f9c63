/* ws_twilio.c - WebSocket /v1/twilio: Twilio Media Streams in.
 *
 * Twilio sends JSON text messages: "connected"; "start" with
 * start.streamSid, start.callSid, start.tracks (["inbound", "outbound"]),
 * start.mediaFormat {"encoding":"audio/x-mulaw","sampleRate":8000,
 * "channels":1} and start.customParameters; "media" with media.track
 * ("inbound" | "outbound") and media.payload (base64 of the µ-law bytes);
 * "mark", "dtmf"; "stop".  Inbound audio is the caller (track "caller");
 * outbound is the agent (track "agent"), analysed only when the server
 * runs with --analyze-agent.  call_id is the callSid (else the streamSid).
 * Events go to the dashboards (/v1/events), not back to Twilio.
 *
 * Auth: Twilio cannot set headers and does not pass a query string on, so
 * with --token the token may also come as the custom parameter "token"
 * (<Parameter name="token" value="..."/>) in the start message: no audio
 * is analysed before it.  A wrong token in the query or header is refused
 * at the upgrade (401).
 *
 * Errors close the socket: 1003 a binary frame, 1007 bad JSON / base64 /
 * message shape / media format, 1008 token missing or wrong, media before
 * start, a second start; 1009 a frame over --max-frame.  Unknown events
 * are ignored (Twilio may add some). */
#include <civetweb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"
#include "server.h"
#include "twilio_message.h"

typedef struct twilio {
    server_conn base; /* first: released by its close handler or the server's connection_close */
    server_live live;
    server *srv;
    twilio_call call;
    int last_opcode;
    char json[8192];
} twilio;

static void on_event(void *user, const ser_stream_event *ev)
{
    twilio *t = user;
    size_t len;
    if (ser_stream_event_json(ev, t->json, sizeof t->json, &len) != SER_OK)
        return;
    hub_broadcast(t->srv->hub, t->json, len);
    server_count_event(t->srv);
}

static void flush_call(server_live *live)
{
    twilio_call_flush(&((twilio *)(void *)((char *)live - offsetof(twilio, live)))->call);
}

static void release(struct mg_connection *conn, server_conn *self);

static bool has_credentials(const struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    char q[8];
    return mg_get_header(conn, "Authorization") ||
           (ri && ri->query_string &&
            mg_get_var(ri->query_string, strlen(ri->query_string), "token", q, sizeof q) != -1);
}

static int on_connect(const struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    bool ok = server_authorized(srv, conn);
    if (!ok && has_credentials(conn)) {
        server_send_error((struct mg_connection *)conn, 401, "missing or wrong token");
        return 1;
    }
    pthread_mutex_lock(&srv->lock);
    bool full = srv->streams >= srv->cfg.max_streams;
    if (full)
        srv->refused++;
    else
        srv->streams++;
    pthread_mutex_unlock(&srv->lock);
    if (full) {
        char msg[120];
        snprintf(msg, sizeof msg, "too many streams: the server takes %d at a time (--max-streams)",
                 srv->cfg.max_streams);
        server_count_error(srv);
        server_send_error((struct mg_connection *)conn, 503, msg);
        return 1;
    }
    twilio *t = calloc(1, sizeof *t);
    if (!t) {
        server_stream_ended(srv);
        server_send_error((struct mg_connection *)conn, 503, "out of memory");
        return 1;
    }
    t->srv = srv;
    t->call.srv = srv;
    t->call.on_event = on_event;
    t->call.user = t;
    t->call.authorized = ok;
    t->base.release = release;
    t->live.flush = flush_call;
    if (!server_live_add(srv, &t->live)) {
        free(t);
        server_stream_ended(srv);
        server_send_error((struct mg_connection *)conn, 503, "server shutting down");
        return 1;
    }
    pthread_mutex_lock(&srv->lock);
    srv->streams_total++;
    pthread_mutex_unlock(&srv->lock);
    mg_set_user_connection_data(conn, t);
    return 0;
}

static int fail(struct mg_connection *conn, server *srv, int code, const char *reason)
{
    server_count_error(srv);
    server_ws_close(conn, code, reason);
    return 0;
}

static void on_ready(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    twilio *t = mg_get_user_connection_data(conn);
    if (t) {
        pthread_mutex_lock(&t->live.lock);
        t->live.conn = conn;
        pthread_mutex_unlock(&t->live.lock);
    }
}

static int on_frame(struct mg_connection *conn, twilio *t, int op, char *data, size_t len, server *srv);

static int on_data(struct mg_connection *conn, int flags, char *data, size_t len, void *cbdata)
{
    twilio *t = mg_get_user_connection_data(conn);
    int op = flags & 0xf;
    if (op == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE)
        return 0;
    if (op == MG_WEBSOCKET_OPCODE_PING || op == MG_WEBSOCKET_OPCODE_PONG || !t)
        return t != NULL;
    if (!server_live_enter(&t->live))
        return 0; /* the shutdown ended this call */
    int keep = on_frame(conn, t, op, data, len, cbdata);
    server_live_leave(&t->live);
    return keep;
}

/* One data frame of a call (its lock held). 0: close. */
static int on_frame(struct mg_connection *conn, twilio *t, int op, char *data, size_t len, server *srv)
{
    if (op == MG_WEBSOCKET_OPCODE_CONTINUATION)
        op = t->last_opcode;
    else
        t->last_opcode = op;
    if (len > srv->cfg.max_frame)
        return fail(conn, srv, 1009, "frame too large");
    if (op != MG_WEBSOCKET_OPCODE_TEXT)
        return fail(conn, srv, 1003, "Twilio messages are JSON text frames");
    const char *why;
    int code = twilio_message(&t->call, data, len, &why);
    if (code == 1000) {
        server_ws_close(conn, 1000, why);
        return 0;
    }
    if (code)
        return fail(conn, srv, code, why);
    return 1;
}

static void release(struct mg_connection *conn, server_conn *self)
{
    twilio *t = (twilio *)self;
    server *srv = t->srv;
    mg_set_user_connection_data(conn, NULL);
    server_live_remove(srv, &t->live);
    twilio_call_free(&t->call);
    free(t);
    server_stream_ended(srv);
}

void ws_twilio_register(server *srv, const char *uri)
{
    mg_set_websocket_handler(srv->ctx, uri, on_connect, on_ready, on_data, server_ws_closed, srv);
}
