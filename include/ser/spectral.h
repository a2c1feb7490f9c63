/* ser/spectral.h - spectral shape per frame (librosa.feature.spectral_centroid,
 * spectral_bandwidth, spectral_rolloff, spectral_flatness).
 *
 * Input: the magnitude spectrum S = |X| of one frame, n_fft/2+1 bins, bin
 * k at f_k = k sr / n_fft Hz.  With p = S / sum(S) (a frame whose sum is
 * below the smallest normal float32 is not normalised, giving 0):
 *   centroid  = sum_k f_k p_k                                 (Hz)
 *   bandwidth = (sum_k w_k |f_k - centroid|^bw_p)^(1/bw_p),
 *               w = p if bandwidth_norm else S                 (Hz)
 *   rolloff   = the smallest f_k with cumsum(S)[k] >= roll_percent sum(S) (Hz)
 *   flatness  = geometric mean / arithmetic mean of max(amin, S^power) */
#ifndef SER_SPECTRAL_H
#define SER_SPECTRAL_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_spectral_config {
    double sample_rate;    /* Hz (16000) */
    size_t n_fft;          /* (2048) */
    double roll_percent;   /* in (0, 1) (0.85) */
    double bandwidth_p;    /* > 0 (2) */
    bool bandwidth_norm;   /* (true) */
    double flatness_amin;  /* > 0 (1e-10) */
    double flatness_power; /* > 0 (2: power spectrum) */
} ser_spectral_config;

ser_spectral_config ser_spectral_config_default(void);

typedef struct ser_spectral_frame {
    double centroid;  /* Hz */
    double bandwidth; /* Hz */
    double rolloff;   /* Hz */
    double flatness;  /* ratio in [0, 1] */
} ser_spectral_frame;

typedef struct ser_spectral ser_spectral;

ser_spectral *ser_spectral_create(const ser_spectral_config *cfg, ser_status *err);
void ser_spectral_destroy(ser_spectral *sp);

/* mag: n_fft/2+1 magnitudes.  Never allocates. */
void ser_spectral_process(const ser_spectral *sp, const float *mag, ser_spectral_frame *out);
/* Only the flatness, from the power spectrum |X|^2 (n_bins values): the
 * same bits as ser_spectral_process on ser_power_to_magnitude(power). */
double ser_spectral_flatness_power(const ser_spectral *sp, const float *power);

#ifdef __cplusplus
}
#endif
#endif
