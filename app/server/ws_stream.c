/* ws_stream.c - WebSocket /ws/stream: binary PCM frames in, one text
 * frame per event out (also broadcast to the dashboards).  Text frame
 * {"type":"stop"} (or "stop") flushes the stream, sends the last events
 * and closes normally.  Errors close with a code and reason:
 * 1003 text where PCM is expected, 1007 a frame that is not whole samples
 * or bad samples, 1009 a frame over the size limit, 1011 internal. */
#include <cblas.h>
#include <stddef.h>
#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call_recording.h"
#include "hub.h"
#include "server.h"
#include "ser/stream.h"
#include "stream_query.h"

typedef struct ws_stream {
    server_conn base; /* first: released by its close handler or the server's connection_close */
    server_live live;
    server *srv;
    struct mg_connection *conn;
    ser_stream *s;
    call_recording *rec; /* --record; NULL: none */
    size_t frame_bytes; /* bytes per sample frame (all channels) */
    int last_opcode;    /* of the message being continued */
    bool send;          /* events go to the client too (false while closing) */
    double arrived;     /* s (monotonic): when the frame being analysed reached on_data */
    char json[8192];
} ws_stream;

static void on_event(void *user, const ser_stream_event *ev)
{
    ws_stream *w = user;
    size_t len;
    if (ser_stream_event_json(ev, w->json, sizeof w->json, &len) != SER_OK)
        return;
    /* the event is emitted inside the push of the frame that holds its last sample */
    stream_metrics_latency(&w->srv->metrics, stream_metrics_now() - w->arrived);
    if (w->send)
        mg_websocket_write(w->conn, MG_WEBSOCKET_OPCODE_TEXT, w->json, len);
    hub_broadcast(w->srv->hub, w->json, len);
    server_count_event(w->srv);
}

static void flush_call(server_live *live)
{
    ws_stream *w = (ws_stream *)(void *)((char *)live - offsetof(ws_stream, live));
    w->arrived = stream_metrics_now();
    ser_stream_flush(w->s, on_event, w);
}

static void release(struct mg_connection *conn, server_conn *self);

static int refuse(const struct mg_connection *cconn, server *srv, int status, const char *msg)
{
    /* civetweb has not answered the upgrade yet: an HTTP answer goes out */
    server_send_error((struct mg_connection *)cconn, status, msg);
    if (status != 401)
        server_count_error_kind(srv, status == 400   ? SERVER_ERR_BAD_QUERY
                                     : status == 503 ? SERVER_ERR_TOO_MANY
                                                     : SERVER_ERR_INTERNAL);
    return 1;
}

static int on_connect(const struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    if (!server_authorized(srv, conn))
        return refuse(conn, srv, 401, "missing or wrong token");
    const struct mg_request_info *ri = mg_get_request_info(conn);
    stream_query q;
    char msg[200];
    if (!stream_query_parse(ri ? ri->query_string : NULL, &q, msg, sizeof msg))
        return refuse(conn, srv, 400, msg);
    pthread_mutex_lock(&srv->lock);
    bool full = srv->streams >= srv->cfg.max_streams;
    if (full)
        srv->refused++;
    else
        srv->streams++;
    pthread_mutex_unlock(&srv->lock);
    if (full) {
        snprintf(msg, sizeof msg, "too many streams: the server takes %d at a time (--max-streams)",
                 srv->cfg.max_streams);
        return refuse(conn, srv, 503, msg);
    }
    ws_stream *w = calloc(1, sizeof *w);
    ser_stream_config c = ser_stream_config_default();
    c.model = srv->cfg.model;
    c.plan = srv->plan;
    c.rules = srv->cfg.rules;
    c.encoding = q.format;
    c.input_rate = q.rate;
    c.channels = q.channels;
    c.track = q.track;
    c.call_id = q.call_id;
    ser_status st = SER_OK;
    ser_error err = {0};
    if (!w || !(w->s = ser_stream_create(&c, &st, &err))) {
        free(w);
        server_stream_ended(srv);
        return refuse(conn, srv, 500, "cannot create the analyser");
    }
    w->base.release = release;
    w->live.flush = flush_call;
    if (!server_live_add(srv, &w->live)) {
        ser_stream_destroy(w->s);
        free(w);
        server_stream_ended(srv);
        return refuse(conn, srv, 503, "server shutting down");
    }
    w->srv = srv;
    w->frame_bytes = ser_raw_bytes_per_sample(q.format) * (size_t)q.channels;
    w->send = true;
    w->rec = call_recording_open(srv->cfg.record_dir, q.call_id, q.track, q.format, q.rate, q.channels,
                                 &srv->metrics);
    pthread_mutex_lock(&srv->lock);
    srv->streams_total++;
    pthread_mutex_unlock(&srv->lock);
    mg_set_user_connection_data(conn, w);
    return 0;
}

