/* fixtures.h - audio test fixtures generated at test time with libsndfile
 * itself (no audio is committed).  Header-only; include after testutil.h. */
#ifndef SER_TEST_AUDIO_FIXTURES_H
#define SER_TEST_AUDIO_FIXTURES_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>

#include "ser/audio.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A sine of `freq` Hz, amplitude `amp`, phase 0, n samples at `rate` Hz. */
static inline void fx_sine(float *x, size_t n, double freq, double rate, double amp)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(amp * sin(2.0 * M_PI * freq * (double)i / rate));
}

/* Interleaved int16 frames of a deterministic multi-channel signal:
 * channel c is a sine of 220*(c+1) Hz at amplitude 0.25 + 0.1c, rounded. */
static inline short *fx_s16_frames(size_t frames, int channels, int rate)
{
    short *s = malloc(frames * (size_t)channels * sizeof *s);
    for (size_t i = 0; i < frames; i++)
        for (int c = 0; c < channels; c++) {
            double v = (0.25 + 0.1 * c) * sin(2.0 * M_PI * 220.0 * (c + 1) * (double)i / rate);
            s[i * (size_t)channels + (size_t)c] = (short)lrint(v * 32767.0);
        }
    return s;
}

/* Write interleaved int16 frames to a new file of the given libsndfile
 * format; returns false when libsndfile refuses (reason in *why). */
static inline bool fx_write_s16(const char *path, int format, int rate, int channels, const short *frames, size_t n,
                                const char **why)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    if (!sf_format_check(&info)) {
        *why = "sf_format_check rejects this format";
        return false;
    }
    SNDFILE *s = sf_open(path, SFM_WRITE, &info);
    if (!s) {
        *why = sf_strerror(NULL);
        return false;
    }
    sf_count_t w = sf_writef_short(s, frames, (sf_count_t)n);
    sf_close(s);
    if (w != (sf_count_t)n) {
        *why = "short write";
        return false;
    }
    return true;
}

static inline bool fx_write_float(const char *path, int format, int rate, int channels, const float *frames,
                                  size_t n)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE *s = sf_open(path, SFM_WRITE, &info);
    if (!s)
        return false;
    /* keep values as they are (no clipping, no normalisation) */
    sf_command(s, SFC_SET_NORM_FLOAT, NULL, SF_TRUE);
    sf_count_t w = sf_writef_float(s, frames, (sf_count_t)n);
    sf_close(s);
    return w == (sf_count_t)n;
}

/* libsndfile's own float decode of a file (the reference for plumbing
 * checks): malloc'd interleaved frames, *frames and *channels set. */
static inline float *fx_read_reference(const char *path, size_t *frames, int *channels, int *rate)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *s = sf_open(path, SFM_READ, &info);
    if (!s)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    float *buf = malloc(cap * (size_t)info.channels * sizeof *buf);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap * (size_t)info.channels * sizeof *buf);
        }
        sf_count_t got = sf_readf_float(s, buf + n * (size_t)info.channels, (sf_count_t)(cap - n));
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    sf_close(s);
    *frames = n;
    *channels = info.channels;
    if (rate)
        *rate = info.samplerate;
    return buf;
}

/* Native-rate, mixed-down load configuration. */
static inline ser_load_config fx_native(void)
{
    ser_load_config c = ser_load_config_default();
    c.sample_rate = 0;
    return c;
}

/* Mean of (x - y)^2 / mean of y^2 in dB over [from, to): SNR of x against y. */
static inline double fx_snr_db(const float *x, const float *y, size_t from, size_t to)
{
    double num = 0.0, den = 0.0;
    for (size_t i = from; i < to; i++) {
        double d = (double)x[i] - (double)y[i];
        num += d * d;
        den += (double)y[i] * (double)y[i];
    }
    return 10.0 * log10(den / (num > 0 ? num : 1e-300));
}

/* Frequency of a sine from its upward zero crossings over [from, to),
 * with linear interpolation between samples. */
static inline double fx_zero_crossing_freq(const float *x, size_t from, size_t to, double rate)
{
    double first = -1.0, last = -1.0;
    size_t count = 0;
    for (size_t i = from + 1; i < to; i++)
        if (x[i - 1] < 0.0f && x[i] >= 0.0f) {
            double t = (double)(i - 1) + (double)(-x[i - 1]) / (double)(x[i] - x[i - 1]);
            if (first < 0)
                first = t;
            last = t;
            count++;
        }
    if (count < 2)
        return 0.0;
    return (double)(count - 1) * rate / (last - first);
}

#endif
