/* Voice-activity decision (ser/vad.h) on the shared inputs: digital
 * silence, white noise, steady tones, and speech (clean, noisy, a corpus
 * clip), plus the absolute floor (speech at -70 dBFS is silence), the
 * voiced-time minimum (a 50 ms speech snippet), frame-by-frame agreement
 * with ser_vad_clip, bad configurations and no allocation per clip.
 * The inputs' nature is known from ../shared/vectors/README.md; the
 * decision is what is checked, not figures of our own making. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/audio.h"
#include "ser/vad.h"

#define SR 16000

static ser_audio load(const char *rel)
{
    char path[1024];
    tu_shared_path(path, sizeof path, rel);
    ser_load_config cfg = ser_load_config_default();
    cfg.sample_rate = SR;
    ser_audio a;
    ser_error err = {0};
    ser_status st = ser_audio_load(path, &cfg, &a, &err);
    if (st != SER_OK)
        fail_msg("%s: %s", path, err.message);
    return a;
}

static ser_vad *make(void)
{
    ser_vad_config c = ser_vad_config_default(SR);
    ser_status st;
    ser_error err = {0};
    ser_vad *v = ser_vad_create(&c, &st, &err);
    if (!v)
        fail_msg("ser_vad_create: %s", err.message);
    return v;
}

static ser_vad_result run(const float *x, size_t n, const char *what)
{
    ser_vad *v = make();
    ser_vad_result r;
    assert_int_equal(ser_vad_clip(v, x, n, &r), SER_OK);
    print_message("%-28s %-8s frames %zu loud %zu voiced %zu (%.3f s) f0 %.1f Hz std %.2f st\n", what,
                  ser_vad_reason_name(r.reason), r.n_frames, r.loud_frames, r.voiced_frames, r.voiced_seconds,
                  r.f0_mean_hz, r.f0_std_semitones);
    ser_vad_destroy(v);
    return r;
}

static ser_vad_result run_file(const char *rel)
{
    ser_audio a = load(rel);
    ser_vad_result r = run(a.samples, a.n_samples, rel);
    ser_audio_free(&a);
    return r;
}

static void test_silence(void **state)
{
    (void)state;
    ser_vad_result r = run_file("vectors/inputs/all_silent_16000.wav");
    assert_false(r.speech);
    assert_int_equal(r.reason, SER_VAD_SILENT);
    assert_int_equal(r.loud_frames, 0);
    r = run(NULL, 0, "empty");
    assert_int_equal(r.reason, SER_VAD_SILENT);
}

static void test_noise(void **state)
{
    (void)state;
    ser_vad_result r = run_file("vectors/inputs/whitenoise_16000.wav");
    assert_false(r.speech);
    assert_int_equal(r.reason, SER_VAD_UNVOICED);
    assert_true(r.loud_frames > 0);
}

static void test_tones(void **state)
{
    (void)state;
    ser_vad_result r = run_file("vectors/inputs/sine440_22050.wav");
    assert_false(r.speech);
    assert_int_equal(r.reason, SER_VAD_TONE);
    assert_true(fabs(r.f0_mean_hz - 440.0) < 2.0); /* YIN's parabolic estimate, within 2 Hz */
    r = run_file("vectors/inputs/tone_then_silence_22050.wav");
    assert_int_equal(r.reason, SER_VAD_TONE);
    /* a 1 kHz test tone, above fmax: YIN locks onto a sub-multiple, steady */
    float *x = malloc(SR * sizeof *x);
    for (size_t i = 0; i < SR; i++)
        x[i] = (float)(0.3 * sin(2.0 * M_PI * 1000.0 * (double)i / SR));
    r = run(x, SR, "1 kHz tone");
    assert_false(r.speech);
    free(x);
}

static void test_speech(void **state)
{
    (void)state;
    const char *files[] = {"vectors/inputs/speech_16000.wav", "vectors/inputs/speech_22050.wav",
                           "vectors/inputs/speech_noisy10dB_22050.wav", "data/emodb/03a01Fa.flac",
                           "data/ravdess/Actor_01/03-01-05-01-01-01-01.flac"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        ser_vad_result r = run_file(files[i]);
        assert_true(r.speech);
        assert_int_equal(r.reason, SER_VAD_SPEECH);
        assert_true(r.voiced_seconds >= 0.3);
        assert_true(r.f0_mean_hz > 60.0 && r.f0_mean_hz < 400.0);
    }
}

/* The floor is absolute: the same speech 70 dB down is silence. */
static void test_floor(void **state)
{
    (void)state;
    ser_audio a = load("vectors/inputs/speech_16000.wav");
    double peak, rms;
    ser_audio_levels(a.samples, a.n_samples, &peak, &rms);
    float g = (float)pow(10.0, (-70.0 - peak) / 20.0); /* peak at -70 dBFS: every frame < -50 */
    for (size_t i = 0; i < a.n_samples; i++)
        a.samples[i] *= g;
    ser_vad_result r = run(a.samples, a.n_samples, "speech, peak -70 dBFS");
    assert_int_equal(r.reason, SER_VAD_SILENT);
    ser_audio_free(&a);
}

