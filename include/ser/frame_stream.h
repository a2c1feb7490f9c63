/* ser/frame_stream.h - frame-level features, chunk by chunk (streaming).
 *
 * Push mono samples in chunks of any size (1 sample included); one feature
 * row is emitted, through a callback, for every frame as soon as it is
 * complete.  The rows are bit-identical whatever the chunk sizes, and equal
 * to the whole-buffer frames of ser_seed / ser_extractor computed with the
 * same (streaming) options.
 *
 * Frames.  Frame t is centred on sample t*hop (center=true): it covers
 * samples [t*hop - n_fft/2, t*hop + n_fft/2), with n_fft/2 zeros of centre
 * padding before the first sample, exactly as the whole-buffer librosa
 * frames (ser/frames.h, ser/stft.h).  With center=false frame t covers
 * [t*hop, t*hop + n_fft).  The frame time of row t is t*hop / sample_rate
 * seconds since the first sample.
 *
 * Latency.  Row t is emitted inside the push that delivers sample
 * t*hop + n_fft/2 - 1: a frame needs n_fft/2 samples of look-ahead past its
 * centre (1024 samples = 64 ms at 16 kHz with n_fft 2048), plus the time to
 * compute it (about 14 us per row for the default seed + rms + zcr rows at
 * 16 kHz on one core of the development machine, RTF ~0.0004; the timing
 * line of tests/features/test_frame_stream.c).
 *
 * Flush.  At the end of the input, ser_frame_stream_flush emits the
 * trailing frames the whole-buffer call would produce: the signal is padded
 * with n_fft/2 zeros at the end (edge values for ZCR, as librosa), so a
 * stream of n samples gives 1 + n/hop rows in all (center=true; integer
 * division), or 1 + (n - n_fft)/hop (center=false, 0 when n < n_fft).
 * After a flush the stream accepts no more samples until
 * ser_frame_stream_reset.
 *
 * Causal replacements for librosa's file-wide steps (what the `streaming`
 * option of ser/features.h computes offline too):
 *   - dB (mel dB, MFCC, spectral contrast): power_to_db without the
 *     file-wide top_db floor: SER_DB_CLIP_NONE (only the amin 1e-10 floor,
 *     -100 dB; the default) or SER_DB_CLIP_FIXED (floor fixed_max_db -
 *     top_db).  SER_DB_CLIP_MAX looks at the whole file and is refused.
 *   - chroma: a fixed tuning (0 by default, fractions of a chroma bin)
 *     instead of the per-file estimate.
 *
 * Row layout (ser_frame_stream_row_names, ser_frame_stream_block): the
 * blocks asked for in `features`, in this order, float values:
 *   mfcc1..n_mfcc   MFCC of the mel dB frame (DCT-II ortho)
 *   chroma1..12     chroma_stft, max-normalised
 *   mel1..n_mels    mel power (Slaney scale and area normalisation)
 *   contrast1..7    spectral contrast, dB (n_bands + 1 rows)
 *   mel_db1..       power_to_db of the mel frame
 *   rms             sqrt(mean(x^2)) of the un-windowed frame (zero padding)
 *   zcr             zero-crossing rate (edge padding, librosa's default)
 *   centroid, bandwidth, rolloff (Hz), flatness: ser/spectral.h of |X|,
 *                   computed in double and rounded to float in the row
 * The first four blocks are the frames of the 320-dim seed vector.
 *
 * No allocation: every buffer is sized in ser_frame_stream_create; push,
 * flush and reset never allocate, lock or do I/O (tested with a counting
 * allocator).  One object per stream; not thread-safe (a ser_frame_plan,
 * below, is read-only and may be shared). */
#ifndef SER_FRAME_STREAM_H
#define SER_FRAME_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/db.h"
#include "ser/frames.h"
#include "ser/kernel.h"
#include "ser/spectral.h"
#include "ser/status.h"
#include "ser/stft.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Feature blocks of a row (bit flags, the row order). */
typedef enum ser_frame_feature {
    SER_FRAME_MFCC = 1u << 0,
    SER_FRAME_CHROMA = 1u << 1,
    SER_FRAME_MEL = 1u << 2,
    SER_FRAME_CONTRAST = 1u << 3,
    SER_FRAME_MEL_DB = 1u << 4,
    SER_FRAME_RMS = 1u << 5,
    SER_FRAME_ZCR = 1u << 6,
    SER_FRAME_CENTROID = 1u << 7,
    SER_FRAME_BANDWIDTH = 1u << 8,
    SER_FRAME_ROLLOFF = 1u << 9,
    SER_FRAME_FLATNESS = 1u << 10
} ser_frame_feature;

#define SER_FRAME_N_FEATURES 11
/* The frames of the seed vector (ser/seed.h). */
#define SER_FRAME_SEED (SER_FRAME_MFCC | SER_FRAME_CHROMA | SER_FRAME_MEL | SER_FRAME_CONTRAST)
#define SER_FRAME_ALL ((1u << SER_FRAME_N_FEATURES) - 1u)

