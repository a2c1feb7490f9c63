/* YIN f0 estimation, numerically as librosa 0.10 computes it
 * (librosa/core/pitch.py: _cumulative_mean_normalized_difference,
 * _parabolic_interpolation, yin).  See include/ser/pitch.h. */
#include "dsp/yin_internal.h"

#include "dsp/frame_extract.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/fft.h"
#include "ser/util.h"

struct ser_yin {
    ser_yin_config cfg; /* resolved: win_length and hop_length set */
    size_t min_period, max_period, n_lags;
    ser_fft *fft;
    float *reversed;  /* frame[W], frame[W-1], ..., frame[1], zeros */
    float *spec_a;    /* rfft(frame): 2 * (L/2 + 1) floats */
    float *spec_b;    /* rfft(reversed) */
    float *corr;      /* irfft(spec_a * spec_b): L floats */
    double *diff;     /* d(tau), tau = 0..max_period */
    double *cmndf;    /* n_lags */
    double *shifts;   /* n_lags */
    float *frame;     /* L: framing buffer for ser_yin_track */
};

ser_yin_config ser_yin_config_default(void)
{
    ser_yin_config c;
    c.sample_rate = 22050.0;
    c.fmin = SER_PITCH_C2_HZ;
    c.fmax = SER_PITCH_C7_HZ;
    c.frame_length = 2048;
    c.win_length = 0;
    c.hop_length = 0;
    c.trough_threshold = 0.1;
    c.center = true;
    return c;
}

static ser_yin_config resolve(const ser_yin_config *cfg)
{
    ser_yin_config c = *cfg;
    if (c.win_length == 0)
        c.win_length = c.frame_length / 2;
    if (c.hop_length == 0)
        c.hop_length = c.frame_length / 4;
    return c;
}

/* librosa: min_period = max(floor(sr/fmax), 1),
 *          max_period = min(ceil(sr/fmin), frame_length - win_length - 1). */
static void periods(const ser_yin_config *c, double *min_p, double *max_p)
{
    double lo = floor(c->sample_rate / c->fmax);
    double hi = ceil(c->sample_rate / c->fmin);
    double cap = (double)c->frame_length - (double)c->win_length - 1.0;
    *min_p = lo < 1.0 ? 1.0 : lo;
    *max_p = hi < cap ? hi : cap;
}

ser_status ser_yin_config_check(const ser_yin_config *cfg, ser_error *err)
{
    if (!cfg)
        return ser_error_set(err, SER_ERR_ARG, "yin: config is NULL");
    ser_yin_config c = resolve(cfg);
    if (!(c.sample_rate > 0.0) || !isfinite(c.sample_rate))
        return ser_error_set(err, SER_ERR_ARG, "yin: sample_rate %g must be > 0", c.sample_rate);
    if (!(c.fmin > 0.0) || !(c.fmax > c.fmin) || !isfinite(c.fmax))
        return ser_error_set(err, SER_ERR_ARG, "yin: need 0 < fmin (%g) < fmax (%g)", c.fmin,
                             c.fmax);
    if (c.frame_length < 4 || c.frame_length % 2 != 0 || c.frame_length > (1u << 24))
        return ser_error_set(err, SER_ERR_ARG,
                             "yin: frame_length %zu must be even and in [4, 2^24]",
                             c.frame_length);
    if (c.win_length >= c.frame_length)
        return ser_error_set(err, SER_ERR_ARG, "yin: win_length %zu must be < frame_length %zu",
                             c.win_length, c.frame_length);
    if (c.hop_length == 0)
        return ser_error_set(err, SER_ERR_ARG, "yin: hop_length must be > 0");
    if (!isfinite(c.trough_threshold))
        return ser_error_set(err, SER_ERR_ARG, "yin: trough_threshold must be finite");
    double lo, hi;
    periods(&c, &lo, &hi);
    if (!(hi > lo))
        return ser_error_set(err, SER_ERR_ARG,
                             "yin: empty lag range: min_period %.0f >= max_period %.0f "
                             "(sr %g, fmin %g, fmax %g, frame %zu, win %zu)",
                             lo, hi, c.sample_rate, c.fmin, c.fmax, c.frame_length, c.win_length);
    return SER_OK;
}

size_t ser_yin_n_frames(const ser_yin_config *cfg, size_t n_samples)
{
    if (!cfg)
        return 0;
    ser_yin_config c = resolve(cfg);
    return ser__frame_count(n_samples, c.frame_length, c.hop_length, c.center);
}

