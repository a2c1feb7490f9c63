/* libser's SVM inference against libsvm's own (svm_predict_values /
 * svm_predict) on the same trained problem: decision values within 1e-9
 * (measured: identical) and labels identical, RBF and linear, on seeded
 * Gaussian blobs (5 classes, 40 dims; 3 classes, 8 dims).  Also: the
 * seeded calibration (probabilities sum to 1, same seed -> same bytes,
 * other seed -> other calibration, same decisions), encode/decode round
 * trip bit-identical, corrupt payloads rejected, bad input errors. */
#include "testutil.h"

#include <libsvm/svm.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "blobs.h"
#include "ml/svm_model.h"
#include "ser/svm.h"

/* Train libsvm directly on the problem ser_svm_train builds, and compare
 * every decision value and label of libser's predictor on test rows. */
static void compare_with_libsvm(const blobs *tr, const blobs *te, const ser_svm_config *cfg)
{
    ser_error err;
    ser_svm *svm = NULL;
    ser_status st = ser_svm_train(tr->x, tr->n, tr->d, tr->y, tr->k, cfg, &svm, &err);
    if (st != SER_OK)
        fail_msg("train: %s", err.message);

    struct svm_problem prob;
    struct svm_parameter param;
    int wl[16];
    double w[16];
    void *nodes, *rows;
    double *yy;
    assert_int_equal(ser__svm_prepare(tr->x, tr->n, tr->d, tr->y, tr->k, cfg, &prob, &param, wl, w, &nodes, &yy,
                                      &rows, &err),
                     SER_OK);
    ser__svm_quiet();
    struct svm_model *ref = svm_train(&prob, &param);
    assert_non_null(ref);
    assert_int_equal(svm_get_nr_sv(ref), ser_svm_n_support(svm));
    assert_true(ser_svm_gamma(svm) == param.gamma);

    size_t k = tr->k, np = k * (k - 1) / 2, d = te->d;
    double *scratch = malloc(ser_svm_scratch_size(svm) * sizeof *scratch);
    double *mine = malloc(np * sizeof *mine), *theirs = malloc(np * sizeof *theirs);
    struct svm_node *node = malloc((d + 1) * sizeof *node);
    double worst = 0.0;
    size_t exact = 0, ties = 0;
    for (size_t i = 0; i < te->n; i++) {
        const double *x = te->x + i * d;
        for (size_t j = 0; j < d; j++) {
            node[j].index = (int)j + 1;
            node[j].value = x[j];
        }
        node[d].index = -1;
        double lab = svm_predict_values(ref, node, theirs);
        int label;
        ser_svm_decision(svm, x, mine, scratch);
        assert_int_equal(ser_svm_predict(svm, x, &label, NULL, scratch), SER_OK);
        assert_int_equal((int)svm_predict(ref, node), (int)lab);
        /* libsvm's label unless the votes tie; then the tied class with the
         * largest total margin (ours), whatever the class order */
        bool tied = false;
        int expect = tu_ovo_label(theirs, k, (int)lab, &tied);
        ties += tied;
        assert_int_equal(label, expect);
        for (size_t p = 0; p < np; p++) {
            double diff = fabs(mine[p] - theirs[p]);
            worst = diff > worst ? diff : worst;
            exact += mine[p] == theirs[p];
            if (!tu_close(mine[p], theirs[p], 1e-9, 1e-9))
                fail_msg("row %zu pair %zu: %.17g vs libsvm %.17g", i, p, mine[p], theirs[p]);
        }
    }
    printf("# %s kernel, %zu classes x %zu dims: %zu SVs; max |ours - libsvm| = %.3g, %zu/%zu bit-identical; %zu vote ties broken by margin\n",
           cfg->kernel == SER_SVM_LINEAR ? "linear" : "rbf", k, d, ser_svm_n_support(svm), worst, exact,
           te->n * np, ties);
    svm_free_and_destroy_model(&ref);
    free(nodes);
    free(rows);
    free(yy);
    free(node);
    free(mine);
    free(theirs);
    free(scratch);
    ser_svm_destroy(svm);
}

static void test_matches_libsvm(void **state)
{
    (void)state;
    blobs tr = blobs_make(40, 5, 40, 0.35, 11), te = blobs_make(12, 5, 40, 0.35, 12);
    ser_svm_config cfg;
    ser_svm_config_default(&cfg);
    cfg.probability = false;
    compare_with_libsvm(&tr, &te, &cfg);
    cfg.kernel = SER_SVM_LINEAR;
    cfg.c = 0.1;
    compare_with_libsvm(&tr, &te, &cfg);
    cfg.kernel = SER_SVM_RBF;
    cfg.gamma_mode = SER_SVM_GAMMA_VALUE;
    cfg.gamma = 0.02;
    cfg.c = 10;
    cfg.class_weight = SER_CLASS_WEIGHT_BALANCED;
    compare_with_libsvm(&tr, &te, &cfg);
    blobs_free(&tr);
    blobs_free(&te);
    blobs a = blobs_make(25, 3, 8, 1.0, 21), b = blobs_make(20, 3, 8, 1.0, 22);
    ser_svm_config_default(&cfg);
    cfg.probability = false;
    cfg.gamma_mode = SER_SVM_GAMMA_AUTO;
    compare_with_libsvm(&a, &b, &cfg);
    blobs_free(&a);
    blobs_free(&b);
}

