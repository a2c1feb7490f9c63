/* evaluate.c - outer splits: search + refit on train, test once. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/evaluate.h"
#include "ser/speaker_norm.h"
#include "ser/split.h"
#include "ser/util.h"

void ser_evaluate_config_default(ser_evaluate_config *cfg, ser_model_kind kind)
{
    memset(cfg, 0, sizeof *cfg);
    ser_search_config_default(&cfg->search, kind);
}

/* Maps the search's subset row indices back to rows of the full matrix. */
typedef struct relay {
    const ser_evaluate_config *cfg;
    const size_t *train; /* subset index -> full row */
    size_t *buf;         /* scratch, n_train */
    size_t split, n_splits;
} relay;

static void relay_fit(void *user, const size_t *rows, size_t n)
{
    relay *r = user;
    for (size_t i = 0; i < n; i++)
        r->buf[i] = r->train[rows[i]];
    r->cfg->observe_fit(r->cfg->observe_user, r->buf, n);
}

static void relay_progress(void *user, size_t done, size_t total)
{
    relay *r = user;
    r->cfg->progress(r->cfg->progress_user, r->split, r->n_splits, done, total);
}

static void fold_free(ser_fold_result *f)
{
    free(f->test_rows);
    free(f->pred);
    free(f->probs);
    free(f->points);
}

void ser_evaluation_free(ser_evaluation *ev)
{
    if (!ev)
        return;
    for (size_t i = 0; ev->folds && i < ev->n_folds; i++)
        fold_free(&ev->folds[i]);
    free(ev->folds);
    free(ev->confusion);
    free(ev->per_class);
    memset(ev, 0, sizeof *ev);
}

/* Predict the test rows with the refitted model of `res`. */
static ser_status predict_rows(const double *x, size_t d, size_t n_classes, const ser_search_result *res,
                               ser_fold_result *f, ser_error *err)
{
    size_t scratch_n = res->svm ? ser_svm_scratch_size(res->svm) : 0;
    double *row = ser_alloc_array(d + scratch_n, sizeof *row);
    if (!row)
        return ser_error_set(err, SER_ERR_NOMEM, "evaluate: out of memory");
    ser_status st = SER_OK;
    for (size_t i = 0; i < f->n_test && !st; i++) {
        memcpy(row, x + f->test_rows[i] * d, d * sizeof *row);
        ser_scaler_transform(res->scaler, row, 1);
        double *probs = f->probs + i * n_classes;
        if (res->svm) {
            bool calibrated = ser_svm_has_probability(res->svm);
            st = ser_svm_predict(res->svm, row, &f->pred[i], calibrated ? probs : NULL, row + d);
            if (!calibrated) /* no calibration asked: one-hot vote */
                for (size_t c = 0; c < n_classes; c++)
                    probs[c] = (int)c == f->pred[i];
        } else {
            ser_trees_predict(res->trees, row, &f->pred[i], probs);
        }
    }
    free(row);
    if (st)
        return ser_error_set(err, st, "evaluate: prediction failed");
    return SER_OK;
}