void ser_yin_destroy(ser_yin *yin)
{
    if (!yin)
        return;
    ser_fft_destroy(yin->fft);
    free(yin->reversed);
    free(yin->spec_a);
    free(yin->spec_b);
    free(yin->corr);
    free(yin->diff);
    free(yin->cmndf);
    free(yin->shifts);
    free(yin->frame);
    free(yin);
}

ser_yin *ser_yin_create(const ser_yin_config *cfg, ser_status *err)
{
    ser_status st = ser_yin_config_check(cfg, NULL);
    if (st != SER_OK) {
        if (err)
            *err = st;
        return NULL;
    }
    ser_yin *y = calloc(1, sizeof *y);
    if (!y) {
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    y->cfg = resolve(cfg);
    double lo, hi;
    periods(&y->cfg, &lo, &hi);
    y->min_period = (size_t)lo;
    y->max_period = (size_t)hi;
    y->n_lags = y->max_period - y->min_period + 1;
    size_t L = y->cfg.frame_length;
    y->fft = ser_fft_create(L, &st);
    y->reversed = ser_alloc_array(L, sizeof(float));
    y->spec_a = ser_alloc_array(L / 2 + 1, 2 * sizeof(float));
    y->spec_b = ser_alloc_array(L / 2 + 1, 2 * sizeof(float));
    y->corr = ser_alloc_array(L, sizeof(float));
    y->diff = ser_alloc_array(y->max_period + 1, sizeof(double));
    y->cmndf = ser_alloc_array(y->n_lags, sizeof(double));
    y->shifts = ser_alloc_array(y->n_lags, sizeof(double));
    y->frame = ser_alloc_array(L, sizeof(float));
    if (!y->fft || !y->reversed || !y->spec_a || !y->spec_b || !y->corr || !y->diff ||
        !y->cmndf || !y->shifts || !y->frame) {
        ser_yin_destroy(y);
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    if (err)
        *err = SER_OK;
    return y;
}

const ser_yin_config *ser_yin_config_of(const ser_yin *yin) { return &yin->cfg; }
size_t ser_yin_min_period(const ser_yin *yin) { return yin->min_period; }
size_t ser_yin_max_period(const ser_yin *yin) { return yin->max_period; }
size_t ser__yin_n_lags(const ser_yin *yin) { return yin->n_lags; }

/* librosa 0.10 _pi_stencil: a = x[i+1] + x[i-1] - 2 x[i], b = (x[i+1] -
 * x[i-1]) / 2, shift = -b/a unless |b| >= |a|; 0 at both ends. */
static void parabolic_shifts(const double *x, size_t n, double *shift)
{
    shift[0] = 0.0;
    shift[n - 1] = 0.0;
    for (size_t i = 1; i + 1 < n; i++) {
        double a = x[i + 1] + x[i - 1] - 2.0 * x[i];
        double b = (x[i + 1] - x[i - 1]) / 2.0;
        shift[i] = fabs(b) >= fabs(a) ? 0.0 : -b / a;
    }
}

const double *ser__yin_cmndf(ser_yin *yin, const float *frame, const double **shifts)
{
    const size_t L = yin->cfg.frame_length, W = yin->cfg.win_length;
    const size_t maxp = yin->max_period, minp = yin->min_period;

    /* acf(tau) = sum_{j=1..W} x[j] x[j+tau]: circular convolution of the
     * frame with x[W..1] (reversed), read at W + tau.  No wrap-around
     * reaches those outputs because W + tau + ... stays below L. */
    for (size_t m = 0; m < W; m++)
        yin->reversed[m] = frame[W - m];
    memset(yin->reversed + W, 0, (L - W) * sizeof(float));
    ser_fft_forward(yin->fft, frame, yin->spec_a);
    ser_fft_forward(yin->fft, yin->reversed, yin->spec_b);
    for (size_t k = 0; k <= L / 2; k++) {
        float ar = yin->spec_a[2 * k], ai = yin->spec_a[2 * k + 1];
        float br = yin->spec_b[2 * k], bi = yin->spec_b[2 * k + 1];
        yin->spec_a[2 * k] = ar * br - ai * bi;
        yin->spec_a[2 * k + 1] = ar * bi + ai * br;
    }
    ser_fft_inverse(yin->fft, yin->spec_a, yin->corr);

    /* Energy e(tau) = cs[tau+W] - cs[tau] with cs the float32 running sum
     * of x^2 (numpy.cumsum on float32, sequential), thresholded at 1e-6.
     * d(tau) = (float32)(e(0) + e(tau)) - 2 acf(tau), in double. */
    float cs_tau = frame[0] * frame[0]; /* cs[tau], starting at tau = 0 */
    float cs_hi = cs_tau;               /* cs[tau + W] */
    for (size_t j = 1; j <= W; j++)
        cs_hi += frame[j] * frame[j];
    float e0 = 0.0f;
    for (size_t tau = 0; tau <= maxp; tau++) {
        if (tau > 0) {
            cs_tau += frame[tau] * frame[tau];
            cs_hi += frame[tau + W] * frame[tau + W];
        }
        float e = cs_hi - cs_tau;
        if (fabsf(e) < 1e-6f)
            e = 0.0f;
        if (tau == 0)
            e0 = e;
        double acf = (double)yin->corr[W + tau];
        if (fabs(acf) < 1e-6)
            acf = 0.0;
        yin->diff[tau] = (double)(e0 + e) - 2.0 * acf;
    }

    /* cmndf(tau) = d(tau) / (cumsum(d[1..tau]) / tau + DBL_MIN). */
    double running = 0.0;
    for (size_t tau = 1; tau <= maxp; tau++) {
        running += yin->diff[tau];
        if (tau >= minp)
            yin->cmndf[tau - minp] = yin->diff[tau] / (running / (double)tau + DBL_MIN);
    }
    parabolic_shifts(yin->cmndf, yin->n_lags, yin->shifts);
    if (shifts)
        *shifts = yin->shifts;
    return yin->cmndf;
}

ser_status ser_yin_process(ser_yin *yin, const float *frame, ser_yin_frame *out)
{
    if (!yin || !frame || !out)
        return SER_ERR_ARG;
    const double *shifts;
    const double *c = ser__yin_cmndf(yin, frame, &shifts);
    const size_t n = yin->n_lags;
    /* First trough below the threshold, else the global minimum (first). */
    size_t best = n, gmin = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i] < c[gmin])
            gmin = i;
        if (best == n && c[i] < yin->cfg.trough_threshold && ser__yin_is_trough(c, n, i))
            best = i;
    }
    out->trough = best < n;
    if (best == n)
        best = gmin;
    out->period = (double)(yin->min_period + best) + shifts[best];
    out->f0 = yin->cfg.sample_rate / out->period;
    out->cmndf = c[best];
    return SER_OK;
}

