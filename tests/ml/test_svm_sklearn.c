/* Standard scaler and SVM against scikit-learn 1.2 (StandardScaler, SVC),
 * reference made by tests/ml/make_svm_reference.py (committed JSON).
 * Scaler: mean, scale and transformed values within 1e-12 (abs + rel).
 * SVM: the same scaled training rows, C, kernel, gamma mode and class
 * weights; gamma within 1e-12, support-vector counts per class equal,
 * predictions identical, decision values (one-vs-one) within 1e-9 abs +
 * rel (scikit-learn runs its own copy of libsvm; the measured
 * differences, ~1e-14, are printed). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_ref.h"
#include "ser/scaler.h"
#include "ser/svm.h"

static cJSON *ref;

static int setup(void **state)
{
    (void)state;
    ref = ref_load("svm_reference.json");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(ref);
    return 0;
}

static void test_scaler(void **state)
{
    (void)state;
    size_t d = (size_t)ref_num(ref, "n_features"), nx, nt, nm, ns, nxs, nts;
    double *x = ref_doubles(ref, "x_train", &nx), *xt = ref_doubles(ref, "x_test", &nt);
    double *mean = ref_doubles(ref, "scaler_mean", &nm), *scale = ref_doubles(ref, "scaler_scale", &ns);
    double *xs = ref_doubles(ref, "x_train_scaled", &nxs), *xts = ref_doubles(ref, "x_test_scaled", &nts);
    assert_int_equal(nm, d);
    ser_scaler *sc = NULL;
    ser_error err;
    assert_int_equal(ser_scaler_fit(x, nx / d, d, &sc, &err), SER_OK);
    assert_int_equal(ser_scaler_dim(sc), d);
    for (size_t j = 0; j < d; j++) {
        assert_true(tu_close(ser_scaler_mean(sc)[j], mean[j], 1e-12, 1e-12));
        assert_true(tu_close(ser_scaler_scale(sc)[j], scale[j], 1e-12, 1e-12));
    }
    assert_true(ser_scaler_scale(sc)[d - 1] == 1.0); /* the constant feature */
    ser_scaler_transform(sc, x, nx / d);
    for (size_t i = 0; i < nx; i++)
        assert_true(tu_close(x[i], xs[i], 1e-12, 1e-12));
    /* float input path: x_test is float32-exact by construction */
    float *xf = malloc(nt * sizeof *xf);
    double *out = malloc(nt * sizeof *out);
    for (size_t i = 0; i < nt; i++)
        xf[i] = (float)xt[i];
    ser_scaler_transform_float(sc, xf, out, nt / d);
    ser_scaler_transform(sc, xt, nt / d);
    for (size_t i = 0; i < nt; i++) {
        assert_true(tu_close(xt[i], xts[i], 1e-12, 1e-12));
        assert_true(out[i] == xt[i]);
    }
    /* a scaler rebuilt from its statistics transforms identically */
    ser_scaler *copy = NULL;
    assert_int_equal(ser_scaler_create(ser_scaler_mean(sc), ser_scaler_scale(sc), d, &copy, &err), SER_OK);
    ser_scaler_transform_float(copy, xf, xt, nt / d);
    assert_memory_equal(xt, out, nt * sizeof *xt);
    ser_scaler_destroy(copy);
    ser_scaler_destroy(sc);
    free(xf);
    free(out);
    free(x);
    free(xt);
    free(mean);
    free(scale);
    free(xs);
    free(xts);
}

static void test_scaler_errors(void **state)
{
    (void)state;
    ser_scaler *sc = NULL;
    ser_error err;
    double x[4] = {1, 2, NAN, 4};
    assert_int_equal(ser_scaler_fit(x, 2, 2, &sc, &err), SER_ERR_NONFINITE);
    assert_non_null(strstr(err.message, "row 1"));
    assert_null(sc);
    assert_int_equal(ser_scaler_fit(x, 0, 2, &sc, &err), SER_ERR_EMPTY);
    double mean[2] = {0, 0}, scale[2] = {1, 0};
    assert_int_equal(ser_scaler_create(mean, scale, 2, &sc, &err), SER_ERR_ARG);
    /* near-constant feature (variance at rounding level) gets scale 1 */
    double y[6] = {1e6, 1, 1e6 + 1e-10, 2, 1e6, 3};
    assert_int_equal(ser_scaler_fit(y, 3, 2, &sc, &err), SER_OK);
    assert_true(ser_scaler_scale(sc)[0] == 1.0);
    assert_true(ser_scaler_scale(sc)[1] != 1.0);
    ser_scaler_destroy(sc);
}

