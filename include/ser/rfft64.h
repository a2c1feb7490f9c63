/* ser/rfft64.h - double-precision real FFT for power-of-two sizes.
 *
 * The spectral features must match librosa, which transforms in float64
 * (numpy.fft.rfft).  A float FFT (kissfft, ser/fft.h) leaves an error of
 * about 1e-7 of the frame's largest bin in every bin, which swamps the deep
 * valleys that spectral contrast measures (up to 2% error on a pure tone).
 * This transform keeps that error near 1e-16.
 *
 * A plan owns its twiddle tables and a work buffer (both made at create
 * time); ser_rfft64_forward never allocates.  Because of the work buffer a
 * plan must not be used by two threads at once.  Plans for many streams
 * share one set of tables: ser_rfft64_create_shared gives a plan with its
 * own work buffer (about 34 KB at n = 2048) over base's twiddle tables
 * (about 36 KB), which are never written after create. */
#ifndef SER_RFFT64_H
#define SER_RFFT64_H

#include <stddef.h>

#include "ser/kernel.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_rfft64 ser_rfft64;

/* n: transform size, a power of two >= 2 (SER_ERR_ARG otherwise).
 * ser_rfft64_create uses SER_KERNEL_AUTO; a kernel the CPU cannot run
 * gives SER_ERR_UNSUPPORTED (see ser/kernel.h; all give the same bits). */
ser_rfft64 *ser_rfft64_create(size_t n, ser_status *err);
ser_rfft64 *ser_rfft64_create_kernel(size_t n, ser_kernel kernel, ser_status *err);
/* The kernel in use: SER_KERNEL_PLAIN or SER_KERNEL_AVX2. */
ser_kernel ser_rfft64_kernel_of(const ser_rfft64 *plan);
/* A plan with its own work buffer over base's twiddle tables (same size,
 * kernel and bits); base must outlive it and may itself be in use by
 * another thread.  SER_ERR_ARG (NULL base), SER_ERR_NOMEM. */
ser_rfft64 *ser_rfft64_create_shared(const ser_rfft64 *base, ser_status *err);
void ser_rfft64_destroy(ser_rfft64 *plan);
size_t ser_rfft64_size(const ser_rfft64 *plan);

/* True when n is a power of two >= 2. */
int ser_rfft64_size_ok(size_t n);

/* in: n real samples; out: n/2+1 complex bins, interleaved (re, im), so
 * 2*(n/2+1) doubles.  Unnormalised: X[k] = sum_t x[t] exp(-2 pi i k t / n),
 * as numpy.fft.rfft.  in and out must not overlap. */
void ser_rfft64_forward(ser_rfft64 *plan, const double *in, double *out);

/* Fused for the STFT: power[k] = |X[k]|^2 (n/2+1 floats) of the
 * transform of x[t] * window[t] (n floats, n doubles).  The products and
 * the transform run in double; only the power is rounded to float. */
void ser_rfft64_power_windowed(ser_rfft64 *plan, const float *x, const double *window, float *power);

#ifdef __cplusplus
}
#endif
#endif
