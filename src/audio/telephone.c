/* Telephone-channel simulation (see ser/telephone.h). */
#include "ser/telephone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/pcm.h"
#include "ser/rng.h"

ser_telephone_config ser_telephone_config_default(void)
{
    ser_telephone_config c;
    memset(&c, 0, sizeof c);
    c.line_rate = 8000;
    c.low_hz = 300.0;
    c.high_hz = 3400.0;
    c.mulaw = true;
    c.loss_rate = 0.0;
    c.packet_ms = 20.0;
    c.seed = 0;
    c.quality = SER_RESAMPLE_HQ;
    return c;
}

/* One biquad section (RBJ cookbook, bilinear transform with the corner
 * pre-warped), transposed direct form II in double. */
typedef struct biquad {
    double b0, b1, b2, a1, a2;
} biquad;

static biquad biquad_design(bool highpass, double f0, double q, double rate)
{
    const double pi = 3.14159265358979323846;
    double w = 2.0 * pi * f0 / rate, c = cos(w), alpha = sin(w) / (2.0 * q), a0 = 1.0 + alpha;
    biquad s;
    if (highpass) {
        s.b0 = (1.0 + c) / 2.0 / a0;
        s.b1 = -(1.0 + c) / a0;
    } else {
        s.b0 = (1.0 - c) / 2.0 / a0;
        s.b1 = (1.0 - c) / a0;
    }
    s.b2 = s.b0;
    s.a1 = -2.0 * c / a0;
    s.a2 = (1.0 - alpha) / a0;
    return s;
}

static void biquad_run(const biquad *s, float *x, size_t n)
{
    double z1 = 0.0, z2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double in = x[i], out = s->b0 * in + z1;
        z1 = s->b1 * in - s->a1 * out + z2;
        z2 = s->b2 * in - s->a2 * out;
        x[i] = (float)out;
    }
}

/* 4th-order Butterworth = two sections with Q = 1 / (2 cos(pi/8)) and
 * 1 / (2 cos(3 pi/8)). */
static void butterworth4(bool highpass, double f0, double rate, float *x, size_t n)
{
    static const double q[2] = {0.54119610014619698, 1.3065629648763766};
    for (int k = 0; k < 2; k++) {
        biquad s = biquad_design(highpass, f0, q[k], rate);
        biquad_run(&s, x, n);
    }
}

static void mulaw_round_trip(float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v = floor((double)x[i] * 32768.0 + 0.5);
        if (v > 32767.0)
            v = 32767.0;
        if (v < -32768.0)
            v = -32768.0;
        x[i] = (float)ser_g711_ulaw_to_s16(ser_g711_s16_to_ulaw((int16_t)v)) * (1.0f / 32768.0f);
    }
}

static void packet_loss(const ser_telephone_config *cfg, float *x, size_t n)
{
    size_t packet = (size_t)floor(cfg->packet_ms * 1e-3 * cfg->line_rate + 0.5);
    if (packet == 0)
        packet = 1;
    ser_rng rng;
    ser_rng_seed(&rng, cfg->seed);
    for (size_t at = 0; at < n; at += packet) {
        size_t len = n - at < packet ? n - at : packet;
        if (ser_rng_uniform(&rng) < cfg->loss_rate)
            memset(x + at, 0, len * sizeof *x);
    }
}

static ser_status check(const ser_telephone_config *cfg, int sample_rate, ser_error *err)
{
    if (!cfg)
        return ser_error_set(err, SER_ERR_ARG, "telephone: no config");
    if (sample_rate <= 0 || cfg->line_rate <= 0)
        return ser_error_set(err, SER_ERR_ARG, "telephone: rates must be positive (signal %d Hz, line %d Hz)",
                             sample_rate, cfg->line_rate);
    double nyq = cfg->line_rate / 2.0;
    if (!(cfg->low_hz >= 0.0) || !(cfg->high_hz >= 0.0) || cfg->low_hz >= nyq || cfg->high_hz >= nyq ||
        (cfg->low_hz > 0.0 && cfg->high_hz > 0.0 && cfg->low_hz >= cfg->high_hz))
        return ser_error_set(err, SER_ERR_ARG,
                             "telephone: band %g-%g Hz must be increasing and below the line's Nyquist %g Hz",
                             cfg->low_hz, cfg->high_hz, nyq);
    if (!(cfg->loss_rate >= 0.0 && cfg->loss_rate < 1.0))
        return ser_error_set(err, SER_ERR_ARG, "telephone: loss rate %g is not in [0, 1)", cfg->loss_rate);
    if (cfg->loss_rate > 0.0 && !(cfg->packet_ms > 0.0 && cfg->packet_ms <= 1000.0))
        return ser_error_set(err, SER_ERR_ARG, "telephone: packet length %g ms is not in (0, 1000]", cfg->packet_ms);
    return SER_OK;
}

ser_status ser_telephone_apply(const ser_telephone_config *cfg, float *samples, size_t n, int sample_rate,
                               ser_error *err)
{
    ser_status st = check(cfg, sample_rate, err);
    if (st || n == 0)
        return st;
    if (!samples)
        return ser_error_set(err, SER_ERR_ARG, "telephone: no samples");
    float *line = NULL, *back = NULL;
    size_t n_line = 0, n_back = 0;
    st = ser_resample_buffer(samples, n, sample_rate, cfg->line_rate, cfg->quality, &line, &n_line, err);
    if (st)
        return st;
    if (cfg->low_hz > 0.0)
        butterworth4(true, cfg->low_hz, cfg->line_rate, line, n_line);
    if (cfg->high_hz > 0.0)
        butterworth4(false, cfg->high_hz, cfg->line_rate, line, n_line);
    if (cfg->mulaw)
        mulaw_round_trip(line, n_line);
    if (cfg->loss_rate > 0.0)
        packet_loss(cfg, line, n_line);
    st = ser_resample_buffer(line, n_line, cfg->line_rate, sample_rate, cfg->quality, &back, &n_back, err);
    free(line);
    if (st)
        return st;
    size_t keep = n_back < n ? n_back : n;
    memcpy(samples, back, keep * sizeof *samples);
    memset(samples + keep, 0, (n - keep) * sizeof *samples);
    free(back);
    return SER_OK;
}
