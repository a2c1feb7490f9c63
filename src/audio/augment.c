/* augment.c - one augmented copy of a clip (ser/augment.h). */
#include "ser/augment.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/resample.h"
#include "ser/util.h"

void ser_augment_config_default(ser_augment_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->speed_min = cfg->speed_max = 1.0;
    cfg->snr_min_db = 10.0;
    cfg->snr_max_db = 30.0;
}

ser_status ser_augment_config_check(const ser_augment_config *c, ser_error *err)
{
    if (!c)
        return ser_error_set(err, SER_ERR_ARG, "augment: config is NULL");
    if (!(c->speed_min >= 0.5 && c->speed_max <= 2.0 && c->speed_min <= c->speed_max))
        return ser_error_set(err, SER_ERR_ARG, "augment: speed range must be within [0.5, 2], min <= max");
    if (!(c->shift_max_s >= 0.0 && c->shift_max_s < 1e4))
        return ser_error_set(err, SER_ERR_ARG, "augment: shift must be >= 0 s");
    if (!(c->gain_max_db >= 0.0 && c->gain_max_db <= 60.0))
        return ser_error_set(err, SER_ERR_ARG, "augment: gain must be in [0, 60] dB");
    if (!(c->noise_prob >= 0.0 && c->noise_prob <= 1.0) || !(c->telephone_prob >= 0.0 && c->telephone_prob <= 1.0))
        return ser_error_set(err, SER_ERR_ARG, "augment: probabilities must be in [0, 1]");
    if (!isfinite(c->snr_min_db) || !isfinite(c->snr_max_db) || c->snr_min_db > c->snr_max_db)
        return ser_error_set(err, SER_ERR_ARG, "augment: SNR range must be finite, min <= max");
    return SER_OK;
}

static double uniform(ser_rng *rng, double lo, double hi) { return lo + (hi - lo) * ser_rng_uniform(rng); }

ser_status ser_augment_audio(const ser_augment_config *cfg, const float *x, size_t n, int rate, ser_rng *rng,
                             float **out, size_t *n_out, ser_error *err)
{
    ser_status st = ser_augment_config_check(cfg, err);
    if (st)
        return st;
    if (!x || !rng || !out || !n_out || rate <= 0)
        return ser_error_set(err, SER_ERR_ARG, "augment: NULL argument or bad rate");
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "augment: empty clip");
    *out = NULL;
    *n_out = 0;
    float *y = NULL;
    size_t m = n;
    if (cfg->speed_max > cfg->speed_min || cfg->speed_min != 1.0) {
        const double f = uniform(rng, cfg->speed_min, cfg->speed_max);
        /* played f times faster: the samples read as if recorded at rate * f */
        if ((st = ser_resample_buffer(x, n, (double)rate * f, (double)rate, SER_RESAMPLE_HQ, &y, &m, err)))
            return st;
        if (m == 0) {
            free(y);
            return ser_error_set(err, SER_ERR_EMPTY, "augment: clip too short for speed %.3f", f);
        }
    } else {
        if (!(y = ser_alloc_array(n, sizeof *y)))
            return ser_error_set(err, SER_ERR_NOMEM, "augment: out of memory");
        memcpy(y, x, n * sizeof *y);
    }
    if (cfg->shift_max_s > 0.0) {
        const long s = lround(uniform(rng, -cfg->shift_max_s, cfg->shift_max_s) * (double)rate);
        const size_t a = (size_t)labs(s) < m ? (size_t)labs(s) : m;
        if (s > 0) { /* later: zeros first */
            memmove(y + a, y, (m - a) * sizeof *y);
            memset(y, 0, a * sizeof *y);
        } else if (s < 0) {
            memmove(y, y + a, (m - a) * sizeof *y);
            memset(y + m - a, 0, a * sizeof *y);
        }
    }
    if (cfg->gain_max_db > 0.0) {
        const float g = (float)pow(10.0, uniform(rng, -cfg->gain_max_db, cfg->gain_max_db) / 20.0);
        for (size_t i = 0; i < m; i++)
            y[i] *= g;
    }
    if (cfg->noise_prob > 0.0 && ser_rng_uniform(rng) < cfg->noise_prob)
        ser_augment_noise(y, m, uniform(rng, cfg->snr_min_db, cfg->snr_max_db), rng);
    if (cfg->telephone_prob > 0.0 && ser_rng_uniform(rng) < cfg->telephone_prob &&
        (st = ser_augment_telephone(y, m, rate, err))) {
        free(y);
        return st;
    }
    *out = y;
    *n_out = m;
    return SER_OK;
}

void ser_augment_noise(float *x, size_t n, double snr_db, ser_rng *rng)
{
    double p = 0.0;
    for (size_t i = 0; i < n; i++)
        p += (double)x[i] * (double)x[i];
    if (n == 0 || !(p > 0.0))
        return;
    const double sd = sqrt(p / (double)n / pow(10.0, snr_db / 10.0));
    for (size_t i = 0; i < n; i++)
        x[i] += (float)(sd * ser_rng_normal(rng));
}
