/* ser/model.h - a trained model: scaler + classifier + everything needed
 * to use it, in one self-describing file.
 *
 * File layout (all integers little-endian; docs/model-format.md):
 *   offset 0   8 bytes  magic "SERMODEL"
 *          8   u32      format version (SER_MODEL_FORMAT_VERSION)
 *         12   u32      H, length of the JSON header
 *         16   u64      P, length of the binary payload
 *         24   H bytes  JSON header (UTF-8): feature set (name, dimension
 *                       names, layout hash, config), sample rate, label
 *                       names, scaler mean/scale, model kind and
 *                       hyper-parameters, training-data fingerprint, CV
 *                       metrics, provenance (ser version, command line,
 *                       seed)
 *    24 + H    P bytes  payload: the classifier (ser_svm_encode /
 *                       ser_trees_encode); no libsvm / xgboost needed to
 *                       load or run it
 *    24 + H + P  u32    CRC-32 (zlib) of every byte before it
 * Files are written atomically (temporary file + fsync + rename).
 * Loading checks, in order: magic (SER_ERR_FORMAT), version
 * (SER_ERR_VERSION), lengths (SER_ERR_TRUNCATED), checksum
 * (SER_ERR_CHECKSUM), header (SER_ERR_PARSE / SER_ERR_FORMAT), payload,
 * and that header and payload agree on the layout (SER_ERR_LAYOUT).
 *
 * A ser_model is immutable and safe to share across threads; each thread
 * predicts through its own ser_model_ctx (scratch sized at creation), so
 * ser_model_predict never allocates.  A model never points into its
 * training data. */
#ifndef SER_MODEL_H
#define SER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ser/cnn.h"
#include "ser/scaler.h"
#include "ser/status.h"
#include "ser/svm.h"
#include "ser/trees.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SER_MODEL_MAGIC "SERMODEL"
#define SER_MODEL_FORMAT_VERSION 1u

typedef enum ser_model_kind {
    SER_MODEL_SVM = 0,    /* "svm" */
    SER_MODEL_FOREST = 1, /* "forest" */
    SER_MODEL_BOOST = 2,  /* "boost" */
    SER_MODEL_CNN = 3     /* "cnn": a ser_cnn on a log-mel image (docs/model-format.md) */
} ser_model_kind;

/* Static name of a kind ("svm", "forest", "boost"). */
const char *ser_model_kind_name(ser_model_kind kind);

/* What a model records besides its parameters.  Strings are copied. */
typedef struct ser_model_meta {
    const char *feature_set;          /* feature-set name, e.g. "seed" (required) */
    const char *const *feature_names; /* n_features dimension names, in vector order (required) */
    size_t n_features;
    const char *feature_config_json;  /* the feature-set configuration as a JSON object, or NULL */
    double sample_rate;               /* Hz the features were computed at; 0 = each file's native rate */
    const char *const *label_names;   /* n_classes names, class index order (required, distinct) */
    size_t n_classes;
    size_t n_train;                   /* training rows */
    uint64_t data_fingerprint;        /* ser_data_fingerprint of the training data; 0 = unknown */
    const char *cv_metrics_json;      /* cross-validation results as a JSON object, or NULL */
    const char *command_line;         /* provenance, or NULL */
    uint64_t seed;                    /* seed of the training run */
    const char *created;              /* timestamp text, or NULL (keeps files byte-reproducible) */
    /* Trained on per-speaker standardised features (ser/speaker_norm.h):
     * the population prior of a speaker's statistics, n_features each
     * (ser_speaker_prior), or both NULL.  Header "speaker_norm". */
    const double *speaker_norm_mean, *speaker_norm_std;
} ser_model_meta;

typedef struct ser_model ser_model;
typedef struct ser_model_ctx ser_model_ctx;

/* Zeroes *meta. */
void ser_model_meta_default(ser_model_meta *meta);

/* FNV-1a 64 of the dimension names, each followed by '\n': identifies a
 * feature layout (order and meaning of the vector's dimensions). */
uint64_t ser_feature_layout_hash(const char *const *names, size_t n);

/* FNV-1a 64 of n_rows, n_cols, the matrix (row-major doubles) and the
 * labels, as little-endian bytes: identifies a training set. */
uint64_t ser_data_fingerprint(const double *x, size_t n_rows, size_t n_cols, const int *y);

/* Build a model from a fitted scaler and classifier (both copied; the
 * caller keeps and destroys its own).  Dimensions and class counts must
 * agree with meta (SER_ERR_LAYOUT / SER_ERR_LABEL); the SVM needs its
 * probability calibration (SER_ERR_ARG); JSON texts in meta must be
 * objects (SER_ERR_PARSE). */
