/* ser/stream.h - the live analyser: PCM chunks in, emotion / silence /
 * alert / calm events out (DESIGN.md "Contracts": stream events).
 *
 * Pipeline per push: decode (s16le, f32le, µ-law, A-law bytes; or float
 * samples) -> downmix (mean) or select one channel -> resample to the
 * model's rate (libsoxr, ser/resample.h) -> ser_frame_stream rows (STFT
 * n_fft 2048, hop 512) -> a ser_frame_window of the last `window_s` of
 * rows -> every `hop_s` one analysis of the window:
 *   - voice gating (ser_stream_gate, below): a window without enough
 *     speech-like frames is a "silence" event (no emotion, no trend);
 *   - else the model's vector of the window, ser_model_predict, an EMA of
 *     the probabilities (`smoothing`), label = argmax of the smoothed
 *     probabilities, arousal / valence (ser/affect.h), frustration score
 *     and the trend detector (ser/trend.h); an "emotion" event, followed
 *     by an "alert" or "calm" event when the detector fires (with the
 *     reason and suggestion of the first matching rule, ser/rules.h).
 * Overlapping windows reuse the frames already computed (each frame is
 * computed once); a window's vector is exact statistics over its rows.
 *
 * Supported models: a CNN on a log-mel image (feature set logmel128xF,
 * `ser train --kind cnn`; the window's mel dB rows with the top_db floor
 * at the window's maximum, the causal version of the offline image's
 * floor at the clip's maximum, fitted to F frames by ser_cnn_fit_length:
 * train with --frames 63 to match a 2 s window; another mel count than
 * 128 is refused, SER_ERR_UNSUPPORTED), or feature set "seed"
 * (the 320 dimensions mfcc1_mean ..
 * contrast7_var, in that order) at a fixed sample rate, trained on
 * features computed with `ser features --set seed --streaming` (the
 * stream computes exactly those: no file-wide 80 dB floor, chroma tuning
 * 0).  The model file does not record offline vs streaming, so a model
 * trained on offline features loads but sees slightly different inputs.
 * Any other layout is refused at create time (SER_ERR_UNSUPPORTED, naming
 * the set and the first dimension that differs).
 *
 * Windows and hops are whole frames: window_frames = round(window_s *
 * rate / 512) (2 s -> 63 frames at 16 kHz), hop_frames = round(hop_s *
 * rate / 512) (0.5 s -> 16 frames = 0.512 s).  The first analysis runs
 * when the window is full, then every hop; ser_stream_flush analyses
 * what arrived after the last one (a call shorter than the window gets
 * one event at the flush).
 *
 * Times are seconds of audio since the stream began.  An event covers the
 * samples of its frames: t_start = (first frame centre - n_fft/2) / rate
 * (>= 0), t_end = (last frame centre + n_fft/2) / rate (<= the end).
 *
 * Latency (DESIGN.md: from the arrival of the last sample an event covers
 * to its emission): the event is emitted inside the push that delivers
 * its t_end sample, so it is the compute time of that push (the frame,
 * the window statistics, the model; about 0.1 ms with an SVM at 16 kHz,
 * see docs/stream.md) plus, when resampling, the resampler's hold-back
 * (libsoxr's filter delay, a few ms).  Seen from a moment of speech at
 * time tau: it first shows up in an event at most n_fft/2 (64 ms
 * look-ahead of the frame centred on it) + hop_s (0.512 s) later.
 *
 * Chunking: events are identical (same bits) whatever the chunk sizes
 * of the pushes, 1 sample or 1 byte included.  No allocation in push and
 * flush once warm (with resampling, libsoxr grows its FIFOs in the first
 * pushes; with the model's rate there is no resampler).  One stream per
 * call and track; not thread-safe; the model may be shared. */
