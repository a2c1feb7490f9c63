/* Tuning estimation: piptrack peaks, median selection, residual histogram
 * (see include/ser/tuning.h). */
#include "ser/tuning.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "ser/stft.h"
#include "ser/util.h"

struct ser_tuning {
    ser_tuning_config cfg;
    size_t n_bins;
    size_t k_lo, k_hi;  /* candidate bins [k_lo, k_hi): fmin <= f_k < fmax */
    float *pitch;       /* collected peaks */
    float *mag;
    float *scratch;     /* for the median */
    uint32_t *cand;     /* peak bins of one frame, k_hi - k_lo */
    float *masked;      /* masked spectrum over [k_lo - 1, k_hi] */
    size_t n_peaks, cap;
    size_t n_hist;      /* histogram bins */
    size_t *hist;
};

ser_tuning_config ser_tuning_config_default(void)
{
    ser_tuning_config c;
    c.sample_rate = 16000.0;
    c.n_fft = 2048;
    c.fmin = 150.0;
    c.fmax = 4000.0;
    c.threshold = 0.1;
    c.resolution = 0.01;
    c.bins_per_octave = 12;
    return c;
}

ser_tuning *ser_tuning_create(const ser_tuning_config *cfg, ser_status *err)
{
    ser_status st = SER_ERR_ARG;
    ser_tuning *t = NULL;
    if (!cfg || !(cfg->sample_rate > 0) || cfg->n_fft < 2 || cfg->fmin < 0 || !(cfg->resolution > 0)
        || cfg->resolution > 1 || cfg->bins_per_octave == 0 || cfg->threshold < 0)
        goto fail;
    st = SER_ERR_NOMEM;
    t = calloc(1, sizeof *t);
    if (!t)
        goto fail;
    t->cfg = *cfg;
    t->n_bins = cfg->n_fft / 2 + 1;
    double fmax = fmin(cfg->fmax, cfg->sample_rate / 2.0);
    t->k_lo = t->n_bins;
    t->k_hi = 0;
    for (size_t k = 0; k < t->n_bins; k++) {
        double f = ser_fft_frequency(k, cfg->sample_rate, cfg->n_fft);
        if (cfg->fmin <= f && f < fmax) {
            if (t->k_lo == t->n_bins)
                t->k_lo = k;
            t->k_hi = k + 1;
        }
    }
    if (t->k_lo == t->n_bins)
        t->k_lo = t->k_hi = 0;
    t->n_hist = (size_t)ceil(1.0 / cfg->resolution);
    t->hist = ser_calloc_array(t->n_hist, sizeof *t->hist);
    t->cand = ser_alloc_array(t->k_hi - t->k_lo + 1, sizeof *t->cand);
    t->masked = ser_alloc_array(t->k_hi - t->k_lo + 2, sizeof *t->masked);
    if (!t->hist || !t->cand || !t->masked)
        goto fail;
    if (err)
        *err = SER_OK;
    return t;
fail:
    ser_tuning_destroy(t);
    if (err)
        *err = st;
    return NULL;
}

void ser_tuning_destroy(ser_tuning *tuning)
{
    if (!tuning)
        return;
    free(tuning->pitch);
    free(tuning->mag);
    free(tuning->scratch);
    free(tuning->cand);
    free(tuning->masked);
    free(tuning->hist);
    free(tuning);
}

void ser_tuning_reset(ser_tuning *tuning) { tuning->n_peaks = 0; }

static ser_status reserve(ser_tuning *t, size_t extra)
{
    size_t need;
    if (!ser_size_add(t->n_peaks, extra, &need))
        return SER_ERR_OVERFLOW;
    if (need <= t->cap)
        return SER_OK;
    size_t cap = t->cap ? t->cap : 1024;
    while (cap < need)
        if (!ser_size_mul(cap, 2, &cap))
            return SER_ERR_OVERFLOW;
    size_t bytes;
    if (!ser_size_mul(cap, sizeof(float), &bytes))
        return SER_ERR_OVERFLOW;
    float *p = realloc(t->pitch, bytes);
    if (!p)
        return SER_ERR_NOMEM;
    t->pitch = p;
    float *m = realloc(t->mag, bytes);
    if (!m)
        return SER_ERR_NOMEM;
    t->mag = m;
    float *c = realloc(t->scratch, bytes);
    if (!c)
        return SER_ERR_NOMEM;
    t->scratch = c;
    t->cap = cap;
    return SER_OK;
}


/* out[i] = x[i] if x[i] > ref else 0 (librosa: S * (S > ref)), for
 * x >= 0 and ref >= 0, where the IEEE bit patterns order as the values:
 * integer operations without branches, which compilers vectorise. */
