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
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "hub.h"
#include "server.h"
#include "ser/stream.h"

enum { CALLER = 0, AGENT = 1 };

typedef struct twilio {
    server *srv;
    ser_stream *s[2];
    bool authorized, started;
    int last_opcode;
    unsigned char *pcm;
    size_t pcm_cap;
    char json[8192];
} twilio;

static void close_with(struct mg_connection *conn, int code, const char *reason)
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

static void on_event(void *user, const ser_stream_event *ev)
{
    twilio *t = user;
    size_t len;
    if (ser_stream_event_json(ev, t->json, sizeof t->json, &len) != SER_OK)
        return;
    hub_broadcast(t->srv->hub, t->json, len);
    server_count_event(t->srv);
}

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
        pthread_mutex_lock(&srv->lock);
        srv->streams--;
        pthread_mutex_unlock(&srv->lock);
        server_send_error((struct mg_connection *)conn, 503, "out of memory");
        return 1;
    }
    t->srv = srv;
    t->authorized = ok;
    pthread_mutex_lock(&srv->lock);
    srv->streams_total++;
    pthread_mutex_unlock(&srv->lock);
    mg_set_user_connection_data(conn, t);
    return 0;
}

static bool id_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == ':' || c == '-'))
            return false;
    }
    return n > 0 && n <= 64;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The start message: token, media format, tracks.  NULL when fine, else
 * the close reason (*code set). */
static const char *start(twilio *t, const cJSON *msg, int *code)
{
    server *srv = t->srv;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(msg, "start");
    *code = 1007;
    if (!cJSON_IsObject(st))
        return "start message without a start object";
    if (!t->authorized) {
        const char *tok = str(cJSON_GetObjectItemCaseSensitive(st, "customParameters"), "token");
        *code = 1008;
        if (!tok || !server_token_matches(srv, tok))
            return "missing or wrong token (customParameters.token)";
        t->authorized = true;
        *code = 1007;
    }
    const cJSON *mf = cJSON_GetObjectItemCaseSensitive(st, "mediaFormat");
    const char *enc = str(mf, "encoding");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(mf, "sampleRate");
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(mf, "channels");
    ser_raw_encoding e;
    if (enc && !strcmp(enc, "audio/x-mulaw"))
        e = SER_RAW_ULAW;
    else if (enc && !strcmp(enc, "audio/x-alaw"))
        e = SER_RAW_ALAW;
    else
        return "mediaFormat.encoding: want audio/x-mulaw (or audio/x-alaw)";
    if (!cJSON_IsNumber(rate) || !(rate->valuedouble >= 1000 && rate->valuedouble <= 384000))
        return "mediaFormat.sampleRate: want a rate in Hz (8000)";
    if (ch && (!cJSON_IsNumber(ch) || ch->valuedouble != 1))
        return "mediaFormat.channels: want 1";
    bool want[2] = {true, false};
    const cJSON *tracks = cJSON_GetObjectItemCaseSensitive(st, "tracks"), *tr;
    if (tracks) {
        if (!cJSON_IsArray(tracks))
            return "start.tracks: want an array";
        want[CALLER] = false;
        cJSON_ArrayForEach(tr, tracks)
        {
            const char *name = cJSON_GetStringValue(tr);
            if (name && !strcmp(name, "inbound"))
                want[CALLER] = true;
            else if (name && !strcmp(name, "outbound"))
                want[AGENT] = true;
            else
                return "start.tracks: want \"inbound\" and/or \"outbound\"";
        }
    }
    const char *call = str(st, "callSid");
    if (!call || !id_ok(call))
        call = str(st, "streamSid");
    if (!call || !id_ok(call))
        call = "";
    static const char *const names[2] = {"caller", "agent"};
    for (int i = 0; i < 2; i++) {
        if (!want[i] || (i == AGENT && !srv->cfg.analyze_agent))
            continue;
        ser_stream_config c = ser_stream_config_default();
        c.model = srv->cfg.model;
        c.plan = srv->plan; /* the shared tables (ws_stream.c) */
        c.rules = srv->cfg.rules;
        c.encoding = e;
        c.input_rate = rate->valuedouble;
        c.channels = 1;
        c.track = names[i];
        c.call_id = call;
        ser_status status;
        ser_error err = {0};
        if (!(t->s[i] = ser_stream_create(&c, &status, &err))) {
            *code = 1011;
            return "cannot create the analyser";
        }
    }
    t->started = true;
    return NULL;
}

