/* Resampling with libsoxr against a known sine (not against another
 * resampler): after 44100 -> 16000, 8000 -> 16000 and 22050 -> 16000 the
 * output must match the ideal sine sampled at the new rate with SNR > 60 dB
 * away from the edges, keep its frequency (zero crossings, within 0.01 Hz)
 * and have round(n * ratio) samples.  The streaming object must give the
 * same samples for any chunking (1 sample included) and must not allocate
 * once warm: libser's process code never allocates, but libsoxr grows its
 * internal FIFOs during the first calls of a stream (with 1-sample chunks,
 * for about the first 0.1 s) and again when a chunk larger than any before
 * arrives.  So allocations are counted for fixed chunk sizes (the live
 * pattern), after the first second of input (counting allocator; not under
 * ASan, which owns malloc). */
#include "testutil.h"

#include <stdlib.h>

#include "fixtures.h"


static void check_sine(double in_rate, double out_rate, double freq, ser_resample_quality q)
{
    const size_t n = (size_t)in_rate; /* 1 s */
    float *x = malloc(n * sizeof *x);
    fx_sine(x, n, freq, in_rate, 0.5);
    float *y = NULL;
    size_t m = 0;
    ser_error err;
    assert_int_equal(ser_resample_buffer(x, n, in_rate, out_rate, q, &y, &m, &err), SER_OK);
    assert_int_equal(m, (size_t)lround((double)n * out_rate / in_rate));
    float *ideal = malloc(m * sizeof *ideal);
    fx_sine(ideal, m, freq, out_rate, 0.5);
    size_t edge = m / 10; /* 0.1 s at each end: filter start-up and tail */
    double snr = fx_snr_db(y, ideal, edge, m - edge);
    double f = fx_zero_crossing_freq(y, edge, m - edge, out_rate);
    printf("# %s %.0f -> %.0f Hz, %.0f Hz sine: SNR %.1f dB, frequency %.5f Hz\n",
           q == SER_RESAMPLE_VHQ ? "VHQ" : "HQ", in_rate, out_rate, freq, snr, f);
    if (!(snr > 60.0))
        fail_msg("SNR %.1f dB <= 60 dB", snr);
    assert_true(fabs(f - freq) < 0.01);
    free(ideal);
    free(y);
    free(x);
}

static void sine_44100_to_16000(void **state)
{
    (void)state;
    check_sine(44100, 16000, 1000, SER_RESAMPLE_HQ);
    check_sine(44100, 16000, 3000, SER_RESAMPLE_HQ);
    check_sine(44100, 16000, 1000, SER_RESAMPLE_VHQ);
}

static void sine_8000_to_16000(void **state)
{
    (void)state;
    check_sine(8000, 16000, 1000, SER_RESAMPLE_HQ);
    check_sine(8000, 16000, 440, SER_RESAMPLE_VHQ);
}

static void sine_22050_to_16000(void **state)
{
    (void)state;
    check_sine(22050, 16000, 440, SER_RESAMPLE_HQ);
    check_sine(22050, 16000, 2500, SER_RESAMPLE_VHQ);
}

static void sine_16000_to_22050_and_48000(void **state)
{
    (void)state;
    check_sine(16000, 22050, 1000, SER_RESAMPLE_HQ);
    check_sine(48000, 16000, 1000, SER_RESAMPLE_HQ);
}

static void equal_rates_copy(void **state)
{
    (void)state;
    float x[1000], *y = NULL;
    size_t m = 0;
    fx_sine(x, 1000, 300, 16000, 0.9);
    assert_int_equal(ser_resample_buffer(x, 1000, 16000, 16000, SER_RESAMPLE_HQ, &y, &m, NULL), SER_OK);
    assert_int_equal(m, 1000);
    assert_memory_equal(x, y, sizeof x);
    free(y);
}

/* Stream x through a resampler in chunks drawn by a seeded generator
 * (max_size 1 gives 1-sample chunks); returns the output. */
