/* Headerless PCM and the pure conversions: G.711 against the ITU-T values
 * and against libsndfile's own decoder for all 256 codes, s16le/f32le byte
 * order, raw files / streams / pipes / memory, and the odd trailing byte. */
#include "testutil.h"

#include <unistd.h>

#include "fixtures.h"

static void g711_known_values(void **state)
{
    (void)state;
    /* G.711 µ-law: 0xFF and 0x7F are +-0, 0x80/0x00 the extremes. */
    assert_int_equal(ser_g711_ulaw_to_s16(0xFF), 0);
    assert_int_equal(ser_g711_ulaw_to_s16(0x7F), 0);
    assert_int_equal(ser_g711_ulaw_to_s16(0x80), 32124);
    assert_int_equal(ser_g711_ulaw_to_s16(0x00), -32124);
    assert_int_equal(ser_g711_ulaw_to_s16(0xFE), 8);
    assert_int_equal(ser_g711_ulaw_to_s16(0x7E), -8);
    /* G.711 A-law (even bits inverted): 0xD5/0x55 are +-8, 0xAA/0x2A the extremes. */
    assert_int_equal(ser_g711_alaw_to_s16(0xD5), 8);
    assert_int_equal(ser_g711_alaw_to_s16(0x55), -8);
    assert_int_equal(ser_g711_alaw_to_s16(0xAA), 32256);
    assert_int_equal(ser_g711_alaw_to_s16(0x2A), -32256);
}

/* libsndfile decodes the same 256 codes as a headerless file. */
static void g711_all_codes_match_libsndfile(void **state)
{
    (void)state;
    const int subtypes[2] = {SF_FORMAT_ULAW, SF_FORMAT_ALAW};
    for (int k = 0; k < 2; k++) {
        unsigned char codes[256];
        for (int i = 0; i < 256; i++)
            codes[i] = (unsigned char)i;
        char path[512];
        tu_tmp_path(path, sizeof path, "codes.raw");
        assert_true(tu_write_file(path, codes, sizeof codes));
        SF_INFO info = {0};
        info.samplerate = 8000;
        info.channels = 1;
        info.format = SF_FORMAT_RAW | subtypes[k];
        SNDFILE *s = sf_open(path, SFM_READ, &info);
        assert_non_null(s);
        short ref[256];
        assert_int_equal(sf_read_short(s, ref, 256), 256);
        sf_close(s);
        float f[256];
        if (k == 0)
            ser_pcm_ulaw_to_float(codes, 256, f);
        else
            ser_pcm_alaw_to_float(codes, 256, f);
        for (int i = 0; i < 256; i++) {
            int16_t mine = k == 0 ? ser_g711_ulaw_to_s16((uint8_t)i) : ser_g711_alaw_to_s16((uint8_t)i);
            if (mine != ref[i])
                fail_msg("%s code 0x%02X: %d, libsndfile %d", k ? "A-law" : "u-law", i, mine, ref[i]);
            assert_true(f[i] == (float)ref[i] / 32768.0f);
        }
        /* and the whole loader agrees, through a raw file */
        ser_load_config cfg = fx_native();
        cfg.raw.encoding = k == 0 ? SER_RAW_ULAW : SER_RAW_ALAW;
        cfg.raw.sample_rate = 8000;
        cfg.raw.channels = 1;
        ser_audio a;
        ser_error err;
        assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
        assert_int_equal(a.n_samples, 256);
        assert_memory_equal(a.samples, f, sizeof f);
        assert_string_equal(a.source.format, k == 0 ? "RAW ULAW" : "RAW ALAW");
        ser_audio_free(&a);
        remove(path);
    }
}

static void s16le_and_f32le_bytes(void **state)
{
    (void)state;
    const unsigned char s16[] = {0x00, 0x80, 0xFF, 0x7F, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x00};
    float out[5];
    assert_int_equal(ser_pcm_decode(SER_RAW_S16LE, s16, 5, out), SER_OK);
    assert_true(out[0] == -1.0f);
    assert_true(out[1] == 32767.0f / 32768.0f);
    assert_true(out[2] == 1.0f / 32768.0f);
    assert_true(out[3] == -1.0f / 32768.0f);
    assert_true(out[4] == 0.0f);
    /* 0.5f = 0x3F000000, -2.0f = 0xC0000000, little-endian, unaligned */
    const unsigned char f32[] = {0xAA, 0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0xC0};
    assert_int_equal(ser_pcm_decode(SER_RAW_F32LE, f32 + 1, 2, out), SER_OK);
    assert_true(out[0] == 0.5f);
    assert_true(out[1] == -2.0f);
    assert_int_equal(ser_pcm_decode(SER_RAW_NONE, f32, 1, out), SER_ERR_ARG);
    ser_raw_encoding e;
    assert_int_equal(ser_raw_encoding_parse("S16LE", &e), SER_OK);
    assert_int_equal(e, SER_RAW_S16LE);
    assert_int_equal(ser_raw_encoding_parse("mulaw", &e), SER_OK);
    assert_int_equal(e, SER_RAW_ULAW);
    assert_int_equal(ser_raw_encoding_parse("pcm24", &e), SER_ERR_PARSE);
    assert_int_equal(ser_raw_bytes_per_sample(SER_RAW_F32LE), 4);
}

