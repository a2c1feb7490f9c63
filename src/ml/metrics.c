/* Accuracy, UAR, per-class precision/recall/F1, macro and weighted means,
 * confusion matrix (scikit-learn semantics, zero_division=0). */
#include "ser/metrics.h"

#include <stdlib.h>
#include <string.h>

#include "ser/util.h"

ser_status ser_confusion_matrix(const int *y_true, const int *y_pred, size_t n, size_t n_classes,
                                size_t *confusion, ser_error *err)
{
    if ((!y_true || !y_pred) && n)
        return ser_error_set(err, SER_ERR_ARG, "confusion matrix: no labels");
    if (!confusion || n_classes == 0)
        return ser_error_set(err, SER_ERR_ARG, "confusion matrix: no classes or no output");
    memset(confusion, 0, n_classes * n_classes * sizeof *confusion);
    for (size_t i = 0; i < n; i++) {
        int t = y_true[i], p = y_pred[i];
        if (t < 0 || (size_t)t >= n_classes || p < 0 || (size_t)p >= n_classes)
            return ser_error_set(err, SER_ERR_LABEL, "confusion matrix: sample %zu has label %d / prediction %d "
                                 "outside 0..%zu", i, t, p, n_classes - 1);
        confusion[(size_t)t * n_classes + (size_t)p]++;
    }
    return SER_OK;
}

static double ratio(double num, double den) { return den > 0.0 ? num / den : 0.0; }

ser_status ser_metrics_from_confusion(const size_t *confusion, size_t n_classes, ser_metrics *summary,
                                      ser_class_metrics *per_class, ser_error *err)
{
    if (!confusion || !summary || n_classes == 0)
        return ser_error_set(err, SER_ERR_ARG, "metrics: no confusion matrix or no output");
    ser_metrics m = {0};
    m.n_classes = n_classes;
    size_t total = 0, correct = 0, present = 0;
    double recall_present = 0.0;
    double sum_p = 0.0, sum_r = 0.0, sum_f = 0.0, wsum_p = 0.0, wsum_r = 0.0, wsum_f = 0.0;
    for (size_t k = 0; k < n_classes; k++) {
        size_t tp = confusion[k * n_classes + k], support = 0, predicted = 0;
        for (size_t j = 0; j < n_classes; j++) {
            support += confusion[k * n_classes + j];
            predicted += confusion[j * n_classes + k];
        }
        ser_class_metrics c;
        c.precision = ratio((double)tp, (double)predicted);
        c.recall = ratio((double)tp, (double)support);
        double den = c.precision + c.recall;
        c.f1 = den > 0.0 ? 2.0 * c.precision * c.recall / den : 0.0;
        c.support = support;
        if (per_class)
            per_class[k] = c;
        total += support;
        correct += tp;
        if (support > 0) {
            present++;
            recall_present += c.recall;
        }
        sum_p += c.precision;
        sum_r += c.recall;
        sum_f += c.f1;
        wsum_p += c.precision * (double)support;
        wsum_r += c.recall * (double)support;
        wsum_f += c.f1 * (double)support;
    }
    if (total == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "metrics: no samples");
    double kn = (double)n_classes, tn = (double)total;
    m.n_samples = total;
    m.accuracy = (double)correct / tn;
    m.uar = recall_present / (double)present;
    m.precision_macro = sum_p / kn;
    m.recall_macro = sum_r / kn;
    m.f1_macro = sum_f / kn;
    m.precision_weighted = wsum_p / tn;
    m.recall_weighted = wsum_r / tn;
    m.f1_weighted = wsum_f / tn;
    *summary = m;
    return SER_OK;
}

ser_status ser_metrics_compute(const int *y_true, const int *y_pred, size_t n, size_t n_classes,
                               ser_metrics *summary, ser_class_metrics *per_class, size_t *confusion,
                               ser_error *err)
{
    if (n_classes == 0 || n_classes > 65536)
        return ser_error_set(err, SER_ERR_ARG, "metrics: %zu classes (need 1..65536)", n_classes);
    size_t local[64];
    size_t *cm = confusion;
    size_t *owned = NULL;
    if (!cm) {
        if (n_classes * n_classes <= sizeof local / sizeof local[0]) {
            cm = local;
        } else {
            owned = ser_alloc_array(n_classes * n_classes, sizeof *owned);
            if (!owned)
                return ser_error_set(err, SER_ERR_NOMEM, "metrics: out of memory");
            cm = owned;
        }
    }
    ser_status st = ser_confusion_matrix(y_true, y_pred, n, n_classes, cm, err);
    if (st == SER_OK)
        st = ser_metrics_from_confusion(cm, n_classes, summary, per_class, err);
    free(owned);
    return st;
}
