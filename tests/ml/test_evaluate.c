/* test_evaluate.c - outer evaluation: test rows never reach a fit,
 * metrics summary, speaker normalisation, errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blobs.h"
#include "ser/evaluate.h"
#include "ser/speaker_norm.h"
#include "ser/split.h"
#include "testutil.h"

typedef struct leak_check {
    const int *fold;
    int split_of_fit; /* -2: unknown */
    size_t n_fits, leaks;
} leak_check;

/* Every fit of outer split s must avoid rows with fold == s.  The fit's
 * split is not passed, so check that the rows avoid at least one fold
 * entirely (the tested one) -- and count fits touching every fold. */
static void observe(void *user, const size_t *rows, size_t n)
{
    leak_check *c = user;
    c->n_fits++;
    bool seen[3] = {false, false, false};
    for (size_t i = 0; i < n; i++)
        seen[c->fold[rows[i]]] = true;
    if (seen[0] && seen[1] && seen[2])
        c->leaks++;
}

static void test_no_leak_and_summary(void **state)
{
    (void)state;
    blobs b = blobs_make(20, 3, 4, 2.0, 11);
    int *fold = malloc(b.n * sizeof *fold);
    ser_error err = {0};
    assert_int_equal(ser_split_stratified_kfold(b.y, b.n, 3, 5, fold, &err), SER_OK);
    ser_outer_split sp[3] = {{fold, 0, "f0"}, {fold, 1, "f1"}, {fold, 2, "f2"}};
    ser_evaluate_config cfg;
    ser_evaluate_config_default(&cfg, SER_MODEL_SVM);
    static const double c[] = {1, 10};
    static const double g[] = {0};
    cfg.search.c_values = c, cfg.search.n_c = 2;
    cfg.search.gamma_values = g, cfg.search.n_gamma = 1;
    cfg.search.cv_folds = 3;
    cfg.search.threads = 2;
    leak_check lc = {fold, -2, 0, 0};
    cfg.observe_fit = observe;
    cfg.observe_user = &lc;
    ser_evaluation ev;
    ser_status st = ser_evaluate_run(b.x, b.n, b.d, b.y, b.k, sp, 3, &cfg, &ev, &err);
    if (st)
        fail_msg("%s", err.message);
    assert_int_equal(lc.n_fits, 3 * (2 * 3 + 1));
    assert_int_equal(lc.leaks, 0);
    assert_int_equal(ev.n_folds, 3);
    size_t total = 0, correct = 0;
    double acc_sum = 0;
    for (size_t f = 0; f < 3; f++) {
        total += ev.folds[f].n_test;
        acc_sum += ev.folds[f].metrics.accuracy;
        for (size_t t = 0; t < ev.folds[f].n_test; t++) {
            assert_int_equal(fold[ev.folds[f].test_rows[t]], (int)f);
            double s = 0;
            for (size_t c2 = 0; c2 < 3; c2++)
                s += ev.folds[f].probs[t * 3 + c2];
            assert_true(fabs(s - 1) < 1e-9);
        }
    }
    assert_int_equal(total, b.n);
    for (size_t k = 0; k < 3; k++)
        correct += ev.confusion[k * 3 + k];
    assert_true(fabs(ev.accuracy - acc_sum / 3) < 1e-12);
    assert_true(ev.accuracy > 0.8);
    assert_true(correct > 0.8 * (double)b.n);
    assert_string_equal(ev.folds[1].name, "f1");
    ser_evaluation_free(&ev);
    free(fold);
    free(b.x);
    free(b.y);
}

/* row_use: train-only rows are never tested, test-only rows never reach
 * a fit; every fit still avoids the tested fold. */
typedef struct use_check {
    const unsigned char *use;
    size_t test_only_fitted;
} use_check;

static void observe_use(void *user, const size_t *rows, size_t n)
{
    use_check *c = user;
    for (size_t i = 0; i < n; i++)
        if (!(c->use[rows[i]] & SER_ROW_TRAIN))
            c->test_only_fitted++;
}

