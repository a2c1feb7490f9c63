/* Harmonics-to-noise ratio, autocorrelation method (see hnr.h). */
#include "dsp/hnr.h"

#include <math.h>
#include <stdlib.h>

#include "ser/fft.h"
#include "ser/util.h"

/* Autocorrelation of buf[0..L) (zero-padded to nfft >= 2L in place) into
 * r[0..L/2]: |FFT|^2 then inverse FFT. */
static void autocorrelation(ser_fft *fft, float *buf, float *spec, size_t nfft, float *corr)
{
    ser_fft_forward(fft, buf, spec);
    for (size_t k = 0; k <= nfft / 2; k++) {
        float re = spec[2 * k], im = spec[2 * k + 1];
        spec[2 * k] = re * re + im * im;
        spec[2 * k + 1] = 0.0f;
    }
    ser_fft_inverse(fft, spec, corr);
}

double ser__hnr_db(double r)
{
    r = r < 1e-10 ? 1e-10 : r > 1.0 - 1e-10 ? 1.0 - 1e-10 : r;
    return 10.0 * log10(r / (1.0 - r));
}

ser_status ser__hnr_frames(const float *x, size_t n, double sr, const double *f0,
                           const bool *voiced, size_t n_frames, size_t hop, size_t centre_offset,
                           size_t window_length, double period_factor, double *r_out)
{
    for (size_t t = 0; r_out && t < n_frames; t++)
        r_out[t] = NAN;
    if (!r_out || !x || !f0 || !voiced || window_length < 4 || window_length % 2 || hop == 0 ||
        !(period_factor > 1.0))
        return SER_ERR_ARG;
    const size_t L = window_length, nfft = 2 * L, maxlag = L / 2;
    ser_status st;
    ser_fft *fft = ser_fft_create(nfft, &st);
    float *win = ser_alloc_array(L, sizeof(float));
    float *frame = ser_alloc_array(L, sizeof(float));
    float *buf = ser_alloc_array(nfft, sizeof(float));
    float *spec = ser_alloc_array(nfft / 2 + 1, 2 * sizeof(float));
    float *corr = ser_alloc_array(nfft, sizeof(float));
    double *rw = ser_alloc_array(maxlag + 1, sizeof(double));
    if (!fft || !win || !frame || !buf || !spec || !corr || !rw) {
        st = SER_ERR_NOMEM;
        goto done;
    }
    ser_window_fill(SER_WINDOW_HANN, win, L, true);
    for (size_t i = 0; i < nfft; i++)
        buf[i] = i < L ? win[i] : 0.0f;
    autocorrelation(fft, buf, spec, nfft, corr);
    for (size_t k = 0; k <= maxlag; k++)
        rw[k] = (double)corr[k] / (double)corr[0];

    for (size_t t = 0; t < n_frames; t++) {
        if (!voiced[t] || !isfinite(f0[t]) || !(f0[t] > 0.0))
            continue;
        double T = sr / f0[t];
        double lo_d = ceil(T / period_factor), hi_d = floor(T * period_factor);
        size_t lo = lo_d < 1.0 ? 1 : (size_t)lo_d;
        size_t hi = hi_d > (double)(maxlag - 1) ? maxlag - 1 : (size_t)hi_d;
        if (lo > hi)
            continue;
        long long start = (long long)(t * hop + centre_offset) - (long long)(L / 2);
        for (size_t i = 0; i < L; i++) {
            long long s = start + (long long)i;
            frame[i] = s >= 0 && s < (long long)n ? x[s] : 0.0f;
        }
        double mean = 0.0;
        for (size_t i = 0; i < L; i++)
            mean += frame[i];
        mean /= (double)L;
        for (size_t i = 0; i < nfft; i++)
            buf[i] = i < L ? (float)(((double)frame[i] - mean) * win[i]) : 0.0f;
        autocorrelation(fft, buf, spec, nfft, corr);
        if (!(corr[0] > 0.0f))
            continue;
        double r0 = corr[0];
        size_t best = lo;
        double rb = -INFINITY;
        for (size_t k = lo; k <= hi; k++) {
            double r = (double)corr[k] / r0 / rw[k];
            if (r > rb) {
                rb = r;
                best = k;
            }
        }
        /* parabolic refinement of the peak height */
        double a = (double)corr[best - 1] / r0 / rw[best - 1];
        double c = (double)corr[best + 1] / r0 / rw[best + 1];
        double denom = a - 2.0 * rb + c;
        if (denom < 0.0) {
            double off = 0.5 * (a - c) / denom;
            if (fabs(off) <= 1.0)
                rb = rb - 0.25 * (a - c) * off;
        }
        r_out[t] = rb;
    }
    st = SER_OK;
done:
    ser_fft_destroy(fft);
    free(win);
    free(frame);
    free(buf);
    free(spec);
    free(corr);
    free(rw);
    return st;
}
