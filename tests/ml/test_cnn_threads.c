/* test_cnn_threads.c - data-parallel passes (ser_cnn_set_threads) give
 * the one-thread results: the forward pass (logits, batch-norm batch
 * statistics) bit for bit, since statistics are combined in image order
 * whatever thread ran an image; the gradients within float rounding of
 * the per-thread sums, |g3 - g1| <= 1e-6 + 1e-4 |g1|; and training on 2
 * threads is bit-for-bit repeatable. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/cnn/cnn_internal.h"
#include "ml/cnn/cnn_layers.h"
#include "ser/rng.h"
#include "testutil.h"

enum { M = 16, T = 20, N = 7, K = 3 };

static ser_cnn *net_of(size_t threads)
{
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = M;
    cfg.n_frames = T;
    cfg.n_classes = K;
    cfg.n_blocks = 3;
    cfg.filters[0] = 4;
    cfg.filters[1] = 6;
    cfg.filters[2] = 8;
    cfg.pool[2] = 0;
    cfg.dropout = 0.0f;
    cfg.max_batch = N;
    cfg.seed = 5;
    ser_error err;
    ser_cnn *net = ser_cnn_create(&cfg, NULL, &err);
    assert_non_null(net);
    if (ser_cnn_set_threads(net, threads, &err) != SER_OK)
        fail_msg("set_threads: %s", err.message);
    assert_int_equal(ser_cnn_get_threads(net), threads);
    return net;
}

static void data(float *x, int *y, size_t n)
{
    ser_rng rng;
    ser_rng_seed(&rng, 11);
    for (size_t i = 0; i < n * M * T; i++)
        x[i] = (float)(-30.0 + 8.0 * ser_rng_normal(&rng));
    for (size_t i = 0; i < n; i++)
        y[i] = (int)(i % K);
}

static void test_passes_match(void **state)
{
    (void)state;
    float x[N * M * T];
    int y[N];
    data(x, y, N);
    ser_cnn *one = net_of(1), *three = net_of(3);
    ser_cnn *nets[2] = {one, three};
    for (int q = 0; q < 2; q++) {
        ser__cnn_forward(nets[q], x, N, SER__CNN_TRAIN);
        ser__cnn_softmax_xent(nets[q]->logits, y, N, K, NULL, nets[q]->probs, nets[q]->dlogits, NULL);
        memset(nets[q]->grads, 0, nets[q]->n_params * sizeof(float));
        ser__cnn_backward(nets[q], N);
    }
    assert_memory_equal(one->logits, three->logits, N * K * sizeof(float));
    for (size_t b = 0; b < 3; b++)
        assert_memory_equal(one->blocks[b].bvar, three->blocks[b].bvar, one->blocks[b].cout * sizeof(float));
    double worst = 0.0;
    for (size_t i = 0; i < one->n_params; i++) {
        const double a = one->grads[i], b = three->grads[i];
        if (!tu_close(b, a, 1e-6, 1e-4))
            fail_msg("grad[%zu]: 3 threads %.9g, 1 thread %.9g", i, b, a);
        if (fabs(a - b) > worst)
            worst = fabs(a - b);
    }
    printf("  %zu gradients, max |3 threads - 1 thread| %.3g\n", one->n_params, worst);
    /* inference: the same probabilities bit for bit */
    float p1[N * K], p3[N * K];
    assert_int_equal(ser_cnn_recompute_bn(one, x, N, NULL), SER_OK);
    assert_int_equal(ser_cnn_recompute_bn(three, x, N, NULL), SER_OK);
    assert_int_equal(ser_cnn_predict(one, x, N, p1, NULL), SER_OK);
    assert_int_equal(ser_cnn_predict(three, x, N, p3, NULL), SER_OK);
    assert_memory_equal(p1, p3, sizeof p1);
    ser_cnn_destroy(one);
    ser_cnn_destroy(three);
}

static void test_training_repeatable(void **state)
{
    (void)state;
    enum { NT = 40 };
    float *x = malloc(NT * M * T * sizeof *x);
    int y[NT];
    data(x, y, NT);
    float probs[2][NT * K];
    for (int r = 0; r < 2; r++) {
        ser_cnn *net = net_of(2);
        ser_cnn_train_config tc;
        ser_cnn_train_config_default(&tc);
        tc.epochs = 3;
        tc.batch_size = N;
        ser_error err;
        if (ser_cnn_train(net, x, y, NT, &tc, NULL, &err) != SER_OK)
            fail_msg("train: %s", err.message);
        assert_int_equal(ser_cnn_predict(net, x, NT, probs[r], NULL), SER_OK);
        ser_cnn_destroy(net);
    }
    assert_memory_equal(probs[0], probs[1], sizeof probs[0]);
    free(x);
}

static void test_bad_threads(void **state)
{
    (void)state;
    ser_cnn *net = net_of(1);
    assert_int_equal(ser_cnn_set_threads(net, 0, NULL), SER_ERR_ARG);
    assert_int_equal(ser_cnn_set_threads(net, 2, NULL), SER_OK);
    assert_int_equal(ser_cnn_set_threads(net, 1, NULL), SER_OK); /* back to one: threads stopped */
    assert_int_equal(ser_cnn_get_threads(net), 1);
    ser_cnn_destroy(net);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_passes_match),
        cmocka_unit_test(test_training_repeatable),
        cmocka_unit_test(test_bad_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
