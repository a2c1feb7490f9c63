/* search_gram.c - the SVM search on precomputed kernels: per inner fold,
 * the scaler, the scaled rows and the base matrices (squared distances or
 * dot products, which depend on neither C nor gamma) are computed once;
 * each (point, fold) task then only maps them through its gamma, trains
 * libsvm on the precomputed kernel and scores the validation rows from
 * their base rows against the training rows (no recomputation). */
#include <stdlib.h>
#include <string.h>

#include "search_internal.h"
#include "ser/metrics.h"
#include "ser/util.h"
#include "svm_model.h"

ser_status ser__search_gram_base(ser_svm_kernel kernel, const double *xs, size_t n, size_t d, double **base,
                                 ser_error *err)
{
    size_t cells;
    *base = NULL;
    if (!ser_size_mul(n, n, &cells) || !(*base = ser_alloc_array(cells, sizeof **base)))
        return ser_error_set(err, SER_ERR_NOMEM, "search: out of memory for a %zu x %zu kernel matrix", n, n);
    ser_status st = ser__svm_gram_base(kernel, xs, n, xs, n, d, *base, err);
    if (st) {
        free(*base);
        *base = NULL;
    }
    return st;
}

ser_status ser__search_gram_fold_prepare(const double *x, size_t d, const int *y, const size_t *train_rows,
                                         size_t n_train, const size_t *test_rows, size_t n_test,
                                         ser_svm_kernel kernel, ser__gram_fold *f, ser_error *err)
{
    memset(f, 0, sizeof *f);
    f->n_train = n_train;
    f->n_test = n_test;
    f->d = d;
    double *xt = NULL;
    ser_scaler *scaler = NULL;
    /* The scaler is fitted on the training part only, as ser__search_fit does. */
    ser_status st = ser__search_gather(x, d, y, train_rows, n_train, NULL, &f->x_train, &f->y_train, err);
    if (!st)
        st = ser_scaler_fit(f->x_train, n_train, d, &scaler, err);
    if (!st) {
        ser_scaler_transform(scaler, f->x_train, n_train);
        st = ser__search_gather(x, d, y, test_rows, n_test, scaler, &xt, &f->y_test, err);
    }
    size_t cells;
    if (!st)
        st = ser__search_gram_base(kernel, f->x_train, n_train, d, &f->base_train, err);
    if (!st && (!ser_size_mul(n_test, n_train, &cells) || !(f->base_test = ser_alloc_array(cells, sizeof(double)))))
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory for a %zu x %zu kernel matrix", n_test,
                           n_train);
    if (!st)
        st = ser__svm_gram_base(kernel, xt, n_test, f->x_train, n_train, d, f->base_test, err);
    free(xt);
    ser_scaler_destroy(scaler);
    if (st)
        ser__search_gram_fold_free(f);
    return st;
}

void ser__search_gram_fold_free(ser__gram_fold *f)
{
    free(f->x_train);
    free(f->y_train);
    free(f->y_test);
    free(f->base_train);
    free(f->base_test);
    memset(f, 0, sizeof *f);
}

/* The SVM config of point p (as ser__search_fit builds it). */
void ser__search_svm_config(const ser_search_config *cfg, const ser_search_point *p, uint64_t seed,
                            bool probability, ser_svm_config *sc)
{
    *sc = cfg->svm;
    sc->c = p->c;
    if (sc->kernel == SER_SVM_RBF) {
        sc->gamma_mode = p->gamma > 0 ? SER_SVM_GAMMA_VALUE : SER_SVM_GAMMA_SCALE;
        sc->gamma = p->gamma;
    }
    sc->probability = probability;
    sc->seed = seed;
}

ser_status ser__search_gram_task(const ser__gram_fold *f, size_t n_classes, const ser_search_config *cfg,
                                 const ser_search_point *p, uint64_t seed, double *accuracy, double *uar,
                                 ser_error *err)
{
    ser_svm_config sc;
    ser__search_svm_config(cfg, p, seed, false, &sc);
    ser_svm *svm = NULL;
    ser_status st = ser__svm_train_gram(f->x_train, f->n_train, f->d, f->base_train, f->y_train, n_classes, &sc,
                                        &svm, err);
    if (st)
        return st;
    double *scratch = ser_alloc_array(ser_svm_scratch_size(svm), sizeof *scratch);
    int *yp = ser_alloc_array(f->n_test ? f->n_test : 1, sizeof *yp);
    if (!scratch || !yp) {
        st = ser_error_set(err, SER_ERR_NOMEM, "search: out of memory");
    } else {
        for (size_t i = 0; i < f->n_test; i++)
            yp[i] = ser__svm_predict_gram(svm, f->base_test + i * f->n_train, scratch);
        ser_metrics m;
        st = ser_metrics_compute(f->y_test, yp, f->n_test, n_classes, &m, NULL, NULL, err);
        if (!st) {
            *accuracy = m.accuracy;
            *uar = m.uar;
        }
    }
    free(scratch);
    free(yp);
    ser_svm_destroy(svm);
    return st;
}
