/* augment_telephone.c - the telephone-band round trip of
 * ser_augment_telephone: 8 kHz, G.711 µ-law (encoder as Sun's reference
 * g711.c linear2ulaw; decoder ser_g711_ulaw_to_s16), back to the rate.
 * The one place the augmentation simulates a phone line: when the library
 * gains a full telephone channel model (band-pass, packet loss), point
 * this function at it. */
#include "ser/augment.h"
#include "audio/augment_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/pcm.h"
#include "ser/resample.h"

uint8_t ser__ulaw_encode(int16_t pcm)
{
    static const int16_t seg_end[8] = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    int v = pcm >> 2; /* 14-bit domain, as the reference */
    int mask;
    if (v < 0) {
        v = -v;
        mask = 0x7F;
    } else {
        mask = 0xFF;
    }
    if (v > 8159)
        v = 8159;
    v += 0x84 >> 2;
    int seg = 0;
    while (seg < 8 && v > seg_end[seg])
        seg++;
    if (seg >= 8)
        return (uint8_t)(0x7F ^ mask);
    const int uval = (seg << 4) | ((v >> (seg + 1)) & 0xF);
    return (uint8_t)(uval ^ mask);
}

ser_status ser_augment_telephone(float *x, size_t n, int rate, ser_error *err)
{
    if (!x || rate < 8000)
        return ser_error_set(err, SER_ERR_ARG, "augment: telephone band needs a rate >= 8000 Hz (got %d)", rate);
    if (n == 0)
        return SER_OK;
    float *line = NULL, *back = NULL;
    size_t nl = 0, nb = 0;
    ser_status st = ser_resample_buffer(x, n, (double)rate, 8000.0, SER_RESAMPLE_HQ, &line, &nl, err);
    if (st)
        return st;
    for (size_t i = 0; i < nl; i++) {
        double s = (double)line[i] * 32768.0;
        s = s > 32767.0 ? 32767.0 : s < -32768.0 ? -32768.0 : s;
        line[i] = (float)ser_g711_ulaw_to_s16(ser__ulaw_encode((int16_t)lrint(s))) / 32768.0f;
    }
    st = ser_resample_buffer(line, nl, 8000.0, (double)rate, SER_RESAMPLE_HQ, &back, &nb, err);
    free(line);
    if (st)
        return st;
    const size_t c = nb < n ? nb : n;
    memcpy(x, back, c * sizeof *x);
    memset(x + c, 0, (n - c) * sizeof *x);
    free(back);
    return SER_OK;
}
