/* ser__format_g9 (src/core/format_g9.c, behind the feature CSV) writes
 * exactly what snprintf "%.9g" writes: random doubles over 1e-30..1e30
 * (both signs, float-rounded values as the features are, and values a
 * hair from the rounding ties), powers of ten and the style boundaries
 * (1e-5 / 1e-4, 1e9), zeros, infinities and NaN. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/format_g9.h"
#include "ser/rng.h"

static void same(double x)
{
    char want[64], got[SER__G9_MAX];
    snprintf(want, sizeof want, "%.9g", x);
    size_t n = ser__format_g9(x, got);
    if (strcmp(want, got) != 0 || n != strlen(want))
        fail_msg("%a: snprintf '%s', ser__format_g9 '%s' (%zu)", x, want, got, n);
}

static void test_matches_snprintf(void **state)
{
    (void)state;
    ser_rng rng;
    ser_rng_seed(&rng, 9);
    for (int i = 0; i < 500000; i++) {
        double mant = 1.0 + 9.0 * ser_rng_uniform(&rng);
        int ex = (int)ser_rng_below(&rng, 61) - 30;
        double x = mant * pow(10.0, ex);
        if (ser_rng_below(&rng, 2))
            x = -x;
        if (i % 3 == 0)
            x = (double)(float)x;
        same(x);
        if (i % 7 == 0) { /* a tie at the ninth digit, and its neighbours */
            double t = (floor(mant * 1e8) + 0.5) / 1e8 * pow(10.0, ex);
            same(t);
            same(nextafter(t, 0.0));
            same(nextafter(t, INFINITY));
        }
    }
    for (int e = -320; e <= 308; e++) {
        double p = pow(10.0, e);
        same(p);
        same(nextafter(p, 0.0));
        same(nextafter(p, INFINITY));
        same(-p * 9.9999999949999);
        same(p * 9.99999999500001);
        same(p * 9.999999995);
    }
    const double special[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 1e-4, 9.99999999e-5, 9.999999995e-5,
                              999999999.0, 999999999.5, 1e9, 123456789.0, 0.5, 1.0, 100.0, 4.9e-324,
                              2.2250738585072014e-308, 1.7976931348623157e308};
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        same(special[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_matches_snprintf)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
