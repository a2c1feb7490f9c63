/* Model files: create -> save -> load gives bit-identical predictions
 * for SVM, forest and boosted trees; the same seed gives the same file
 * bytes; a model's prediction equals scaler + classifier applied by hand;
 * damaged files (wrong magic, version, checksum, truncation, trailing
 * bytes, layout / label mismatches behind a valid checksum) are rejected
 * with the matching SER_ERR_* and a message; atomic save errors; layout
 * checks; sharing one model across threads. */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model_fixture.h"
#include "ser/checksum.h"

static const ser_model_kind kinds[3] = {SER_MODEL_SVM, SER_MODEL_FOREST, SER_MODEL_BOOST};

static void predict_all(const ser_model *m, const blobs *b, double *probs, int *labels)
{
    ser_model_ctx *ctx = NULL;
    assert_int_equal(ser_model_ctx_create(m, &ctx), SER_OK);
    float f[FIX_D];
    for (size_t i = 0; i < b->n; i++) {
        for (size_t j = 0; j < FIX_D; j++)
            f[j] = (float)b->x[i * FIX_D + j];
        assert_int_equal(ser_model_predict(m, ctx, f, FIX_D, probs + i * FIX_K, FIX_K, &labels[i]), SER_OK);
    }
    ser_model_ctx_destroy(ctx);
}

static void test_round_trip(void **state)
{
    (void)state;
    blobs b = fix_data(1);
    for (int kk = 0; kk < 3; kk++) {
        ser_model *m = fix_model(kinds[kk], &b, 7);
        assert_non_null(m);
        assert_int_equal(ser_model_kind_of(m), kinds[kk]);
        assert_int_equal(ser_model_n_classes(m), FIX_K);
        assert_string_equal(ser_model_label(m, 2), "sad");
        assert_null(ser_model_label(m, 3));
        assert_string_equal(ser_model_feature_name(m, 3), "rms_mean");
        assert_string_equal(ser_model_feature_set(m), "test6");
        assert_true(ser_model_sample_rate(m) == 16000);
        assert_true(ser_model_layout_hash(m) == ser_feature_layout_hash(fix_names, FIX_D));

        char path[512];
        tu_tmp_path(path, sizeof path, "model.sermodel");
        ser_error err;
        assert_int_equal(ser_model_save(m, path, &err), SER_OK);
        ser_model *l = NULL;
        assert_int_equal(ser_model_load(path, &l, &err), SER_OK);
        assert_string_equal(ser_model_header_json(m), ser_model_header_json(l));

        double *pm = malloc(b.n * FIX_K * sizeof *pm), *pl = malloc(b.n * FIX_K * sizeof *pl);
        int *lm = malloc(b.n * sizeof *lm), *ll = malloc(b.n * sizeof *ll);
        predict_all(m, &b, pm, lm);
        predict_all(l, &b, pl, ll);
        assert_memory_equal(pm, pl, b.n * FIX_K * sizeof *pm);
        assert_memory_equal(lm, ll, b.n * sizeof *lm);
        size_t correct = 0;
        for (size_t i = 0; i < b.n; i++) {
            double s = pm[i * 3] + pm[i * 3 + 1] + pm[i * 3 + 2];
            assert_true(fabs(s - 1.0) < 1e-9);
            correct += lm[i] == b.y[i];
        }
        assert_true(correct >= b.n * 8 / 10); /* training accuracy: it learnt something */

        /* the model's prediction = scaler then classifier, by hand */
        double x[FIX_D], p[FIX_K], scratch[4096];
        for (size_t j = 0; j < FIX_D; j++)
            x[j] = (double)(float)b.x[j];
        ser_scaler_transform(ser_model_scaler(l), x, 1);
        int label;
        if (kinds[kk] == SER_MODEL_SVM) {
            assert_true(ser_svm_scratch_size(ser_model_svm(l)) <= 4096);
            assert_int_equal(ser_svm_predict(ser_model_svm(l), x, &label, p, scratch), SER_OK);
            assert_null(ser_model_trees(l));
        } else {
            ser_trees_predict(ser_model_trees(l), x, &label, p);
            assert_null(ser_model_svm(l));
        }
        assert_memory_equal(p, pm, sizeof p);
        assert_int_equal(label, lm[0]);

        /* header content */
        cJSON *h = cJSON_Parse(ser_model_header_json(l));
        assert_non_null(h);
        assert_string_equal(cJSON_GetObjectItem(h, "kind")->valuestring, ser_model_kind_name(kinds[kk]));
        const cJSON *cv = cJSON_GetObjectItem(h, "cv_metrics");
        assert_true(cJSON_GetObjectItem(cv, "uar")->valuedouble == 0.89);
        const cJSON *prov = cJSON_GetObjectItem(h, "provenance");
        assert_string_equal(cJSON_GetObjectItem(prov, "command_line")->valuestring, "ser train test --kind svm");
        assert_true(cJSON_GetObjectItem(prov, "seed")->valuedouble == 7);
        const cJSON *feat = cJSON_GetObjectItem(h, "features");
        assert_true(cJSON_GetObjectItem(cJSON_GetObjectItem(feat, "config"), "n_mfcc")->valuedouble == 3);
        cJSON_Delete(h);

        free(pm);
        free(pl);
        free(lm);
        free(ll);
        ser_model_destroy(m);
        ser_model_destroy(l);
        remove(path);
    }
    blobs_free(&b);
}

