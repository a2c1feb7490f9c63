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

#define BLOCK 8
#define MAX_BLOCKS 256 /* bands up to 2048 bins use the block summary */

static inline float max2(float a, float b) { return a > b ? a : b; }
static inline float min2(float a, float b) { return a < b ? a : b; }

/* For each side (largest: BETTER is >, smallest: BETTER is <), with lists
 * l[0..q) kept best first:
 *   insert_NAME     insert x, dropping the last element;
 *   threshold_NAME  T = the q-th best of the block bests bbest[] and of the
 *                   values after the last whole block.  The q best values
 *                   of the band are q distinct elements, so the q-th best
 *                   element is at least as good as T, and each of the q
 *                   best lies in a block whose best is at least T;
 *   best_q_NAME     the q best values, looking only inside those blocks
 *                   (about q of them) and at the tail. */
#define DEFINE_SIDE(NAME, BETTER, WORST)                                                           \
    static void insert_##NAME(float *l, size_t q, float x)                                         \
    {                                                                                              \
        size_t j = q - 1;                                                                          \
        while (j > 0 && x BETTER l[j - 1]) {                                                       \
            l[j] = l[j - 1];                                                                       \
            j--;                                                                                   \
        }                                                                                          \
        l[j] = x;                                                                                  \
    }                                                                                              \
    static float threshold_##NAME(const float *v, size_t n, size_t q, const float *bbest, float *l) \
    {                                                                                              \
        size_t nb = n / BLOCK;                                                                     \
        for (size_t k = 0; k < q; k++)                                                             \
            l[k] = WORST;                                                                          \
        float t = WORST;                                                                           \
        for (size_t b = 0; b < nb; b++)                                                            \
            if (bbest[b] BETTER t) {                                                               \
                insert_##NAME(l, q, bbest[b]);                                                     \
                t = l[q - 1];                                                                      \
            }                                                                                      \
        for (size_t i = nb * BLOCK; i < n; i++)                                                    \
            if (v[i] BETTER t) {                                                                   \
                insert_##NAME(l, q, v[i]);                                                         \
                t = l[q - 1];                                                                      \
            }                                                                                      \
        return t;                                                                                  \
    }                                                                                              \
    static void best_q_##NAME(const float *v, size_t n, size_t q, const float *bbest, float T, float *l) \
    {                                                                                              \
        size_t nb = n / BLOCK;                                                                     \
        for (size_t k = 0; k < q; k++)                                                             \
            l[k] = WORST;                                                                          \
        float t = WORST;                                                                           \
        float cand[BLOCK];                                                                         \
        for (size_t b = 0; b < nb; b++) {                                                          \
            if (T BETTER bbest[b])                                                                 \
                continue;                                                                          \
            size_t nc = 0; /* branch-free: keep the values at least as good as T */               \
            for (size_t j = b * BLOCK; j < (b + 1) * BLOCK; j++) {                                 \
                cand[nc] = v[j];                                                                   \
                nc += !(T BETTER v[j]);                                                            \
            }                                                                                      \
            for (size_t j = 0; j < nc; j++)                                                        \
                if (cand[j] BETTER t) {                                                            \
                    insert_##NAME(l, q, cand[j]);                                                  \
                    t = l[q - 1];                                                                  \
                }                                                                                  \
        }                                                                                          \
        for (size_t i = nb * BLOCK; i < n; i++)                                                    \
            if (v[i] BETTER t) {                                                                   \
                insert_##NAME(l, q, v[i]);                                                         \
                t = l[q - 1];                                                                      \
            }                                                                                      \
    }

DEFINE_SIDE(max, >, -INFINITY)
DEFINE_SIDE(min, <, INFINITY)

/* Means of the q smallest and the q largest of v[0..n), q <= n (q is tiny:
 * 1..15 at usual rates).  One pass summarises each block of 8 by its min
 * and max (a branch-free tree), then only the few blocks that can hold an
 * extreme are searched.  root: the values are powers; average their
 * square roots. */
static void extremes(const float *v, size_t n, size_t q, bool root, double *mean_lo, double *mean_hi)
{
    float lo[CONTRAST_MAX_Q], hi[CONTRAST_MAX_Q];
    lo[0] = hi[0] = 0.0f; /* q >= 1 always; this only informs the compiler */
    float bmin[MAX_BLOCKS], bmax[MAX_BLOCKS];
    size_t nb = n / BLOCK;
    if (nb <= MAX_BLOCKS) {
        for (size_t b = 0; b < nb; b++) {
            const float *x = v + b * BLOCK;
            float a0 = max2(x[0], x[1]), a1 = max2(x[2], x[3]), a2 = max2(x[4], x[5]), a3 = max2(x[6], x[7]);
            float i0 = min2(x[0], x[1]), i1 = min2(x[2], x[3]), i2 = min2(x[4], x[5]), i3 = min2(x[6], x[7]);
            bmax[b] = max2(max2(a0, a1), max2(a2, a3));
            bmin[b] = min2(min2(i0, i1), min2(i2, i3));
        }
        float tlo = threshold_min(v, n, q, bmin, lo), thi = threshold_max(v, n, q, bmax, hi);
        best_q_min(v, n, q, bmin, tlo, lo);
        best_q_max(v, n, q, bmax, thi, hi);
    } else { /* a very long band: plain scan */
        for (size_t k = 0; k < q; k++) {
            lo[k] = INFINITY;
            hi[k] = -INFINITY;
        }
        for (size_t i = 0; i < n; i++) {
            if (v[i] < lo[q - 1])
                insert_min(lo, q, v[i]);
            if (v[i] > hi[q - 1])
                insert_max(hi, q, v[i]);
        }
    }
    double slo = 0.0, shi = 0.0;
    for (size_t k = 0; k < q; k++) {
        slo += root ? sqrtf(lo[k]) : lo[k];
        shi += root ? sqrtf(hi[k]) : hi[k];
    }
    *mean_lo = slo / (double)q;
    *mean_hi = shi / (double)q;
}

static void contrast_frame(const ser_contrast *contrast, const float *spec, bool root, double *peak, double *valley)
{
    for (size_t k = 0; k < contrast->n_rows; k++) {
        if (k >= contrast->n_used_rows) {
            peak[k] = valley[k] = 0.0;
            continue;
        }
        const contrast_band *b = &contrast->bands[k];
        extremes(spec + b->first, b->n_used, b->n_q, root, &valley[k], &peak[k]);
    }
}

void ser_contrast_frame(const ser_contrast *contrast, const float *mag, double *peak, double *valley)
{
    contrast_frame(contrast, mag, false, peak, valley);
}

/* sqrt is monotonic: the n_q largest powers are the squares of the n_q
 * largest magnitudes, so only the selected values need a square root. */
void ser_contrast_frame_power(const ser_contrast *contrast, const float *power, double *peak, double *valley)
{
    contrast_frame(contrast, power, true, peak, valley);
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
