/* YIN / pYIN units: synthetic tones with known f0, silence, framing,
 * configuration errors, frame-by-frame use against the whole-buffer call,
 * and the pYIN building blocks (beta prior, transition band, banded
 * Viterbi against a dense Viterbi). */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsp/frame_extract.h"
#include "dsp/pyin_internal.h"
#include "ser/pitch.h"
#include "ser/rng.h"

static float *sine(size_t n, double sr, double hz, double amp)
{
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(amp * sin(2.0 * M_PI * hz * (double)i / sr));
    return x;
}

/* A tone with known f0: every frame that lies fully inside the signal
 * must find a trough and report f0 within 2e-4 + 1/P^2 relative, P the
 * period in samples: parabolic interpolation of the sampled cmndf has a
 * bias of about 0.5/P^2 (0.7 % at P = 8, 0.01 % at P = 100). */
static void test_yin_sine_known_f0(void **state)
{
    (void)state;
    const double srs[] = {8000, 16000, 22050, 44100};
    const double hz[] = {82.0, 150.0, 220.0, 440.0, 1000.0};
    for (size_t a = 0; a < 4; a++)
        for (size_t b = 0; b < 5; b++) {
            size_t n = (size_t)srs[a];
            float *x = sine(n, srs[a], hz[b], 0.5);
            ser_yin_config cfg = ser_yin_config_default();
            cfg.sample_rate = srs[a];
            ser_status st;
            ser_yin *yin = ser_yin_create(&cfg, &st);
            assert_non_null(yin);
            size_t T = ser_yin_n_frames(&cfg, n);
            ser_yin_frame *fr = malloc(T * sizeof *fr);
            assert_int_equal(ser_yin_track(yin, x, n, fr, T), SER_OK);
            double P = srs[a] / hz[b];
            for (size_t t = 4; t + 4 < T; t++) {
                assert_true(fr[t].trough);
                assert_true(tu_close(fr[t].f0, hz[b], 0.0, 2e-4 + 1.0 / (P * P)));
                assert_true(fr[t].cmndf < 0.1);
            }
            free(fr);
            ser_yin_destroy(yin);
            free(x);
        }
}

/* Silence: no trough, f0 = sr / min_period (librosa's value, above fmax). */
static void test_yin_silence(void **state)
{
    (void)state;
    ser_yin_config cfg = ser_yin_config_default();
    cfg.sample_rate = 16000;
    float *x = calloc(8000, sizeof *x);
    ser_status st;
    ser_yin *yin = ser_yin_create(&cfg, &st);
    size_t T = ser_yin_n_frames(&cfg, 8000);
    assert_int_equal(T, 1 + 8000 / 512);
    ser_yin_frame *fr = malloc(T * sizeof *fr);
    assert_int_equal(ser_yin_track(yin, x, 8000, fr, T), SER_OK);
    size_t min_p = ser_yin_min_period(yin);
    assert_int_equal(min_p, (size_t)floor(16000 / SER_PITCH_C7_HZ));
    for (size_t t = 0; t < T; t++) {
        assert_false(fr[t].trough);
        assert_true(fr[t].f0 == 16000.0 / (double)min_p);
    }
    free(fr);
    ser_yin_destroy(yin);
    free(x);
}

