/* test_model_cnn.c - a "cnn" model file: create -> serialize -> load gives
 * bit-identical probabilities to the network it was made from (through
 * ser_model_predict and a per-thread context); the file re-serialises to
 * the same bytes; the header carries the architecture, generated feature
 * names and the caller's learning curves; damaged payloads behind a valid
 * checksum (wrong tag, NaN parameter, truncated, trailing bytes, other
 * image shape) are rejected with SER_ERR_FORMAT / _TRUNCATED / _LAYOUT,
 * and a flipped byte with SER_ERR_CHECKSUM. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ser/checksum.h"
#include "ser/cnn.h"
#include "ser/cnn_codec.h"
#include "ser/model.h"
#include "ser/rng.h"
#include "testutil.h"

enum { M = 8, T = 12, K = 3, N = 24 };

static const char *const labels[K] = {"angry", "happy", "sad"};

static void make_data(float *x, int *y)
{
    ser_rng rng;
    ser_rng_seed(&rng, 3);
    for (size_t i = 0; i < N; i++) {
        y[i] = (int)(i % K);
        for (size_t j = 0; j < M * T; j++)
            x[i * M * T + j] = (float)(-50.0 + 8.0 * ser_rng_normal(&rng) + (j / T == 2 * (size_t)y[i] ? 20 : 0));
    }
}

static ser_cnn *trained_net(const float *x, const int *y)
{
    ser_cnn_config cfg;
    ser_cnn_config_default(&cfg);
    cfg.n_mels = M;
    cfg.n_frames = T;
    cfg.n_classes = K;
    cfg.n_blocks = 2;
    cfg.filters[0] = 4;
    cfg.filters[1] = 6;
    cfg.pool[1] = 0;
    cfg.max_batch = 8;
    ser_status st;
    ser_error err;
    ser_cnn *net = ser_cnn_create(&cfg, &st, &err);
    assert_non_null(net);
    ser_cnn_train_config tc;
    ser_cnn_train_config_default(&tc);
    tc.epochs = 2;
    tc.batch_size = 8;
    tc.val_fraction = 0.25;
    assert_int_equal(ser_cnn_train(net, x, y, N, &tc, NULL, &err), SER_OK);
    return net;
}

static ser_model *make_model(const ser_cnn *net)
{
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    meta.feature_set = "logmel8x12";
    meta.feature_config_json = "{\"spec\":\"logmel8x12\"}";
    meta.sample_rate = 16000;
    meta.label_names = labels;
    meta.n_classes = K;
    meta.n_train = N;
    meta.cv_metrics_json = "{\"curves\":{\"train_loss\":[1.5,1.25]},\"best_epoch\":1}";
    meta.seed = 5;
    ser_model *m = NULL;
    ser_error err;
    if (ser_model_create_cnn(&meta, net, &m, &err) != SER_OK)
        fail_msg("create_cnn: %s", err.message);
    return m;
}

static void model_probs(const ser_model *m, const float *x, double *probs, int *lab)
{
    ser_model_ctx *ctx = NULL;
    assert_int_equal(ser_model_ctx_create(m, &ctx), SER_OK);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(ser_model_predict(m, ctx, x + i * M * T, M * T, probs + i * K, K, &lab[i]), SER_OK);
    assert_int_equal(ser_model_predict(m, ctx, x, M * T - 1, probs, K, NULL), SER_ERR_LAYOUT);
    ser_model_ctx_destroy(ctx);
}

static void test_round_trip(void **state)
{
    (void)state;
    float *x = malloc(sizeof(float) * N * M * T);
    int y[N];
    make_data(x, y);
    ser_cnn *net = trained_net(x, y);
    float direct[N * K];
    assert_int_equal(ser_cnn_predict(net, x, N, direct, NULL), SER_OK);
    ser_model *m = make_model(net);
    assert_int_equal(ser_model_kind_of(m), SER_MODEL_CNN);
    assert_string_equal(ser_model_kind_name(SER_MODEL_CNN), "cnn");
    assert_int_equal(ser_model_n_features(m), M * T);
    assert_string_equal(ser_model_feature_name(m, 0), "mel0_t0");
    assert_string_equal(ser_model_feature_name(m, T + 1), "mel1_t1");
    assert_null(ser_model_scaler(m));
    assert_non_null(ser_model_cnn(m));
    cJSON *h = cJSON_Parse(ser_model_header_json(m));
    assert_string_equal(cJSON_GetObjectItem(h, "kind")->valuestring, "cnn");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(h, "scaler")));
    const cJSON *hp = cJSON_GetObjectItem(h, "hyperparameters");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(hp, "filters")), 2);
    assert_int_equal((int)cJSON_GetObjectItem(hp, "n_params")->valuedouble, (int)ser_cnn_param_count(net));
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(h, "cv_metrics"), "curves"),
                                        "train_loss"));
    cJSON_Delete(h);

    double p1[N * K], p2[N * K];
    int l1[N], l2[N];
    model_probs(m, x, p1, l1);
    for (size_t i = 0; i < N * K; i++) /* the model's network is a bit copy: exactly the same floats */
        assert_true(p1[i] == (double)direct[i]);

    unsigned char *data = NULL, *data2 = NULL;
    size_t len = 0, len2 = 0;
    ser_error err;
    assert_int_equal(ser_model_serialize(m, &data, &len, &err), SER_OK);
    char path[512];
    tu_tmp_path(path, sizeof path, "cnn.sermodel");
    assert_int_equal(ser_model_save(m, path, &err), SER_OK);
    ser_model *l = NULL;
    assert_int_equal(ser_model_load(path, &l, &err), SER_OK);
    model_probs(l, x, p2, l2);
    assert_memory_equal(p1, p2, sizeof p1);
    assert_memory_equal(l1, l2, sizeof l1);
    assert_int_equal(ser_model_serialize(l, &data2, &len2, &err), SER_OK);
    assert_int_equal(len, len2);
    assert_memory_equal(data, data2, len);

    /* a context of another model is refused */
    ser_model_ctx *ctx = NULL;
    assert_int_equal(ser_model_ctx_create(l, &ctx), SER_OK);
    double pr[K];
    assert_int_equal(ser_model_predict(m, ctx, x, M * T, pr, K, NULL), SER_ERR_ARG);
    ser_model_ctx_destroy(ctx);

    free(data);
    free(data2);
    ser_model_destroy(l);
    ser_model_destroy(m);
    ser_cnn_destroy(net);
    free(x);
}

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Rebuild a file from its header and a new payload, with a valid CRC. */
static unsigned char *rebuild(const unsigned char *file, const unsigned char *payload, size_t plen, size_t *len)
{
    uint32_t hlen = rd32(file + 12);
    *len = 24 + hlen + plen + 4;
    unsigned char *out = malloc(*len);
    memcpy(out, file, 24 + hlen);
    for (int i = 0; i < 8; i++)
        out[16 + i] = (unsigned char)((uint64_t)plen >> (8 * i));
    memcpy(out + 24 + hlen, payload, plen);
    wr32(out + 24 + hlen + plen, ser_crc32(0, out, 24 + hlen + plen));
    return out;
}

