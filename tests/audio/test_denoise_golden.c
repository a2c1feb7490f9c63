/* Spectral gating against noisereduce 3.0.3 (../shared/vectors,
 * speech_noisy10dB_22050.json section `noisereduce`): reduce_noise(y, sr)
 * (non-stationary, the default) and reduce_noise(y, sr, stationary=True).
 *
 * The input is read with libsndfile (sf_read_float: int16/32768, as
 * soundfile reads it) and checked against input_signal_checksum (FNV-1a-64
 * of the float32 LE bytes, the float64 sum); each reference .f32 is checked
 * against its output_checksum.  The config is built from the JSON's
 * `defaults`.
 *
 * Tolerance, per mode, ours vs noisereduce's float32 output:
 *   max |ours - ref| <= 3e-7 (about 5 float32 ulps at the 0.49 peak) and
 *   SNR = 10 log10(sum ref^2 / sum (ours - ref)^2) >= 130 dB.
 * Achieved (kissfft single-precision FFTs, double masks; x86-64 gcc -O2):
 *   non-stationary  max 8.9e-8, SNR 139.4 dB
 *   stationary      max 6.0e-8, SNR 139.7 dB
 * For scale: scipy's stft(padded=True) default instead of padded=False
 * gives 2.9e-4 / 63 dB (non-stationary) and 5.2e-3 / 39 dB (stationary). */
#include "testutil.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>

#include "ser/denoise.h"

#define VECTOR_JSON "vectors/speech_noisy10dB_22050.json"
#define VECTOR_WAV "vectors/inputs/speech_noisy10dB_22050.wav"
#define MAX_ABS_ERR 3e-7
#define MIN_SNR_DB 130.0

typedef struct golden {
    cJSON *root;
    const cJSON *nr; /* the `noisereduce` section */
    float *input;
    size_t n;
    int sample_rate;
} golden;

static golden g_data;

static uint64_t fnv1a64_f32le(const float *x, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t bits;
        memcpy(&bits, &x[i], sizeof bits);
        for (int b = 0; b < 4; b++) {
            h ^= (bits >> (8 * b)) & 0xffu;
            h *= 0x100000001b3ULL;
        }
    }
    return h;
}

static void check_checksum(const cJSON *sum, const float *x, size_t n, const char *what)
{
    assert_non_null(sum);
    assert_int_equal((size_t)cJSON_GetObjectItem(sum, "n_samples")->valuedouble, n);
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fnv1a64_f32le(x, n));
    const char *want = cJSON_GetObjectItem(sum, "fnv1a64_f32le")->valuestring;
    if (strcmp(hex, want) != 0)
        fail_msg("%s: FNV-1a-64 %s, JSON says %s", what, hex, want);
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    assert_true(tu_close(s, cJSON_GetObjectItem(sum, "sum_f64")->valuedouble, 1e-9, 1e-12));
}

static int setup(void **state)
{
    (void)state;
    char path[1024];
    char *text = tu_read_file(tu_shared_path(path, sizeof path, VECTOR_JSON), NULL);
    if (!text) {
        print_error("cannot read %s\n", path);
        return -1;
    }
    g_data.root = cJSON_Parse(text);
    free(text);
    g_data.nr = cJSON_GetObjectItem(g_data.root, "noisereduce");
    if (!g_data.nr)
        return -1;

    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(tu_shared_path(path, sizeof path, VECTOR_WAV), SFM_READ, &info);
    if (!sf || info.channels != 1) {
        print_error("cannot read %s as mono\n", path);
        return -1;
    }
    g_data.n = (size_t)info.frames;
    g_data.sample_rate = info.samplerate;
    g_data.input = malloc(g_data.n * sizeof *g_data.input);
    sf_count_t got = sf_read_float(sf, g_data.input, info.frames);
    sf_close(sf);
    return got == info.frames ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cJSON_Delete(g_data.root);
    free(g_data.input);
    return 0;
}

static void test_input_matches_json(void **state)
{
    (void)state;
    assert_int_equal(g_data.sample_rate, 22050);
    check_checksum(cJSON_GetObjectItem(g_data.nr, "input_signal_checksum"), g_data.input, g_data.n, VECTOR_WAV);
}

