/* The logmelN family against librosa: logmel128:mean,std,min,max,p50 of
 * speech_16000 and speech_22050 (native rates) equal those statistics
 * (numpy definitions: mean, population std, min, max, linear percentile)
 * of librosa's mel_db frames in ../shared/vectors (power_to_db of the
 * 128-band mel power, file-wide 80 dB floor).  Tolerance 5e-4 dB absolute:
 * the frames themselves agree within 2e-4 dB (test_golden_features).
 * logmel64 (its own 64-band filterbank) is checked for shape only against
 * librosa's definitions: finite, within the 80 dB floor of its own max, and
 * its streaming variant has no file-wide floor (min may go lower). */
#include <stdlib.h>

#include "dsp/golden.h"

#include "ser/features.h"

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* numpy's np.percentile(v, q) ('linear') of n values (sorted in place). */
static double percentile(double *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, cmp_d);
    double pos = q / 100.0 * (double)(n - 1);
    size_t lo = (size_t)pos, hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (v[hi] - v[lo]) * (pos - (double)lo);
}

static double *extract(const char *spec, bool streaming, const float *x, size_t n, int sr, size_t *dim)
{
    ser_status st;
    ser_error err;
    ser_feature_set_config *c = ser_feature_set_parse(spec, &st, &err);
    assert_non_null(c);
    ser_feature_set_set_streaming(c, streaming);
    ser_extractor *ex = ser_extractor_create(c, sr, &st, &err);
    assert_non_null(ex);
    *dim = ser_extractor_dim(ex);
    double *v = malloc(*dim * sizeof *v);
    assert_non_null(v);
    if (ser_extractor_compute(ex, x, n, v, &err) != SER_OK)
        fail_msg("%s: %s", spec, err.message);
    ser_extractor_destroy(ex);
    ser_feature_set_config_destroy(c);
    return v;
}

static void check_input(const char *stem)
{
    char file[128], wav[128];
    snprintf(file, sizeof file, "%s.json", stem);
    snprintf(wav, sizeof wav, "%s.wav", stem);
    cJSON *root = gd_load_json(file);
    assert_non_null(root);
    size_t n = 0;
    double sr = 0;
    float *x = gd_read_wav(wav, &n, &sr);
    assert_non_null(x);
    const cJSON *native = gd_get(root, "variants.native");
    assert_non_null(native);
    assert_true(gd_check_signal(x, n, gd_get(native, "signal_checksum"), stem));
    size_t R = 0, T = 0;
    double *ref = gd_matrix(gd_get(native, "features.mel_db"), &R, &T);
    assert_non_null(ref);
    assert_int_equal(R, 128);
    size_t dim = 0;
    double *v = extract("logmel:mean,std,min,max,p50", false, x, n, (int)sr, &dim);
    assert_int_equal(dim, 5 * 128);
    double *row = malloc(T * sizeof *row), worst = 0;
    for (size_t r = 0; r < R; r++) {
        double s = 0, ss = 0, mn = INFINITY, mx = -INFINITY;
        for (size_t t = 0; t < T; t++) {
            double d = ref[r * T + t];
            s += d;
            mn = fmin(mn, d);
            mx = fmax(mx, d);
            row[t] = d;
        }
        double mean = s / (double)T;
        for (size_t t = 0; t < T; t++)
            ss += (row[t] - mean) * (row[t] - mean);
        double want[5] = {mean, sqrt(ss / (double)T), mn, mx, percentile(row, T, 50)};
        for (size_t k = 0; k < 5; k++) {
            double d = fabs(v[k * 128 + r] - want[k]);
            worst = fmax(worst, d);
            if (!(d <= 5e-4))
                fail_msg("%s band %zu stat %zu: ours %.9g librosa %.9g", stem, r, k, v[k * 128 + r], want[k]);
        }
    }
    printf("%s: logmel128 stats worst |diff| %.2e dB over %zu frames\n", stem, worst, T);
    /* 64 bands: finite, within the file-wide 80 dB floor; streaming has none */
    double *m64 = extract("logmel64:min,max", false, x, n, (int)sr, &dim);
    double *s64 = extract("logmel64:min,max", true, x, n, (int)sr, &dim);
    assert_int_equal(dim, 128);
    double top = -INFINITY;
    for (size_t i = 64; i < 128; i++)
        top = fmax(top, m64[i]);
    for (size_t i = 0; i < 128; i++) {
        assert_true(isfinite(m64[i]) && isfinite(s64[i]));
        assert_true(m64[i] >= top - 80.0 - 1e-4); /* float32 frames */
        assert_true(s64[i] <= m64[i] + 1e-4);
    }
    for (size_t i = 64; i < 128; i++) /* the max is above the floor: unchanged by it */
        assert_true(fabs(s64[i] - m64[i]) <= 1e-4);
    free(m64);
    free(s64);
    free(row);
    free(v);
    free(ref);
    free(x);
    cJSON_Delete(root);
}

static void test_logmel_against_librosa(void **state)
{
    (void)state;
    check_input("speech_16000");
    check_input("speech_22050");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_logmel_against_librosa)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
