/* Spectral gating (ser/denoise.h) beyond the golden vectors:
 *  - it reduces a known noise floor: a 1 kHz tone in white noise, the
 *    stationary gate fed a separate noise-only clip, and tone bursts under
 *    the non-stationary gate; the scale-invariant SNR against the clean
 *    tone (stationary) and the burst-to-gap power ratio (non-stationary)
 *    must rise by at least 5 dB and 10 dB;
 *  - silence in gives exact silence out (noisereduce's non-stationary mode
 *    returns NaN there: 0/0), never NaN;
 *  - inputs shorter than n_fft: non-stationary works from 1 sample up;
 *    stationary works once the clip is longer than win_length - hop_length
 *    (768 samples at the defaults) and refuses shorter ones with
 *    SER_ERR_ARG, as noisereduce does; padding 0 with such inputs is refused;
 *  - prop_decrease 0 in non-stationary mode is the identity (to STFT
 *    round-trip precision, 1e-6);
 *  - determinism: repeated calls, fresh objects and the one-call function
 *    agree bit for bit, and in-place equals out-of-place across chunks;
 *  - process and set_noise never allocate (counting allocator; not under
 *    ASan, which owns malloc);
 *  - config and argument errors come back as statuses with a message. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/denoise.h"
#include "ser/rng.h"


#define SR 16000.0

static void fill_noise(float *x, size_t n, double sigma, uint64_t seed)
{
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(sigma * ser_rng_normal(&rng));
}

/* Scale-invariant SNR in dB of y against the clean signal s over [a, b):
 * y = alpha*s + e with alpha the least-squares gain, SNR = |alpha s|^2 / |e|^2.
 * The gate's mask smoothing (about +-500 Hz) also lowers a lone tone, so
 * the noise floor is judged relative to the tone that comes out. */
static double si_snr_db(const float *y, const float *s, size_t a, size_t b)
{
    double ys = 0.0, ss = 0.0;
    for (size_t i = a; i < b; i++) {
        ys += (double)y[i] * s[i];
        ss += (double)s[i] * s[i];
    }
    double alpha = ys / ss, sig = 0.0, err = 0.0;
    for (size_t i = a; i < b; i++) {
        double t = alpha * s[i], e = (double)y[i] - t;
        sig += t * t;
        err += e * e;
    }
    return 10.0 * log10(sig / err);
}

static bool all_finite(const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return false;
    return true;
}

static ser_denoise *make(ser_denoise_mode mode, size_t max_input)
{
    ser_denoise_config c = ser_denoise_config_default();
    c.sample_rate = SR;
    c.mode = mode;
    c.max_input_samples = max_input;
    ser_status st;
    ser_error err;
    ser_denoise *dn = ser_denoise_create(&c, &st, &err);
    if (!dn)
        fail_msg("create: %s", ser_error_message(&err, st));
    return dn;
}

/* Stationary gate with a separate noise clip: 3 s of a 0.25-amplitude
 * 1 kHz tone in white noise (sigma 0.05, input SNR 11 dB). */
static void test_stationary_reduces_noise_floor(void **state)
{
    (void)state;
    const size_t n = 3 * (size_t)SR;
    float *clean = malloc(n * sizeof *clean), *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
    float *noise = malloc(n * sizeof *noise);
    fill_noise(noisy, n, 0.05, 1);
    fill_noise(noise, (size_t)SR, 0.05, 2); /* another draw of the same noise */
    for (size_t i = 0; i < n; i++) {
        clean[i] = (float)(0.25 * sin(2.0 * M_PI * 1000.0 * (double)i / SR));
        noisy[i] += clean[i];
    }
    ser_denoise *dn = make(SER_DENOISE_STATIONARY, n);
    ser_error err;
    assert_int_equal(ser_denoise_set_noise(dn, noise, (size_t)SR, &err), SER_OK);
    assert_int_equal(ser_denoise_process(dn, noisy, n, out, &err), SER_OK);
    size_t a = (size_t)(0.1 * SR), b = n - a;
    double before = si_snr_db(noisy, clean, a, b), after = si_snr_db(out, clean, a, b);
    print_message("stationary: SI-SNR %.2f dB -> %.2f dB (+%.2f dB)\n", before, after, after - before);
    assert_true(after - before >= 5.0);
    ser_denoise_destroy(dn);
    free(clean);
    free(noisy);
    free(out);
    free(noise);
}