/* 50 ms of speech cannot hold 0.1 s of voicing. */
static void test_too_short(void **state)
{
    (void)state;
    ser_audio a = load("vectors/inputs/speech_16000.wav");
    ser_vad *v = make();
    ser_vad_result best;
    ser_vad_result_reset(&best);
    /* the loudest 50 ms window of the clip */
    size_t w = SR / 20, at = 0;
    double top = -1;
    for (size_t s = 0; s + w <= a.n_samples; s += w) {
        double e = 0;
        for (size_t i = 0; i < w; i++)
            e += (double)a.samples[s + i] * a.samples[s + i];
        if (e > top) {
            top = e;
            at = s;
        }
    }
    assert_int_equal(ser_vad_clip(v, a.samples + at, w, &best), SER_OK);
    assert_true(best.loud_frames > 0);
    assert_int_equal(best.reason, SER_VAD_UNVOICED);
    ser_vad_destroy(v);
    ser_audio_free(&a);
}

/* Feeding frames one at a time gives the clip's result. */
static void test_frames_match_clip(void **state)
{
    (void)state;
    ser_audio a = load("vectors/inputs/speech_16000.wav");
    ser_vad *v = make();
    ser_vad_result clip, acc;
    assert_int_equal(ser_vad_clip(v, a.samples, a.n_samples, &clip), SER_OK);
    ser_vad_result_reset(&acc);
    size_t L = ser_vad_frame_length(v), hop = ser_vad_hop_length(v);
    assert_int_equal(L, 1024);
    assert_int_equal(hop, 256);
    for (size_t s = 0; s < a.n_samples; s += hop) {
        size_t len = a.n_samples - s < L ? a.n_samples - s : L;
        ser_vad_frame_result f;
        assert_int_equal(ser_vad_frame(v, a.samples + s, len, &f), SER_OK);
        ser_vad_add_frame(v, &acc, &f);
        if (s + L >= a.n_samples)
            break;
    }
    ser_vad_decide(v, &acc);
    assert_int_equal(acc.n_frames, clip.n_frames);
    assert_int_equal(acc.voiced_frames, clip.voiced_frames);
    assert_int_equal(acc.reason, clip.reason);
    assert_true(acc.f0_std_semitones == clip.f0_std_semitones);
    if (TU_ALLOC_COUNTING_SUPPORTED) {
        tu_alloc_count = 0;
        tu_alloc_counting = 1;
        ser_vad_clip(v, a.samples, a.n_samples, &clip);
        tu_alloc_counting = 0;
        assert_int_equal(tu_alloc_count, 0);
    }
    ser_vad_destroy(v);
    ser_audio_free(&a);
}

static void test_bad_config(void **state)
{
    (void)state;
    ser_status st;
    ser_error err = {0};
    ser_vad_config c = ser_vad_config_default(SR);
    c.fmin = 20.0; /* needs a frame > 0.1 s */
    assert_null(ser_vad_create(&c, &st, &err));
    assert_int_equal(st, SER_ERR_ARG);
    assert_non_null(strstr(err.message, "fmin"));
    c = ser_vad_config_default(SR);
    c.floor_dbfs = 3.0;
    assert_null(ser_vad_create(&c, &st, &err));
    assert_non_null(strstr(err.message, "floor_dbfs"));
    c = ser_vad_config_default(0.0);
    assert_null(ser_vad_create(&c, &st, &err));
    assert_non_null(strstr(err.message, "sample_rate"));
    ser_vad *v = make();
    float nan_frame[4] = {0.1f, NAN, 0.f, 0.f};
    ser_vad_frame_result f;
    assert_int_equal(ser_vad_frame(v, nan_frame, 4, &f), SER_ERR_NONFINITE);
    assert_int_equal(ser_vad_frame(v, nan_frame, 5000, &f), SER_ERR_ARG);
    ser_vad_destroy(v);
    /* 8 kHz telephony works with the defaults */
    c = ser_vad_config_default(8000.0);
    v = ser_vad_create(&c, &st, &err);
    assert_non_null(v);
    assert_int_equal(ser_vad_frame_length(v), 512);
    ser_vad_destroy(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_silence),   cmocka_unit_test(test_noise),     cmocka_unit_test(test_tones),
        cmocka_unit_test(test_speech),    cmocka_unit_test(test_floor),     cmocka_unit_test(test_too_short),
        cmocka_unit_test(test_frames_match_clip), cmocka_unit_test(test_bad_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
