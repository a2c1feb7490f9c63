/* server.h - `ser serve`: HTTP + WebSocket front of the live analyser
 * (civetweb).  Endpoints (docs/serve.md):
 *   GET  /healthz             no auth; {"status":"ok",...}
 *   GET  /                    the dashboard (app/web/dashboard.html, embedded)
 *   GET  /metrics             Prometheus text counters
 *   GET  /v1/model            the model: kind, labels, feature set, its file header
 *   POST /v1/analyze          whole audio body -> the `ser analyze` JSON
 *   WS   /ws/stream (/v1/stream)  binary PCM frames in, event text frames out
 *   WS   /ws/events (/v1/events)  every event of every live call (dashboards)
 *   WS   /v1/twilio           Twilio Media Streams (JSON messages, base64 mu-law)
 * With a token every endpoint but /healthz needs "Authorization: Bearer T"
 * or ?token=T.  One ser_stream per stream connection; no audio is kept
 * unless --record DIR (call_recording.h). */
#ifndef SER_APP_SERVER_H
#define SER_APP_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "ser/model.h"
#include "ser/rules.h"
#include "ser/stream.h"
#include "stream_metrics.h"

struct mg_context;
struct mg_connection;
typedef struct hub hub;

typedef struct server_config {
    const char *host;        /* "127.0.0.1" */
    int port;                /* 8080; 0 = any free port */
    const char *token;       /* NULL: no auth */
    int max_streams;         /* concurrent /ws/stream connections (16) */
    int max_watchers;        /* concurrent /ws/events connections (16) */
    size_t max_frame;        /* bytes of one WebSocket frame (1 MiB) */
    size_t max_body;         /* bytes of a POST body (32 MiB) */
    int idle_timeout_ms;     /* WebSocket idle timeout (60000) */
    const ser_model *model;  /* shared by every stream; outlives the server */
    const char *model_path;  /* shown by GET /v1/model (NULL: not shown) */
    const ser_rules *rules;  /* NULL: no suggestions */
    bool analyze_agent;      /* analyse agent tracks (Twilio outbound, /v1/analyze agent_channel) */
    const char *record_dir;  /* --record: live calls' audio to this folder (call_recording.h); NULL: none */
} server_config;

/* The user data of every WebSocket connection starts with this.  civetweb
 * calls no close handler for a connection whose upgrade failed after the
 * connect handler accepted it (the 101 could not be written: the client
 * went away); its connection_close callback runs for every connection, and
 * releases the user data still set there (server.c).  A close handler
 * releases it itself and clears the user data. */
typedef struct server_conn {
    void (*release)(struct mg_connection *conn, struct server_conn *self);
} server_conn;

/* The close handler of every WebSocket endpoint: releases the user data. */
void server_ws_closed(const struct mg_connection *conn, void *cbdata);

/* A live call connection (/ws/stream, /v1/twilio), listed so that a
 * graceful shutdown can end it properly (live_calls.c).  Its handler holds
 * lock while it works on the call; once `drained` is set the shutdown has
 * flushed the call's last events and sent close 1001, and the handler
 * takes no more audio. */
typedef struct server_live {
    struct server_live *prev, *next;
    pthread_mutex_t lock;
    bool drained;
    struct mg_connection *conn; /* NULL until the upgrade is complete */
    void (*flush)(struct server_live *live); /* emit the call's last events */
} server_live;

typedef struct server {
    server_config cfg;
    struct mg_context *ctx;
    hub *hub;
    ser_stream_plan *plan; /* tables shared by every stream (ws_stream.c); NULL: each builds its own */
    pthread_mutex_t lock; /* guards the counters below */
    int streams;          /* active stream connections */
    unsigned long long streams_total, refused, events, errors;
    stream_metrics metrics; /* latency histogram, errors by kind (its own lock) */
    pthread_mutex_t live_lock; /* guards live and draining */
    server_live *live;         /* the live call connections */
    bool draining;             /* shutting down: no new calls */
} server;

server_config server_config_default(void);
/* Start listening; NULL with a message in err (cap bytes) on failure. */
server *server_start(const server_config *cfg, char *err, size_t cap);
/* The port actually bound (for port 0). */
int server_port(const server *srv);
void server_stop(server *srv);
/* Graceful shutdown, first step: refuse new calls (503) and end every live
 * call: its last events (to its client and the dashboards), then close
 * 1001 "server shutting down"; waits up to 2 s for the clients to answer.
 * server_stop follows. */
void server_drain(server *srv);

/* ---- internals shared by the server's files ---- */
/* true when the request carries the token (or none is configured). */
bool server_authorized(const server *srv, const struct mg_connection *conn);
/* true when token is the configured one (or none is configured);
 * server_same_secret compares without an early exit (no timing hint of
 * the token).  app/server/token.c. */
bool server_token_matches(const server *srv, const char *token);
bool server_same_secret(const char *a, const char *b);
/* 200 with a JSON body (json, then a newline). */
void server_send_json(struct mg_connection *conn, const char *json);
/* Send a JSON error body {"error": msg} with an HTTP status. */
void server_send_error(struct mg_connection *conn, int status, const char *msg);
void server_count_event(server *srv);
/* Send a WebSocket close frame: code (RFC 6455) and reason (cut to 123 bytes). */
void server_ws_close(struct mg_connection *conn, int code, const char *reason);
/* A stream or Twilio connection ended (counted in streams); when it was
 * the last, malloc_trim returns the freed heap to the system. */
void server_stream_ended(server *srv);
void server_count_error(server *srv); /* kind SERVER_ERR_REQUEST */
void server_count_error_kind(server *srv, server_error_kind kind);

/* live_calls.c: init the entry and list it; false while draining (the
 * caller refuses the call with 503).  server_live_remove unlists it. */
bool server_live_add(server *srv, server_live *live);
void server_live_remove(server *srv, server_live *live);
/* Handlers: lock the entry; false (unlocked) when drained: take no more frames. */
bool server_live_enter(server_live *live);
void server_live_leave(server_live *live);

void ws_stream_register(server *srv, const char *uri);
void ws_events_register(server *srv, const char *uri);
void ws_twilio_register(server *srv, const char *uri);
int analyze_handler(struct mg_connection *conn, void *cbdata);

/* The dashboard page, generated from app/web/dashboard.html at build time. */
extern const char serve_dashboard_html[];
extern const size_t serve_dashboard_html_len;

#endif
