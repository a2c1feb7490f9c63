/* server.c - civetweb set-up, auth, /healthz, /metrics, the dashboard. */
#include "server.h"

#include <cJSON.h>
#include <civetweb.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub.h"

#define RING_EVENTS 256
#define EVENT_CAP 4096

server_config server_config_default(void)
{
    server_config c;
    memset(&c, 0, sizeof c);
    c.host = "127.0.0.1";
    c.port = 8080;
    c.max_streams = 16;
    c.max_watchers = 16;
    c.max_frame = 1u << 20;
    c.max_body = 32u << 20;
    c.idle_timeout_ms = 60000;
    return c;
}

bool server_authorized(const server *srv, const struct mg_connection *conn)
{
    const char *token = srv->cfg.token;
    if (!token || !*token)
        return true;
    const char *h = mg_get_header(conn, "Authorization");
    if (h && !strncmp(h, "Bearer ", 7) && server_same_secret(h + 7, token))
        return true;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    char q[512];
    if (ri && ri->query_string && mg_get_var(ri->query_string, strlen(ri->query_string), "token", q, sizeof q) >= 0)
        return server_same_secret(q, token);
    return false;
}

void server_send_error(struct mg_connection *conn, int status, const char *msg)
{
    char body[600];
    /* msg comes from our own code: no quotes or backslashes to escape */
    int n = snprintf(body, sizeof body, "{\"error\":\"%s\"}\n", msg);
    if (n < 0 || (size_t)n >= sizeof body)
        n = snprintf(body, sizeof body, "{\"error\":\"request refused\"}\n");
    const char *text = status == 400 ? "Bad Request" : status == 401 ? "Unauthorized" : status == 404 ? "Not Found"
                     : status == 405 ? "Method Not Allowed" : status == 411 ? "Length Required"
                     : status == 413 ? "Payload Too Large" : status == 415 ? "Unsupported Media Type"
                     : status == 500 ? "Internal Server Error" : status == 503 ? "Service Unavailable" : "Error";
    mg_printf(conn,
              "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s"
              "Connection: close\r\n\r\n%s",
              status, text, n, status == 401 ? "WWW-Authenticate: Bearer\r\n" : "", body);
}

void server_send_json(struct mg_connection *conn, const char *json)
{
    size_t n = strlen(json);
    mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
              "Cache-Control: no-store\r\nConnection: close\r\n\r\n", n + 1);
    mg_write(conn, json, n);
    mg_write(conn, "\n", 1);
}

void server_count_event(server *srv)
{
    pthread_mutex_lock(&srv->lock);
    srv->events++;
    pthread_mutex_unlock(&srv->lock);
}

void server_count_error_kind(server *srv, server_error_kind kind)
{
    pthread_mutex_lock(&srv->lock);
    srv->errors++;
    pthread_mutex_unlock(&srv->lock);
    stream_metrics_error(&srv->metrics, kind);
}

void server_count_error(server *srv) { server_count_error_kind(srv, SERVER_ERR_REQUEST); }

static bool is_get(struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    return ri && ri->request_method && (!strcmp(ri->request_method, "GET") || !strcmp(ri->request_method, "HEAD"));
}

/* A GET endpoint's checks: the token (when auth), then the method.  0 to
 * go on, else the status already sent. */
static int refuse_unless_get(server *srv, struct mg_connection *conn, bool auth)
{
    if (auth && !server_authorized(srv, conn)) {
        server_send_error(conn, 401, "missing or wrong token");
        return 401;
    }
    if (!is_get(conn)) {
        server_send_error(conn, 405, "use GET");
        return 405;
    }
    return 0;
}

static int healthz(struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    int refused = refuse_unless_get(srv, conn, false);
    if (refused)
        return refused;
    pthread_mutex_lock(&srv->lock);
    int streams = srv->streams;
    pthread_mutex_unlock(&srv->lock);
    char body[256];
    int n = snprintf(body, sizeof body, "{\"status\":\"ok\",\"streams\":%d,\"max_streams\":%d,\"watchers\":%d}\n",
                     streams, srv->cfg.max_streams, hub_watchers(srv->hub));
    mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
              "Cache-Control: no-store\r\nConnection: close\r\n\r\n%s", n, body);
    return 200;
}