static void on_ready(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    ws_stream *w = mg_get_user_connection_data(conn);
    if (w) {
        pthread_mutex_lock(&w->live.lock);
        w->conn = w->live.conn = conn;
        pthread_mutex_unlock(&w->live.lock);
    }
}

static bool is_stop(const char *data, size_t len)
{
    return (len == 4 && !memcmp(data, "stop", 4)) || (len == 15 && !memcmp(data, "{\"type\":\"stop\"}", 15));
}

static int on_frame(struct mg_connection *conn, ws_stream *w, int op, char *data, size_t len, server *srv);

static int on_data(struct mg_connection *conn, int flags, char *data, size_t len, void *cbdata)
{
    ws_stream *w = mg_get_user_connection_data(conn);
    int op = flags & 0xf;
    if (op == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE)
        return 0;
    if (op == MG_WEBSOCKET_OPCODE_PING || op == MG_WEBSOCKET_OPCODE_PONG || !w)
        return w != NULL;
    if (!server_live_enter(&w->live))
        return 0; /* the shutdown ended this call */
    int keep = on_frame(conn, w, op, data, len, cbdata);
    server_live_leave(&w->live);
    return keep;
}

/* One data frame of a live call (its lock held). 0: close. */
static int on_frame(struct mg_connection *conn, ws_stream *w, int op, char *data, size_t len, server *srv)
{
    if (op == MG_WEBSOCKET_OPCODE_CONTINUATION)
        op = w->last_opcode;
    else
        w->last_opcode = op;
    if (op == MG_WEBSOCKET_OPCODE_TEXT) {
        if (!is_stop(data, len)) {
            server_count_error_kind(srv, SERVER_ERR_TEXT_FRAME);
            server_ws_close(conn, 1003, "binary PCM frames expected (text: only {\"type\":\"stop\"})");
            return 0;
        }
        w->arrived = stream_metrics_now();
        ser_stream_flush(w->s, on_event, w);
        server_ws_close(conn, 1000, "stopped");
        return 0;
    }
    if (op != MG_WEBSOCKET_OPCODE_BINARY)
        return 1;
    if (len > srv->cfg.max_frame) {
        server_count_error_kind(srv, SERVER_ERR_FRAME_TOO_LARGE);
        server_ws_close(conn, 1009, "frame too large");
        return 0;
    }
    if (len % w->frame_bytes) {
        server_count_error_kind(srv, SERVER_ERR_BAD_SAMPLES);
        server_ws_close(conn, 1007, "frame is not a whole number of samples");
        return 0;
    }
    w->arrived = stream_metrics_now();
    ser_status st = ser_stream_push(w->s, data, len, on_event, w);
    if (st) {
        server_count_error_kind(srv, st == SER_ERR_NONFINITE || st == SER_ERR_ARG ? SERVER_ERR_BAD_SAMPLES
                                                                                   : SERVER_ERR_INTERNAL);
        char reason[100];
        snprintf(reason, sizeof reason, "bad audio: %s", ser_strerror(st));
        server_ws_close(conn, st == SER_ERR_NONFINITE || st == SER_ERR_ARG ? 1007 : 1011, reason);
        return 0;
    }
    call_recording_write(w->rec, data, len);
    return 1;
}

static void release(struct mg_connection *conn, server_conn *self)
{
    ws_stream *w = (ws_stream *)self;
    server *srv = w->srv;
    mg_set_user_connection_data(conn, NULL);
    server_live_remove(srv, &w->live);
    ser_stream_destroy(w->s);
    call_recording_close(w->rec);
    free(w);
    server_stream_ended(srv);
}

void ws_stream_register(server *srv, const char *uri)
{
    /* one set of tables for every stream; without it (a model the stream refuses) each create
       fails with the reason */
    if (!srv->plan)
        srv->plan = ser_stream_plan_create(srv->cfg.model, NULL, NULL);
    /* the streams are the parallelism: OpenBLAS threads inside each CNN GEMM only spin against
       each other (3x the CPU per event with 2 threads on 2 cores, bench/stream_capacity.sh) */
    openblas_set_num_threads(1);
    mg_set_websocket_handler(srv->ctx, uri, on_connect, on_ready, on_data, server_ws_closed, srv);
}
