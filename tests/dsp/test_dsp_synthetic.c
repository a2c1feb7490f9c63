/* DSP pieces on synthetic signals with answers known in closed form, the
 * low-rate spectral contrast choice, and configuration errors. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ser/chroma.h"
#include "ser/contrast.h"
#include "ser/db.h"
#include "ser/dct.h"
#include "ser/mel.h"
#include "ser/mfcc.h"
#include "ser/rms.h"
#include "ser/rng.h"
#include "ser/spectral.h"
#include "ser/stft.h"
#include "ser/tuning.h"
#include "ser/zcr.h"

#define N_FFT 2048
#define N_BINS 1025

/* Flatness: an impulse at the window centre has |X[k]| = 1 for every k
 * (flatness 1); a cosine on bin k0 under the periodic Hann window has
 * |X| = N/4 at k0, N/8 at k0 +- 1 and 0 elsewhere (floored at amin); white
 * Gaussian noise has exponentially distributed power, whose geometric /
 * arithmetic mean ratio is exp(-Euler gamma) = 0.5615. */
static void test_flatness_closed_form(void **state)
{
    (void)state;
    ser_stft_config sc = ser_stft_config_default();
    ser_stft *st = ser_stft_create(&sc, NULL);
    ser_spectral_config pc = ser_spectral_config_default();
    ser_spectral *sp = ser_spectral_create(&pc, NULL);
    assert_non_null(st);
    assert_non_null(sp);
    float frame[N_FFT] = {0}, P[N_BINS], M[N_BINS];
    ser_spectral_frame out;
    frame[N_FFT / 2] = 1.0f;
    ser_stft_frame_power(st, frame, P);
    ser_power_to_magnitude(P, M, N_BINS);
    ser_spectral_process(sp, M, &out);
    assert_true(fabs(out.flatness - 1.0) < 1e-6);

    const size_t k0 = 100;
    for (size_t i = 0; i < N_FFT; i++)
        frame[i] = (float)cos(2 * M_PI * (double)(k0 * i) / N_FFT);
    ser_stft_frame_power(st, frame, P);
    ser_power_to_magnitude(P, M, N_BINS);
    ser_spectral_process(sp, M, &out);
    double a = (N_FFT / 4.0) * (N_FFT / 4.0), b = (N_FFT / 8.0) * (N_FFT / 8.0), amin = 1e-10;
    double expect = exp((log(a) + 2 * log(b) + (N_BINS - 3) * log(amin)) / N_BINS) / ((a + 2 * b + (N_BINS - 3) * amin) / N_BINS);
    printf("flatness of a bin-centred cosine %.6g, closed form %.6g\n", out.flatness, expect);
    assert_true(tu_close(out.flatness, expect, 0, 1e-3));
    /* centroid: symmetric around k0 (up to the float frame's leakage);
     * rolloff: sum|X| is N/8 + N/4 + N/8 and 85% of it is first reached
     * at k0 + 1 (75% at k0) */
    double fk0 = ser_fft_frequency(k0, 16000, N_FFT);
    printf("centroid %.9g Hz, bin %.9g Hz\n", out.centroid, fk0);
    assert_true(fabs(out.centroid - fk0) < 5e-3);
    assert_true(out.rolloff == ser_fft_frequency(k0 + 1, 16000, N_FFT));

    ser_rng rng;
    ser_rng_seed(&rng, 5);
    double mean_flat = 0;
    for (int f = 0; f < 50; f++) {
        for (size_t i = 0; i < N_FFT; i++)
            frame[i] = (float)(0.1 * ser_rng_normal(&rng));
        ser_stft_frame_power(st, frame, P);
        ser_power_to_magnitude(P, M, N_BINS);
        ser_spectral_process(sp, M, &out);
        mean_flat += out.flatness / 50;
    }
    printf("flatness of white noise %.4f, theory exp(-gamma) = 0.5615\n", mean_flat);
    assert_true(fabs(mean_flat - 0.5615) < 0.02);
    ser_spectral_destroy(sp);
    ser_stft_destroy(st);
}

/* 8 kHz: librosa refuses spectral contrast; we compute the 6 bands below
 * Nyquist exactly as librosa does with n_bands = 5 and give row 6 = 0. */
