/* prosody_internal.h - the parts of ser_prosody_compute (private). */
#ifndef SER_FEATURES_PROSODY_INTERNAL_H
#define SER_FEATURES_PROSODY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "dsp/glottal_pulses.h"
#include "ser/prosody.h"

/* f0_mean, f0_std, f0_range, f0_slope, f0_mean_hz, f0_std_hz,
 * voiced_fraction from the pitch track (frame t at time t / frame_rate s).
 * scratch: 2 * n_frames doubles. */
void ser__prosody_f0_stats(const double *f0, const bool *voiced, size_t n_frames,
                           double frame_rate, double *scratch, ser_prosody *out);

/* energy_* from the frame RMS contour (frame_rate frames per second).
 * scratch: 2 * n_frames doubles. */
void ser__prosody_energy(const float *rms, size_t n_frames, double frame_rate, double floor_db,
                         double *scratch, ser_prosody *out);

/* Syllable nuclei (de Jong & Wempe 2009); see ser_prosody_config. */
typedef struct ser__nuclei {
    size_t n_frames;      /* intensity frames */
    size_t n_peaks;       /* intensity peaks above the silence threshold */
    size_t n_nuclei;      /* peaks with a dip > min_dip_db after them, in voiced frames */
    double threshold_db;  /* silence threshold (dB re full scale) */
    double speaking_time; /* seconds: sounding span minus pauses >= min_pause_s */
} ser__nuclei;

/* voiced[0..n_pitch_frames): pitch frames centred on t*pitch_hop + centre. */
ser_status ser__prosody_nuclei(const float *x, size_t n, double sr, const bool *voiced,
                               size_t n_pitch_frames, size_t pitch_hop, size_t centre,
                               const ser_prosody_config *cfg, ser__nuclei *out);

/* Jitter (local), shimmer (local, local dB) from the glottal marks. */
typedef struct ser__perturbation {
    double jitter, shimmer, shimmer_db;
    size_t n_periods, n_jitter_pairs, n_shimmer_pairs;
} ser__perturbation;

void ser__prosody_perturbation(const float *x, size_t n, const ser__pulses *marks,
                               double min_period, double max_period, double period_factor,
                               double amplitude_factor, ser__perturbation *out);

#endif
