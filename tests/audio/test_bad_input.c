/* Bad input: each case gets its own status and a message naming the file
 * and the problem, never a crash and never silent zeros.
 *   NaN/Inf samples -> SER_ERR_NONFINITE     0-byte file -> SER_ERR_EMPTY
 *   header with 0 frames -> SER_ERR_EMPTY    missing -> SER_ERR_NOT_FOUND
 *   unreadable / directory -> SER_ERR_IO     garbage -> SER_ERR_FORMAT
 *   truncated -> SER_ERR_TRUNCATED (or the part that is there, on request)
 *   longer than max_duration -> SER_ERR_OVERFLOW; RF64 with a huge ds64. */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "fixtures.h"

/* libsndfile 1.2.0 leaks its vorbis_info when it refuses a truncated OGG
 * file (inside sf_open, not in libser): tell LeakSanitizer so. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:vorbis_info_init\n";
}

static ser_status load(const char *path, ser_audio *a, ser_error *err)
{
    ser_load_config cfg = fx_native();
    return ser_audio_load(path, &cfg, a, err);
}

static void expect(const char *path, ser_status want, const char *fragment)
{
    ser_audio a;
    ser_error err;
    ser_status st = load(path, &a, &err);
    if (st != want)
        fail_msg("%s: status %d (%s), want %d; message: %s", path, st, ser_strerror(st), want, err.message);
    if (!strstr(err.message, path))
        fail_msg("message does not name the file: %s", err.message);
    if (!strstr(err.message, fragment))
        fail_msg("message lacks '%s': %s", fragment, err.message);
    assert_null(a.samples);
    assert_int_equal(a.n_samples, 0);
    /* probe reports the same */
    ser_audio_probe_result pr;
    ser_error perr;
    assert_int_equal(ser_audio_probe(path, NULL, &pr, &perr), want);
    printf("# %-12s %s\n", ser_strerror(want), err.message);
}

static void write_float_wav_with(const char *path, float bad, size_t at)
{
    float x[1000];
    fx_sine(x, 1000, 440, 16000, 0.5);
    x[at] = bad;
    assert_true(fx_write_float(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, 1, x, 1000));
}

static void nonfinite(void **state)
{
    (void)state;
    char path[512];
    write_float_wav_with(tu_tmp_path(path, sizeof path, "nan.wav"), NAN, 100);
    expect(path, SER_ERR_NONFINITE, "non-finite sample (NaN) at frame 100, channel 0");
    remove(path);
    write_float_wav_with(tu_tmp_path(path, sizeof path, "inf.wav"), INFINITY, 999);
    expect(path, SER_ERR_NONFINITE, "non-finite sample (+Inf) at frame 999");
    remove(path);
}

static void empty_file(void **state)
{
    (void)state;
    char path[512];
    assert_true(tu_write_file(tu_tmp_path(path, sizeof path, "empty.wav"), "", 0));
    expect(path, SER_ERR_EMPTY, "empty file (0 bytes)");
    remove(path);
}

static void zero_length_audio(void **state)
{
    (void)state;
    char path[512];
    const char *why;
    short none[1] = {0};
    assert_true(fx_write_s16(tu_tmp_path(path, sizeof path, "zero.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1,
                             none, 0, &why));
    expect(path, SER_ERR_EMPTY, "no audio (valid WAV PCM_16 header, 0 frames)");
    remove(path);
    assert_true(fx_write_s16(tu_tmp_path(path, sizeof path, "zero.aiff"), SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 16000,
                             1, none, 0, &why));
    expect(path, SER_ERR_EMPTY, "no audio (valid AIFF PCM_16 header, 0 frames)");
    remove(path);
}

static void missing_and_unreadable(void **state)
{
    (void)state;
    char path[512];
    tu_tmp_path(path, sizeof path, "does-not-exist.wav");
    expect(path, SER_ERR_NOT_FOUND, "no such file");
    const char *dir = SER_TEST_TMPDIR;
    expect(dir, SER_ERR_IO, "is a directory");
    short s[100] = {0};
    const char *why;
    assert_true(fx_write_s16(tu_tmp_path(path, sizeof path, "locked.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000,
                             1, s, 100, &why));
    chmod(path, 0);
    if (access(path, R_OK) == 0)
        printf("# permission case not testable here (running as root reads mode-000 files)\n");
    else
        expect(path, SER_ERR_IO, "permission denied");
    remove(path);
}

static void garbage_with_audio_extension(void **state)
{
    (void)state;
    char path[512];
    unsigned char junk[3000];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)((i * 2654435761u) >> 13);
    const char *exts[] = {"junk.wav", "junk.flac", "junk.mp3", "junk.ogg"};
    for (int k = 0; k < 4; k++) {
        assert_true(tu_write_file(tu_tmp_path(path, sizeof path, exts[k]), junk, sizeof junk));
        ser_audio a;
        ser_error err;
        ser_status st = load(path, &a, &err);
        /* mpg123 finds "frames" in nearly anything: whatever it decodes
         * must not be passed off as audio silently */
        if (st == SER_OK)
            fail_msg("%s: garbage decoded as %zu samples (%s)", path, a.n_samples, a.source.format);
        assert_true(st == SER_ERR_FORMAT || st == SER_ERR_TRUNCATED);
        assert_non_null(strstr(err.message, path));
        printf("# %-12s %s\n", ser_strerror(st), err.message);
        remove(path);
    }
    /* a RIFF/WAVE header followed by junk */
    memcpy(junk, "RIFF\x10\x00\x00\x00WAVEfmt ", 16);
    assert_true(tu_write_file(tu_tmp_path(path, sizeof path, "riffjunk.wav"), junk, 64));
    expect(path, SER_ERR_FORMAT, "libsndfile");
    remove(path);
    /* from memory, the given name is used */
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load_memory(junk + 100, 500, "upload.wav", NULL, &a, &err), SER_ERR_FORMAT);
    assert_non_null(strstr(err.message, "upload.wav: not a recognised audio format"));
}

