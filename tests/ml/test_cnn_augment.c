/* test_cnn_augment.c - SpecAugment masks and augmented training copies.
 *
 * - ser_cnn_spec_augment: every changed value is its band's fill value;
 *   changed rows/columns form at most freq_masks bands of <= freq_mask_max
 *   rows and time_masks spans of <= time_mask_max frames; the same seed
 *   masks the same way; no masks change nothing;
 * - ser_cnn_train with extra_images: copies whose source index is out of
 *   range are SER_ERR_ARG; training on originals + copies is repeatable
 *   bit for bit, and differs from training without the copies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/cnn.h"
#include "ser/rng.h"
#include "testutil.h"

enum { M = 20, T = 30 };

static void test_masks(void **state)
{
    (void)state;
    float fill[M];
    for (size_t m = 0; m < M; m++)
        fill[m] = -1000.0f - (float)m;
    for (uint64_t seed = 0; seed < 50; seed++) {
        float img[M * T], again[M * T];
        for (size_t i = 0; i < M * T; i++)
            img[i] = (float)i;
        memcpy(again, img, sizeof img);
        ser_rng a, b;
        ser_rng_seed(&a, seed);
        ser_rng_seed(&b, seed);
        ser_cnn_spec_augment(img, M, T, fill, 2, 5, 3, 4, &a);
        ser_cnn_spec_augment(again, M, T, fill, 2, 5, 3, 4, &b);
        assert_memory_equal(img, again, sizeof img);
        /* rows entirely masked, columns entirely masked */
        size_t rows = 0, cols = 0;
        int row_full[M], col_full[T];
        for (size_t m = 0; m < M; m++) {
            row_full[m] = 1;
            for (size_t t = 0; t < T; t++)
                row_full[m] &= img[m * T + t] == fill[m];
            rows += (size_t)row_full[m];
        }
        for (size_t t = 0; t < T; t++) {
            col_full[t] = 1;
            for (size_t m = 0; m < M; m++)
                col_full[t] &= img[m * T + t] == fill[m];
            cols += (size_t)col_full[t];
        }
        assert_true(rows <= 2 * 5);
        assert_true(cols <= 3 * 4);
        for (size_t m = 0; m < M; m++)
            for (size_t t = 0; t < T; t++) {
                const float v = img[m * T + t];
                if (v != (float)(m * T + t)) { /* changed: fill, inside a masked row or column */
                    assert_true(v == fill[m]);
                    assert_true(row_full[m] || col_full[t]);
                }
            }
    }
    float img[M * T], orig[M * T];
    for (size_t i = 0; i < M * T; i++)
        img[i] = orig[i] = (float)i;
    ser_rng r;
    ser_rng_seed(&r, 1);
    ser_cnn_spec_augment(img, M, T, fill, 0, 5, 0, 4, &r);
    assert_memory_equal(img, orig, sizeof img);
}

static ser_cnn *net_of(void)
{
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = M;
    cfg.n_frames = T;
    cfg.n_classes = 2;
    cfg.n_blocks = 2;
    cfg.filters[0] = 4;
    cfg.filters[1] = 8;
    cfg.max_batch = 8;
    cfg.seed = 2;
    ser_cnn *net = ser_cnn_create(&cfg, NULL, NULL);
    assert_non_null(net);
    return net;
}

static void test_extra(void **state)
{
    (void)state;
    enum { NI = 24 };
    float *x = malloc(NI * M * T * sizeof *x), *ex = malloc(NI * M * T * sizeof *ex);
    int y[NI];
    size_t src[NI];
    ser_rng rng;
    ser_rng_seed(&rng, 9);
    for (size_t i = 0; i < NI; i++) {
        y[i] = (int)(i % 2);
        src[i] = i;
        for (size_t j = 0; j < M * T; j++) {
            x[i * M * T + j] = (float)(-40.0 + 5.0 * ser_rng_normal(&rng) + (y[i] && j / T == 4 ? 20.0 : 0.0));
            ex[i * M * T + j] = x[i * M * T + j] + (float)ser_rng_normal(&rng);
        }
    }
    ser_cnn_train_config tc;
    ser_cnn_train_config_default(&tc);
    tc.epochs = 2;
    tc.batch_size = 8;
    tc.freq_masks = 1;
    tc.time_masks = 1;
    float p[3][NI * 2];
    for (int r = 0; r < 3; r++) {
        ser_cnn *net = net_of();
        tc.extra_images = r < 2 ? ex : NULL;
        tc.extra_source = r < 2 ? src : NULL;
        tc.n_extra = r < 2 ? NI : 0;
        ser_error err;
        if (ser_cnn_train(net, x, y, NI, &tc, NULL, &err) != SER_OK)
            fail_msg("train: %s", err.message);
        assert_int_equal(ser_cnn_predict(net, x, NI, p[r], NULL), SER_OK);
        ser_cnn_destroy(net);
    }
    assert_memory_equal(p[0], p[1], sizeof p[0]);
    assert_true(memcmp(p[0], p[2], sizeof p[0]) != 0);
    src[3] = NI; /* out of range */
    tc.extra_images = ex;
    tc.extra_source = src;
    tc.n_extra = NI;
    ser_cnn *net = net_of();
    assert_int_equal(ser_cnn_train(net, x, y, NI, &tc, NULL, NULL), SER_ERR_ARG);
    ser_cnn_destroy(net);
    free(x);
    free(ex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_extra),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
