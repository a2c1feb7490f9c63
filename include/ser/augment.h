/* ser/augment.h - audio augmentation for training (seeded): additive
 * white noise at a random signal-to-noise ratio, gain, time shift, speed
 * perturbation and a telephone-band round trip (8 kHz + G.711 µ-law).
 * Used to make extra training copies of clips (`ser train --kind cnn
 * --augment N`); never applied to test data.
 *
 * Units: rates in Hz, levels and SNR in dB, shifts in seconds; samples
 * float, nominally [-1, 1]. */
#ifndef SER_AUGMENT_H
#define SER_AUGMENT_H

#include <stddef.h>

#include "ser/rng.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_augment_config {
    double speed_min, speed_max; /* speed factor, uniform (tempo and pitch, as Kaldi's speed perturbation); default 1, 1 */
    double shift_max_s;          /* time shift uniform in [-s, s] s, zero-filled, same length; default 0 */
    double gain_max_db;          /* gain uniform in [-g, g] dB; default 0 */
    double noise_prob;           /* probability of additive white noise; default 0 */
    double snr_min_db, snr_max_db; /* its SNR (clip power / noise power), uniform; default 10, 30 */
    double telephone_prob;       /* probability of the telephone-band round trip; default 0 */
} ser_augment_config;

void ser_augment_config_default(ser_augment_config *cfg);
/* SER_ERR_ARG (message names the field) for ranges out of order or out
 * of bounds: speeds in [0.5, 2], probabilities in [0, 1], shift and gain
 * >= 0, SNRs finite. */
ser_status ser_augment_config_check(const ser_augment_config *cfg, ser_error *err);

/* One augmented copy of x (n samples at rate Hz) into *out (malloc'd,
 * *n_out samples; free() it): speed, shift, gain, noise, telephone, in
 * that order, each drawn from rng only when enabled.  n == 0 is
 * SER_ERR_EMPTY. */
ser_status ser_augment_audio(const ser_augment_config *cfg, const float *x, size_t n, int rate, ser_rng *rng,
                             float **out, size_t *n_out, ser_error *err);

/* Add Gaussian white noise in place with power mean(x^2) / 10^(snr/10)
 * (nothing for a silent clip). */
void ser_augment_noise(float *x, size_t n, double snr_db, ser_rng *rng);

/* Telephone band in place: resample to 8000 Hz, G.711 µ-law round trip
 * (16-bit, clipped at +-32635), back to rate, same length (cut or
 * zero-padded).  SER_ERR_ARG for rate < 8000, SER_ERR_NOMEM,
 * SER_ERR_EXTERNAL from the resampler. */
ser_status ser_augment_telephone(float *x, size_t n, int rate, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
