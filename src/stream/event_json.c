/* A stream event as one JSON object (include/ser/stream.h), written into a
 * caller's buffer without allocating. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "ser/stream.h"

typedef struct out {
    char *buf;
    size_t cap, len;
    bool overflow;
} out;

static void put(out *o, const char *fmt, ...)
{
    if (o->overflow)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->cap - o->len)
        o->overflow = true;
    else
        o->len += (size_t)n;
}

static void put_string(out *o, const char *s)
{
    if (!s) {
        put(o, "null");
        return;
    }
    put(o, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p && !o->overflow; p++) {
        if (*p == '"' || *p == '\\')
            put(o, "\\%c", *p);
        else if (*p < 0x20)
            put(o, "\\u%04x", *p);
        else
            put(o, "%c", *p);
    }
    put(o, "\"");
}

static void put_number(out *o, double v)
{
    if (isfinite(v))
        put(o, "%.6g", v);
    else
        put(o, "null");
}

const char *ser_stream_event_type_name(ser_stream_event_type type)
{
    switch (type) {
    case SER_STREAM_EMOTION: return "emotion";
    case SER_STREAM_SILENCE: return "silence";
    case SER_STREAM_ALERT: return "alert";
    case SER_STREAM_CALM: return "calm";
    }
    return "unknown";
}

ser_status ser_stream_event_json(const ser_stream_event *ev, char *buf, size_t cap, size_t *len)
{
    if (len)
        *len = 0;
    if (!ev || !buf || !cap)
        return SER_ERR_ARG;
    out o = {buf, cap, 0, false};
    buf[0] = '\0';
    bool has = ev->probabilities && ev->label >= 0;
    put(&o, "{\"type\":");
    put_string(&o, ser_stream_event_type_name(ev->type));
    put(&o, ",\"call_id\":");
    put_string(&o, ev->call_id ? ev->call_id : "");
    put(&o, ",\"track\":");
    put_string(&o, ev->track);
    put(&o, ",\"t_start\":%.3f,\"t_end\":%.3f,\"label\":", ev->t_start, ev->t_end);
    put_string(&o, has ? ev->labels[ev->label] : NULL);
    put(&o, ",\"probabilities\":");
    if (has) {
        put(&o, "{");
        for (size_t k = 0; k < ev->n_classes; k++) {
            put(&o, k ? "," : "");
            put_string(&o, ev->labels[k]);
            put(&o, ":");
            put_number(&o, ev->probabilities[k]);
        }
        put(&o, "}");
    } else {
        put(&o, "null");
    }
    put(&o, ",\"arousal\":");
    has ? put_number(&o, ev->arousal) : put(&o, "null");
    put(&o, ",\"valence\":");
    has ? put_number(&o, ev->valence) : put(&o, "null");
    put(&o, ",\"frustration\":");
    put_number(&o, ev->frustration);
    put(&o, ",\"voiced\":");
    put_number(&o, ev->voiced);
    if (ev->type == SER_STREAM_ALERT || ev->type == SER_STREAM_CALM || ev->reason || ev->suggestion) {
        put(&o, ",\"reason\":");
        put_string(&o, ev->reason);
        put(&o, ",\"suggestion\":");
        put_string(&o, ev->suggestion);
    }
    put(&o, "}");
    if (o.overflow) {
        buf[0] = '\0';
        return SER_ERR_OVERFLOW;
    }
    if (len)
        *len = o.len;
    return SER_OK;
}