static void test_frames_and_config(void **state)
{
    (void)state;
    ser_yin_config cfg = ser_yin_config_default();
    assert_int_equal(ser_yin_n_frames(&cfg, 0), 1);
    assert_int_equal(ser_yin_n_frames(&cfg, 511), 1);
    assert_int_equal(ser_yin_n_frames(&cfg, 512), 2);
    cfg.center = false;
    assert_int_equal(ser_yin_n_frames(&cfg, 2047), 0);
    assert_int_equal(ser_yin_n_frames(&cfg, 2048), 1);
    assert_int_equal(ser_yin_n_frames(&cfg, 2048 + 1023), 2);
    assert_int_equal(ser__frame_count(2048 + 1024, 2048, 512, false), 3);

    /* Framing: centred frame 0 has frame_length/2 leading zeros. */
    float y[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, out[8];
    ser__frame_extract(y, 10, 0, 8, 2, true, out);
    assert_true(out[0] == 0 && out[3] == 0 && out[4] == 1 && out[7] == 4);
    ser__frame_extract(y, 10, 5, 8, 2, true, out);
    assert_true(out[0] == 7 && out[3] == 10 && out[4] == 0);

    ser_error err;
    cfg = ser_yin_config_default();
    cfg.fmax = cfg.fmin;
    assert_int_equal(ser_yin_config_check(&cfg, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "fmin"));
    ser_status st = SER_OK;
    assert_null(ser_yin_create(&cfg, &st));
    assert_int_equal(st, SER_ERR_ARG);
    cfg = ser_yin_config_default();
    cfg.win_length = 2048;
    assert_int_equal(ser_yin_config_check(&cfg, &err), SER_ERR_ARG);
    cfg = ser_yin_config_default();
    cfg.frame_length = 2047;
    assert_int_equal(ser_yin_config_check(&cfg, &err), SER_ERR_ARG);
    /* fmin so high that the lag range is empty */
    cfg = ser_yin_config_default();
    cfg.fmin = 100;
    cfg.fmax = 200;
    cfg.frame_length = 100; /* max_period 49 < min_period 110 */
    assert_int_equal(ser_yin_config_check(&cfg, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "lag range"));

    cfg = ser_yin_config_default();
    float x[1000] = {0};
    double f0[4];
    assert_int_equal(ser_yin_compute(&cfg, x, 1000, f0, 3, &err), SER_ERR_ARG);
    assert_int_equal(ser_yin_compute(&cfg, x, 0, f0, 1, &err), SER_ERR_EMPTY);
    assert_int_equal(ser_yin_compute(&cfg, x, 1000, f0, 2, &err), SER_OK);

    ser_pyin_config pc = ser_pyin_config_default();
    assert_int_equal(ser_pyin_config_check(&pc, &err), SER_OK);
    pc.switch_prob = 1.0;
    assert_int_equal(ser_pyin_config_check(&pc, &err), SER_ERR_ARG);
    pc = ser_pyin_config_default();
    pc.resolution = 0.0;
    assert_int_equal(ser_pyin_config_check(&pc, &err), SER_ERR_ARG);
    pc = ser_pyin_config_default();
    ser_pyin *p = ser_pyin_create(&pc, &st);
    assert_non_null(p);
    assert_int_equal(ser_pyin_n_bins(p), 601); /* C2..C7 in 0.1 semitones */
    assert_true(tu_close(ser_pyin_bin_hz(p, 600), SER_PITCH_C7_HZ, 0, 1e-12));
    assert_true(isnan(ser_pyin_bin_hz(p, 601)));
    ser_pyin_destroy(p);
}

/* Frame-by-frame processing equals the whole-buffer call bit for bit. */
static void test_yin_frame_by_frame(void **state)
{
    (void)state;
    ser_rng rng;
    ser_rng_seed(&rng, 7);
    size_t n = 16000;
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(0.3 * sin(2 * M_PI * 180.0 * (double)i / 16000.0) +
                       0.05 * ser_rng_normal(&rng));
    ser_yin_config cfg = ser_yin_config_default();
    cfg.sample_rate = 16000;
    size_t T = ser_yin_n_frames(&cfg, n);
    double *whole = malloc(T * sizeof *whole);
    ser_error err;
    assert_int_equal(ser_yin_compute(&cfg, x, n, whole, T, &err), SER_OK);
    ser_status st;
    ser_yin *yin = ser_yin_create(&cfg, &st);
    float frame[2048];
    for (size_t t = 0; t < T; t++) {
        ser__frame_extract(x, n, t, 2048, 512, true, frame);
        ser_yin_frame r;
        assert_int_equal(ser_yin_process(yin, frame, &r), SER_OK);
        assert_true(r.f0 == whole[t]);
    }
    assert_int_equal(ser_yin_process(yin, NULL, NULL), SER_ERR_ARG);
    ser_yin_destroy(yin);
    free(whole);
    free(x);
}

/* I_x(2, 18) has the closed form 1 - (1-x)^19 - 19 x (1-x)^18; I_x(1,1) = x;
 * I_x(a,b) = 1 - I_{1-x}(b,a). */
static void test_beta_cdf(void **state)
{
    (void)state;
    for (int i = 0; i <= 1000; i++) {
        double x = i / 1000.0;
        double ref = 1.0 - pow(1.0 - x, 19) - 19.0 * x * pow(1.0 - x, 18);
        assert_true(fabs(ser__beta_cdf(x, 2, 18) - ref) < 1e-14);
        assert_true(fabs(ser__beta_cdf(x, 1, 1) - x) < 1e-14);
        assert_true(fabs(ser__beta_cdf(x, 2.5, 7.25) + ser__beta_cdf(1 - x, 7.25, 2.5) - 1) <
                    1e-13);
    }
    /* Boltzmann pmf sums to 1 over its support. */
    for (int nn = 1; nn < 20; nn++) {
        double s = 0;
        for (int k = 0; k < nn; k++)
            s += ser__boltzmann_pmf(k, 2.0, nn);
        assert_true(fabs(s - 1.0) < 1e-14);
    }
}

/* librosa's docstring: transition_local(5, 3, window='triangle') =
 * [[2/3,1/3,0,0,0],[1/4,1/2,1/4,0,0],...,[0,0,0,1/3,2/3]]. */
static void test_transition_band(void **state)
{
    (void)state;
    ser__pyin_transition tr;
    assert_int_equal(ser__pyin_transition_init(&tr, 5, 3, 0.01), SER_OK);
    double L[5][5] = {{0}};
    for (size_t q = 0; q < 5; q++)
        for (size_t p = 0; p < 5; p++) {
            if (p + tr.half < q || p > q + tr.half)
                continue;
            L[p][q] = exp(tr.stay[q * tr.band + (p + tr.half - q)]) / 0.99;
            double change = exp(tr.change[q * tr.band + (p + tr.half - q)]);
            assert_true(tu_close(change, L[p][q] * 0.01, 1e-15, 1e-9));
        }
    const double ref[5][5] = {{2. / 3, 1. / 3, 0, 0, 0},
                              {.25, .5, .25, 0, 0},
                              {0, .25, .5, .25, 0},
                              {0, 0, .25, .5, .25},
                              {0, 0, 0, 1. / 3, 2. / 3}};
    for (size_t p = 0; p < 5; p++)
        for (size_t q = 0; q < 5; q++)
            assert_true(fabs(L[p][q] - ref[p][q]) < 1e-12);
    ser__pyin_transition_free(&tr);

    /* Large band: every row of the stay + change blocks sums to 1. */
    assert_int_equal(ser__pyin_transition_init(&tr, 601, 101, 0.01), SER_OK);
    for (size_t p = 0; p < 601; p += 37) {
        double s = 0;
        for (size_t q = 0; q < 601; q++)
            if (p + tr.half >= q && p <= q + tr.half)
                s += exp(tr.stay[q * tr.band + p + tr.half - q]) +
                     exp(tr.change[q * tr.band + p + tr.half - q]);
        assert_true(fabs(s - 1.0) < 1e-12);
    }
    ser__pyin_transition_free(&tr);
}

/* The banded Viterbi equals a dense Viterbi (librosa's loop over every
 * source) on random observations quantised to force ties. */
static void test_banded_viterbi_matches_dense(void **state)
{
    (void)state;
    const size_t N = 23, S = 2 * N, T = 40;
    ser__pyin_transition tr;
    assert_int_equal(ser__pyin_transition_init(&tr, N, 7, 0.05), SER_OK);
    double *dense = malloc(S * S * sizeof *dense); /* dense[k * S + j]: k -> j */
    for (size_t k = 0; k < S; k++)
        for (size_t j = 0; j < S; j++) {
            size_t p = k % N, q = j % N;
            const double *t = (k / N == j / N) ? tr.stay : tr.change;
            dense[k * S + j] = (p + tr.half >= q && p <= q + tr.half)
                                   ? t[q * tr.band + p + tr.half - q]
                                   : tr.log_zero;
        }
    ser_rng rng;
    ser_rng_seed(&rng, 11);
    double *obs = malloc(T * S * sizeof *obs), *init = malloc(S * sizeof *init);
    for (int trial = 0; trial < 20; trial++) {
        for (size_t i = 0; i < T * S; i++) {
            double u = floor(ser_rng_uniform(&rng) * 4.0) / 4.0; /* many ties */
            obs[i] = u == 0.0 ? tr.log_zero : log(u);
        }
        for (size_t j = 0; j < S; j++)
            init[j] = j < N ? tr.log_zero : log(1.0 / N);
        ser__pyin_viterbi v;
        assert_int_equal(ser__pyin_viterbi_init(&v, &tr, T), SER_OK);
        for (size_t t = 0; t < T; t++)
            assert_int_equal(ser__pyin_viterbi_step(&v, obs + t * S, init), SER_OK);
        size_t states[40];
        assert_int_equal(ser__pyin_viterbi_decode(&v, states), SER_OK);
        ser__pyin_viterbi_free(&v);

        /* dense reference */
        double value[46], next[46];
        size_t ptr[40][46], ref[40];
        for (size_t j = 0; j < S; j++)
            value[j] = obs[j] + init[j];
        for (size_t t = 1; t < T; t++) {
            for (size_t j = 0; j < S; j++) {
                size_t arg = 0;
                for (size_t k = 1; k < S; k++)
                    if (value[k] + dense[k * S + j] > value[arg] + dense[arg * S + j])
                        arg = k;
                ptr[t][j] = arg;
                next[j] = obs[t * S + j] + value[arg] + dense[arg * S + j];
            }
            memcpy(value, next, sizeof value);
        }
        size_t best = 0;
        for (size_t j = 1; j < S; j++)
            if (value[j] > value[best])
                best = j;
        ref[T - 1] = best;
        for (size_t t = T - 1; t-- > 0;)
            ref[t] = ptr[t + 1][ref[t + 1]];
        for (size_t t = 0; t < T; t++)
            assert_int_equal(states[t], ref[t]);
    }
    free(obs);
    free(init);
    free(dense);
    ser__pyin_transition_free(&tr);
}

/* pYIN on a clean tone: voiced, f0 in the nearest 0.1-semitone bin. */
static void test_pyin_sine(void **state)
{
    (void)state;
    size_t n = 16000;
    float *x = sine(n, 16000, 196.0, 0.4);
    ser_pyin_config cfg = ser_pyin_config_default();
    cfg.yin.sample_rate = 16000;
    size_t T = ser_yin_n_frames(&cfg.yin, n);
    double *f0 = malloc(T * sizeof *f0), *vp = malloc(T * sizeof *vp);
    bool *flag = malloc(T * sizeof *flag);
    ser_error err;
    assert_int_equal(ser_pyin_compute(&cfg, x, n, f0, flag, vp, T, &err), SER_OK);
    for (size_t t = 4; t + 4 < T; t++) {
        assert_true(flag[t]);
        /* within half a bin (0.05 semitone = 0.29 %) */
        assert_true(fabs(12.0 * log2(f0[t] / 196.0)) <= 0.05 + 1e-9);
        assert_true(vp[t] > 0.5);
    }
    /* outputs may be NULL */
    assert_int_equal(ser_pyin_compute(&cfg, x, n, NULL, flag, NULL, T, &err), SER_OK);
    free(f0);
    free(vp);
    free(flag);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yin_sine_known_f0),
        cmocka_unit_test(test_yin_silence),
        cmocka_unit_test(test_frames_and_config),
        cmocka_unit_test(test_yin_frame_by_frame),
        cmocka_unit_test(test_beta_cdf),
        cmocka_unit_test(test_transition_band),
        cmocka_unit_test(test_banded_viterbi_matches_dense),
        cmocka_unit_test(test_pyin_sine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
