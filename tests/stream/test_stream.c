/* The live analyser (include/ser/stream.h) on real speech: a model trained
 * here on streaming seed features of the EmoDB anger and neutral files of
 * every speaker but 15 and 16, a "call" of held-out speaker 15 (neutral, angry, neutral).
 *  - chunk-size invariance: whole buffer vs random byte chunks (1 byte
 *    included, samples split across pushes) vs 1-sample float pushes give
 *    the same events, byte for byte in JSON; also through the resampler
 *    (8 kHz s16 input);
 *  - silence, a steady chord ("hold music") and white noise give silence
 *    events only;
 *  - the angry part raises one alert, the neutral parts none; calm after;
 *  - push and flush do not allocate once warm (counting allocator);
 *  - a model of another feature layout is refused, naming the set;
 *  - streams sharing a ser_stream_plan (three at once, interleaved pushes)
 *    give the same events, byte for byte, as a stream with its own tables;
 *    a plan made for another model is refused. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "ser/audio.h"
#include "ser/features.h"
#include "ser/model.h"
#include "ser/resample.h"
#include "ser/rng.h"
#include "ser/scaler.h"
#include "ser/stream.h"
#include "ser/svm.h"

#define SR 16000

typedef struct fixture {
    ser_model *model;
    float *call;
    size_t n_call;
    double angry_from, angry_to; /* s */
} fixture;

static fixture F;

static float *load(const char *name, size_t *n)
{
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "data/emodb/%.16s.flac", name);
    ser_load_config lc = ser_load_config_default();
    ser_audio a;
    ser_error err;
    if (ser_audio_load(tu_shared_path(path, sizeof path, rel), &lc, &a, &err))
        return NULL;
    *n = a.n_samples;
    return a.samples;
}

static const char *const call_files[] = {"15a01Nb", "15a02Na", "15a01Wa", "15a02Wb", "15a04Wa",
                                         "15a05Wa", "15b01Wc", "15a04Nc", "15a05Na", "15b01Na",
                                         "15a07Nc", "15b02Nd", "15b03Nb"};

