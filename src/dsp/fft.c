/* Real FFT on kissfft (float).  Both plans are built at create time. */
#include "ser/fft.h"

#include <math.h>
#include <stdlib.h>

#include <kiss_fftr.h>

struct ser_fft {
    size_t n;
    kiss_fftr_cfg forward;
    kiss_fftr_cfg inverse;
};

ser_fft *ser_fft_create(size_t n, ser_status *err)
{
    if (n < 2 || n % 2 != 0 || n > (1u << 28)) {
        if (err)
            *err = SER_ERR_ARG;
        return NULL;
    }
    ser_fft *f = calloc(1, sizeof *f);
    if (!f) {
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    f->n = n;
    f->forward = kiss_fftr_alloc((int)n, 0, NULL, NULL);
    f->inverse = kiss_fftr_alloc((int)n, 1, NULL, NULL);
    if (!f->forward || !f->inverse) {
        ser_fft_destroy(f);
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    if (err)
        *err = SER_OK;
    return f;
}

void ser_fft_destroy(ser_fft *fft)
{
    if (!fft)
        return;
    kiss_fftr_free(fft->forward);
    kiss_fftr_free(fft->inverse);
    free(fft);
}

size_t ser_fft_size(const ser_fft *fft) { return fft->n; }

void ser_fft_forward(ser_fft *fft, const float *in, float *out)
{
    kiss_fftr(fft->forward, in, (kiss_fft_cpx *)out);
}

void ser_fft_inverse(ser_fft *fft, const float *in, float *out)
{
    kiss_fftri(fft->inverse, (const kiss_fft_cpx *)in, out);
    float scale = 1.0f / (float)fft->n;
    for (size_t i = 0; i < fft->n; i++)
        out[i] *= scale;
}

void ser_window_fill(ser_window_kind kind, float *w, size_t n, bool periodic)
{
    if (n == 0)
        return;
    if (n == 1) {
        w[0] = 1.0f;
        return;
    }
    double denom = periodic ? (double)n : (double)(n - 1);
    for (size_t t = 0; t < n; t++) {
        double phase = 2.0 * M_PI * (double)t / denom;
        switch (kind) {
        case SER_WINDOW_HANN: w[t] = (float)(0.5 - 0.5 * cos(phase)); break;
        case SER_WINDOW_HAMMING: w[t] = (float)(0.54 - 0.46 * cos(phase)); break;
        case SER_WINDOW_RECT: w[t] = 1.0f; break;
        }
    }
}
