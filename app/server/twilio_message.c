/* twilio_message.c - the messages of one Twilio call (twilio_message.h). */
#include "twilio_message.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

enum { CALLER = 0, AGENT = 1 };

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
static const char *start(twilio_call *t, const cJSON *msg, int *code)
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
        if (want[i]) /* every track received is recorded; the agent's is analysed only when asked */
            t->rec[i] = call_recording_open(srv->cfg.record_dir, call, names[i], e, rate->valuedouble, 1,
                                            &srv->metrics);
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
static const char *media(twilio_call *t, const cJSON *msg, int *code)
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
    if (t->s[i] && ser_stream_push(t->s[i], t->pcm, len, t->on_event, t->user)) {
        *code = 1011;
        return "the analyser failed";
    }
    call_recording_write(t->rec[i], t->pcm, len);
    return NULL;
}

int twilio_message(twilio_call *t, const char *data, size_t len, const char **why)
{
    cJSON *msg = cJSON_ParseWithLength(data, len);
    const char *event = str(msg, "event");
    if (!msg || !event) {
        cJSON_Delete(msg);
        *why = msg ? "message without an \"event\"" : "bad JSON";
        return 1007;
    }
    *why = NULL;
    int code = 1007;
    if (!strcmp(event, "start")) {
        if (t->started) {
            *why = "a second start message";
            code = 1008;
        } else {
            *why = start(t, msg, &code);
        }
    } else if (!strcmp(event, "media")) {
        if (!t->started) {
            *why = "media before start";
            code = 1008;
        } else {
            *why = media(t, msg, &code);
        }
    } else if (!strcmp(event, "stop")) {
        twilio_call_flush(t);
        cJSON_Delete(msg);
        *why = "stopped";
        return 1000;
    }
    cJSON_Delete(msg);
    return *why ? code : 0;
}

void twilio_call_flush(twilio_call *t)
{
    for (int i = 0; i < 2; i++)
        if (t->s[i])
            ser_stream_flush(t->s[i], t->on_event, t->user);
}

void twilio_call_free(twilio_call *t)
{
    for (int i = 0; i < 2; i++) {
        ser_stream_destroy(t->s[i]);
        t->s[i] = NULL;
        call_recording_close(t->rec[i]);
        t->rec[i] = NULL;
    }
    free(t->pcm);
    t->pcm = NULL;
    t->pcm_cap = 0;
}
