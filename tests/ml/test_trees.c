/* libser's tree-ensemble inference against xgboost's own
 * (XGBoosterPredict) on the same booster: margins within 1e-6 (measured:
 * identical), probabilities within 1e-6, labels identical; for a random
 * forest (unlimited depth, sqrt(d) features per split; exact and hist
 * methods), a depth-limited class-weighted forest and boosted trees, on seeded Gaussian blobs
 * (5 classes, 40 dims).  Also: same seed -> byte-identical model, other
 * seed -> another model; encode/decode bit-identical predictions; corrupt
 * payloads rejected; bad input errors. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "blobs.h"
#include "ml/trees_model.h"
#include "ser/trees.h"

static void compare_with_xgboost(const blobs *tr, const blobs *te, const ser_trees_config *cfg, const char *what)
{
    ser_error err;
    double w[8];
    BoosterHandle b = NULL;
    if (ser__trees_train_booster(tr->x, tr->n, tr->d, tr->y, tr->k, cfg, w, &b, &err) != SER_OK)
        fail_msg("%s: %s", what, err.message);
    ser_trees_config c = *cfg;
    ser_trees *t = NULL;
    if (ser__trees_from_booster(b, tr->k, tr->d, &c, w, &t, &err) != SER_OK)
        fail_msg("%s: %s", what, err.message);

    size_t n = te->n, d = te->d, k = te->k;
    float *xf = malloc(n * d * sizeof *xf);
    for (size_t i = 0; i < n * d; i++)
        xf[i] = (float)te->x[i];
    DMatrixHandle dm;
    assert_int_equal(XGDMatrixCreateFromMat(xf, n, d, NAN, &dm), 0);
    bst_ulong len;
    const float *out;
    float *margin = malloc(n * k * sizeof *margin), *prob = malloc(n * k * sizeof *prob);
    assert_int_equal(XGBoosterPredict(b, dm, 1, 0, 0, &len, &out), 0);
    assert_int_equal(len, n * k);
    memcpy(margin, out, n * k * sizeof *margin);
    assert_int_equal(XGBoosterPredict(b, dm, 0, 0, 0, &len, &out), 0);
    memcpy(prob, out, n * k * sizeof *prob);

    double worst_m = 0.0, worst_p = 0.0, m[8], p[8];
    size_t correct = 0;
    for (size_t i = 0; i < n; i++) {
        int label;
        ser_trees_margins(t, te->x + i * d, m);
        ser_trees_predict(t, te->x + i * d, &label, p);
        size_t best = 0;
        for (size_t c2 = 0; c2 < k; c2++) {
            double dm_ = fabs(m[c2] - margin[i * k + c2]), dp = fabs(p[c2] - prob[i * k + c2]);
            worst_m = dm_ > worst_m ? dm_ : worst_m;
            worst_p = dp > worst_p ? dp : worst_p;
            if (prob[i * k + c2] > prob[i * k + best])
                best = c2;
        }
        assert_int_equal(label, (int)best);
        correct += label == te->y[i];
    }
    printf("# %-26s %5zu trees %7zu nodes: max |margin - xgb| %.3g, max |prob - xgb| %.3g, test acc %.3f\n", what,
           ser_trees_n_trees(t), ser_trees_n_nodes(t), worst_m, worst_p, (double)correct / (double)n);
    assert_true(worst_m <= 1e-6);
    assert_true(worst_p <= 1e-6);
    assert_true(correct >= n * 7 / 10);

    /* ser_trees_train gives the same model as this booster path */
    ser_trees *t2 = NULL;
    assert_int_equal(ser_trees_train(tr->x, tr->n, tr->d, tr->y, tr->k, cfg, &t2, &err), SER_OK);
    unsigned char *e1, *e2;
    size_t l1, l2;
    ser_trees_config_of(t2, &c);
    t->cfg = t2->cfg; /* the resolved colsample / eta, as ser_trees_train stores them */
    t->cfg.class_weights = NULL;
    assert_int_equal(ser_trees_encode(t, &e1, &l1, NULL), SER_OK);
    assert_int_equal(ser_trees_encode(t2, &e2, &l2, NULL), SER_OK);
    assert_int_equal(l1, l2);
    assert_memory_equal(e1, e2, l1);
    free(e1);
    free(e2);
    ser_trees_destroy(t2);

    XGDMatrixFree(dm);
    XGBoosterFree(b);
    free(xf);
    free(margin);
    free(prob);
    ser_trees_destroy(t);
}

static void test_matches_xgboost(void **state)
{
    (void)state;
    blobs all = blobs_make(50, 5, 40, 0.5, 51);
    blobs tr = blobs_rows(&all, 0, 180), te = blobs_rows(&all, 180, 70);
    ser_trees_config cfg;
    ser_trees_config_default(&cfg, SER_TREES_FOREST);
    cfg.n_estimators = 40;
    cfg.seed = 3;
    compare_with_xgboost(&tr, &te, &cfg, "forest, unlimited depth");
    cfg.method = SER_TREES_HIST;
    compare_with_xgboost(&tr, &te, &cfg, "forest, hist, lossguide");
    cfg.method = SER_TREES_EXACT;
    cfg.max_depth = 5;
    cfg.class_weight = SER_CLASS_WEIGHT_BALANCED;
    compare_with_xgboost(&tr, &te, &cfg, "forest, depth 5, balanced");
    ser_trees_config_default(&cfg, SER_TREES_BOOST);
    cfg.n_estimators = 15;
    cfg.max_depth = 3;
    cfg.subsample = 0.8;
    cfg.colsample_bynode = 0.5;
    compare_with_xgboost(&tr, &te, &cfg, "boost, depth 3");
    cfg.method = SER_TREES_HIST;
    cfg.max_bin = 64;
    compare_with_xgboost(&tr, &te, &cfg, "boost, hist 64 bins");
    blobs_free(&all);
}

