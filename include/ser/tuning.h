/* ser/tuning.h - tuning estimation (librosa.estimate_tuning via piptrack),
 * the deviation of a signal's pitches from A440 equal temperament in
 * fractions of a chroma bin, used by chroma (ser/chroma.h).
 *
 * Per frame of the power spectrogram S (librosa passes |X|^2):
 *   peaks: bins k with fmin <= f_k < fmax that are local maxima of
 *          S[k] * (S[k] > threshold * max_k S) (strictly above the left
 *          neighbour, at least the right one);
 *   shift: parabolic interpolation s = (S[k+1] - S[k-1]) / (2 (2 S[k] - S[k+1] - S[k-1]));
 *   pitch = (k + s) sr / n_fft,  mag = S[k] + 0.5 s (S[k+1] - S[k-1]) / 2.
 * Over the whole file: keep pitches whose mag >= the median mag of all
 * peaks; residual = frac(bins_per_octave log2(pitch / 27.5)) mapped to
 * [-0.5, 0.5); histogram on ceil(1/resolution) equal bins over [-0.5, 0.5];
 * the estimate is the LEFT edge of the fullest bin (the first on ties), or
 * 0 when there is no peak.  Pitches and mags are rounded to float32 and
 * the residual is computed in float32, as librosa does.
 *
 * The estimate needs every frame (offline).  A streaming path uses a fixed
 * tuning (0 by default) instead. */
#ifndef SER_TUNING_H
#define SER_TUNING_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_tuning_config {
    double sample_rate;     /* Hz (16000) */
    size_t n_fft;           /* frames have n_fft/2+1 bins (2048) */
    double fmin;            /* Hz (150) */
    double fmax;            /* Hz, capped at sample_rate/2 (4000) */
    double threshold;       /* peak threshold relative to the frame max (0.1) */
    double resolution;      /* histogram bin width in fractions of a bin (0.01) */
    size_t bins_per_octave; /* (12) */
} ser_tuning_config;

ser_tuning_config ser_tuning_config_default(void);

/* Intermediate counts (the golden data records them). */
typedef struct ser_tuning_stats {
    size_t n_peaks;    /* piptrack peaks with pitch > 0 */
    double median_mag; /* their median magnitude (the selection threshold) */
    size_t n_selected; /* peaks with mag >= median_mag */
} ser_tuning_stats;

typedef struct ser_tuning ser_tuning;

ser_tuning *ser_tuning_create(const ser_tuning_config *cfg, ser_status *err);
void ser_tuning_destroy(ser_tuning *tuning);

/* Forget all frames. */
void ser_tuning_reset(ser_tuning *tuning);

/* Add one power-spectrum frame (n_fft/2+1 values).  The peak store grows as
 * needed (SER_ERR_NOMEM when it cannot). */
ser_status ser_tuning_add_frame(ser_tuning *tuning, const float *power);

/* The estimate over the frames added since the last reset (stats may be
 * NULL).  Does not allocate. */
ser_status ser_tuning_estimate(ser_tuning *tuning, double *estimate, ser_tuning_stats *stats);

/* Convenience: reset, add n_frames frames of a row-major (n_frames, n_bins)
 * power spectrogram, estimate. */
ser_status ser_tuning_estimate_spectrogram(ser_tuning *tuning, const float *power, size_t n_frames,
                                           double *estimate, ser_tuning_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
