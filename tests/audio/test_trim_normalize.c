/* Silence trimming with librosa.effects.trim semantics and peak/RMS
 * normalisation.  Expectations come from (a) the frame geometry worked out
 * by hand for constant-magnitude segments, (b) a direct re-statement of
 * librosa's algorithm (np.pad + frame + mean square) in this file, and
 * (c) librosa's own frame RMS for tone_then_silence_22050 in
 * ../shared/vectors. */
#include "testutil.h"

#include <cJSON.h>

#include "fixtures.h"

/* librosa 0.10 trim, restated plainly: pad frame/2 zeros each side, frame
 * t = padded[t*hop, t*hop+frame), rms, amplitude_to_db(ref=max, amin=1e-5). */
static void reference_trim(const float *x, size_t n, double top_db, size_t frame, size_t hop, size_t *start,
                           size_t *end)
{
    size_t half = frame / 2, padded_len = n + 2 * half;
    float *p = calloc(padded_len, sizeof *p);
    memcpy(p + half, x, n * sizeof *x);
    size_t t_count = 1 + (padded_len - frame) / hop;
    double *rms = malloc(t_count * sizeof *rms);
    double ref = 0;
    for (size_t t = 0; t < t_count; t++) {
        double s = 0;
        for (size_t i = 0; i < frame; i++)
            s += (double)p[t * hop + i] * p[t * hop + i];
        rms[t] = sqrt(s / (double)frame);
        ref = fmax(ref, rms[t]);
    }
    long first = -1, last = -1;
    for (size_t t = 0; t < t_count; t++) {
        double db = 20 * log10(fmax(1e-5, rms[t])) - 20 * log10(fmax(1e-5, ref));
        if (db > -top_db) {
            if (first < 0)
                first = (long)t;
            last = (long)t;
        }
    }
    *start = first < 0 ? 0 : (size_t)first * hop;
    *end = first < 0 ? 0 : ((size_t)(last + 1) * hop < n ? (size_t)(last + 1) * hop : n);
    free(rms);
    free(p);
}

/* Constant-magnitude segments: value amp * (+1/-1 alternating every 25). */
static void segment(float *x, size_t from, size_t to, double amp)
{
    for (size_t i = from; i < to; i++)
        x[i] = (float)(((i / 25) % 2 ? -amp : amp));
}

static void tone_between_silence(void **state)
{
    (void)state;
    const size_t n = 44100, s0 = 5000, s1 = 30000, frame = 2048, hop = 512, half = 1024;
    float *x = calloc(n, sizeof *x);
    segment(x, s0, s1, 0.5);
    size_t start, end;
    assert_int_equal(ser_trim_bounds(x, n, NULL, &start, &end), SER_OK);
    /* Every frame touching [s0, s1) has >= 1 sample of 0.5, i.e. >= -33 dB
     * against the full frames (0 dB), so it is kept: the first kept frame
     * is the smallest t with t*hop - half + frame > s0, the last the
     * largest t with t*hop - half < s1. */
    size_t first = (s0 + half - frame) / hop + 1;
    size_t last = (s1 + half - 1) / hop;
    assert_int_equal(start, first * hop);
    assert_int_equal(end, (last + 1) * hop);
    size_t rs, re;
    reference_trim(x, n, 60, frame, hop, &rs, &re);
    assert_int_equal(start, rs);
    assert_int_equal(end, re);
    free(x);
}

static void threshold_at_top_db(void **state)
{
    (void)state;
    /* loud, then -50 dB (kept), then -70 dB (dropped), then zeros */
    const size_t n = 60000;
    float *x = calloc(n, sizeof *x);
    segment(x, 3000, 20000, 0.5);
    segment(x, 20000, 30000, 0.5 * pow(10, -50 / 20.0));
    segment(x, 30000, 40000, 0.5 * pow(10, -70 / 20.0));
    size_t start, end, rs, re;
    assert_int_equal(ser_trim_bounds(x, n, NULL, &start, &end), SER_OK);
    reference_trim(x, n, 60, 2048, 512, &rs, &re);
    assert_int_equal(start, rs);
    assert_int_equal(end, re);
    /* ends within a frame after the -50 dB part: a frame still holding more
     * than 2048/10 samples of it is above -60 dB */
    assert_true(end > 30000 && end <= 30000 + 2048);
    /* top_db 40 drops the -50 dB part too */
    ser_trim_config c = ser_trim_config_default();
    c.top_db = 40;
    assert_int_equal(ser_trim_bounds(x, n, &c, &start, &end), SER_OK);
    reference_trim(x, n, 40, 2048, 512, &rs, &re);
    assert_int_equal(end, re);
    assert_true(end > 20000 && end <= 20000 + 2048);
    /* other frame geometry */
    c.top_db = 60;
    c.frame_length = 1024;
    c.hop_length = 256;
    assert_int_equal(ser_trim_bounds(x, n, &c, &start, &end), SER_OK);
    reference_trim(x, n, 60, 1024, 256, &rs, &re);
    assert_int_equal(start, rs);
    assert_int_equal(end, re);
    free(x);
}

static void silence_and_bad_config(void **state)
{
    (void)state;
    float z[3000] = {0};
    size_t start = 9, end = 9;
    /* librosa keeps an all-zero signal whole (every frame is at the reference) */
    assert_int_equal(ser_trim_bounds(z, 3000, NULL, &start, &end), SER_OK);
    assert_int_equal(start, 0);
    assert_int_equal(end, 3000);
    assert_int_equal(ser_trim_bounds(z, 0, NULL, &start, &end), SER_OK);
    assert_int_equal(end, 0);
    ser_trim_config c = ser_trim_config_default();
    c.hop_length = 0;
    assert_int_equal(ser_trim_bounds(z, 3000, &c, &start, &end), SER_ERR_ARG);
    c = ser_trim_config_default();
    c.top_db = -1;
    assert_int_equal(ser_trim_bounds(z, 3000, &c, &start, &end), SER_ERR_ARG);
}

