/* Non-finite samples are found at their exact index wherever they sit
 * relative to the blocks of the vectorised scan (src/core/finite_scan.c):
 * ser_seed_compute names the first bad sample; clean input computes. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ser/seed.h"

#define N 3000

static void test_first_bad_sample_named(void **state)
{
    (void)state;
    ser_status st;
    ser_seed_config cfg = ser_seed_config_default();
    ser_seed *seed = ser_seed_create(&cfg, &st);
    assert_non_null(seed);
    static float x[N];
    double out[SER_SEED_DIM];
    for (size_t i = 0; i < N; i++)
        x[i] = sinf(0.05f * (float)i);
    ser_error err;
    assert_int_equal(ser_seed_compute(seed, x, N, out, &err), SER_OK);
    const size_t where[] = {0, 1, 255, 256, 257, 1023, 2999};
    const float bad[] = {NAN, INFINITY, -INFINITY};
    for (size_t w = 0; w < sizeof where / sizeof *where; w++)
        for (size_t b = 0; b < 3; b++) {
            float keep = x[where[w]];
            x[where[w]] = bad[b];
            if (where[w] + 1 < N)
                x[N - 1] = NAN; /* a later bad sample must not be the one named */
            assert_int_equal(ser_seed_compute(seed, x, N, out, &err), SER_ERR_NONFINITE);
            char want[64];
            snprintf(want, sizeof want, "sample %zu is not finite", where[w]);
            assert_non_null(strstr(err.message, want));
            x[where[w]] = keep;
            x[N - 1] = sinf(0.05f * (float)(N - 1));
        }
    ser_seed_destroy(seed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_first_bad_sample_named)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