static void test_contrast_8k(void **state)
{
    (void)state;
    const double sr = 8000;
    ser_contrast_config kc = ser_contrast_config_default();
    kc.sample_rate = sr;
    ser_contrast *c6 = ser_contrast_create(&kc, NULL);
    kc.n_bands = 5;
    ser_contrast *c5 = ser_contrast_create(&kc, NULL);
    assert_non_null(c6);
    assert_non_null(c5);
    assert_int_equal(ser_contrast_n_rows(c6), 7);
    assert_int_equal(ser_contrast_n_rows_used(c6), 6);
    assert_int_equal(ser_contrast_n_rows_used(c5), 6);
    ser_stft_config sc = ser_stft_config_default();
    ser_stft *st = ser_stft_create(&sc, NULL);
    const size_t n = 8000;
    float *x = malloc(n * sizeof *x);
    ser_rng rng;
    ser_rng_seed(&rng, 9);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.5 * sin(2 * M_PI * 300 * (double)i / sr) + 0.05 * ser_rng_normal(&rng));
    size_t T = ser_stft_n_frames(st, n);
    float *P = malloc(T * N_BINS * sizeof *P);
    assert_int_equal(ser_stft_power(st, x, n, P, T), SER_OK);
    ser_power_to_magnitude(P, P, T * N_BINS);
    double *pk6 = malloc(T * 7 * sizeof *pk6), *vl6 = malloc(T * 7 * sizeof *vl6);
    double *pk5 = malloc(T * 6 * sizeof *pk5), *vl5 = malloc(T * 6 * sizeof *vl5);
    float *o6 = malloc(T * 7 * sizeof *o6), *o5 = malloc(T * 6 * sizeof *o5);
    for (size_t t = 0; t < T; t++) {
        ser_contrast_frame(c6, P + t * N_BINS, pk6 + t * 7, vl6 + t * 7);
        ser_contrast_frame(c5, P + t * N_BINS, pk5 + t * 6, vl5 + t * 6);
    }
    ser_db_config db = ser_db_config_default();
    ser_contrast_finish(c6, &db, pk6, vl6, T, o6);
    ser_contrast_finish(c5, &db, pk5, vl5, T, o5);
    for (size_t t = 0; t < T; t++) {
        for (size_t k = 0; k < 6; k++) {
            assert_true(isfinite(o6[t * 7 + k]));
            assert_true(o6[t * 7 + k] == o5[t * 6 + k]);
        }
        assert_true(o6[t * 7 + 6] == 0.0f);
    }
    free(x);
    free(P);
    free(pk6);
    free(vl6);
    free(pk5);
    free(vl5);
    free(o6);
    free(o5);
    ser_stft_destroy(st);
    ser_contrast_destroy(c6);
    ser_contrast_destroy(c5);
}

static void test_zcr_rms(void **state)
{
    (void)state;
    ser_zcr_config zc = ser_zcr_config_default();
    float f[N_FFT];
    for (size_t i = 0; i < N_FFT; i++)
        f[i] = i % 2 ? 0.5f : -0.5f;
    assert_true(ser_zcr_frame(&zc, f) == 2047.0f / 2048.0f);
    /* |x| <= 1e-10 counts as zero, i.e. positive with zero_pos */
    for (size_t i = 0; i < N_FFT; i++)
        f[i] = i % 2 ? 1e-11f : -1e-11f;
    assert_true(ser_zcr_frame(&zc, f) == 0.0f);
    zc.threshold = 0;
    assert_true(ser_zcr_frame(&zc, f) == 2047.0f / 2048.0f);
    zc.zero_pos = false;
    for (size_t i = 0; i < N_FFT; i++)
        f[i] = i % 2 ? 0.0f : 1.0f; /* sign 1, 0, 1, 0: every step changes */
    assert_true(ser_zcr_frame(&zc, f) == 2047.0f / 2048.0f);

    /* rms of a constant 0.5 signal: interior frames 0.5; the first frame
     * sees 1024 zeros of padding then 1024 samples: 0.5 / sqrt(2) */
    float x[8192], scratch[N_FFT], out[17];
    for (size_t i = 0; i < 8192; i++)
        x[i] = 0.5f;
    ser_rms_config rc = ser_rms_config_default();
    assert_int_equal(ser_rms(&rc, x, 8192, scratch, out, 17), SER_OK);
    assert_true(fabs(out[8] - 0.5) < 1e-7);
    assert_true(fabs(out[0] - 0.5 / sqrt(2.0)) < 1e-7);
    assert_int_equal(ser_rms(&rc, x, 8192, scratch, out, 16), SER_ERR_ARG);
    assert_int_equal(ser_rms(&rc, x, 0, scratch, out, 1), SER_ERR_EMPTY);
    /* zcr with edge padding: the padded ends repeat the edge sample */
    zc = ser_zcr_config_default();
    assert_int_equal(ser_zcr(&zc, x, 8192, scratch, out, 17), SER_OK);
    assert_true(out[0] == 0.0f);
}

