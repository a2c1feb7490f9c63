/* stream_query.h - the query of a stream request (/ws/stream,
 * /v1/analyze): call_id, format, rate, channels.  The track is "caller"
 * (the agent is not analysed by the server, see docs/stream.md). */
#ifndef SER_APP_STREAM_QUERY_H
#define SER_APP_STREAM_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/pcm.h"

typedef struct stream_query {
    char call_id[65];        /* [A-Za-z0-9._:-], up to 64 characters ("") */
    char track[17];          /* "caller" */
    ser_raw_encoding format; /* s16le */
    bool format_given;
    double rate;             /* Hz, 1000..384000 (16000) */
    int channels;            /* 1..8 (1) */
} stream_query;

/* Parse query (may be NULL).  false with a message in err when a value is
 * bad (the caller answers 400). */
bool stream_query_parse(const char *query, stream_query *q, char *err, size_t cap);

#endif
