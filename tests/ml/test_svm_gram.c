/* The search's SVM path on libsvm's PRECOMPUTED kernel (svm_gram.c)
 * against ser_svm_train (libsvm's own dense RBF / linear kernel) on the
 * same data: a model trained from the precomputed base matrix must hold
 * the same support vectors (same count per class, same rows bit for bit)
 * and give, through the ordinary allocation-free predictor, decision
 * values within 1e-6 (abs + rel) of the old model's and the same labels;
 * the calibrated probabilities within 1e-6.  The only difference between
 * the two is the rounding of the kernel values (BLAS' |a|^2 + |b|^2 - 2 a.b
 * vs libsvm's sequential sum); the measured worst differences are printed.
 * Also: base matrices against a direct loop (1e-9), labels from the
 * validation kernel rows (ser__svm_predict_gram) equal to ser_svm_predict's,
 * and bad input (a missing class, a non-finite feature) gives errors. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "blobs.h"
#include "ml/svm_model.h"
#include "ser/svm.h"

static double *base_of(ser_svm_kernel kernel, const blobs *a, const blobs *b)
{
    double *out = malloc(a->n * b->n * sizeof *out);
    ser_error err;
    assert_int_equal(ser__svm_gram_base(kernel, a->x, a->n, b->x, b->n, a->d, out, &err), SER_OK);
    return out;
}

static void test_base_matrix(void **state)
{
    (void)state;
    blobs a = blobs_make(7, 3, 13, 2.0, 5), b = blobs_make(4, 3, 13, 2.0, 6);
    for (int kern = 0; kern < 2; kern++) {
        ser_svm_kernel kernel = kern ? SER_SVM_LINEAR : SER_SVM_RBF;
        double *same = base_of(kernel, &a, &a), *cross = base_of(kernel, &b, &a);
        for (int pass = 0; pass < 2; pass++) {
            const blobs *r = pass ? &b : &a;
            const double *m = pass ? cross : same;
            for (size_t i = 0; i < r->n; i++)
                for (size_t j = 0; j < a.n; j++) {
                    double want = 0.0;
                    for (size_t t = 0; t < a.d; t++) {
                        double u = r->x[i * a.d + t], v = a.x[j * a.d + t];
                        want += kern ? u * v : (u - v) * (u - v);
                    }
                    if (!tu_close(m[i * a.n + j], want, 1e-9, 1e-9))
                        fail_msg("kernel %d pass %d (%zu, %zu): %.17g vs %.17g", kern, pass, i, j,
                                 m[i * a.n + j], want);
                }
        }
        for (size_t i = 0; i < a.n; i++) {
            if (kernel == SER_SVM_RBF)
                assert_true(same[i * a.n + i] == 0.0);
            for (size_t j = 0; j < a.n; j++)
                assert_true(same[i * a.n + j] == same[j * a.n + i]);
        }
        free(same);
        free(cross);
    }
    blobs_free(&a);
    blobs_free(&b);
}

static void compare(const blobs *tr, const blobs *te, const ser_svm_config *cfg)
{
    ser_error err;
    ser_svm *old = NULL, *gram = NULL;
    if (ser_svm_train(tr->x, tr->n, tr->d, tr->y, tr->k, cfg, &old, &err) != SER_OK)
        fail_msg("train: %s", err.message);
    double *base = base_of(cfg->kernel, tr, tr), *cross = base_of(cfg->kernel, te, tr);
    if (ser__svm_train_gram(tr->x, tr->n, tr->d, base, tr->y, tr->k, cfg, &gram, &err) != SER_OK)
        fail_msg("train_gram: %s", err.message);

    /* Same support vectors, in the same order. */
    assert_int_equal(ser_svm_n_support(gram), ser_svm_n_support(old));
    for (size_t c = 0; c < tr->k; c++)
        assert_int_equal(ser_svm_n_support_class(gram, c), ser_svm_n_support_class(old, c));
    assert_memory_equal(gram->sv, old->sv, old->n_sv * old->n_features * sizeof *old->sv);
    assert_true(ser_svm_gamma(gram) == ser_svm_gamma(old));
    for (size_t i = 0; i < gram->n_sv; i++)
        assert_memory_equal(gram->sv + i * tr->d, tr->x + gram->sv_rows[i] * tr->d, tr->d * sizeof *tr->x);

    size_t k = tr->k, np = k * (k - 1) / 2;
    double *s1 = malloc(ser_svm_scratch_size(old) * sizeof *s1), *s2 = malloc(ser_svm_scratch_size(gram) * sizeof *s2);
    double *d1 = malloc(np * sizeof *d1), *d2 = malloc(np * sizeof *d2);
    double *p1 = malloc(k * sizeof *p1), *p2 = malloc(k * sizeof *p2);
    double worst_dec = 0.0, worst_prob = 0.0;
    for (size_t i = 0; i < te->n; i++) {
        const double *x = te->x + i * te->d;
        ser_svm_decision(old, x, d1, s1);
        ser_svm_decision(gram, x, d2, s2);
        for (size_t p = 0; p < np; p++) {
            worst_dec = fmax(worst_dec, fabs(d1[p] - d2[p]));
            if (!tu_close(d2[p], d1[p], 1e-6, 1e-6))
                fail_msg("row %zu pair %zu: precomputed %.17g vs dense %.17g", i, p, d2[p], d1[p]);
        }
        int l1, l2;
        assert_int_equal(ser_svm_predict(old, x, &l1, cfg->probability ? p1 : NULL, s1), SER_OK);
        assert_int_equal(ser_svm_predict(gram, x, &l2, cfg->probability ? p2 : NULL, s2), SER_OK);
        assert_int_equal(l1, l2);
        assert_int_equal(ser__svm_predict_gram(gram, cross + i * tr->n, s2), l2);
        for (size_t c = 0; cfg->probability && c < k; c++) {
            worst_prob = fmax(worst_prob, fabs(p1[c] - p2[c]));
            if (!tu_close(p2[c], p1[c], 1e-6, 1e-6))
                fail_msg("row %zu class %zu: probability %.17g vs %.17g", i, c, p2[c], p1[c]);
        }
    }
    printf("# %s, %zu classes x %zu dims, %zu SVs: max |decision diff| %.3g, max |probability diff| %.3g\n",
           cfg->kernel == SER_SVM_LINEAR ? "linear" : "rbf", k, tr->d, ser_svm_n_support(gram), worst_dec,
           worst_prob);
    free(s1);
    free(s2);
    free(d1);
    free(d2);
    free(p1);
    free(p2);
    free(base);
    free(cross);
    ser_svm_destroy(old);
    ser_svm_destroy(gram);
}