static int metrics(struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    int refused = refuse_unless_get(srv, conn, true);
    if (refused)
        return refused;
    pthread_mutex_lock(&srv->lock);
    char body[4096];
    int n = snprintf(body, sizeof body,
                     "# TYPE ser_streams_active gauge\nser_streams_active %d\n"
                     "# TYPE ser_streams_total counter\nser_streams_total %llu\n"
                     "# TYPE ser_streams_refused_total counter\nser_streams_refused_total %llu\n"
                     "# TYPE ser_events_total counter\nser_events_total %llu\n"
                     "# TYPE ser_errors_total counter\nser_errors_total %llu\n"
                     "# TYPE ser_watchers gauge\nser_watchers %d\n",
                     srv->streams, srv->streams_total, srv->refused, srv->events, srv->errors,
                     hub_watchers(srv->hub));
    pthread_mutex_unlock(&srv->lock);
    size_t len = n > 0 ? (size_t)n : 0;
    stream_metrics_write(&srv->metrics, body, sizeof body, &len);
    hub_metrics_write(srv->hub, body, sizeof body, &len);
    /* the process heap (glibc, every arena): in use, and free but kept; the
       soak (docs/hardening.md) tells accumulation from fragmentation by them */
    struct mallinfo2 mi = mallinfo2();
    if (len < sizeof body) {
        int m = snprintf(body + len, sizeof body - len,
                         "# TYPE ser_heap_in_use_bytes gauge\nser_heap_in_use_bytes %zu\n"
                         "# TYPE ser_heap_free_bytes gauge\nser_heap_free_bytes %zu\n",
                         mi.uordblks + mi.hblkhd, mi.fordblks);
        if (m > 0 && (size_t)m < sizeof body - len)
            len += (size_t)m;
    }
    n = (int)len;
    mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: %d\r\n"
              "Connection: close\r\n\r\n%s", n, body);
    return 200;
}

/* GET /v1/model: what the server runs - kind, labels, feature set, and the
 * file's JSON header (docs/model-format.md: hyper-parameters, metrics,
 * provenance). */
static int model_info(struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    int refused = refuse_unless_get(srv, conn, true);
    if (refused)
        return refused;
    const ser_model *m = srv->cfg.model;
    cJSON *o = cJSON_CreateObject(), *labels = cJSON_AddArrayToObject(o, "labels");
    if (srv->cfg.model_path)
        cJSON_AddStringToObject(o, "path", srv->cfg.model_path);
    cJSON_AddStringToObject(o, "kind", ser_model_kind_name(ser_model_kind_of(m)));
    for (size_t k = 0; k < ser_model_n_classes(m); k++)
        cJSON_AddItemToArray(labels, cJSON_CreateString(ser_model_label(m, k)));
    cJSON_AddStringToObject(o, "feature_set", ser_model_feature_set(m) ? ser_model_feature_set(m) : "");
    cJSON_AddNumberToObject(o, "n_features", (double)ser_model_n_features(m));
    cJSON_AddNumberToObject(o, "sample_rate", ser_model_sample_rate(m));
    cJSON *header = ser_model_header_json(m) ? cJSON_Parse(ser_model_header_json(m)) : NULL;
    if (header)
        cJSON_AddItemToObject(o, "header", header);
    char *body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!body) {
        server_send_error(conn, 500, "out of memory");
        return 500;
    }
    server_send_json(conn, body);
    free(body);
    return 200;
}

/* "/" is the dashboard; every other unknown path is a 404. */
static int root(struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    if (!ri || !ri->local_uri || strcmp(ri->local_uri, "/")) {
        server_send_error(conn, 404, "no such endpoint");
        return 404;
    }
    if (!server_authorized(srv, conn)) {
        server_send_error(conn, 401, "missing or wrong token (add ?token=...)");
        return 401;
    }
    if (!is_get(conn)) {
        server_send_error(conn, 405, "use GET");
        return 405;
    }
    mg_printf(conn,
              "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %zu\r\n"
              "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
              "Content-Security-Policy: default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "connect-src 'self' ws: wss:\r\nConnection: close\r\n\r\n",
              serve_dashboard_html_len);
    mg_write(conn, serve_dashboard_html, serve_dashboard_html_len);
    return 200;
}