/* A tone of 440 Hz is A: chroma row 9 (rows start at C) is the frame max,
 * 1 after max-normalisation.  A tone detuned by +0.3 of a semitone gives a
 * tuning estimate near 0.3 (histogram resolution 0.01; piptrack's parabolic
 * interpolation on a Hann window is biased by a few hundredths). */
static void test_chroma_and_tuning(void **state)
{
    (void)state;
    const double sr = 22050;
    const size_t n = 22050;
    float *x = malloc(n * sizeof *x);
    ser_stft_config sc = ser_stft_config_default();
    ser_stft *st = ser_stft_create(&sc, NULL);
    size_t T = ser_stft_n_frames(st, n);
    float *P = malloc(T * N_BINS * sizeof *P), ch[12];
    ser_chroma_config cc = ser_chroma_config_default();
    cc.sample_rate = sr;
    ser_chroma *chroma = ser_chroma_create(&cc, NULL);
    ser_tuning_config tc = ser_tuning_config_default();
    tc.sample_rate = sr;
    ser_tuning *tun = ser_tuning_create(&tc, NULL);
    assert_non_null(chroma);
    assert_non_null(tun);
    for (int detune = 0; detune < 2; detune++) {
        double f0 = 440.0 * pow(2.0, (detune ? 0.3 : 0.0) / 12.0);
        for (size_t i = 0; i < n; i++)
            x[i] = (float)(0.5 * sin(2 * M_PI * f0 * (double)i / sr));
        assert_int_equal(ser_stft_power(st, x, n, P, T), SER_OK);
        double tuning;
        ser_tuning_stats ts;
        assert_int_equal(ser_tuning_estimate_spectrogram(tun, P, T, &tuning, &ts), SER_OK);
        printf("tone %.2f Hz: tuning %.2f (%zu peaks)\n", f0, tuning, ts.n_peaks);
        assert_true(fabs(tuning - (detune ? 0.3 : 0.0)) <= 0.05);
        assert_int_equal(ser_chroma_set_tuning(chroma, tuning), SER_OK);
        ser_chroma_process(chroma, P + (T / 2) * N_BINS, ch);
        for (int r = 0; r < 12; r++)
            assert_true(r == 9 ? ch[r] == 1.0f : ch[r] < 1.0f);
    }
    /* silence: no peaks, tuning 0, chroma frames all zero (not NaN) */
    for (size_t i = 0; i < T * N_BINS; i++)
        P[i] = 0.0f;
    double tuning = 1;
    assert_int_equal(ser_tuning_estimate_spectrogram(tun, P, T, &tuning, NULL), SER_OK);
    assert_true(tuning == 0.0);
    ser_chroma_process(chroma, P, ch);
    for (int r = 0; r < 12; r++)
        assert_true(ch[r] == 0.0f);
    assert_int_equal(ser_chroma_set_tuning(chroma, NAN), SER_ERR_ARG);
    free(x);
    free(P);
    ser_chroma_destroy(chroma);
    ser_tuning_destroy(tun);
    ser_stft_destroy(st);
}

static void test_db_modes(void **state)
{
    (void)state;
    ser_db_config c = ser_db_config_default();
    const float p[4] = {1.0f, 1e-3f, 1e-12f, 0.0f};
    float d[4];
    ser_power_to_db(&c, p, d, 4); /* max 0 dB, floor -80 */
    assert_true(fabs(d[0]) < 1e-6 && fabs(d[1] + 30) < 1e-4 && d[2] == -80.0f && d[3] == -80.0f);
    c.clip = SER_DB_CLIP_NONE;
    ser_power_to_db(&c, p, d, 4); /* amin 1e-10: -100 dB */
    assert_true(fabs(d[2] + 100) < 1e-4 && fabs(d[3] + 100) < 1e-4);
    c.clip = SER_DB_CLIP_FIXED;
    c.fixed_max_db = 20;
    c.top_db = 50;
    ser_power_to_db(&c, p, d, 4); /* floor -30 dB whatever the data */
    assert_true(fabs(d[1] + 30) < 1e-4 && d[2] == -30.0f);
    c = ser_db_config_default();
    c.ref = 10.0;
    assert_true(fabs(ser_db_from_power(&c, 1.0) + 10.0) < 1e-12);
}