#ifndef SER_STREAM_H
#define SER_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/affect.h"
#include "ser/model.h"
#include "ser/pcm.h"
#include "ser/rules.h"
#include "ser/status.h"
#include "ser/trend.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Voice gating (a simple energy + voicing gate on values the frame rows
 * already hold; not ser/vad.h, whose YIN track every 16 ms costs more than
 * the whole analysis, docs/stream.md).  A frame is speech-like when
 *   rms_dbfs >= min_rms_dbfs (energy), spectral flatness <= max_flatness
 *   (tonal / harmonic rather than noise) and zcr <= max_zcr (not hiss);
 * a window is voiced when at least min_voiced_fraction of its frames are
 * speech-like AND the standard deviation of its frames' level (dB, floor
 * -100) is >= min_level_std_db: speech comes in syllables and pauses,
 * whereas hold music and tones are steady. */
typedef struct ser_stream_gate_config {
    double min_rms_dbfs;        /* dBFS (-45) */
    double max_flatness;        /* [0, 1] (0.3) */
    double max_zcr;             /* crossings per sample (0.3) */
    double min_voiced_fraction; /* (0.3) */
    double min_level_std_db;    /* dB (3.0); 0 disables the steadiness test */
} ser_stream_gate_config;

ser_stream_gate_config ser_stream_gate_config_default(void);

/* Gate one window: rms, zcr, flatness per frame (n frames, stride floats
 * apart); *voiced_fraction gets the share of speech-like frames.  Returns
 * true when the window is voiced.  No allocation. */
bool ser_stream_gate(const ser_stream_gate_config *cfg, const float *rms, const float *zcr, const float *flatness,
                     size_t n, size_t stride, double *voiced_fraction);

/* Shared tables: a plan holds what every stream on one model reads and
 * never writes (the frame features' FFT, mel, DCT, chroma, contrast and
 * spectral tables, ser_frame_plan; about 290 KB at 16 kHz) and checks the
 * model's layout once.  A server makes one plan per model and passes it
 * in ser_stream_config.plan; each stream then owns only its buffers
 * (about 220 KB instead of 460 KB with a seed-set model; docs/stream.md).
 * For a CNN model the plan also lends its streams one of 4 prediction
 * contexts per analysis (a CNN context is a copy of the network and its
 * activations, megabytes; a stream waits when all 4 are in use), so they
 * do not hold one each.  Otherwise read-only after create; streams on any
 * threads may share it (the pool has its own lock).  It must outlive its
 * streams.  Errors as ser_stream_create (SER_ERR_UNSUPPORTED for the
 * model). */
typedef struct ser_stream_plan ser_stream_plan;
ser_stream_plan *ser_stream_plan_create(const ser_model *model, ser_status *status, ser_error *err);
void ser_stream_plan_destroy(ser_stream_plan *plan);

typedef struct ser_stream_config {
    const ser_model *model;      /* required; kept, not copied: outlive the stream */
    const ser_stream_plan *plan; /* NULL: the stream builds its own tables; else shared tables made
                                    for `model` (SER_ERR_ARG otherwise).  Kept, not copied */
    ser_raw_encoding encoding;   /* of ser_stream_push bytes (SER_RAW_S16LE) */
    double input_rate;           /* Hz (16000); resampled to the model's rate */
    int channels;                /* interleaved channels of the input (1) */
    int channel;                 /* -1: mean of the channels (default); else 0-based channel analysed */
    double window_s;             /* analysis window, s (2.0) */
    double hop_s;                /* between analyses, s (0.5) */
    double smoothing;            /* EMA weight of the past probabilities in [0, 1) (0.5; 0 = none) */
    ser_stream_gate_config gate; /* voice gating */
    ser_trend_config trend;      /* frustration weights and detector */
    const ser_rules *rules;      /* reasons / suggestions; NULL: none.  Kept, not copied */
    const char *track;           /* "caller" (copied) */
    const char *call_id;         /* "" (copied) */
    size_t max_chunk;            /* internal block, input frames (1024); pushes of any size are split */
    double speaker_norm_prior;   /* a model trained with --speaker-norm (ser_model_speaker_norm): the
                                    call's running statistics of its voiced windows standardise each
                                    vector, shrunk towards the model's prior with this weight in
                                    windows (8; ser/speaker_norm.h).  Ignored for other models */
} ser_stream_config;