/* Non-stationary gate: 0.2 s tone bursts every 1.5 s in white noise; the
 * gate follows each bin's 2 s running level, so bursts pass and the noise
 * between them is cut.  Judged by the burst-to-gap power ratio (gaps taken
 * 0.1 s clear of each burst), which must rise by the stated margin: the
 * gain inside a burst varies as the running level follows it, so a
 * waveform SNR would count that as noise. */
static void burst_gap_power(const float *x, size_t n, double *burst, double *gap)
{
    *burst = *gap = 0.0;
    size_t nb = 0, ng = 0;
    for (size_t i = 0; i < n; i++) {
        double phase = fmod((double)i / SR, 1.5), p = (double)x[i] * x[i];
        if (phase >= 0.5 && phase < 0.7) {
            *burst += p;
            nb++;
        } else if (phase < 0.4 || phase >= 0.8) {
            *gap += p;
            ng++;
        }
    }
    *burst /= (double)nb;
    *gap /= (double)ng;
}

static void test_nonstationary_reduces_noise(void **state)
{
    (void)state;
    const size_t n = 6 * (size_t)SR;
    float *noisy = malloc(n * sizeof *noisy), *out = malloc(n * sizeof *out);
    fill_noise(noisy, n, 0.02, 3);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / SR, phase = fmod(t, 1.5);
        if (phase >= 0.5 && phase < 0.7)
            noisy[i] += (float)(0.25 * sin(2.0 * M_PI * 1000.0 * t));
    }
    ser_denoise *dn = make(SER_DENOISE_NONSTATIONARY, n);
    ser_error err;
    assert_int_equal(ser_denoise_process(dn, noisy, n, out, &err), SER_OK);
    double bi, gi, bo, go;
    burst_gap_power(noisy, n, &bi, &gi);
    burst_gap_power(out, n, &bo, &go);
    double before = 10.0 * log10(bi / gi), after = 10.0 * log10(bo / go);
    print_message("non-stationary: burst/gap power %.2f dB -> %.2f dB (+%.2f dB)\n", before, after, after - before);
    assert_true(after - before >= 10.0);
    ser_denoise_destroy(dn);
    free(noisy);
    free(out);
}

static void test_silence_gives_silence(void **state)
{
    (void)state;
    const size_t n = (size_t)SR;
    float *zero = calloc(n, sizeof *zero), *out = malloc(n * sizeof *out);
    for (int mode = 0; mode < 2; mode++) {
        ser_denoise *dn = make((ser_denoise_mode)mode, n);
        memset(out, 0x7f, n * sizeof *out);
        assert_int_equal(ser_denoise_process(dn, zero, n, out, NULL), SER_OK);
        for (size_t i = 0; i < n; i++)
            if (out[i] != 0.0f)
                fail_msg("mode %d: sample %zu is %g, not 0", mode, i, out[i]);
        ser_denoise_destroy(dn);
    }
    free(zero);
    free(out);
}

static void test_short_inputs(void **state)
{
    (void)state;
    const size_t lengths[] = {1, 2, 10, 100, 768, 769, 1000, 1023, 1024, 1025};
    float x[1025], y[1025];
    fill_noise(x, 1025, 0.1, 4);
    for (size_t li = 0; li < sizeof lengths / sizeof *lengths; li++) {
        size_t n = lengths[li];
        for (int mode = 0; mode < 2; mode++) {
            ser_denoise_config c = ser_denoise_config_default();
            c.mode = (ser_denoise_mode)mode;
            ser_error err;
            ser_status st = ser_denoise_buffer(&c, x, n, y, &err);
            if (mode == SER_DENOISE_STATIONARY && n <= 768) {
                assert_int_equal(st, SER_ERR_ARG);
                assert_non_null(strstr(err.message, "too short"));
            } else {
                if (st != SER_OK)
                    fail_msg("n %zu mode %d: %s", n, mode, err.message);
                assert_true(all_finite(y, n));
            }
            /* without padding the chunk is shorter than the window */
            c.padding = 0;
            st = ser_denoise_buffer(&c, x, n, y, &err);
            assert_int_equal(st, n < 1024 ? SER_ERR_ARG : SER_OK);
        }
    }
    assert_int_equal(ser_denoise_buffer(&(ser_denoise_config){0}, x, 0, y, NULL), SER_ERR_ARG);
    ser_denoise_config c = ser_denoise_config_default();
    assert_int_equal(ser_denoise_buffer(&c, x, 0, y, NULL), SER_OK);
}