static unsigned char *s16le_bytes(const short *s, size_t n)
{
    unsigned char *b = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        b[2 * i] = (unsigned char)((unsigned short)s[i] & 0xFF);
        b[2 * i + 1] = (unsigned char)((unsigned short)s[i] >> 8);
    }
    return b;
}

static ser_load_config raw_cfg(ser_raw_encoding e, int rate, int channels)
{
    ser_load_config c = fx_native();
    c.raw.encoding = e;
    c.raw.sample_rate = rate;
    c.raw.channels = channels;
    return c;
}

static void raw_file_stereo_select_and_mix(void **state)
{
    (void)state;
    const size_t n = 8000;
    short *s = fx_s16_frames(n, 2, 8000);
    unsigned char *b = s16le_bytes(s, 2 * n);
    char path[512];
    tu_tmp_path(path, sizeof path, "stereo.s16");
    assert_true(tu_write_file(path, b, 4 * n));
    ser_load_config cfg = raw_cfg(SER_RAW_S16LE, 8000, 2);
    ser_audio a;
    ser_error err;
    for (int mode = 0; mode < 3; mode++) {
        cfg.channel_mode = mode == 0 ? SER_CHANNELS_MIX : SER_CHANNELS_SELECT;
        cfg.channel = mode == 2 ? 1 : 0;
        assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
        assert_int_equal(a.n_samples, n);
        assert_int_equal(a.source.channels, 2);
        assert_int_equal(a.source.frames, n);
        assert_string_equal(a.source.format, "RAW S16LE");
        for (size_t i = 0; i < n; i++) {
            float l = s[2 * i] / 32768.0f, r = s[2 * i + 1] / 32768.0f;
            float want = mode == 0 ? (float)(((double)l + r) / 2) : mode == 1 ? l : r;
            assert_true(a.samples[i] == want);
        }
        ser_audio_free(&a);
    }
    /* the same bytes from memory, a stdio stream and a pipe */
    cfg.channel_mode = SER_CHANNELS_SELECT;
    cfg.channel = 1;
    assert_int_equal(ser_audio_load_memory(b, 4 * n, "mem", &cfg, &a, &err), SER_OK);
    assert_int_equal(a.n_samples, n);
    assert_true(a.samples[5] == s[11] / 32768.0f);
    ser_audio_free(&a);
    FILE *fp = fopen(path, "rb");
    assert_int_equal(ser_audio_load_stream(fp, "stream", &cfg, &a, &err), SER_OK);
    fclose(fp);
    assert_int_equal(a.n_samples, n);
    ser_audio_free(&a);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], b, 4000), 4000); /* 1000 frames fit in a pipe buffer */
    close(fds[1]);
    assert_int_equal(ser_audio_load_fd(fds[0], "pipe", &cfg, &a, &err), SER_OK);
    close(fds[0]);
    assert_int_equal(a.n_samples, 1000);
    assert_true(a.samples[999] == s[1999] / 32768.0f);
    ser_audio_free(&a);
    free(b);
    free(s);
    remove(path);
}

/* An odd trailing byte of s16 input is an error naming the input and the
 * byte count (SER_ERR_TRUNCATED); allow_truncated drops it instead. */
