/* Per-class weights (none, sklearn 'balanced', custom). */
#include "ser/class_weight.h"

#include <math.h>
#include <stdlib.h>

#include "ser/util.h"

const char *ser_class_weight_mode_name(ser_class_weight_mode mode)
{
    switch (mode) {
    case SER_CLASS_WEIGHT_NONE: return "none";
    case SER_CLASS_WEIGHT_BALANCED: return "balanced";
    case SER_CLASS_WEIGHT_CUSTOM: return "custom";
    }
    return "unknown";
}

ser_status ser_class_weights_compute(const int *y, size_t n, size_t n_classes, ser_class_weight_mode mode,
                                     const double *custom, double *out, ser_error *err)
{
    if (!out || n_classes == 0 || (!y && n))
        return ser_error_set(err, SER_ERR_ARG, "class weights: missing argument");
    for (size_t i = 0; i < n; i++)
        if (y[i] < 0 || (size_t)y[i] >= n_classes)
            return ser_error_set(err, SER_ERR_LABEL, "class weights: label %d of sample %zu outside 0..%zu", y[i],
                                 i, n_classes - 1);
    switch (mode) {
    case SER_CLASS_WEIGHT_NONE:
        for (size_t k = 0; k < n_classes; k++)
            out[k] = 1.0;
        return SER_OK;
    case SER_CLASS_WEIGHT_CUSTOM:
        if (!custom)
            return ser_error_set(err, SER_ERR_ARG, "class weights: custom mode without weights");
        for (size_t k = 0; k < n_classes; k++) {
            if (!isfinite(custom[k]) || !(custom[k] > 0.0))
                return ser_error_set(err, SER_ERR_ARG, "class weights: weight %g of class %zu (must be > 0)",
                                     custom[k], k);
            out[k] = custom[k];
        }
        return SER_OK;
    case SER_CLASS_WEIGHT_BALANCED: {
        size_t *count = ser_calloc_array(n_classes, sizeof *count);
        if (!count)
            return ser_error_set(err, SER_ERR_NOMEM, "class weights: out of memory");
        for (size_t i = 0; i < n; i++)
            count[y[i]]++;
        for (size_t k = 0; k < n_classes; k++) {
            if (count[k] == 0) {
                free(count);
                return ser_error_set(err, SER_ERR_LABEL, "class weights: class %zu has no samples", k);
            }
            out[k] = (double)n / ((double)n_classes * (double)count[k]);
        }
        free(count);
        return SER_OK;
    }
    }
    return ser_error_set(err, SER_ERR_ARG, "class weights: unknown mode %d", (int)mode);
}
