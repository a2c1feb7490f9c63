/* pyin_internal.h - pieces of pYIN (private to libser). */
#ifndef SER_DSP_PYIN_INTERNAL_H
#define SER_DSP_PYIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ser/status.h"

/* Regularised incomplete beta function I_x(a, b) = beta(a, b).cdf(x),
 * a, b > 0 (continued fraction, ~1e-15 relative). */
double ser__beta_cdf(double x, double a, double b);

/* scipy.stats.boltzmann.pmf(k, lambda, n) for 0 <= k < n:
 * (1 - e^-lambda) / (1 - e^(-lambda n)) * e^(-lambda k). */
double ser__boltzmann_pmf(double k, double lambda, double n);

/* The banded HMM transition of librosa.pyin:
 * kron(transition_loop(2, 1 - switch_prob), transition_local(n_bins, width,
 * 'triangle', wrap=False)), as logs log(T + DBL_MIN).  Only the band
 * |p - q| <= half = width/2 is stored: for destination bin q and source
 * bin p, stay[q * band + (p - q + half)] is the log transition within the
 * same voicing state, change[...] across voicing states (band = 2 half +
 * 1).  Out-of-band entries are log(DBL_MIN). */
typedef struct ser__pyin_transition {
    size_t n_bins, half, band;
    double *stay;   /* n_bins * band */
    double *change; /* n_bins * band */
    double *stay_max;   /* n_bins: largest stay entry of destination q */
    double *change_max; /* n_bins: largest change entry of destination q */
    double log_zero; /* log(DBL_MIN): every entry outside the band */
} ser__pyin_transition;

ser_status ser__pyin_transition_init(ser__pyin_transition *tr, size_t n_bins, size_t width,
                                     double switch_prob);
void ser__pyin_transition_free(ser__pyin_transition *tr);

/* Viterbi over 2 n_bins states (voiced bins, then unvoiced bins) with the
 * banded transition above, exactly as librosa.sequence.viterbi (first
 * argmax on ties).  Back-pointers for up to max_frames frames are kept. */
typedef struct ser__pyin_viterbi {
    const ser__pyin_transition *tr;
    size_t n_states, max_frames, n_frames;
    double *value, *next;       /* n_states each */
    double *prefix_max;         /* n_states: max of value[block][0..p) */
    size_t *prefix_arg;         /* n_states */
    double *suffix_max;         /* n_states: max of value[block][p..n) */
    size_t *suffix_arg;         /* n_states */
    double *window_max;         /* n_states: max of value over each band */
    double *block_up, *block_down; /* n_states: running maxima within blocks of `band` */
    uint16_t *ptr;              /* max_frames * n_states */
} ser__pyin_viterbi;

ser_status ser__pyin_viterbi_init(ser__pyin_viterbi *v, const ser__pyin_transition *tr,
                                  size_t max_frames);
void ser__pyin_viterbi_free(ser__pyin_viterbi *v);
/* Feed frame log-likelihoods log(obs + DBL_MIN) (n_states values); the
 * first frame adds log_p_init.  Does not allocate. */
ser_status ser__pyin_viterbi_step(ser__pyin_viterbi *v, const double *log_obs,
                                  const double *log_p_init);
/* Most likely state per frame (n_frames of them). */
ser_status ser__pyin_viterbi_decode(const ser__pyin_viterbi *v, size_t *states);

#endif