static void test_same_seed_same_bytes(void **state)
{
    (void)state;
    blobs b = fix_data(2);
    for (int kk = 0; kk < 3; kk++) {
        ser_model *a = fix_model(kinds[kk], &b, 11), *c = fix_model(kinds[kk], &b, 11),
                  *d = fix_model(kinds[kk], &b, 12);
        unsigned char *ba, *bc, *bd;
        size_t la, lc, ld;
        assert_int_equal(ser_model_serialize(a, &ba, &la, NULL), SER_OK);
        assert_int_equal(ser_model_serialize(c, &bc, &lc, NULL), SER_OK);
        assert_int_equal(ser_model_serialize(d, &bd, &ld, NULL), SER_OK);
        assert_int_equal(la, lc);
        assert_memory_equal(ba, bc, la);
        assert_true(la != ld || memcmp(ba, bd, la) != 0);
        /* the image is what loading from memory accepts, and re-serialises identically */
        ser_model *l = NULL;
        assert_int_equal(ser_model_load_memory(ba, la, &l, NULL), SER_OK);
        unsigned char *bl;
        size_t ll;
        assert_int_equal(ser_model_serialize(l, &bl, &ll, NULL), SER_OK);
        assert_int_equal(ll, la);
        assert_memory_equal(bl, ba, la);
        /* trailing CRC is zlib's CRC-32 of the rest */
        uint32_t crc = (uint32_t)ba[la - 4] | (uint32_t)ba[la - 3] << 8 | (uint32_t)ba[la - 2] << 16 |
                       (uint32_t)ba[la - 1] << 24;
        assert_true(crc == ser_crc32(0, ba, la - 4));
        free(ba);
        free(bc);
        free(bd);
        free(bl);
        ser_model_destroy(a);
        ser_model_destroy(c);
        ser_model_destroy(d);
        ser_model_destroy(l);
    }
    blobs_free(&b);
}

