/* ser/chroma.h - chromagram from a power spectrogram (librosa.feature.chroma_stft
 * with librosa.filters.chroma).
 *
 * Filterbank (n_chroma, n_fft/2+1), computed in double, stored as float32:
 *   f_k = k sr / n_fft; frq[k] = n_chroma log2(f_k / (440 2^(tuning/n_chroma) / 16))
 *   for k >= 1, frq[0] = frq[1] - 1.5 n_chroma;
 *   width[k] = max(frq[k+1] - frq[k], 1);
 *   D = ((frq[k] - c + n_chroma/2 + 10 n_chroma) mod n_chroma) - n_chroma/2;
 *   w[c][k] = exp(-0.5 (2 D / width[k])^2), each column normalised (filter_norm,
 *   L2 by default) over c, times exp(-0.5 ((frq[k]/n_chroma - ctroct)/octwidth)^2);
 *   with base_c the rows are rotated so that row 0 is C (librosa rolls by -3).
 * Frame: chroma[c] = sum_k w[c][k] power[k], then normalised per frame
 * (frame_norm, max-norm by default); a frame whose norm is below the
 * smallest normal float32 is left as is (all zeros for silence), as
 * librosa.util.normalize does.
 *
 * Tuning (fractions of a chroma bin): librosa estimates it on every call
 * (ser/tuning.h, offline only); ser_chroma_set_tuning rebuilds the filters
 * in place without allocating.  The fixed-tuning option is tuning 0. */
#ifndef SER_CHROMA_H
#define SER_CHROMA_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/kernel.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_norm { SER_NORM_NONE = 0, SER_NORM_INF = 1, SER_NORM_L1 = 2, SER_NORM_L2 = 3 } ser_norm;

#define SER_CHROMA_MAX 120 /* largest n_chroma */

typedef struct ser_chroma_config {
    double sample_rate;   /* Hz (16000) */
    size_t n_fft;         /* (2048) */
    size_t n_chroma;      /* bins per octave, 1..SER_CHROMA_MAX (12) */
    double tuning;        /* fractions of a chroma bin, in [-0.5, 0.5) (0) */
    double ctroct;        /* centre of the octave weighting, octaves above 27.5/... (5.0) */
    double octwidth;      /* its width in octaves; <= 0 disables it (2.0) */
    ser_norm filter_norm; /* column normalisation of the filters (SER_NORM_L2) */
    bool base_c;          /* row 0 is C instead of A (true) */
    ser_norm frame_norm;  /* per-frame normalisation (SER_NORM_INF) */
    ser_kernel kernel;    /* inner-loop build, ser/kernel.h (SER_KERNEL_AUTO) */
} ser_chroma_config;

ser_chroma_config ser_chroma_config_default(void);

typedef struct ser_chroma ser_chroma;

/* SER_ERR_ARG for bad values, SER_ERR_UNSUPPORTED for a kernel this CPU
 * cannot run. */
ser_chroma *ser_chroma_create(const ser_chroma_config *cfg, ser_status *err);
void ser_chroma_destroy(ser_chroma *chroma);
size_t ser_chroma_n_chroma(const ser_chroma *chroma);
size_t ser_chroma_n_bins(const ser_chroma *chroma);

/* Rebuild the filterbank for another tuning (fractions of a bin).  Does
 * not allocate.  SER_ERR_ARG for a non-finite tuning. */
ser_status ser_chroma_set_tuning(ser_chroma *chroma, double tuning);
double ser_chroma_tuning(const ser_chroma *chroma);

/* The filterbank, row-major (n_chroma, n_bins). */
const float *ser_chroma_filters(const ser_chroma *chroma);

/* power: n_bins values |X|^2; out: n_chroma values.  Never allocates. */
void ser_chroma_process(const ser_chroma *chroma, const float *power, float *out);

/* n_frames frames at once: power (n_frames, n_bins) row-major, out
 * (n_frames, n_chroma).  The same values as ser_chroma_process frame by
 * frame, faster (frames are taken in pairs, whose sums run side by side).
 * Never allocates. */
void ser_chroma_process_frames(const ser_chroma *chroma, const float *power, size_t n_frames, float *out);

#ifdef __cplusplus
}
#endif
#endif
