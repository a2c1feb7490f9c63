/* Decoded samples against the librosa/soundfile reference in
 * ../shared/vectors/<stem>.json (variants.native.signal_checksum): the
 * decode rule is float = int16 / 32768, stereo -> mono by the mean, so the
 * sample count, first 16 and last 4 samples must match exactly and the
 * float64 sums to 1e-9 relative (summation order only). */
#include "testutil.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ser/audio.h"

static cJSON *load_checksum(const char *stem, cJSON **root)
{
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "vectors/%s.json", stem);
    tu_shared_path(path, sizeof path, rel);
    size_t len = 0;
    char *text = tu_read_file(path, &len);
    if (!text)
        fail_msg("cannot read %s", path);
    *root = cJSON_Parse(text);
    free(text);
    assert_non_null(*root);
    cJSON *variants = cJSON_GetObjectItemCaseSensitive(*root, "variants");
    cJSON *native = cJSON_GetObjectItemCaseSensitive(variants, "native");
    cJSON *sum = cJSON_GetObjectItemCaseSensitive(native, "signal_checksum");
    assert_non_null(sum);
    return sum;
}

static double num(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void check_against(const char *stem, int expect_rate, int expect_channels)
{
    cJSON *root = NULL;
    cJSON *sum = load_checksum(stem, &root);
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "vectors/inputs/%s.wav", stem);
    tu_shared_path(path, sizeof path, rel);

    ser_load_config cfg = ser_load_config_default();
    cfg.sample_rate = 0; /* native, as the reference */
    ser_audio a;
    ser_error err;
    if (ser_audio_load(path, &cfg, &a, &err) != SER_OK)
        fail_msg("%s", err.message);
    assert_int_equal(a.sample_rate, expect_rate);
    assert_int_equal(a.source.channels, expect_channels);
    assert_int_equal(a.n_samples, (size_t)num(sum, "n_samples"));

    const cJSON *first = cJSON_GetObjectItemCaseSensitive(sum, "first16");
    const cJSON *last = cJSON_GetObjectItemCaseSensitive(sum, "last4");
    assert_int_equal(cJSON_GetArraySize(first), 16);
    for (int i = 0; i < 16; i++) {
        float want = (float)cJSON_GetArrayItem(first, i)->valuedouble;
        if (a.samples[i] != want)
            fail_msg("%s: sample %d is %.9g, reference %.9g", stem, i, a.samples[i], want);
    }
    for (int i = 0; i < 4; i++) {
        float want = (float)cJSON_GetArrayItem(last, i)->valuedouble;
        assert_true(a.samples[a.n_samples - 4 + (size_t)i] == want);
    }
    double s = 0, s_abs = 0, s_sq = 0, mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < a.n_samples; i++) {
        double v = a.samples[i];
        s += v;
        s_abs += fabs(v);
        s_sq += v * v;
        mn = v < mn ? v : mn;
        mx = v > mx ? v : mx;
    }
    /* sums: tolerance covers float64 summation order only */
    assert_true(tu_close(s, num(sum, "sum_f64"), 1e-9, 1e-9));
    assert_true(tu_close(s_abs, num(sum, "sum_abs_f64"), 1e-9, 1e-9));
    assert_true(tu_close(s_sq, num(sum, "sum_sq_f64"), 1e-9, 1e-9));
    assert_true(mn == num(sum, "min"));
    assert_true(mx == num(sum, "max"));
    ser_audio_free(&a);
    cJSON_Delete(root);
}

static void speech_16000(void **state)
{
    (void)state;
    check_against("speech_16000", 16000, 1);
}

static void stereo_44100_mean(void **state)
{
    (void)state;
    check_against("stereo_44100", 44100, 2);
}

static void tone_then_silence_22050(void **state)
{
    (void)state;
    check_against("tone_then_silence_22050", 22050, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(speech_16000),
        cmocka_unit_test(stereo_44100_mean),
        cmocka_unit_test(tone_then_silence_22050),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