static void odd_trailing_byte(void **state)
{
    (void)state;
    short s[500];
    for (int i = 0; i < 500; i++)
        s[i] = (short)(i * 37);
    unsigned char *b = s16le_bytes(s, 500);
    b[1000] = 0x7F;
    char path[512];
    tu_tmp_path(path, sizeof path, "odd.s16");
    assert_true(tu_write_file(path, b, 1001));
    ser_load_config cfg = raw_cfg(SER_RAW_S16LE, 16000, 1);
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_ERR_TRUNCATED);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "1 stray byte"));
    assert_non_null(strstr(err.message, "1001 bytes"));
    assert_null(a.samples);
    /* the same from a stream (size unknown in advance) */
    FILE *fp = fopen(path, "rb");
    assert_int_equal(ser_audio_load_stream(fp, "odd-stream", &cfg, &a, &err), SER_ERR_TRUNCATED);
    fclose(fp);
    assert_non_null(strstr(err.message, "odd-stream: raw s16le input ends with 1 stray byte"));
    assert_non_null(strstr(err.message, "1001 bytes"));
    /* stereo: 3 bytes over whole frames */
    assert_int_equal(ser_audio_load_memory(b, 7, "three", &(ser_load_config){0}, &a, &err), SER_ERR_FORMAT);
    cfg.raw.channels = 2;
    assert_int_equal(ser_audio_load_memory(b, 7, "three", &cfg, &a, &err), SER_ERR_TRUNCATED);
    assert_non_null(strstr(err.message, "3 stray byte(s)"));
    assert_non_null(strstr(err.message, "4-byte frames"));
    /* allow_truncated: the whole frames, the stray byte dropped */
    cfg.raw.channels = 1;
    cfg.allow_truncated = true;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    assert_int_equal(a.n_samples, 500);
    assert_true(a.samples[499] == s[499] / 32768.0f);
    ser_audio_free(&a);
    fp = fopen(path, "rb");
    assert_int_equal(ser_audio_load_stream(fp, "odd-stream", &cfg, &a, &err), SER_OK);
    fclose(fp);
    assert_int_equal(a.n_samples, 500);
    ser_audio_free(&a);
    free(b);
    remove(path);
}

static void raw_f32_nonfinite_and_bad_options(void **state)
{
    (void)state;
    float v[4] = {0.1f, -0.2f, NAN, 0.3f};
    ser_load_config cfg = raw_cfg(SER_RAW_F32LE, 16000, 1);
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load_memory(v, sizeof v, "nan.f32", &cfg, &a, &err), SER_ERR_NONFINITE);
    assert_non_null(strstr(err.message, "nan.f32: non-finite sample (NaN) at frame 2"));
    v[2] = -INFINITY;
    assert_int_equal(ser_audio_load_memory(v, sizeof v, "inf.f32", &cfg, &a, &err), SER_ERR_NONFINITE);
    assert_non_null(strstr(err.message, "-Inf"));
    v[2] = 0.25f;
    assert_int_equal(ser_audio_load_memory(v, sizeof v, "ok.f32", &cfg, &a, &err), SER_OK);
    assert_true(a.samples[2] == 0.25f);
    ser_audio_free(&a);
    cfg.raw.sample_rate = 0;
    assert_int_equal(ser_audio_load_memory(v, sizeof v, "norate", &cfg, &a, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "needs a sample rate"));
    cfg.raw.sample_rate = 8000;
    cfg.raw.channels = 0;
    assert_int_equal(ser_audio_load_memory(v, sizeof v, "nochan", &cfg, &a, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "channels"));
    cfg.raw.channels = 1;
    assert_int_equal(ser_audio_load_memory(v, 0, "zero", &cfg, &a, &err), SER_ERR_EMPTY);
    assert_non_null(strstr(err.message, "zero: empty file (0 bytes)"));
}

/* A container can come through a stdio stream too (read into memory). */
static void container_from_stream(void **state)
{
    (void)state;
    char path[512];
    tu_tmp_path(path, sizeof path, "s.wav");
    short *s = fx_s16_frames(1600, 1, 16000);
    const char *why;
    assert_true(fx_write_s16(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1, s, 1600, &why));
    FILE *fp = fopen(path, "rb");
    ser_load_config cfg = fx_native();
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load_stream(fp, "wav-stream", &cfg, &a, &err), SER_OK);
    fclose(fp);
    assert_int_equal(a.n_samples, 1600);
    assert_true(a.samples[100] == s[100] / 32768.0f);
    ser_audio_free(&a);
    free(s);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(g711_known_values),
        cmocka_unit_test(g711_all_codes_match_libsndfile),
        cmocka_unit_test(s16le_and_f32le_bytes),
        cmocka_unit_test(raw_file_stereo_select_and_mix),
        cmocka_unit_test(odd_trailing_byte),
        cmocka_unit_test(raw_f32_nonfinite_and_bad_options),
        cmocka_unit_test(container_from_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
