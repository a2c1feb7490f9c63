/* Core: status strings, error detail, seeded RNG determinism, size checks, FFT/window. */
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ser/ser.h"

static void test_strerror_all_codes(void **state)
{
    (void)state;
    for (int s = SER_OK; s >= SER_ERR_STATE; s--) {
        const char *m = ser_strerror((ser_status)s);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
        assert_string_not_equal(m, "unknown error");
    }
    assert_string_equal(ser_strerror((ser_status)-999), "unknown error");
}

static void test_error_set(void **state)
{
    (void)state;
    ser_error e;
    ser_error_clear(&e);
    assert_int_equal(e.status, SER_OK);
    assert_int_equal(ser_error_set(&e, SER_ERR_IO, "%s: cannot open", "x.wav"), SER_ERR_IO);
    assert_string_equal(ser_error_message(&e, SER_ERR_IO), "x.wav: cannot open");
    assert_int_equal(ser_error_set(NULL, SER_ERR_ARG, "ignored"), SER_ERR_ARG);
    assert_string_equal(ser_error_message(NULL, SER_ERR_EMPTY), ser_strerror(SER_ERR_EMPTY));
}

static void test_rng_deterministic(void **state)
{
    (void)state;
    ser_rng a, b, c;
    ser_rng_seed(&a, 42);
    ser_rng_seed(&b, 42);
    ser_rng_seed(&c, 43);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = ser_rng_u64(&a), y = ser_rng_u64(&b), z = ser_rng_u64(&c);
        assert_true(x == y);
        differ += x != z;
    }
    assert_true(differ > 990);
    /* uniform in [0,1), below in range, mean close to 0.5 */
    double sum = 0;
    for (int i = 0; i < 100000; i++) {
        double u = ser_rng_uniform(&a);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        assert_true(ser_rng_below(&a, 7) < 7);
    }
    assert_true(fabs(sum / 100000 - 0.5) < 0.01);
    size_t idx[10];
    for (size_t i = 0; i < 10; i++)
        idx[i] = i;
    ser_rng_shuffle(&a, idx, 10);
    size_t seen = 0;
    for (size_t i = 0; i < 10; i++)
        seen |= (size_t)1 << idx[i];
    assert_int_equal(seen, 1023);
}

static void test_size_checks(void **state)
{
    (void)state;
    size_t out = 0;
    assert_true(ser_size_mul(1000, 1000, &out));
    assert_int_equal(out, 1000000);
    assert_false(ser_size_mul(SIZE_MAX / 2, 3, &out));
    assert_false(ser_size_add(SIZE_MAX, 1, &out));
    assert_null(ser_alloc_array(SIZE_MAX / 2, 4));
}

static void test_fft_roundtrip_and_sine(void **state)
{
    (void)state;
    const size_t n = 64;
    ser_status st;
    ser_fft *f = ser_fft_create(n, &st);
    assert_non_null(f);
    assert_int_equal(st, SER_OK);
    float x[64], X[2 * 33], y[64];
    for (size_t t = 0; t < n; t++)
        x[t] = (float)cos(2 * M_PI * 5 * (double)t / (double)n);
    ser_fft_forward(f, x, X);
    /* energy only in bin 5, magnitude n/2 */
    for (size_t k = 0; k <= n / 2; k++) {
        double mag = hypot(X[2 * k], X[2 * k + 1]);
        assert_true(fabs(mag - (k == 5 ? n / 2.0 : 0.0)) < 1e-3);
    }
    ser_fft_inverse(f, X, y);
    for (size_t t = 0; t < n; t++)
        assert_true(fabs(x[t] - y[t]) < 1e-5);
    ser_fft_destroy(f);
    assert_null(ser_fft_create(7, &st));
    assert_int_equal(st, SER_ERR_ARG);
}

static void test_window_hann_periodic(void **state)
{
    (void)state;
    float w[8];
    ser_window_fill(SER_WINDOW_HANN, w, 8, true);
    /* scipy.signal.get_window('hann', 8): 0, .1464, .5, .8536, 1, .8536, .5, .1464 */
    const double ref[8] = {0, 0.14644660940672627, 0.5, 0.8535533905932737, 1, 0.8535533905932737, 0.5, 0.14644660940672627};
    for (int i = 0; i < 8; i++)
        assert_true(fabs(w[i] - ref[i]) < 1e-7);
    ser_window_fill(SER_WINDOW_HANN, w, 8, false);
    assert_true(fabs(w[7]) < 1e-7 && fabs(w[0]) < 1e-7);
}

static void test_csv_write_field(void **state)
{
    (void)state;
    char buf[256] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    const char *in[] = {"plain", "a,b", "say \"hi\"", " lead", "trail\t", "", "line\nbreak", NULL};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        ser_csv_write_field(f, in[i]);
        fputc('|', f);
    }
    fclose(f);
    assert_string_equal(buf, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\" lead\"|\"trail\t\"||\"line\nbreak\"||");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror_all_codes),
        cmocka_unit_test(test_error_set),
        cmocka_unit_test(test_rng_deterministic),
        cmocka_unit_test(test_size_checks),
        cmocka_unit_test(test_fft_roundtrip_and_sine),
        cmocka_unit_test(test_window_hann_periodic),
        cmocka_unit_test(test_csv_write_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
