/* Spectral centroid, bandwidth, rolloff and flatness (see include/ser/spectral.h). */
#include "ser/spectral.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "ser/stft.h"
#include "ser/util.h"

struct ser_spectral {
    ser_spectral_config cfg;
    size_t n_bins;
    double *freq; /* Hz per bin */
};

ser_spectral_config ser_spectral_config_default(void)
{
    ser_spectral_config c;
    c.sample_rate = 16000.0;
    c.n_fft = 2048;
    c.roll_percent = 0.85;
    c.bandwidth_p = 2.0;
    c.bandwidth_norm = true;
    c.flatness_amin = 1e-10;
    c.flatness_power = 2.0;
    return c;
}

ser_spectral *ser_spectral_create(const ser_spectral_config *cfg, ser_status *err)
{
    if (!cfg || !(cfg->sample_rate > 0) || cfg->n_fft < 2 || !(cfg->roll_percent > 0 && cfg->roll_percent < 1)
        || !(cfg->bandwidth_p > 0) || !(cfg->flatness_amin > 0) || !(cfg->flatness_power > 0)) {
        if (err)
            *err = SER_ERR_ARG;
        return NULL;
    }
    ser_spectral *sp = calloc(1, sizeof *sp);
    if (sp) {
        sp->cfg = *cfg;
        sp->n_bins = cfg->n_fft / 2 + 1;
        sp->freq = ser_alloc_array(sp->n_bins, sizeof *sp->freq);
    }
    if (!sp || !sp->freq) {
        ser_spectral_destroy(sp);
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    for (size_t k = 0; k < sp->n_bins; k++)
        sp->freq[k] = ser_fft_frequency(k, cfg->sample_rate, cfg->n_fft);
    if (err)
        *err = SER_OK;
    return sp;
}

void ser_spectral_destroy(ser_spectral *sp)
{
    if (!sp)
        return;
    free(sp->freq);
    free(sp);
}

/* Flatness of mag (or, when mag is NULL, of sqrtf(power): the same
 * floats ser_power_to_magnitude gives, hence the same bits).
 * The sum of logs is the log of a product: mantissa products renormalised
 * by frexp every 16 bins (s in [amin, ...]: no overflow in between), one
 * log per frame instead of one per bin; relative error ~1e-13 of the
 * log-sum, far below the float resolution of the result. */
static double flatness(const ser_spectral_config *c, const float *mag, const float *power, size_t nb)
{
    double prod = 1.0, lin = 0.0;
    long exps = 0;
    for (size_t k = 0; k < nb; k++) {
        double m = mag ? mag[k] : sqrtf(power[k]);
        double s = c->flatness_power == 2.0 ? m * m : pow(m, c->flatness_power);
        s = fmax(c->flatness_amin, s);
        prod *= s;
        lin += s;
        if ((k & 15) == 15) {
            int e;
            prod = frexp(prod, &e);
            exps += e;
        }
    }
    double logsum = log(prod) + (double)exps * M_LN2;
    return exp(logsum / (double)nb) / (lin / (double)nb);
}

double ser_spectral_flatness_power(const ser_spectral *sp, const float *power)
{
    return flatness(&sp->cfg, NULL, power, sp->n_bins);
}

void ser_spectral_process(const ser_spectral *sp, const float *mag, ser_spectral_frame *out)
{
    const size_t nb = sp->n_bins;
    const double *f = sp->freq;
    const ser_spectral_config *c = &sp->cfg;
    double sum = 0.0, wsum = 0.0;
    for (size_t k = 0; k < nb; k++) {
        sum += mag[k];
        wsum += f[k] * mag[k];
    }
    /* librosa.util.normalize(norm=1): sums below tiny(float32) are left as is */
    double norm = sum < FLT_MIN ? 1.0 : sum;
    double centroid = wsum / norm;
    out->centroid = centroid;

    double bw = 0.0;
    double bnorm = c->bandwidth_norm ? norm : 1.0;
    if (c->bandwidth_p == 2.0) {
        for (size_t k = 0; k < nb; k++) {
            double d = f[k] - centroid;
            bw += mag[k] * d * d;
        }
        out->bandwidth = sqrt(bw / bnorm);
    } else {
        for (size_t k = 0; k < nb; k++)
            bw += mag[k] * pow(fabs(f[k] - centroid), c->bandwidth_p);
        out->bandwidth = pow(bw / bnorm, 1.0 / c->bandwidth_p);
    }

    double threshold = c->roll_percent * sum, acc = 0.0;
    out->rolloff = f[nb - 1];
    for (size_t k = 0; k < nb; k++) {
        acc += mag[k];
        if (acc >= threshold) {
            out->rolloff = f[k];
            break;
        }
    }

    out->flatness = flatness(c, mag, NULL, nb);
}
