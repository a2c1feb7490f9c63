/* Metrics and ROC/AUC against scikit-learn 1.2 (reference values made by
 * tests/ml/make_metrics_reference.py, committed in tests/ml/data/).
 * Tolerance: 1e-12 absolute + 1e-12 relative on every figure; counts
 * (support, confusion) exact; ROC curves must have the same points. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "json_ref.h"
#include "ser/metrics.h"

#define TOL 1e-12

static void check_close(double got, double want, const char *what, const char *name, size_t i)
{
    if (!tu_close(got, want, TOL, TOL))
        fail_msg("%s: %s[%zu] = %.17g, sklearn %.17g", name, what, i, got, want);
}

static void check_case(const cJSON *c)
{
    const char *name = cJSON_GetObjectItem(c, "name")->valuestring;
    size_t k = (size_t)ref_num(c, "n_classes"), n, n2, ns;
    int *yt = ref_ints(c, "y_true", &n);
    int *yp = ref_ints(c, "y_pred", &n2);
    double *scores = ref_doubles(c, "scores", &ns);
    assert_int_equal(n, n2);
    assert_int_equal(ns, n * k);

    ser_metrics m;
    ser_class_metrics pc[8];
    size_t cm[64];
    ser_error err;
    assert_int_equal(ser_metrics_compute(yt, yp, n, k, &m, pc, cm, &err), SER_OK);
    assert_int_equal(m.n_samples, n);
    check_close(m.accuracy, ref_num(c, "accuracy"), "accuracy", name, 0);
    check_close(m.uar, ref_num(c, "uar"), "uar", name, 0);
    check_close(m.precision_macro, ref_num(c, "precision_macro"), "precision_macro", name, 0);
    check_close(m.recall_macro, ref_num(c, "recall_macro"), "recall_macro", name, 0);
    check_close(m.f1_macro, ref_num(c, "f1_macro"), "f1_macro", name, 0);
    check_close(m.precision_weighted, ref_num(c, "precision_weighted"), "precision_weighted", name, 0);
    check_close(m.recall_weighted, ref_num(c, "recall_weighted"), "recall_weighted", name, 0);
    check_close(m.f1_weighted, ref_num(c, "f1_weighted"), "f1_weighted", name, 0);

    size_t len;
    double *p = ref_doubles(c, "precision", &len), *r = ref_doubles(c, "recall", &len);
    double *f = ref_doubles(c, "f1", &len);
    int *s = ref_ints(c, "support", &len);
    int *conf = ref_ints(c, "confusion", &len);
    assert_int_equal(len, k * k);
    for (size_t i = 0; i < k; i++) {
        check_close(pc[i].precision, p[i], "precision", name, i);
        check_close(pc[i].recall, r[i], "recall", name, i);
        check_close(pc[i].f1, f[i], "f1", name, i);
        assert_int_equal(pc[i].support, s[i]);
    }
    for (size_t i = 0; i < k * k; i++)
        assert_int_equal(cm[i], conf[i]);

    /* ROC per class. */
    const cJSON *roc = ref_get(c, "roc");
    double fpr[256], tpr[256], thr[256], aucs[8], macro;
    assert_true(n + 1 <= 256);
    for (size_t cls = 0; cls < k; cls++) {
        const cJSON *rc = cJSON_GetArrayItem(roc, (int)cls);
        size_t np = 0;
        assert_int_equal(ser_roc_curve(yt, scores + cls, k, n, (int)cls, fpr, tpr, thr, 256, &np, &err), SER_OK);
        double auc;
        assert_int_equal(ser_roc_auc(yt, scores + cls, k, n, (int)cls, &auc, &err), SER_OK);
        if (cJSON_IsNull(rc)) {
            assert_true(isnan(auc));
            continue;
        }
        size_t rn;
        double *rf = ref_doubles(rc, "fpr", &rn), *rt = ref_doubles(rc, "tpr", &rn);
        double *rth = ref_doubles(rc, "thresholds", &rn);
        if (np != rn)
            fail_msg("%s class %zu: %zu ROC points, sklearn %zu", name, cls, np, rn);
        for (size_t i = 0; i < np; i++) {
            check_close(fpr[i], rf[i], "fpr", name, i);
            check_close(tpr[i], rt[i], "tpr", name, i);
            check_close(thr[i], rth[i], "thresholds", name, i);
        }
        check_close(auc, ref_num(rc, "auc"), "auc", name, cls);
        free(rf);
        free(rt);
        free(rth);
    }
    assert_int_equal(ser_roc_auc_ovr(yt, scores, n, k, aucs, &macro, &err), SER_OK);
    const cJSON *am = ref_get(c, "auc_macro");
    if (cJSON_IsNull(am))
        assert_true(isnan(macro));
    else
        check_close(macro, am->valuedouble, "auc_macro", name, 0);

    free(yt);
    free(yp);
    free(scores);
    free(p);
    free(r);
    free(f);
    free(s);
    free(conf);
}

static void test_against_sklearn(void **state)
{
    (void)state;
    cJSON *root = ref_load("metrics_reference.json");
    const cJSON *cases = ref_get(root, "cases"), *c;
    int count = 0;
    cJSON_ArrayForEach(c, cases)
    {
        check_case(c);
        count++;
    }
    assert_true(count >= 6);
    cJSON_Delete(root);
}

static void test_bad_input(void **state)
{
    (void)state;
    ser_error err;
    ser_metrics m;
    int yt[3] = {0, 1, 2}, yp[3] = {0, 1, 3};
    assert_int_equal(ser_metrics_compute(yt, yp, 3, 3, &m, NULL, NULL, &err), SER_ERR_LABEL);
    assert_non_null(strstr(err.message, "sample 2"));
    yp[2] = -1;
    assert_int_equal(ser_metrics_compute(yt, yp, 3, 3, &m, NULL, NULL, &err), SER_ERR_LABEL);
    assert_int_equal(ser_metrics_compute(yt, yt, 0, 3, &m, NULL, NULL, &err), SER_ERR_EMPTY);
    assert_int_equal(ser_metrics_compute(yt, yt, 3, 0, &m, NULL, NULL, &err), SER_ERR_ARG);
    double sc[3] = {0.1, NAN, 0.3}, f[4], t[4], th[4];
    size_t np;
    assert_int_equal(ser_roc_curve(yt, sc, 1, 3, 0, f, t, th, 4, &np, &err), SER_ERR_NONFINITE);
    sc[1] = 0.2;
    assert_int_equal(ser_roc_curve(yt, sc, 1, 3, 0, f, t, th, 3, &np, &err), SER_ERR_ARG);
}

static void test_many_classes_allocates(void **state)
{
    (void)state;
    /* 10 classes: the confusion matrix no longer fits the stack buffer. */
    int y[20];
    for (int i = 0; i < 20; i++)
        y[i] = i % 10;
    ser_metrics m;
    assert_int_equal(ser_metrics_compute(y, y, 20, 10, &m, NULL, NULL, NULL), SER_OK);
    assert_true(m.accuracy == 1.0 && m.uar == 1.0 && m.f1_macro == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_sklearn),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_many_classes_allocates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
