/* Golden test of the seed 320-vector (ser/seed.h) against librosa's
 * agg320_f64 (features cast to float64 before mean/var) for every input
 * and variant in ../shared/vectors: native rates, the librosa-resampled
 * .f32 signals, the legacy reflect padding, and the two noisereduce outputs.
 *
 * Tolerance per dimension: |ours - ref| <= atol + rtol |ref| with rtol 1e-4
 * and atol for near-zero dimensions, per block:
 *   mfcc mean/var        1e-4 (MFCC units; the reference DCT is float32)
 *   chroma mean/var      1e-7
 *   mel mean / mel var   1e-7 x the largest |value| of that block
 *   contrast mean/var    1e-5 (dB)
 * The worst relative error per block is printed for every variant, and the
 * frame matrices the vector comes from are checked too (mfcc13, chroma,
 * mel, contrast) with the tolerances of tests/dsp/test_golden_features.c. */
#include "dsp/golden.h"

#include "ser/seed.h"

static const char *const inputs[] = {
    "all_silent_16000",  "chirp100-8000_22050", "short_0.05s_22050",      "sine440_22050",
    "speech_16000",      "speech_22050",        "speech_noisy10dB_22050", "stereo_44100",
    "tone_then_silence_22050", "whitenoise_16000",
};

static const struct {
    const char *name;
    size_t lo, hi;
    double atol, atol_rel_block;
} blocks[] = {
    {"mfcc_mean", 0, 13, 1e-4, 0},       {"mfcc_var", 13, 26, 1e-4, 0},     {"chroma_mean", 26, 38, 1e-7, 0},
    {"chroma_var", 38, 50, 1e-7, 0},     {"mel_mean", 50, 178, 0, 1e-7},    {"mel_var", 178, 306, 0, 1e-7},
    {"contrast_mean", 306, 313, 1e-5, 0}, {"contrast_var", 313, 320, 1e-5, 0},
};
#define N_BLOCKS (sizeof blocks / sizeof blocks[0])
static const double RTOL = 1e-4;

static double worst_rel[N_BLOCKS], worst_ratio_all, worst_rel_native_dtype;
static int n_failed;

static void compare_vector(const char *what, const double *ours, const cJSON *ref_f64, const cJSON *ref_native)
{
    size_t R = 0, C = 0;
    double *ref = gd_matrix(ref_f64, &R, &C);
    assert_non_null(ref);
    assert_int_equal(R * C, SER_SEED_DIM);
    printf("%-44s", what);
    for (size_t b = 0; b < N_BLOCKS; b++) {
        double bmax = 0, wr = 0;
        for (size_t i = blocks[b].lo; i < blocks[b].hi; i++)
            bmax = fmax(bmax, fabs(ref[i]));
        double atol = blocks[b].atol + blocks[b].atol_rel_block * bmax;
        for (size_t i = blocks[b].lo; i < blocks[b].hi; i++) {
            double d = fabs(ours[i] - ref[i]);
            double lim = atol + RTOL * fabs(ref[i]);
            double ratio = d == 0 ? 0 : d / lim;
            if (ratio > worst_ratio_all)
                worst_ratio_all = ratio;
            if (!(d <= lim)) {
                fprintf(stderr, "FAIL %s dim %zu (%s): ours %.10g ref %.10g\n", what, i, blocks[b].name, ours[i],
                        ref[i]);
                n_failed++;
            }
            if (fabs(ref[i]) > atol / RTOL) /* relative error where it means something */
                wr = fmax(wr, d / fabs(ref[i]));
        }
        worst_rel[b] = fmax(worst_rel[b], wr);
        printf(" %.1e", wr);
    }
    printf("\n");
    if (ref_native) {
        /* information only: librosa's float32-arithmetic vector */
        double *nat = gd_matrix(ref_native, &R, &C);
        for (size_t i = 0; nat && i < SER_SEED_DIM; i++)
            if (fabs(nat[i]) > 1e-6)
                worst_rel_native_dtype = fmax(worst_rel_native_dtype, fabs(ours[i] - nat[i]) / fabs(nat[i]));
        free(nat);
    }
    free(ref);
}