static void test_svc(void **state)
{
    (void)state;
    size_t d = (size_t)ref_num(ref, "n_features"), nx, ny, nt;
    double *xs = ref_doubles(ref, "x_train_scaled", &nx), *xts = ref_doubles(ref, "x_test_scaled", &nt);
    int *y = ref_ints(ref, "y_train", &ny);
    size_t n_test = nt / d;
    const cJSON *models = ref_get(ref, "models"), *mj;
    double worst = 0.0;
    int count = 0;
    cJSON_ArrayForEach(mj, models)
    {
        const char *name = ref_get(mj, "name")->valuestring;
        size_t nr, nsup, ndec, npred;
        int *rows = ref_ints(mj, "rows", &nr);
        int *nsv = ref_ints(mj, "n_support", &nsup);
        double *dec = ref_doubles(mj, "decision", &ndec);
        int *pred = ref_ints(mj, "predict", &npred);
        size_t k = (size_t)ref_num(mj, "n_classes");
        double *x = malloc(nr * d * sizeof *x);
        int *yy = malloc(nr * sizeof *yy);
        for (size_t i = 0; i < nr; i++) {
            memcpy(x + i * d, xs + (size_t)rows[i] * d, d * sizeof *x);
            yy[i] = y[rows[i]];
        }
        ser_svm_config cfg;
        ser_svm_config_default(&cfg);
        cfg.probability = false;
        cfg.c = ref_num(mj, "C");
        cfg.kernel = strcmp(ref_get(mj, "kernel")->valuestring, "linear") == 0 ? SER_SVM_LINEAR : SER_SVM_RBF;
        const cJSON *g = ref_get(mj, "gamma_param");
        if (cJSON_IsNumber(g)) {
            cfg.gamma_mode = SER_SVM_GAMMA_VALUE;
            cfg.gamma = g->valuedouble;
        } else {
            cfg.gamma_mode = strcmp(g->valuestring, "auto") == 0 ? SER_SVM_GAMMA_AUTO : SER_SVM_GAMMA_SCALE;
        }
        if (cJSON_IsString(ref_get(mj, "class_weight")))
            cfg.class_weight = SER_CLASS_WEIGHT_BALANCED;
        ser_svm *svm = NULL;
        ser_error err;
        ser_status st = ser_svm_train(x, nr, d, yy, k, &cfg, &svm, &err);
        if (st != SER_OK)
            fail_msg("%s: %s", name, err.message);
        if (cfg.kernel == SER_SVM_RBF)
            assert_true(tu_close(ser_svm_gamma(svm), ref_num(mj, "gamma"), 0, 1e-12));
        for (size_t c = 0; c < k; c++)
            if ((int)ser_svm_n_support_class(svm, c) != nsv[c])
                fail_msg("%s: class %zu has %zu SVs, sklearn %d", name, c, ser_svm_n_support_class(svm, c),
                         nsv[c]);
        size_t np = k * (k - 1) / 2;
        double *scratch = malloc(ser_svm_scratch_size(svm) * sizeof *scratch);
        double mine[16];
        double model_worst = 0.0;
        size_t ties = 0;
        assert_true(np <= 16);
        for (size_t i = 0; i < n_test; i++) {
            int label;
            assert_int_equal(ser_svm_predict(svm, xts + i * d, &label, NULL, scratch), SER_OK);
            ser_svm_decision(svm, xts + i * d, mine, scratch);
            /* scikit-learn's label, or on a vote tie the tied class with the
             * largest total margin (ser's rule; scikit-learn takes the first) */
            double ovo[16];
            for (size_t p = 0; p < np && p < 16; p++)
                ovo[p] = k == 2 ? -dec[i * np + p] : dec[i * np + p];
            bool tied = false;
            int expect = tu_ovo_label(ovo, k, pred[i], &tied);
            ties += tied;
            if (label != expect)
                fail_msg("%s: test row %zu predicted %d, sklearn %d (expected %d)", name, i, label, pred[i], expect);
            for (size_t p = 0; p < np; p++) {
                /* two classes: scikit-learn reports -(libsvm's value) */
                double want = k == 2 ? -dec[i * np + p] : dec[i * np + p];
                double diff = fabs(mine[p] - want);
                if (diff > model_worst)
                    model_worst = diff;
                if (!tu_close(mine[p], want, 1e-9, 1e-9))
                    fail_msg("%s: row %zu pair %zu decision %.17g, sklearn %.17g", name, i, p, mine[p], want);
            }
        }
        printf("# %-24s %3zu SVs, max |decision - sklearn| = %.3g, %zu vote ties taken by margin\n", name, ser_svm_n_support(svm),
               model_worst, ties);
        if (model_worst > worst)
            worst = model_worst;
        count++;
        free(scratch);
        ser_svm_destroy(svm);
        free(x);
        free(yy);
        free(rows);
        free(nsv);
        free(dec);
        free(pred);
    }
    assert_int_equal(count, 5);
    free(xs);
    free(xts);
    free(y);
}

/* The seeded calibration against libsvm's (in scikit-learn, other random
 * folds): same method, so close probabilities.  Bounds: mean absolute
 * difference < 0.02, max < 0.1 (measured 0.009 and 0.04). */
static void test_calibration_close_to_sklearn(void **state)
{
    (void)state;
    size_t d = (size_t)ref_num(ref, "n_features"), nx, ny, nt, npr;
    double *xs = ref_doubles(ref, "x_train_scaled", &nx), *xts = ref_doubles(ref, "x_test_scaled", &nt);
    double *proba = ref_doubles(ref, "proba_rbf_scale_c1", &npr);
    int *y = ref_ints(ref, "y_train", &ny);
    ser_svm_config cfg;
    ser_svm_config_default(&cfg);
    ser_svm *svm = NULL;
    assert_int_equal(ser_svm_train(xs, ny, d, y, 4, &cfg, &svm, NULL), SER_OK);
    double *scratch = malloc(ser_svm_scratch_size(svm) * sizeof *scratch), p[4], sum = 0.0, worst = 0.0;
    for (size_t i = 0; i < nt / d; i++) {
        assert_int_equal(ser_svm_predict(svm, xts + i * d, NULL, p, scratch), SER_OK);
        for (size_t k = 0; k < 4; k++) {
            double diff = fabs(p[k] - proba[i * 4 + k]);
            sum += diff;
            worst = diff > worst ? diff : worst;
        }
    }
    double mean = sum / (double)npr;
    printf("# calibration vs sklearn predict_proba: mean |diff| %.4f, max %.4f\n", mean, worst);
    assert_true(mean < 0.02);
    assert_true(worst < 0.1);
    free(scratch);
    ser_svm_destroy(svm);
    free(xs);
    free(xts);
    free(proba);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scaler),
        cmocka_unit_test(test_scaler_errors),
        cmocka_unit_test(test_svc),
        cmocka_unit_test(test_calibration_close_to_sklearn),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