ser_status ser_yin_track(ser_yin *yin, const float *y, size_t n, ser_yin_frame *out,
                         size_t n_frames)
{
    if (!yin || (!y && n) || (!out && n_frames))
        return SER_ERR_ARG;
    const ser_yin_config *c = &yin->cfg;
    if (n_frames != ser_yin_n_frames(c, n))
        return SER_ERR_ARG;
    for (size_t t = 0; t < n_frames; t++) {
        ser__frame_extract(y, n, t, c->frame_length, c->hop_length, c->center, yin->frame);
        ser_status st = ser_yin_process(yin, yin->frame, &out[t]);
        if (st != SER_OK)
            return st;
    }
    return SER_OK;
}

ser_status ser_yin_compute(const ser_yin_config *cfg, const float *y, size_t n, double *f0,
                           size_t n_frames, ser_error *err)
{
    ser_status st = ser_yin_config_check(cfg, err);
    if (st != SER_OK)
        return st;
    if (!y || n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "yin: no samples");
    size_t want = ser_yin_n_frames(cfg, n);
    if (want == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "yin: %zu samples give no frame", n);
    if (!f0 || n_frames != want)
        return ser_error_set(err, SER_ERR_ARG, "yin: output holds %zu frames, need %zu",
                             n_frames, want);
    ser_yin *yin = ser_yin_create(cfg, &st);
    ser_yin_frame *frames = ser_alloc_array(n_frames, sizeof *frames);
    if (!yin || !frames) {
        ser_yin_destroy(yin);
        free(frames);
        return ser_error_set(err, SER_ERR_NOMEM, "yin: out of memory (%zu frames)", n_frames);
    }
    st = ser_yin_track(yin, y, n, frames, n_frames);
    for (size_t t = 0; st == SER_OK && t < n_frames; t++)
        f0[t] = frames[t].f0;
    free(frames);
    ser_yin_destroy(yin);
    if (st != SER_OK)
        return ser_error_set(err, st, "yin: tracking failed");
    return SER_OK;
}
