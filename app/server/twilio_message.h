/* twilio_message.h - one Twilio Media Streams call of /v1/twilio: its
 * state and the handling of one JSON text message ("connected", "start",
 * "media", "mark", "dtmf", "stop"; the protocol and the close codes are in
 * ws_twilio.c, which holds the WebSocket side).  No civetweb here, so the
 * handling can be tested and fuzzed on its own (fuzz/fuzz_twilio.c). */
#ifndef SER_APP_TWILIO_MESSAGE_H
#define SER_APP_TWILIO_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "call_recording.h"
#include "server.h"
#include "ser/stream.h"

typedef struct twilio_call {
    server *srv;                  /* model, rules, token, analyze_agent, record_dir, metrics */
    ser_stream_event_fn on_event; /* the events of both tracks */
    void *user;
    bool authorized;              /* set when the upgrade carried the token */
    bool started;
    ser_stream *s[2];             /* caller (inbound), agent (outbound) */
    call_recording *rec[2];       /* --record: the tracks received; NULL: none */
    unsigned char *pcm;
    size_t pcm_cap;
} twilio_call;

/* Handle one text message (len bytes of JSON): 0 to go on; 1000 after
 * "stop" (both tracks flushed); else the WebSocket close code (1007 bad
 * JSON / base64 / shape / media format, 1008 token, order; 1011 internal)
 * with the reason in *why. */
int twilio_message(twilio_call *c, const char *data, size_t len, const char **why);

/* The last events of both tracks (ser_stream_flush); "stop" and a server
 * shutdown call it. */
void twilio_call_flush(twilio_call *c);

/* Free the call's analysers and buffer (not c itself); end its recordings
 * (the files get their names). */
void twilio_call_free(twilio_call *c);

#endif
