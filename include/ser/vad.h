/* ser/vad.h - a simple voice-activity decision: does a clip (or a window
 * of a live stream) contain speech at all?  `ser predict` uses it so that
 * a clip with no speech gets no label instead of a guess; the live stream
 * can feed it frame by frame.
 *
 * Frames: frame_seconds long, hop_seconds apart (rounded to samples;
 * the frame length to an even count), not centred: frame t covers samples
 * [t*hop, t*hop + frame); a last partial frame is zero-padded, and a clip
 * shorter than one frame is one padded frame.
 *
 * Per frame:
 *   loud    its RMS over the samples it holds is >= floor_dbfs (an absolute
 *           floor: default -50 dBFS, 20 log10(rms) as ser_audio_levels)
 *   voiced  loud, and YIN (ser/pitch.h, librosa's cmndf) finds a trough
 *           below yin_threshold with f0 in [fmin, fmax] (default 60-500 Hz,
 *           the range of speaking voices)
 * Per clip (or run of frames, ser_vad_result):
 *   voiced_seconds = voiced frames x hop_seconds;
 *   f0_std_semitones = population std of the voiced frames' f0 in
 *   semitones;
 *   speech when voiced_seconds >= min_voiced_seconds (default 0.1 s) and
 *   f0_std_semitones >= min_f0_std_semitones (default 0.1: a steady tone -
 *   dial, hold or test tone - is periodic and loud but its pitch does not
 *   move; speech intonation and jitter always do).
 *   Otherwise the reason is SER_VAD_SILENT (no loud frame), SER_VAD_UNVOICED
 *   (loud but too little voicing: noise, clicks, breath) or SER_VAD_TONE.
 *
 * Objects allocate at create time only; ser_vad_frame, ser_vad_add_frame
 * and ser_vad_clip never allocate.  One object per thread. */
#ifndef SER_VAD_H
#define SER_VAD_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_vad_config {
    double sample_rate;          /* Hz (> 0) */
    double frame_seconds;        /* frame length, s (default 0.064) */
    double hop_seconds;          /* hop, s (default 0.016) */
    double floor_dbfs;           /* loudness floor, dBFS (default -50) */
    double fmin, fmax;           /* f0 search range, Hz (default 60, 500) */
    double yin_threshold;        /* cmndf trough threshold (default 0.15) */
    double min_voiced_seconds;   /* voiced time needed for speech, s (default 0.1) */
    double min_f0_std_semitones; /* pitch movement needed for speech (default 0.1) */
} ser_vad_config;

/* The defaults above at sample_rate Hz. */
ser_vad_config ser_vad_config_default(double sample_rate);

typedef enum ser_vad_reason {
    SER_VAD_SPEECH = 0,   /* speech found */
    SER_VAD_SILENT = 1,   /* no frame above the floor */
    SER_VAD_UNVOICED = 2, /* sound, but less voiced time than min_voiced_seconds */
    SER_VAD_TONE = 3      /* voiced, but a steady pitch: a tone, not a voice */
} ser_vad_reason;

/* Static text: "speech", "silent", "unvoiced", "tone". */
const char *ser_vad_reason_name(ser_vad_reason reason);

typedef struct ser_vad_frame_result {
    double rms_dbfs; /* -inf for digital silence */
    bool loud, voiced;
    double f0;       /* Hz when voiced, else 0 */
} ser_vad_frame_result;

/* Accumulated over frames: start from ser_vad_result_reset, add frames
 * with ser_vad_add_frame, decide with ser_vad_decide. */
typedef struct ser_vad_result {
    size_t n_frames, loud_frames, voiced_frames;
    double voiced_seconds;   /* voiced_frames x hop, s */
    double speech_fraction;  /* voiced_frames / n_frames, [0, 1] */
    double f0_mean_hz;       /* mean voiced f0, Hz (0 when none) */
    double f0_std_semitones; /* population std of voiced f0, semitones */
    bool speech;             /* the decision (after ser_vad_decide) */
    ser_vad_reason reason;
    double st_sum, st_sq;    /* running sums (semitones re 1 Hz), internal */
} ser_vad_result;

typedef struct ser_vad ser_vad;

/* NULL (with *status / err set) on a bad config (the message names the
 * field) or no memory. */
ser_vad *ser_vad_create(const ser_vad_config *cfg, ser_status *status, ser_error *err);
void ser_vad_destroy(ser_vad *vad);
const ser_vad_config *ser_vad_config_of(const ser_vad *vad);
size_t ser_vad_frame_length(const ser_vad *vad); /* samples */
size_t ser_vad_hop_length(const ser_vad *vad);   /* samples */

/* One frame: x[0..n) with n <= frame length (a shorter frame is
 * zero-padded; its RMS is over the n samples).  Never allocates. */
ser_status ser_vad_frame(ser_vad *vad, const float *x, size_t n, ser_vad_frame_result *out);

void ser_vad_result_reset(ser_vad_result *r);
void ser_vad_add_frame(const ser_vad *vad, ser_vad_result *r, const ser_vad_frame_result *f);
/* Fill voiced_seconds .. reason from the counts. */
void ser_vad_decide(const ser_vad *vad, ser_vad_result *r);

/* Every frame of x[0..n) (mono, [-1, 1], at the configured rate), then the
 * decision.  n == 0 gives SER_VAD_SILENT.  Never allocates. */
ser_status ser_vad_clip(ser_vad *vad, const float *x, size_t n, ser_vad_result *out);

#ifdef __cplusplus
}
#endif
#endif
