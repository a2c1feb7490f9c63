/* Standard scaler with scikit-learn's StandardScaler semantics. */
#include "ser/scaler.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

struct ser_scaler {
    size_t dim;
    double *mean;
    double *scale;
};

static ser_status scaler_alloc(size_t dim, ser_scaler **out, ser_error *err)
{
    ser_scaler *s = calloc(1, sizeof *s);
    if (s) {
        s->dim = dim;
        s->mean = ser_alloc_array(dim, sizeof *s->mean);
        s->scale = ser_alloc_array(dim, sizeof *s->scale);
    }
    if (!s || !s->mean || !s->scale) {
        ser_scaler_destroy(s);
        return ser_error_set(err, SER_ERR_NOMEM, "scaler: out of memory for %zu features", dim);
    }
    *out = s;
    return SER_OK;
}

ser_status ser_scaler_fit(const double *x, size_t n_rows, size_t n_cols, ser_scaler **out, ser_error *err)
{
    if (!out || (!x && n_rows && n_cols))
        return ser_error_set(err, SER_ERR_ARG, "scaler: missing argument");
    *out = NULL;
    if (n_rows == 0 || n_cols == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "scaler: no training rows or no features (%zu x %zu)", n_rows,
                             n_cols);
    size_t total;
    if (!ser_size_mul(n_rows, n_cols, &total))
        return ser_error_set(err, SER_ERR_OVERFLOW, "scaler: %zu x %zu matrix too large", n_rows, n_cols);
    for (size_t i = 0; i < total; i++)
        if (!isfinite(x[i]))
            return ser_error_set(err, SER_ERR_NONFINITE, "scaler: value at row %zu, feature %zu is not finite",
                                 i / n_cols, i % n_cols);
    ser_scaler *s = NULL;
    ser_status st = scaler_alloc(n_cols, &s, err);
    if (st != SER_OK)
        return st;
    double *corr = ser_calloc_array(n_cols, sizeof *corr);
    double *sq = ser_calloc_array(n_cols, sizeof *sq);
    if (!corr || !sq) {
        free(corr);
        free(sq);
        ser_scaler_destroy(s);
        return ser_error_set(err, SER_ERR_NOMEM, "scaler: out of memory");
    }
    /* Row-wise accumulation in row order, like numpy's sum over axis 0. */
    memset(s->mean, 0, n_cols * sizeof *s->mean);
    for (size_t i = 0; i < n_rows; i++)
        for (size_t j = 0; j < n_cols; j++)
            s->mean[j] += x[i * n_cols + j];
    double n = (double)n_rows;
    for (size_t j = 0; j < n_cols; j++)
        s->mean[j] /= n;
    /* Corrected two-pass variance (Chan, Golub & LeVeque), as sklearn. */
    for (size_t i = 0; i < n_rows; i++)
        for (size_t j = 0; j < n_cols; j++) {
            double d = x[i * n_cols + j] - s->mean[j];
            corr[j] += d;
            sq[j] += d * d;
        }
    for (size_t j = 0; j < n_cols; j++) {
        double var = (sq[j] - corr[j] * corr[j] / n) / n;
        double bound = n * DBL_EPSILON * var + (n * s->mean[j] * DBL_EPSILON) * (n * s->mean[j] * DBL_EPSILON);
        s->scale[j] = var <= bound ? 1.0 : sqrt(var);
    }
    free(corr);
    free(sq);
    *out = s;
    return SER_OK;
}

ser_status ser_scaler_create(const double *mean, const double *scale, size_t n_cols, ser_scaler **out,
                             ser_error *err)
{
    if (!out || !mean || !scale || n_cols == 0)
        return ser_error_set(err, SER_ERR_ARG, "scaler: missing statistics");
    *out = NULL;
    for (size_t j = 0; j < n_cols; j++) {
        if (!isfinite(mean[j]) || !isfinite(scale[j]))
            return ser_error_set(err, SER_ERR_NONFINITE, "scaler: feature %zu has a non-finite mean or scale", j);
        if (!(scale[j] > 0.0))
            return ser_error_set(err, SER_ERR_ARG, "scaler: feature %zu has scale %g (must be > 0)", j, scale[j]);
    }
    ser_scaler *s = NULL;
    ser_status st = scaler_alloc(n_cols, &s, err);
    if (st != SER_OK)
        return st;
    memcpy(s->mean, mean, n_cols * sizeof *mean);
    memcpy(s->scale, scale, n_cols * sizeof *scale);
    *out = s;
    return SER_OK;
}

void ser_scaler_destroy(ser_scaler *s)
{
    if (!s)
        return;
    free(s->mean);
    free(s->scale);
    free(s);
}

size_t ser_scaler_dim(const ser_scaler *s) { return s->dim; }
const double *ser_scaler_mean(const ser_scaler *s) { return s->mean; }
const double *ser_scaler_scale(const ser_scaler *s) { return s->scale; }

void ser_scaler_transform(const ser_scaler *s, double *x, size_t n_rows)
{
    for (size_t i = 0; i < n_rows; i++, x += s->dim)
        for (size_t j = 0; j < s->dim; j++)
            x[j] = (x[j] - s->mean[j]) / s->scale[j];
}

void ser_scaler_transform_float(const ser_scaler *s, const float *in, double *out, size_t n_rows)
{
    for (size_t i = 0; i < n_rows; i++, in += s->dim, out += s->dim)
        for (size_t j = 0; j < s->dim; j++)
            out[j] = ((double)in[j] - s->mean[j]) / s->scale[j];
}