static int setup(void **state)
{
    (void)state;
    ser_status st;
    ser_error err;
    ser_feature_set_config *c = ser_feature_set_parse("seed", &st, &err);
    ser_feature_set_set_streaming(c, true);
    ser_extractor *ex = ser_extractor_create(c, SR, &st, &err);
    /* every anger (W) and neutral (N) file of the speakers other than 15 and 16 */
    char dir[1024], names_buf[600][16];
    size_t n_train = 0, d = ser_extractor_dim(ex);
    DIR *dp = opendir(tu_shared_path(dir, sizeof dir, "data/emodb"));
    if (!dp)
        return -1;
    for (struct dirent *e; (e = readdir(dp)) && n_train < 600;)
        if (strlen(e->d_name) == 12 && strncmp(e->d_name, "15", 2) && strncmp(e->d_name, "16", 2) &&
            (e->d_name[5] == 'W' || e->d_name[5] == 'N')) {
            memcpy(names_buf[n_train], e->d_name, 7);
            names_buf[n_train++][7] = '\0';
        }
    closedir(dp);
    double *x = malloc(n_train * d * sizeof *x);
    int *y = malloc(n_train * sizeof *y);
    for (size_t i = 0; i < n_train; i++) {
        size_t n;
        float *s = load(names_buf[i], &n);
        if (!s || ser_extractor_compute(ex, s, n, x + i * d, &err))
            return -1;
        y[i] = names_buf[i][5] == 'W';
        free(s);
    }
    ser_scaler *sc = NULL;
    ser_scaler_fit(x, n_train, d, &sc, &err);
    ser_scaler_transform(sc, x, n_train);
    ser_svm_config sv;
    ser_svm_config_default(&sv);
    sv.probability = true;
    ser_svm *svm = NULL;
    if (ser_svm_train(x, n_train, d, y, 2, &sv, &svm, &err))
        return -1;
    const char **names = malloc(d * sizeof *names);
    for (size_t i = 0; i < d; i++)
        names[i] = ser_extractor_name(ex, i);
    static const char *const labels[2] = {"neutral", "angry"};
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    meta.feature_set = "seed";
    meta.feature_names = names;
    meta.n_features = d;
    meta.sample_rate = SR;
    meta.label_names = labels;
    meta.n_classes = 2;
    meta.n_train = n_train;
    st = ser_model_create_svm(&meta, sc, svm, &F.model, &err);
    free(names);
    free(x);
    free(y);
    ser_svm_destroy(svm);
    ser_scaler_destroy(sc);
    ser_extractor_destroy(ex);
    ser_feature_set_config_destroy(c);
    if (st)
        return -1;
    size_t cap = 0;
    F.n_call = 0;
    F.angry_from = -1;
    for (size_t i = 0; i < sizeof call_files / sizeof *call_files; i++) {
        size_t n;
        float *s = load(call_files[i], &n);
        if (!s)
            return -1;
        if (strchr(call_files[i], 'W') && F.angry_from < 0)
            F.angry_from = (double)F.n_call / SR;
        if (strchr(call_files[i], 'W'))
            F.angry_to = (double)(F.n_call + n) / SR;
        cap += n;
        F.call = realloc(F.call, cap * sizeof(float));
        memcpy(F.call + F.n_call, s, n * sizeof(float));
        F.n_call += n;
        free(s);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ser_model_destroy(F.model);
    free(F.call);
    return 0;
}

/* Events as JSON lines, appended into one string. */
typedef struct log {
    char *text;
    size_t len, cap, n, alerts, calms, silences, emotions;
    double first_alert, first_calm, last_end;
} log_t;

static void on_event(void *user, const ser_stream_event *ev)
{
    log_t *l = user;
    char buf[4096];
    size_t len;
    assert_int_equal(ser_stream_event_json(ev, buf, sizeof buf, &len), SER_OK);
    if (l->len + len + 2 > l->cap) {
        l->cap = 2 * (l->len + len + 2) + 4096;
        l->text = realloc(l->text, l->cap);
    }
    memcpy(l->text + l->len, buf, len);
    l->len += len;
    l->text[l->len++] = '\n';
    l->text[l->len] = '\0';
    l->n++;
    l->last_end = ev->t_end;
    if (ev->type == SER_STREAM_ALERT && l->alerts++ == 0)
        l->first_alert = ev->t_end;
    if (ev->type == SER_STREAM_CALM && l->calms++ == 0)
        l->first_calm = ev->t_end;
    l->silences += ev->type == SER_STREAM_SILENCE;
    l->emotions += ev->type == SER_STREAM_EMOTION;
}

static ser_stream *make(double rate, ser_raw_encoding enc)
{
    ser_stream_config c = ser_stream_config_default();
    c.model = F.model;
    c.input_rate = rate;
    c.encoding = enc;
    c.call_id = "test-call";
    ser_status st;
    ser_error err = {0};
    ser_stream *s = ser_stream_create(&c, &st, &err);
    if (!s)
        fail_msg("create: %s", err.message);
    return s;
}

static unsigned char *to_s16(const float *x, size_t n)
{
    unsigned char *b = malloc(2 * n);
    for (size_t i = 0; i < n; i++) {
        double v = round((double)x[i] * 32768.0);
        int16_t s = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
        b[2 * i] = (unsigned char)(s & 0xff);
        b[2 * i + 1] = (unsigned char)((uint16_t)s >> 8);
    }
    return b;
}

/* Push `bytes` in random chunks (max_chunk bytes at most; every 7th chunk
 * a single byte) and flush. */
static log_t run_bytes(ser_stream *s, const unsigned char *b, size_t len, size_t max_chunk, uint64_t seed)
{
    log_t l = {0};
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    size_t at = 0, k = 0;
    while (at < len) {
        size_t m = (k++ % 7 == 0) ? 1 : 1 + (size_t)ser_rng_below(&rng, max_chunk);
        if (m > len - at)
            m = len - at;
        assert_int_equal(ser_stream_push(s, b + at, m, on_event, &l), SER_OK);
        at += m;
    }
    assert_int_equal(ser_stream_flush(s, on_event, &l), SER_OK);
    return l;
}

static void test_chunk_invariance(void **state)
{
    (void)state;
    unsigned char *b = to_s16(F.call, F.n_call);
    ser_stream *s = make(SR, SER_RAW_S16LE);
    log_t whole = run_bytes(s, b, 2 * F.n_call, 2 * F.n_call, 1);
    assert_true(whole.n >= 20);
    assert_true(whole.emotions >= 20);
    for (uint64_t seed = 2; seed < 4; seed++) {
        assert_int_equal(ser_stream_reset(s), SER_OK);
        log_t l = run_bytes(s, b, 2 * F.n_call, seed == 2 ? 9 : 5001, seed);
        assert_int_equal(l.n, whole.n);
        assert_string_equal(l.text, whole.text);
        free(l.text);
    }
    /* floats, one sample per push: the same samples (s16 / 32768) */
    float *f = malloc(F.n_call * sizeof *f);
    ser_pcm_s16le_to_float(b, F.n_call, f);
    assert_int_equal(ser_stream_reset(s), SER_OK);
    log_t l = {0};
    for (size_t i = 0; i < F.n_call; i++)
        assert_int_equal(ser_stream_push_float(s, f + i, 1, on_event, &l), SER_OK);
    assert_int_equal(ser_stream_flush(s, on_event, &l), SER_OK);
    assert_string_equal(l.text, whole.text);
    /* times: hop of 16 frames = 0.512 s; the last event ends at the end of the audio */
    assert_int_equal(ser_stream_window_frames(s), 63);
    assert_int_equal(ser_stream_hop_frames(s), 16);
    assert_true(tu_close(whole.last_end, (double)F.n_call / SR, 1e-9, 0));
    assert_true(tu_close(ser_stream_seconds(s), (double)F.n_call / SR, 1e-12, 0));
    assert_int_equal(ser_stream_push_float(s, f, 1, on_event, &l), SER_ERR_STATE); /* after flush */
    /* contract shape of an emotion event */
    static const char head[] = "{\"type\":\"emotion\",\"call_id\":\"test-call\",\"track\":\"caller\","
                               "\"t_start\":0.000,\"t_end\":2.048,\"label\":\"";
    if (strncmp(whole.text, head, sizeof head - 1))
        fail_msg("first event: %.200s", whole.text);
    assert_non_null(strstr(whole.text, ",\"probabilities\":{\"neutral\":"));
    assert_non_null(strstr(whole.text, ",\"arousal\":"));
    printf("# %zu events over %.2f s: %zu emotion, %zu silence, %zu alert, %zu calm\n", whole.n,
           (double)F.n_call / SR, whole.emotions, whole.silences, whole.alerts, whole.calms);
    free(l.text);
    free(f);
    free(whole.text);
    free(b);
    ser_stream_destroy(s);
}

static void test_chunk_invariance_resampled(void **state)
{
    (void)state;
    float *x8 = NULL;
    size_t n8;
    ser_error err;
    assert_int_equal(ser_resample_buffer(F.call, F.n_call, SR, 8000, SER_RESAMPLE_HQ, &x8, &n8, &err), SER_OK);
    unsigned char *b = to_s16(x8, n8);
    ser_stream *s = make(8000, SER_RAW_S16LE);
    log_t whole = run_bytes(s, b, 2 * n8, 2 * n8, 1);
    assert_true(whole.emotions >= 20);
    assert_int_equal(ser_stream_reset(s), SER_OK);
    log_t l = run_bytes(s, b, 2 * n8, 777, 5);
    assert_string_equal(l.text, whole.text);
    free(l.text);
    free(whole.text);
    free(b);
    free(x8);
    ser_stream_destroy(s);
}

static void test_alert_on_anger_only(void **state)
{
    (void)state;
    ser_stream *s = make(SR, SER_RAW_S16LE);
    unsigned char *b = to_s16(F.call, F.n_call);
    log_t l = run_bytes(s, b, 2 * F.n_call, 3200, 9);
    printf("# angry %.2f..%.2f s; alerts %zu (first at %.2f s), calm %zu (first at %.2f s)\n", F.angry_from,
           F.angry_to, l.alerts, l.first_alert, l.calms, l.first_calm);
    if (getenv("SER_TEST_VERBOSE"))
        fputs(l.text, stdout);
    assert_int_equal(l.alerts, 1);
    assert_true(l.first_alert > F.angry_from && l.first_alert <= F.angry_to + 2.0);
    assert_int_equal(l.calms, 1);
    assert_true(l.first_calm > F.angry_to);
    assert_non_null(strstr(l.text, "{\"type\":\"alert\""));
    free(l.text);
    free(b);
    ser_stream_destroy(s);
}

static void test_silence_and_steady_sounds(void **state)
{
    (void)state;
    size_t n = 10 * SR;
    float *x = calloc(n, sizeof *x);
    ser_stream *s = make(SR, SER_RAW_F32LE);
    const char *what[3] = {"silence", "chord", "noise"};
    ser_rng rng;
    ser_rng_seed(&rng, 3);
    for (int kind = 0; kind < 3; kind++) {
        for (size_t i = 0; i < n && kind; i++) {
            double t = (double)i / SR;
            x[i] = kind == 1 ? (float)(0.08 * (sin(2 * M_PI * 261.63 * t) + sin(2 * M_PI * 329.63 * t) +
                                               sin(2 * M_PI * 392.0 * t)))
                             : (float)(0.1 * ser_rng_normal(&rng));
        }
        assert_int_equal(ser_stream_reset(s), SER_OK);
        log_t l = {0};
        assert_int_equal(ser_stream_push_float(s, x, n, on_event, &l), SER_OK);
        assert_int_equal(ser_stream_flush(s, on_event, &l), SER_OK);
        if (l.n < 15 || l.silences != l.n)
            fail_msg("%s: %zu events, %zu silence", what[kind], l.n, l.silences);
        assert_non_null(strstr(l.text, "\"label\":null,\"probabilities\":null,\"arousal\":null,\"valence\":null"));
        free(l.text);
    }
    free(x);
    ser_stream_destroy(s);
}

static void test_no_allocation(void **state)
{
    (void)state;
    if (!TU_ALLOC_COUNTING_SUPPORTED)
        skip();
    unsigned char *b = to_s16(F.call, F.n_call);
    for (int rs = 0; rs < 2; rs++) {
        ser_stream *s = make(rs ? 8000 : SR, SER_RAW_S16LE); /* 8 kHz: the resampler runs (times differ; fine) */
        log_t l = {0};
        l.cap = 1 << 20;
        l.text = malloc(l.cap);
        /* warm up over the first 2 s (libsoxr sizes its FIFOs), then count to the end, flush included */
        size_t warm = 2 * (size_t)(rs ? 8000 : SR) * 2;
        tu_alloc_count = 0;
        for (size_t at = 0; at + 320 <= 2 * F.n_call; at += 320) {
            tu_alloc_counting = at >= warm;
            assert_int_equal(ser_stream_push(s, b + at, 320, on_event, &l), SER_OK);
        }
        assert_int_equal(ser_stream_flush(s, on_event, &l), SER_OK);
        tu_alloc_counting = 0;
        if (tu_alloc_count)
            fail_msg("%s: %zu allocations in push/flush", rs ? "8 kHz" : "16 kHz", (size_t)tu_alloc_count);
        assert_true(l.n > 0);
        free(l.text);
        ser_stream_destroy(s);
    }
    free(b);
}

static void test_unsupported_model(void **state)
{
    (void)state;
    /* a model of another layout: 2 dims */
    double x[12] = {0, 0, 1, 1, 0, 1, 1, 0, 2, 2, 3, 3};
    int y[6] = {0, 0, 0, 1, 1, 1};
    ser_scaler *sc = NULL;
    ser_error err;
    ser_scaler_fit(x, 6, 2, &sc, &err);
    ser_svm_config sv;
    ser_svm_config_default(&sv);
    sv.probability = true;
    ser_svm *svm = NULL;
    assert_int_equal(ser_svm_train(x, 6, 2, y, 2, &sv, &svm, &err), SER_OK);
    static const char *const names[2] = {"rms_mean", "zcr_mean"};
    static const char *const labels[2] = {"neutral", "angry"};
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    meta.feature_set = "rms:mean+zcr:mean";
    meta.feature_names = names;
    meta.n_features = 2;
    meta.sample_rate = SR;
    meta.label_names = labels;
    meta.n_classes = 2;
    ser_model *m = NULL;
    assert_int_equal(ser_model_create_svm(&meta, sc, svm, &m, &err), SER_OK);
    ser_stream_config c = ser_stream_config_default();
    c.model = m;
    ser_status st;
    assert_null(ser_stream_create(&c, &st, &err));
    assert_int_equal(st, SER_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.message, "rms:mean+zcr:mean"));
    assert_non_null(strstr(err.message, "seed"));
    c.model = F.model;
    c.hop_s = 3.0; /* longer than the window */
    assert_null(ser_stream_create(&c, &st, &err));
    assert_int_equal(st, SER_ERR_ARG);
    ser_model_destroy(m);
    ser_svm_destroy(svm);
    ser_scaler_destroy(sc);
}

