/* ser_frame_stream and ser_frame_window:
 *  - chunk-size invariance: pushing a signal in chunks of 1, random 1..7,
 *    random 1..5000 samples and as one chunk gives bit-identical rows;
 *  - equality with the whole-buffer frames: ser_seed with the streaming
 *    options (fixed tuning 0, no file-wide dB floor) for power-derived
 *    blocks, ser_rms / ser_zcr, ser_spectral_process on the seed's power
 *    frames; compared exactly (tolerance 0: same functions on the same
 *    frames);
 *  - the seed vector aggregated from the streamed rows equals
 *    ser_extractor_compute("seed", streaming) (rtol 1e-9; in fact exact);
 *  - short signals (1 .. 2n_fft samples) frame by frame, center=false,
 *    flush/reset/state errors, names and layout, config errors;
 *  - the sliding window: statistics over the last k rows equal
 *    ser_aggregate_row over the same frames of the whole-buffer matrix;
 *  - streams made from one ser_frame_plan (every block, two at once,
 *    interleaved) give the rows of a stream with its own tables, bit for
 *    bit (memcmp); flatness alone equals flatness among all blocks.
 * Real file: ../shared/vectors/inputs/speech_16000.wav at its native rate;
 * synthetic: tones, a chirp, noise bursts and exact silence. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "ser/audio.h"
#include "ser/dsp.h"
#include "ser/features.h"
#include "ser/frame_stream.h"
#include "ser/frame_window.h"
#include "ser/rng.h"

/* ---- helpers ---- */

typedef struct rows {
    float *m;
    size_t dim, n, cap;
} rows;

static void collect(void *user, size_t t, const float *row, size_t dim)
{
    rows *r = user;
    assert_int_equal(t, r->n); /* frame order, no gaps */
    assert_int_equal(dim, r->dim);
    assert_true(r->n < r->cap);
    memcpy(r->m + r->n * dim, row, dim * sizeof *row);
    r->n++;
}

static rows rows_new(size_t dim, size_t cap)
{
    rows r = {malloc(dim * cap * sizeof(float)), dim, 0, cap};
    assert_non_null(r.m);
    return r;
}

/* mode 0: one chunk; 1: chunks of 1; 2: random 1..7; 3: random 1..5000 */
static void stream_in_chunks(ser_frame_stream *fs, const float *x, size_t n, int mode, ser_rng *rng, rows *out)
{
    ser_frame_stream_reset(fs);
    out->n = 0;
    size_t pos = 0;
    while (pos < n) {
        size_t k = mode == 0   ? n
                   : mode == 1 ? 1
                   : mode == 2 ? 1 + (size_t)ser_rng_below(rng, 7)
                               : 1 + (size_t)ser_rng_below(rng, 5000);
        if (k > n - pos)
            k = n - pos;
        assert_int_equal(ser_frame_stream_push(fs, x + pos, k, collect, out), SER_OK);
        pos += k;
        /* a frame is out as soon as its last sample is in: n_fft/2 look-ahead */
        size_t expect = pos + 1024 >= 2048 ? (pos + 1024 - 2048) / 512 + 1 : 0;
        assert_int_equal(ser_frame_stream_frames(fs), expect);
    }
    assert_int_equal(ser_frame_stream_flush(fs, collect, out), SER_OK);
    assert_int_equal(out->n, ser_frame_stream_n_frames(fs, n));
}

static ser_frame_stream *make_stream(unsigned features, double sr)
{
    ser_frame_stream_config c = ser_frame_stream_config_default();
    c.features = features;
    c.sample_rate = sr;
    ser_status st;
    ser_frame_stream *fs = ser_frame_stream_create(&c, &st);
    assert_int_equal(st, SER_OK);
    assert_non_null(fs);
    return fs;
}