static void test_row_use(void **state)
{
    (void)state;
    blobs b = blobs_make(20, 3, 4, 2.0, 11);
    int *fold = malloc(b.n * sizeof *fold);
    unsigned char *use = malloc(b.n);
    ser_error err = {0};
    assert_int_equal(ser_split_stratified_kfold(b.y, b.n, 3, 5, fold, &err), SER_OK);
    size_t n_test_ok = 0;
    for (size_t i = 0; i < b.n; i++) {
        use[i] = i % 3 == 0 ? SER_ROW_TRAIN : i % 3 == 1 ? SER_ROW_TEST : SER_ROW_TRAIN | SER_ROW_TEST;
        n_test_ok += (use[i] & SER_ROW_TEST) != 0;
    }
    ser_outer_split sp[3] = {{fold, 0, "f0"}, {fold, 1, "f1"}, {fold, 2, "f2"}};
    ser_evaluate_config cfg;
    ser_evaluate_config_default(&cfg, SER_MODEL_SVM);
    static const double c[] = {1};
    static const double g[] = {0};
    cfg.search.c_values = c, cfg.search.n_c = 1;
    cfg.search.gamma_values = g, cfg.search.n_gamma = 1;
    cfg.search.cv_folds = 2;
    cfg.row_use = use;
    use_check uc = {use, 0};
    cfg.observe_fit = observe_use;
    cfg.observe_user = &uc;
    ser_evaluation ev;
    ser_status st = ser_evaluate_run(b.x, b.n, b.d, b.y, b.k, sp, 3, &cfg, &ev, &err);
    if (st)
        fail_msg("%s", err.message);
    assert_int_equal(uc.test_only_fitted, 0);
    size_t total = 0;
    for (size_t f = 0; f < 3; f++) {
        total += ev.folds[f].n_test;
        for (size_t t = 0; t < ev.folds[f].n_test; t++) {
            size_t r = ev.folds[f].test_rows[t];
            assert_int_equal(fold[r], (int)f);
            assert_true(use[r] & SER_ROW_TEST);
        }
    }
    assert_int_equal(total, n_test_ok);
    ser_evaluation_free(&ev);
    free(use);
    free(fold);
    free(b.x);
    free(b.y);
}

static void test_speaker_norm(void **state)
{
    (void)state;
    /* two speakers, 3 rows each, 2 features */
    double x[] = {1, 10, 2, 10, 3, 10, 100, 5, 200, 7, 300, 9};
    int spk[] = {0, 0, 0, 4, 4, 4};
    ser_error err = {0};
    assert_int_equal(ser_speaker_normalize(x, 6, 2, spk, &err), SER_OK);
    double s = sqrt(2.0 / 3.0);
    double expect[] = {-1 / s, 0, 0, 0, 1 / s, 0, -1 / s, -1 / s, 0, 0, 1 / s, 1 / s};
    for (size_t i = 0; i < 12; i++)
        assert_true(fabs(x[i] - expect[i]) < 1e-12);
    int bad[] = {0, 0, 0, -1, 4, 4};
    assert_int_equal(ser_speaker_normalize(x, 6, 2, bad, &err), SER_ERR_ARG);
}

static void test_errors(void **state)
{
    (void)state;
    blobs b = blobs_make(6, 2, 2, 2.0, 3);
    int *fold = calloc(b.n, sizeof *fold); /* everything tested: empty training part */
    ser_outer_split sp = {fold, 0, "all"};
    ser_evaluate_config cfg;
    ser_evaluate_config_default(&cfg, SER_MODEL_SVM);
    ser_evaluation ev;
    ser_error err = {0};
    assert_int_equal(ser_evaluate_run(b.x, b.n, b.d, b.y, 2, &sp, 1, &cfg, &ev, &err), SER_ERR_ARG);
    cfg.speaker_norm = true;
    assert_int_equal(ser_evaluate_run(b.x, b.n, b.d, b.y, 2, &sp, 1, &cfg, &ev, &err), SER_ERR_ARG);
    /* 6 rows per class, half tested: 3 training rows per class < 5 folds */
    cfg.speaker_norm = false;
    for (size_t i = 0; i < b.n; i++)
        fold[i] = i % 2 ? 0 : SER_FOLD_TRAIN;
    assert_int_equal(ser_evaluate_run(b.x, b.n, b.d, b.y, 2, &sp, 1, &cfg, &ev, &err), SER_ERR_LABEL);
    assert_non_null(strstr(err.message, "split all"));
    free(fold);
    free(b.x);
    free(b.y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_leak_and_summary),
        cmocka_unit_test(test_row_use),
        cmocka_unit_test(test_speaker_norm),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