/* librosa's frame RMS of tone_then_silence_22050 decides the golden bounds. */
static void golden_tone_then_silence(void **state)
{
    (void)state;
    char path[1024];
    size_t len;
    char *text = tu_read_file(tu_shared_path(path, sizeof path, "vectors/tone_then_silence_22050.json"), &len);
    assert_non_null(text);
    cJSON *root = cJSON_Parse(text);
    free(text);
    cJSON *rms = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "variants"), "native"),
                                                "features"),
                            "rms"),
        "data");
    cJSON *row = cJSON_GetArrayItem(rms, 0);
    int t_count = cJSON_GetArraySize(row);
    double ref = 0;
    for (int t = 0; t < t_count; t++)
        ref = fmax(ref, cJSON_GetArrayItem(row, t)->valuedouble);
    int first = -1, last = -1;
    for (int t = 0; t < t_count; t++) {
        double v = cJSON_GetArrayItem(row, t)->valuedouble;
        if (20 * log10(fmax(1e-5, v)) - 20 * log10(fmax(1e-5, ref)) > -60) {
            first = first < 0 ? t : first;
            last = t;
        }
    }
    cJSON_Delete(root);

    ser_load_config cfg = fx_native();
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(tu_shared_path(path, sizeof path, "vectors/inputs/tone_then_silence_22050.wav"),
                                    &cfg, &a, &err),
                     SER_OK);
    assert_int_equal(t_count, 1 + a.n_samples / 512);
    size_t start, end;
    assert_int_equal(ser_trim_bounds(a.samples, a.n_samples, NULL, &start, &end), SER_OK);
    size_t want_end = (size_t)(last + 1) * 512 < a.n_samples ? (size_t)(last + 1) * 512 : a.n_samples;
    assert_int_equal(start, (size_t)first * 512);
    assert_int_equal(end, want_end);
    printf("# tone_then_silence_22050: librosa keeps [%zu, %zu) of %zu\n", start, end, a.n_samples);
    size_t n_full = a.n_samples;
    ser_audio_free(&a);

    /* the loader's trim option gives the same range */
    cfg.trim = true;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    assert_int_equal(a.trim_start, start);
    assert_int_equal(a.trim_end, end);
    assert_int_equal(a.n_samples, end - start);
    assert_int_equal(a.source.frames, n_full);
    ser_audio_free(&a);
}

static void normalize_peak_and_rms(void **state)
{
    (void)state;
    float x[4000];
    fx_sine(x, 4000, 440, 16000, 0.1);
    double pk, rms;
    assert_int_equal(ser_audio_normalize(x, 4000, SER_NORMALIZE_PEAK, -3.0), SER_OK);
    ser_audio_levels(x, 4000, &pk, &rms);
    assert_true(fabs(pk - -3.0) < 1e-5);
    assert_int_equal(ser_audio_normalize(x, 4000, SER_NORMALIZE_RMS, -20.0), SER_OK);
    ser_audio_levels(x, 4000, &pk, &rms);
    assert_true(fabs(rms - -20.0) < 1e-5);
    /* a sine's crest factor is sqrt(2): peak = rms + 3.0103 dB */
    assert_true(fabs(pk - rms - 20 * log10(sqrt(2.0))) < 1e-3);
    float z[10] = {0};
    assert_int_equal(ser_audio_normalize(z, 10, SER_NORMALIZE_PEAK, -1.0), SER_OK);
    for (int i = 0; i < 10; i++)
        assert_true(z[i] == 0.0f);
    assert_int_equal(ser_audio_normalize(x, 10, SER_NORMALIZE_NONE, -1.0), SER_ERR_ARG);
    assert_int_equal(ser_audio_normalize(x, 10, SER_NORMALIZE_PEAK, NAN), SER_ERR_ARG);
    ser_audio_levels(z, 10, &pk, &rms);
    assert_true(isinf(pk) && pk < 0 && isinf(rms) && rms < 0);
}

static void load_with_trim_and_normalize(void **state)
{
    (void)state;
    const size_t n = 48000;
    short *s = calloc(n, sizeof *s);
    for (size_t i = 10000; i < 30000; i++)
        s[i] = (short)lrint(8000 * sin(2 * M_PI * 300 * (double)i / 48000));
    char path[512];
    tu_tmp_path(path, sizeof path, "padded.wav");
    const char *why;
    assert_true(fx_write_s16(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 48000, 1, s, n, &why));
    ser_load_config cfg = ser_load_config_default(); /* 16000 Hz */
    cfg.trim = true;
    cfg.normalize = SER_NORMALIZE_PEAK;
    cfg.normalize_dbfs = -1.0;
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    assert_int_equal(a.sample_rate, 16000);
    /* the tone spans 10000/3 .. 10000 at 16 kHz; trim keeps it within a frame */
    assert_true(a.trim_start <= 10000 / 3 && a.trim_start + 2048 > 10000 / 3);
    assert_true(a.trim_end >= 10000 && a.trim_end < 10000 + 2048);
    double pk, rms;
    ser_audio_levels(a.samples, a.n_samples, &pk, &rms);
    assert_true(fabs(pk - -1.0) < 1e-5);
    ser_audio_free(&a);
    free(s);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tone_between_silence),     cmocka_unit_test(threshold_at_top_db),
        cmocka_unit_test(silence_and_bad_config),   cmocka_unit_test(golden_tone_then_silence),
        cmocka_unit_test(normalize_peak_and_rms),   cmocka_unit_test(load_with_trim_and_normalize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
