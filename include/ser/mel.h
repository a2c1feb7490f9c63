/* ser/mel.h - mel scale and mel filterbank (librosa.filters.mel).
 *
 * Slaney scale (htk=false, librosa default): linear below 1000 Hz,
 *   mel = f / (200/3); above, mel = 15 + ln(f / 1000) / (ln(6.4) / 27).
 * HTK scale: mel = 2595 log10(1 + f / 700).
 * Filterbank: n_mels + 2 points equally spaced in mel between fmin and fmax
 * (mel_f, in Hz); for FFT bin frequency f_k = k sr / n_fft,
 *   w[i][k] = max(0, min((f_k - mel_f[i]) / (mel_f[i+1] - mel_f[i]),
 *                        (mel_f[i+2] - f_k) / (mel_f[i+2] - mel_f[i+1])))
 * then with norm=slaney each row is scaled by 2 / (mel_f[i+2] - mel_f[i])
 * (constant area).  Weights are rounded to float32 as librosa stores them.
 * Each row is stored sparse (its nonzero run), so ser_mel_process costs
 * about 2 n_bins multiply-adds, accumulated in double. */
#ifndef SER_MEL_H
#define SER_MEL_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/kernel.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_mel_norm { SER_MEL_NORM_SLANEY = 0, SER_MEL_NORM_NONE = 1 } ser_mel_norm;

typedef struct ser_mel_config {
    double sample_rate; /* Hz (16000) */
    size_t n_fft;       /* FFT size; the filters span n_fft/2+1 bins (2048) */
    size_t n_mels;      /* number of bands (128) */
    double fmin;        /* lowest edge, Hz (0) */
    double fmax;        /* highest edge, Hz; <= 0 means sample_rate/2 (0) */
    bool htk;           /* HTK mel formula instead of Slaney (false) */
    ser_mel_norm norm;  /* SER_MEL_NORM_SLANEY */
    ser_kernel kernel;  /* inner-loop build, ser/kernel.h (SER_KERNEL_AUTO) */
} ser_mel_config;

ser_mel_config ser_mel_config_default(void);

/* Hz <-> mel on the Slaney (htk=false) or HTK scale. */
double ser_hz_to_mel(double hz, bool htk);
double ser_mel_to_hz(double mel, bool htk);

typedef struct ser_mel ser_mel;

/* SER_ERR_ARG for bad values, SER_ERR_UNSUPPORTED for a kernel this CPU
 * cannot run. */
ser_mel *ser_mel_create(const ser_mel_config *cfg, ser_status *err);
void ser_mel_destroy(ser_mel *mel);
size_t ser_mel_n_mels(const ser_mel *mel);
size_t ser_mel_n_bins(const ser_mel *mel);

/* The n_mels + 2 band edges mel_f in Hz. */
const double *ser_mel_band_edges(const ser_mel *mel);

/* Weights of band i: *count float weights for bins first_bin.. (all other
 * bins are zero; *count may be 0 for an empty band). */
const float *ser_mel_band(const ser_mel *mel, size_t band, size_t *first_bin, size_t *count);

/* mel[i] = sum_k w[i][k] power[k]: power has n_bins values (|X|^2), mel
 * n_mels.  Never allocates. */
void ser_mel_process(const ser_mel *mel, const float *power, float *out);

#ifdef __cplusplus
}
#endif
#endif