static float *stream(const float *x, size_t n, double in_rate, double out_rate, size_t max_size, bool fixed,
                     unsigned seed, size_t *m, size_t *allocs_warm)
{
    ser_resampler_config cfg = ser_resampler_config_default();
    cfg.input_rate = in_rate;
    cfg.output_rate = out_rate;
    cfg.max_chunk = 4096;
    ser_status st;
    ser_resampler *r = ser_resampler_create(&cfg, &st);
    assert_non_null(r);
    size_t bound = ser_resampler_max_output(r);
    float *out = malloc((n * 4 + bound + 16) * sizeof *out);
    float *tmp = malloc(bound * sizeof *tmp);
    size_t used = 0, done = 0;
    *allocs_warm = 0;
    srand(seed);
    while (used < n) {
        size_t k = fixed ? max_size : 1 + (size_t)rand() % max_size;
        if (k > n - used)
            k = n - used;
        size_t got = 0;
#if TU_ALLOC_COUNTING_SUPPORTED
        size_t before = tu_alloc_total;
#endif
        assert_int_equal(ser_resampler_process(r, x + used, k, tmp, bound, &got), SER_OK);
#if TU_ALLOC_COUNTING_SUPPORTED
        if (used >= (size_t)in_rate) /* warm: after the first second */
            *allocs_warm += tu_alloc_total - before;
#endif
        assert_true(got <= bound);
        memcpy(out + done, tmp, got * sizeof *tmp);
        used += k;
        done += got;
    }
    for (;;) {
        size_t got = 0;
        assert_int_equal(ser_resampler_flush(r, tmp, bound, &got), SER_OK);
        memcpy(out + done, tmp, got * sizeof *tmp);
        done += got;
        if (!got)
            break;
    }
    /* after the end, process is refused until reset */
    size_t got = 0;
    assert_int_equal(ser_resampler_process(r, x, 1, tmp, bound, &got), SER_ERR_STATE);
    assert_int_equal(ser_resampler_reset(r), SER_OK);
    assert_int_equal(ser_resampler_process(r, x, 1, tmp, bound, &got), SER_OK);
    /* too small an output buffer is refused, not overrun */
    assert_int_equal(ser_resampler_process(r, x, 1, tmp, bound - 1, &got), SER_ERR_OVERFLOW);
    free(tmp);
    ser_resampler_destroy(r);
    *m = done;
    return out;
}

static void chunking_invariance(void **state)
{
    (void)state;
    const double rates[][2] = {{44100, 16000}, {8000, 16000}, {22050, 16000}};
    for (size_t k = 0; k < 3; k++) {
        const size_t n = 2 * (size_t)rates[k][0]; /* 2 s */
        float *x = malloc(n * sizeof *x);
        for (size_t i = 0; i < n; i++) /* a chirp plus a little deterministic noise */
            x[i] = (float)(0.4 * sin(0.0005 * (double)i * (double)i / 100.0) + 0.01 * ((double)((i * 7919) % 200) / 100.0 - 1.0));
        float *whole = NULL;
        size_t m_whole = 0;
        assert_int_equal(ser_resample_buffer(x, n, rates[k][0], rates[k][1], SER_RESAMPLE_HQ, &whole, &m_whole, NULL),
                         SER_OK);
        const size_t sizes[] = {1, 320, 7, 333, 4096};
        const bool fixed[] = {true, true, false, false, false};
        for (size_t s = 0; s < 5; s++) {
            size_t m = 0, allocs = 0;
            float *y = stream(x, n, rates[k][0], rates[k][1], sizes[s], fixed[s], 1234u + (unsigned)s, &m, &allocs);
            assert_int_equal(m, m_whole);
            double worst = 0;
            for (size_t i = 0; i < m; i++)
                worst = fmax(worst, fabs((double)y[i] - whole[i]));
            if (worst > 1e-6)
                fail_msg("%.0f->%.0f chunks<=%zu: max |diff| %.3g vs whole buffer", rates[k][0], rates[k][1],
                         sizes[s], worst);
#if TU_ALLOC_COUNTING_SUPPORTED
            if (fixed[s] && allocs)
                fail_msg("%.0f->%.0f chunks<=%zu: %zu allocations inside process once warm", rates[k][0],
                         rates[k][1], sizes[s], allocs);
#endif
            free(y);
        }
        free(whole);
        free(x);
    }
#if !TU_ALLOC_COUNTING_SUPPORTED
    printf("# allocation count not checked under AddressSanitizer (it owns malloc)\n");
#endif
}

static void bad_config(void **state)
{
    (void)state;
    ser_resampler_config cfg = ser_resampler_config_default();
    ser_status st = SER_OK;
    cfg.input_rate = 0;
    assert_null(ser_resampler_create(&cfg, &st));
    assert_int_equal(st, SER_ERR_ARG);
    cfg.input_rate = NAN;
    assert_null(ser_resampler_create(&cfg, &st));
    assert_int_equal(st, SER_ERR_ARG);
    cfg.input_rate = 16000;
    cfg.max_chunk = 0;
    assert_null(ser_resampler_create(&cfg, &st));
    assert_int_equal(st, SER_ERR_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sine_44100_to_16000), cmocka_unit_test(sine_8000_to_16000),
        cmocka_unit_test(sine_22050_to_16000), cmocka_unit_test(sine_16000_to_22050_and_48000),
        cmocka_unit_test(equal_rates_copy),    cmocka_unit_test(chunking_invariance),
        cmocka_unit_test(bad_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