static void mask_above(const float *restrict x, size_t n, float ref, float *restrict out)
{
    uint32_t r;
    memcpy(&r, &ref, sizeof r);
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &x[i], sizeof u);
        u &= 0u - (uint32_t)(u > r);
        memcpy(&out[i], &u, sizeof u);
    }
}

ser_status ser_tuning_add_frame(ser_tuning *tuning, const float *power)
{
    ser_tuning *t = tuning;
    const float *S = power;
    size_t nb = t->n_bins;
    if (t->k_hi <= t->k_lo)
        return SER_OK;
    /* at most one peak per two candidate bins, plus one */
    ser_status st = reserve(t, (t->k_hi - t->k_lo) / 2 + 1);
    if (st != SER_OK)
        return st;
    float m0 = S[0], m1 = S[0], m2 = S[0], m3 = S[0]; /* four chains */
    size_t k = 0;
#if defined(__SSE__)
    { /* the four chains as the lanes of a vector: _mm_max_ps(a, b) is a > b ? a : b */
        __m128 m = _mm_set1_ps(S[0]);
        for (; k + 4 <= nb; k += 4)
            m = _mm_max_ps(_mm_loadu_ps(S + k), m);
        float lanes[4];
        _mm_storeu_ps(lanes, m);
        m0 = lanes[0];
        m1 = lanes[1];
        m2 = lanes[2];
        m3 = lanes[3];
    }
#endif
    for (; k + 4 <= nb; k += 4) {
        m0 = S[k] > m0 ? S[k] : m0;
        m1 = S[k + 1] > m1 ? S[k + 1] : m1;
        m2 = S[k + 2] > m2 ? S[k + 2] : m2;
        m3 = S[k + 3] > m3 ? S[k + 3] : m3;
    }
    for (; k < nb; k++)
        m0 = S[k] > m0 ? S[k] : m0;
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    float mx = m2 > m0 ? m2 : m0;
    float ref = (float)((double)(float)t->cfg.threshold * (double)mx);
    /* Peaks of the masked spectrum S (S > ref), gathered without
     * data-dependent branches (a spectrum is noise to a branch predictor):
     * mk[i] is the masked value of bin k_lo - 1 + i, clamped at the ends
     * (librosa's localmax pads with the edge values). */
    size_t span = t->k_hi - t->k_lo;
    float *mk = t->masked;
    mask_above(S + t->k_lo, span, ref, mk + 1);
    /* bin 0 has no left neighbour (x > x is false), the last bin no right
     * one (x >= x is true) */
    if (t->k_lo == 0)
        mk[0] = mk[1];
    else
        mask_above(S + t->k_lo - 1, 1, ref, mk);
    if (t->k_hi == nb)
        mk[span + 1] = mk[span];
    else
        mask_above(S + t->k_hi, 1, ref, mk + span + 1);
    size_t nc = 0, i = 1;
#if defined(__SSE__)
    /* four bins per step: the same three comparisons (_mm_cmpgt_ps and
     * _mm_cmpge_ps are C's > and >=), peaks listed in the same order */
    const __m128 zero = _mm_setzero_ps();
    for (; i + 3 <= span; i += 4) {
        __m128 c = _mm_loadu_ps(mk + i), l = _mm_loadu_ps(mk + i - 1), r = _mm_loadu_ps(mk + i + 1);
        int bits = _mm_movemask_ps(_mm_and_ps(_mm_and_ps(_mm_cmpgt_ps(c, zero), _mm_cmpgt_ps(c, l)),
                                              _mm_cmpge_ps(c, r)));
        if (!bits) /* the usual case: peaks above the threshold are few */
            continue;
        for (int b = 0; b < 4; b++) {
            t->cand[nc] = (uint32_t)(t->k_lo + i + (size_t)b - 1);
            nc += (size_t)((bits >> b) & 1);
        }
    }
#endif
    for (; i <= span; i++) {
        t->cand[nc] = (uint32_t)(t->k_lo + i - 1);
        nc += (mk[i] > 0.0f) & (mk[i] > mk[i - 1]) & (mk[i] >= mk[i + 1]);
    }
    for (size_t c = 0; c < nc; c++) {
        k = t->cand[c];
        /* parabolic shift and gradient (interior bins; 0 / one-sided at the edges) */
        float shift = 0.0f, avg;
        if (k > 0 && k + 1 < nb) {
            float s1 = S[k + 1] + S[k - 1];
            double a = (double)s1 - 2.0 * (double)S[k];
            double b = (double)(S[k + 1] - S[k - 1]) / 2.0;
            shift = fabs(b) >= fabs(a) ? 0.0f : (float)(-b / a);
            avg = (S[k + 1] - S[k - 1]) / 2.0f;
        } else {
            avg = k == 0 ? S[1] - S[0] : S[k] - S[k - 1];
        }
        float dskew = 0.5f * avg * shift;
        float pitch = (float)(((double)k + (double)shift) * t->cfg.sample_rate / (double)t->cfg.n_fft);
        if (!(pitch > 0.0f))
            continue;
        t->pitch[t->n_peaks] = pitch;
        t->mag[t->n_peaks] = S[k] + dskew;
        t->n_peaks++;
    }
    return SER_OK;
}

