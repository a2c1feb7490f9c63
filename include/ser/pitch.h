/* ser/pitch.h - fundamental frequency (f0) tracking: YIN and pYIN, as
 * librosa 0.10 computes them (librosa.yin, librosa.pyin).
 *
 * Frames.  A signal of n samples at sample_rate Hz is cut into frames of
 * frame_length samples, hop_length apart.  With center=true (librosa's
 * default) the signal is padded with frame_length/2 ZEROS on each side, so
 * frame t is centred on sample t*hop_length and there are 1 + n/hop_length
 * frames (frame_length even).  With center=false frame t starts at sample
 * t*hop_length and there are 1 + (n - frame_length)/hop_length frames.
 *
 * YIN (de Cheveigne & Kawahara 2002, librosa's variant).  For each frame x
 * (indices 0..frame_length-1) and lag tau in [0, max_period]:
 *   acf(tau) = sum_{j=1..W} x[j] x[j+tau]                  (W = win_length)
 *   e(tau)   = sum_{j=tau+1..tau+W} x[j]^2
 *   d(tau)   = e(0) + e(tau) - 2 acf(tau)     (|acf|, |e| < 1e-6 set to 0)
 *   cmndf(tau) = d(tau) / (mean(d[1..tau]) + DBL_MIN)
 * over tau in [min_period, max_period], min_period = max(1,floor(sr/fmax)),
 * max_period = min(ceil(sr/fmin), frame_length - W - 1).  The period is the
 * first trough (local minimum) with cmndf < trough_threshold, else the
 * global minimum, refined by parabolic interpolation; f0 = sr / period.
 * A silent frame has no trough and gives f0 = sr / min_period (above fmax),
 * exactly as librosa does.
 *
 * pYIN (Mauch & Dixon 2014, librosa's variant of the official software):
 * every cmndf trough becomes an f0 candidate weighted by a beta(2, 18)
 * prior over 100 thresholds and a Boltzmann prior over trough order;
 * candidates fall into pitch bins of `resolution` semitones from fmin; an
 * HMM with voiced/unvoiced copies of every bin (local triangular pitch
 * transitions, switch probability 0.01) is decoded with Viterbi.  Outputs
 * per frame: f0 (Hz, fill_na where unvoiced), voiced flag, voiced
 * probability in [0, 1].
 *
 * Objects compute their tables at create time; ser_yin_process /
 * ser_pyin_observe / ser_yin_track never allocate.  Units: Hz for
 * frequencies, samples for lengths and periods, frames for counts. */
#ifndef SER_PITCH_H
#define SER_PITCH_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* librosa.note_to_hz('C2') and ('C7'): the defaults of fmin and fmax. */
#define SER_PITCH_C2_HZ 65.40639132514966
#define SER_PITCH_C7_HZ 2093.004522404789

/* ---------------------------------------------------------------- YIN -- */

typedef struct ser_yin_config {
    double sample_rate;      /* Hz (> 0); librosa's default 22050 */
    double fmin;             /* Hz, lowest f0 searched (default C2 = 65.41 Hz) */
    double fmax;             /* Hz, highest f0 searched (default C7 = 2093 Hz) */
    size_t frame_length;     /* samples per frame (default 2048) */
    size_t win_length;       /* samples in the difference window; 0 = frame_length/2 */
    size_t hop_length;       /* samples between frames; 0 = frame_length/4 */
    double trough_threshold; /* absolute cmndf threshold (default 0.1) */
    bool center;             /* true: zero-pad frame_length/2 each side (default) */
} ser_yin_config;

/* librosa.yin defaults at 22050 Hz (set sample_rate to your rate). */
ser_yin_config ser_yin_config_default(void);

/* Check a configuration; the message names the offending field. */
ser_status ser_yin_config_check(const ser_yin_config *cfg, ser_error *err);

/* Number of frames for n samples (0 when center=false and n < frame_length).
 * win_length/hop_length of 0 are resolved as in the config comment. */
size_t ser_yin_n_frames(const ser_yin_config *cfg, size_t n_samples);

