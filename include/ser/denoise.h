/* ser/denoise.h - spectral-gating noise reduction, as noisereduce 3.0.3
 * (timsainb/noisereduce, numpy/scipy path) computes it.
 *
 * Signals are mono float samples, nominally in [-1, 1]; the output has as
 * many samples as the input.  Frequencies in Hz, times in seconds or
 * milliseconds as named, lengths in samples.
 *
 * Algorithm (noisereduce.reduce_noise):
 *   The input is cut into chunks of chunk_size samples (one chunk when the
 *   input is not longer); each chunk is read with `padding` samples of
 *   context on both sides (zeros beyond the signal), filtered alone, and its
 *   centre kept.  A chunk's STFT is scipy.signal.stft's: periodic Hann of
 *   win_length at the start of an n_fft frame, boundary zero-padding of
 *   win_length/2 on both ends, hop_length between frames, no end padding
 *   (padded=False), bins scaled by 1/sum(window).
 *   Stationary: the noise clip (the input itself unless one is set, cut to
 *     its first chunk_size samples when clip_noise_stationary) gives, per
 *     frequency bin, the mean and standard deviation over frames of
 *     20*log10(|X| + DBL_EPSILON) floored at (that bin's maximum - 80 dB);
 *     threshold = mean + n_std_thresh_stationary * std.  A chunk's mask is
 *     1 where its dB spectrogram (same floor, over the chunk) exceeds the
 *     threshold, else 0, mapped through m*prop_decrease + (1-prop_decrease),
 *     then smoothed.
 *   Non-stationary: per bin, |X| over time is smoothed by a forward-backward
 *     first-order IIR (scipy filtfilt, padtype None) with coefficient
 *     b = (sqrt(1 + 4 t^2) - 1) / (2 t^2), t = time_constant_s*sr/hop; the
 *     mask is sigmoid(((|X| - S)/S - thresh_n_mult_nonstationary) *
 *     sigmoid_slope_nonstationary), smoothed, then mapped through
 *     m*prop_decrease + (1-prop_decrease).
 *   Smoothing: 2-D 'same' convolution with the normalised outer product of
 *   two triangles of half-widths n_grad_freq = int(freq_mask_smooth_hz /
 *   (sr / (n_fft/2))) bins and n_grad_time = int(time_mask_smooth_ms /
 *   (1000*hop/sr)) frames (at the defaults and 22050 Hz: 11 bins, 4 frames).
 *   The masked STFT is inverted with scipy.signal.istft's overlap-add
 *   (ser/istft.h).
 *
 * Deviations, each documented and tested:
 *   - FFTs are single precision (kissfft); the rest of the maths is double.
 *     Against noisereduce's float64 output on the shared 22050 Hz speech
 *     vector: see tests/audio/test_denoise_golden.c for the tolerance.
 *   - Non-stationary: a bin whose smoothed magnitude S is 0 (a frequency
 *     with no energy anywhere in the chunk, e.g. all-zero input) gets mask
 *     0; noisereduce divides 0/0 there and returns NaN for the whole chunk.
 *   - Inputs with NaN or Inf are rejected (SER_ERR_NONFINITE).
 *   - Mono only: for several channels call once per channel (noisereduce's
 *     stationary noise clip is the channel mean; pass it to
 *     ser_denoise_set_noise to reproduce that).
 *   - A chunk (input + 2*padding) shorter than win_length and a noise clip
 *     no longer than win_length - hop_length samples return SER_ERR_ARG, as
 *     noisereduce (scipy) raises there; a noise clip shorter than
 *     win_length uses a window of the clip's length, as scipy does.
 *
 * Typical use:
 *   ser_denoise_config cfg = ser_denoise_config_default();
 *   cfg.sample_rate = 22050;
 *   ser_denoise *dn = ser_denoise_create(&cfg, &status, &error);
 *   ser_denoise_process(dn, in, n, out, &error);
 *   ser_denoise_destroy(dn);
 * or the one-call ser_denoise_buffer(). */
#ifndef SER_DENOISE_H
#define SER_DENOISE_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_denoise_mode {
    SER_DENOISE_NONSTATIONARY = 0, /* noisereduce default (stationary=False) */
    SER_DENOISE_STATIONARY = 1     /* stationary=True */
} ser_denoise_mode;

typedef struct ser_denoise_config {
    double sample_rate;                  /* Hz, > 0 (default 16000, the analysis rate) */
    ser_denoise_mode mode;               /* default SER_DENOISE_NONSTATIONARY */
    double prop_decrease;                /* 1.0: share of the noise removed, in [0, 1] */
    double time_constant_s;              /* 2.0 s: non-stationary noise-floor time constant, > 0 */
    double freq_mask_smooth_hz;          /* 500 Hz: mask smoothing across frequency; 0 = none (None) */
    double time_mask_smooth_ms;          /* 50 ms: mask smoothing across time; 0 = none (None) */
    double thresh_n_mult_nonstationary;  /* 2: sigmoid centre, in multiples above the noise floor */
    double sigmoid_slope_nonstationary;  /* 10: sigmoid slope */
    double n_std_thresh_stationary;      /* 1.5: stationary threshold in standard deviations (dB) */
    bool clip_noise_stationary;          /* true: use only the first chunk_size samples of the noise clip */
    size_t chunk_size;                   /* 600000 samples per chunk; 0 = whole input at once (None) */
    size_t padding;                      /* 30000 samples of context on each side of a chunk */
    size_t n_fft;                        /* 1024 samples; even */
    size_t win_length;                   /* 0 = n_fft; 1..n_fft samples */
    size_t hop_length;                   /* 0 = win_length/4; 1..win_length samples */
    size_t max_input_samples;            /* longest input process() accepts; 0 = any length
                                            (needs chunk_size > 0; buffers then hold one full
                                            chunk: about 21 MB at the defaults) */
} ser_denoise_config;

/* noisereduce 3.0.3's reduce_noise() defaults, sample_rate 16000 Hz. */
ser_denoise_config ser_denoise_config_default(void);

/* SER_OK, or SER_ERR_ARG with the offending knob named in *err (NULL
 * allowed), e.g. a smoothing width below one bin or frame, which
 * noisereduce also rejects. */
ser_status ser_denoise_config_check(const ser_denoise_config *cfg, ser_error *err);

typedef struct ser_denoise ser_denoise;

/* NULL with *err = SER_ERR_ARG (invalid config; detail in *detail) or
 * SER_ERR_NOMEM.  err and detail may be NULL.  All buffers are sized here. */
ser_denoise *ser_denoise_create(const ser_denoise_config *cfg, ser_status *err, ser_error *detail);
void ser_denoise_destroy(ser_denoise *dn);

/* Stationary mode only (else SER_ERR_STATE): estimate the noise threshold
 * from a separate noise clip (noisereduce's y_noise) and use it for every
 * later process call; noise == NULL with n == 0 goes back to using each
 * input as its own noise clip.  Never allocates. */
ser_status ser_denoise_set_noise(ser_denoise *dn, const float *noise, size_t n, ser_error *err);

/* Denoise in[0..n) into out[0..n).  out may equal in (in-place); otherwise
 * the two must not overlap.  n == 0 does nothing.  SER_ERR_ARG when n
 * exceeds max_input_samples, SER_ERR_NONFINITE on NaN/Inf input.  Never
 * allocates; one object serves one thread at a time. */
ser_status ser_denoise_process(ser_denoise *dn, const float *in, size_t n, float *out, ser_error *err);

/* One call: create (max_input_samples = n), process, destroy. */
ser_status ser_denoise_buffer(const ser_denoise_config *cfg, const float *in, size_t n, float *out, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
