/* ser/svm.h - support vector classifier: libsvm trains, libser predicts.
 *
 * Training runs libsvm's C-SVC (one-vs-one, like scikit-learn's SVC) on
 * row-major double features (normally standardised, see ser/scaler.h)
 * and copies the result -- support vectors, coefficients, rho -- into a
 * ser_svm.  Prediction is libser's own allocation-free code and gives the
 * decision values of libsvm's svm_predict_values (tested identical).
 *
 * Classes are 0..n_classes-1 and every class needs a training sample.
 * Decision values come in libsvm's pair order (0,1), (0,2), ...,
 * (0,K-1), (1,2), ...; positive favours the first class of the pair.
 * The label is libsvm's / scikit-learn's one-vs-one vote (ties go to the
 * lower class index).
 *
 * Probabilities (optional, on by default) use libser's own seeded
 * calibration instead of libsvm's, which shuffles with the global rand():
 * for every pair of classes, a k-fold cross-validation (folds drawn with
 * ser_rng from the seed) of a binary SVM on that pair's samples gives
 * out-of-fold decision values, to which a sigmoid 1 / (1 + exp(A f + B))
 * is fitted by Platt's method as improved by Lin, Lin & Weng (2007).
 * At prediction the pairwise probabilities are coupled into class
 * probabilities by Wu, Lin & Weng (2004), method 2 -- libsvm's scheme,
 * with a reproducible shuffle.  Same data + config + seed give the same
 * model bit for bit.  argmax(probabilities) can differ from the vote.
 *
 * A ser_svm is immutable after training or decoding and safe to share
 * across threads; each thread passes its own scratch to the predict
 * functions. */
#ifndef SER_SVM_H
#define SER_SVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ser/class_weight.h"
#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_svm_kernel {
    SER_SVM_RBF = 0,   /* exp(-gamma |x - y|^2) */
    SER_SVM_LINEAR = 1 /* <x, y> */
} ser_svm_kernel;

typedef enum ser_svm_gamma_mode {
    SER_SVM_GAMMA_SCALE = 0, /* sklearn 'scale': 1 / (n_features * var(X)), var over every entry; 1 if var == 0 */
    SER_SVM_GAMMA_AUTO = 1,  /* sklearn 'auto': 1 / n_features */
    SER_SVM_GAMMA_VALUE = 2  /* config.gamma */
} ser_svm_gamma_mode;

typedef struct ser_svm_config {
    ser_svm_kernel kernel;              /* SER_SVM_RBF */
    double c;                           /* 1.0; penalty C, > 0 */
    ser_svm_gamma_mode gamma_mode;      /* SER_SVM_GAMMA_SCALE (RBF only) */
    double gamma;                       /* for SER_SVM_GAMMA_VALUE; > 0, in 1 / feature-unit^2 */
    ser_class_weight_mode class_weight; /* SER_CLASS_WEIGHT_NONE; C of class k is c * weight[k] */
    const double *class_weights;        /* SER_CLASS_WEIGHT_CUSTOM: n_classes values, read during training */
    double tol;                         /* 1e-3; libsvm -e, sklearn tol */
    double cache_mb;                    /* 200; kernel cache in MiB */
    bool shrinking;                     /* true */
    bool probability;                   /* true: fit the calibration (costs ~5 extra trainings per pair) */
    size_t calibration_folds;           /* 5; folds of the calibration cross-validation, >= 2 */
    uint64_t seed;                      /* 0; seeds the calibration folds */
} ser_svm_config;

typedef struct ser_svm ser_svm;

void ser_svm_config_default(ser_svm_config *cfg);

/* Train on x (n_rows x n_features, row-major, finite) with labels y
 * (0..n_classes-1, each class present, n_classes >= 2).  Errors:
 * SER_ERR_ARG (bad config, named), SER_ERR_LABEL (label out of range,
 * empty class, single class), SER_ERR_NONFINITE, SER_ERR_EMPTY,
 * SER_ERR_NOMEM, SER_ERR_EXTERNAL (libsvm refused the problem). */
ser_status ser_svm_train(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                         const ser_svm_config *cfg, ser_svm **out, ser_error *err);

void ser_svm_destroy(ser_svm *svm);

size_t ser_svm_n_classes(const ser_svm *svm);
size_t ser_svm_n_features(const ser_svm *svm);
size_t ser_svm_n_support(const ser_svm *svm);          /* support vectors, all classes */
size_t ser_svm_n_support_class(const ser_svm *svm, size_t k);
ser_svm_kernel ser_svm_kernel_of(const ser_svm *svm);
double ser_svm_gamma(const ser_svm *svm);               /* resolved gamma (RBF) */
bool ser_svm_has_probability(const ser_svm *svm);
/* The configuration it was trained with (class_weights points into the
 * model: the resolved per-class weights; gamma is the resolved value). */
void ser_svm_config_of(const ser_svm *svm, ser_svm_config *cfg);

/* Number of doubles of scratch that the predict functions need. */
size_t ser_svm_scratch_size(const ser_svm *svm);

/* Decision values of one row x (n_features values) into dec
 * (n_classes (n_classes - 1) / 2 values, pair order above).  Never
 * allocates. */
void ser_svm_decision(const ser_svm *svm, const double *x, double *dec, double *scratch);

/* Label (one-vs-one vote) and, when probs is not NULL, the calibrated
 * class probabilities (n_classes values summing to 1) of one row.
 * SER_ERR_STATE when probs is asked of a model without calibration.
 * Never allocates. */
ser_status ser_svm_predict(const ser_svm *svm, const double *x, int *label, double *probs, double *scratch);

/* Serialised form (little-endian, self-contained; used in model files).
 * ser_svm_encode returns a malloc'd buffer in *data (free() it). */
ser_status ser_svm_encode(const ser_svm *svm, unsigned char **data, size_t *len, ser_error *err);
/* Rebuild from ser_svm_encode's bytes; validates every count and index
 * (SER_ERR_FORMAT / SER_ERR_TRUNCATED), never trusts the input. */
ser_status ser_svm_decode(const unsigned char *data, size_t len, ser_svm **out, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
