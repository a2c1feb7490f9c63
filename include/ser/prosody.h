/* ser/prosody.h - prosodic and voice-quality features of one utterance:
 * f0 statistics, energy dynamics, speaking rate, jitter, shimmer, HNR.
 *
 * Every value is one double with a fixed name, unit and definition (the
 * table ser_prosody_dims lists them in layout order).  References:
 *   eGeMAPS v02: Eyben et al. (2016), "The Geneva Minimalistic Acoustic
 *     Parameter Set (GeMAPS) for Voice Research and Affective Computing",
 *     IEEE Trans. Affective Computing 7(2): f0 in semitones re 27.5 Hz,
 *     20-80 percentile range, rising/falling slopes, jitter, shimmer, HNR.
 *   Boersma (1993), "Accurate short-term analysis of the fundamental
 *     frequency and the harmonics-to-noise ratio of a sampled sound",
 *     IFA Proceedings 17: window-normalised autocorrelation HNR.
 *   Praat's jitter (local) / shimmer (local, local dB) definitions, with
 *     its period factor 1.3 and amplitude factor 1.6.
 *   de Jong & Wempe (2009), "Praat script to detect syllable nuclei and
 *     measure speech rate automatically", Behavior Research Methods 41(2).
 *
 * Frames.  The f0 track (pYIN by default, or YIN) runs on its own grid:
 * frames of pitch_frame_s (64 ms, rounded to the nearest power of two of
 * samples: 1024 at 16 kHz) every pitch_hop_s (10 ms), centred, zero
 * padded; fine enough for voicing boundaries and glottal cycles.  The
 * caller's energy contour is on librosa's RMS grid: frame t centred on
 * sample t*energy_hop (512), 1 + n/energy_hop frames.  "Voiced" frames are
 * pYIN's voiced frames (YIN: a cmndf trough below trough_threshold).
 * "Periodic" frames, used for jitter, shimmer and HNR, are voiced frames
 * whose normalised autocorrelation peak r (see hnr_db) reaches
 * periodicity_threshold (0.45, Praat's voicing threshold): breathy onsets
 * and offsets that the HMM keeps voiced are left out.
 *
 * Undefined values are 0, never NaN: with no voiced frame every f0,
 * jitter, shimmer and HNR value is 0 and voiced_fraction is 0 (with no
 * periodic frame jitter, shimmer and HNR are 0); with fewer
 * than two voiced frames f0_slope and f0_std are 0; with no usable glottal
 * cycle pair jitter/shimmer are 0; with no syllable nucleus speaking_rate
 * is 0.  Energy values are always defined (silence gives the -100 dB
 * floor, std/range/slopes 0). */
#ifndef SER_PROSODY_H
#define SER_PROSODY_H

#include <stddef.h>

#include "ser/pitch.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_pitch_method {
    SER_PITCH_PYIN = 0, /* librosa.pyin: voicing from the HMM (default) */
    SER_PITCH_YIN = 1   /* librosa.yin: voiced when a trough < threshold exists */
} ser_pitch_method;

typedef struct ser_prosody_config {
    ser_pitch_method method;
    /* f0 tracker: fmin, fmax and the pYIN knobs (librosa defaults,
     * 65.4..2093 Hz).  The sample rate is taken from the compute call.  For
     * SER_PITCH_YIN, pitch.yin is the YIN configuration (trough_threshold
     * 0.1).  pitch.yin.frame_length / hop_length are used as given when
     * pitch_frame_s / pitch_hop_s are 0. */
    ser_pyin_config pitch;
    double pitch_frame_s; /* seconds (default 0.064; 0: use pitch.yin.frame_length) */
    double pitch_hop_s;   /* seconds (default 0.010; 0: use pitch.yin.hop_length) */
    /* Energy contour grid: samples between frame_rms frames (default 512). */
    size_t energy_hop;
    /* Energy: 20 log10(max(rms, 1e-5)) dB, clamped from below at
     * (loudest frame - energy_floor_db).  Default 60 dB. */
    double energy_floor_db;
    /* Speaking rate: intensity contour of Hann windows of
     * intensity_window_s seconds every intensity_hop_s seconds (defaults
     * 0.04, 0.01); silence below (99th percentile + silence_db) dB
     * (default -25); a peak counts when the intensity dips by more than
     * min_dip_db (default 2) before the next peak; interior silences of at
     * least min_pause_s (default 0.3 s) are pauses. */
    double intensity_window_s, intensity_hop_s;
    double silence_db, min_dip_db, min_pause_s;
    /* Jitter / shimmer: consecutive periods differing by more than this
     * factor (default 1.3) and cycle amplitudes by more than
     * max_amplitude_factor (default 1.6) are not compared (Praat). */
    double max_period_factor, max_amplitude_factor;
    /* Periodic frames: voiced and r >= this (default 0.45). */
    double periodicity_threshold;
    /* HNR: analysis window in seconds (default 0.06, about 4.5 periods of
     * 75 Hz as Praat's harmonicity), centred on each voiced pitch frame. */
    double hnr_window_s;
} ser_prosody_config;

