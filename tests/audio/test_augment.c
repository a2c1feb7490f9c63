/* test_augment.c - audio augmentation (ser/augment.h).
 *
 * - additive noise: the measured SNR of x + noise against x equals the
 *   requested one within 0.2 dB (16000 samples: the noise power estimate
 *   has a relative standard error of ~1.1 %, 0.05 dB); a silent clip is
 *   left silent;
 * - gain only: y = g x with one g within +-gain_max_db;
 * - shift only: y is x moved by whole samples, zero-filled, same length,
 *   by at most shift_max_s;
 * - speed 1.25 only: n / 1.25 samples (+-2), and a 500 Hz tone comes out
 *   at 625 Hz (zero crossings, +-1 %);
 * - telephone band: the µ-law encoder inverts the decoder on every code;
 *   a 1 kHz tone passes (correlation >= 0.99 with the input), a 6 kHz tone
 *   (above 4 kHz) is removed (<= 1 % of its power left);
 * - the same seed gives the same copy, another seed another one; bad
 *   configs are SER_ERR_ARG. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/augment_internal.h"
#include "ser/augment.h"
#include "ser/pcm.h"
#include "testutil.h"

enum { RATE = 16000, N = 16000 };

static void tone(float *x, size_t n, double hz, double amp)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(amp * sin(2.0 * M_PI * hz * (double)i / RATE));
}

static double power(const float *x, size_t n)
{
    double p = 0.0;
    for (size_t i = 0; i < n; i++)
        p += (double)x[i] * x[i];
    return p / (double)n;
}

static void test_noise_snr(void **state)
{
    (void)state;
    static float x[N], y[N], d[N];
    tone(x, N, 440.0, 0.3);
    const double snrs[3] = {0.0, 10.0, 25.0};
    for (int k = 0; k < 3; k++) {
        memcpy(y, x, sizeof x);
        ser_rng rng;
        ser_rng_seed(&rng, (uint64_t)k);
        ser_augment_noise(y, N, snrs[k], &rng);
        for (size_t i = 0; i < N; i++)
            d[i] = y[i] - x[i];
        const double snr = 10.0 * log10(power(x, N) / power(d, N));
        printf("  requested %.1f dB, measured %.3f dB\n", snrs[k], snr);
        assert_true(fabs(snr - snrs[k]) <= 0.2);
    }
    memset(y, 0, sizeof y);
    ser_rng rng;
    ser_rng_seed(&rng, 1);
    ser_augment_noise(y, N, 10.0, &rng);
    assert_true(power(y, N) == 0.0);
}

static float *copy_of(const ser_augment_config *c, const float *x, size_t n, uint64_t seed, size_t *m)
{
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    float *y = NULL;
    ser_error err;
    if (ser_augment_audio(c, x, n, RATE, &rng, &y, m, &err) != SER_OK)
        fail_msg("augment: %s", err.message);
    return y;
}

static void test_gain_shift(void **state)
{
    (void)state;
    static float x[N];
    tone(x, N, 300.0, 0.5);
    ser_augment_config c;
    ser_augment_config_default(&c);
    c.gain_max_db = 6.0;
    for (uint64_t s = 0; s < 5; s++) {
        size_t m;
        float *y = copy_of(&c, x, N, s, &m);
        assert_int_equal(m, N);
        const double g = (double)y[100] / x[100];
        assert_true(fabs(20.0 * log10(g)) <= 6.0 + 1e-6);
        for (size_t i = 0; i < N; i++)
            assert_true(tu_close(y[i], g * x[i], 1e-6, 1e-5));
        free(y);
    }
    ser_augment_config_default(&c);
    c.shift_max_s = 0.05;
    for (uint64_t s = 0; s < 5; s++) {
        size_t m;
        float *y = copy_of(&c, x, N, s, &m);
        assert_int_equal(m, N);
        /* find the shift: the lag where y matches x */
        long found = 9999;
        for (long k = -800; k <= 800 && found == 9999; k++) {
            int okk = 1;
            for (size_t i = 900; i < N - 900 && okk; i += 7)
                okk = y[i] == x[(size_t)((long)i - k)];
            if (okk)
                found = k;
        }
        assert_true(labs(found) <= 800);
        for (long i = 0; i < labs(found); i++) /* zero fill */
            assert_true(y[found > 0 ? (size_t)i : (size_t)(N - 1 - i)] == 0.0f);
        free(y);
    }
}

