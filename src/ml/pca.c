/* PCA: covariance of the centred data, symmetric eigen-decomposition
 * (LAPACKE_dsyevd), components sorted by decreasing eigenvalue. */
#include "ser/pca.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

void ser_pca_free(ser_pca *pca)
{
    if (!pca)
        return;
    free(pca->mean);
    free(pca->components);
    free(pca->explained_variance);
    free(pca->explained_variance_ratio);
    memset(pca, 0, sizeof *pca);
}

ser_status ser_pca_fit(const double *x, size_t n, size_t d, size_t k, ser_pca *out, ser_error *err)
{
    memset(out, 0, sizeof *out);
    if (!x || n < 2 || d == 0)
        return ser_error_set(err, SER_ERR_ARG, "pca: need at least 2 rows and 1 column (got %zu x %zu)", n, d);
    if (k < 1 || k > d)
        return ser_error_set(err, SER_ERR_ARG, "pca: n_components %zu outside [1, %zu]", k, d);
    if (d > 46340) /* d * d must fit LAPACK's int */
        return ser_error_set(err, SER_ERR_OVERFLOW, "pca: %zu columns is too many for the covariance method", d);
    for (size_t i = 0; i < n * d; i++)
        if (!isfinite(x[i]))
            return ser_error_set(err, SER_ERR_NONFINITE, "pca: non-finite value at row %zu column %zu", i / d,
                                 i % d);
    double *cov = ser_calloc_array(d * d, sizeof *cov);
    double *w = ser_alloc_array(d, sizeof *w);
    double *row = ser_alloc_array(d, sizeof *row);
    out->mean = ser_calloc_array(d, sizeof *out->mean);
    out->components = ser_alloc_array(k * d, sizeof *out->components);
    out->explained_variance = ser_alloc_array(k, sizeof *out->explained_variance);
    out->explained_variance_ratio = ser_alloc_array(k, sizeof *out->explained_variance_ratio);
    if (!cov || !w || !row || !out->mean || !out->components || !out->explained_variance ||
        !out->explained_variance_ratio) {
        free(cov);
        free(w);
        free(row);
        ser_pca_free(out);
        return ser_error_set(err, SER_ERR_NOMEM, "pca: out of memory (%zu columns)", d);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d; j++)
            out->mean[j] += x[i * d + j];
    for (size_t j = 0; j < d; j++)
        out->mean[j] /= (double)n;
    /* Upper triangle of sum (x - mean)(x - mean)^T, row-major. */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d; j++)
            row[j] = x[i * d + j] - out->mean[j];
        for (size_t a = 0; a < d; a++) {
            double ra = row[a];
            double *c = cov + a * d;
            for (size_t b = a; b < d; b++)
                c[b] += ra * row[b];
        }
    }
    double total = 0;
    for (size_t a = 0; a < d; a++) {
        for (size_t b = a; b < d; b++)
            cov[a * d + b] /= (double)(n - 1);
        total += cov[a * d + a];
    }
    /* Row-major upper triangle; eigenvectors overwrite cov as columns. */
    lapack_int info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)d, cov, (lapack_int)d, w);
    if (info != 0) {
        free(cov);
        free(w);
        free(row);
        ser_pca_free(out);
        return ser_error_set(err, SER_ERR_EXTERNAL, "pca: LAPACKE_dsyevd failed (info %d)", (int)info);
    }
    out->n_features = d;
    out->n_components = k;
    out->total_variance = total;
    for (size_t c = 0; c < k; c++) {
        size_t col = d - 1 - c; /* eigenvalues come ascending */
        double *comp = out->components + c * d;
        size_t arg = 0;
        for (size_t j = 0; j < d; j++) {
            comp[j] = cov[j * d + col];
            if (fabs(comp[j]) > fabs(comp[arg]))
                arg = j;
        }
        if (comp[arg] < 0)
            for (size_t j = 0; j < d; j++)
                comp[j] = -comp[j];
        double ev = w[col] > 0 ? w[col] : 0; /* rounding can make a zero eigenvalue slightly negative */
        out->explained_variance[c] = ev;
        out->explained_variance_ratio[c] = total > 0 ? ev / total : 0;
    }
    free(cov);
    free(w);
    free(row);
    return SER_OK;
}

void ser_pca_transform(const ser_pca *pca, const double *x, size_t n, double *out)
{
    size_t d = pca->n_features, k = pca->n_components;
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < k; c++) {
            const double *comp = pca->components + c * d;
            double s = 0;
            for (size_t j = 0; j < d; j++)
                s += (x[i * d + j] - pca->mean[j]) * comp[j];
            out[i * k + c] = s;
        }
}
