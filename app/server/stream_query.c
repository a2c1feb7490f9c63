/* stream_query.c - parse and check the query of a stream request. */
#include "stream_query.h"

#include <civetweb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
}

/* 1: got the value, 0: absent, -1: too long / bad encoding. */
static int get(const char *query, const char *name, char *out, size_t cap)
{
    if (!query)
        return 0;
    int n = mg_get_var(query, strlen(query), name, out, cap);
    return n >= 0 ? 1 : n == -1 ? 0 : -1;
}

static bool number(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

bool stream_query_parse(const char *query, stream_query *q, char *err, size_t cap)
{
    memset(q, 0, sizeof *q);
    strcpy(q->track, "caller");
    q->format = SER_RAW_S16LE;
    q->rate = 16000;
    q->channels = 1;
    char v[80];
    int r;
    if ((r = get(query, "call_id", q->call_id, sizeof q->call_id)) < 0) {
        snprintf(err, cap, "call_id: at most 64 characters");
        return false;
    }
    for (const char *c = q->call_id; *c; c++) {
        if (!id_char(*c)) {
            snprintf(err, cap, "call_id: use letters, digits and . _ : - only");
            return false;
        }
    }
    if ((r = get(query, "format", v, sizeof v)) < 0 || (r > 0 && ser_raw_encoding_parse(v, &q->format))) {
        snprintf(err, cap, "format: want s16le, f32le, ulaw or alaw");
        return false;
    }
    q->format_given = r > 0;
    if ((r = get(query, "rate", v, sizeof v)) < 0 || (r > 0 && !number(v, 1000, 384000, &q->rate))) {
        snprintf(err, cap, "rate: want a rate in Hz (1000..384000)");
        return false;
    }
    double ch = 1;
    if ((r = get(query, "channels", v, sizeof v)) < 0 || (r > 0 && (!number(v, 1, 8, &ch) || ch != (int)ch))) {
        snprintf(err, cap, "channels: want 1..8");
        return false;
    }
    q->channels = (int)ch;
    return true;
}