ser_stream_config ser_stream_config_default(void);

typedef enum ser_stream_event_type {
    SER_STREAM_EMOTION = 0,
    SER_STREAM_SILENCE = 1,
    SER_STREAM_ALERT = 2,
    SER_STREAM_CALM = 3
} ser_stream_event_type;

/* "emotion", "silence", "alert", "calm". */
const char *ser_stream_event_type_name(ser_stream_event_type type);

/* One event; every pointer is valid only during the callback. */
typedef struct ser_stream_event {
    ser_stream_event_type type;
    const char *call_id, *track;
    double t_start, t_end;       /* s since the stream began */
    size_t n_classes;
    const char *const *labels;   /* n_classes class names (the model's) */
    const double *probabilities; /* n_classes smoothed probabilities; NULL for silence */
    int label;                   /* argmax of probabilities; -1 for silence */
    double confidence;           /* probabilities[label] (0 for silence) */
    double arousal, valence;     /* [-1, 1] (ser/affect.h; 0 for silence) */
    double frustration;          /* the trend's smoothed score, [0, 1] for weights <= 1 */
    double voiced;               /* share of speech-like frames in the window, [0, 1] */
    const char *reason;          /* alert / calm: from the rules, or NULL */
    const char *suggestion;
} ser_stream_event;

typedef void (*ser_stream_event_fn)(void *user, const ser_stream_event *ev);

typedef struct ser_stream ser_stream;

/* SER_ERR_ARG (bad config), SER_ERR_UNSUPPORTED (model layout, see
 * above), SER_ERR_NOMEM, SER_ERR_EXTERNAL (libsoxr); detail in *err. */
ser_stream *ser_stream_create(const ser_stream_config *cfg, ser_status *status, ser_error *err);
void ser_stream_destroy(ser_stream *s);

/* n_bytes of the configured encoding, any split: a partial sample or
 * frame is kept for the next push.  Events go to fn(user, ev) from inside
 * the call.  SER_ERR_STATE after a flush, SER_ERR_NONFINITE for a NaN /
 * Inf f32 sample (the rest of that push is dropped), SER_ERR_ARG. */
ser_status ser_stream_push(ser_stream *s, const void *data, size_t n_bytes, ser_stream_event_fn fn, void *user);
/* n_frames interleaved float frames ([-1, 1]; `channels` samples each). */
ser_status ser_stream_push_float(ser_stream *s, const float *x, size_t n_frames, ser_stream_event_fn fn,
                                 void *user);
/* End of the stream: drain the resampler and the frames, analyse the
 * rest.  A partial trailing sample is dropped. */
ser_status ser_stream_flush(ser_stream *s, ser_stream_event_fn fn, void *user);
/* Ready for a new stream (same config). */
ser_status ser_stream_reset(ser_stream *s);

/* Seconds of audio taken so far (at the input rate), and events emitted. */
double ser_stream_seconds(const ser_stream *s);
size_t ser_stream_events(const ser_stream *s);
/* Frames per window and per hop (see above). */
size_t ser_stream_window_frames(const ser_stream *s);
size_t ser_stream_hop_frames(const ser_stream *s);

/* Write ev as one JSON object (the DESIGN.md contract, keys in order:
 * type, call_id, track, t_start, t_end, label, probabilities, arousal,
 * valence, frustration, voiced; alert / calm add reason, suggestion)
 * into buf (NUL-terminated).  *len gets the length; SER_ERR_OVERFLOW
 * when cap is too small (4096 holds any event of a 9-class model with
 * short names).  No allocation. */
ser_status ser_stream_event_json(const ser_stream_event *ev, char *buf, size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