/* k-th smallest of v[0..n) (reorders v): quickselect with a three-way
 * partition, so runs of equal values cost nothing extra. */
static float select_kth(float *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n; /* search in v[lo, hi) */
    for (;;) {
        if (hi - lo <= 1)
            return v[lo];
        float a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
        float pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        /* two branch-free passes (magnitudes are noise to a branch
         * predictor): [lo,lt) < pivot, then [lt,gt) == pivot, [gt,hi) > pivot */
        size_t lt = lo;
        for (size_t i = lo; i < hi; i++) {
            float x = v[i];
            size_t less = x < pivot;
            v[i] = v[lt];
            v[lt] = x;
            lt += less;
        }
        if (k < lt) {
            hi = lt;
            continue;
        }
        size_t gt = lt;
        for (size_t i = lt; i < hi; i++) {
            float x = v[i];
            size_t same = !(x > pivot);
            v[i] = v[gt];
            v[gt] = x;
            gt += same;
        }
        if (k < gt)
            return pivot;
        lo = gt;
    }
}

ser_status ser_tuning_estimate(ser_tuning *tuning, double *estimate, ser_tuning_stats *stats)
{
    ser_tuning *t = tuning;
    if (!t || !estimate)
        return SER_ERR_ARG;
    size_t n = t->n_peaks;
    ser_tuning_stats s = {n, 0.0, 0};
    *estimate = 0.0;
    if (n == 0) {
        if (stats)
            *stats = s;
        return SER_OK;
    }
    /* numpy.median of float32: the middle value, or the float32 mean of the
     * two middle values. */
    memcpy(t->scratch, t->mag, n * sizeof *t->scratch);
    float threshold;
    if (n % 2) {
        threshold = select_kth(t->scratch, n, n / 2);
    } else {
        float hi = select_kth(t->scratch, n, n / 2);
        float lo = t->scratch[0]; /* the largest of the lower half */
        for (size_t i = 1; i < n / 2; i++)
            if (t->scratch[i] > lo)
                lo = t->scratch[i];
        threshold = (lo + hi) / 2.0f;
    }
    s.median_mag = threshold;
    /* Residual histogram over [-0.5, 0.5]: edge i = i * (1/n_hist) - 0.5
     * (numpy.linspace); bin i holds edge[i] <= r < edge[i+1]. */
    size_t nh = t->n_hist;
    double step = 1.0 / (double)nh;
    memset(t->hist, 0, nh * sizeof *t->hist);
    const float bpo = (float)t->cfg.bins_per_octave;
    for (size_t i = 0; i < n; i++) {
        if (!(t->mag[i] >= threshold))
            continue;
        s.n_selected++;
        float octs = log2f(t->pitch[i] / 27.5f);
        float y = bpo * octs;
        float r = y - floorf(y); /* numpy.mod(y, 1.0), exact for float32 y */
        if (r >= 1.0f)
            r -= 1.0f;
        if (r >= 0.5f)
            r -= 1.0f;
        double rd = (double)r;
        long long b = (long long)floor((rd + 0.5) / step);
        if (b < 0)
            b = 0;
        if (b > (long long)nh - 1)
            b = (long long)nh - 1;
        /* settle against the exact edges */
        while (b > 0 && rd < (double)b * step - 0.5)
            b--;
        while (b + 1 < (long long)nh && rd >= (double)(b + 1) * step - 0.5)
            b++;
        t->hist[b]++;
    }
    size_t best = 0;
    for (size_t i = 1; i < nh; i++)
        if (t->hist[i] > t->hist[best])
            best = i;
    *estimate = (double)best * step - 0.5;
    if (stats)
        *stats = s;
    return SER_OK;
}

ser_status ser_tuning_estimate_spectrogram(ser_tuning *tuning, const float *power, size_t n_frames,
                                           double *estimate, ser_tuning_stats *stats)
{
    if (!tuning || (!power && n_frames))
        return SER_ERR_ARG;
    ser_tuning_reset(tuning);
    for (size_t f = 0; f < n_frames; f++) {
        ser_status st = ser_tuning_add_frame(tuning, power + f * tuning->n_bins);
        if (st != SER_OK)
            return st;
    }
    return ser_tuning_estimate(tuning, estimate, stats);
}
