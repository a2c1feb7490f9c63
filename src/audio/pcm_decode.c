/* Little-endian 16-bit and float32 raw samples to float, independent of
 * the host's byte order and of the input's alignment. */
#include "ser/pcm.h"

#include <string.h>

void ser_pcm_s16le_to_float(const void *in, size_t n, float *out)
{
    const uint8_t *b = in;
    for (size_t i = 0; i < n; i++) {
        uint16_t u = (uint16_t)(b[2 * i] | (b[2 * i + 1] << 8));
        int16_t s = (int16_t)u; /* two's complement on every supported target */
        out[i] = (float)s * (1.0f / 32768.0f);
    }
}

void ser_pcm_f32le_to_float(const void *in, size_t n, float *out)
{
    const uint8_t *b = in;
    for (size_t i = 0; i < n; i++) {
        uint32_t u = (uint32_t)b[4 * i] | ((uint32_t)b[4 * i + 1] << 8) | ((uint32_t)b[4 * i + 2] << 16) |
                     ((uint32_t)b[4 * i + 3] << 24);
        float f;
        memcpy(&f, &u, sizeof f);
        out[i] = f;
    }
}

ser_status ser_pcm_decode(ser_raw_encoding encoding, const void *in, size_t n, float *out)
{
    if (n && (!in || !out))
        return SER_ERR_ARG;
    switch (encoding) {
    case SER_RAW_S16LE:
        ser_pcm_s16le_to_float(in, n, out);
        return SER_OK;
    case SER_RAW_F32LE:
        ser_pcm_f32le_to_float(in, n, out);
        return SER_OK;
    case SER_RAW_ULAW:
        ser_pcm_ulaw_to_float(in, n, out);
        return SER_OK;
    case SER_RAW_ALAW:
        ser_pcm_alaw_to_float(in, n, out);
        return SER_OK;
    case SER_RAW_NONE:
    default:
        return SER_ERR_ARG;
    }
}
