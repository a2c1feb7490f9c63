/* ser/fft.h - real FFT (kissfft, float) and analysis windows.
 *
 * A ser_fft object owns its twiddle tables (computed at create time);
 * ser_fft_forward / ser_fft_inverse never allocate.  Complex spectra are
 * interleaved floats (re, im), n/2+1 bins for an n-point transform. */
#ifndef SER_FFT_H
#define SER_FFT_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_fft ser_fft;

/* n must be even and >= 2.  Returns NULL and sets *err on failure. */
ser_fft *ser_fft_create(size_t n, ser_status *err);
void ser_fft_destroy(ser_fft *fft);
size_t ser_fft_size(const ser_fft *fft);

/* in: n real samples; out: n/2+1 complex bins (2*(n/2+1) floats).
 * Unnormalised: X[k] = sum_t x[t] exp(-2 pi i k t / n) (numpy.fft.rfft). */
void ser_fft_forward(ser_fft *fft, const float *in, float *out);

/* in: n/2+1 complex bins; out: n real samples, scaled by 1/n so that
 * inverse(forward(x)) == x (numpy.fft.irfft). */
void ser_fft_inverse(ser_fft *fft, const float *in, float *out);

typedef enum ser_window_kind { SER_WINDOW_HANN = 0, SER_WINDOW_HAMMING = 1, SER_WINDOW_RECT = 2 } ser_window_kind;

/* Fill w[0..n) with a window.  periodic=true gives the DFT-even window
 * (scipy.signal.get_window(..., fftbins=True), librosa's default):
 * hann[t] = 0.5 - 0.5 cos(2 pi t / n).  periodic=false is symmetric
 * (denominator n-1). */
void ser_window_fill(ser_window_kind kind, float *w, size_t n, bool periodic);

#ifdef __cplusplus
}
#endif
#endif
