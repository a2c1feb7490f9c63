/* ser_audio_write: formats round-trip, atomic replacement, clear errors;
 * the loader's --denoise stage equals the denoiser run by hand. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ser/audio.h"
#include "ser/denoise.h"

static float *tone(size_t n, double sr, double hz, double amp)
{
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(amp * sin(2 * M_PI * hz * (double)i / sr));
    return x;
}

static void test_roundtrip_formats(void **state)
{
    (void)state;
    const size_t n = 16000;
    float *x = tone(n, 16000, 440, 0.5);
    const char *names[] = {"rt.wav", "rt.flac", "rt.ogg"};
    for (int f = 0; f < 3; f++) {
        char path[512];
        tu_tmp_path(path, sizeof path, names[f]);
        ser_error err;
        assert_int_equal(ser_audio_write(path, x, n, 16000, SER_ENCODING_PCM16, &err), SER_OK);
        ser_load_config cfg = ser_load_config_default();
        ser_audio a;
        assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
        assert_int_equal(a.sample_rate, 16000);
        if (f < 2) { /* lossless: within one 16-bit step */
            assert_int_equal(a.n_samples, n);
            for (size_t i = 0; i < n; i++)
                assert_true(fabsf(a.samples[i] - x[i]) <= 1.0f / 32768.0f);
        } else { /* Vorbis: level within 1 dB */
            double peak, rms, peak0, rms0;
            ser_audio_levels(a.samples, a.n_samples, &peak, &rms);
            ser_audio_levels(x, n, &peak0, &rms0);
            assert_true(fabs(rms - rms0) < 1.0);
        }
        ser_audio_free(&a);
        unlink(path);
    }
    /* float WAV is exact */
    char path[512];
    tu_tmp_path(path, sizeof path, "f.wav");
    assert_int_equal(ser_audio_write(path, x, n, 16000, SER_ENCODING_FLOAT, NULL), SER_OK);
    ser_load_config cfg = ser_load_config_default();
    ser_audio a;
    assert_int_equal(ser_audio_load(path, &cfg, &a, NULL), SER_OK);
    assert_memory_equal(a.samples, x, n * sizeof *x);
    ser_audio_free(&a);
    unlink(path);
    free(x);
}

static void test_atomic_replace_and_errors(void **state)
{
    (void)state;
    char path[1024], dir[512];
    float x[100] = {0.25f};
    tu_tmp_path(path, sizeof path, "replace.wav");
    assert_true(tu_write_file(path, "old", 3));
    assert_int_equal(ser_audio_write(path, x, 100, 8000, SER_ENCODING_PCM16, NULL), SER_OK);
    size_t len;
    char *bytes = tu_read_file(path, &len);
    assert_true(len > 44 && memcmp(bytes, "RIFF", 4) == 0);
    free(bytes);
    /* no temporary file (hidden: ".replace.wav.tmp.XXXXXX") left beside it */
    char cmd[1100];
    const char *base = strrchr(path, '/') + 1;
    snprintf(cmd, sizeof cmd, "ls %.*s.%s.tmp.* >/dev/null 2>&1", (int)(base - path), path, base);
    assert_int_not_equal(system(cmd), 0);
    unlink(path);

    ser_error err;
    assert_int_equal(ser_audio_write("/nonexistent-dir/x.wav", x, 100, 8000, SER_ENCODING_PCM16, &err), SER_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent-dir/x.wav"));
    assert_int_equal(ser_audio_write("out.mp4", x, 100, 8000, SER_ENCODING_PCM16, &err), SER_ERR_UNSUPPORTED);
    assert_non_null(strstr(err.message, "out.mp4"));
    assert_int_equal(ser_audio_write("out.flac", x, 100, 8000, SER_ENCODING_FLOAT, &err), SER_ERR_UNSUPPORTED);
    assert_false(ser_audio_write_supported("noext", SER_ENCODING_PCM16));
    assert_true(ser_audio_write_supported("a.WAV", SER_ENCODING_FLOAT));
    if (geteuid() != 0) { /* root ignores directory permissions */
        tu_tmp_path(dir, sizeof dir, "ro");
        mkdir(dir, 0555);
        snprintf(path, sizeof path, "%s/x.wav", dir);
        assert_int_equal(ser_audio_write(path, x, 100, 8000, SER_ENCODING_PCM16, &err), SER_ERR_IO);
        rmdir(dir);
    }
}

static void test_load_denoise_stage(void **state)
{
    (void)state;
    char path[512];
    tu_shared_path(path, sizeof path, "vectors/inputs/speech_noisy10dB_22050.wav");
    ser_load_config cfg = ser_load_config_default();
    cfg.sample_rate = 0;
    ser_audio plain, dn;
    assert_int_equal(ser_audio_load(path, &cfg, &plain, NULL), SER_OK);
    cfg.denoise = true;
    assert_int_equal(ser_audio_load(path, &cfg, &dn, NULL), SER_OK);
    ser_denoise_config dc = ser_denoise_config_default();
    dc.sample_rate = plain.sample_rate;
    assert_int_equal(ser_denoise_buffer(&dc, plain.samples, plain.n_samples, plain.samples, NULL), SER_OK);
    assert_int_equal(plain.n_samples, dn.n_samples);
    assert_memory_equal(plain.samples, dn.samples, dn.n_samples * sizeof(float));
    ser_audio_free(&plain);
    ser_audio_free(&dn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_formats),
        cmocka_unit_test(test_atomic_replace_and_errors),
        cmocka_unit_test(test_load_denoise_stage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