/* A media message: base64 payload to the track's analyser. */
static const char *media(twilio *t, const cJSON *msg, int *code)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(msg, "media");
    *code = 1007;
    if (!cJSON_IsObject(m))
        return "media message without a media object";
    const char *track = str(m, "track");
    const cJSON *payload = cJSON_GetObjectItemCaseSensitive(m, "payload");
    int i;
    if (!track || !strcmp(track, "inbound"))
        i = CALLER;
    else if (!strcmp(track, "outbound"))
        i = AGENT;
    else
        return "media.track: want inbound or outbound";
    if (!cJSON_IsString(payload))
        return "media.payload: want a base64 string";
    size_t n = strlen(payload->valuestring), cap = base64_decoded_cap(n), len;
    if (cap > t->pcm_cap) {
        unsigned char *p = realloc(t->pcm, cap);
        if (!p) {
            *code = 1011;
            return "out of memory";
        }
        t->pcm = p;
        t->pcm_cap = cap;
    }
    if (!base64_decode(payload->valuestring, n, t->pcm, &len))
        return "media.payload: not base64";
    if (t->s[i] && ser_stream_push(t->s[i], t->pcm, len, on_event, t)) {
        *code = 1011;
        return "the analyser failed";
    }
    return NULL;
}

static int fail(struct mg_connection *conn, server *srv, int code, const char *reason)
{
    server_count_error(srv);
    close_with(conn, code, reason);
    return 0;
}

static int on_data(struct mg_connection *conn, int flags, char *data, size_t len, void *cbdata)
{
    server *srv = cbdata;
    twilio *t = mg_get_user_connection_data(conn);
    int op = flags & 0xf;
    if (op == MG_WEBSOCKET_OPCODE_CONNECTION_CLOSE)
        return 0;
    if (op == MG_WEBSOCKET_OPCODE_PING || op == MG_WEBSOCKET_OPCODE_PONG || !t)
        return t != NULL;
    if (op == MG_WEBSOCKET_OPCODE_CONTINUATION)
        op = t->last_opcode;
    else
        t->last_opcode = op;
    if (len > srv->cfg.max_frame)
        return fail(conn, srv, 1009, "frame too large");
    if (op != MG_WEBSOCKET_OPCODE_TEXT)
        return fail(conn, srv, 1003, "Twilio messages are JSON text frames");
    cJSON *msg = cJSON_ParseWithLength(data, len);
    const char *event = str(msg, "event");
    if (!msg || !event) {
        cJSON_Delete(msg);
        return fail(conn, srv, 1007, msg ? "message without an \"event\"" : "bad JSON");
    }
    const char *why = NULL;
    int code = 1007;
    if (!strcmp(event, "start")) {
        if (t->started) {
            why = "a second start message";
            code = 1008;
        } else {
            why = start(t, msg, &code);
        }
    } else if (!strcmp(event, "media")) {
        if (!t->started) {
            why = "media before start";
            code = 1008;
        } else {
            why = media(t, msg, &code);
        }
    } else if (!strcmp(event, "stop")) {
        for (int i = 0; i < 2; i++)
            if (t->s[i])
                ser_stream_flush(t->s[i], on_event, t);
        cJSON_Delete(msg);
        close_with(conn, 1000, "stopped");
        return 0;
    }
    cJSON_Delete(msg);
    if (why)
        return fail(conn, srv, code, why);
    return 1;
}

static void on_close(const struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    twilio *t = mg_get_user_connection_data(conn);
    if (!t)
        return;
    mg_set_user_connection_data(conn, NULL);
    for (int i = 0; i < 2; i++)
        ser_stream_destroy(t->s[i]);
    free(t->pcm);
    free(t);
    pthread_mutex_lock(&srv->lock);
    srv->streams--;
    pthread_mutex_unlock(&srv->lock);
}

void ws_twilio_register(server *srv, const char *uri)
{
    mg_set_websocket_handler(srv->ctx, uri, on_connect, NULL, on_data, on_close, srv);
}
