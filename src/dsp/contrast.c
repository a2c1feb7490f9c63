/* Spectral contrast (see include/ser/contrast.h). */
#include "ser/contrast.h"

#include <math.h>
#include <stdlib.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

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

#define BLOCK 16 /* 16: fewer block bests to ripple, few more candidates */
#define MAX_BAND 2048 /* longer bands use the plain scan */

static inline float max2(float a, float b) { return a > b ? a : b; }
static inline float min2(float a, float b) { return a < b ? a : b; }

/* Selection of the q largest (or smallest) values of a band without
 * data-dependent branches (spectra are noise to a branch predictor):
 *   1. every block of 16 values is summarised by its max (min);
 *   2. T = the q-th best of the block bests and of the tail values, kept
 *      in a sorted list by compare-exchange ripples.  The q best values are
 *      q distinct elements, so the q-th best element V_q is at least as
 *      good as T, and a value better than T lies in one of the fewer than
 *      q blocks whose best beats T: at most 16(q-1) such values;
 *   3. those values are gathered (blocks tested, values branch-free) and
 *      rippled into the list;
 *      when there are fewer than q of them, V_q = T and copies of T fill
 *      the rest.
 * The result is the same multiset as librosa's sort, so the same mean. */
#define DEFINE_SIDE(NAME, BEST, WORSE, BETTER, WORST)                                              \
    static inline void ripple_##NAME(float *l, size_t q, float x)                                  \
    {                                                                                              \
        for (size_t j = 0; j < q; j++) {                                                           \
            float b = BEST(l[j], x);                                                               \
            x = WORSE(l[j], x);                                                                    \
            l[j] = b;                                                                              \
        }                                                                                          \
    }                                                                                              \
    static inline __attribute__((always_inline)) double mean_q_##NAME##_q(                       \
        const float *v, size_t n, size_t q, const float *bbest, bool root)                         \
    {                                                                                              \
        float l[CONTRAST_MAX_Q], cand[MAX_BAND];                                                   \
        size_t nb = n / BLOCK;                                                                     \
        for (size_t k = 0; k < q; k++)                                                             \
            l[k] = WORST;                                                                          \
        for (size_t b = 0; b < nb; b++)                                                            \
            ripple_##NAME(l, q, bbest[b]);                                                         \
        for (size_t i = nb * BLOCK; i < n; i++)                                                    \
            ripple_##NAME(l, q, v[i]);                                                             \
        const float T = l[q - 1];                                                                  \
        size_t nc = 0;                                                                             \
        for (size_t b = 0; b < nb; b++) {                                                          \
            if (!(bbest[b] BETTER T)) /* taken for fewer than q blocks */                          \
                continue;                                                                          \
            for (size_t i = b * BLOCK; i < (b + 1) * BLOCK; i++) {                                 \
                cand[nc] = v[i];                                                                   \
                nc += v[i] BETTER T;                                                               \
            }                                                                                      \
        }                                                                                          \
        for (size_t i = nb * BLOCK; i < n; i++) {                                                  \
            cand[nc] = v[i];                                                                       \
            nc += v[i] BETTER T;                                                                   \
        }                                                                                          \
        for (size_t k = 0; k < q; k++)                                                             \
            l[k] = T;                                                                              \
        for (size_t i = 0; i < nc; i++)                                                            \
            ripple_##NAME(l, q, cand[i]);                                                          \
        double sum = 0.0;                                                                          \
        for (size_t k = 0; k < q; k++)                                                             \
            sum += root ? sqrtf(l[k]) : l[k];                                                      \
        return sum / (double)q;                                                                    \
    }                                                                                              \
    /* q a constant in the usual cases: the list lives in registers */                             \
    static double mean_q_##NAME(const float *v, size_t n, size_t q, const float *bbest, bool root)  \
    {                                                                                              \
        switch (q) {                                                                               \
        case 2: return mean_q_##NAME##_q(v, n, 2, bbest, root);                                     \
        case 3: return mean_q_##NAME##_q(v, n, 3, bbest, root);                                     \
        case 4: return mean_q_##NAME##_q(v, n, 4, bbest, root);                                     \
        case 5: return mean_q_##NAME##_q(v, n, 5, bbest, root);                                     \
        case 6: return mean_q_##NAME##_q(v, n, 6, bbest, root);                                     \
        case 7: return mean_q_##NAME##_q(v, n, 7, bbest, root);                                     \
        case 8: return mean_q_##NAME##_q(v, n, 8, bbest, root);                                     \
        default: return mean_q_##NAME##_q(v, n, q, bbest, root);                                    \
        }                                                                                          \
    }