/* Result for one frame. */
typedef struct ser_yin_frame {
    double f0;     /* Hz: sample_rate / period (librosa's yin output) */
    double period; /* samples, including the parabolic refinement */
    double cmndf;  /* cmndf at the chosen lag: 0 periodic .. ~1 aperiodic */
    bool trough;   /* true: a trough below trough_threshold was found
                      (false: global-minimum fallback: noise, silence) */
} ser_yin_frame;

typedef struct ser_yin ser_yin;

/* Returns NULL and sets *err (optional) on a bad config or no memory. */
ser_yin *ser_yin_create(const ser_yin_config *cfg, ser_status *err);
void ser_yin_destroy(ser_yin *yin);

/* The resolved configuration (win/hop filled in). */
const ser_yin_config *ser_yin_config_of(const ser_yin *yin);
/* Lags of the cmndf: min_period..max_period (samples). */
size_t ser_yin_min_period(const ser_yin *yin);
size_t ser_yin_max_period(const ser_yin *yin);

/* Analyse one frame of frame_length samples (the caller does the framing
 * and padding; a streaming caller feeds frames as they complete).
 * Does not allocate. */
ser_status ser_yin_process(ser_yin *yin, const float *frame, ser_yin_frame *out);

/* Every frame of y[0..n): out[0..n_frames) with n_frames ==
 * ser_yin_n_frames(cfg, n).  Uses the object's buffers; does not allocate. */
ser_status ser_yin_track(ser_yin *yin, const float *y, size_t n, ser_yin_frame *out,
                         size_t n_frames);

/* librosa.yin: f0[0..n_frames) in Hz for y[0..n).  n_frames must equal
 * ser_yin_n_frames(cfg, n).  Allocates its working object. */
ser_status ser_yin_compute(const ser_yin_config *cfg, const float *y, size_t n, double *f0,
                           size_t n_frames, ser_error *err);

/* --------------------------------------------------------------- pYIN -- */

typedef struct ser_pyin_config {
    ser_yin_config yin;         /* frames, sample rate, fmin/fmax (trough_threshold unused) */
    size_t n_thresholds;        /* thresholds in (0, 1] (default 100) */
    double beta_a, beta_b;      /* beta prior over thresholds (default 2, 18) */
    double boltzmann_parameter; /* prior over troughs, favours short periods (default 2) */
    double resolution;          /* pitch-bin width, semitones (default 0.1) */
    double max_transition_rate; /* octaves per second (default 35.92) */
    double switch_prob;         /* voiced <-> unvoiced per frame (default 0.01) */
    double no_trough_prob;      /* mass for the global minimum (default 0.01) */
    double fill_na;             /* f0 of unvoiced frames (default NAN) */
} ser_pyin_config;

/* librosa.pyin defaults at 22050 Hz. */
ser_pyin_config ser_pyin_config_default(void);
ser_status ser_pyin_config_check(const ser_pyin_config *cfg, ser_error *err);

typedef struct ser_pyin ser_pyin;

ser_pyin *ser_pyin_create(const ser_pyin_config *cfg, ser_status *err);
void ser_pyin_destroy(ser_pyin *pyin);

/* Pitch bins per voicing state: floor(12/resolution * log2(fmax/fmin)) + 1.
 * Bin b is fmin * 2^(b * resolution / 12) Hz. */
size_t ser_pyin_n_bins(const ser_pyin *pyin);
double ser_pyin_bin_hz(const ser_pyin *pyin, size_t bin);

/* Observation probabilities of one frame of frame_length samples:
 * obs[0..n_bins) voiced bins, obs[n_bins..2 n_bins) unvoiced, and the
 * voiced probability.  Does not allocate. */
ser_status ser_pyin_observe(ser_pyin *pyin, const float *frame, double *obs, double *voiced_prob);

/* librosa.pyin over y[0..n): f0 (Hz, fill_na when unvoiced), voiced flag
 * and voiced probability per frame; any output may be NULL.  n_frames must
 * equal ser_yin_n_frames(&cfg->yin, n).  Allocates the decoder. */
ser_status ser_pyin_compute(const ser_pyin_config *cfg, const float *y, size_t n, double *f0,
                            bool *voiced_flag, double *voiced_prob, size_t n_frames,
                            ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
