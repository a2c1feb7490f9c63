/* ser/class_weight.h - per-class weights for imbalanced training data.
 *
 * A class weight multiplies the SVM's C for that class (libsvm -wi) or
 * the weight of each of its samples (trees).  "balanced" is
 * scikit-learn's class_weight='balanced': n_samples / (n_classes *
 * count[k]). */
#ifndef SER_CLASS_WEIGHT_H
#define SER_CLASS_WEIGHT_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_class_weight_mode {
    SER_CLASS_WEIGHT_NONE = 0,     /* every class 1 */
    SER_CLASS_WEIGHT_BALANCED = 1, /* n / (n_classes * count[k]) */
    SER_CLASS_WEIGHT_CUSTOM = 2    /* caller-given, one per class */
} ser_class_weight_mode;

/* Static name: "none", "balanced", "custom". */
const char *ser_class_weight_mode_name(ser_class_weight_mode mode);

/* out[k] for k < n_classes from labels y[0..n) (values 0..n_classes-1).
 * custom is read for SER_CLASS_WEIGHT_CUSTOM only: finite and > 0.
 * SER_ERR_LABEL for a label out of range or (balanced) a class without
 * samples. */
ser_status ser_class_weights_compute(const int *y, size_t n, size_t n_classes, ser_class_weight_mode mode,
                                     const double *custom, double *out, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