DEFINE_SIDE(max, max2, min2, >, -INFINITY)
DEFINE_SIDE(min, min2, max2, <, INFINITY)

/* The min and the max of one block of 16 values (any order of comparison
 * gives the same value: powers hold no NaN and no -0). */
static inline void block_extremes(const float *x, float *lo, float *hi)
{
#if defined(__SSE__)
    __m128 a = _mm_loadu_ps(x), b = _mm_loadu_ps(x + 4), c = _mm_loadu_ps(x + 8), d = _mm_loadu_ps(x + 12);
    __m128 mx = _mm_max_ps(_mm_max_ps(a, b), _mm_max_ps(c, d));
    __m128 mn = _mm_min_ps(_mm_min_ps(a, b), _mm_min_ps(c, d));
    mx = _mm_max_ps(mx, _mm_movehl_ps(mx, mx));
    mn = _mm_min_ps(mn, _mm_movehl_ps(mn, mn));
    mx = _mm_max_ss(mx, _mm_shuffle_ps(mx, mx, 1));
    mn = _mm_min_ss(mn, _mm_shuffle_ps(mn, mn, 1));
    *hi = _mm_cvtss_f32(mx);
    *lo = _mm_cvtss_f32(mn);
#else
    float a[4], i[4];
    for (size_t j = 0; j < 4; j++) {
        a[j] = max2(max2(x[j], x[j + 4]), max2(x[j + 8], x[j + 12]));
        i[j] = min2(min2(x[j], x[j + 4]), min2(x[j + 8], x[j + 12]));
    }
    *hi = max2(max2(a[0], a[2]), max2(a[1], a[3]));
    *lo = min2(min2(i[0], i[2]), min2(i[1], i[3]));
#endif
}

/* Means of the q smallest and the q largest of v[0..n), q <= n (q is tiny:
 * 1..15 at usual rates).  root: the values are powers; average their
 * square roots. */
