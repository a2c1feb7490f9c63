/* Double-precision real FFT against a direct DFT in long double, for every
 * power-of-two size from 2 to 4096; error bound 1e-13 x (sum |x|). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ser/fft.h"
#include "ser/rfft64.h"
#include "ser/rng.h"

static void test_rfft64_vs_dft(void **state)
{
    (void)state;
    ser_rng rng;
    ser_rng_seed(&rng, 7);
    double worst = 0;
    for (size_t n = 2; n <= 4096; n *= 2) {
        ser_status st;
        ser_rfft64 *p = ser_rfft64_create(n, &st);
        assert_non_null(p);
        assert_int_equal(st, SER_OK);
        assert_int_equal(ser_rfft64_size(p), n);
        double *x = malloc(n * sizeof *x), *X = malloc((n + 2) * sizeof *X);
        double l1 = 0;
        for (size_t i = 0; i < n; i++) {
            x[i] = ser_rng_normal(&rng);
            l1 += fabs(x[i]);
        }
        ser_rfft64_forward(p, x, X);
        /* the direct DFT is O(n^2): check every bin up to 512, a sample above */
        for (size_t k = 0; k <= n / 2; k += (n > 512 ? 7 : 1)) {
            long double re = 0, im = 0;
            for (size_t t = 0; t < n; t++) {
                long double a = -2.0L * 3.14159265358979323846264338327950288L * (long double)((k * t) % n) / (long double)n;
                re += (long double)x[t] * cosl(a);
                im += (long double)x[t] * sinl(a);
            }
            double err = fmax(fabs(X[2 * k] - (double)re), fabs(X[2 * k + 1] - (double)im)) / l1;
            worst = fmax(worst, err);
            assert_true(err <= 1e-13);
        }
        assert_true(X[1] == 0.0 && X[n + 1] == 0.0);
        free(x);
        free(X);
        ser_rfft64_destroy(p);
    }
    printf("rfft64: worst |X - DFT| / sum|x| = %.3g\n", worst);
}

static void test_rfft64_sizes(void **state)
{
    (void)state;
    ser_status st;
    assert_null(ser_rfft64_create(0, &st));
    assert_int_equal(st, SER_ERR_ARG);
    assert_null(ser_rfft64_create(1, &st));
    assert_null(ser_rfft64_create(1536, &st));
    assert_int_equal(st, SER_ERR_ARG);
    assert_false(ser_rfft64_size_ok(3000));
    assert_true(ser_rfft64_size_ok(2048));
    ser_rfft64_destroy(NULL);
}

/* The float kissfft (ser/fft.h) agrees to float precision. */
static void test_rfft64_vs_kissfft(void **state)
{
    (void)state;
    const size_t n = 1024;
    ser_rfft64 *p = ser_rfft64_create(n, NULL);
    ser_fft *f = ser_fft_create(n, NULL);
    assert_non_null(p);
    assert_non_null(f);
    double x[1024], X[1026];
    float xf[1024], Xf[1026];
    ser_rng rng;
    ser_rng_seed(&rng, 3);
    for (size_t i = 0; i < n; i++) {
        xf[i] = (float)ser_rng_normal(&rng);
        x[i] = xf[i];
    }
    ser_rfft64_forward(p, x, X);
    ser_fft_forward(f, xf, Xf);
    for (size_t k = 0; k < n + 2; k++)
        assert_true(fabs(X[k] - Xf[k]) < 1e-3);
    ser_rfft64_destroy(p);
    ser_fft_destroy(f);
}

/* The AVX2 build of the kernels gives the same bits as the plain C build
 * (ISO C mode: no fused multiply-adds), for the complex spectrum and the
 * fused windowed power. */
static void test_rfft64_kernels_identical(void **state)
{
    (void)state;
    ser_status st;
    ser_rfft64 *fast = ser_rfft64_create_kernel(2048, SER_KERNEL_AVX2, &st);
    if (!fast) {
        assert_int_equal(st, SER_ERR_UNSUPPORTED);
        printf("no AVX2 on this CPU: only the plain kernels run\n");
        skip();
    }
    printf("kernels: auto picks %s\n", ser_kernel_name(ser_kernel_resolve(SER_KERNEL_AUTO)));
    for (size_t n = 2; n <= 4096; n *= 2) {
        ser_rfft64 *a = ser_rfft64_create_kernel(n, SER_KERNEL_PLAIN, NULL);
        ser_rfft64 *b = ser_rfft64_create_kernel(n, SER_KERNEL_AVX2, NULL);
        assert_int_equal(ser_rfft64_kernel_of(a), SER_KERNEL_PLAIN);
        assert_int_equal(ser_rfft64_kernel_of(b), SER_KERNEL_AVX2);
        double *x = malloc(n * sizeof *x), *w = malloc(n * sizeof *w), *X1 = malloc((n + 2) * sizeof *X1),
               *X2 = malloc((n + 2) * sizeof *X2);
        float *xf = malloc(n * sizeof *xf), *P1 = malloc((n / 2 + 1) * sizeof *P1), *P2 = malloc((n / 2 + 1) * sizeof *P2);
        ser_rng rng;
        ser_rng_seed(&rng, n);
        for (size_t i = 0; i < n; i++) {
            x[i] = ser_rng_normal(&rng);
            xf[i] = (float)x[i];
            w[i] = ser_rng_uniform(&rng);
        }
        ser_rfft64_forward(a, x, X1);
        ser_rfft64_forward(b, x, X2);
        assert_memory_equal(X1, X2, (n + 2) * sizeof *X1);
        ser_rfft64_power_windowed(a, xf, w, P1);
        ser_rfft64_power_windowed(b, xf, w, P2);
        assert_memory_equal(P1, P2, (n / 2 + 1) * sizeof *P1);
        /* and the fused power is |forward(x w)|^2 */
        for (size_t i = 0; i < n; i++)
            x[i] = (double)xf[i] * w[i];
        ser_rfft64_forward(a, x, X1);
        for (size_t k = 0; k <= n / 2; k++)
            assert_true(P1[k] == (float)(X1[2 * k] * X1[2 * k] + X1[2 * k + 1] * X1[2 * k + 1]));
        free(x);
        free(w);
        free(X1);
        free(X2);
        free(xf);
        free(P1);
        free(P2);
        ser_rfft64_destroy(a);
        ser_rfft64_destroy(b);
    }
    ser_rfft64_destroy(fast);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfft64_vs_dft),
        cmocka_unit_test(test_rfft64_sizes),
        cmocka_unit_test(test_rfft64_vs_kissfft),
        cmocka_unit_test(test_rfft64_kernels_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