/* DCT-II orthonormal: y = C x with C C^T = I (checked through Parseval on
 * random vectors) and the first coefficient sqrt(1/N) sum x. */
static void test_dct(void **state)
{
    (void)state;
    ser_dct *d = ser_dct_create(128, 128, NULL);
    assert_non_null(d);
    ser_rng rng;
    ser_rng_seed(&rng, 1);
    float x[128], y[128];
    double ex = 0, ey = 0, sum = 0;
    for (int i = 0; i < 128; i++) {
        x[i] = (float)ser_rng_normal(&rng);
        ex += (double)x[i] * x[i];
        sum += x[i];
    }
    ser_dct_process(d, x, y);
    for (int i = 0; i < 128; i++)
        ey += (double)y[i] * y[i];
    assert_true(tu_close(ey, ex, 0, 1e-6));
    assert_true(tu_close(y[0], sum / sqrt(128.0), 1e-6, 1e-6));
    /* y[3] by the formula */
    double y3 = 0;
    for (int n = 0; n < 128; n++)
        y3 += x[n] * cos(M_PI * 3 * (2 * n + 1) / 256.0);
    assert_true(tu_close(y[3], y3 * sqrt(2.0 / 128), 1e-5, 1e-5));
    ser_dct_destroy(d);
    /* mfcc with lifter L: coefficient c scaled by 1 + L/2 sin(pi (c+1)/L) */
    ser_mfcc_config mc = ser_mfcc_config_default();
    ser_mfcc *plain = ser_mfcc_create(&mc, NULL);
    mc.lifter = 22;
    ser_mfcc *lift = ser_mfcc_create(&mc, NULL);
    float a[13], b[13];
    ser_mfcc_process(plain, x, a);
    ser_mfcc_process(lift, x, b);
    for (int c = 0; c < 13; c++)
        assert_true(tu_close(b[c], a[c] * (1 + 11 * sin(M_PI * (c + 1) / 22.0)), 1e-5, 1e-6));
    ser_mfcc_destroy(plain);
    ser_mfcc_destroy(lift);
}

static void test_mel_scale(void **state)
{
    (void)state;
    assert_true(fabs(ser_hz_to_mel(1000, false) - 15.0) < 1e-12);
    assert_true(fabs(ser_hz_to_mel(500, false) - 7.5) < 1e-12);
    assert_true(fabs(ser_hz_to_mel(700, true) - 2595 * log10(2.0)) < 1e-9);
    for (double f = 10; f < 20000; f *= 1.7) {
        assert_true(tu_close(ser_mel_to_hz(ser_hz_to_mel(f, false), false), f, 0, 1e-12));
        assert_true(tu_close(ser_mel_to_hz(ser_hz_to_mel(f, true), true), f, 0, 1e-12));
    }
    /* the Slaney filters have equal area: each weight row sums (times the
     * bin width) to about 2 / (upper - lower) x (upper - lower) / 2 = 1 */
    ser_mel_config c = ser_mel_config_default();
    c.n_mels = 40;
    ser_mel *m = ser_mel_create(&c, NULL);
    assert_non_null(m);
    for (size_t i = 5; i < 40; i++) {
        size_t first, count;
        const float *w = ser_mel_band(m, i, &first, &count);
        double area = 0;
        for (size_t j = 0; j < count; j++)
            area += w[j] * (16000.0 / N_FFT);
        assert_true(fabs(area - 1.0) < 0.05);
    }
    ser_mel_destroy(m);
}

/* A non-power-of-two n_fft runs on kissfft in float: compare with a direct
 * DFT of the windowed frame, error relative to the largest bin. */
