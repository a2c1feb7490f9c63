/* One-vs-rest ROC curves and AUC, as scikit-learn 1.2's roc_curve
 * (drop_intermediate=True) and roc_auc_score. */
#include "ser/metrics.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ser/util.h"

typedef struct scored {
    double score;
    int positive;
} scored;

static int by_score_desc(const void *a, const void *b)
{
    double sa = ((const scored *)a)->score, sb = ((const scored *)b)->score;
    return (sa < sb) - (sa > sb);
}

ser_status ser_roc_curve(const int *y_true, const double *scores, size_t stride, size_t n, int positive,
                         double *fpr, double *tpr, double *thresholds, size_t capacity, size_t *n_points,
                         ser_error *err)
{
    if (!y_true || !scores || !fpr || !tpr || !thresholds || !n_points || stride == 0)
        return ser_error_set(err, SER_ERR_ARG, "roc: missing argument");
    if (n == 0)
        return ser_error_set(err, SER_ERR_EMPTY, "roc: no samples");
    if (capacity < n + 1)
        return ser_error_set(err, SER_ERR_ARG, "roc: capacity %zu < n + 1 = %zu", capacity, n + 1);
    scored *s = ser_alloc_array(n, sizeof *s);
    if (!s)
        return ser_error_set(err, SER_ERR_NOMEM, "roc: out of memory for %zu samples", n);
    for (size_t i = 0; i < n; i++) {
        s[i].score = scores[i * stride];
        s[i].positive = y_true[i] == positive;
        if (!isfinite(s[i].score)) {
            free(s);
            return ser_error_set(err, SER_ERR_NONFINITE, "roc: score of sample %zu is not finite", i);
        }
    }
    qsort(s, n, sizeof *s, by_score_desc);

    /* Distinct thresholds: cumulative (fps, tps) at the last sample of each
     * run of equal scores.  Stored after the first slot, which is the
     * prepended (0, 0) point. */
    size_t m = 0;
    double tp = 0.0;
    for (size_t i = 0; i < n; i++) {
        tp += s[i].positive;
        if (i + 1 == n || s[i].score != s[i + 1].score) {
            tpr[1 + m] = tp;
            fpr[1 + m] = (double)(i + 1) - tp;
            thresholds[1 + m] = s[i].score;
            m++;
        }
    }
    free(s);

    /* drop_intermediate: keep the ends and every point where the curve
     * changes direction (second difference of fps or tps non-zero).
     * Reads ahead of the write index only, so it can run in place. */
    size_t kept = 0;
    double prev_f = 0.0, prev_t = 0.0; /* the point before i, as it was */
    for (size_t i = 0; i < m; i++) {
        double f = fpr[1 + i], t = tpr[1 + i], th = thresholds[1 + i];
        bool keep = m <= 2 || i == 0 || i + 1 == m;
        if (!keep) {
            double nf = fpr[2 + i], nt = tpr[2 + i];
            keep = (nf - 2.0 * f + prev_f) != 0.0 || (nt - 2.0 * t + prev_t) != 0.0;
        }
        prev_f = f;
        prev_t = t;
        if (keep) {
            fpr[1 + kept] = f;
            tpr[1 + kept] = t;
            thresholds[1 + kept] = th;
            kept++;
        }
    }
    fpr[0] = 0.0;
    tpr[0] = 0.0;
    thresholds[0] = thresholds[1] + 1.0;
    double fmax = fpr[kept], tmax = tpr[kept];
    for (size_t i = 0; i <= kept; i++) {
        fpr[i] = fmax > 0.0 ? fpr[i] / fmax : NAN;
        tpr[i] = tmax > 0.0 ? tpr[i] / tmax : NAN;
    }
    *n_points = kept + 1;
    return SER_OK;
}

ser_status ser_roc_auc(const int *y_true, const double *scores, size_t stride, size_t n, int positive,
                       double *auc, ser_error *err)
{
    if (!auc)
        return ser_error_set(err, SER_ERR_ARG, "roc auc: no output");
    size_t cap;
    if (!ser_size_add(n, 1, &cap))
        return ser_error_set(err, SER_ERR_OVERFLOW, "roc auc: too many samples");
    double *buf = ser_alloc_array(cap, 3 * sizeof *buf);
    if (!buf)
        return ser_error_set(err, SER_ERR_NOMEM, "roc auc: out of memory for %zu samples", n);
    double *fpr = buf, *tpr = buf + cap, *thr = buf + 2 * cap;
    size_t np = 0;
    ser_status st = ser_roc_curve(y_true, scores, stride, n, positive, fpr, tpr, thr, cap, &np, err);
    if (st == SER_OK) {
        if (isnan(fpr[np - 1]) || isnan(tpr[np - 1])) {
            *auc = NAN; /* one class only: undefined */
        } else {
            double area = 0.0;
            for (size_t i = 1; i < np; i++)
                area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2.0;
            *auc = area;
        }
    }
    free(buf);
    return st;
}

ser_status ser_roc_auc_ovr(const int *y_true, const double *scores, size_t n, size_t n_classes,
                           double *auc_per_class, double *auc_macro, ser_error *err)
{
    if (n_classes == 0 || n_classes > (size_t)1 << 30 || !auc_macro)
        return ser_error_set(err, SER_ERR_ARG, "roc auc: bad class count or no output");
    double sum = 0.0;
    size_t defined = 0;
    for (size_t k = 0; k < n_classes; k++) {
        double a;
        ser_status st = ser_roc_auc(y_true, scores + k, n_classes, n, (int)k, &a, err);
        if (st != SER_OK)
            return st;
        if (auc_per_class)
            auc_per_class[k] = a;
        if (!isnan(a)) {
            sum += a;
            defined++;
        }
    }
    *auc_macro = defined ? sum / (double)defined : NAN;
    return SER_OK;
}