static ser_trees *train_or_fail(const blobs *b, const ser_trees_config *cfg)
{
    ser_trees *t = NULL;
    ser_error err;
    if (ser_trees_train(b->x, b->n, b->d, b->y, b->k, cfg, &t, &err) != SER_OK)
        fail_msg("train: %s", err.message);
    return t;
}

static void test_determinism_and_codec(void **state)
{
    (void)state;
    blobs all = blobs_make(30, 3, 12, 0.8, 61);
    blobs tr = blobs_rows(&all, 0, 60), te = blobs_rows(&all, 60, 30);
    for (int mode = 0; mode < 2; mode++) {
        ser_trees_config cfg;
        ser_trees_config_default(&cfg, (ser_trees_mode)mode);
        cfg.n_estimators = 10;
        cfg.subsample = 0.7; /* randomness that the seed must pin down */
        cfg.seed = 9;
        ser_trees *a = train_or_fail(&tr, &cfg), *b = train_or_fail(&tr, &cfg);
        cfg.seed = 10;
        ser_trees *c = train_or_fail(&tr, &cfg);
        unsigned char *ea, *eb, *ec;
        size_t la, lb, lc;
        assert_int_equal(ser_trees_encode(a, &ea, &la, NULL), SER_OK);
        assert_int_equal(ser_trees_encode(b, &eb, &lb, NULL), SER_OK);
        assert_int_equal(ser_trees_encode(c, &ec, &lc, NULL), SER_OK);
        assert_int_equal(la, lb);
        assert_memory_equal(ea, eb, la);
        assert_true(la != lc || memcmp(ea, ec, la) != 0);

        ser_trees *r = NULL;
        ser_error err;
        assert_int_equal(ser_trees_decode(ea, la, &r, &err), SER_OK);
        for (size_t i = 0; i < te.n; i++) {
            double pa[3], pr[3];
            int l1, l2;
            ser_trees_predict(a, te.x + i * te.d, &l1, pa);
            ser_trees_predict(r, te.x + i * te.d, &l2, pr);
            assert_int_equal(l1, l2);
            assert_memory_equal(pa, pr, sizeof pa);
        }
        for (size_t cut = 0; cut < la; cut += (cut < 200 ? 1 : 23)) {
            ser_trees *x = NULL;
            ser_status st = ser_trees_decode(ea, cut, &x, &err);
            assert_true(st == SER_ERR_TRUNCATED || st == SER_ERR_FORMAT);
            assert_null(x);
        }
        /* a child pointing back at the root would loop: rejected */
        unsigned char *bad = malloc(la);
        memcpy(bad, ea, la);
        size_t first_node = la - ser_trees_n_nodes(a) * 17;
        memset(bad + first_node, 0, 4); /* root's left child = 0 (itself) */
        assert_int_equal(ser_trees_decode(bad, la, &(ser_trees *){NULL}, &err), SER_ERR_FORMAT);
        free(bad);
        free(ea);
        free(eb);
        free(ec);
        ser_trees_destroy(a);
        ser_trees_destroy(b);
        ser_trees_destroy(c);
        ser_trees_destroy(r);
    }
    blobs_free(&all);
}

static void test_bad_input(void **state)
{
    (void)state;
    double x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    int y[4] = {0, 0, 1, 1};
    ser_trees_config cfg;
    ser_trees_config_default(&cfg, SER_TREES_FOREST);
    ser_trees *t = NULL;
    ser_error err;
    assert_int_equal(ser_trees_train(x, 4, 2, y, 1, &cfg, &t, &err), SER_ERR_LABEL);
    assert_int_equal(ser_trees_train(x, 4, 2, y, 3, &cfg, &t, &err), SER_ERR_LABEL);
    assert_non_null(strstr(err.message, "class 2"));
    x[3] = INFINITY;
    assert_int_equal(ser_trees_train(x, 4, 2, y, 2, &cfg, &t, &err), SER_ERR_NONFINITE);
    x[3] = 1e300; /* finite double, infinite float */
    assert_int_equal(ser_trees_train(x, 4, 2, y, 2, &cfg, &t, &err), SER_ERR_NONFINITE);
    x[3] = 3;
    cfg.subsample = 0;
    assert_int_equal(ser_trees_train(x, 4, 2, y, 2, &cfg, &t, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "subsample"));
    ser_trees_config_default(&cfg, SER_TREES_BOOST);
    cfg.n_estimators = 0;
    assert_int_equal(ser_trees_train(x, 4, 2, y, 2, &cfg, &t, &err), SER_ERR_ARG);
    assert_null(t);
    ser_trees_config_default(&cfg, SER_TREES_BOOST);
    cfg.n_estimators = 3;
    assert_int_equal(ser_trees_train(x, 4, 2, y, 2, &cfg, &t, &err), SER_OK);
    double p[2];
    ser_trees_predict(t, x, NULL, p);
    assert_true(fabs(p[0] + p[1] - 1.0) < 1e-12);
    ser_trees_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_xgboost),
        cmocka_unit_test(test_determinism_and_codec),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