static void test_stft_float_path(void **state)
{
    (void)state;
    ser_stft_config c = ser_stft_config_default();
    c.n_fft = 1536;
    c.win_length = 1200;
    ser_stft *st = ser_stft_create(&c, NULL);
    assert_non_null(st);
    assert_false(ser_stft_is_double(st));
    float frame[1536], P[769];
    ser_rng rng;
    ser_rng_seed(&rng, 2);
    for (int i = 0; i < 1536; i++)
        frame[i] = (float)ser_rng_normal(&rng);
    ser_stft_frame_power(st, frame, P);
    const double *w = ser_stft_window(st);
    assert_true(w[167] == 0.0 && w[168] == 0.0 && w[169] > 0.0 && w[1536 - 168] == 0.0);
    double pmax = 0, worst = 0;
    for (int k = 0; k < 769; k++)
        pmax = fmax(pmax, P[k]);
    for (int k = 0; k < 769; k += 3) {
        double re = 0, im = 0;
        for (int t = 0; t < 1536; t++) {
            double a = -2 * M_PI * (double)((k * t) % 1536) / 1536.0;
            re += frame[t] * w[t] * cos(a);
            im += frame[t] * w[t] * sin(a);
        }
        worst = fmax(worst, fabs(P[k] - (re * re + im * im)) / pmax);
    }
    assert_true(worst < 1e-5);
    ser_stft_destroy(st);
    c.n_fft = 2048;
    c.win_length = 0;
    st = ser_stft_create(&c, NULL);
    assert_true(ser_stft_is_double(st));
    /* the complex spectrum and the fused power agree */
    float f2[2048], P2[1025];
    double X[2 * 1025];
    for (int i = 0; i < 2048; i++)
        f2[i] = (float)ser_rng_normal(&rng);
    ser_stft_frame_power(st, f2, P2);
    ser_stft_frame_complex(st, f2, X);
    for (int k = 0; k < 1025; k++)
        assert_true(P2[k] == (float)(X[2 * k] * X[2 * k] + X[2 * k + 1] * X[2 * k + 1]));
    ser_stft_destroy(st);
}

static void test_bad_configs(void **state)
{
    (void)state;
    ser_status st = SER_OK;
    ser_stft_config sc = ser_stft_config_default();
    sc.hop_length = 0;
    assert_null(ser_stft_create(&sc, &st));
    assert_int_equal(st, SER_ERR_ARG);
    sc = ser_stft_config_default();
    sc.win_length = 4096;
    assert_null(ser_stft_create(&sc, &st));
    assert_null(ser_stft_create(NULL, &st));
    ser_mel_config mc = ser_mel_config_default();
    mc.fmin = 9000; /* above fmax = 8000 */
    assert_null(ser_mel_create(&mc, &st));
    assert_int_equal(st, SER_ERR_ARG);
    ser_mfcc_config fc = ser_mfcc_config_default();
    fc.n_mfcc = 200;
    assert_null(ser_mfcc_create(&fc, &st));
    assert_null(ser_dct_create(10, 11, &st));
    ser_chroma_config cc = ser_chroma_config_default();
    cc.n_chroma = 0;
    assert_null(ser_chroma_create(&cc, &st));
    ser_contrast_config kc = ser_contrast_config_default();
    kc.quantile = 1.0;
    assert_null(ser_contrast_create(&kc, &st));
    kc = ser_contrast_config_default();
    kc.fmin = 1.0; /* band [1, 2] Hz has no FFT bin: librosa fails too */
    assert_null(ser_contrast_create(&kc, &st));
    assert_int_equal(st, SER_ERR_ARG);
    ser_spectral_config pc = ser_spectral_config_default();
    pc.roll_percent = 0;
    assert_null(ser_spectral_create(&pc, &st));
    ser_tuning_config tc = ser_tuning_config_default();
    tc.resolution = 0;
    assert_null(ser_tuning_create(&tc, &st));
    assert_int_equal(st, SER_ERR_ARG);
    /* destroy(NULL) is a no-op everywhere */
    ser_stft_destroy(NULL);
    ser_mel_destroy(NULL);
    ser_mfcc_destroy(NULL);
    ser_dct_destroy(NULL);
    ser_chroma_destroy(NULL);
    ser_contrast_destroy(NULL);
    ser_spectral_destroy(NULL);
    ser_tuning_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flatness_closed_form),
        cmocka_unit_test(test_contrast_8k),
        cmocka_unit_test(test_zcr_rms),
        cmocka_unit_test(test_chroma_and_tuning),
        cmocka_unit_test(test_db_modes),
        cmocka_unit_test(test_dct),
        cmocka_unit_test(test_mel_scale),
        cmocka_unit_test(test_stft_float_path),
        cmocka_unit_test(test_bad_configs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