static void test_shared_plan(void **state)
{
    (void)state;
    unsigned char *b = to_s16(F.call, F.n_call);
    ser_stream *own = make(SR, SER_RAW_S16LE);
    log_t ref = run_bytes(own, b, 2 * F.n_call, 2 * F.n_call, 1);
    ser_stream_destroy(own);
    ser_status st;
    ser_error err = {0};
    ser_stream_plan *plan = ser_stream_plan_create(F.model, &st, &err);
    if (!plan)
        fail_msg("plan: %s", err.message);
    ser_stream_config c = ser_stream_config_default();
    c.model = F.model;
    c.plan = plan;
    c.call_id = "test-call";
    enum { K = 3 };
    ser_stream *s[K];
    log_t l[K];
    memset(l, 0, sizeof l);
    for (int k = 0; k < K; k++)
        assert_non_null(s[k] = ser_stream_create(&c, &st, &err));
    /* interleaved: stream k pushes chunks of 320 + 97 k bytes in turn */
    size_t at[K] = {0}, len = 2 * F.n_call;
    for (bool more = true; more;) {
        more = false;
        for (int k = 0; k < K; k++) {
            size_t m = 320 + 97 * (size_t)k;
            if (m > len - at[k])
                m = len - at[k];
            assert_int_equal(ser_stream_push(s[k], b + at[k], m, on_event, &l[k]), SER_OK);
            at[k] += m;
            more |= at[k] < len;
        }
    }
    for (int k = 0; k < K; k++) {
        assert_int_equal(ser_stream_flush(s[k], on_event, &l[k]), SER_OK);
        assert_string_equal(l[k].text, ref.text);
        free(l[k].text);
        ser_stream_destroy(s[k]);
    }
    /* a plan is for one model */
    ser_model *other = NULL;
    char buf[512];
    const char *path = tu_tmp_path(buf, sizeof buf, "stream_plan_other.model");
    assert_int_equal(ser_model_save(F.model, path, &err), SER_OK);
    assert_int_equal(ser_model_load(path, &other, &err), SER_OK);
    c.model = other;
    assert_null(ser_stream_create(&c, &st, &err));
    assert_int_equal(st, SER_ERR_ARG);
    assert_non_null(strstr(err.message, "plan"));
    remove(path);
    ser_model_destroy(other);
    ser_stream_plan_destroy(plan);
    free(ref.text);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunk_invariance),         cmocka_unit_test(test_chunk_invariance_resampled),
        cmocka_unit_test(test_alert_on_anger_only),      cmocka_unit_test(test_silence_and_steady_sounds),
        cmocka_unit_test(test_no_allocation),            cmocka_unit_test(test_unsupported_model),
        cmocka_unit_test(test_shared_plan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