static void extremes(const float *v, size_t n, size_t q, bool root, double *mean_lo, double *mean_hi)
{
    if (q == 1 || n > MAX_BAND) {
        if (q == 1) { /* min and max: four chains each (the lanes of a vector) */
            float mn[4] = {v[0], v[0], v[0], v[0]}, mx[4] = {v[0], v[0], v[0], v[0]};
            size_t i = 0;
#if defined(__SSE__)
            /* _mm_min_ps(a, b) is a < b ? a : b per lane, min2 exactly */
            __m128 vmn = _mm_set1_ps(v[0]), vmx = vmn;
            for (; i + 4 <= n; i += 4) {
                __m128 x = _mm_loadu_ps(v + i);
                vmn = _mm_min_ps(vmn, x);
                vmx = _mm_max_ps(vmx, x);
            }
            _mm_storeu_ps(mn, vmn);
            _mm_storeu_ps(mx, vmx);
#endif
            for (; i + 4 <= n; i += 4)
                for (size_t j = 0; j < 4; j++) {
                    mn[j] = min2(mn[j], v[i + j]);
                    mx[j] = max2(mx[j], v[i + j]);
                }
            for (; i < n; i++) {
                mn[0] = min2(mn[0], v[i]);
                mx[0] = max2(mx[0], v[i]);
            }
            float lo = min2(min2(mn[0], mn[1]), min2(mn[2], mn[3]));
            float hi = max2(max2(mx[0], mx[1]), max2(mx[2], mx[3]));
            *mean_lo = root ? sqrtf(lo) : lo;
            *mean_hi = root ? sqrtf(hi) : hi;
            return;
        }
        float lo[CONTRAST_MAX_Q], hi[CONTRAST_MAX_Q]; /* a very long band: plain ripples */
        for (size_t k = 0; k < q; k++) {
            lo[k] = INFINITY;
            hi[k] = -INFINITY;
        }
        for (size_t i = 0; i < n; i++) {
            ripple_min(lo, q, v[i]);
            ripple_max(hi, q, v[i]);
        }
        double slo = 0.0, shi = 0.0;
        for (size_t k = 0; k < q; k++) {
            slo += root ? sqrtf(lo[k]) : lo[k];
            shi += root ? sqrtf(hi[k]) : hi[k];
        }
        *mean_lo = slo / (double)q;
        *mean_hi = shi / (double)q;
        return;
    }
    float bmin[MAX_BAND / BLOCK], bmax[MAX_BAND / BLOCK];
    size_t nb = n / BLOCK;
    for (size_t b = 0; b < nb; b++)
        block_extremes(v + b * BLOCK, &bmin[b], &bmax[b]);
    *mean_lo = mean_q_min(v, n, q, bmin, root);
    *mean_hi = mean_q_max(v, n, q, bmax, root);
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
    /* ser_db_from_power's arithmetic with its reference level computed once */
    const double ref_db = 10.0 * log10(fmax(db->amin, fabs(db->ref))), amin = db->amin;
#define DB_OF(x) (10.0 * log10(fmax(amin, (x))) - ref_db)
    double pmax = -INFINITY, vmax = -INFINITY;
    for (size_t t = 0; t < n_frames; t++)
        for (size_t k = 0; k < U; k++) {
            pmax = fmax(pmax, DB_OF(peak[t * R + k]));
            vmax = fmax(vmax, DB_OF(valley[t * R + k]));
        }
    double pfloor = ser_db_floor(db, pmax), vfloor = ser_db_floor(db, vmax);
    for (size_t t = 0; t < n_frames; t++)
        for (size_t k = 0; k < R; k++) {
            if (k >= U) {
                out[t * R + k] = 0.0f;
                continue;
            }
            double p = fmax(DB_OF(peak[t * R + k]), pfloor);
            double v = fmax(DB_OF(valley[t * R + k]), vfloor);
            out[t * R + k] = (float)(p - v);
        }
#undef DB_OF
}

void ser_contrast_finish_inplace(const ser_contrast *contrast, const ser_db_config *db, double *peak,
                                 double *valley, size_t n_frames, float *out)
{
    size_t R = contrast->n_rows, U = contrast->n_used_rows;
    if (contrast->cfg.linear) {
        ser_contrast_finish(contrast, db, peak, valley, n_frames, out);
        return;
    }
    /* ser_db_from_power's arithmetic with its reference level computed once */
    const double ref_db = 10.0 * log10(fmax(db->amin, fabs(db->ref))), amin = db->amin;
    double pmax = -INFINITY, vmax = -INFINITY;
    for (size_t t = 0; t < n_frames; t++)
        for (size_t k = 0; k < U; k++) {
            double *p = &peak[t * R + k], *v = &valley[t * R + k];
            *p = 10.0 * log10(fmax(amin, *p)) - ref_db;
            *v = 10.0 * log10(fmax(amin, *v)) - ref_db;
            pmax = fmax(pmax, *p);
            vmax = fmax(vmax, *v);
        }
    double pfloor = ser_db_floor(db, pmax), vfloor = ser_db_floor(db, vmax);
    for (size_t t = 0; t < n_frames; t++)
        for (size_t k = 0; k < R; k++)
            out[t * R + k] = k < U ? (float)(fmax(peak[t * R + k], pfloor) - fmax(valley[t * R + k], vfloor)) : 0.0f;
}