static ser_seed *make_streaming_seed(double sr)
{
    ser_seed_config sc = ser_seed_config_default();
    sc.sample_rate = sr;
    sc.estimate_tuning = false;
    sc.tuning = 0.0;
    sc.db.clip = SER_DB_CLIP_NONE;
    ser_seed *seed = ser_seed_create(&sc, NULL);
    assert_non_null(seed);
    return seed;
}

/* Column block `f` of the streamed rows equals the (T, w) matrix ref exactly. */
static void expect_block(const ser_frame_stream *fs, const rows *r, ser_frame_feature f, const float *ref,
                         size_t T, size_t w, const char *what)
{
    size_t count, off = ser_frame_stream_block(fs, f, &count);
    assert_int_equal(count, w);
    assert_int_equal(r->n, T);
    size_t bad = 0;
    double worst = 0;
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < w; j++) {
            float a = r->m[t * r->dim + off + j], b = ref[t * w + j];
            if (memcmp(&a, &b, sizeof a) != 0) {
                bad++;
                worst = fmax(worst, fabs((double)a - b));
            }
        }
    if (bad)
        fail_msg("%s: %zu of %zu values differ from the whole-buffer frames (max |diff| %g)", what, bad, T * w,
                 worst);
}

/* Every block against the whole-buffer computations. */
static void expect_whole_buffer_frames(const ser_frame_stream *fs, const rows *r, const float *x, size_t n,
                                       double sr)
{
    ser_seed *seed = make_streaming_seed(sr);
    double v[SER_SEED_DIM];
    assert_int_equal(ser_seed_compute(seed, x, n, v, NULL), SER_OK);
    size_t T, w;
    const float *m;
    m = ser_seed_frames(seed, SER_SEED_PART_MFCC, &T, &w);
    expect_block(fs, r, SER_FRAME_MFCC, m, T, w, "mfcc");
    m = ser_seed_frames(seed, SER_SEED_PART_CHROMA, &T, &w);
    expect_block(fs, r, SER_FRAME_CHROMA, m, T, w, "chroma");
    m = ser_seed_frames(seed, SER_SEED_PART_MEL, &T, &w);
    expect_block(fs, r, SER_FRAME_MEL, m, T, w, "mel");
    m = ser_seed_frames(seed, SER_SEED_PART_MEL_DB, &T, &w);
    expect_block(fs, r, SER_FRAME_MEL_DB, m, T, w, "mel_db");
    m = ser_seed_frames(seed, SER_SEED_PART_CONTRAST, &T, &w);
    expect_block(fs, r, SER_FRAME_CONTRAST, m, T, w, "contrast");

    float *one = malloc(T * sizeof *one), scratch[2048];
    ser_rms_config rc = ser_rms_config_default();
    assert_int_equal(ser_rms(&rc, x, n, scratch, one, T), SER_OK);
    expect_block(fs, r, SER_FRAME_RMS, one, T, 1, "rms");
    ser_zcr_config zc = ser_zcr_config_default();
    assert_int_equal(ser_zcr(&zc, x, n, scratch, one, T), SER_OK);
    expect_block(fs, r, SER_FRAME_ZCR, one, T, 1, "zcr");

    size_t nb;
    const float *power = ser_seed_frames(seed, SER_SEED_PART_POWER, NULL, &nb);
    assert_non_null(power);
    ser_spectral_config pc = ser_spectral_config_default();
    pc.sample_rate = sr;
    ser_spectral *sp = ser_spectral_create(&pc, NULL);
    float *mag = malloc(nb * sizeof *mag), *spec = malloc(4 * T * sizeof *spec);
    for (size_t t = 0; t < T; t++) {
        ser_spectral_frame f;
        ser_power_to_magnitude(power + t * nb, mag, nb);
        ser_spectral_process(sp, mag, &f);
        spec[0 * T + t] = (float)f.centroid;
        spec[1 * T + t] = (float)f.bandwidth;
        spec[2 * T + t] = (float)f.rolloff;
        spec[3 * T + t] = (float)f.flatness;
    }
    expect_block(fs, r, SER_FRAME_CENTROID, spec, T, 1, "centroid");
    expect_block(fs, r, SER_FRAME_BANDWIDTH, spec + T, T, 1, "bandwidth");
    expect_block(fs, r, SER_FRAME_ROLLOFF, spec + 2 * T, T, 1, "rolloff");
    expect_block(fs, r, SER_FRAME_FLATNESS, spec + 3 * T, T, 1, "flatness");
    free(one);
    free(mag);
    free(spec);
    ser_spectral_destroy(sp);
    ser_seed_destroy(seed);
}

