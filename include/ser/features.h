/* ser/features.h - named feature sets: from mono samples to one named
 * vector per clip, and over a whole dataset on N threads.
 *
 * CONTRACT (implemented in src/features/; the ML commands rely on it):
 *
 * Sets (ser_feature_set_parse):
 *   "seed"     the 320-dim librosa vector of ../shared/vectors/README.md:
 *              mfcc1..13 mean/var, chroma1..12 mean/var, mel1..128 mean/var
 *              (power), contrast1..7 mean/var.  Names: mfcc1_mean ...
 *              mfcc13_var, chroma1_mean, mel1_mean, contrast1_mean, ...
 *   "prosody"  f0, energy, speaking rate, jitter, shimmer, HNR (ser/prosody.h
 *              dimension names: f0_mean, f0_slope, jitter_local, ...)
 *   "full"     seed + prosody + MFCC deltas (mfcc1_delta_mean ...), and
 *              richer statistics where documented in the implementation
 *   user sets  "family[:stat,stat...]+family..." e.g.
 *              "mfcc40:mean,std+mel64:mean+prosody" (families and stats
 *              listed by ser_feature_set_help()).
 * Every dimension has a stable name (ser_extractor_name), used as the CSV
 * column header and stored in model files (layout hash).
 *
 * Offline vs streaming: a set computed "offline" follows librosa exactly
 * (file-wide 80 dB clip, per-file tuning estimate); with `streaming` set
 * the file-wide parts are replaced by what the live stream computes
 * (documented in the implementation), so models for live use are trained
 * on the features the stream computes.
 *
 * CSV (ser features --format csv, ser train --features CSV): a header
 * "path,label,speaker,corpus,<names...>" then one row per clip; label /
 * speaker / corpus empty when unknown; numbers with %.9g. */
#ifndef SER_FEATURES_H
#define SER_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

#include "ser/audio.h"
#include "ser/dataset.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_feature_set_config ser_feature_set_config; /* opaque, parsed spec */

/* Parse a set name or composed spec.  SER_ERR_PARSE with a message naming
 * the bad token. */
ser_feature_set_config *ser_feature_set_parse(const char *spec, ser_status *status, ser_error *err);
void ser_feature_set_config_destroy(ser_feature_set_config *cfg);
/* Replace the offline (file-wide) parts by the streaming behaviour. */
void ser_feature_set_set_streaming(ser_feature_set_config *cfg, bool streaming);
/* The canonical spec string (round-trips through ser_feature_set_parse). */
const char *ser_feature_set_spec(const ser_feature_set_config *cfg);
/* Multi-line help text listing families and statistics (static string). */
const char *ser_feature_set_help(void);
bool ser_feature_set_streaming(const ser_feature_set_config *cfg);
/* Dimension and column names (they do not depend on the sample rate). */
size_t ser_feature_set_dim(const ser_feature_set_config *cfg);
const char *ser_feature_set_name(const ser_feature_set_config *cfg, size_t i);

/* An extractor owns every table and buffer for one set at one sample
 * rate; not thread-safe (one per thread), cheap to reuse across clips. */
typedef struct ser_extractor ser_extractor;

ser_extractor *ser_extractor_create(const ser_feature_set_config *cfg, int sample_rate, ser_status *status,
                                    ser_error *err);
void ser_extractor_destroy(ser_extractor *ex);
size_t ser_extractor_dim(const ser_extractor *ex);
int ser_extractor_sample_rate(const ser_extractor *ex);
const char *ser_extractor_name(const ser_extractor *ex, size_t i);
/* Vector of x[0..n) (mono, [-1, 1], at the extractor's rate) into
 * out[ser_extractor_dim]. */
ser_status ser_extractor_compute(ser_extractor *ex, const float *x, size_t n, double *out, ser_error *err);

/* A dataset's features: rows follow the dataset's item order; rows whose
 * file failed are flagged (ok[i] == false) with the reason in errors[i]. */
typedef struct ser_feature_matrix {
    size_t n_rows, dim;
    double *values;  /* n_rows * dim, row-major */
    bool *ok;        /* n_rows */
    char **errors;   /* n_rows; NULL where ok */
    char **names;    /* dim column names */
    /* Per row (n_rows each; an entry is "" when unknown, never NULL):
     * the file, its label name ("angry", ...), speaker ("ravdess:01"),
     * corpus ("ravdess").  Filled by ser_features_extract_dataset and
     * ser_feature_csv_read. */
    char **paths, **labels, **speakers, **corpora;
    char *spec;      /* the set's canonical spec, or NULL (CSV input) */
    int sample_rate; /* Hz of the analysis, 0 = native/unknown */
} ser_feature_matrix;

typedef void (*ser_progress_fn)(void *user, size_t done, size_t total);

typedef struct ser_extract_options {
    const ser_load_config *load; /* NULL: ser_load_config_default() */
    int threads;                 /* >= 1; results do not depend on it */
    ser_progress_fn progress;    /* may be NULL; called from worker threads, serialised */
    void *progress_user;
} ser_extract_options;

/* Decode and extract every item of a dataset.  Per-file failures do not
 * stop the batch; the status is an error only for a global failure. */
ser_status ser_features_extract_dataset(const ser_dataset *ds, const ser_feature_set_config *cfg,
                                        const ser_extract_options *opt, ser_feature_matrix *out, ser_error *err);
/* The same over an item list (label SER_LABEL_NONE, speaker / corpus NULL
 * allowed: written as empty). */
ser_status ser_features_extract_items(const ser_dataset_item *items, size_t n, const ser_feature_set_config *cfg,
                                      const ser_extract_options *opt, ser_feature_matrix *out, ser_error *err);
void ser_feature_matrix_free(ser_feature_matrix *m);
/* Rows with ok[i]. */
size_t ser_feature_matrix_ok_count(const ser_feature_matrix *m);
/* Writers and the CSV reader: ser/feature_io.h. */

#ifdef __cplusplus
}
#endif
#endif
