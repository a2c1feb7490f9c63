/* search_fit.c - one fit of the search (scaler + classifier on a subset
 * of rows) and its score on other rows. */
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "ser/metrics.h"
#include "ser/util.h"
#include "svm_model.h"
#include "trees_model.h"

ser_status ser__search_gather(const double *x, size_t d, const int *y, const size_t *rows, size_t n,
                              const ser_scaler *scaler, double **xo, int **yo, ser_error *err)
{
    size_t cells;
    *xo = NULL;
    *yo = NULL;
    if (!ser_size_mul(n, d, &cells) || !(*xo = ser_alloc_array(cells, sizeof **xo)) ||
        !(*yo = ser_alloc_array(n ? n : 1, sizeof **yo))) {
        free(*xo);
        *xo = NULL;
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory for %zu x %zu rows", n, d);
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(*xo + i * d, x + rows[i] * d, d * sizeof *x);
        (*yo)[i] = y[rows[i]];
    }
    if (scaler)
        ser_scaler_transform(scaler, *xo, n);
    return SER_OK;
}

ser_status ser__search_fit(const double *x, size_t d, const int *y, size_t n_classes, const size_t *rows,
                           size_t n_rows, const ser_search_config *cfg, const ser_search_point *p, uint64_t seed,
                           bool svm_probability, int threads, ser_scaler **scaler, ser_svm **svm,
                           ser_trees **trees, ser_error *err)
{
    *scaler = NULL;
    *svm = NULL;
    *trees = NULL;
    double *xs;
    int *ys;
    ser_status st = ser__search_gather(x, d, y, rows, n_rows, NULL, &xs, &ys, err);
    if (st)
        return st;
    st = ser_scaler_fit(xs, n_rows, d, scaler, err);
    if (!st) {
        ser_scaler_transform(*scaler, xs, n_rows);
        if (cfg->kind == SER_MODEL_SVM) {
            ser_svm_config sc;
            ser__search_svm_config(cfg, p, seed, svm_probability, &sc);
            if (n_rows <= SER__SVM_GRAM_MAX_ROWS) {
                /* Precomputed kernel: the refit and its calibration's
                 * pairwise cross-validation share one distance matrix. */
                double *base;
                st = ser__search_gram_base(sc.kernel, xs, n_rows, d, &base, err);
                if (!st)
                    st = ser__svm_train_gram(xs, n_rows, d, base, ys, n_classes, &sc, svm, err);
                free(base);
            } else {
                st = ser_svm_train(xs, n_rows, d, ys, n_classes, &sc, svm, err);
            }
        } else {
            ser_trees_config tc = cfg->trees;
            tc.mode = cfg->kind == SER_MODEL_BOOST ? SER_TREES_BOOST : SER_TREES_FOREST;
            tc.max_depth = p->depth;
            tc.n_estimators = p->n_estimators;
            if (cfg->kind == SER_MODEL_BOOST)
                tc.learning_rate = p->learning_rate;
            tc.nthread = 1;
            tc.seed = seed;
            st = ser__trees_train_threads(xs, n_rows, d, ys, n_classes, &tc, threads, trees, err);
        }
        if (st) {
            ser_scaler_destroy(*scaler);
            *scaler = NULL;
        }
    }
    free(xs);
    free(ys);
    return st;
}

ser_status ser__search_score(const double *x, size_t d, const int *y, size_t n_classes, const size_t *rows,
                             size_t n_rows, const ser_scaler *scaler, const ser_svm *svm, const ser_trees *trees,
                             double *accuracy, double *uar, ser_error *err)
{
    size_t scratch_n = svm ? ser_svm_scratch_size(svm) : 0;
    double *row = ser_alloc_array(d + scratch_n + n_classes, sizeof *row);
    int *yt = ser_alloc_array(n_rows ? n_rows : 1, sizeof *yt);
    int *yp = ser_alloc_array(n_rows ? n_rows : 1, sizeof *yp);
    ser_status st = SER_OK;
    if (!row || !yt || !yp) {
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
        goto done;
    }
    double *scratch = row + d, *probs = row + d + scratch_n;
    for (size_t i = 0; i < n_rows; i++) {
        memcpy(row, x + rows[i] * d, d * sizeof *row);
        ser_scaler_transform(scaler, row, 1);
        int label = 0;
        if (svm)
            st = ser_svm_predict(svm, row, &label, NULL, scratch);
        else
            ser_trees_predict(trees, row, &label, probs);
        if (st) {
            ser_error_set(err, st, "search: prediction failed");
            goto done;
        }
        yt[i] = y[rows[i]];
        yp[i] = label;
    }
    ser_metrics m;
    st = ser_metrics_compute(yt, yp, n_rows, n_classes, &m, NULL, NULL, err);
    if (!st) {
        *accuracy = m.accuracy;
        *uar = m.uar;
    }
done:
    free(row);
    free(yt);
    free(yp);
    return st;
}
