/* Aggregation statistics against numpy (values from make_aggregate_reference.py). */
#include "testutil.h"

#include <math.h>

#include "ser/aggregate.h"

static void test_stats_match_numpy(void **state)
{
    (void)state;
    const float x[8] = {3, 1, 4, 1, 5, 9, 2, 6};
    const char *names[] = {"mean", "var", "std", "min", "max", "p25", "p50", "p90", "slope"};
    const double want[] = {3.875, 6.609375, 2.5708704751503917, 1, 9, 1.75, 3.5, 6.8999999999999995,
                           53.57142857142855};
    ser_stat stats[9];
    for (int i = 0; i < 9; i++)
        assert_int_equal(ser_stat_parse(names[i], &stats[i]), SER_OK);
    double scratch[8], out[9];
    assert_int_equal(ser_aggregate_row(x, 8, 1, 100.0, stats, 9, scratch, out), SER_OK);
    for (int i = 0; i < 9; i++) {
        if (!tu_close(out[i], want[i], 1e-12, 1e-12))
            fail_msg("%s: got %.17g want %.17g", names[i], out[i], want[i]);
        char buf[16];
        assert_string_equal(ser_stat_name(stats[i], buf, sizeof buf), names[i]);
    }
}

static void test_stride_and_f64(void **state)
{
    (void)state;
    /* 2 rows x 4 frames, row-major (rows, frames); read row 1 with stride 1,
     * and column-wise (frames, rows) layout with stride 2. */
    const double m[8] = {1, 10, 2, 20, 3, 30, 4, 40};
    ser_stat mean = {SER_STAT_MEAN, 0};
    double out;
    assert_int_equal(ser_aggregate_row_f64(m + 1, 4, 2, 1.0, &mean, 1, NULL, &out), SER_OK);
    assert_true(out == 25.0);
}

static void test_degenerate(void **state)
{
    (void)state;
    ser_stat stats[3];
    ser_stat_parse("mean", &stats[0]);
    ser_stat_parse("slope", &stats[1]);
    ser_stat_parse("p50", &stats[2]);
    double out[3] = {1, 1, 1}, scratch[1];
    assert_int_equal(ser_aggregate_row(NULL, 0, 1, 10.0, stats, 3, scratch, out), SER_OK);
    assert_true(out[0] == 0 && out[1] == 0 && out[2] == 0);
    const float one = 7.0f;
    assert_int_equal(ser_aggregate_row(&one, 1, 1, 10.0, stats, 3, scratch, out), SER_OK);
    assert_true(out[0] == 7 && out[1] == 0 && out[2] == 7);
    assert_int_equal(ser_aggregate_row(&one, 1, 1, 10.0, stats + 2, 1, NULL, out), SER_ERR_ARG);
    ser_stat bad;
    assert_int_equal(ser_stat_parse("p101", &bad), SER_ERR_PARSE);
    assert_int_equal(ser_stat_parse("median", &bad), SER_ERR_PARSE);
    assert_int_equal(ser_stat_parse("p", &bad), SER_ERR_PARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_match_numpy),
        cmocka_unit_test(test_stride_and_f64),
        cmocka_unit_test(test_degenerate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
