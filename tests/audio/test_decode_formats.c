/* Every decoder path: a 1 s, 220 Hz sine written with libsndfile at test
 * time in each format, decoded by ser_audio_load (from the path and from
 * memory) at the native rate and compared with
 *   - the int16 source values / 32768 exactly (lossless 16-bit-or-wider),
 *   - libsndfile's own float decode exactly (every format: our plumbing adds
 *     nothing), and
 *   - for lossy codecs: level within 1 dB and frequency within 1 Hz. */
#include "testutil.h"

#include "fixtures.h"

enum check { EXACT16, QUANT8, G711, LOSSY };

typedef struct fmt_case {
    const char *name;
    int format;
    int rate;
    enum check check;
    const char *expect_format;
} fmt_case;

static void check_format(const fmt_case *fc)
{
    char path[512];
    tu_tmp_path(path, sizeof path, fc->name);
    const size_t n = (size_t)fc->rate; /* 1 s */
    short *src = fx_s16_frames(n, 1, fc->rate);
    const char *why = "";
    int sub = fc->format & SF_FORMAT_SUBMASK;
    bool written;
    if (sub == SF_FORMAT_FLOAT || sub == SF_FORMAT_DOUBLE) {
        /* float files hold the values themselves: write int16/32768 */
        float *f = malloc(n * sizeof *f);
        for (size_t i = 0; i < n; i++)
            f[i] = (float)src[i] / 32768.0f;
        written = fx_write_float(path, fc->format, fc->rate, 1, f, n);
        free(f);
    } else {
        written = fx_write_s16(path, fc->format, fc->rate, 1, src, n, &why);
    }
    if (!written) {
        /* Only when this libsndfile really cannot write the format. */
        printf("SKIP %s: libsndfile cannot write it here: %s\n", fc->name, why);
        free(src);
        skip();
    }
    ser_load_config cfg = fx_native();
    ser_audio a;
    ser_error err;
    ser_status st = ser_audio_load(path, &cfg, &a, &err);
    if (st != SER_OK)
        fail_msg("%s: %s", fc->name, err.message);
    assert_string_equal(a.source.format, fc->expect_format);
    assert_int_equal(a.sample_rate, fc->rate);
    assert_int_equal(a.source.sample_rate, fc->rate);
    assert_int_equal(a.source.channels, 1);
    assert_int_equal(a.source.frames, a.n_samples);
    assert_true(tu_close(a.source.duration, (double)a.n_samples / fc->rate, 1e-12, 0));

    size_t ref_n = 0;
    int ref_c = 0;
    float *ref = fx_read_reference(path, &ref_n, &ref_c, NULL);
    assert_non_null(ref);
    assert_int_equal(ref_n, a.n_samples);
    assert_memory_equal(ref, a.samples, ref_n * sizeof(float));

    if (fc->check == EXACT16) {
        assert_int_equal(a.n_samples, n);
        for (size_t i = 0; i < n; i++)
            if (a.samples[i] != (float)src[i] / 32768.0f)
                fail_msg("%s: sample %zu is %.9g, want %d/32768", fc->name, i, a.samples[i], src[i]);
    } else if (fc->check == QUANT8) {
        assert_int_equal(a.n_samples, n);
        for (size_t i = 0; i < n; i++) /* 8-bit step is 1/128 */
            assert_true(fabs(a.samples[i] - src[i] / 32768.0) <= 1.0 / 128 + 1e-6);
    } else {
        /* G.711 and lossy codecs: level and frequency preserved. */
        double pk_a, rms_a, pk_s, rms_s;
        float *orig = malloc(n * sizeof *orig);
        for (size_t i = 0; i < n; i++)
            orig[i] = (float)src[i] / 32768.0f;
        ser_audio_levels(orig, n, &pk_s, &rms_s);
        ser_audio_levels(a.samples, a.n_samples, &pk_a, &rms_a);
        double tol_db = fc->check == G711 ? 0.1 : 1.0;
        if (fabs(rms_a - rms_s) > tol_db)
            fail_msg("%s: RMS %.3f dBFS, source %.3f dBFS (tolerance %.1f dB)", fc->name, rms_a, rms_s, tol_db);
        size_t m = a.n_samples;
        double f = fx_zero_crossing_freq(a.samples, m / 10, m - m / 10, fc->rate);
        if (fabs(f - 220.0) > 1.0)
            fail_msg("%s: frequency %.3f Hz, want 220 +- 1", fc->name, f);
        if (fc->check == G711)
            assert_int_equal(a.n_samples, n);
        else /* codec framing may pad or trim a little */
            assert_true(a.n_samples + 2048 >= n && a.n_samples <= n + 2048);
        free(orig);
    }

    /* Same bytes from memory (sf_open_virtual) give the same samples. */
    size_t len = 0;
    char *bytes = tu_read_file(path, &len);
    assert_non_null(bytes);
    ser_audio m;
    st = ser_audio_load_memory(bytes, len, fc->name, &cfg, &m, &err);
    if (st != SER_OK)
        fail_msg("%s from memory: %s", fc->name, err.message);
    assert_int_equal(m.n_samples, a.n_samples);
    assert_memory_equal(m.samples, a.samples, a.n_samples * sizeof(float));
    assert_string_equal(m.source.format, a.source.format);

    /* And so does probe: facts agree with the load. */
    ser_audio_probe_result pr;
    assert_int_equal(ser_audio_probe(path, NULL, &pr, &err), SER_OK);
    assert_int_equal(pr.info.frames, a.source.frames);
    assert_string_equal(pr.info.format, a.source.format);
    double pk, rms;
    ser_audio_levels(a.samples, a.n_samples, &pk, &rms);
    assert_true(tu_close(pr.peak_dbfs, pk, 1e-9, 0));
    assert_true(tu_close(pr.rms_dbfs, rms, 1e-9, 0));

    ser_audio_free(&m);
    ser_audio_free(&a);
    free(bytes);
    free(ref);
    free(src);
    remove(path);
}