static void test_prop_decrease_zero_is_identity(void **state)
{
    (void)state;
    const size_t n = 20000;
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    fill_noise(x, n, 0.2, 5);
    ser_denoise_config c = ser_denoise_config_default();
    c.prop_decrease = 0.0;
    assert_int_equal(ser_denoise_buffer(&c, x, n, y, NULL), SER_OK);
    double max_err = 0.0;
    for (size_t i = 0; i < n; i++)
        max_err = fmax(max_err, fabs((double)y[i] - x[i]));
    print_message("prop_decrease 0: max |out - in| %.3g\n", max_err);
    assert_true(max_err < 1e-6);
    free(x);
    free(y);
}

static void test_deterministic_and_in_place(void **state)
{
    (void)state;
    const size_t n = 20000;
    float *x = malloc(n * sizeof *x), *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    fill_noise(x, n, 0.1, 6);
    for (size_t i = 0; i < n; i++)
        x[i] += (float)(0.3 * sin(0.05 * (double)i) * (i % 4000 < 1500));
    for (int mode = 0; mode < 2; mode++) {
        for (int chunked = 0; chunked < 2; chunked++) {
            ser_denoise_config c = ser_denoise_config_default();
            c.mode = (ser_denoise_mode)mode;
            if (chunked) { /* 5 chunks, context wider than a chunk */
                c.chunk_size = 4000;
                c.padding = 5000;
            }
            ser_denoise *dn = ser_denoise_create(&c, NULL, NULL);
            assert_non_null(dn);
            assert_int_equal(ser_denoise_process(dn, x, n, a, NULL), SER_OK);
            assert_int_equal(ser_denoise_process(dn, x, n, b, NULL), SER_OK);
            assert_memory_equal(a, b, n * sizeof *a);
            memcpy(b, x, n * sizeof *b);
            assert_int_equal(ser_denoise_process(dn, b, n, b, NULL), SER_OK); /* in place */
            assert_memory_equal(a, b, n * sizeof *a);
            ser_denoise_destroy(dn);
            assert_int_equal(ser_denoise_buffer(&c, x, n, b, NULL), SER_OK);
            assert_memory_equal(a, b, n * sizeof *a);
            assert_true(all_finite(a, n));
        }
    }
    free(x);
    free(a);
    free(b);
}

static void test_process_does_not_allocate(void **state)
{
    (void)state;
#if TU_ALLOC_COUNTING_SUPPORTED
    const size_t n = 30000;
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    fill_noise(x, n, 0.1, 7);
    for (int mode = 0; mode < 2; mode++) {
        ser_denoise *dn = make((ser_denoise_mode)mode, n);
        size_t before = tu_alloc_total;
        assert_int_equal(ser_denoise_process(dn, x, n, y, NULL), SER_OK);
        if (mode == SER_DENOISE_STATIONARY) {
            assert_int_equal(ser_denoise_set_noise(dn, x, 5000, NULL), SER_OK);
            assert_int_equal(ser_denoise_process(dn, x, n, y, NULL), SER_OK);
        }
        assert_int_equal(tu_alloc_total, before);
        ser_denoise_destroy(dn);
    }
    free(x);
    free(y);
#else
    skip();
#endif
}