static void check_frames(const char *what, const ser_seed *seed, ser_seed_part part, const cJSON *features,
                         const char *key, double atol, double atol_rel_max, double rtol)
{
    size_t T = 0, rows = 0, R = 0, C = 0;
    const float *ours = ser_seed_frames(seed, part, &T, &rows);
    double *ref = gd_matrix(gd_get(features, key), &R, &C);
    assert_non_null(ours);
    assert_non_null(ref);
    assert_true(R == rows && C == T);
    gd_result r = gd_compare(ours, T, rows, ref, atol + atol_rel_max * gd_max_abs(ref, R * C), rtol);
    if (r.n_bad) {
        fprintf(stderr, "FAIL %s frames %s: worst |d| %g\n", what, key, r.worst_abs);
        n_failed++;
    }
    free(ref);
}

static void run(ser_seed **seed, double *seed_sr, bool reflect, const char *what, const float *x, size_t n, double sr,
                const cJSON *variant, const cJSON *ref_f64, const cJSON *ref_native)
{
    if (!*seed || *seed_sr != sr) {
        ser_seed_destroy(*seed);
        ser_seed_config cfg = ser_seed_config_default();
        cfg.sample_rate = sr;
        if (reflect)
            cfg.stft.pad_mode = SER_PAD_REFLECT;
        ser_status st;
        *seed = ser_seed_create(&cfg, &st);
        assert_non_null(*seed);
        *seed_sr = sr;
    }
    double v[SER_SEED_DIM];
    ser_error err;
    assert_int_equal(ser_seed_compute(*seed, x, n, v, &err), SER_OK);
    compare_vector(what, v, ref_f64, ref_native);
    const cJSON *features = variant ? gd_get(variant, "features") : NULL;
    if (features) {
        check_frames(what, *seed, SER_SEED_PART_MFCC, features, "mfcc13", 1e-3, 0, 1e-5);
        check_frames(what, *seed, SER_SEED_PART_CHROMA, features, "chroma", 1e-5, 0, 1e-5);
        check_frames(what, *seed, SER_SEED_PART_MEL, features, "mel", 0, 1e-9, 1e-5);
        check_frames(what, *seed, SER_SEED_PART_CONTRAST, features, "contrast", 5e-5, 0, 1e-6);
    }
}

