/* G.711 µ-law and A-law expansion to 16-bit linear PCM, and µ-law encoding (ITU-T G.711, the
 * bit manipulation of Sun's public-domain g711.c, which libsndfile and sox
 * also follow). */
#include "ser/pcm.h"

int16_t ser_g711_ulaw_to_s16(uint8_t code)
{
    const int bias = 0x84;
    unsigned u = (unsigned)(~code) & 0xFFu;
    int t = (int)(((u & 0x0Fu) << 3) + (unsigned)bias);
    t <<= (u & 0x70u) >> 4;
    return (int16_t)((u & 0x80u) ? bias - t : t - bias);
}

uint8_t ser_g711_s16_to_ulaw(int16_t value)
{
    const int bias = 0x84, clip = 32635;
    int v = value;
    unsigned mask = 0xFFu;
    if (v < 0) {
        v = -v;
        mask = 0x7Fu;
    }
    if (v > clip)
        v = clip;
    v += bias;
    unsigned seg = 0; /* smallest seg with v < 256 << seg (0..7, as v <= 32767) */
    for (int t = v >> 8; t; t >>= 1)
        seg++;
    unsigned code = (seg << 4) | (((unsigned)v >> (seg + 3)) & 0x0Fu);
    return (uint8_t)(code ^ mask);
}

int16_t ser_g711_alaw_to_s16(uint8_t code)
{
    unsigned a = (unsigned)code ^ 0x55u;
    int t = (int)((a & 0x0Fu) << 4);
    unsigned seg = (a & 0x70u) >> 4;
    if (seg == 0) {
        t += 8;
    } else {
        t += 0x108;
        t <<= seg - 1;
    }
    return (int16_t)((a & 0x80u) ? t : -t);
}

void ser_pcm_ulaw_to_float(const uint8_t *in, size_t n, float *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (float)ser_g711_ulaw_to_s16(in[i]) * (1.0f / 32768.0f);
}

void ser_pcm_alaw_to_float(const uint8_t *in, size_t n, float *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (float)ser_g711_alaw_to_s16(in[i]) * (1.0f / 32768.0f);
}
