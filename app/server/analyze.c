/* analyze.c - POST /v1/analyze: a whole call in the body (any container
 * we decode, or raw PCM with ?format=&rate=&channels=) -> the `ser
 * analyze` JSON (app/call_analysis.h; docs/cli.md).  ?agent_channel=
 * left|right splits a two-channel call into caller and agent; the agent
 * is analysed only when the server runs with --analyze-agent.
 * 411 without Content-Length, 413 over --max-body, 415 undecodable. */
#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../call_analysis.h"
#include "server.h"
#include "ser/audio.h"
#include "ser/stream.h"
#include "stream_query.h"

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
    char ac[16];
    int agent = -1;
    if (ri->query_string && mg_get_var(ri->query_string, strlen(ri->query_string), "agent_channel", ac, sizeof ac) >= 0) {
        if (!strcmp(ac, "left") || !strcmp(ac, "right"))
            agent = ac[0] == 'r';
        else {
            free(body);
            return fail(srv, conn, 400, "agent_channel: want left or right");
        }
    }
    ser_raw_format raw = {SER_RAW_NONE, 0, 0};
    if (q.format_given) {
        raw.encoding = q.format;
        raw.sample_rate = (int)q.rate;
        raw.channels = q.channels;
        if (n % (ser_raw_bytes_per_sample(q.format) * (size_t)q.channels)) {
            free(body);
            return fail(srv, conn, 400, "body is not a whole number of samples");
        }
    }
    call_options co = call_options_default();
    co.model = srv->cfg.model;
    co.rules = srv->cfg.rules;
    co.call_id = q.call_id;
    co.agent_channel = agent;
    co.analyze_agent = agent >= 0 && srv->cfg.analyze_agent;
    bool undecodable = false;
    cJSON *an = call_analyze(&co, "body", body, n, q.format_given ? &raw : NULL, msg, sizeof msg, &undecodable);
    free(body);
    bool no_memory = an != NULL;
    char *text = an ? cJSON_PrintUnformatted(an) : NULL;
    cJSON_Delete(an);
    if (!text) {
        char m2[400];
        snprintf(m2, sizeof m2, "%s: %s",
                 undecodable ? "cannot decode the body (send WAV/FLAC/OGG/MP3, or raw PCM with ?format=)"
                             : "cannot analyse the audio",
                 no_memory ? "out of memory" : msg);
        for (char *p = m2; *p; p++)
            if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
                *p = '\'';
        return fail(srv, conn, undecodable ? 415 : 400, m2);
    }
    server_send_json(conn, text);
    free(text);
    return 200;
}
