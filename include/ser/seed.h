/* ser/seed.h - the `seed` feature vector: the 320 values the seed notebook
 * computes with librosa (../shared/vectors/README.md):
 *
 *   [0, 13)    mfcc13 mean      [13, 26)   mfcc13 var
 *   [26, 38)   chroma mean      [38, 50)   chroma var
 *   [50, 178)  mel power mean   [178, 306) mel power var
 *   [306, 313) contrast mean    [313, 320) contrast var
 *
 * mean and var over frames (var with ddof 0), in double precision, from
 * features computed as librosa 0.10 does with its defaults: one STFT
 * (n_fft 2048, hop 512, periodic Hann, centre zero padding) feeds the
 * Slaney mel bank (128), MFCC (13, from power_to_db with the file-wide
 * 80 dB floor), chroma_stft (12, tuning estimated per file, max-norm) and
 * spectral contrast on |X| (fmin 200, 6 bands, quantile 0.02).
 *
 * Offline vs streaming: the file-wide dB floor and the tuning estimate
 * look at the whole signal.  For features that a stream can compute frame
 * by frame, set db.clip to SER_DB_CLIP_FIXED or SER_DB_CLIP_NONE and
 * estimate_tuning to false (fixed tuning). */
#ifndef SER_SEED_H
#define SER_SEED_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/db.h"
#include "ser/kernel.h"
#include "ser/status.h"
#include "ser/stft.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_SEED_DIM 320
#define SER_SEED_N_MFCC 13
#define SER_SEED_N_CHROMA 12
#define SER_SEED_N_MELS 128
#define SER_SEED_N_CONTRAST 7

/* Offsets of each block in the vector. */
enum {
    SER_SEED_MFCC_MEAN = 0,
    SER_SEED_MFCC_VAR = 13,
    SER_SEED_CHROMA_MEAN = 26,
    SER_SEED_CHROMA_VAR = 38,
    SER_SEED_MEL_MEAN = 50,
    SER_SEED_MEL_VAR = 178,
    SER_SEED_CONTRAST_MEAN = 306,
    SER_SEED_CONTRAST_VAR = 313
};

typedef struct ser_seed_config {
    double sample_rate;       /* Hz of the samples handed in (16000) */
    ser_stft_config stft;     /* ser_stft_config_default() */
    bool estimate_tuning;     /* librosa: estimate per file (true; offline only) */
    double tuning;            /* chroma tuning in fractions of a bin when not estimated (0) */
    ser_db_config db;         /* power_to_db for MFCC and contrast (ser_db_config_default()) */
    double contrast_fmin;     /* Hz (200) */
    double contrast_quantile; /* (0.02) */
    ser_kernel kernel;        /* inner-loop build for FFT, mel, chroma (SER_KERNEL_AUTO; same bits) */
    size_t max_stored_frames; /* memory bound: with an estimated tuning, chroma needs every power frame
                                 after the estimate; up to this many frames they are kept (4 KB each at
                                 n_fft 2048), a longer signal has its STFT computed twice (4096, about
                                 131 s at 16 kHz) */
} ser_seed_config;

ser_seed_config ser_seed_config_default(void);

typedef struct ser_seed ser_seed;

/* Tables (mel, chroma, DCT, contrast bands) are built here.  SER_ERR_ARG
 * for an invalid configuration. */
ser_seed *ser_seed_create(const ser_seed_config *cfg, ser_status *err);
void ser_seed_destroy(ser_seed *seed);

/* The 320 values for x[0..n) (mono, [-1, 1], at cfg.sample_rate) into
 * out[SER_SEED_DIM].  The object keeps its frame buffers between calls and
 * grows them for a longer signal (SER_ERR_NOMEM if it cannot): about 640
 * bytes per frame (20 KB per second at 16 kHz) plus the power frames kept
 * (see max_stored_frames).  SER_ERR_EMPTY for n == 0, SER_ERR_NONFINITE
 * for a NaN or infinite sample. */
ser_status ser_seed_compute(ser_seed *seed, const float *x, size_t n, double *out, ser_error *err);

/* Frame-level features of the last ser_seed_compute, row-major
 * (n_frames, n_rows); NULL before the first successful call, and for
 * SER_SEED_PART_POWER when the signal had more than max_stored_frames. */
typedef enum ser_seed_part {
    SER_SEED_PART_POWER = 0, /* |X|^2, n_fft/2+1 rows */
    SER_SEED_PART_MEL,       /* mel power, 128 */
    SER_SEED_PART_MEL_DB,    /* power_to_db(mel), 128 */
    SER_SEED_PART_MFCC,      /* 13 */
    SER_SEED_PART_CHROMA,    /* 12 */
    SER_SEED_PART_CONTRAST   /* 7 */
} ser_seed_part;

const float *ser_seed_frames(const ser_seed *seed, ser_seed_part part, size_t *n_frames, size_t *n_rows);

/* The chroma tuning used by the last ser_seed_compute (fractions of a bin). */
double ser_seed_tuning(const ser_seed *seed);

#ifdef __cplusplus
}
#endif
#endif
