/* ser/audio.h - audio input: decode any file libsndfile reads (WAV in all
 * its PCM/float/µ-law/A-law flavours, RF64, FLAC, OGG/Vorbis, Opus, MP3,
 * AIFF, ...) or headerless PCM, reduce to mono, resample, trim and
 * normalise; and measure a file's facts (ser info).
 *
 * Units: rates in Hz; "frames" are multi-channel sample instants at the
 * file's native rate; "samples" of a ser_audio are mono at its
 * sample_rate; durations in seconds; levels in dBFS, where 0 dBFS is a
 * sample of magnitude 1.0 (int16 32768) and silence is -INFINITY.
 * Samples are float, nominally [-1, 1]: 16-bit PCM decodes to exactly
 * int16 / 32768 (as soundfile/librosa); float files are not clipped.
 *
 * Every function names the input (path, or the name given for memory and
 * streams) and the problem in *err.  Bad input never crashes and never
 * yields silent zeros: see docs/audio.md for the table of cases. */
#ifndef SER_AUDIO_H
#define SER_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ser/denoise.h"
#include "ser/pcm.h"
#include "ser/resample.h"
#include "ser/status.h"
#include "ser/telephone.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The analysis rate unless configured otherwise (DESIGN.md, Contracts). */
#define SER_AUDIO_DEFAULT_RATE 16000

/* How multi-channel input becomes mono. */
typedef enum ser_channel_mode {
    SER_CHANNELS_MIX = 0,   /* mean over channels */
    SER_CHANNELS_SELECT = 1 /* one channel, ser_load_config.channel */
} ser_channel_mode;

typedef enum ser_normalize_mode {
    SER_NORMALIZE_NONE = 0,
    SER_NORMALIZE_PEAK = 1, /* scale so max |x| = normalize_dbfs */
    SER_NORMALIZE_RMS = 2   /* scale so sqrt(mean x^2) = normalize_dbfs (peaks may exceed 1) */
} ser_normalize_mode;

/* Headerless PCM: encoding, rate and channel count must all be given. */
typedef struct ser_raw_format {
    ser_raw_encoding encoding; /* SER_RAW_NONE: the input has a container */
    int sample_rate;           /* Hz, > 0 for raw input */
    int channels;              /* 1..SER_AUDIO_MAX_CHANNELS for raw input */
} ser_raw_format;

#define SER_AUDIO_MAX_CHANNELS 1024

/* librosa.effects.trim parameters (see ser_trim_bounds). */
typedef struct ser_trim_config {
    double top_db;       /* frames quieter than max - top_db dB are silence; default 60 */
    size_t frame_length; /* samples; default 2048 */
    size_t hop_length;   /* samples; default 512 */
} ser_trim_config;

typedef struct ser_load_config {
    int sample_rate;                      /* target Hz; 0 = keep the native rate. Default 16000 */
    ser_resample_quality resample_quality; /* default SER_RESAMPLE_HQ */
    ser_channel_mode channel_mode;        /* default SER_CHANNELS_MIX */
    int channel;                          /* 0-based channel for SER_CHANNELS_SELECT */
    ser_raw_format raw;                   /* default: not raw */
    bool telephone;                       /* pass through a simulated phone line (ser/telephone.h) after
                                             resampling, before denoise/trim/normalise; default false */
    ser_telephone_config telephone_config; /* default ser_telephone_config_default(); with packet loss the
                                             seed is mixed with the FNV-1a hash of the input's name, so
                                             every file gets its own (reproducible) gaps */
    bool denoise;                         /* spectral gating (ser/denoise.h) after resampling, before
                                             trim and normalisation; default false */
    ser_denoise_mode denoise_mode;        /* default SER_DENOISE_NONSTATIONARY (noisereduce's default) */
    bool trim;                            /* trim leading/trailing silence (after resampling); default false */
    ser_trim_config trim_config;          /* default 60 dB, 2048, 512 */
    double window_s;                      /* > 0: keep only the loudest stretch that a 512-hop centred STFT
                                             turns into the live stream's window of W = round(window_s *
                                             rate / 512) frames, i.e. (W - 1) * 512 samples (2 s at 16 kHz:
                                             63 frames, 31744 samples), chosen among starts every 512
                                             samples by the sum of squares (ser_loudest_stretch); shorter
                                             input is kept whole.  After trim, before normalise; default 0 */
    ser_normalize_mode normalize;         /* applied after trim; default none */
    double normalize_dbfs;                /* target level, dBFS; default -1.0 (use e.g. -20 for RMS) */
    double max_duration;                  /* seconds; longer input is SER_ERR_OVERFLOW; 0 = no limit.
                                             Default 7200 (two hours) */
    bool allow_truncated;                 /* keep what a truncated file holds (and drop a partial
                                             trailing raw frame) instead of SER_ERR_TRUNCATED; default false */
} ser_load_config;

ser_load_config ser_load_config_default(void);
ser_trim_config ser_trim_config_default(void);

/* Parse a channel choice: "mix"/"mean" (MIX), "left"/"l" (channel 0),
 * "right"/"r" (channel 1), or a 0-based index.  SER_ERR_PARSE otherwise. */
ser_status ser_channel_parse(const char *text, ser_channel_mode *mode, int *channel);

