/* PCA against scikit-learn (tests/ml/make_pca_reference.py ->
 * tests/ml/data/pca_reference.json).  Tolerances: means, explained
 * variance and ratios 1e-9 relative (+1e-12 absolute); components and
 * projections 1e-7 absolute after matching each component's sign (an
 * eigenvector is defined up to sign). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_ref.h"
#include "ser/pca.h"

static double *matrix(const cJSON *obj, const char *key, size_t *rows, size_t *cols)
{
    const cJSON *a = ref_get(obj, key);
    *rows = (size_t)cJSON_GetArraySize(a);
    *cols = (size_t)cJSON_GetArraySize(cJSON_GetArrayItem(a, 0));
    double *m = malloc(*rows * *cols * sizeof *m);
    size_t i = 0;
    const cJSON *r, *e;
    cJSON_ArrayForEach(r, a)
    {
        assert_int_equal(cJSON_GetArraySize(r), (int)*cols);
        cJSON_ArrayForEach(e, r) m[i++] = e->valuedouble;
    }
    return m;
}

static void check_case(const cJSON *c)
{
    size_t n, d, kr, kd, tn, tk, len;
    double *x = matrix(c, "x", &n, &d);
    size_t k = (size_t)ref_num(c, "n_components");
    double *comp = matrix(c, "components", &kr, &kd);
    double *proj = matrix(c, "transform", &tn, &tk);
    double *mean = ref_doubles(c, "mean", &len);
    double *ev = ref_doubles(c, "explained_variance", &len);
    double *ratio = ref_doubles(c, "explained_variance_ratio", &len);
    assert_int_equal(kr, k);
    assert_int_equal(kd, d);

    ser_pca p;
    ser_error err = {0};
    assert_int_equal(ser_pca_fit(x, n, d, k, &p, &err), SER_OK);
    assert_int_equal(p.n_components, k);
    for (size_t j = 0; j < d; j++)
        assert_true(tu_close(p.mean[j], mean[j], 1e-12, 1e-9));
    double ratio_sum = 0;
    for (size_t c2 = 0; c2 < k; c2++) {
        assert_true(tu_close(p.explained_variance[c2], ev[c2], 1e-12, 1e-9));
        assert_true(tu_close(p.explained_variance_ratio[c2], ratio[c2], 1e-12, 1e-9));
        ratio_sum += p.explained_variance_ratio[c2];
        double dot = 0;
        for (size_t j = 0; j < d; j++)
            dot += p.components[c2 * d + j] * comp[c2 * d + j];
        double sign = dot < 0 ? -1 : 1;
        for (size_t j = 0; j < d; j++)
            if (!tu_close(p.components[c2 * d + j], sign * comp[c2 * d + j], 1e-7, 0))
                fail_msg("%s component %zu[%zu]: %.12g vs %.12g", ref_get(c, "name")->valuestring, c2, j,
                         p.components[c2 * d + j], sign * comp[c2 * d + j]);
        double *t = malloc(n * k * sizeof *t);
        ser_pca_transform(&p, x, n, t);
        for (size_t i = 0; i < n; i++)
            assert_true(tu_close(t[i * k + c2], sign * proj[i * k + c2], 1e-7, 0));
        free(t);
    }
    assert_true(ratio_sum <= 1 + 1e-12);
    ser_pca_free(&p);
    free(x);
    free(comp);
    free(proj);
    free(mean);
    free(ev);
    free(ratio);
}

static void test_against_sklearn(void **state)
{
    (void)state;
    cJSON *root = ref_load("pca_reference.json");
    const cJSON *c;
    int n = 0;
    cJSON_ArrayForEach(c, ref_get(root, "cases"))
    {
        check_case(c);
        n++;
    }
    assert_int_equal(n, 2);
    cJSON_Delete(root);
}

static void test_rejects_bad_input(void **state)
{
    (void)state;
    double x[6] = {1, 2, 3, 4, 5, NAN};
    ser_pca p;
    ser_error err = {0};
    assert_int_equal(ser_pca_fit(x, 1, 6, 1, &p, &err), SER_ERR_ARG);
    assert_int_equal(ser_pca_fit(x, 3, 2, 3, &p, &err), SER_ERR_ARG);
    assert_int_equal(ser_pca_fit(x, 3, 2, 0, &p, &err), SER_ERR_ARG);
    assert_int_equal(ser_pca_fit(x, 3, 2, 1, &p, &err), SER_ERR_NONFINITE);
    assert_non_null(strstr(err.message, "row 2 column 1"));
    x[5] = 6;
    assert_int_equal(ser_pca_fit(x, 3, 2, 2, &p, &err), SER_OK);
    /* Perfectly correlated columns: one component holds all the variance. */
    assert_true(tu_close(p.explained_variance_ratio[0], 1.0, 1e-12, 0));
    assert_true(tu_close(p.explained_variance_ratio[1], 0.0, 1e-12, 0));
    ser_pca_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_sklearn),
        cmocka_unit_test(test_rejects_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