ser_status ser_model_create_svm(const ser_model_meta *meta, const ser_scaler *scaler, const ser_svm *svm,
                                ser_model **out, ser_error *err);
ser_status ser_model_create_trees(const ser_model_meta *meta, const ser_scaler *scaler, const ser_trees *trees,
                                  ser_model **out, ser_error *err);

/* A CNN model (kind "cnn").  Its input ("features") is the clip's log-mel
 * image, n_mels x n_frames dB values row-major (mels, frames), as
 * ser_cnn_fit_length makes it; meta->feature_names may be NULL (the names
 * are generated: "mel<m>_t<t>", mel-major) and meta->n_features 0 or
 * n_mels * n_frames.  No scaler: the network holds its band
 * normalisation.  The network (parameters, batch-norm statistics, band
 * normalisation) is copied; meta->cv_metrics_json may carry the learning
 * curves.  SER_ERR_LAYOUT / SER_ERR_LABEL as above. */
ser_status ser_model_create_cnn(const ser_model_meta *meta, const ser_cnn *net, ser_model **out, ser_error *err);

void ser_model_destroy(ser_model *model);

/* The complete file image (malloc'd into *data; free() it). */
ser_status ser_model_serialize(const ser_model *model, unsigned char **data, size_t *len, ser_error *err);
/* Write atomically; SER_ERR_IO naming the path and the reason. */
ser_status ser_model_save(const ser_model *model, const char *path, ser_error *err);
/* Load from a file or from memory (the bytes are not kept). */
ser_status ser_model_load(const char *path, ser_model **out, ser_error *err);
ser_status ser_model_load_memory(const void *data, size_t len, ser_model **out, ser_error *err);

ser_model_kind ser_model_kind_of(const ser_model *model);
size_t ser_model_n_classes(const ser_model *model);
const char *ser_model_label(const ser_model *model, size_t k); /* NULL when k is out of range */
size_t ser_model_n_features(const ser_model *model);
const char *ser_model_feature_name(const ser_model *model, size_t j); /* NULL when out of range */
const char *ser_model_feature_set(const ser_model *model);
uint64_t ser_model_layout_hash(const ser_model *model);
double ser_model_sample_rate(const ser_model *model); /* Hz; 0 = native */
const char *ser_model_header_json(const ser_model *model); /* the JSON header, as in the file */
/* Whether the model expects per-speaker standardised features; if so, and
 * the arguments are not NULL, the prior of a speaker's statistics
 * (n_features each; valid while the model lives). */
bool ser_model_speaker_norm(const ser_model *model, const double **prior_mean, const double **prior_std);
const ser_scaler *ser_model_scaler(const ser_model *model); /* NULL for a cnn model */
const ser_svm *ser_model_svm(const ser_model *model);     /* NULL unless kind is svm */
const ser_trees *ser_model_trees(const ser_model *model); /* NULL unless forest / boost */
const ser_cnn *ser_model_cnn(const ser_model *model);     /* NULL unless cnn (do not predict through it:
                                                              use a ser_model_ctx) */

/* SER_ERR_LAYOUT, naming the first differing dimension, unless names
 * (n of them) are exactly the model's feature names in order. */
ser_status ser_model_check_layout(const ser_model *model, const char *const *names, size_t n, ser_error *err);

/* Per-thread prediction context: scratch sized for `model` (or any model
 * needing no more; for a cnn model, its own copy of the network, batch 1,
 * for that model only).  SER_ERR_NOMEM. */
ser_status ser_model_ctx_create(const ser_model *model, ser_model_ctx **out);
void ser_model_ctx_destroy(ser_model_ctx *ctx);

/* Classify one feature vector (dim values, the model's layout, unscaled):
 * probs gets n_classes probabilities summing to 1 (n_probs >= n_classes)
 * and *label (may be NULL) the class: for an SVM the one-vs-one vote (as
 * libsvm and scikit-learn's SVC.predict), for trees and cnn argmax(probs).
 * A cnn model's features are its log-mel image (dim n_mels * n_frames).
 * SER_ERR_LAYOUT when dim differs, SER_ERR_NONFINITE for a NaN/Inf
 * feature, SER_ERR_ARG for a too small probs or ctx.  Never allocates. */
ser_status ser_model_predict(const ser_model *model, ser_model_ctx *ctx, const float *features, size_t dim,
                             double *probs, size_t n_probs, int *label);

#ifdef __cplusplus
}
#endif
#endif