static ser_svm *train_or_fail(const blobs *b, const ser_svm_config *cfg)
{
    ser_svm *svm = NULL;
    ser_error err;
    if (ser_svm_train(b->x, b->n, b->d, b->y, b->k, cfg, &svm, &err) != SER_OK)
        fail_msg("train: %s", err.message);
    return svm;
}

static void test_calibration(void **state)
{
    (void)state;
    blobs all = blobs_make(55, 4, 10, 0.6, 31);
    blobs tr = blobs_rows(&all, 0, 120), te = blobs_rows(&all, 120, 100);
    ser_svm_config cfg;
    ser_svm_config_default(&cfg);
    cfg.seed = 5;
    ser_svm *a = train_or_fail(&tr, &cfg), *b = train_or_fail(&tr, &cfg);
    cfg.seed = 6;
    ser_svm *c = train_or_fail(&tr, &cfg);
    assert_true(ser_svm_has_probability(a));

    /* same seed: byte-identical model; other seed: same SVM, other sigmoids */
    unsigned char *ea, *eb, *ec;
    size_t la, lb, lc;
    assert_int_equal(ser_svm_encode(a, &ea, &la, NULL), SER_OK);
    assert_int_equal(ser_svm_encode(b, &eb, &lb, NULL), SER_OK);
    assert_int_equal(ser_svm_encode(c, &ec, &lc, NULL), SER_OK);
    assert_int_equal(la, lb);
    assert_memory_equal(ea, eb, la);
    assert_int_equal(la, lc);
    assert_true(memcmp(ea, ec, la) != 0);

    double *scratch = malloc(ser_svm_scratch_size(a) * sizeof *scratch);
    double pa[4], pc[4], da[6], dc[6];
    size_t agree = 0, correct_prob = 0, correct_vote = 0;
    double log_loss = 0.0;
    for (size_t i = 0; i < te.n; i++) {
        const double *x = te.x + i * te.d;
        int la_, lc_;
        assert_int_equal(ser_svm_predict(a, x, &la_, pa, scratch), SER_OK);
        ser_svm_decision(a, x, da, scratch);
        assert_int_equal(ser_svm_predict(c, x, &lc_, pc, scratch), SER_OK);
        ser_svm_decision(c, x, dc, scratch);
        assert_memory_equal(da, dc, sizeof da);
        assert_int_equal(la_, lc_);
        double sum = 0.0;
        size_t best = 0;
        for (size_t k = 0; k < 4; k++) {
            assert_true(pa[k] >= 0.0 && pa[k] <= 1.0);
            sum += pa[k];
            if (pa[k] > pa[best])
                best = k;
        }
        assert_true(fabs(sum - 1.0) < 1e-9);
        agree += (int)best == la_;
        correct_prob += (int)best == te.y[i];
        correct_vote += la_ == te.y[i];
        log_loss -= log(pa[te.y[i]]);
    }
    log_loss /= (double)te.n;
    printf("# calibration: vote acc %.3f, argmax-prob acc %.3f, agreement %.3f, log loss %.3f (chance %.3f)\n",
           (double)correct_vote / (double)te.n, (double)correct_prob / (double)te.n, (double)agree / (double)te.n,
           log_loss, log(4.0));
    assert_true(agree >= te.n * 9 / 10);
    assert_true(log_loss < 0.8 * log(4.0)); /* informative probabilities */
    free(scratch);
    free(ea);
    free(eb);
    free(ec);
    ser_svm_destroy(a);
    ser_svm_destroy(b);
    ser_svm_destroy(c);
    blobs_free(&all);
}

