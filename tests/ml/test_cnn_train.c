/* test_cnn_train.c - the CNN learns a synthetic 3-class problem, the same
 * seed gives the same network, early stopping keeps the best epoch, and
 * clips are cropped/padded to a fixed length as documented.
 *
 * Synthetic "spectrograms" (16 mel bands x 24 frames, dB): background
 * noise around -60 dB; class c adds a +25 dB band of 3 mel rows whose
 * position is 2 + 4c (a tone of a different pitch), over a random span
 * of frames, plus +-3 dB jitter.  Held-out test accuracy must be >= 0.9
 * (chance: 0.33). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/cnn.h"
#include "ser/rng.h"
#include "testutil.h"

enum { M = 16, T = 24, K = 3 };

static void make_data(uint64_t seed, size_t n, float *x, int *y)
{
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++) {
        const int c = (int)(i % K);
        y[i] = c;
        float *img = x + i * M * T;
        for (size_t j = 0; j < M * T; j++)
            img[j] = (float)(-60.0 + 6.0 * ser_rng_normal(&rng));
        const size_t t0 = (size_t)ser_rng_below(&rng, T / 2), len = T / 3 + (size_t)ser_rng_below(&rng, T / 3);
        const size_t row0 = 2 + 4 * (size_t)c + (size_t)ser_rng_below(&rng, 2);
        for (size_t r = row0; r < row0 + 3; r++)
            for (size_t t = t0; t < t0 + len && t < T; t++)
                img[r * T + t] += (float)(25.0 + 3.0 * ser_rng_normal(&rng));
    }
}

static ser_cnn *small_net(uint64_t seed)
{
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = M;
    cfg.n_frames = T;
    cfg.n_classes = K;
    cfg.n_blocks = 2;
    cfg.filters[0] = 6;
    cfg.filters[1] = 12;
    cfg.dropout = 0.2f;
    cfg.max_batch = 16;
    cfg.seed = seed;
    ser_error err;
    ser_status st;
    ser_cnn *net = ser_cnn_create(&cfg, &st, &err);
    if (!net)
        fail_msg("create: %s", err.message);
    return net;
}

static void train_cfg(ser_cnn_train_config *tc)
{
    ser_cnn_train_config_default(tc);
    tc->epochs = 20;
    tc->batch_size = 16;
    tc->val_fraction = 0.2;
    tc->patience = 5;
    tc->seed = 7;
    tc->optim.lr = 1e-2;
    tc->optim.schedule = SER_CNN_LR_COSINE;
}

/* Share of rows whose most probable class is the label. */
static double accuracy(const float *probs, const int *y, size_t n)
{
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        size_t arg = 0;
        for (size_t c = 1; c < K; c++)
            if (probs[i * K + c] > probs[i * K + arg])
                arg = c;
        hits += (int)arg == y[i];
    }
    return (double)hits / (double)n;
}

/* 150 training and 60 held-out images of the synthetic problem. */
static void problem(float **x, int *y, float **xt, int *yt)
{
    *x = malloc(150 * M * T * sizeof **x);
    *xt = malloc(60 * M * T * sizeof **xt);
    make_data(1, 150, *x, y);
    make_data(2, 60, *xt, yt);
}

static void test_learns(void **state)
{
    (void)state;
    const size_t n = 150, nt = 60;
    float *x, *xt;
    int y[150], yt[60];
    problem(&x, y, &xt, yt);
    ser_cnn *net = small_net(3);
    ser_cnn_train_config tc;
    train_cfg(&tc);
    ser_cnn_curves cv;
    ser_error err;
    if (ser_cnn_train(net, x, y, n, &tc, &cv, &err) != SER_OK)
        fail_msg("train: %s", err.message);
    for (size_t e = 0; e < cv.n_epochs; e++)
        printf("  epoch %2zu  train loss %.4f acc %.3f  val loss %.4f acc %.3f\n", e, cv.train_loss[e],
               cv.train_acc[e], cv.val_loss[e], cv.val_acc[e]);
    /* best_epoch is the validation-loss minimum */
    for (size_t e = 0; e < cv.n_epochs; e++)
        assert_true(cv.val_loss[cv.best_epoch] <= cv.val_loss[e]);
    float probs[60 * K];
    assert_int_equal(ser_cnn_predict(net, xt, nt, probs, &err), SER_OK);
    const double acc = accuracy(probs, yt, nt);
    printf("  held-out accuracy %.3f (best epoch %zu of %zu)\n", acc, cv.best_epoch, cv.n_epochs);
    assert_true(acc >= 0.9);
    ser_cnn_curves_free(&cv);

    /* Same seeds: the same curves and the same predictions, bit for bit. */
    ser_cnn *net2 = small_net(3);
    ser_cnn_curves cv2;
    assert_int_equal(ser_cnn_train(net2, x, y, n, &tc, &cv2, &err), SER_OK);
    float probs2[60 * K];
    assert_int_equal(ser_cnn_predict(net2, xt, nt, probs2, &err), SER_OK);
    assert_memory_equal(probs, probs2, sizeof probs);
    ser_cnn_curves_free(&cv2);
    ser_cnn_destroy(net2);
    ser_cnn_destroy(net);
    free(x);
    free(xt);
}

/* mixup: still learns the problem, the same seed gives the same network,
 * it changes the training (blended batches and targets: a higher training
 * loss than without it), and a negative alpha is refused. */
