/* test_cnn_search.c - ser_cnn_search: every draw lies in the configured
 * space (lr in [lr_min, lr_max], batch, width, depth from the lists), the
 * kept draw has the lowest validation loss, the returned network has the
 * kept draw's shape, the same seed draws and keeps the same, and bad
 * configs are SER_ERR_ARG.  Data: 2 classes of 16 x 16 synthetic
 * spectrograms (a +20 dB band in class 1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/cnn.h"
#include "ser/rng.h"
#include "testutil.h"

enum { M = 16, T = 16, NI = 40 };

static void make(float *x, int *y)
{
    ser_rng rng;
    ser_rng_seed(&rng, 4);
    for (size_t i = 0; i < NI; i++) {
        y[i] = (int)(i % 2);
        for (size_t j = 0; j < M * T; j++)
            x[i * M * T + j] = (float)(-50.0 + 4.0 * ser_rng_normal(&rng) + (y[i] && j / T == 6 ? 20.0 : 0.0));
    }
}

static ser_cnn *run(const float *x, const int *y, uint64_t seed, ser_cnn_search_result *r)
{
    ser_cnn_config base;
    ser_cnn_config_default(&base);
    base.n_mels = M;
    base.n_frames = T;
    base.n_classes = 2;
    ser_cnn_train_config tc;
    ser_cnn_train_config_default(&tc);
    tc.epochs = 2;
    tc.val_fraction = 0.25;
    ser_cnn_search_config sc;
    ser_cnn_search_config_default(&sc);
    sc.n_iter = 4;
    sc.batch_sizes[0] = 4;
    sc.batch_sizes[1] = 8;
    sc.n_batch_sizes = 2;
    sc.widths[0] = 0.125;
    sc.widths[1] = 0.25;
    sc.depths[0] = 1;
    sc.depths[1] = 2;
    sc.n_depths = 2;
    sc.seed = seed;
    ser_status st;
    ser_error err;
    ser_cnn *net = ser_cnn_search(&base, &tc, &sc, x, y, NI, r, NULL, &st, &err);
    if (!net)
        fail_msg("search: %s", err.message);
    for (size_t i = 0; i < r->n_trials; i++) {
        const ser_cnn_search_trial *t = &r->trials[i];
        printf("  draw %zu: lr %.4g batch %zu width %g depth %zu -> val_loss %.4f\n", i, t->lr, t->batch_size,
               t->width, t->depth, t->val_loss);
        assert_true(t->lr >= sc.lr_min && t->lr <= sc.lr_max);
        assert_true(t->batch_size == 4 || t->batch_size == 8);
        assert_true(t->width == 0.125 || t->width == 0.25);
        assert_true(t->depth == 1 || t->depth == 2);
        assert_true(r->trials[r->best].val_loss <= t->val_loss);
    }
    assert_int_equal(r->n_trials, 4);
    const ser_cnn_config *c = ser_cnn_get_config(net);
    assert_int_equal(c->n_blocks, r->trials[r->best].depth);
    assert_int_equal(c->max_batch, r->trials[r->best].batch_size);
    assert_int_equal(c->filters[0], r->trials[r->best].width == 0.125 ? 4 : 8);
    return net;
}

static void test_search(void **state)
{
    (void)state;
    float *x = malloc(NI * M * T * sizeof *x);
    int y[NI];
    make(x, y);
    ser_cnn_search_result a, b;
    ser_cnn *na = run(x, y, 3, &a), *nb = run(x, y, 3, &b);
    assert_int_equal(a.best, b.best);
    for (size_t i = 0; i < a.n_trials; i++) {
        assert_true(a.trials[i].lr == b.trials[i].lr);
        assert_true(a.trials[i].val_loss == b.trials[i].val_loss);
    }
    ser_cnn_search_result_free(&a);
    ser_cnn_search_result_free(&b);
    ser_cnn_destroy(na);
    ser_cnn_destroy(nb);
    free(x);
}

static void test_bad(void **state)
{
    (void)state;
    float x[4 * M * T] = {0};
    int y[4] = {0, 1, 0, 1};
    ser_cnn_config base;
    ser_cnn_config_default(&base);
    base.n_mels = M;
    base.n_frames = T;
    base.n_classes = 2;
    ser_cnn_train_config tc;
    ser_cnn_train_config_default(&tc);
    ser_cnn_search_config sc;
    ser_cnn_search_config_default(&sc);
    sc.depths[0] = 5; /* 16 -> 0 after 5 pools */
    sc.n_depths = 1;
    ser_cnn_search_result r;
    ser_status st = SER_OK;
    assert_null(ser_cnn_search(&base, &tc, &sc, x, y, 4, &r, NULL, &st, NULL));
    assert_int_equal(st, SER_ERR_ARG);
    ser_cnn_search_config_default(&sc);
    sc.lr_min = 1e-2;
    sc.lr_max = 1e-3;
    assert_null(ser_cnn_search(&base, &tc, &sc, x, y, 4, &r, NULL, &st, NULL));
    assert_int_equal(st, SER_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_search), cmocka_unit_test(test_bad)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