static void test_codec(void **state)
{
    (void)state;
    blobs tr = blobs_make(20, 3, 6, 1.0, 41), te = blobs_make(10, 3, 6, 1.0, 42);
    ser_svm_config cfg;
    ser_svm_config_default(&cfg);
    cfg.class_weight = SER_CLASS_WEIGHT_BALANCED;
    ser_svm *a = train_or_fail(&tr, &cfg);
    unsigned char *buf;
    size_t len;
    assert_int_equal(ser_svm_encode(a, &buf, &len, NULL), SER_OK);
    ser_svm *b = NULL;
    ser_error err;
    assert_int_equal(ser_svm_decode(buf, len, &b, &err), SER_OK);
    ser_svm_config ca, cb;
    ser_svm_config_of(a, &ca);
    ser_svm_config_of(b, &cb);
    assert_true(ca.c == cb.c && ca.gamma == cb.gamma && ca.kernel == cb.kernel && ca.seed == cb.seed);
    assert_memory_equal(ca.class_weights, cb.class_weights, 3 * sizeof(double));
    double *s = malloc(ser_svm_scratch_size(a) * sizeof *s);
    for (size_t i = 0; i < te.n; i++) {
        double pa[3], pb[3];
        int la, lb;
        assert_int_equal(ser_svm_predict(a, te.x + i * te.d, &la, pa, s), SER_OK);
        assert_int_equal(ser_svm_predict(b, te.x + i * te.d, &lb, pb, s), SER_OK);
        assert_int_equal(la, lb);
        assert_memory_equal(pa, pb, sizeof pa);
    }
    /* every truncation is rejected (never a crash) */
    for (size_t cut = 0; cut < len; cut += (cut < 64 ? 1 : 37)) {
        ser_svm *t = NULL;
        ser_status st = ser_svm_decode(buf, cut, &t, &err);
        assert_true(st == SER_ERR_TRUNCATED || st == SER_ERR_FORMAT);
        assert_null(t);
    }
    /* trailing garbage, bad tag, absurd counts, a NaN coefficient */
    unsigned char *big = malloc(len + 1);
    memcpy(big, buf, len);
    big[len] = 0;
    assert_int_equal(ser_svm_decode(big, len + 1, &(ser_svm *){NULL}, &err), SER_ERR_FORMAT);
    memcpy(big, buf, len);
    big[0] ^= 1;
    assert_int_equal(ser_svm_decode(big, len, &(ser_svm *){NULL}, &err), SER_ERR_FORMAT);
    memcpy(big, buf, len);
    big[4] = 0xFF, big[5] = 0xFF, big[6] = 0xFF; /* n_classes ~ 16M */
    assert_int_not_equal(ser_svm_decode(big, len, &(ser_svm *){NULL}, &err), SER_OK);
    memcpy(big, buf, len);
    big[12] = 0xFF, big[13] = 0xFF, big[14] = 0xFF, big[15] = 0x7F; /* n_sv ~ 2^31 */
    assert_int_equal(ser_svm_decode(big, len, &(ser_svm *){NULL}, &err), SER_ERR_TRUNCATED);
    memcpy(big, buf, len);
    memset(big + len - 8, 0xFF, 8); /* last prob_b -> NaN */
    assert_int_equal(ser_svm_decode(big, len, &(ser_svm *){NULL}, &err), SER_ERR_FORMAT);
    assert_non_null(strstr(err.message, "calibration"));
    free(big);
    free(s);
    free(buf);
    ser_svm_destroy(a);
    ser_svm_destroy(b);
    blobs_free(&tr);
    blobs_free(&te);
}

static void test_bad_input(void **state)
{
    (void)state;
    double x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    int y[4] = {0, 0, 1, 1};
    ser_svm_config cfg;
    ser_svm_config_default(&cfg);
    ser_svm *m = NULL;
    ser_error err;
    assert_int_equal(ser_svm_train(x, 4, 2, y, 1, &cfg, &m, &err), SER_ERR_LABEL); /* single class */
    assert_int_equal(ser_svm_train(x, 4, 2, y, 3, &cfg, &m, &err), SER_ERR_LABEL); /* class 2 empty */
    assert_non_null(strstr(err.message, "class 2"));
    y[3] = 7;
    assert_int_equal(ser_svm_train(x, 4, 2, y, 2, &cfg, &m, &err), SER_ERR_LABEL);
    y[3] = 1;
    x[5] = NAN;
    assert_int_equal(ser_svm_train(x, 4, 2, y, 2, &cfg, &m, &err), SER_ERR_NONFINITE);
    x[5] = 5;
    cfg.c = 0;
    assert_int_equal(ser_svm_train(x, 4, 2, y, 2, &cfg, &m, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "C"));
    ser_svm_config_default(&cfg);
    cfg.gamma_mode = SER_SVM_GAMMA_VALUE;
    cfg.gamma = -1;
    assert_int_equal(ser_svm_train(x, 4, 2, y, 2, &cfg, &m, &err), SER_ERR_ARG);
    assert_int_equal(ser_svm_train(x, 0, 2, y, 2, &cfg, &m, &err), SER_ERR_EMPTY);
    assert_null(m);
    /* tiny but valid: 2 samples per class, calibration with empty folds */
    ser_svm_config_default(&cfg);
    assert_int_equal(ser_svm_train(x, 4, 2, y, 2, &cfg, &m, &err), SER_OK);
    double s[64], p[2];
    int label;
    assert_true(ser_svm_scratch_size(m) <= 64);
    assert_int_equal(ser_svm_predict(m, x, &label, p, s), SER_OK);
    assert_true(fabs(p[0] + p[1] - 1.0) < 1e-12);
    ser_svm_destroy(m);
    /* probabilities from an uncalibrated model: a state error */
    cfg.probability = false;
    assert_int_equal(ser_svm_train(x, 4, 2, y, 2, &cfg, &m, &err), SER_OK);
    assert_int_equal(ser_svm_predict(m, x, &label, p, s), SER_ERR_STATE);
    ser_svm_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_libsvm),
        cmocka_unit_test(test_calibration),
        cmocka_unit_test(test_codec),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