static void test_golden_seed(void **state)
{
    (void)state;
    size_t n_vectors = 0;
    printf("%-44s", "worst relative error per block:");
    for (size_t b = 0; b < N_BLOCKS; b++)
        printf(" %s", blocks[b].name);
    printf("\n");
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char file[128], wav[128], what[192];
        snprintf(file, sizeof file, "%s.json", inputs[i]);
        snprintf(wav, sizeof wav, "%s.wav", inputs[i]);
        cJSON *root = gd_load_json(file);
        assert_non_null(root);
        size_t nw = 0, n = 0;
        double sr = 0;
        float *xw = gd_read_wav(wav, &nw, &sr);
        assert_non_null(xw);
        ser_seed *seed = NULL, *seed_reflect = NULL;
        double seed_sr = 0, reflect_sr = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, gd_get(root, "variants"))
        {
            snprintf(what, sizeof what, "%s/%s", inputs[i], v->string);
            const cJSON *f32 = gd_get(v, "resampled_signal_file");
            float *x = xw;
            n = nw;
            if (cJSON_IsString(f32))
                assert_non_null(x = gd_read_f32(f32->valuestring, &n));
            assert_true(gd_check_signal(x, n, gd_get(v, "signal_checksum"), what));
            run(&seed, &seed_sr, false, what, x, n, gd_num(v, "sr"), v, gd_get(v, "agg320_f64"), gd_get(v, "agg320"));
            n_vectors++;
            if (x != xw)
                free(x);
        }
        const cJSON *legacy = gd_get(root, "legacy_reflect_padding");
        if (legacy) {
            snprintf(what, sizeof what, "%s/legacy_reflect_padding", inputs[i]);
            run(&seed_reflect, &reflect_sr, true, what, xw, nw, sr, legacy, gd_get(legacy, "agg320_f64"),
                gd_get(legacy, "agg320"));
            n_vectors++;
        }
        const cJSON *nr = gd_get(root, "noisereduce");
        if (nr) {
            const char *modes[] = {"nonstationary_default", "stationary"};
            for (int m = 0; m < 2; m++) {
                const cJSON *mode = gd_get(nr, modes[m]);
                const cJSON *f32 = gd_get(mode, "output_file");
                assert_true(cJSON_IsString(f32));
                float *x = gd_read_f32(f32->valuestring, &n);
                assert_non_null(x);
                snprintf(what, sizeof what, "%s/noisereduce_%s", inputs[i], modes[m]);
                assert_true(gd_check_signal(x, n, gd_get(mode, "output_checksum"), what));
                run(&seed, &seed_sr, false, what, x, n, sr, NULL, gd_get(mode, "agg320_f64_of_denoised"),
                    gd_get(mode, "agg320_of_denoised"));
                n_vectors++;
                free(x);
            }
        }
        ser_seed_destroy(seed);
        ser_seed_destroy(seed_reflect);
        free(xw);
        cJSON_Delete(root);
    }
    printf("%-44s", "worst over all vectors:");
    for (size_t b = 0; b < N_BLOCKS; b++)
        printf(" %.1e", worst_rel[b]);
    printf("\nworst |d|/tol %.3g over %zu vectors; worst relative difference to librosa's float32 agg320 %.2e\n",
           worst_ratio_all, n_vectors, worst_rel_native_dtype);
    assert_int_equal(n_vectors, 19);
    assert_int_equal(n_failed, 0);
}

/* Errors never abort: empty input, non-finite samples, bad config. */
static void test_seed_errors(void **state)
{
    (void)state;
    ser_status st;
    ser_seed_config cfg = ser_seed_config_default();
    cfg.sample_rate = 0;
    assert_null(ser_seed_create(&cfg, &st));
    assert_int_equal(st, SER_ERR_ARG);
    cfg = ser_seed_config_default();
    cfg.stft.n_fft = 2047;
    assert_null(ser_seed_create(&cfg, &st));
    assert_int_equal(st, SER_ERR_ARG);
    cfg = ser_seed_config_default();
    ser_seed *s = ser_seed_create(&cfg, &st);
    assert_non_null(s);
    double v[SER_SEED_DIM];
    ser_error err;
    float x[600] = {0};
    assert_null(ser_seed_frames(s, SER_SEED_PART_MFCC, NULL, NULL));
    assert_int_equal(ser_seed_compute(s, x, 0, v, &err), SER_ERR_EMPTY);
    x[17] = NAN;
    assert_int_equal(ser_seed_compute(s, x, 600, v, &err), SER_ERR_NONFINITE);
    assert_non_null(strstr(err.message, "17"));
    x[17] = 0.5f;
    assert_int_equal(ser_seed_compute(s, x, 600, v, &err), SER_OK);
    size_t T = 0, rows = 0;
    assert_non_null(ser_seed_frames(s, SER_SEED_PART_CONTRAST, &T, &rows));
    assert_int_equal(T, 2);
    assert_int_equal(rows, 7);
    ser_seed_destroy(s);
}

/* The plain C and AVX2 builds of the inner loops give the same vector,
 * frame matrices included, bit for bit. */
