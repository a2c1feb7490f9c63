/* ser/pca.h - principal component analysis of a data matrix (for the
 * exploratory report's 2-D projection).
 *
 * Definition (scikit-learn 1.2 PCA with svd_solver="full" semantics):
 * the columns are centred on their means; the components are the
 * eigenvectors of the sample covariance (divisor n - 1) in order of
 * decreasing eigenvalue; explained_variance = those eigenvalues;
 * explained_variance_ratio = eigenvalue / sum of all eigenvalues (the
 * total variance).  Computed with LAPACKE_dsyevd on the d x d covariance,
 * so it suits d up to a few thousand.  A component's sign is fixed so that
 * its entry of largest magnitude is positive (sklearn fixes it from U;
 * compare components up to sign).  Scale the columns first (ser/scaler.h)
 * for a correlation PCA. */
#ifndef SER_PCA_H
#define SER_PCA_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_pca {
    size_t n_features, n_components;
    double *mean;                     /* n_features column means */
    double *components;               /* n_components x n_features, row-major, unit-norm rows */
    double *explained_variance;       /* n_components eigenvalues (units of the data squared) */
    double *explained_variance_ratio; /* n_components fractions of the total variance, in [0, 1] */
    double total_variance;            /* trace of the covariance */
} ser_pca;

/* Fit on x (n_rows x n_features, row-major).  n_components in
 * [1, n_features].  SER_ERR_ARG (n_rows < 2, bad n_components),
 * SER_ERR_NONFINITE (NaN/Inf in x), SER_ERR_EXTERNAL (LAPACK failed),
 * SER_ERR_NOMEM.  On error *out is zeroed. */
ser_status ser_pca_fit(const double *x, size_t n_rows, size_t n_features, size_t n_components, ser_pca *out,
                       ser_error *err);

/* out[i * n_components + k] = (x_i - mean) . component_k for n_rows rows. */
void ser_pca_transform(const ser_pca *pca, const double *x, size_t n_rows, double *out);

void ser_pca_free(ser_pca *pca);

#ifdef __cplusplus
}
#endif
#endif