ser_prosody_config ser_prosody_config_default(void);

/* The features (see ser_prosody_dims for names and units). */
typedef struct ser_prosody {
    double f0_mean;          /* semitones re 27.5 Hz, mean over voiced frames */
    double f0_std;           /* semitones, population standard deviation */
    double f0_range;         /* semitones, 80th - 20th percentile (eGeMAPS pctlrange0-2) */
    double f0_slope;         /* semitones per second: least-squares slope of the
                                voiced f0 (st) against frame time (s) */
    double f0_mean_hz;       /* Hz, mean over voiced frames */
    double f0_std_hz;        /* Hz, population standard deviation */
    double voiced_fraction;  /* voiced frames / frames, in [0, 1] */
    double energy_mean;      /* dB re full scale: mean of the frame energy contour */
    double energy_std;       /* dB, population standard deviation */
    double energy_range;     /* dB, 80th - 20th percentile */
    double energy_slope;     /* dB per second, least-squares slope over all frames */
    double energy_rise_rate; /* dB per second: mean slope of the rising parts
                                (maximal runs of increasing frames) */
    double energy_fall_rate; /* dB per second (positive): mean slope magnitude of
                                the falling parts */
    double speaking_rate;    /* syllable nuclei per second of speaking time
                                (pauses excluded; de Jong & Wempe's articulation rate) */
    double jitter_local;     /* mean |P(i+1) - P(i)| / mean P over glottal periods
                                (a fraction: 0.01 = 1 %) */
    double shimmer_local;    /* mean |A(i+1) - A(i)| / mean A over cycle
                                peak-to-peak amplitudes (a fraction) */
    double shimmer_local_db; /* dB: mean |20 log10(A(i+1) / A(i))| */
    double hnr_db;           /* dB: mean over periodic frames of 10 log10(r / (1 - r)),
                                r the window-normalised autocorrelation peak near
                                the f0 period (Boersma 1993) in a Hann window of
                                hnr_window_s, r clipped to [1e-10, 1 - 1e-10] */
} ser_prosody;

/* Name, unit and one-line definition of each value, in struct order. */
typedef struct ser_prosody_dim {
    const char *name; /* e.g. "f0_slope" */
    const char *unit; /* "st", "Hz", "dB", "dB/s", "st/s", "1/s", "1" */
    const char *description;
    size_t offset;    /* offsetof(ser_prosody, field) */
} ser_prosody_dim;

extern const ser_prosody_dim ser_prosody_dims[];
#define SER_PROSODY_N_DIMS 18

/* out[0..SER_PROSODY_N_DIMS) = the values in ser_prosody_dims order. */
void ser_prosody_to_array(const ser_prosody *p, double *out);

/* Prosody of samples[0..n) (mono, [-1, 1] floats, sr Hz).
 * frame_rms[0..n_frames): the caller's frame RMS (linear amplitude, e.g.
 * librosa.feature.rms: frame_length 2048, hop_length = cfg->energy_hop,
 * center=True); n_frames must be 1 + n / cfg->energy_hop.
 * cfg NULL means ser_prosody_config_default().  On error *out is zeroed
 * and err names the problem (n == 0: SER_ERR_EMPTY; NaN/Inf samples:
 * SER_ERR_NONFINITE; frame count mismatch: SER_ERR_ARG).  Allocates its
 * working memory. */
ser_status ser_prosody_compute(const float *samples, size_t n, double sr, const float *frame_rms,
                               size_t n_frames, const ser_prosody_config *cfg, ser_prosody *out,
                               ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
