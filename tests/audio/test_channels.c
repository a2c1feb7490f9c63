/* Channel handling: mean downmix and channel selection, as pure functions
 * and through the loader on a 3-channel file; naming (left/right/index). */
#include "testutil.h"

#include "fixtures.h"

static void pure_functions(void **state)
{
    (void)state;
    const float in[] = {0.1f, 0.2f, 0.6f, -1.0f, 0.5f, 0.0f};
    float out[2];
    ser_pcm_downmix_mean(in, 2, 3, out);
    assert_true(out[0] == (float)((0.1f + (double)0.2f + 0.6f) / 3));
    assert_true(out[1] == (float)((-1.0 + 0.5 + 0.0) / 3));
    ser_pcm_select_channel(in, 2, 3, 2, out);
    assert_true(out[0] == 0.6f && out[1] == 0.0f);
    /* in place */
    float buf[6];
    memcpy(buf, in, sizeof buf);
    ser_pcm_downmix_mean(buf, 2, 3, buf);
    assert_true(buf[1] == (float)((-1.0 + 0.5 + 0.0) / 3));
    memcpy(buf, in, sizeof buf);
    ser_pcm_select_channel(buf, 2, 3, 1, buf);
    assert_true(buf[0] == 0.2f && buf[1] == 0.5f);
}

static void parse_names(void **state)
{
    (void)state;
    ser_channel_mode m;
    int c;
    assert_int_equal(ser_channel_parse("mix", &m, &c), SER_OK);
    assert_int_equal(m, SER_CHANNELS_MIX);
    assert_int_equal(ser_channel_parse("left", &m, &c), SER_OK);
    assert_true(m == SER_CHANNELS_SELECT && c == 0);
    assert_int_equal(ser_channel_parse("Right", &m, &c), SER_OK);
    assert_true(m == SER_CHANNELS_SELECT && c == 1);
    assert_int_equal(ser_channel_parse("3", &m, &c), SER_OK);
    assert_true(m == SER_CHANNELS_SELECT && c == 3);
    assert_int_equal(ser_channel_parse("-1", &m, &c), SER_ERR_PARSE);
    assert_int_equal(ser_channel_parse("centre", &m, &c), SER_ERR_PARSE);
    assert_int_equal(ser_channel_parse("2x", &m, &c), SER_ERR_PARSE);
}

static void three_channel_file(void **state)
{
    (void)state;
    const size_t n = 16000;
    short *s = fx_s16_frames(n, 3, 16000);
    char path[512];
    tu_tmp_path(path, sizeof path, "three.wav");
    const char *why;
    assert_true(fx_write_s16(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 3, s, n, &why));
    ser_load_config cfg = fx_native();
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    assert_int_equal(a.source.channels, 3);
    for (size_t i = 0; i < n; i++) {
        double sum = (double)s[3 * i] / 32768 + (double)s[3 * i + 1] / 32768 + (double)s[3 * i + 2] / 32768;
        assert_true(a.samples[i] == (float)(sum / 3));
    }
    ser_audio_free(&a);
    for (int ch = 0; ch < 3; ch++) {
        cfg.channel_mode = SER_CHANNELS_SELECT;
        cfg.channel = ch;
        assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
        for (size_t i = 0; i < n; i++)
            assert_true(a.samples[i] == s[3 * i + (size_t)ch] / 32768.0f);
        /* each channel keeps its own frequency, 220 * (ch + 1) Hz */
        double f = fx_zero_crossing_freq(a.samples, 0, n, 16000);
        assert_true(fabs(f - 220.0 * (ch + 1)) < 0.5);
        ser_audio_free(&a);
    }
    cfg.channel = 3;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "channel 3 requested but the input has 3 channel(s)"));
    assert_null(a.samples);
    /* probe levels cover every channel's samples */
    ser_audio_probe_result pr;
    assert_int_equal(ser_audio_probe(path, NULL, &pr, &err), SER_OK);
    float *all = malloc(3 * n * sizeof *all);
    for (size_t i = 0; i < 3 * n; i++)
        all[i] = s[i] / 32768.0f;
    double pk, rms;
    ser_audio_levels(all, 3 * n, &pk, &rms);
    assert_true(tu_close(pr.peak_dbfs, pk, 1e-9, 0));
    assert_true(tu_close(pr.rms_dbfs, rms, 1e-9, 0));
    assert_int_equal(pr.info.channels, 3);
    assert_int_equal(pr.info.frames, n);
    free(all);
    free(s);
    remove(path);
}

/* A stereo call recording, resampled: selecting one side keeps that side. */
static void stereo_select_then_resample(void **state)
{
    (void)state;
    const size_t n = 44100;
    short *s = fx_s16_frames(n, 2, 44100); /* left 220 Hz, right 440 Hz */
    char path[512];
    tu_tmp_path(path, sizeof path, "call.flac");
    const char *why;
    assert_true(fx_write_s16(path, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 44100, 2, s, n, &why));
    ser_load_config cfg = ser_load_config_default();
    assert_int_equal(ser_channel_parse("right", &cfg.channel_mode, &cfg.channel), SER_OK);
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    assert_int_equal(a.sample_rate, 16000);
    assert_int_equal(a.n_samples, 16000);
    double f = fx_zero_crossing_freq(a.samples, 1600, 14400, 16000);
    assert_true(fabs(f - 440.0) < 0.05);
    ser_audio_free(&a);
    free(s);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pure_functions),
        cmocka_unit_test(parse_names),
        cmocka_unit_test(three_channel_file),
        cmocka_unit_test(stereo_select_then_resample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