static size_t crossings(const float *x, size_t n)
{
    size_t c = 0;
    for (size_t i = 1; i < n; i++)
        c += (x[i - 1] < 0.0f) != (x[i] < 0.0f);
    return c;
}

static void test_speed(void **state)
{
    (void)state;
    static float x[N];
    tone(x, N, 500.0, 0.5);
    ser_augment_config c;
    ser_augment_config_default(&c);
    c.speed_min = c.speed_max = 1.25;
    size_t m;
    float *y = copy_of(&c, x, N, 3, &m);
    assert_true(labs((long)m - (long)(N / 1.25)) <= 2);
    const double f_in = crossings(x, N) / 2.0 / ((double)N / RATE);
    const double f_out = crossings(y + 200, m - 400) / 2.0 / ((double)(m - 400) / RATE);
    printf("  tone %.1f Hz -> %.1f Hz at speed 1.25\n", f_in, f_out);
    assert_true(fabs(f_out / f_in - 1.25) <= 0.0125);
    free(y);
}

static void test_telephone(void **state)
{
    (void)state;
    for (int c = 0; c < 256; c++) {
        const int16_t v = ser_g711_ulaw_to_s16((uint8_t)c);
        assert_int_equal(ser_g711_ulaw_to_s16(ser__ulaw_encode(v)), v);
    }
    static float x[N], y[N];
    tone(x, N, 1000.0, 0.5);
    memcpy(y, x, sizeof x);
    ser_error err;
    assert_int_equal(ser_augment_telephone(y, N, RATE, &err), SER_OK);
    double xy = 0.0;
    for (size_t i = 400; i < N - 400; i++)
        xy += (double)x[i] * y[i];
    const double corr = xy / sqrt(power(x + 400, N - 800) * power(y + 400, N - 800)) / (double)(N - 800);
    printf("  1 kHz tone through the telephone band: correlation %.5f\n", corr);
    assert_true(corr >= 0.99);
    tone(x, N, 6000.0, 0.5);
    memcpy(y, x, sizeof x);
    assert_int_equal(ser_augment_telephone(y, N, RATE, &err), SER_OK);
    const double left = power(y + 400, N - 800) / power(x + 400, N - 800);
    printf("  6 kHz tone: %.5f of its power left\n", left);
    assert_true(left <= 0.01);
    assert_int_equal(ser_augment_telephone(y, N, 4000, &err), SER_ERR_ARG);
}

static void test_seeded(void **state)
{
    (void)state;
    static float x[N];
    tone(x, N, 200.0, 0.4);
    ser_augment_config c;
    ser_augment_config_default(&c);
    c.speed_min = 0.9;
    c.speed_max = 1.1;
    c.shift_max_s = 0.1;
    c.gain_max_db = 6;
    c.noise_prob = 1.0;
    c.telephone_prob = 0.5;
    size_t m1, m2, m3;
    float *a = copy_of(&c, x, N, 42, &m1), *b = copy_of(&c, x, N, 42, &m2), *d = copy_of(&c, x, N, 43, &m3);
    assert_int_equal(m1, m2);
    assert_memory_equal(a, b, m1 * sizeof *a);
    assert_true(m1 != m3 || memcmp(a, d, m1 * sizeof *a) != 0);
    free(a);
    free(b);
    free(d);
    ser_augment_config bad = c;
    bad.speed_min = 1.2; /* > speed_max */
    ser_rng rng;
    ser_rng_seed(&rng, 0);
    float *y = NULL;
    size_t m;
    assert_int_equal(ser_augment_audio(&bad, x, N, RATE, &rng, &y, &m, NULL), SER_ERR_ARG);
    bad = c;
    bad.noise_prob = 1.5;
    assert_int_equal(ser_augment_config_check(&bad, NULL), SER_ERR_ARG);
    assert_int_equal(ser_augment_audio(&c, x, 0, RATE, &rng, &y, &m, NULL), SER_ERR_EMPTY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noise_snr), cmocka_unit_test(test_gain_shift), cmocka_unit_test(test_speed),
        cmocka_unit_test(test_telephone), cmocka_unit_test(test_seeded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