/* The seed set in streaming mode vs the vector aggregated from the rows. */
static void expect_seed_vector(const ser_frame_stream *fs, const rows *r, const float *x, size_t n, int sr)
{
    ser_status st;
    ser_error err;
    ser_feature_set_config *c = ser_feature_set_parse("seed", &st, &err);
    assert_non_null(c);
    ser_feature_set_set_streaming(c, true);
    ser_extractor *ex = ser_extractor_create(c, sr, &st, &err);
    assert_non_null(ex);
    double ref[SER_SEED_DIM], got[SER_SEED_DIM];
    assert_int_equal(ser_extractor_compute(ex, x, n, ref, &err), SER_OK);
    ser_frame_window *w = ser_frame_window_create(r->dim, r->n, &st);
    assert_non_null(w);
    for (size_t t = 0; t < r->n; t++)
        ser_frame_window_push(w, r->m + t * r->dim);
    assert_int_equal(ser_frame_window_seed_vector(w, fs, 0, got), SER_OK);
    for (size_t i = 0; i < SER_SEED_DIM; i++)
        if (!tu_close(got[i], ref[i], 0.0, 1e-9))
            fail_msg("seed %s: streamed %.17g, extractor %.17g", ser_extractor_name(ex, i), got[i], ref[i]);
    assert_memory_equal(got, ref, sizeof ref); /* in fact the same bits */
    ser_frame_window_destroy(w);
    ser_extractor_destroy(ex);
    ser_feature_set_config_destroy(c);
}

static void check_signal(const float *x, size_t n, int sr, bool ones)
{
    ser_frame_stream *fs = make_stream(SER_FRAME_ALL, sr);
    size_t T = ser_frame_stream_n_frames(fs, n), dim = ser_frame_stream_row_dim(fs);
    assert_int_equal(T, 1 + n / 512);
    rows whole = rows_new(dim, T), part = rows_new(dim, T + 1);
    ser_rng rng;
    ser_rng_seed(&rng, 7);
    stream_in_chunks(fs, x, n, 0, &rng, &whole);
    for (int mode = ones ? 1 : 2; mode <= 3; mode++) {
        stream_in_chunks(fs, x, n, mode, &rng, &part);
        assert_int_equal(part.n, T);
        assert_memory_equal(part.m, whole.m, T * dim * sizeof(float));
    }
    /* the whole-buffer convenience is the same */
    float *m = malloc(T * dim * sizeof *m);
    assert_int_equal(ser_frame_stream_compute(fs, x, n, m, T), SER_OK);
    assert_memory_equal(m, whole.m, T * dim * sizeof(float));
    expect_whole_buffer_frames(fs, &whole, x, n, sr);
    expect_seed_vector(fs, &whole, x, n, sr);
    free(m);
    free(whole.m);
    free(part.m);
    ser_frame_stream_destroy(fs);
}

static float *synthetic(size_t n, double sr)
{
    float *x = malloc(n * sizeof *x);
    ser_rng rng;
    ser_rng_seed(&rng, 3);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / sr;
        double v = 0.3 * sin(2 * M_PI * 220 * t) + 0.1 * sin(2 * M_PI * (300 + 2000 * t) * t);
        if ((i / 4000) % 3 == 1)
            v += 0.2 * ser_rng_normal(&rng); /* noise bursts */
        if (i >= n / 2 && i < n / 2 + 3000)
            v = 0.0; /* exact silence */
        x[i] = (float)v;
    }
    return x;
}

