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
 *    a plan made for another model is refused;
 *  - a CNN model (logmel128x63, small random network with its band
 *    normalisation and batch-norm statistics fitted on images of the
 *    training files): the first emotion event's probabilities equal the
 *    network on the reference image, built offline by ser_seed (mel dB
 *    without floor) over the whole call, the window's frames, the top_db
 *    floor at the window's maximum, ser_cnn_fit_length (tolerance 1e-6);
 *    whole-buffer, random-chunk and shared-plan streams give the same
 *    events. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "ser/audio.h"
#include "ser/cnn.h"
#include "ser/seed.h"
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

typedef struct first_emotion {
    bool seen;
    double t_end, p[2];
} first_emotion;

static void on_first_emotion(void *user, const ser_stream_event *ev)
{
    first_emotion *f = user;
    if (f->seen || ev->type != SER_STREAM_EMOTION)
        return;
    f->seen = true;
    f->t_end = ev->t_end;
    f->p[0] = ev->probabilities[0];
    f->p[1] = ev->probabilities[1];
}

/* Offline mel dB frames (frames x 128, no floor) of x[0..n). */
static float *mel_db_frames(const float *x, size_t n, size_t *T)
{
    ser_seed_config sc = ser_seed_config_default();
    sc.sample_rate = SR;
    sc.estimate_tuning = false;
    sc.db.clip = SER_DB_CLIP_NONE;
    ser_status st;
    ser_seed *seed = ser_seed_create(&sc, &st);
    ser_error err;
    double v[SER_SEED_DIM];
    assert_non_null(seed);
    assert_int_equal(ser_seed_compute(seed, x, n, v, &err), SER_OK);
    size_t rows;
    const float *f = ser_seed_frames(seed, SER_SEED_PART_MEL_DB, T, &rows);
    assert_int_equal(rows, 128);
    float *out = malloc(*T * 128 * sizeof *out);
    memcpy(out, f, *T * 128 * sizeof *out);
    ser_seed_destroy(seed);
    return out;
}

/* The window's image: frames [first, first + k) floored at max - 80 dB. */
static void window_image(const float *frames, size_t first, size_t k, size_t width, float *image)
{
    float *w = malloc(k * 128 * sizeof *w), top = -INFINITY;
    memcpy(w, frames + first * 128, k * 128 * sizeof *w);
    for (size_t i = 0; i < k * 128; i++)
        top = w[i] > top ? w[i] : top;
    for (size_t i = 0; i < k * 128; i++)
        w[i] = w[i] < top - 80.0f ? top - 80.0f : w[i];
    ser_error err;
    assert_int_equal(ser_cnn_fit_length(w, k, 128, width, image, &err), SER_OK);
    free(w);
}

static void test_cnn_model(void **state)
{
    (void)state;
    enum { W = 63, NI = 8 };
    size_t T;
    float *frames = mel_db_frames(F.call, F.n_call, &T);
    /* a small network; normalisation and BN statistics from 8 windows of the call */
    ser_cnn_config cc;
    ser_cnn_config_default(&cc);
    cc.n_mels = 128;
    cc.n_frames = W;
    cc.n_classes = 2;
    cc.n_blocks = 2;
    cc.filters[0] = 4;
    cc.filters[1] = 8;
    cc.max_batch = NI;
    cc.seed = 7;
    ser_status st;
    ser_error err;
    ser_cnn *net = ser_cnn_create(&cc, &st, &err);
    assert_non_null(net);
    float *images = malloc(NI * 128 * W * sizeof *images);
    for (size_t i = 0; i < NI; i++)
        window_image(frames, i * (T - W) / NI, W, W, images + i * 128 * W);
    assert_int_equal(ser_cnn_fit_normalisation(net, images, NI, &err), SER_OK);
    assert_int_equal(ser_cnn_recompute_bn(net, images, NI, &err), SER_OK);
    static const char *const labels[2] = {"neutral", "angry"};
    ser_model_meta meta;
    ser_model_meta_default(&meta);
    meta.feature_set = "logmel128x63";
    meta.sample_rate = SR;
    meta.label_names = labels;
    meta.n_classes = 2;
    ser_model *m = NULL;
    assert_int_equal(ser_model_create_cnn(&meta, net, &m, &err), SER_OK);

    ser_stream_config c = ser_stream_config_default();
    c.model = m;
    ser_stream *s = ser_stream_create(&c, &st, &err);
    if (!s)
        fail_msg("create: %s", err.message);
    /* the first emotion event against the offline image of its window */
    first_emotion fe = {0};
    assert_int_equal(ser_stream_push_float(s, F.call, F.n_call, on_first_emotion, &fe), SER_OK);
    assert_int_equal(ser_stream_flush(s, on_first_emotion, &fe), SER_OK);
    assert_true(fe.seen);
    size_t last = ((size_t)llround(fe.t_end * SR) - 1024) / 512, first = last + 1 - W;
    float *image = malloc(128 * W * sizeof *image);
    window_image(frames, first, W, W, image);
    ser_model_ctx *ctx;
    assert_int_equal(ser_model_ctx_create(m, &ctx), SER_OK);
    double p[2];
    assert_int_equal(ser_model_predict(m, ctx, image, 128 * W, p, 2, NULL), SER_OK);
    printf("# CNN: first emotion event at %.3f s: p = (%.6f, %.6f), offline (%.6f, %.6f)\n", fe.t_end, fe.p[0],
           fe.p[1], p[0], p[1]);
    assert_true(tu_close(fe.p[0], p[0], 1e-6, 0));
    assert_true(tu_close(fe.p[1], p[1], 1e-6, 0));
    /* chunking and a shared plan */
    unsigned char *b = to_s16(F.call, F.n_call);
    assert_int_equal(ser_stream_reset(s), SER_OK);
    log_t whole = run_bytes(s, b, 2 * F.n_call, 2 * F.n_call, 1);
    assert_true(whole.emotions >= 20);
    assert_int_equal(ser_stream_reset(s), SER_OK);
    log_t l = run_bytes(s, b, 2 * F.n_call, 1001, 4);
    assert_string_equal(l.text, whole.text);
    ser_stream_plan *plan = ser_stream_plan_create(m, &st, &err);
    assert_non_null(plan);
    c.plan = plan;
    ser_stream *sp = ser_stream_create(&c, &st, &err);
    assert_non_null(sp);
    log_t lp = run_bytes(sp, b, 2 * F.n_call, 333, 5);
    assert_string_equal(lp.text, whole.text);
    free(lp.text);
    free(l.text);
    free(whole.text);
    free(b);
    ser_stream_destroy(sp);
    ser_stream_plan_destroy(plan);
    ser_model_ctx_destroy(ctx);
    ser_stream_destroy(s);
    ser_model_destroy(m);
    ser_cnn_destroy(net);
    free(image);
    free(images);
    free(frames);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunk_invariance),         cmocka_unit_test(test_chunk_invariance_resampled),
        cmocka_unit_test(test_alert_on_anger_only),      cmocka_unit_test(test_silence_and_steady_sounds),
        cmocka_unit_test(test_no_allocation),            cmocka_unit_test(test_unsupported_model),
        cmocka_unit_test(test_shared_plan),              cmocka_unit_test(test_cnn_model),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