#define CASE(fn, label, fmt, rate, check, expect)                                                                    \
    static void fn(void **state)                                                                                     \
    {                                                                                                                \
        (void)state;                                                                                                 \
        const fmt_case fc = {label, fmt, rate, check, expect};                                                       \
        check_format(&fc);                                                                                           \
    }

CASE(wav_u8, "u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 16000, QUANT8, "WAV PCM_U8")
CASE(wav_16, "s16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, EXACT16, "WAV PCM_16")
CASE(wav_24, "s24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 16000, EXACT16, "WAV PCM_24")
CASE(wav_32, "s32.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, 16000, EXACT16, "WAV PCM_32")
CASE(wav_float, "f32.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, EXACT16, "WAV FLOAT")
CASE(wav_double, "f64.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, 16000, EXACT16, "WAV DOUBLE")
CASE(wav_ulaw, "ulaw.wav", SF_FORMAT_WAV | SF_FORMAT_ULAW, 8000, G711, "WAV ULAW")
CASE(wav_alaw, "alaw.wav", SF_FORMAT_WAV | SF_FORMAT_ALAW, 8000, G711, "WAV ALAW")
CASE(wavex_16, "s16x.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_16, 16000, EXACT16, "WAVEX PCM_16")
CASE(rf64_16, "s16.rf64", SF_FORMAT_RF64 | SF_FORMAT_PCM_16, 16000, EXACT16, "RF64 PCM_16")
CASE(aiff_16, "s16.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 16000, EXACT16, "AIFF PCM_16")
CASE(flac_16, "s16.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 16000, EXACT16, "FLAC PCM_16")
CASE(flac_24, "s24.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 44100, EXACT16, "FLAC PCM_24")
CASE(ogg_vorbis, "vorbis.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 16000, LOSSY, "OGG VORBIS")
CASE(ogg_opus, "opus.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 16000, LOSSY, "OGG OPUS")
CASE(mp3, "mpeg.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, 16000, LOSSY, "MPEG MPEG_LAYER_III")

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wav_u8),   cmocka_unit_test(wav_16),     cmocka_unit_test(wav_24),
        cmocka_unit_test(wav_32),   cmocka_unit_test(wav_float),  cmocka_unit_test(wav_double),
        cmocka_unit_test(wav_ulaw), cmocka_unit_test(wav_alaw),   cmocka_unit_test(wavex_16),
        cmocka_unit_test(rf64_16),  cmocka_unit_test(aiff_16),    cmocka_unit_test(flac_16),
        cmocka_unit_test(flac_24),  cmocka_unit_test(ogg_vorbis), cmocka_unit_test(ogg_opus),
        cmocka_unit_test(mp3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
