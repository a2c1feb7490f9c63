/* pYIN against librosa 0.10.2 (../shared/vectors: pyin_f0,
 * pyin_voiced_flag, pyin_voiced_prob of every file and variant, every
 * frame).
 *
 * Tolerances: voiced flags identical; f0 of voiced frames within 1e-9
 * relative (the decoded pitch bin must be the same bin); unvoiced f0 NaN
 * on both sides; voiced probability within 1e-12 absolute (it is piecewise
 * constant in the cmndf, so the float32-FFT difference of ~1e-7 in the
 * cmndf only shows when a trough sits on one of the 0.01-spaced
 * thresholds).  No exception is allowed. */
#include "testutil.h"

#include "pitch_vectors.h"
#include "ser/pitch.h"

#define F0_RTOL 1e-9
#define PROB_ATOL 1e-12

static void check_variant(const cJSON *root, const char *stem, const char *vname,
                          const cJSON *variant, double *worst_prob)
{
    size_t n = 0, n1 = 0, n2 = 0, n3 = 0;
    double sr = 0;
    float *x = pv_load_signal(root, stem, variant, &n, &sr);
    assert_non_null(x);
    double *ref_f0 = pv_feature(variant, "pyin_f0", &n1);
    double *ref_flag = pv_feature(variant, "pyin_voiced_flag", &n2);
    double *ref_prob = pv_feature(variant, "pyin_voiced_prob", &n3);
    assert_non_null(ref_f0);
    assert_non_null(ref_flag);
    assert_non_null(ref_prob);

    ser_pyin_config cfg = ser_pyin_config_default();
    cfg.yin.sample_rate = sr;
    size_t T = ser_yin_n_frames(&cfg.yin, n);
    assert_int_equal(T, n1);
    assert_int_equal(T, n2);
    assert_int_equal(T, n3);
    double *f0 = malloc(T * sizeof *f0), *prob = malloc(T * sizeof *prob);
    bool *flag = malloc(T * sizeof *flag);
    ser_error err;
    assert_int_equal(ser_pyin_compute(&cfg, x, n, f0, flag, prob, T, &err), SER_OK);

    size_t bad_flag = 0, bad_f0 = 0, bad_prob = 0, voiced = 0;
    double worst = 0.0;
    for (size_t t = 0; t < T; t++) {
        bool rflag = ref_flag[t] != 0.0;
        voiced += rflag;
        if (flag[t] != rflag)
            bad_flag++;
        if (isnan(ref_f0[t]) != isnan(f0[t]) ||
            (!isnan(ref_f0[t]) && !tu_close(f0[t], ref_f0[t], 0.0, F0_RTOL)))
            bad_f0++;
        double d = fabs(prob[t] - ref_prob[t]);
        if (!(d <= worst))
            worst = d;
        if (!(d <= PROB_ATOL))
            bad_prob++;
    }
    printf("  %-24s %-20s T=%4zu voiced %3zu | flag mismatches %zu, f0 mismatches %zu, "
           "prob worst %.2e (bad %zu)\n",
           stem, vname, T, voiced, bad_flag, bad_f0, worst, bad_prob);
    if (worst > *worst_prob)
        *worst_prob = worst;
    assert_int_equal(bad_flag, 0);
    assert_int_equal(bad_f0, 0);
    assert_int_equal(bad_prob, 0);
    free(f0);
    free(prob);
    free(flag);
    free(ref_f0);
    free(ref_flag);
    free(ref_prob);
    free(x);
}

static void test_pyin_all_vectors(void **state)
{
    (void)state;
    double worst = 0.0;
    size_t variants = 0;
    for (size_t s = 0; s < PV_N_STEMS; s++) {
        cJSON *root = pv_load_json(pv_stems[s]);
        assert_non_null(root);
        const cJSON *vars = cJSON_GetObjectItemCaseSensitive(root, "variants");
        const cJSON *v;
        cJSON_ArrayForEach(v, vars)
        {
            check_variant(root, pv_stems[s], v->string, v, &worst);
            variants++;
        }
        cJSON_Delete(root);
    }
    printf("  pyin: %zu variants, worst voiced-prob error %.3e\n", variants, worst);
    assert_true(variants >= 14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pyin_all_vectors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
