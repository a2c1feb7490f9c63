/* analyze.c - POST /v1/analyze: a whole call in the body (any container
 * we decode, or raw PCM with ?format=&rate=&channels=) -> the events as
 * JSON lines (application/x-ndjson), exactly what /ws/stream would send.
 * 411 without Content-Length, 413 over --max-body, 415 undecodable. */
#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "ser/audio.h"
#include "ser/stream.h"
#include "stream_query.h"

typedef struct out_buf {
    char *data;
    size_t len, cap;
    bool failed;
    server *srv;
} out_buf;

static void on_event(void *user, const ser_stream_event *ev)
{
    out_buf *o = user;
    char json[8192];
    size_t len;
    if (o->failed || ser_stream_event_json(ev, json, sizeof json, &len) != SER_OK)
        return;
    if (o->len + len + 1 > o->cap) {
        size_t cap = (o->cap ? 2 * o->cap : 65536) + len + 1;
        char *p = realloc(o->data, cap);
        if (!p) {
            o->failed = true;
            return;
        }
        o->data = p;
        o->cap = cap;
    }
    memcpy(o->data + o->len, json, len);
    o->data[o->len + len] = '\n';
    o->len += len + 1;
    server_count_event(o->srv);
}

static int fail(server *srv, struct mg_connection *conn, int status, const char *msg)
{
    if (status != 401)
        server_count_error(srv);
    server_send_error(conn, status, msg);
    return status;
}

/* Read exactly n bytes of body. */
static bool read_body(struct mg_connection *conn, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        int r = mg_read(conn, buf + got, n - got);
        if (r <= 0)
            return false;
        got += (size_t)r;
    }
    return true;
}

int analyze_handler(struct mg_connection *conn, void *cbdata)
{
    server *srv = cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    if (!server_authorized(srv, conn))
        return fail(srv, conn, 401, "missing or wrong token");
    if (!ri || !ri->request_method || strcmp(ri->request_method, "POST"))
        return fail(srv, conn, 405, "use POST with the audio as the body");
    stream_query q;
    char msg[300];
    if (!stream_query_parse(ri->query_string, &q, msg, sizeof msg))
        return fail(srv, conn, 400, msg);
    if (ri->content_length < 0)
        return fail(srv, conn, 411, "Content-Length required");
    if (ri->content_length == 0)
        return fail(srv, conn, 400, "empty body: send the audio");
    if ((unsigned long long)ri->content_length > srv->cfg.max_body)
        return fail(srv, conn, 413, "body larger than --max-body");
    size_t n = (size_t)ri->content_length;
    char *body = malloc(n);
    if (!body)
        return fail(srv, conn, 503, "out of memory");
    if (!read_body(conn, body, n)) {
        free(body);
        return fail(srv, conn, 400, "body shorter than Content-Length");
    }
    ser_stream_config c = ser_stream_config_default();
    c.model = srv->cfg.model;
    c.rules = srv->cfg.rules;
    c.call_id = q.call_id;
    c.track = q.track;
    ser_audio a = {0};
    ser_error err = {0};
    ser_status st = SER_OK;
    if (q.format_given) {
        c.encoding = q.format;
        c.input_rate = q.rate;
        c.channels = q.channels;
        if (n % (ser_raw_bytes_per_sample(q.format) * (size_t)q.channels)) {
            free(body);
            return fail(srv, conn, 400, "body is not a whole number of samples");
        }
    } else {
        ser_load_config lc = ser_load_config_default();
        lc.sample_rate = 0;
        if (ser_audio_load_memory(body, n, "body", &lc, &a, &err)) {
            free(body);
            return fail(srv, conn, 415, "cannot decode the body (send WAV/FLAC/OGG/MP3, or raw PCM with ?format=)");
        }
        free(body);
        body = NULL;
        c.encoding = SER_RAW_F32LE;
        c.input_rate = a.sample_rate;
        c.channels = 1;
    }
    ser_stream *s = ser_stream_create(&c, &st, &err);
    out_buf o = {NULL, 0, 0, false, srv};
    if (s) {
        st = body ? ser_stream_push(s, body, n, on_event, &o) : ser_stream_push_float(s, a.samples, a.n_samples, on_event, &o);
        if (!st)
            st = ser_stream_flush(s, on_event, &o);
    }
    ser_stream_destroy(s);
    free(body);
    ser_audio_free(&a);
    if (st || !s || o.failed) {
        free(o.data);
        snprintf(msg, sizeof msg, "cannot analyse the audio: %s", ser_strerror(st ? st : SER_ERR_NOMEM));
        return fail(srv, conn, st == SER_ERR_NONFINITE ? 400 : 500, msg);
    }
    mg_printf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: %zu\r\n"
              "Connection: close\r\n\r\n", o.len);
    if (o.len)
        mg_write(conn, o.data, o.len);
    free(o.data);
    return 200;
}