/* ---- tests ---- */

static void test_synthetic_chunks_and_whole_buffer(void **state)
{
    (void)state;
    size_t n = 27345; /* not a multiple of the hop */
    float *x = synthetic(n, 16000.0);
    check_signal(x, n, 16000, true);
    free(x);
}

static void test_real_file(void **state)
{
    (void)state;
    char path[1024];
    ser_load_config lc = ser_load_config_default();
    lc.sample_rate = 0; /* native */
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(tu_shared_path(path, sizeof path, "vectors/inputs/speech_16000.wav"), &lc, &a,
                                    &err),
                     SER_OK);
    assert_int_equal(a.sample_rate, 16000);
    check_signal(a.samples, a.n_samples, a.sample_rate, true);

    /* per-row cost of the default (seed + rms + zcr) rows, pushed in 20 ms chunks */
    ser_frame_stream *fs = make_stream(ser_frame_stream_config_default().features, 16000);
    struct timespec t0, t1;
    size_t frames = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int rep = 0; rep < 3; rep++) {
        ser_frame_stream_reset(fs);
        for (size_t pos = 0; pos < a.n_samples; pos += 320) {
            size_t k = a.n_samples - pos < 320 ? a.n_samples - pos : 320;
            assert_int_equal(ser_frame_stream_push(fs, a.samples + pos, k, NULL, NULL), SER_OK);
        }
        assert_int_equal(ser_frame_stream_flush(fs, NULL, NULL), SER_OK);
        frames += ser_frame_stream_frames(fs);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    print_message("frame stream: %zu rows of %zu values, %.1f us per row, RTF %.5f (%.2f s of audio)\n", frames,
                  ser_frame_stream_row_dim(fs), 1e6 * s / (double)frames,
                  s / (3.0 * (double)a.n_samples / 16000.0), (double)a.n_samples / 16000.0);
    ser_frame_stream_destroy(fs);
    ser_audio_free(&a);
}

/* Short signals around the frame boundaries, 1-sample pushes. */
static void test_short_signals(void **state)
{
    (void)state;
    static const size_t lens[] = {1, 2, 100, 511, 512, 513, 1023, 1024, 1025, 1536, 2047, 2048, 2049, 4097};
    float *x = synthetic(4097, 16000.0);
    for (size_t i = 0; i < 4097; i++)
        x[i] -= 0.45f; /* negative: zero padding would add crossings that edge padding does not */
    ser_frame_stream *fs = make_stream(SER_FRAME_ALL, 16000);
    size_t dim = ser_frame_stream_row_dim(fs);
    ser_rng rng;
    ser_rng_seed(&rng, 1);
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        size_t n = lens[i], T = ser_frame_stream_n_frames(fs, n);
        rows r = rows_new(dim, T + 1);
        stream_in_chunks(fs, x, n, 1, &rng, &r);
        expect_whole_buffer_frames(fs, &r, x, n, 16000.0);
        free(r.m);
    }
    free(x);
    ser_frame_stream_destroy(fs);
}