void server_ws_close(struct mg_connection *conn, int code, const char *reason)
{
    char payload[125];
    size_t n = strlen(reason);
    if (n > sizeof payload - 2)
        n = sizeof payload - 2;
    payload[0] = (char)(code >> 8);
    payload[1] = (char)(code & 0xff);
    memcpy(payload + 2, reason, n);
    mg_websocket_write(conn, MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE, payload, n + 2);
}

void server_stream_ended(server *srv)
{
    pthread_mutex_lock(&srv->lock);
    int left = --srv->streams;
    pthread_mutex_unlock(&srv->lock);
    /* The last stream gone: hand the freed heap of every thread's arena back
       to the system (glibc keeps it otherwise: RSS drifts up over a soak). */
    if (left == 0)
        malloc_trim(0);
}

void server_ws_closed(const struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    server_conn *c = mg_get_user_connection_data(conn);
    if (c)
        c->release((struct mg_connection *)conn, c);
}

/* Every connection's end: release WebSocket user data that no close
 * handler released (server.h server_conn). */
static void on_connection_close(const struct mg_connection *conn) { server_ws_closed(conn, NULL); }

server *server_start(const server_config *cfg, char *err, size_t cap)
{
    server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    srv->cfg = *cfg;
    stream_metrics_init(&srv->metrics);
    if (pthread_mutex_init(&srv->lock, NULL) || pthread_mutex_init(&srv->live_lock, NULL) ||
        !(srv->hub = hub_create(cfg->max_watchers, RING_EVENTS, EVENT_CAP))) {
        snprintf(err, cap, "out of memory");
        hub_destroy(srv->hub);
        free(srv);
        return NULL;
    }
    char ports[300], threads[32], idle[32];
    snprintf(ports, sizeof ports, "%s:%d", cfg->host, cfg->port);
    /* civetweb keeps one worker per WebSocket: streams + watchers + spare for HTTP */
    snprintf(threads, sizeof threads, "%d", cfg->max_streams + cfg->max_watchers + 8);
    snprintf(idle, sizeof idle, "%d", cfg->idle_timeout_ms);
    const char *options[] = {"listening_ports", ports, "num_threads", threads, "websocket_timeout_ms", idle,
                             "request_timeout_ms", "30000", "max_request_size", "16384",
                             "enable_directory_listing", "no",
                             /* events are small writes: without it Nagle holds one until the client's
                                next frame acknowledges the last (+20 ms at 20 ms frames) */
                             "tcp_nodelay", "1", NULL};
    struct mg_callbacks cb;
    memset(&cb, 0, sizeof cb);
    cb.connection_close = on_connection_close;
    struct mg_init_data init = {&cb, srv, options};
    struct mg_error_data ed;
    char msg[256] = "";
    memset(&ed, 0, sizeof ed);
    ed.text = msg;
    ed.text_buffer_size = sizeof msg;
    srv->ctx = mg_start2(&init, &ed);
    if (!srv->ctx) {
        snprintf(err, cap, "cannot listen on %s: %s", ports, msg[0] ? msg : "civetweb failed to start");
        hub_destroy(srv->hub);
        pthread_mutex_destroy(&srv->lock);
        free(srv);
        return NULL;
    }
    mg_set_request_handler(srv->ctx, "/healthz", healthz, srv);
    mg_set_request_handler(srv->ctx, "/metrics", metrics, srv);
    mg_set_request_handler(srv->ctx, "/v1/model", model_info, srv);
    mg_set_request_handler(srv->ctx, "/v1/analyze", analyze_handler, srv);
    ws_stream_register(srv, "/ws/stream");
    ws_stream_register(srv, "/v1/stream");
    ws_events_register(srv, "/ws/events");
    ws_events_register(srv, "/v1/events");
    ws_twilio_register(srv, "/v1/twilio");
    mg_set_request_handler(srv->ctx, "/", root, srv);
    return srv;
}

int server_port(const server *srv)
{
    struct mg_server_port p[4];
    int n = mg_get_server_ports(srv->ctx, 4, p);
    return n > 0 ? p[0].port : -1;
}

void server_stop(server *srv)
{
    if (!srv)
        return;
    mg_stop(srv->ctx);
    ser_stream_plan_destroy(srv->plan);
    hub_destroy(srv->hub);
    stream_metrics_destroy(&srv->metrics);
    pthread_mutex_destroy(&srv->lock);
    pthread_mutex_destroy(&srv->live_lock);
    free(srv);
}
