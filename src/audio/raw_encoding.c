/* Names and sizes of the raw PCM encodings. */
#include "ser/pcm.h"

#include <string.h>
#include <strings.h>

size_t ser_raw_bytes_per_sample(ser_raw_encoding encoding)
{
    switch (encoding) {
    case SER_RAW_S16LE:
        return 2;
    case SER_RAW_F32LE:
        return 4;
    case SER_RAW_ULAW:
    case SER_RAW_ALAW:
        return 1;
    case SER_RAW_NONE:
    default:
        return 0;
    }
}

const char *ser_raw_encoding_name(ser_raw_encoding encoding)
{
    switch (encoding) {
    case SER_RAW_S16LE:
        return "s16le";
    case SER_RAW_F32LE:
        return "f32le";
    case SER_RAW_ULAW:
        return "ulaw";
    case SER_RAW_ALAW:
        return "alaw";
    case SER_RAW_NONE:
    default:
        return "none";
    }
}

ser_status ser_raw_encoding_parse(const char *text, ser_raw_encoding *encoding)
{
    static const struct {
        const char *name;
        ser_raw_encoding encoding;
    } names[] = {
        {"s16le", SER_RAW_S16LE}, {"s16", SER_RAW_S16LE},  {"f32le", SER_RAW_F32LE}, {"f32", SER_RAW_F32LE},
        {"ulaw", SER_RAW_ULAW},   {"mulaw", SER_RAW_ULAW}, {"u-law", SER_RAW_ULAW},  {"alaw", SER_RAW_ALAW},
        {"a-law", SER_RAW_ALAW},
    };
    if (!text || !encoding)
        return SER_ERR_ARG;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(text, names[i].name) == 0) {
            *encoding = names[i].encoding;
            return SER_OK;
        }
    return SER_ERR_PARSE;
}