static void test_same_model(void **state)
{
    (void)state;
    blobs tr = blobs_make(30, 4, 24, 0.4, 31), te = blobs_make(10, 4, 24, 0.4, 32);
    ser_svm_config cfg;
    ser_svm_config_default(&cfg); /* RBF, gamma scale, C 1, calibrated */
    cfg.seed = 9;
    compare(&tr, &te, &cfg);
    cfg.gamma_mode = SER_SVM_GAMMA_VALUE;
    cfg.gamma = 0.05;
    cfg.c = 100;
    cfg.class_weight = SER_CLASS_WEIGHT_BALANCED;
    cfg.probability = false;
    compare(&tr, &te, &cfg);
    cfg.kernel = SER_SVM_LINEAR;
    cfg.c = 0.1;
    cfg.probability = true;
    compare(&tr, &te, &cfg);
    blobs_free(&tr);
    blobs_free(&te);
}

static void test_bad_input(void **state)
{
    (void)state;
    blobs b = blobs_make(6, 3, 4, 2.0, 3);
    double *base = base_of(SER_SVM_RBF, &b, &b);
    ser_svm_config cfg;
    ser_svm_config_default(&cfg);
    ser_svm *m = (ser_svm *)&cfg; /* must be reset to NULL on error */
    ser_error err;
    assert_int_equal(ser__svm_train_gram(b.x, b.n, b.d, base, b.y, 4, &cfg, &m, &err), SER_ERR_LABEL);
    assert_null(m);
    assert_non_null(strstr(err.message, "class 3"));
    b.x[5] = NAN;
    assert_int_equal(ser__svm_train_gram(b.x, b.n, b.d, base, b.y, 3, &cfg, &m, &err), SER_ERR_NONFINITE);
    assert_int_equal(ser__svm_train_gram(b.x, b.n, b.d, NULL, b.y, 3, &cfg, &m, &err), SER_ERR_ARG);
    free(base);
    blobs_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_matrix),
        cmocka_unit_test(test_same_model),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