static ser_status run_split(const double *x, size_t n_rows, size_t d, const int *y, size_t n_classes,
                            const ser_outer_split *sp, size_t s, size_t n_splits, const ser_evaluate_config *cfg,
                            ser_fold_result *f, ser_error *err)
{
    snprintf(f->name, sizeof f->name, "%s", sp->name ? sp->name : "split");
    size_t *train = ser_alloc_array(n_rows, sizeof *train);
    size_t *buf = ser_alloc_array(n_rows, sizeof *buf);
    f->test_rows = ser_alloc_array(n_rows, sizeof *f->test_rows);
    double *xt = NULL;
    int *yt = NULL, *gt = NULL;
    ser_status st = SER_OK;
    if (!train || !buf || !f->test_rows) {
        st = ser_error_set(err, SER_ERR_NOMEM, "evaluate: out of memory");
        goto done;
    }
    ser_split_indices(sp->fold, n_rows, sp->split, train, &f->n_train, f->test_rows, &f->n_test);
    if (cfg->row_use) {
        size_t a = 0, b = 0;
        for (size_t i = 0; i < f->n_train; i++)
            if (cfg->row_use[train[i]] & SER_ROW_TRAIN)
                train[a++] = train[i];
        for (size_t i = 0; i < f->n_test; i++)
            if (cfg->row_use[f->test_rows[i]] & SER_ROW_TEST)
                f->test_rows[b++] = f->test_rows[i];
        f->n_train = a;
        f->n_test = b;
    }
    if (!f->n_train || !f->n_test) {
        st = ser_error_set(err, SER_ERR_ARG, "evaluate: split %s has an empty %s part", f->name,
                           f->n_train ? "test" : "training");
        goto done;
    }
    xt = ser_alloc_array(f->n_train * d, sizeof *xt);
    yt = ser_alloc_array(f->n_train, sizeof *yt);
    gt = ser_alloc_array(f->n_train, sizeof *gt);
    f->pred = ser_alloc_array(f->n_test, sizeof *f->pred);
    f->probs = ser_alloc_array(f->n_test * n_classes, sizeof *f->probs);
    if (!xt || !yt || !gt || !f->pred || !f->probs) {
        st = ser_error_set(err, SER_ERR_NOMEM, "evaluate: out of memory");
        goto done;
    }
    for (size_t i = 0; i < f->n_train; i++) {
        memcpy(xt + i * d, x + train[i] * d, d * sizeof *xt);
        yt[i] = y[train[i]];
        gt[i] = cfg->speakers ? cfg->speakers[train[i]] : -1;
    }
    ser_search_config sc = cfg->search;
    relay r = {cfg, train, buf, s, n_splits};
    sc.groups = cfg->group_inner ? gt : NULL;
    sc.observe_fit = cfg->observe_fit ? relay_fit : NULL;
    sc.observe_user = &r;
    sc.progress = cfg->progress ? relay_progress : NULL;
    sc.progress_user = &r;
    ser_search_result res;
    st = ser_search_run(xt, f->n_train, d, yt, n_classes, &sc, &res, err);
    if (st) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err ? err->message : "");
        ser_error_set(err, st, "split %s: %s", f->name, msg);
        goto done;
    }
    f->best = res.points[res.best];
    f->best_point = res.best;
    st = predict_rows(x, d, n_classes, &res, f, err);
    f->points = res.points; /* kept: the inner search's table */
    f->n_points = res.n_points;
    res.points = NULL;
    ser_search_result_free(&res);
    if (st)
        goto done;
    int *truth = ser_alloc_array(f->n_test, sizeof *truth);
    if (!truth) {
        st = ser_error_set(err, SER_ERR_NOMEM, "evaluate: out of memory");
        goto done;
    }
    for (size_t i = 0; i < f->n_test; i++)
        truth[i] = y[f->test_rows[i]];
    st = ser_metrics_compute(truth, f->pred, f->n_test, n_classes, &f->metrics, NULL, NULL, err);
    if (!st)
        st = ser_roc_auc_ovr(truth, f->probs, f->n_test, n_classes, NULL, &f->auc_macro, err);
    free(truth);
done:
    free(train);
    free(buf);
    free(xt);
    free(yt);
    free(gt);
    return st;
}

static void mean_std(const ser_evaluation *ev, size_t offset, double *mean, double *std)
{
    double s = 0, ss = 0;
    for (size_t i = 0; i < ev->n_folds; i++)
        s += *(const double *)((const char *)&ev->folds[i].metrics + offset);
    *mean = s / (double)ev->n_folds;
    for (size_t i = 0; i < ev->n_folds; i++) {
        double v = *(const double *)((const char *)&ev->folds[i].metrics + offset) - *mean;
        ss += v * v;
    }
    *std = sqrt(ss / (double)ev->n_folds);
}