/* center=false: frames [t hop, t hop + n_fft), nothing left for flush. */
static void test_uncentred(void **state)
{
    (void)state;
    size_t n = 9000;
    float *x = synthetic(n, 16000.0);
    ser_frame_stream_config c = ser_frame_stream_config_default();
    c.features = SER_FRAME_MEL;
    c.stft.center = false;
    ser_frame_stream *fs = ser_frame_stream_create(&c, NULL);
    assert_non_null(fs);
    size_t T = ser_frame_stream_n_frames(fs, n);
    assert_int_equal(T, 1 + (n - 2048) / 512);
    rows r = rows_new(128, T + 1);
    ser_frame_stream_reset(fs);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ser_frame_stream_push(fs, x + i, 1, collect, &r), SER_OK);
    assert_int_equal(r.n, T);
    assert_int_equal(ser_frame_stream_flush(fs, collect, &r), SER_OK);
    assert_int_equal(r.n, T);
    ser_stft_config sc = ser_stft_config_default();
    sc.center = false;
    ser_stft *st = ser_stft_create(&sc, NULL);
    ser_mel_config mc = ser_mel_config_default();
    ser_mel *mel = ser_mel_create(&mc, NULL);
    float *P = malloc(T * 1025 * sizeof *P), *M = malloc(T * 128 * sizeof *M);
    assert_int_equal(ser_stft_power(st, x, n, P, T), SER_OK);
    for (size_t t = 0; t < T; t++)
        ser_mel_process(mel, P + t * 1025, M + t * 128);
    assert_memory_equal(r.m, M, T * 128 * sizeof *M);
    free(P);
    free(M);
    free(r.m);
    free(x);
    ser_mel_destroy(mel);
    ser_stft_destroy(st);
    ser_frame_stream_destroy(fs);
}