typedef struct ser_frame_stream_config {
    double sample_rate;          /* Hz of the samples pushed (16000) */
    ser_stft_config stft;        /* ser_stft_config_default(): 2048 / 512, Hann, center with zeros;
                                    SER_PAD_REFLECT is refused (not causal) */
    unsigned features;           /* ser_frame_feature flags (SER_FRAME_SEED | SER_FRAME_RMS | SER_FRAME_ZCR) */
    size_t n_mels;               /* mel bands for mel, mel dB and MFCC (128) */
    size_t n_mfcc;               /* MFCC coefficients, <= n_mels (13) */
    ser_db_config db;            /* dB for mel dB, MFCC, contrast: ser_db_config_default() with
                                    clip SER_DB_CLIP_NONE; SER_DB_CLIP_MAX is refused */
    double tuning;               /* chroma tuning, fractions of a bin, in [-0.5, 0.5) (0) */
    double contrast_fmin;        /* Hz (200) */
    size_t contrast_n_bands;     /* (6) */
    double contrast_quantile;    /* (0.02) */
    ser_pad_mode rms_pad;        /* padding of RMS frames: SER_PAD_CONSTANT (librosa) or EDGE */
    ser_pad_mode zcr_pad;        /* padding of ZCR frames: SER_PAD_EDGE (librosa) or CONSTANT */
    double zcr_threshold;        /* |x| <= threshold counts as 0 (1e-10) */
    ser_spectral_config spectral; /* roll_percent etc. (ser_spectral_config_default(); its
                                     sample_rate and n_fft are taken from above) */
    ser_kernel kernel;           /* inner-loop build for FFT, mel, chroma (SER_KERNEL_AUTO; same bits) */
} ser_frame_stream_config;

ser_frame_stream_config ser_frame_stream_config_default(void);

typedef struct ser_frame_stream ser_frame_stream;

/* Called once per row, in frame order, from inside push / flush / compute:
 * t is the frame index since the last reset, row holds row_dim values
 * (valid only during the call). */
typedef void (*ser_frame_fn)(void *user, size_t t, const float *row, size_t row_dim);

/* Builds every table and buffer (about 290 KB at the defaults, mostly the
 * FFT, mel, chroma and contrast tables each object owns).
 * SER_ERR_ARG for an invalid configuration (no feature, n_mfcc > n_mels,
 * a non-causal dB clip, ...), SER_ERR_UNSUPPORTED for reflect padding or a
 * kernel this CPU cannot run, SER_ERR_NOMEM. */
ser_frame_stream *ser_frame_stream_create(const ser_frame_stream_config *cfg, ser_status *err);
void ser_frame_stream_destroy(ser_frame_stream *fs);
const ser_frame_stream_config *ser_frame_stream_config_of(const ser_frame_stream *fs);

/* Shared tables.  A plan holds the read-only tables of one configuration
 * (STFT window and FFT twiddles, mel filterbank, DCT, chroma, contrast and
 * spectral tables: about 290 KB at the defaults); streams made from it
 * with ser_frame_stream_create_planned own only their ring, work buffers
 * and row (about 115 KB at the defaults, most of it the FFT's double-
 * precision work) and give the same rows, bit for bit, as
 * ser_frame_stream_create.  The tables are never written after create:
 * streams on different threads may share a plan.  The plan must outlive
 * its streams.  Errors as ser_frame_stream_create. */
typedef struct ser_frame_plan ser_frame_plan;
ser_frame_plan *ser_frame_plan_create(const ser_frame_stream_config *cfg, ser_status *err);
void ser_frame_plan_destroy(ser_frame_plan *plan);
const ser_frame_stream_config *ser_frame_plan_config(const ser_frame_plan *plan);
/* SER_ERR_ARG (NULL plan), SER_ERR_NOMEM. */
ser_frame_stream *ser_frame_stream_create_planned(const ser_frame_plan *plan, ser_status *err);

/* Values per row, and their names ("mfcc1", "chroma12", "mel128",
 * "contrast7", "mel_db1", "rms", "zcr", "centroid", ...; row_dim strings
 * owned by the stream). */
size_t ser_frame_stream_row_dim(const ser_frame_stream *fs);
const char *const *ser_frame_stream_row_names(const ser_frame_stream *fs);
/* Column offset of one block in a row and its width in *count; returns
 * (size_t)-1 and *count 0 when the block was not asked for. */
size_t ser_frame_stream_block(const ser_frame_stream *fs, ser_frame_feature feature, size_t *count);

/* Rows the whole-buffer call gives for n samples (1 + n/hop centred). */
size_t ser_frame_stream_n_frames(const ser_frame_stream *fs, size_t n_samples);
/* Samples pushed and rows emitted since the last reset. */
size_t ser_frame_stream_samples(const ser_frame_stream *fs);
size_t ser_frame_stream_frames(const ser_frame_stream *fs);
/* Frames per second, sample_rate / hop. */
double ser_frame_stream_frame_rate(const ser_frame_stream *fs);

/* Push x[0..n) ([-1, 1] floats at cfg.sample_rate; n == 0 allowed) and
 * call fn for every frame completed.  SER_ERR_NONFINITE (nothing of the
 * chunk taken) for a NaN or infinite sample, SER_ERR_STATE after a flush,
 * SER_ERR_ARG for NULL arguments.  Never allocates. */
ser_status ser_frame_stream_push(ser_frame_stream *fs, const float *x, size_t n, ser_frame_fn fn, void *user);

/* End of input: emit the trailing frames (see Flush above).  Nothing is
 * emitted when no sample was pushed.  A second flush emits nothing.
 * Never allocates. */
ser_status ser_frame_stream_flush(ser_frame_stream *fs, ser_frame_fn fn, void *user);

/* Back to the start of a new stream (no sample seen).  Never allocates. */
void ser_frame_stream_reset(ser_frame_stream *fs);

/* Whole-buffer convenience: reset, push x[0..n) in one chunk, flush, and
 * write the rows to out (row-major (n_frames, row_dim)); n_frames must be
 * ser_frame_stream_n_frames(fs, n).  SER_ERR_EMPTY for n == 0.  Leaves the
 * stream flushed.  Never allocates. */
ser_status ser_frame_stream_compute(ser_frame_stream *fs, const float *x, size_t n, float *out, size_t n_frames);

#ifdef __cplusplus
}
#endif
#endif