static void expect_config_error(ser_denoise_config c, const char *needle)
{
    ser_error err;
    ser_error_clear(&err);
    assert_int_equal(ser_denoise_config_check(&c, &err), SER_ERR_ARG);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
    ser_status st = SER_OK;
    assert_null(ser_denoise_create(&c, &st, NULL));
    assert_int_equal(st, SER_ERR_ARG);
}

static void test_config_errors(void **state)
{
    (void)state;
    ser_denoise_config d = ser_denoise_config_default(), c;
    assert_int_equal(ser_denoise_config_check(&d, NULL), SER_OK);
    d.sample_rate = 22050;
    c = d; /* one bin is 22050 / 512 = 43 Hz, as noisereduce words it */
    c.freq_mask_smooth_hz = 40;
    expect_config_error(c, "at least 43Hz");
    c = d; /* one frame is 256 / 22050 s = 11 ms */
    c.time_mask_smooth_ms = 10;
    expect_config_error(c, "at least 11ms");
    c = d;
    c.chunk_size = 0;
    expect_config_error(c, "max_input_samples");
    c = d;
    c.hop_length = 2000;
    expect_config_error(c, "hop_length");
    c = d;
    c.win_length = 2048;
    expect_config_error(c, "win_length");
    c = d;
    c.n_fft = 1023;
    expect_config_error(c, "n_fft");
    c = d;
    c.prop_decrease = 1.5;
    expect_config_error(c, "prop_decrease");
    c = d;
    c.sample_rate = 0;
    expect_config_error(c, "sample_rate");
    c = d;
    c.time_constant_s = NAN;
    expect_config_error(c, "time_constant_s");
    c = d; /* both smoothing widths "None": valid, no smoothing */
    c.freq_mask_smooth_hz = 0;
    c.time_mask_smooth_ms = 0;
    assert_int_equal(ser_denoise_config_check(&c, NULL), SER_OK);
}

static void test_argument_errors(void **state)
{
    (void)state;
    float x[4000], y[4000];
    fill_noise(x, 4000, 0.1, 8);
    ser_denoise *dn = make(SER_DENOISE_NONSTATIONARY, 3000);
    ser_error err;
    assert_int_equal(ser_denoise_process(dn, x, 4000, y, &err), SER_ERR_ARG);
    assert_non_null(strstr(err.message, "max_input_samples"));
    x[17] = NAN;
    assert_int_equal(ser_denoise_process(dn, x, 3000, y, &err), SER_ERR_NONFINITE);
    assert_non_null(strstr(err.message, "17"));
    x[17] = 0.0f;
    assert_int_equal(ser_denoise_process(dn, NULL, 3000, y, &err), SER_ERR_ARG);
    assert_int_equal(ser_denoise_set_noise(dn, x, 3000, &err), SER_ERR_STATE);
    ser_denoise_destroy(dn);

    dn = make(SER_DENOISE_STATIONARY, 3000);
    assert_int_equal(ser_denoise_set_noise(dn, x, 0, &err), SER_ERR_EMPTY);
    assert_int_equal(ser_denoise_set_noise(dn, x, 500, &err), SER_ERR_ARG);
    assert_int_equal(ser_denoise_set_noise(dn, x + 1000, 3000, &err), SER_OK);
    assert_int_equal(ser_denoise_process(dn, x, 3000, y, &err), SER_OK);
    float z[3000];
    assert_int_equal(ser_denoise_set_noise(dn, NULL, 0, &err), SER_OK); /* back to the input as noise */
    assert_int_equal(ser_denoise_process(dn, x, 3000, z, &err), SER_OK);
    assert_memory_not_equal(y, z, sizeof z);
    ser_denoise_destroy(dn);
    assert_int_equal(ser_denoise_process(NULL, x, 10, y, &err), SER_ERR_ARG);
    ser_denoise_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stationary_reduces_noise_floor),
        cmocka_unit_test(test_nonstationary_reduces_noise),
        cmocka_unit_test(test_silence_gives_silence),
        cmocka_unit_test(test_short_inputs),
        cmocka_unit_test(test_prop_decrease_zero_is_identity),
        cmocka_unit_test(test_deterministic_and_in_place),
        cmocka_unit_test(test_process_does_not_allocate),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_argument_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