/* Facts of the input as it was, before any conversion. */
typedef struct ser_audio_info {
    char format[64];  /* "WAV PCM_16", "FLAC PCM_16", "OGG VORBIS", "MPEG LAYER III", "RAW S16LE", ... */
    int sample_rate;  /* native rate, Hz */
    int channels;
    uint64_t frames;  /* frames decoded, at the native rate */
    double duration;  /* seconds = frames / sample_rate */
} ser_audio_info;

/* Decoded mono audio.  Owns `samples`; release with ser_audio_free. */
typedef struct ser_audio {
    float *samples;        /* n_samples mono samples, nominally [-1, 1] */
    size_t n_samples;
    int sample_rate;       /* Hz of `samples` (the target, or native) */
    ser_audio_info source; /* the input before conversion */
    size_t trim_start;     /* kept range [trim_start, trim_end) of the resampled signal, in samples; */
    size_t trim_end;       /*   [0, n) when not trimmed */
} ser_audio;

/* Free the samples and zero the struct (NULL and zeroed structs allowed). */
void ser_audio_free(ser_audio *audio);

/* Decode a file.  path "-" reads standard input (raw, or any container,
 * which is then read into memory).  On error *out is left zeroed. */
ser_status ser_audio_load(const char *path, const ser_load_config *cfg, ser_audio *out, ser_error *err);
/* Decode bytes in memory (libsndfile virtual I/O, or raw).  `name` is used
 * in messages (NULL: "<memory>").  The bytes are not modified or kept. */
ser_status ser_audio_load_memory(const void *data, size_t size, const char *name, const ser_load_config *cfg,
                                 ser_audio *out, ser_error *err);
/* Decode everything readable from a file descriptor / stdio stream (pipes
 * allowed; they are not closed). */
ser_status ser_audio_load_fd(int fd, const char *name, const ser_load_config *cfg, ser_audio *out, ser_error *err);
ser_status ser_audio_load_stream(FILE *fp, const char *name, const ser_load_config *cfg, ser_audio *out,
                                 ser_error *err);

/* ser info: the input's facts and its levels over every sample of every
 * channel at the native rate (no resampling, trim or normalisation).  Uses
 * cfg->raw, cfg->max_duration and cfg->allow_truncated (NULL: defaults). */
typedef struct ser_audio_probe_result {
    ser_audio_info info;
    double peak_dbfs; /* 20 log10(max |x|); -INFINITY for digital silence */
    double rms_dbfs;  /* 20 log10(sqrt(mean x^2)); -INFINITY for digital silence */
} ser_audio_probe_result;

ser_status ser_audio_probe(const char *path, const ser_load_config *cfg, ser_audio_probe_result *out,
                           ser_error *err);
ser_status ser_audio_probe_memory(const void *data, size_t size, const char *name, const ser_load_config *cfg,
                                  ser_audio_probe_result *out, ser_error *err);

/* ---- Writing ---- */

typedef enum ser_sample_encoding {
    SER_ENCODING_PCM16 = 0, /* 16-bit PCM, clipped to [-1, 1) */
    SER_ENCODING_FLOAT = 1  /* 32-bit float (WAV only) */
} ser_sample_encoding;

/* Write mono samples to `path`, the container chosen by the extension:
 * .wav (PCM16 or float), .flac (PCM16), .ogg (Vorbis).  Atomic: the data
 * goes to a temporary file in the same directory, is flushed to disk and
 * renamed over `path`, so a reader sees the old file or the new one, never
 * a torn one.  SER_ERR_UNSUPPORTED for another extension, SER_ERR_IO
 * (naming the path and the system's reason) when it cannot be written. */
/* Whether ser_audio_write can write `path` (by its extension) with `encoding`. */
bool ser_audio_write_supported(const char *path, ser_sample_encoding encoding);

ser_status ser_audio_write(const char *path, const float *samples, size_t n, int sample_rate,
                           ser_sample_encoding encoding, ser_error *err);

/* ---- Signal operations (in place, no allocation) ---- */

/* Peak and RMS of n samples in dBFS (-INFINITY when all are zero or n == 0). */
void ser_audio_levels(const float *x, size_t n, double *peak_dbfs, double *rms_dbfs);

/* librosa.effects.trim (0.10) bounds: per-frame RMS of the signal padded
 * with frame_length/2 zeros each side (frames t = 0 .. n/hop, frame t
 * centred on sample t*hop), in dB relative to the loudest frame with
 * amplitude floor 1e-5 (librosa amplitude_to_db(ref=np.max, amin=1e-5));
 * frames above -top_db are non-silent.  start = first*hop, end =
 * min(n, (last+1)*hop).  No non-silent frame gives [0, 0); an all-zero
 * signal keeps everything (every frame is at the reference, as in
 * librosa).  SER_ERR_ARG on a bad config. */
ser_status ser_trim_bounds(const float *x, size_t n, const ser_trim_config *cfg, size_t *start, size_t *end);

/* The start of the loudest stretch of `len` samples among starts 0, step,
 * 2 step, ... (<= n - len): the largest sum of squares, the first on ties.
 * 0 when len >= n or step == 0. */
size_t ser_loudest_stretch(const float *x, size_t n, size_t len, size_t step);

/* Scale x so its peak (or RMS) is target_dbfs.  Digital silence is left
 * unchanged (SER_OK).  SER_ERR_ARG for a non-finite target or mode NONE. */
ser_status ser_audio_normalize(float *x, size_t n, ser_normalize_mode mode, double target_dbfs);

#ifdef __cplusplus
}
#endif
#endif