static ser_status summarise(ser_evaluation *ev, const int *y, ser_error *err)
{
    size_t k = ev->n_classes;
    ev->confusion = ser_calloc_array(k * k, sizeof *ev->confusion);
    ev->per_class = ser_calloc_array(k, sizeof *ev->per_class);
    if (!ev->confusion || !ev->per_class)
        return ser_error_set(err, SER_ERR_NOMEM, "evaluate: out of memory");
    for (size_t i = 0; i < ev->n_folds; i++)
        for (size_t t = 0; t < ev->folds[i].n_test; t++)
            ev->confusion[(size_t)y[ev->folds[i].test_rows[t]] * k + (size_t)ev->folds[i].pred[t]]++;
    ser_metrics pooled;
    ser_status st = ser_metrics_from_confusion(ev->confusion, k, &pooled, ev->per_class, err);
    if (st)
        return st;
    mean_std(ev, offsetof(ser_metrics, accuracy), &ev->accuracy, &ev->accuracy_std);
    mean_std(ev, offsetof(ser_metrics, uar), &ev->uar, &ev->uar_std);
    mean_std(ev, offsetof(ser_metrics, f1_macro), &ev->f1_macro, &ev->f1_macro_std);
    double s = 0;
    size_t n = 0;
    for (size_t i = 0; i < ev->n_folds; i++)
        if (!isnan(ev->folds[i].auc_macro)) {
            s += ev->folds[i].auc_macro;
            n++;
        }
    ev->auc_macro = n ? s / (double)n : NAN;
    return SER_OK;
}

ser_status ser_evaluate_run(const double *x, size_t n_rows, size_t n_features, const int *y, size_t n_classes,
                            const ser_outer_split *splits, size_t n_splits, const ser_evaluate_config *cfg,
                            ser_evaluation *out, ser_error *err)
{
    memset(out, 0, sizeof *out);
    if (!n_splits || !splits)
        return ser_error_set(err, SER_ERR_ARG, "evaluate: no splits");
    if (!x || !y || !n_rows || !n_features)
        return ser_error_set(err, SER_ERR_EMPTY, "evaluate: no rows");
    if ((cfg->speaker_norm || cfg->group_inner) && !cfg->speakers)
        return ser_error_set(err, SER_ERR_ARG, "evaluate: speaker normalisation and grouped folds need speakers");
    for (size_t i = 0; i < n_rows; i++)
        if (y[i] < 0 || (size_t)y[i] >= n_classes)
            return ser_error_set(err, SER_ERR_LABEL, "evaluate: row %zu has label %d outside [0, %zu)", i, y[i],
                                 n_classes);
    double *xn = NULL;
    if (cfg->speaker_norm) {
        size_t cells;
        if (!ser_size_mul(n_rows, n_features, &cells) || !(xn = ser_alloc_array(cells, sizeof *xn)))
            return ser_error_set(err, SER_ERR_NOMEM, "evaluate: out of memory");
        memcpy(xn, x, cells * sizeof *xn);
        ser_status st = ser_speaker_normalize(xn, n_rows, n_features, cfg->norm_groups ? cfg->norm_groups : cfg->speakers,
                                              err);
        if (st) {
            free(xn);
            return st;
        }
        x = xn;
    }
    out->n_classes = n_classes;
    out->folds = ser_calloc_array(n_splits, sizeof *out->folds);
    ser_status st = SER_OK;
    if (!out->folds)
        st = ser_error_set(err, SER_ERR_NOMEM, "evaluate: out of memory");
    for (size_t s = 0; s < n_splits && !st; s++) {
        out->n_folds = s + 1;
        st = run_split(x, n_rows, n_features, y, n_classes, &splits[s], s, n_splits, cfg, &out->folds[s], err);
    }
    if (!st)
        st = summarise(out, y, err);
    free(xn);
    if (st)
        ser_evaluation_free(out);
    return st;
}