/* noisereduce's defaults as the JSON records them. */
static ser_denoise_config config_from_json(ser_denoise_mode mode)
{
    const cJSON *d = cJSON_GetObjectItem(g_data.nr, "defaults");
    assert_non_null(d);
    ser_denoise_config c = ser_denoise_config_default();
    c.sample_rate = g_data.sample_rate;
    c.mode = mode;
    c.prop_decrease = cJSON_GetObjectItem(d, "prop_decrease")->valuedouble;
    c.time_constant_s = cJSON_GetObjectItem(d, "time_constant_s")->valuedouble;
    c.freq_mask_smooth_hz = cJSON_GetObjectItem(d, "freq_mask_smooth_hz")->valuedouble;
    c.time_mask_smooth_ms = cJSON_GetObjectItem(d, "time_mask_smooth_ms")->valuedouble;
    c.thresh_n_mult_nonstationary = cJSON_GetObjectItem(d, "thresh_n_mult_nonstationary")->valuedouble;
    c.sigmoid_slope_nonstationary = cJSON_GetObjectItem(d, "sigmoid_slope_nonstationary")->valuedouble;
    c.n_std_thresh_stationary = cJSON_GetObjectItem(d, "n_std_thresh_stationary")->valuedouble;
    c.clip_noise_stationary = cJSON_IsTrue(cJSON_GetObjectItem(d, "clip_noise_stationary"));
    c.chunk_size = (size_t)cJSON_GetObjectItem(d, "chunk_size")->valuedouble;
    c.padding = (size_t)cJSON_GetObjectItem(d, "padding")->valuedouble;
    c.n_fft = (size_t)cJSON_GetObjectItem(d, "n_fft")->valuedouble;
    /* "None -> n_fft" and "None -> win_length//4": our 0 */
    assert_true(cJSON_IsString(cJSON_GetObjectItem(d, "win_length")));
    assert_true(cJSON_IsString(cJSON_GetObjectItem(d, "hop_length")));
    c.win_length = 0;
    c.hop_length = 0;
    return c;
}

static void check_mode(ser_denoise_mode mode, const char *section)
{
    const cJSON *sec = cJSON_GetObjectItem(g_data.nr, section);
    assert_non_null(sec);
    char rel[512], path[1024];
    snprintf(rel, sizeof rel, "vectors/%s", cJSON_GetObjectItem(sec, "output_file")->valuestring);
    size_t bytes = 0;
    char *raw = tu_read_file(tu_shared_path(path, sizeof path, rel), &bytes);
    assert_non_null(raw);
    assert_int_equal(bytes, g_data.n * sizeof(float));
    float *ref = malloc(bytes); /* raw float32 LE, on a little-endian host */
    memcpy(ref, raw, bytes);
    free(raw);
    check_checksum(cJSON_GetObjectItem(sec, "output_checksum"), ref, g_data.n, rel);

    ser_denoise_config cfg = config_from_json(mode);
    float *out = malloc(bytes);
    ser_error err;
    ser_status st = ser_denoise_buffer(&cfg, g_data.input, g_data.n, out, &err);
    if (st != SER_OK)
        fail_msg("%s: %s", section, ser_error_message(&err, st));

    double max_err = 0.0, err2 = 0.0, ref2 = 0.0;
    size_t worst = 0;
    for (size_t i = 0; i < g_data.n; i++) {
        double d = (double)out[i] - (double)ref[i];
        if (fabs(d) > max_err) {
            max_err = fabs(d);
            worst = i;
        }
        err2 += d * d;
        ref2 += (double)ref[i] * ref[i];
    }
    double snr = 10.0 * log10(ref2 / err2);
    print_message("%s: max |ours - noisereduce| %.3g (sample %zu), SNR %.1f dB\n", section, max_err, worst, snr);
    if (max_err > MAX_ABS_ERR || !(snr >= MIN_SNR_DB))
        fail_msg("%s: max error %.3g (limit %g) at sample %zu (%.9g vs %.9g), SNR %.1f dB (limit %.0f)", section,
                 max_err, MAX_ABS_ERR, worst, out[worst], ref[worst], snr, MIN_SNR_DB);
    free(out);
    free(ref);
}

static void test_nonstationary_default(void **state)
{
    (void)state;
    check_mode(SER_DENOISE_NONSTATIONARY, "nonstationary_default");
}

static void test_stationary(void **state)
{
    (void)state;
    check_mode(SER_DENOISE_STATIONARY, "stationary");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_matches_json),
        cmocka_unit_test(test_nonstationary_default),
        cmocka_unit_test(test_stationary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