static void test_state_and_errors(void **state)
{
    (void)state;
    ser_frame_stream *fs = make_stream(SER_FRAME_SEED, 16000);
    float x[3000];
    for (size_t i = 0; i < 3000; i++)
        x[i] = (float)sin(0.01 * (double)i);
    rows r = rows_new(ser_frame_stream_row_dim(fs), 16);
    /* nothing pushed: flush emits nothing */
    assert_int_equal(ser_frame_stream_flush(fs, collect, &r), SER_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(ser_frame_stream_push(fs, x, 10, collect, &r), SER_ERR_STATE);
    ser_frame_stream_reset(fs);
    /* a NaN rejects the whole chunk */
    x[5] = NAN;
    assert_int_equal(ser_frame_stream_push(fs, x, 3000, collect, &r), SER_ERR_NONFINITE);
    assert_int_equal(ser_frame_stream_samples(fs), 0);
    x[5] = (float)sin(0.05);
    assert_int_equal(ser_frame_stream_push(fs, x, 0, collect, &r), SER_OK);
    assert_int_equal(ser_frame_stream_push(NULL, x, 1, collect, &r), SER_ERR_ARG);
    assert_int_equal(ser_frame_stream_push(fs, NULL, 1, collect, &r), SER_ERR_ARG);
    assert_int_equal(ser_frame_stream_push(fs, x, 3000, collect, &r), SER_OK);
    assert_int_equal(r.n, 4); /* frames 0..3 end at samples 1023, 1535, 2047, 2559 */
    assert_int_equal(ser_frame_stream_flush(fs, collect, &r), SER_OK);
    assert_int_equal(r.n, 1 + 3000 / 512);
    assert_int_equal(ser_frame_stream_flush(fs, collect, &r), SER_OK); /* twice: nothing more */
    assert_int_equal(r.n, 1 + 3000 / 512);
    /* reset: the same rows again */
    rows r2 = rows_new(r.dim, 16);
    ser_frame_stream_reset(fs);
    assert_int_equal(ser_frame_stream_push(fs, x, 3000, collect, &r2), SER_OK);
    assert_int_equal(ser_frame_stream_flush(fs, collect, &r2), SER_OK);
    assert_int_equal(r2.n, r.n);
    assert_memory_equal(r.m, r2.m, r.n * r.dim * sizeof(float));
    float m[8 * 160];
    assert_int_equal(ser_frame_stream_compute(fs, x, 0, m, 1), SER_ERR_EMPTY);
    assert_int_equal(ser_frame_stream_compute(fs, x, 3000, m, 5), SER_ERR_ARG);
    free(r.m);
    free(r2.m);
    ser_frame_stream_destroy(fs);

    /* configurations */
    ser_status st;
    ser_frame_stream_config c = ser_frame_stream_config_default();
    c.db.clip = SER_DB_CLIP_MAX; /* file-wide: not causal */
    assert_null(ser_frame_stream_create(&c, &st));
    assert_int_equal(st, SER_ERR_ARG);
    c = ser_frame_stream_config_default();
    c.stft.pad_mode = SER_PAD_REFLECT;
    assert_null(ser_frame_stream_create(&c, &st));
    assert_int_equal(st, SER_ERR_UNSUPPORTED);
    c = ser_frame_stream_config_default();
    c.n_mfcc = 200;
    assert_null(ser_frame_stream_create(&c, &st));
    assert_int_equal(st, SER_ERR_ARG);
    c = ser_frame_stream_config_default();
    c.features = 0;
    assert_null(ser_frame_stream_create(&c, &st));
    assert_int_equal(st, SER_ERR_ARG);
    c = ser_frame_stream_config_default();
    c.tuning = 0.7;
    assert_null(ser_frame_stream_create(&c, &st));
    assert_int_equal(st, SER_ERR_ARG);
    /* a fixed floor is causal: accepted */
    c = ser_frame_stream_config_default();
    c.db.clip = SER_DB_CLIP_FIXED;
    fs = ser_frame_stream_create(&c, &st);
    assert_non_null(fs);
    ser_frame_stream_destroy(fs);
}

static void test_names_and_layout(void **state)
{
    (void)state;
    ser_frame_stream *fs = make_stream(SER_FRAME_ALL, 16000);
    const char *const *names = ser_frame_stream_row_names(fs);
    size_t dim = ser_frame_stream_row_dim(fs), count;
    assert_int_equal(dim, 13 + 12 + 128 + 7 + 128 + 1 + 1 + 4);
    assert_string_equal(names[0], "mfcc1");
    assert_string_equal(names[12], "mfcc13");
    assert_string_equal(names[13], "chroma1");
    assert_string_equal(names[25], "mel1");
    assert_string_equal(names[152], "mel128");
    assert_string_equal(names[153], "contrast1");
    assert_string_equal(names[160], "mel_db1");
    assert_string_equal(names[288], "rms");
    assert_string_equal(names[289], "zcr");
    assert_string_equal(names[dim - 1], "flatness");
    assert_int_equal(ser_frame_stream_block(fs, SER_FRAME_CONTRAST, &count), 153);
    assert_int_equal(count, 7);
    assert_true(fabs(ser_frame_stream_frame_rate(fs) - 31.25) < 1e-12);
    ser_frame_stream_destroy(fs);
    fs = make_stream(SER_FRAME_RMS | SER_FRAME_CHROMA, 16000);
    assert_int_equal(ser_frame_stream_row_dim(fs), 13);
    assert_string_equal(ser_frame_stream_row_names(fs)[12], "rms");
    assert_int_equal(ser_frame_stream_block(fs, SER_FRAME_MFCC, &count), (size_t)-1);
    assert_int_equal(count, 0);
    ser_frame_stream_destroy(fs);
}

/* A 2 s window (63 frames at 16 kHz / 512) queried every 0.5 s (16 frames)
 * while streaming: statistics equal ser_aggregate_row over the same frames
 * of the whole-buffer matrix, bit for bit. */
static void test_sliding_window(void **state)
{
    (void)state;
    size_t n = 16000 * 5 + 77;
    float *x = synthetic(n, 16000.0);
    ser_frame_stream *fs = make_stream(SER_FRAME_SEED | SER_FRAME_RMS, 16000);
    size_t dim = ser_frame_stream_row_dim(fs), T = ser_frame_stream_n_frames(fs, n);
    float *whole = malloc(T * dim * sizeof *whole);
    assert_int_equal(ser_frame_stream_compute(fs, x, n, whole, T), SER_OK);
    const size_t W = 63, hop_frames = 16;
    ser_frame_window *w = ser_frame_window_create(dim, W, NULL);
    assert_non_null(w);
    static const ser_stat stats[] = {{SER_STAT_MEAN, 0}, {SER_STAT_VAR, 0},   {SER_STAT_STD, 0},
                                     {SER_STAT_MIN, 0},  {SER_STAT_MAX, 0},   {SER_STAT_PERCENTILE, 50},
                                     {SER_STAT_SLOPE, 0}};
    const size_t ns = sizeof stats / sizeof stats[0];
    double *got = malloc(dim * ns * sizeof *got), *mean = malloc(dim * sizeof *mean), *var = malloc(dim * sizeof *var),
           ref[7], scratch[64], seedv[SER_SEED_DIM];
    ser_rng rng;
    ser_rng_seed(&rng, 5);
    ser_frame_stream_reset(fs);
    size_t pos = 0, checked = 0, next_query = hop_frames;
    while (pos < n) {
        size_t k = 1 + (size_t)ser_rng_below(&rng, 900);
        if (k > n - pos)
            k = n - pos;
        assert_int_equal(ser_frame_stream_push(fs, x + pos, k, ser_frame_window_sink, w), SER_OK);
        pos += k;
        while (ser_frame_window_total(w) >= next_query) {
            /* the window holds frames [total - count, total); query the last min(W, ...) */
            size_t total = ser_frame_window_total(w), held = ser_frame_window_count(w);
            assert_int_equal(held, total < W ? total : W);
            size_t first = total - held;
            assert_int_equal(ser_frame_window_stats(w, 0, stats, ns, 31.25, got), SER_OK);
            assert_int_equal(ser_frame_window_mean_var(w, 0, mean, var), SER_OK);
            for (size_t c = 0; c < dim; c++) {
                assert_int_equal(ser_aggregate_row(whole + first * dim + c, held, dim, 31.25, stats, ns, scratch, ref),
                                 SER_OK);
                assert_memory_equal(got + c * ns, ref, ns * sizeof(double));
                assert_memory_equal(&mean[c], &ref[0], sizeof(double));
                assert_memory_equal(&var[c], &ref[1], sizeof(double));
            }
            /* the seed vector of the window: the seed blocks' mean / var */
            assert_int_equal(ser_frame_window_seed_vector(w, fs, 0, seedv), SER_OK);
            size_t off, cnt;
            off = ser_frame_stream_block(fs, SER_FRAME_MEL, &cnt);
            assert_memory_equal(&seedv[SER_SEED_MEL_MEAN], &mean[off], 128 * sizeof(double));
            assert_memory_equal(&seedv[SER_SEED_MEL_VAR], &var[off], 128 * sizeof(double));
            off = ser_frame_stream_block(fs, SER_FRAME_CONTRAST, &cnt);
            assert_memory_equal(&seedv[SER_SEED_CONTRAST_VAR], &var[off], 7 * sizeof(double));
            /* a shorter span: the last 10 rows */
            assert_int_equal(ser_frame_window_mean_var(w, 10, mean, var), SER_OK);
            assert_int_equal(ser_aggregate_row(whole + (total - 10) * dim + 3, 10, dim, 1.0, stats, 2, NULL, ref),
                             SER_OK);
            assert_memory_equal(&mean[3], &ref[0], sizeof(double));
            assert_memory_equal(&var[3], &ref[1], sizeof(double));
            checked++;
            next_query += hop_frames;
        }
    }
    assert_true(checked >= 9);
    assert_int_equal(ser_frame_window_mean_var(w, W + 1, mean, var), SER_ERR_ARG);
    ser_frame_window_reset(w);
    assert_int_equal(ser_frame_window_mean_var(w, 0, mean, var), SER_ERR_EMPTY);
    assert_null(ser_frame_window_create(0, 4, NULL));
    ser_frame_window *w2 = ser_frame_window_create(5, 4, NULL);
    assert_int_equal(ser_frame_window_seed_vector(w2, fs, 0, seedv), SER_ERR_ARG); /* wrong row width */
    ser_frame_window_destroy(w2);
    free(got);
    free(mean);
    free(var);
    free(whole);
    free(x);
    ser_frame_window_destroy(w);
    ser_frame_stream_destroy(fs);
}

static void test_shared_plan(void **state)
{
    (void)state;
    size_t n = 20011;
    float *x = synthetic(n, 16000.0);
    ser_frame_stream_config c = ser_frame_stream_config_default();
    c.features = SER_FRAME_ALL;
    ser_status st;
    ser_frame_stream *own = ser_frame_stream_create(&c, &st);
    ser_frame_plan *plan = ser_frame_plan_create(&c, &st);
    assert_non_null(own);
    assert_non_null(plan);
    assert_int_equal(ser_frame_plan_config(plan)->features, SER_FRAME_ALL);
    ser_frame_stream *a = ser_frame_stream_create_planned(plan, &st);
    ser_frame_stream *b = ser_frame_stream_create_planned(plan, &st);
    assert_non_null(a);
    assert_non_null(b);
    size_t dim = ser_frame_stream_row_dim(own), T = ser_frame_stream_n_frames(own, n);
    assert_int_equal(ser_frame_stream_row_dim(a), dim);
    rows ref = rows_new(dim, T), ra = rows_new(dim, T), rb = rows_new(dim, T);
    ser_rng rng;
    ser_rng_seed(&rng, 3);
    stream_in_chunks(own, x, n, 3, &rng, &ref);
    for (size_t at = 0; at < n; at += 333) { /* a and b in turn: the shared tables are only read */
        size_t k = n - at < 333 ? n - at : 333;
        assert_int_equal(ser_frame_stream_push(a, x + at, k, collect, &ra), SER_OK);
        assert_int_equal(ser_frame_stream_push(b, x + at, k, collect, &rb), SER_OK);
    }
    assert_int_equal(ser_frame_stream_flush(a, collect, &ra), SER_OK);
    assert_int_equal(ser_frame_stream_flush(b, collect, &rb), SER_OK);
    assert_int_equal(ra.n, T);
    assert_int_equal(rb.n, T);
    assert_memory_equal(ra.m, ref.m, T * dim * sizeof(float));
    assert_memory_equal(rb.m, ref.m, T * dim * sizeof(float));
    /* flatness alone (the live gate's row) takes a shorter path: same bits as with every spectral block */
    ser_frame_stream *fl = make_stream(SER_FRAME_FLATNESS | SER_FRAME_RMS, 16000.0);
    rows rf = rows_new(2, T);
    stream_in_chunks(fl, x, n, 0, &rng, &rf);
    size_t cnt, col = ser_frame_stream_block(own, SER_FRAME_FLATNESS, &cnt),
                fcol = ser_frame_stream_block(fl, SER_FRAME_FLATNESS, &cnt);
    for (size_t t = 0; t < T; t++)
        assert_memory_equal(&rf.m[t * 2 + fcol], &ref.m[t * dim + col], sizeof(float));
    ser_frame_stream_destroy(fl);
    free(rf.m);
    assert_null(ser_frame_stream_create_planned(NULL, &st));
    assert_int_equal(st, SER_ERR_ARG);
    ser_frame_stream_destroy(a);
    ser_frame_stream_destroy(b);
    ser_frame_plan_destroy(plan);
    ser_frame_stream_destroy(own);
    free(ref.m);
    free(ra.m);
    free(rb.m);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synthetic_chunks_and_whole_buffer),
        cmocka_unit_test(test_real_file),
        cmocka_unit_test(test_short_signals),
        cmocka_unit_test(test_uncentred),
        cmocka_unit_test(test_state_and_errors),
        cmocka_unit_test(test_names_and_layout),
        cmocka_unit_test(test_sliding_window),
        cmocka_unit_test(test_shared_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
