/* speaker_norm.c - standardise each speaker's rows by its own statistics. */
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "ser/speaker_norm.h"
#include "ser/util.h"

ser_status ser_speaker_normalize(double *x, size_t n_rows, size_t n_cols, const int *speakers, ser_error *err)
{
    for (size_t i = 0; i < n_rows; i++) {
        if (speakers[i] < 0)
            return ser_error_set(err, SER_ERR_ARG, "speaker normalisation: row %zu has no speaker", i);
        for (size_t j = 0; j < n_cols; j++)
            if (!isfinite(x[i * n_cols + j]))
                return ser_error_set(err, SER_ERR_NONFINITE, "speaker normalisation: row %zu column %zu is not finite",
                                     i, j);
    }
    double *mean = ser_alloc_array(n_cols ? n_cols : 1, sizeof *mean);
    double *var = ser_alloc_array(n_cols ? n_cols : 1, sizeof *var);
    unsigned char *done = ser_calloc_array(n_rows ? n_rows : 1, 1);
    if (!mean || !var || !done) {
        free(mean);
        free(var);
        free(done);
        return ser_error_set(err, SER_ERR_NOMEM, "speaker normalisation: out of memory");
    }
    for (size_t first = 0; first < n_rows; first++) {
        if (done[first])
            continue;
        int s = speakers[first];
        size_t count = 0;
        for (size_t j = 0; j < n_cols; j++)
            mean[j] = var[j] = 0;
        for (size_t i = first; i < n_rows; i++)
            if (speakers[i] == s) {
                count++;
                for (size_t j = 0; j < n_cols; j++)
                    mean[j] += x[i * n_cols + j];
            }
        for (size_t j = 0; j < n_cols; j++)
            mean[j] /= (double)count;
        for (size_t i = first; i < n_rows; i++)
            if (speakers[i] == s)
                for (size_t j = 0; j < n_cols; j++) {
                    double v = x[i * n_cols + j] - mean[j];
                    var[j] += v * v;
                }
        for (size_t j = 0; j < n_cols; j++) {
            var[j] /= (double)count;
            /* as the standard scaler: a variance at rounding level is constant */
            double tiny = (double)count * DBL_EPSILON * var[j] + pow((double)count * mean[j] * DBL_EPSILON, 2);
            var[j] = var[j] <= tiny ? 1.0 : sqrt(var[j]);
        }
        for (size_t i = first; i < n_rows; i++)
            if (speakers[i] == s) {
                done[i] = 1;
                for (size_t j = 0; j < n_cols; j++)
                    x[i * n_cols + j] = (x[i * n_cols + j] - mean[j]) / var[j];
            }
    }
    free(mean);
    free(var);
    free(done);
    return SER_OK;
}