static void test_seed_kernels_identical(void **state)
{
    (void)state;
    if (!ser_kernel_available(SER_KERNEL_AVX2)) {
        printf("no AVX2 on this CPU: only the plain kernels run\n");
        skip();
    }
    size_t n = 0;
    double sr = 0;
    float *x = gd_read_wav("speech_16000.wav", &n, &sr);
    assert_non_null(x);
    double v[2][SER_SEED_DIM];
    const float *frames[2][3];
    ser_seed *s[2];
    for (int k = 0; k < 2; k++) {
        ser_seed_config cfg = ser_seed_config_default();
        cfg.sample_rate = sr;
        cfg.kernel = k == 0 ? SER_KERNEL_PLAIN : SER_KERNEL_AVX2;
        s[k] = ser_seed_create(&cfg, NULL);
        assert_non_null(s[k]);
        assert_int_equal(ser_seed_compute(s[k], x, n, v[k], NULL), SER_OK);
        frames[k][0] = ser_seed_frames(s[k], SER_SEED_PART_POWER, NULL, NULL);
        frames[k][1] = ser_seed_frames(s[k], SER_SEED_PART_MEL, NULL, NULL);
        frames[k][2] = ser_seed_frames(s[k], SER_SEED_PART_CHROMA, NULL, NULL);
    }
    size_t T = 0, rows[3];
    ser_seed_frames(s[0], SER_SEED_PART_POWER, &T, &rows[0]);
    ser_seed_frames(s[0], SER_SEED_PART_MEL, NULL, &rows[1]);
    ser_seed_frames(s[0], SER_SEED_PART_CHROMA, NULL, &rows[2]);
    for (int p = 0; p < 3; p++)
        assert_memory_equal(frames[0][p], frames[1][p], T * rows[p] * sizeof(float));
    assert_memory_equal(v[0], v[1], sizeof v[0]);
    ser_seed_destroy(s[0]);
    ser_seed_destroy(s[1]);
    free(x);
}

/* A signal longer than max_stored_frames takes the two-pass path (the
 * STFT again instead of keeping every power frame): the same bits.  With
 * a fixed tuning of 0 the chroma frames are librosa's chroma_tuning0. */
static void test_seed_paths(void **state)
{
    (void)state;
    size_t n = 0;
    double sr = 0;
    float *x = gd_read_wav("speech_22050.wav", &n, &sr);
    cJSON *root = gd_load_json("speech_22050.json");
    assert_non_null(x);
    assert_non_null(root);
    double v[2][SER_SEED_DIM];
    ser_seed *s[2];
    for (int k = 0; k < 2; k++) {
        ser_seed_config cfg = ser_seed_config_default();
        cfg.sample_rate = sr;
        cfg.max_stored_frames = k == 0 ? 4096 : 10;
        s[k] = ser_seed_create(&cfg, NULL);
        assert_non_null(s[k]);
        assert_int_equal(ser_seed_compute(s[k], x, n, v[k], NULL), SER_OK);
    }
    assert_memory_equal(v[0], v[1], sizeof v[0]);
    assert_non_null(ser_seed_frames(s[0], SER_SEED_PART_POWER, NULL, NULL));
    assert_null(ser_seed_frames(s[1], SER_SEED_PART_POWER, NULL, NULL));
    size_t T = 0, rows = 0;
    const float *c0 = ser_seed_frames(s[0], SER_SEED_PART_CHROMA, &T, &rows);
    const float *c1 = ser_seed_frames(s[1], SER_SEED_PART_CHROMA, NULL, NULL);
    assert_memory_equal(c0, c1, T * rows * sizeof *c0);
    ser_seed_destroy(s[0]);
    ser_seed_destroy(s[1]);

    ser_seed_config cfg = ser_seed_config_default();
    cfg.sample_rate = sr;
    cfg.estimate_tuning = false;
    cfg.tuning = 0.0;
    ser_seed *f = ser_seed_create(&cfg, NULL);
    assert_int_equal(ser_seed_compute(f, x, n, v[0], NULL), SER_OK);
    assert_true(ser_seed_tuning(f) == 0.0);
    n_failed = 0;
    check_frames("speech_22050/fixed tuning", f, SER_SEED_PART_CHROMA, gd_get(root, "variants.native.features"),
                 "chroma_tuning0", 1e-5, 0, 1e-5);
    assert_int_equal(n_failed, 0);
    ser_seed_destroy(f);
    cJSON_Delete(root);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_seed),
        cmocka_unit_test(test_seed_errors),
        cmocka_unit_test(test_seed_kernels_identical),
        cmocka_unit_test(test_seed_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
