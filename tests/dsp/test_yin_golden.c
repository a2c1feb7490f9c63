/* YIN against librosa 0.10.2 (../shared/vectors: features.yin_f0 of every
 * file and every variant, every frame).
 *
 * Tolerance: |ours - ref| <= 1e-5 * |ref| for every frame, with no
 * exception allowed.  Our autocorrelation runs on a float32 FFT (librosa:
 * float64), so the cmndf differs by ~1e-7 relative; a borderline trough
 * decision could flip, but none does on these vectors (the test would then
 * fail and must be looked at, not widened). */
#include "testutil.h"

#include "pitch_vectors.h"
#include "ser/pitch.h"

#define YIN_RTOL 1e-5

static void check_variant(const cJSON *root, const char *stem, const char *vname,
                          const cJSON *variant, double *worst_all)
{
    size_t n = 0, n_ref = 0;
    double sr = 0;
    float *x = pv_load_signal(root, stem, variant, &n, &sr);
    assert_non_null(x);
    double *ref = pv_feature(variant, "yin_f0", &n_ref);
    assert_non_null(ref);

    ser_yin_config cfg = ser_yin_config_default();
    cfg.sample_rate = sr;
    size_t T = ser_yin_n_frames(&cfg, n);
    assert_int_equal(T, n_ref);
    double *f0 = malloc(T * sizeof *f0);
    ser_error err;
    assert_int_equal(ser_yin_compute(&cfg, x, n, f0, T, &err), SER_OK);

    size_t bad = 0, worst_t = 0;
    double worst = 0.0;
    for (size_t t = 0; t < T; t++) {
        double rel = fabs(f0[t] - ref[t]) / fabs(ref[t]);
        if (!(rel <= worst)) {
            worst = rel;
            worst_t = t;
        }
        if (!tu_close(f0[t], ref[t], 0.0, YIN_RTOL))
            bad++;
    }
    printf("  %-24s %-20s T=%4zu worst rel %.3e (frame %zu: ours %.9g ref %.9g) bad %zu\n", stem,
           vname, T, worst, worst_t, f0[worst_t], ref[worst_t], bad);
    if (worst > *worst_all)
        *worst_all = worst;
    assert_int_equal(bad, 0);
    free(f0);
    free(ref);
    free(x);
}

static void test_yin_all_vectors(void **state)
{
    (void)state;
    double worst_all = 0.0;
    size_t variants = 0;
    for (size_t s = 0; s < PV_N_STEMS; s++) {
        cJSON *root = pv_load_json(pv_stems[s]);
        assert_non_null(root);
        const cJSON *vars = cJSON_GetObjectItemCaseSensitive(root, "variants");
        const cJSON *v;
        cJSON_ArrayForEach(v, vars)
        {
            check_variant(root, pv_stems[s], v->string, v, &worst_all);
            variants++;
        }
        cJSON_Delete(root);
    }
    printf("  yin: %zu variants, worst relative error %.3e (rtol %.0e)\n", variants, worst_all,
           YIN_RTOL);
    assert_true(variants >= 14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yin_all_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
