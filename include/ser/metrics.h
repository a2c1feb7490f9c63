/* ser/metrics.h - classification metrics (scikit-learn semantics).
 *
 * Labels are class indices 0..n_classes-1.  Every figure is a fraction in
 * [0, 1].  Reference: scikit-learn 1.2 (tests/ml/make_metrics_reference.py):
 *   accuracy          accuracy_score
 *   uar               balanced_accuracy_score: mean recall over the classes
 *                     that occur in y_true (a class with no true samples is
 *                     left out, unlike recall_macro which counts it as 0)
 *   per class         precision_recall_fscore_support(average=None,
 *                     zero_division=0): a class never predicted has
 *                     precision 0; recall 0 when it has no support; F1 0
 *                     when precision + recall == 0
 *   *_macro           unweighted mean over all n_classes
 *   *_weighted        mean weighted by support (0 when there is none)
 *   confusion         confusion_matrix: rows = true class, columns =
 *                     predicted class, row-major n_classes x n_classes
 *   ROC               roc_curve(drop_intermediate=True) one-vs-rest; the
 *                     first point is (0, 0) with threshold max(score) + 1
 *   AUC               roc_auc_score / auc: trapezoid rule over the curve */
#ifndef SER_METRICS_H
#define SER_METRICS_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_class_metrics {
    double precision; /* tp / (tp + fp), 0 when the class was never predicted */
    double recall;    /* tp / (tp + fn), 0 when the class has no true samples */
    double f1;        /* 2 p r / (p + r), 0 when p + r == 0 */
    size_t support;   /* number of true samples of the class */
} ser_class_metrics;

typedef struct ser_metrics {
    size_t n_samples;
    size_t n_classes;
    double accuracy; /* correct / n_samples */
    double uar;      /* unweighted average recall = balanced accuracy */
    double precision_macro, recall_macro, f1_macro;
    double precision_weighted, recall_weighted, f1_weighted;
} ser_metrics;

/* Count confusion[t * n_classes + p] over the n pairs (y_true, y_pred).
 * confusion holds n_classes * n_classes counts.  SER_ERR_LABEL when a
 * label is outside [0, n_classes). */
ser_status ser_confusion_matrix(const int *y_true, const int *y_pred, size_t n, size_t n_classes,
                                size_t *confusion, ser_error *err);

/* Metrics from a confusion matrix (counts, rows = true).  per_class
 * (n_classes entries) may be NULL.  SER_ERR_EMPTY when it counts nothing. */
ser_status ser_metrics_from_confusion(const size_t *confusion, size_t n_classes, ser_metrics *summary,
                                      ser_class_metrics *per_class, ser_error *err);

/* ser_confusion_matrix + ser_metrics_from_confusion.  confusion and
 * per_class may be NULL (not wanted). */
ser_status ser_metrics_compute(const int *y_true, const int *y_pred, size_t n, size_t n_classes,
                               ser_metrics *summary, ser_class_metrics *per_class, size_t *confusion,
                               ser_error *err);

/* One-vs-rest ROC curve of class `positive`: samples whose y_true equals
 * `positive` are positives, the score of sample i is scores[i * stride].
 * Writes *n_points <= n + 1 points (fpr, tpr, thresholds; each array needs
 * `capacity` >= n + 1 entries), in order of decreasing threshold.  fpr
 * (tpr) is NaN when there is no negative (positive) sample, as in
 * scikit-learn.  SER_ERR_NONFINITE for a NaN or infinite score. */
ser_status ser_roc_curve(const int *y_true, const double *scores, size_t stride, size_t n, int positive,
                         double *fpr, double *tpr, double *thresholds, size_t capacity, size_t *n_points,
                         ser_error *err);

/* Area under the one-vs-rest ROC curve of class `positive`; NaN (and
 * SER_OK) when y_true has no positive or no negative sample. */
ser_status ser_roc_auc(const int *y_true, const double *scores, size_t stride, size_t n, int positive,
                       double *auc, ser_error *err);

/* Per-class one-vs-rest AUC for an n x n_classes row-major score matrix
 * (probabilities or decision values, higher = more likely the class), and
 * their mean over the classes where it is defined (NaN when none is).
 * auc_per_class (n_classes entries) may be NULL. */
ser_status ser_roc_auc_ovr(const int *y_true, const double *scores, size_t n, size_t n_classes,
                           double *auc_per_class, double *auc_macro, ser_error *err);

#ifdef __cplusplus
}
#endif
#endif