static ser_status load_mem(const unsigned char *p, size_t n, ser_error *err)
{
    ser_model *m = NULL;
    ser_status st = ser_model_load_memory(p, n, &m, err);
    if (st == SER_OK)
        ser_model_destroy(m);
    else
        assert_null(m);
    return st;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void fix_crc(unsigned char *p, size_t n) { put_u32(p + n - 4, ser_crc32(0, p, n - 4)); }

/* Replace the JSON header of an image (CRC fixed). */
static unsigned char *with_header(const unsigned char *img, size_t len, const char *header, size_t *out_len)
{
    uint32_t hlen = (uint32_t)img[12] | (uint32_t)img[13] << 8 | (uint32_t)img[14] << 16 | (uint32_t)img[15] << 24;
    size_t plen = len - 24 - hlen - 4, nh = strlen(header);
    *out_len = 24 + nh + plen + 4;
    unsigned char *o = malloc(*out_len);
    memcpy(o, img, 24);
    put_u32(o + 12, (uint32_t)nh);
    memcpy(o + 24, header, nh);
    memcpy(o + 24 + nh, img + 24 + hlen, plen);
    fix_crc(o, *out_len);
    return o;
}

static char *header_of(const unsigned char *img)
{
    uint32_t hlen = (uint32_t)img[12] | (uint32_t)img[13] << 8 | (uint32_t)img[14] << 16 | (uint32_t)img[15] << 24;
    char *h = malloc(hlen + 1);
    memcpy(h, img + 24, hlen);
    h[hlen] = 0;
    return h;
}

static void expect(ser_status got, ser_status want, const ser_error *err, const char *needle)
{
    if (got != want)
        fail_msg("got %s (%s), want %s", ser_strerror(got), err->message, ser_strerror(want));
    if (needle && !strstr(err->message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err->message, needle);
}

static void test_damaged_files(void **state)
{
    (void)state;
    blobs b = fix_data(3);
    ser_model *m = fix_model(SER_MODEL_SVM, &b, 1);
    unsigned char *img;
    size_t len;
    assert_int_equal(ser_model_serialize(m, &img, &len, NULL), SER_OK);
    unsigned char *t = malloc(len + 16);
    ser_error err;

    memcpy(t, img, len);
    t[0] = 'X';
    expect(load_mem(t, len, &err), SER_ERR_FORMAT, &err, "magic");
    expect(load_mem(t, 5, &err), SER_ERR_FORMAT, &err, "magic");

    memcpy(t, img, len);
    put_u32(t + 8, 2);
    expect(load_mem(t, len, &err), SER_ERR_VERSION, &err, "version 2");

    /* truncated anywhere after the magic */
    size_t cuts[] = {8, 20, 24, 100, len / 2, len - 5, len - 4, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        expect(load_mem(img, cuts[i], &err), SER_ERR_TRUNCATED, &err, "truncated");

    memcpy(t, img, len);
    t[len] = 0;
    expect(load_mem(t, len + 1, &err), SER_ERR_FORMAT, &err, "unexpected bytes");

    /* one edited byte in the header, the payload, the checksum */
    size_t spots[] = {40, len - 100, len - 2};
    for (size_t i = 0; i < 3; i++) {
        memcpy(t, img, len);
        t[spots[i]] ^= 0x20;
        expect(load_mem(t, len, &err), SER_ERR_CHECKSUM, &err, "checksum");
    }

    /* behind a valid checksum: inconsistent header or payload */
    char *h = header_of(img);
    size_t nl;
    unsigned char *e;
    char *edit = strdup(h);
    char *hash = strstr(edit, "\"layout_hash\":\"") + 15;
    hash[0] = hash[0] == '0' ? '1' : '0';
    e = with_header(img, len, edit, &nl);
    expect(load_mem(e, nl, &err), SER_ERR_LAYOUT, &err, "layout hash");
    free(e);
    free(edit);

    e = with_header(img, len, "{\"format\":\"ser-model\"", &nl);
    expect(load_mem(e, nl, &err), SER_ERR_PARSE, &err, "JSON");
    free(e);

    cJSON *j = cJSON_Parse(h);
    cJSON_ReplaceItemInObject(j, "kind", cJSON_CreateString("forest"));
    char *txt = cJSON_PrintUnformatted(j);
    e = with_header(img, len, txt, &nl);
    expect(load_mem(e, nl, &err), SER_ERR_FORMAT, &err, "payload");
    free(e);
    free(txt);
    cJSON_ReplaceItemInObject(j, "kind", cJSON_CreateString("cnn9"));
    txt = cJSON_PrintUnformatted(j);
    e = with_header(img, len, txt, &nl);
    expect(load_mem(e, nl, &err), SER_ERR_UNSUPPORTED, &err, "cnn9");
    free(e);
    free(txt);
    cJSON_ReplaceItemInObject(j, "kind", cJSON_CreateString("svm"));
    cJSON *labels = cJSON_GetObjectItem(j, "labels");
    cJSON_AddItemToArray(labels, cJSON_CreateString("happy")); /* 4 labels, 3 classes */
    txt = cJSON_PrintUnformatted(j);
    e = with_header(img, len, txt, &nl);
    expect(load_mem(e, nl, &err), SER_ERR_LABEL, &err, "labels");
    free(e);
    free(txt);
    cJSON_DeleteItemFromArray(labels, 3);
    cJSON_ReplaceItemInArray(labels, 2, cJSON_CreateString("angry"));
    txt = cJSON_PrintUnformatted(j);
    e = with_header(img, len, txt, &nl);
    expect(load_mem(e, nl, &err), SER_ERR_LABEL, &err, "twice");
    free(e);
    free(txt);
    cJSON_Delete(j);

    /* header of a 6-feature model, payload of a 5-feature one */
    blobs b5 = blobs_make(20, 3, 5, 1.0, 4);
    ser_svm_config cfg;
    ser_svm_config_default(&cfg);
    ser_svm *s5 = NULL;
    assert_int_equal(ser_svm_train(b5.x, b5.n, 5, b5.y, 3, &cfg, &s5, NULL), SER_OK);
    unsigned char *p5;
    size_t l5;
    assert_int_equal(ser_svm_encode(s5, &p5, &l5, NULL), SER_OK);
    size_t hl = strlen(h);
    nl = 24 + hl + l5 + 4;
    e = malloc(nl);
    memcpy(e, img, 24);
    e[16] = (unsigned char)l5, e[17] = (unsigned char)(l5 >> 8), e[18] = (unsigned char)(l5 >> 16), e[19] = 0;
    memcpy(e + 24, h, hl);
    memcpy(e + 24 + hl, p5, l5);
    fix_crc(e, nl);
    expect(load_mem(e, nl, &err), SER_ERR_LAYOUT, &err, "features");
    free(e);
    free(p5);
    ser_svm_destroy(s5);
    blobs_free(&b5);

    free(h);
    free(t);
    free(img);
    ser_model_destroy(m);
    blobs_free(&b);
}

/* A header with "speaker_norm" inserted before "hyperparameters". */
static unsigned char *with_speaker_norm(const unsigned char *img, size_t len, const char *sn, size_t *out_len)
{
    char *h = header_of(img);
    char *at = strstr(h, "\"hyperparameters\"");
    assert_non_null(at);
    size_t nh = strlen(h) + strlen(sn) + 32;
    char *e = malloc(nh);
    snprintf(e, nh, "%.*s\"speaker_norm\":%s,%s", (int)(at - h), h, sn, at);
    unsigned char *o = with_header(img, len, e, out_len);
    free(e);
    free(h);
    return o;
}

/* The speaker-normalisation prior: absent in a plain model, read back
 * exactly, and a malformed one is refused naming it. */
static void test_speaker_norm_prior(void **state)
{
    (void)state;
    blobs b = fix_data(5);
    ser_model *m = fix_model(SER_MODEL_SVM, &b, 1);
    const double *pm = NULL, *ps = NULL;
    assert_false(ser_model_speaker_norm(m, &pm, &ps));
    assert_null(pm);
    unsigned char *img;
    size_t len, n;
    assert_int_equal(ser_model_serialize(m, &img, &len, NULL), SER_OK);
    unsigned char *e = with_speaker_norm(img, len, "{\"prior_mean\":[1,2,3,4,5,6.5],\"prior_std\":[1,1,2,2,3,0.25]}", &n);
    ser_model *l = NULL;
    ser_error err;
    assert_int_equal(ser_model_load_memory(e, n, &l, &err), SER_OK);
    assert_true(ser_model_speaker_norm(l, &pm, &ps));
    assert_true(pm[5] == 6.5 && ps[5] == 0.25 && pm[0] == 1.0 && ps[2] == 2.0);
    ser_model_destroy(l);
    free(e);
    const char *bad[] = {"{\"prior_mean\":[1,2,3,4,5,6],\"prior_std\":[1,1,2,2,3,-1]}",
                         "{\"prior_mean\":[1,2,3,4,5],\"prior_std\":[1,1,2,2,3,1]}",
                         "{\"prior_mean\":[1,2,3,4,5,6]}", "3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e = with_speaker_norm(img, len, bad[i], &n);
        expect(load_mem(e, n, &err), SER_ERR_LAYOUT, &err, "speaker_norm");
        free(e);
    }
    free(img);
    ser_model_destroy(m);
    blobs_free(&b);
}

static void test_layout_and_predict_errors(void **state)
{
    (void)state;
    blobs b = fix_data(5);
    ser_model *m = fix_model(SER_MODEL_FOREST, &b, 3);
    ser_error err;
    assert_int_equal(ser_model_check_layout(m, fix_names, FIX_D, &err), SER_OK);
    const char *other[FIX_D] = {"mfcc1_mean", "mfcc2_mean", "mfcc3_var", "rms_mean", "zcr_mean", "centroid_mean"};
    expect(ser_model_check_layout(m, other, FIX_D, &err), SER_ERR_LAYOUT, &err, "dimension 2");
    expect(ser_model_check_layout(m, fix_names, FIX_D - 1, &err), SER_ERR_LAYOUT, &err, "expects 6");

    ser_model_ctx *ctx;
    assert_int_equal(ser_model_ctx_create(m, &ctx), SER_OK);
    float f[FIX_D + 1] = {1, 2, 3, 4, 5, 6, 7};
    double p[FIX_K + 1];
    assert_int_equal(ser_model_predict(m, ctx, f, FIX_D + 1, p, FIX_K, NULL), SER_ERR_LAYOUT);
    assert_int_equal(ser_model_predict(m, ctx, f, FIX_D, p, FIX_K - 1, NULL), SER_ERR_ARG);
    f[2] = NAN;
    assert_int_equal(ser_model_predict(m, ctx, f, FIX_D, p, FIX_K, NULL), SER_ERR_NONFINITE);
    f[2] = 3;
    assert_int_equal(ser_model_predict(m, ctx, f, FIX_D, p, FIX_K + 1, NULL), SER_OK);
    /* a forest's ctx is too small for an SVM model */
    ser_model *s = fix_model(SER_MODEL_SVM, &b, 3);
    assert_int_equal(ser_model_predict(s, ctx, f, FIX_D, p, FIX_K, NULL), SER_ERR_ARG);
    ser_model_ctx_destroy(ctx);

    /* creation errors */
    ser_model_meta meta;
    fix_meta(&meta, &b);
    meta.n_classes = 2;
    ser_model *x = NULL;
    expect(ser_model_create_trees(&meta, ser_model_scaler(m), ser_model_trees(m), &x, &err), SER_ERR_LABEL, &err,
           "label names");
    fix_meta(&meta, &b);
    meta.n_features = 5;
    expect(ser_model_create_trees(&meta, ser_model_scaler(m), ser_model_trees(m), &x, &err), SER_ERR_LAYOUT, &err,
           NULL);
    fix_meta(&meta, &b);
    meta.cv_metrics_json = "[1, 2]";
    expect(ser_model_create_trees(&meta, ser_model_scaler(m), ser_model_trees(m), &x, &err), SER_ERR_PARSE, &err,
           "CV metrics");
    assert_null(x);
    ser_model_destroy(s);
    ser_model_destroy(m);
    blobs_free(&b);
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n++;
    if (d)
        closedir(d);
    return n;
}

static void test_save_errors(void **state)
{
    (void)state;
    blobs b = fix_data(6);
    ser_model *m = fix_model(SER_MODEL_BOOST, &b, 3);
    ser_error err;
    char path[512];
    snprintf(path, sizeof path, "%s/no/such/dir/model.sermodel", SER_TEST_TMPDIR);
    expect(ser_model_save(m, path, &err), SER_ERR_IO, &err, "no/such/dir/model.sermodel");
    /* destination is a directory: rename fails, no temporary file stays */
    char dir[512];
    tu_tmp_path(dir, sizeof dir, "dir");
    assert_int_equal(mkdir(dir, 0755), 0);
    size_t before = count_entries(SER_TEST_TMPDIR);
    expect(ser_model_save(m, dir, &err), SER_ERR_IO, &err, "cannot write");
    assert_int_equal(count_entries(SER_TEST_TMPDIR), before);
    rmdir(dir);
    /* overwriting an existing model replaces it */
    tu_tmp_path(path, sizeof path, "over.sermodel");
    assert_true(tu_write_file(path, "old", 3));
    assert_int_equal(ser_model_save(m, path, &err), SER_OK);
    ser_model *l = NULL;
    assert_int_equal(ser_model_load(path, &l, &err), SER_OK);
    ser_model_destroy(l);
    remove(path);
    snprintf(path, sizeof path, "%s/absent.sermodel", SER_TEST_TMPDIR);
    expect(ser_model_load(path, &l, &err), SER_ERR_NOT_FOUND, &err, "absent.sermodel");
    ser_model_destroy(m);
    blobs_free(&b);
}

typedef struct job {
    const ser_model *m;
    const blobs *b;
    double *probs;
    int *labels;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    ser_model_ctx *ctx;
    if (ser_model_ctx_create(j->m, &ctx) != SER_OK)
        return NULL;
    float f[FIX_D];
    for (int rep = 0; rep < 20; rep++)
        for (size_t i = 0; i < j->b->n; i++) {
            for (size_t c = 0; c < FIX_D; c++)
                f[c] = (float)j->b->x[i * FIX_D + c];
            ser_model_predict(j->m, ctx, f, FIX_D, j->probs + i * FIX_K, FIX_K, &j->labels[i]);
        }
    ser_model_ctx_destroy(ctx);
    return NULL;
}

static void test_threads_share_a_model(void **state)
{
    (void)state;
    blobs b = fix_data(8);
    ser_model *m = fix_model(SER_MODEL_SVM, &b, 1);
    job jobs[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = (job){m, &b, calloc(b.n * FIX_K, sizeof(double)), calloc(b.n, sizeof(int))};
        assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    for (int i = 1; i < 3; i++) {
        assert_memory_equal(jobs[i].probs, jobs[0].probs, b.n * FIX_K * sizeof(double));
        assert_memory_equal(jobs[i].labels, jobs[0].labels, b.n * sizeof(int));
    }
    for (int i = 0; i < 3; i++) {
        free(jobs[i].probs);
        free(jobs[i].labels);
    }
    ser_model_destroy(m);
    blobs_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_same_seed_same_bytes),
        cmocka_unit_test(test_damaged_files),
        cmocka_unit_test(test_speaker_norm_prior),
        cmocka_unit_test(test_layout_and_predict_errors),
        cmocka_unit_test(test_save_errors),
        cmocka_unit_test(test_threads_share_a_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
