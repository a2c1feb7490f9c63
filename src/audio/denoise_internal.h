/* Private state and helpers of the spectral-gating denoiser
 * (ser/denoise.h).  Spectrogram buffers are frame-major: frame k, bin f at
 * [k * n_bins + f] (complex values as two floats). */
#ifndef SER_AUDIO_DENOISE_INTERNAL_H
#define SER_AUDIO_DENOISE_INTERNAL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "ser/denoise.h"
#include "ser/fft.h"
#include "ser/istft.h"

/* scipy.signal.stft framing of one signal: window of nperseg samples at
 * the start of an n_fft frame, frames every step samples over the signal
 * zero-extended by half = nperseg/2 samples at both ends, no end padding. */
typedef struct ser__dn_framing {
    size_t nperseg;
    size_t step;
    size_t half;
    const float *window;   /* nperseg samples */
    float inv_window_sum;  /* 1 / sum(window): scaling='spectrum' */
} ser__dn_framing;

struct ser_denoise {
    ser_denoise_config cfg; /* win_length and hop_length resolved */
    size_t n_bins;          /* n_fft/2 + 1 */
    ser_fft *fft;
    ser_istft *istft;
    float *window;       /* win_length: periodic Hann */
    float *short_window; /* win_length: window of a noise clip shorter than win_length */
    float *frame;        /* n_fft: one windowed frame */
    float *bins;         /* 2 * n_bins: one frame's spectrum */
    double *per_bin;     /* 3 * n_bins: per-bin scratch (maxima, sums, IIR state) */

    /* stationary threshold (dB per bin) and whether it came from set_noise */
    double *threshold;
    bool noise_set;

    /* mask smoothing: triangles of half-width n_grad_freq (bins) and
     * n_grad_time (frames); the 2-D kernel is their outer product / kernel_sum */
    bool smooth;
    size_t n_grad_freq, n_grad_time;
    double *kernel_freq; /* 2*n_grad_freq + 1 */
    double *kernel_time; /* 2*n_grad_time + 1 */
    double kernel_sum;
    double *ring;        /* (2*n_grad_time + 1) * n_bins: frequency-smoothed rows */
    double *row;         /* 2*n_bins + 3*n_grad_freq: a zero-extended mask row and its box sums */

    /* one chunk (input plus padding on both sides) and its spectrogram */
    size_t max_chunk;  /* samples */
    size_t max_frames;
    float *chunk;      /* max_chunk samples */
    float *spec;       /* max_frames * 2 * n_bins */
    double *mask;      /* max_frames * n_bins */
};

/* Config: validated copy with win_length/hop_length resolved and the
 * smoothing half-widths (0 when that axis is not smoothed). */
ser_status ser__denoise_resolve(const ser_denoise_config *cfg, ser_denoise_config *out, size_t *n_grad_freq,
                                size_t *n_grad_time, ser_error *err);

/* Framing: the chunk framing (win_length, hop_length) and frame counts. */
ser__dn_framing ser__dn_chunk_framing(const ser_denoise *dn);
size_t ser__dn_frame_count(const ser__dn_framing *fr, size_t len);

/* Spectrum of frame k of x[0..len) into out (n_bins complex).  Returns
 * false, with out zeroed and no FFT run, when the frame is all zeros. */
bool ser__dn_frame_spectrum(ser_denoise *dn, const ser__dn_framing *fr, const float *x, size_t len, size_t k,
                            float *out);

/* |X| of bin f of a spectrum, in double. */
static inline double ser__dn_magnitude(const float *bins, size_t f)
{
    double re = bins[2 * f], im = bins[2 * f + 1];
    return sqrt(re * re + im * im);
}

/* Stationary: dn->threshold from a noise clip (SER_ERR_ARG when too short). */
ser_status ser__dn_noise_threshold(ser_denoise *dn, const float *noise, size_t n, ser_error *err);

/* Raw masks of frames [r_lo, r_hi] of a chunk spectrogram of n_frames
 * frames in dn->spec, into dn->mask.  Stationary: prop_decrease applied
 * (noisereduce applies it before smoothing).  Non-stationary: the sigmoid
 * only; dn->mask rows outside [r_lo, r_hi] are left as scratch. */
void ser__dn_stationary_mask(ser_denoise *dn, size_t n_frames, size_t r_lo, size_t r_hi);
void ser__dn_nonstationary_mask(ser_denoise *dn, size_t n_frames, size_t r_lo, size_t r_hi);

/* Smoothing kernel triangle of half-width n: 2n+1 values (numpy linspace). */
void ser__dn_triangle(size_t n, double *out);

/* Smooth mask rows: reads raw rows [r_lo, r_hi] (rows outside count as
 * zero, scipy fftconvolve mode='same'), writes smoothed rows [k_lo, k_hi]
 * in place; requires r_lo <= k_lo - n_grad_time (or 0) and r_hi >=
 * min(n_frames - 1, k_hi + n_grad_time). */
void ser__dn_smooth_mask(ser_denoise *dn, size_t r_lo, size_t r_hi, size_t k_lo, size_t k_hi);

#endif