static ser_status load_with(const unsigned char *file, const unsigned char *payload, size_t plen, ser_error *err)
{
    size_t len;
    unsigned char *d = rebuild(file, payload, plen, &len);
    ser_model *m = NULL;
    ser_status st = ser_model_load_memory(d, len, &m, err);
    ser_model_destroy(m);
    free(d);
    return st;
}

static void test_corrupt(void **state)
{
    (void)state;
    float *x = malloc(sizeof(float) * N * M * T);
    int y[N];
    make_data(x, y);
    ser_cnn *net = trained_net(x, y);
    ser_model *m = make_model(net);
    unsigned char *file = NULL;
    size_t len = 0;
    ser_error err;
    assert_int_equal(ser_model_serialize(m, &file, &len, &err), SER_OK);
    const size_t hlen = rd32(file + 12), plen = len - 24 - hlen - 4;
    const unsigned char *payload = file + 24 + hlen;
    unsigned char *p = malloc(plen + 8);

    memcpy(p, payload, plen); /* unchanged: loads */
    assert_int_equal(load_with(file, p, plen, &err), SER_OK);

    memcpy(p, payload, plen);
    p[0] ^= 0xff; /* tag */
    assert_int_equal(load_with(file, p, plen, &err), SER_ERR_FORMAT);
    assert_non_null(strstr(err.message, "CNN1"));

    memcpy(p, payload, plen);
    const size_t first_param = 4 + 5 * 4 + 2 * 5 + 4 + 4 + 8 + 8;
    wr32(p + first_param, 0x7fc00000u); /* NaN */
    assert_int_equal(load_with(file, p, plen, &err), SER_ERR_FORMAT);
    assert_non_null(strstr(err.message, "not finite"));

    memcpy(p, payload, plen);
    assert_int_equal(load_with(file, p, plen - 5, &err), SER_ERR_TRUNCATED);
    assert_int_equal(load_with(file, p, 30, &err), SER_ERR_TRUNCATED);
    assert_int_equal(load_with(file, p, 10, &err), SER_ERR_TRUNCATED);

    memcpy(p, payload, plen);
    p[plen] = 0;
    assert_int_equal(load_with(file, p, plen + 1, &err), SER_ERR_FORMAT);
    assert_non_null(strstr(err.message, "unexpected bytes"));

    memcpy(p, payload, plen);
    wr32(p + 4, T); /* a 12 x 8 image: same size, other shape */
    wr32(p + 8, M);
    assert_int_not_equal(load_with(file, p, plen, &err), SER_OK);

    memcpy(p, payload, plen);
    wr32(p + 12, K + 1); /* class count differs from the labels */
    assert_int_not_equal(load_with(file, p, plen, &err), SER_OK);

    file[24 + hlen + 40] ^= 1; /* no CRC fix */
    ser_model *bad = NULL;
    assert_int_equal(ser_model_load_memory(file, len, &bad, &err), SER_ERR_CHECKSUM);
    assert_null(bad);

    free(p);
    free(file);
    ser_model_destroy(m);
    ser_cnn_destroy(net);
    free(x);
}

static void test_bad_meta(void **state)
{
    (void)state;
    float *x = malloc(sizeof(float) * N * M * T);
    int y[N];
    make_data(x, y);
    ser_cnn *net = trained_net(x, y);
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    meta.feature_set = "logmel8x12";
    meta.label_names = labels;
    meta.n_classes = 2;
    ser_model *m = NULL;
    ser_error err;
    assert_int_equal(ser_model_create_cnn(&meta, net, &m, &err), SER_ERR_LABEL);
    meta.n_classes = K;
    meta.n_features = 7;
    assert_int_equal(ser_model_create_cnn(&meta, net, &m, &err), SER_ERR_LAYOUT);
    meta.n_features = 0;
    meta.feature_set = NULL;
    assert_int_equal(ser_model_create_cnn(&meta, net, &m, &err), SER_ERR_ARG);
    assert_null(m);
    ser_cnn_destroy(net);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_bad_meta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
