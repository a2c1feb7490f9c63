/* ser/scaler.h - standard scaler: z = (x - mean) / scale per feature.
 *
 * Fitted on training rows only (scikit-learn StandardScaler semantics:
 * mean and population standard deviation, ddof = 0, two-pass corrected
 * variance; a feature whose variance is indistinguishable from zero --
 * var <= n eps var + (n mean eps)^2 -- gets scale 1).  Matrices are
 * row-major (rows = samples, columns = features).  A scaler is immutable
 * after creation and safe to share across threads. */
#ifndef SER_SCALER_H
#define SER_SCALER_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_scaler ser_scaler;

/* Fit on x (n_rows x n_cols).  SER_ERR_EMPTY without rows or columns,
 * SER_ERR_NONFINITE for a NaN/Inf entry (named by row and column). */
ser_status ser_scaler_fit(const double *x, size_t n_rows, size_t n_cols, ser_scaler **out, ser_error *err);

/* A scaler from stored statistics (e.g. a model file): every mean finite,
 * every scale finite and > 0, else SER_ERR_ARG / SER_ERR_NONFINITE. */
ser_status ser_scaler_create(const double *mean, const double *scale, size_t n_cols, ser_scaler **out,
                             ser_error *err);

void ser_scaler_destroy(ser_scaler *scaler);

size_t ser_scaler_dim(const ser_scaler *scaler);
/* n_cols values each, owned by the scaler. */
const double *ser_scaler_mean(const ser_scaler *scaler);
const double *ser_scaler_scale(const ser_scaler *scaler);

/* In place: x (n_rows x dim) <- (x - mean) / scale.  Never allocates. */
void ser_scaler_transform(const ser_scaler *scaler, double *x, size_t n_rows);

/* out (n_rows x dim) <- (in - mean) / scale, computed in double.  Gives
 * the same values as ser_scaler_transform on the float values widened to
 * double.  Never allocates; in and out must not overlap. */
void ser_scaler_transform_float(const ser_scaler *scaler, const float *in, double *out, size_t n_rows);

#ifdef __cplusplus
}
#endif
#endif
