/* Framing with librosa's centre padding (see include/ser/frames.h). */
#include "ser/frames.h"

size_t ser_frame_count(size_t n_samples, size_t frame_length, size_t hop_length, bool center)
{
    if (hop_length == 0)
        return 0;
    if (center)
        return 1 + n_samples / hop_length;
    if (n_samples < frame_length)
        return 0;
    return 1 + (n_samples - frame_length) / hop_length;
}

/* numpy 'reflect': period 2(n-1) mirror, edge samples not repeated. */
static size_t reflect_index(long long j, size_t n)
{
    if (n == 1)
        return 0;
    long long period = 2 * ((long long)n - 1);
    long long r = j % period;
    if (r < 0)
        r += period;
    if (r >= (long long)n)
        r = period - r;
    return (size_t)r;
}

float ser_padded_sample(const float *x, size_t n, size_t pad, ser_pad_mode mode, size_t i)
{
    if (n == 0)
        return 0.0f;
    long long j = (long long)i - (long long)pad;
    if (j >= 0 && j < (long long)n)
        return x[j];
    switch (mode) {
    case SER_PAD_EDGE: return j < 0 ? x[0] : x[n - 1];
    case SER_PAD_REFLECT: return x[reflect_index(j, n)];
    case SER_PAD_CONSTANT:
    default: return 0.0f;
    }
}

const float *ser_frame_get(const float *x, size_t n, size_t t, size_t frame_length, size_t hop_length,
                           bool center, ser_pad_mode mode, float *out)
{
    size_t pad = center ? frame_length / 2 : 0;
    size_t start = t * hop_length; /* in padded coordinates */
    if (start >= pad && start - pad + frame_length <= n)
        return x + (start - pad);
    for (size_t i = 0; i < frame_length; i++)
        out[i] = ser_padded_sample(x, n, pad, mode, start + i);
    return out;
}
