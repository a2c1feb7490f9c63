/* ser/stft.h - short-time Fourier transform, librosa 0.10 defaults.
 *
 * One STFT serves every spectral feature of a signal: compute the power
 * spectrogram |X|^2 once, derive the magnitude |X| by sqrt where a feature
 * needs it (spectral contrast, centroid, ...).
 *
 * Frame t is x_t[0..n_fft) = the samples described in ser/frames.h
 * (centre padding of n_fft/2 with zeros by default); then
 *   X_t[k] = sum_i w[i] x_t[i] exp(-2 pi i k / n_fft),  k = 0..n_fft/2,
 * with w the window of win_length samples centred in n_fft (librosa
 * pad_center).  For a power-of-two n_fft the window and the transform run in
 * double precision, as librosa's numpy.fft does (|X| agrees to ~1e-7
 * relative); other even sizes use kissfft in float (ser/fft.h), whose error
 * is about 1e-7 of the frame's largest bin in every bin.
 *
 * Streaming: ser_stft_frame_power takes n_fft contiguous samples, so a
 * caller holding a ring of samples gets the same frames as the whole-buffer
 * ser_stft_power by handing it each window of samples in turn (with n_fft/2
 * zeros before the first sample for center=true). */
#ifndef SER_STFT_H
#define SER_STFT_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/fft.h"
#include "ser/frames.h"
#include "ser/kernel.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_stft_config {
    size_t n_fft;           /* FFT size in samples, even (2048) */
    size_t hop_length;      /* samples between frame starts (512) */
    size_t win_length;      /* window length in samples, <= n_fft; 0 means n_fft (0) */
    ser_window_kind window; /* SER_WINDOW_HANN */
    bool periodic;          /* DFT-even window as scipy get_window(fftbins=True) (true) */
    bool center;            /* pad n_fft/2 on both sides, frame t centred on sample t*hop (true) */
    ser_pad_mode pad_mode;  /* SER_PAD_CONSTANT (zeros); SER_PAD_REFLECT = librosa <= 0.8 */
    ser_kernel kernel;      /* inner-loop build of the FFT, ser/kernel.h (SER_KERNEL_AUTO) */
} ser_stft_config;

ser_stft_config ser_stft_config_default(void);

typedef struct ser_stft ser_stft;

/* SER_ERR_ARG for an odd n_fft, hop 0 or win_length > n_fft;
 * SER_ERR_UNSUPPORTED for a kernel this CPU cannot run. */
ser_stft *ser_stft_create(const ser_stft_config *cfg, ser_status *err);
/* An STFT with its own work buffers over base's window and FFT tables
 * (ser_rfft64_create_shared): the same frames, bit for bit, for a fraction
 * of the memory (many live streams share one base).  base must outlive it;
 * base's tables are never written after create, so base may be in use by
 * another thread.  SER_ERR_ARG (NULL base), SER_ERR_NOMEM. */
ser_stft *ser_stft_create_shared(const ser_stft *base, ser_status *err);
void ser_stft_destroy(ser_stft *st);
const ser_stft_config *ser_stft_config_of(const ser_stft *st);

/* Number of frequency bins, n_fft/2 + 1. */
size_t ser_stft_n_bins(const ser_stft *st);
/* Number of frames for n samples (ser_frame_count with this config). */
size_t ser_stft_n_frames(const ser_stft *st, size_t n_samples);
/* The analysis window, n_fft doubles (zero outside the centred win_length). */
const double *ser_stft_window(const ser_stft *st);
/* Whether the transform runs in double precision (power-of-two n_fft). */
bool ser_stft_is_double(const ser_stft *st);

/* Power spectrum |X[k]|^2 of one frame: frame holds n_fft samples in
 * [-1, 1]; power receives n_bins values.  Never allocates. */
void ser_stft_frame_power(ser_stft *st, const float *frame, float *power);

/* Complex spectrum of one frame, interleaved (re, im), 2*n_bins doubles. */
void ser_stft_frame_complex(ser_stft *st, const float *frame, double *spectrum);

/* Power spectrogram of x[0..n): row-major (n_frames, n_bins), n_frames =
 * ser_stft_n_frames(st, n) (the caller's buffer must hold that many rows;
 * `n_frames` is checked).  SER_ERR_EMPTY when there is no frame.  Never
 * allocates. */
ser_status ser_stft_power(ser_stft *st, const float *x, size_t n, float *power, size_t n_frames);

/* Centre frequency of bin k in Hz: k * sample_rate / n_fft, exactly
 * sample_rate/2 for k = n_fft/2 (librosa fft_frequencies). */
double ser_fft_frequency(size_t k, double sample_rate, size_t n_fft);

/* mag[i] = sqrt(power[i]) for i < count (in place allowed). */
void ser_power_to_magnitude(const float *power, float *mag, size_t count);

#ifdef __cplusplus
}
#endif
#endif