/* Cut a generated file to 2/3 of its bytes. */
static void make_truncated(const char *path, int format, short **src, size_t *n)
{
    *n = 16000;
    *src = fx_s16_frames(*n, 1, 16000);
    const char *why;
    assert_true(fx_write_s16(path, format, 16000, 1, *src, *n, &why));
    size_t len;
    char *bytes = tu_read_file(path, &len);
    assert_true(tu_write_file(path, bytes, len * 2 / 3));
    free(bytes);
}

static void truncated(void **state)
{
    (void)state;
    const struct {
        const char *name;
        int format;
        ser_status want;
        const char *fragment;
        bool partial_ok;
    } cases[] = {
        {"cut.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, SER_ERR_TRUNCATED, "truncated file: header declares 32000 bytes", 1},
        {"cut.rf64", SF_FORMAT_RF64 | SF_FORMAT_PCM_16, SER_ERR_TRUNCATED, "truncated file: header declares 32000 bytes", 1},
        {"cut.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, SER_ERR_TRUNCATED, "truncated file: header declares", 1},
        {"cut.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, SER_ERR_TRUNCATED, "header declares 16000 frames but decoding stopped", 1},
        {"cut.mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, SER_ERR_TRUNCATED, "header declares 16000 frames", 0},
        {"cut.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, SER_ERR_FORMAT, "malformed or truncated", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[512];
        short *src;
        size_t n;
        make_truncated(tu_tmp_path(path, sizeof path, cases[k].name), cases[k].format, &src, &n);
        expect(path, cases[k].want, cases[k].fragment);
        if (cases[k].partial_ok) {
            /* on request, the part that is there -- the real samples */
            ser_load_config cfg = fx_native();
            cfg.allow_truncated = true;
            ser_audio a;
            ser_error err;
            assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
            assert_true(a.n_samples > n / 3 && a.n_samples < n);
            for (size_t i = 0; i < a.n_samples; i++)
                assert_true(a.samples[i] == src[i] / 32768.0f);
            ser_audio_free(&a);
        }
        free(src);
        remove(path);
    }
}

static void too_long(void **state)
{
    (void)state;
    char path[512];
    short *s = fx_s16_frames(16000, 1, 16000);
    const char *why;
    assert_true(fx_write_s16(tu_tmp_path(path, sizeof path, "long.wav"), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 16000, 1,
                             s, 16000, &why));
    ser_load_config cfg = fx_native();
    cfg.max_duration = 0.5;
    ser_audio a;
    ser_error err;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_ERR_OVERFLOW);
    assert_non_null(strstr(err.message, "too long: 1.0 s exceeds the 0.5 s limit (max_duration)"));
    assert_non_null(strstr(err.message, path));
    cfg.max_duration = 1.0;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_OK);
    ser_audio_free(&a);
    /* a stream has no length up front: caught while reading */
    FILE *fp = fopen(path, "rb");
    fseek(fp, 44, SEEK_SET);
    cfg.max_duration = 0.25;
    cfg.raw.encoding = SER_RAW_S16LE;
    cfg.raw.sample_rate = 16000;
    cfg.raw.channels = 1;
    assert_int_equal(ser_audio_load_stream(fp, "live-feed", &cfg, &a, &err), SER_ERR_OVERFLOW);
    assert_non_null(strstr(err.message, "live-feed: too long: more than 0.2 s"));
    fclose(fp);
    cfg.max_duration = -1;
    assert_int_equal(ser_audio_load(path, &cfg, &a, &err), SER_ERR_ARG);
    free(s);
    remove(path);
}

/* An RF64 whose ds64 chunk claims 2^60 frames (2^61 bytes): no overflow,
 * no huge allocation, a truncation error. */
static void rf64_huge_ds64(void **state)
{
    (void)state;
    char path[512];
    short *s = fx_s16_frames(1000, 1, 16000);
    const char *why;
    assert_true(fx_write_s16(tu_tmp_path(path, sizeof path, "huge.rf64"), SF_FORMAT_RF64 | SF_FORMAT_PCM_16, 16000, 1,
                             s, 1000, &why));
    size_t len;
    unsigned char *b = (unsigned char *)tu_read_file(path, &len);
    assert_memory_equal(b + 12, "ds64", 4);
    /* ds64 body: riff size (8), data size (8), sample count (8) */
    const unsigned long long big = 1ull << 60;
    for (int i = 0; i < 8; i++) {
        b[20 + 8 + i] = (unsigned char)((big * 2) >> (8 * i));
        b[20 + 16 + i] = (unsigned char)(big >> (8 * i));
    }
    assert_true(tu_write_file(path, b, len));
    ser_audio a;
    ser_error err;
    ser_status st = load(path, &a, &err);
    printf("# huge ds64: %s: %s\n", ser_strerror(st), err.message);
    assert_int_equal(st, SER_ERR_TRUNCATED);
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "header declares 2305843009213693952 bytes of audio data"));
    assert_null(a.samples);
    free(b);
    free(s);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nonfinite),
        cmocka_unit_test(empty_file),
        cmocka_unit_test(zero_length_audio),
        cmocka_unit_test(missing_and_unreadable),
        cmocka_unit_test(garbage_with_audio_extension),
        cmocka_unit_test(truncated),
        cmocka_unit_test(too_long),
        cmocka_unit_test(rf64_huge_ds64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
