/* Spectral contrast (see include/ser/contrast.h). */
#include "ser/contrast.h"

#include <math.h>
#include <stdlib.h>

#include "ser/stft.h"
#include "ser/util.h"

#define CONTRAST_MAX_Q 1024

typedef struct contrast_band {
    size_t first, n_used, n_q;
} contrast_band;

struct ser_contrast {
    ser_contrast_config cfg;
    size_t n_bins, n_rows, n_used_rows;
    contrast_band *bands;
};

ser_contrast_config ser_contrast_config_default(void)
{
    ser_contrast_config c;
    c.sample_rate = 16000.0;
    c.n_fft = 2048;
    c.fmin = 200.0;
    c.n_bands = 6;
    c.quantile = 0.02;
    c.linear = false;
    return c;
}

ser_contrast *ser_contrast_create(const ser_contrast_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_contrast *c = NULL;
    if (!cfg || !(cfg->sample_rate > 0) || cfg->n_fft < 2 || !(cfg->fmin > 0) || cfg->n_bands == 0
        || cfg->n_bands > 60 || !(cfg->quantile > 0 && cfg->quantile < 1))
        goto fail;
    st = SER_ERR_NOMEM;
    c = calloc(1, sizeof *c);
    if (!c)
        goto fail;
    c->cfg = *cfg;
    c->n_bins = cfg->n_fft / 2 + 1;
    c->n_rows = cfg->n_bands + 1;
    c->bands = ser_calloc_array(c->n_rows, sizeof *c->bands);
    if (!c->bands)
        goto fail;
    st = SER_ERR_ARG;
    double nyquist = cfg->sample_rate / 2.0;
    /* octa[j]: 0, fmin, 2 fmin, ...; rows used: band k with octa[k] < Nyquist */
    size_t last = 0;
    for (size_t k = 1; k <= cfg->n_bands; k++)
        if (cfg->fmin * pow(2.0, (double)(k - 1)) < nyquist)
            last = k;
    c->n_used_rows = last + 1;
    for (size_t k = 0; k <= last; k++) {
        double f_low = k == 0 ? 0.0 : cfg->fmin * pow(2.0, (double)(k - 1));
        double f_high = cfg->fmin * pow(2.0, (double)k);
        size_t lo = c->n_bins, hi = 0;
        for (size_t b = 0; b < c->n_bins; b++) {
            double f = ser_fft_frequency(b, cfg->sample_rate, cfg->n_fft);
            if (f >= f_low && f <= f_high) {
                if (lo == c->n_bins)
                    lo = b;
                hi = b;
            }
        }
        if (lo == c->n_bins || (k > 0 && lo == 0))
            goto fail; /* no FFT bin in the band (librosa fails too) */
        if (k > 0)
            lo--;
        if (k == last)
            hi = c->n_bins - 1;
        size_t in_mask = hi - lo + 1;
        size_t used = k < last ? in_mask - 1 : in_mask;
        if (used == 0)
            goto fail;
        double q = rint(cfg->quantile * (double)in_mask);
        size_t nq = q < 1.0 ? 1 : (size_t)q;
        if (nq > used)
            nq = used; /* numpy slices stop at the end */
        if (nq > CONTRAST_MAX_Q)
            goto fail;
        c->bands[k].first = lo;
        c->bands[k].n_used = used;
        c->bands[k].n_q = nq;
    }
    if (err)
        *err = SER_OK;
    return c;
fail:
    ser_contrast_destroy(c);
    if (err)
        *err = st;
    return NULL;
}

void ser_contrast_destroy(ser_contrast *contrast)
{
    if (!contrast)
        return;
    free(contrast->bands);
    free(contrast);
}

size_t ser_contrast_n_rows(const ser_contrast *contrast) { return contrast->n_rows; }
size_t ser_contrast_n_rows_used(const ser_contrast *contrast) { return contrast->n_used_rows; }

void ser_contrast_band(const ser_contrast *contrast, size_t band, size_t *first, size_t *n_used, size_t *n_quantile)
{
    const contrast_band *b = &contrast->bands[band];
    *first = b->first;
    *n_used = b->n_used;
    *n_quantile = b->n_q;
}

/* Means of the q smallest and the q largest of v[0..n), q <= n, one pass
 * keeping two small sorted lists (q is tiny: 1..15 at usual rates). */
static void extremes(const float *v, size_t n, size_t q, double *mean_lo, double *mean_hi)
{
    float lo[CONTRAST_MAX_Q], hi[CONTRAST_MAX_Q]; /* lo ascending, hi descending */
    size_t nlo = 0, nhi = 0;
    for (size_t i = 0; i < n; i++) {
        float x = v[i];
        if (nlo < q || x < lo[nlo - 1]) {
            size_t j = nlo < q ? nlo++ : q - 1;
            while (j > 0 && lo[j - 1] > x) {
                lo[j] = lo[j - 1];
                j--;
            }
            lo[j] = x;
        }
        if (nhi < q || x > hi[nhi - 1]) {
            size_t j = nhi < q ? nhi++ : q - 1;
            while (j > 0 && hi[j - 1] < x) {
                hi[j] = hi[j - 1];
                j--;
            }
            hi[j] = x;
        }
    }
    double slo = 0.0, shi = 0.0;
    for (size_t i = 0; i < nlo; i++)
        slo += lo[i];
    for (size_t i = 0; i < nhi; i++)
        shi += hi[i];
    *mean_lo = slo / (double)nlo;
    *mean_hi = shi / (double)nhi;
}

void ser_contrast_frame(const ser_contrast *contrast, const float *mag, double *peak, double *valley)
{
    for (size_t k = 0; k < contrast->n_rows; k++) {
        if (k >= contrast->n_used_rows) {
            peak[k] = valley[k] = 0.0;
            continue;
        }
        const contrast_band *b = &contrast->bands[k];
        extremes(mag + b->first, b->n_used, b->n_q, &valley[k], &peak[k]);
    }
}

void ser_contrast_finish(const ser_contrast *contrast, const ser_db_config *db, const double *peak,
                         const double *valley, size_t n_frames, float *out)
{
    size_t R = contrast->n_rows, U = contrast->n_used_rows;
    if (contrast->cfg.linear) {
        for (size_t t = 0; t < n_frames; t++)
            for (size_t k = 0; k < R; k++)
                out[t * R + k] = k < U ? (float)(peak[t * R + k] - valley[t * R + k]) : 0.0f;
        return;
    }
    double pmax = -INFINITY, vmax = -INFINITY;
    for (size_t t = 0; t < n_frames; t++)
        for (size_t k = 0; k < U; k++) {
            pmax = fmax(pmax, ser_db_from_power(db, peak[t * R + k]));
            vmax = fmax(vmax, ser_db_from_power(db, valley[t * R + k]));
        }
    double pfloor = ser_db_floor(db, pmax), vfloor = ser_db_floor(db, vmax);
    for (size_t t = 0; t < n_frames; t++)
        for (size_t k = 0; k < R; k++) {
            if (k >= U) {
                out[t * R + k] = 0.0f;
                continue;
            }
            double p = fmax(ser_db_from_power(db, peak[t * R + k]), pfloor);
            double v = fmax(ser_db_from_power(db, valley[t * R + k]), vfloor);
            out[t * R + k] = (float)(p - v);
        }
}
