/* ser_contrast_finish_inplace gives ser_contrast_finish's output bit for
 * bit (dB and linear), and leaves the used rows of peak/valley in dB. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ser/contrast.h"
#include "ser/db.h"
#include "ser/rng.h"

#define T 37

static void check(bool linear)
{
    ser_contrast_config cfg = ser_contrast_config_default();
    cfg.linear = linear;
    ser_status st;
    ser_contrast *c = ser_contrast_create(&cfg, &st);
    assert_non_null(c);
    size_t R = ser_contrast_n_rows(c), U = ser_contrast_n_rows_used(c);
    double *pk = malloc(T * R * sizeof *pk), *vl = malloc(T * R * sizeof *vl);
    float *a = malloc(T * R * sizeof *a), *b = malloc(T * R * sizeof *b);
    assert_true(pk && vl && a && b);
    ser_rng rng;
    ser_rng_seed(&rng, 5);
    for (size_t i = 0; i < T * R; i++) {
        pk[i] = pow(10.0, 6.0 * ser_rng_uniform(&rng) - 4.0);
        vl[i] = pk[i] * pow(10.0, -12.0 * ser_rng_uniform(&rng)); /* some below amin */
    }
    ser_db_config db = ser_db_config_default();
    ser_contrast_finish(c, &db, pk, vl, T, a);
    double p0 = pk[1], v0 = vl[1];
    ser_contrast_finish_inplace(c, &db, pk, vl, T, b);
    assert_memory_equal(a, b, T * R * sizeof *a);
    if (!linear && U > 1) {
        assert_true(pk[1] == ser_db_from_power(&db, p0));
        assert_true(vl[1] == ser_db_from_power(&db, v0));
    }
    free(pk);
    free(vl);
    free(a);
    free(b);
    ser_contrast_destroy(c);
}

static void test_inplace_matches(void **state)
{
    (void)state;
    check(false);
    check(true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_inplace_matches)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
