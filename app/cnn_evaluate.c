/* cnn_evaluate.c - see cnn_evaluate.h. */
#include "cnn_evaluate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnn_images.h"
#include "ser/metrics.h"
#include "ser/split.h"
#include "ser/util.h"

static int one_split(const char *cmd, const cnn_options *co, const float *images, size_t img, const int *y,
                     size_t n, const float *aug, size_t copies, size_t n_classes, const ser_outer_split *sp, unsigned long long seed, FILE *out,
                     ser_fold_result *f, ser_cnn_curves *keep)
{
    snprintf(f->name, sizeof f->name, "%s", sp->name ? sp->name : "split");
    size_t *train = ser_alloc_array(n, sizeof *train);
    f->test_rows = ser_alloc_array(n, sizeof *f->test_rows);
    if (!train || !f->test_rows) {
        free(train);
        return cli_runtime_error(cmd, "out of memory");
    }
    ser_split_indices(sp->fold, n, sp->split, train, &f->n_train, f->test_rows, &f->n_test);
    if (!f->n_train || !f->n_test) {
        free(train);
        return cli_runtime_error(cmd, "split %s has an empty %s part", f->name, f->n_train ? "test" : "training");
    }
    float *xt = ser_alloc_array(f->n_train, img * sizeof *xt);
    float *xs = ser_alloc_array(f->n_test, img * sizeof *xs);
    float *ps = ser_alloc_array(f->n_test, n_classes * sizeof *ps);
    int *yt = ser_alloc_array(f->n_train, sizeof *yt), *truth = ser_alloc_array(f->n_test, sizeof *truth);
    const size_t n_ex = aug ? f->n_train * copies : 0;
    float *xe = n_ex ? ser_alloc_array(n_ex, img * sizeof *xe) : NULL;
    size_t *src = n_ex ? ser_alloc_array(n_ex, sizeof *src) : NULL;
    f->pred = ser_alloc_array(f->n_test, sizeof *f->pred);
    f->probs = ser_alloc_array(f->n_test, n_classes * sizeof *f->probs);
    int rc = -1;
    ser_cnn *net = NULL;
    ser_cnn_curves cv;
    memset(&cv, 0, sizeof cv);
    if (!xt || !xs || !ps || !yt || !truth || !f->pred || !f->probs || (n_ex && (!xe || !src))) {
        rc = cli_runtime_error(cmd, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < f->n_train; i++) {
        memcpy(xt + i * img, images + train[i] * img, img * sizeof *xt);
        yt[i] = y[train[i]];
    }
    for (size_t j = 0; j < n_ex; j++) { /* copies of the training rows only */
        memcpy(xe + j * img, aug + (train[j / copies] * copies + j % copies) * img, img * sizeof *xe);
        src[j] = j / copies;
    }
    for (size_t i = 0; i < f->n_test; i++) {
        memcpy(xs + i * img, images + f->test_rows[i] * img, img * sizeof *xs);
        truth[i] = y[f->test_rows[i]];
    }
    if (out)
        fprintf(out, "split %s: %zu training, %zu test clips\n", f->name, f->n_train, f->n_test);
    if ((rc = cnn_fit_extra(cmd, co, xt, yt, f->n_train, xe, src, n_ex, n_classes, seed, out, &net, &cv, NULL)) >= 0)
        goto done;
    ser_error err = {0};
    ser_status st = ser_cnn_predict(net, xs, f->n_test, ps, &err);
    for (size_t i = 0; !st && i < f->n_test; i++) {
        size_t best = 0;
        for (size_t k = 0; k < n_classes; k++) {
            f->probs[i * n_classes + k] = ps[i * n_classes + k];
            if (ps[i * n_classes + k] > ps[i * n_classes + best])
                best = k;
        }
        f->pred[i] = (int)best;
    }
    if (!st)
        st = ser_metrics_compute(truth, f->pred, f->n_test, n_classes, &f->metrics, NULL, NULL, &err);
    if (!st)
        st = ser_roc_auc_ovr(truth, f->probs, f->n_test, n_classes, NULL, &f->auc_macro, &err);
    if (st)
        rc = cli_runtime_error(cmd, "split %s: %s", f->name, err.message);
    else if (out)
        fprintf(out, "split %s: test accuracy %.4f, UAR %.4f\n", f->name, f->metrics.accuracy, f->metrics.uar);
    memset(&f->best, 0, sizeof f->best);
    f->best.n_estimators = cv.best_epoch + 1;
    f->best.depth = cv.n_epochs;
    f->best.mean = cv.n_epochs ? cv.val_acc[cv.best_epoch] : NAN;
done:
    if (keep)
        *keep = cv; /* the caller's now */
    else
        ser_cnn_curves_free(&cv);
    ser_cnn_destroy(net);
    free(train);
    free(xe);
    free(src);
    free(xt);
    free(xs);
    free(ps);
    free(yt);
    free(truth);
    return rc;
}

static void mean_std(const ser_evaluation *ev, int which, double *mean, double *std)
{
    double s = 0, ss = 0;
    for (size_t i = 0; i < ev->n_folds; i++) {
        const ser_metrics *m = &ev->folds[i].metrics;
        s += which == 0 ? m->accuracy : which == 1 ? m->uar : m->f1_macro;
    }
    *mean = s / (double)ev->n_folds;
    for (size_t i = 0; i < ev->n_folds; i++) {
        const ser_metrics *m = &ev->folds[i].metrics;
        double v = (which == 0 ? m->accuracy : which == 1 ? m->uar : m->f1_macro) - *mean;
        ss += v * v;
    }
    *std = sqrt(ss / (double)ev->n_folds);
}

int cnn_evaluate_run(const char *cmd, const cnn_options *co, const float *images, cnn_image_size size, const int *y,
                     size_t n, const float *aug, size_t copies, size_t n_classes, const ser_outer_split *splits,
                     size_t n_splits, unsigned long long seed, FILE *curves_out, ser_evaluation *ev,
                     ser_cnn_curves *curves)
{
    memset(ev, 0, sizeof *ev);
    ev->n_classes = n_classes;
    ev->folds = calloc(n_splits ? n_splits : 1, sizeof *ev->folds);
    ev->confusion = ser_calloc_array(n_classes * n_classes, sizeof *ev->confusion);
    ev->per_class = ser_calloc_array(n_classes, sizeof *ev->per_class);
    if (!ev->folds || !ev->confusion || !ev->per_class) {
        ser_evaluation_free(ev);
        return cli_runtime_error(cmd, "out of memory");
    }
    const size_t img = size.n_mels * size.n_frames;
    for (size_t s = 0; s < n_splits; s++) {
        ev->n_folds = s + 1;
        int rc = one_split(cmd, co, images, img, y, n, aug, copies, n_classes, &splits[s], seed, curves_out, &ev->folds[s],
                           curves ? &curves[s] : NULL);
        if (rc >= 0) {
            ser_evaluation_free(ev);
            return rc;
        }
        for (size_t t = 0; t < ev->folds[s].n_test; t++)
            ev->confusion[(size_t)y[ev->folds[s].test_rows[t]] * n_classes + (size_t)ev->folds[s].pred[t]]++;
    }
    ser_metrics pooled;
    ser_error err = {0};
    if (ser_metrics_from_confusion(ev->confusion, n_classes, &pooled, ev->per_class, &err)) {
        ser_evaluation_free(ev);
        return cli_runtime_error(cmd, "%s", err.message);
    }
    mean_std(ev, 0, &ev->accuracy, &ev->accuracy_std);
    mean_std(ev, 1, &ev->uar, &ev->uar_std);
    mean_std(ev, 2, &ev->f1_macro, &ev->f1_macro_std);
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < ev->n_folds; i++)
        if (!isnan(ev->folds[i].auc_macro)) {
            s += ev->folds[i].auc_macro;
            k++;
        }
    ev->auc_macro = k ? s / (double)k : NAN;
    return -1;
}

void cnn_fold_format(const ser_search_point *best, char *buf, size_t size)
{
    snprintf(buf, size, "epoch %zu/%zu", best->n_estimators, best->depth);
}
