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

/* Band-wise for images: each speaker's bands standardised over every
 * frame of its images; copies use their image's speaker's statistics. */
static void test_speaker_norm_bands(void **state)
{
    (void)state;
    /* 3 images of 2 bands x 2 frames: speaker 7 has images 0 and 2, speaker 1 image 1 */
    float im[] = {1, 3, 10, 10, /**/ 50, 60, -5, 5, /**/ 5, 7, 10, 10};
    float cp[] = {3, 3, 20, 0, /**/ 55, 55, 0, 0, /**/ 4, 4, 10, 10}; /* one copy each */
    const int spk[] = {7, 1, 7};
    ser_error err = {0};
    assert_int_equal(ser_speaker_normalize_bands(im, 3, 2, 2, spk, cp, 1, &err), SER_OK);
    /* speaker 7, band 0: values 1 3 5 7, mean 4, sd sqrt(5); band 1 constant 10 -> scale 1 */
    const double s5 = sqrt(5.0);
    const double e_im[] = {-3 / s5, -1 / s5, 0, 0, -1, 1, -1, 1, 1 / s5, 3 / s5, 0, 0};
    const double e_cp[] = {-1 / s5, -1 / s5, 10, -10, 0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < 12; i++) {
        assert_true(fabs(im[i] - e_im[i]) < 1e-6);
        assert_true(fabs(cp[i] - e_cp[i]) < 1e-6);
    }
    const int bad[] = {7, -1, 7};
    assert_int_equal(ser_speaker_normalize_bands(im, 3, 2, 2, bad, NULL, 0, &err), SER_ERR_ARG);
    im[5] = NAN;
    assert_int_equal(ser_speaker_normalize_bands(im, 3, 2, 2, spk, NULL, 0, &err), SER_ERR_NONFINITE);
}

/* The live call's running estimate: with no prior and all of a speaker's
 * rows seen it is the batch step; with a prior it starts at the prior and
 * moves to the speaker's own statistics; the prior is the mean over
 * speakers of their means and deviations. */
static void test_speaker_running(void **state)
{
    (void)state;
    const double x[] = {1, 10, 2, 10, 3, 10, 100, 5, 200, 7, 300, 9};
    const int spk[] = {0, 0, 0, 4, 4, 4};
    double batch[12];
    memcpy(batch, x, sizeof x);
    ser_error err = {0};
    assert_int_equal(ser_speaker_normalize(batch, 6, 2, spk, &err), SER_OK);
    double buf[4];
    ser_speaker_running r;
    for (size_t s0 = 0; s0 < 6; s0 += 3) {
        ser_speaker_running_init(&r, 2, buf, NULL, NULL, 5.0); /* no prior: weight ignored */
        for (size_t i = s0; i < s0 + 3; i++)
            ser_speaker_running_update(&r, x + 2 * i);
        for (size_t i = s0; i < s0 + 3; i++) {
            double v[2] = {x[2 * i], x[2 * i + 1]};
            ser_speaker_running_apply(&r, v);
            assert_true(fabs(v[0] - batch[2 * i]) < 1e-12 && fabs(v[1] - batch[2 * i + 1]) < 1e-12);
        }
    }
    double pm[2], ps[2];
    assert_int_equal(ser_speaker_prior(x, 6, 2, spk, pm, ps, &err), SER_OK);
    double sd = sqrt(2.0 / 3.0);
    assert_true(fabs(pm[0] - 101.0) < 1e-12 && fabs(pm[1] - 8.5) < 1e-12);
    assert_true(fabs(ps[0] - (sd + 100 * sd) / 2) < 1e-12);
    assert_true(fabs(ps[1] - (0.0 + 2 * sd) / 2) < 1e-12); /* speaker 0 is constant there: deviation 0 */
    int bad[] = {0, 0, -1, 4, 4, 4};
    assert_int_equal(ser_speaker_prior(x, 6, 2, bad, pm, ps, &err), SER_ERR_ARG);

    /* with the prior (weight 2): the first vector is standardised by
     * (1 m + 2 prior) / 3, then the estimate follows the speaker */
    ser_speaker_running_init(&r, 2, buf, pm, ps, 2.0);
    double v[2] = {100, 5};
    ser_speaker_running_update(&r, v);
    ser_speaker_running_apply(&r, v);
    double m0 = (100 + 2 * 101.0) / 3, s0 = sqrt((0 + 2 * ps[0] * ps[0]) / 3);
    assert_true(fabs(v[0] - (100 - m0) / s0) < 1e-12);
    for (int rep = 0; rep < 2000; rep++)
        for (size_t i = 3; i < 6; i++)
            ser_speaker_running_update(&r, x + 2 * i);
    double w[2] = {300, 9};
    ser_speaker_running_apply(&r, w);
    assert_true(fabs(w[0] - batch[10]) < 1e-3 && fabs(w[1] - batch[11]) < 1e-3);
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
        cmocka_unit_test(test_speaker_norm_bands),
        cmocka_unit_test(test_speaker_running),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