static void test_mixup(void **state)
{
    (void)state;
    const size_t n = 150, nt = 60;
    float *x, *xt;
    int y[150], yt[60];
    problem(&x, y, &xt, yt);
    ser_cnn_train_config tc;
    train_cfg(&tc);
    tc.patience = 0;
    ser_error err;
    ser_cnn_curves plain, mixed, again;
    ser_cnn *a = small_net(3), *b = small_net(3), *c = small_net(3);
    assert_int_equal(ser_cnn_train(a, x, y, n, &tc, &plain, &err), SER_OK);
    tc.mixup_alpha = 0.4;
    assert_int_equal(ser_cnn_train(b, x, y, n, &tc, &mixed, &err), SER_OK);
    assert_int_equal(ser_cnn_train(c, x, y, n, &tc, &again, &err), SER_OK);
    assert_int_equal(mixed.n_epochs, plain.n_epochs);
    double sum_plain = 0, sum_mixed = 0;
    for (size_t e = 0; e < mixed.n_epochs; e++) {
        sum_plain += plain.train_loss[e];
        sum_mixed += mixed.train_loss[e];
        assert_true(mixed.train_loss[e] == again.train_loss[e] && mixed.val_loss[e] == again.val_loss[e]);
    }
    printf("  mean training loss: plain %.4f, mixup %.4f\n", sum_plain / (double)plain.n_epochs,
           sum_mixed / (double)mixed.n_epochs);
    assert_true(sum_mixed > sum_plain);
    float probs[60 * K], probs2[60 * K];
    assert_int_equal(ser_cnn_predict(b, xt, nt, probs, &err), SER_OK);
    assert_int_equal(ser_cnn_predict(c, xt, nt, probs2, &err), SER_OK);
    assert_memory_equal(probs, probs2, sizeof probs);
    printf("  held-out accuracy with mixup %.3f\n", accuracy(probs, yt, nt));
    assert_true(accuracy(probs, yt, nt) >= 0.9);
    tc.mixup_alpha = -1.0;
    assert_int_equal(ser_cnn_train(c, x, y, n, &tc, NULL, &err), SER_ERR_ARG);
    ser_cnn_curves_free(&plain);
    ser_cnn_curves_free(&mixed);
    ser_cnn_curves_free(&again);
    ser_cnn_destroy(a);
    ser_cnn_destroy(b);
    ser_cnn_destroy(c);
    free(x);
    free(xt);
}

static void test_bad_args(void **state)
{
    (void)state;
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    ser_status st = SER_OK;
    ser_error err;
    assert_null(ser_cnn_create(&cfg, &st, &err)); /* n_classes unset */
    assert_int_equal(st, SER_ERR_ARG);
    cfg.n_classes = 2;
    cfg.n_mels = 4;
    cfg.n_frames = 4;
    cfg.n_blocks = 3; /* 4 -> 2 -> 1 -> cannot pool */
    assert_null(ser_cnn_create(&cfg, &st, &err));
    assert_int_equal(st, SER_ERR_ARG);
    ser_cnn *net = small_net(1);
    float x[2 * M * T] = {0};
    int y[2] = {0, 5};
    ser_cnn_train_config tc;
    train_cfg(&tc);
    assert_int_equal(ser_cnn_train(net, x, y, 2, &tc, NULL, &err), SER_ERR_LABEL);
    ser_cnn_destroy(net);
}

static void test_fit_length(void **state)
{
    (void)state;
    enum { MM = 2 };
    float frames[5 * MM], img[MM * 3], pad[MM * 8];
    for (size_t t = 0; t < 5; t++)
        for (size_t m = 0; m < MM; m++)
            frames[t * MM + m] = (float)(10 * m + t) - (t == 2 ? 100.0f : 0.0f);
    /* 5 frames -> 3: centre crop keeps frames 1..3 */
    assert_int_equal(ser_cnn_fit_length(frames, 5, MM, 3, img, NULL), SER_OK);
    for (size_t m = 0; m < MM; m++)
        for (size_t t = 0; t < 3; t++)
            assert_true(img[m * 3 + t] == frames[(t + 1) * MM + m]);
    /* 5 frames -> 8: copied, then padded with the band minimum (frame 2) */
    assert_int_equal(ser_cnn_fit_length(frames, 5, MM, 8, pad, NULL), SER_OK);
    for (size_t m = 0; m < MM; m++)
        for (size_t t = 0; t < 8; t++)
            assert_true(pad[m * 8 + t] == frames[(t < 5 ? t : 2) * MM + m]);
    assert_int_equal(ser_cnn_fit_length(frames, 0, MM, 8, pad, NULL), SER_ERR_EMPTY);
}

static void test_schedule(void **state)
{
    (void)state;
    ser_cnn_optim_config o;
    ser_cnn_optim_config_default(&o);
    assert_true(ser_cnn_learning_rate(&o, 7, 10) == o.lr);
    o.schedule = SER_CNN_LR_STEP;
    o.step_epochs = 3;
    o.gamma = 0.5;
    assert_true(tu_close(ser_cnn_learning_rate(&o, 7, 10), o.lr * 0.25, 0, 1e-12));
    o.schedule = SER_CNN_LR_COSINE;
    o.lr_min = 1e-4;
    assert_true(tu_close(ser_cnn_learning_rate(&o, 0, 10), o.lr, 0, 1e-12));
    assert_true(tu_close(ser_cnn_learning_rate(&o, 5, 10), (o.lr + o.lr_min) / 2, 0, 1e-12));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_learns),
        cmocka_unit_test(test_mixup),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_fit_length),
        cmocka_unit_test(test_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
