/* The correlation heatmap's clustered order (app/report/cluster_order.c):
 * interleaved blocks of correlated features come out contiguous, the most
 * tightly correlated block first; anti-correlation counts as correlation;
 * NaN rows (constant features) stay in the order; always a permutation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/cluster_order.h"

/* m items in k interleaved blocks (item i in block i % k); within block b
 * the correlation is within[b] (sign flipped for odd items when anti),
 * across blocks `across`. */
static double *blocks(size_t m, size_t k, const double *within, double across, bool anti)
{
    double *c = malloc(m * m * sizeof *c);
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++) {
            double r = a == b ? 1 : a % k == b % k ? within[a % k] : across;
            if (anti && a != b && a % k == b % k && (a / k + b / k) % 2)
                r = -r;
            c[a * m + b] = r;
        }
    return c;
}

static bool is_permutation(const size_t *order, size_t m)
{
    bool *seen = calloc(m, sizeof *seen);
    bool ok = true;
    for (size_t i = 0; i < m; i++) {
        if (order[i] >= m || seen[order[i]])
            ok = false;
        else
            seen[order[i]] = true;
    }
    free(seen);
    return ok;
}

/* every block's items occupy consecutive positions */
static void assert_blocks_contiguous(const size_t *order, size_t m, size_t k)
{
    for (size_t i = 1; i < m; i++)
        if (order[i] % k != order[i - 1] % k)
            for (size_t j = i + 1; j < m; j++)
                assert_int_not_equal(order[j] % k, order[i - 1] % k);
}

static void test_interleaved_blocks(void **state)
{
    (void)state;
    const size_t m = 12, k = 3;
    const double within[3] = {0.6, 0.95, 0.8};
    double *c = blocks(m, k, within, 0.05, false);
    size_t order[12];
    assert_true(cluster_order(c, m, order));
    assert_true(is_permutation(order, m));
    assert_blocks_contiguous(order, m, k);
    free(c);
}

static void test_anti_correlation_groups(void **state)
{
    (void)state;
    const size_t m = 8, k = 2;
    const double within[2] = {0.9, 0.7};
    double *c = blocks(m, k, within, 0.0, true);
    size_t order[8];
    assert_true(cluster_order(c, m, order));
    assert_true(is_permutation(order, m));
    assert_blocks_contiguous(order, m, k);
    free(c);
}

static void test_nan_and_trivial(void **state)
{
    (void)state;
    const size_t m = 5;
    double c[25];
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++)
            c[a * m + b] = a == b ? 1 : (a == 2 || b == 2) ? NAN : 0.5;
    size_t order[5];
    assert_true(cluster_order(c, m, order));
    assert_true(is_permutation(order, m));
    assert_int_equal(order[4], 2); /* the NaN item is the farthest from every other: merged last */
    size_t one;
    double r1 = 1;
    assert_true(cluster_order(&r1, 1, &one));
    assert_int_equal(one, 0);
    assert_true(cluster_order(NULL, 0, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interleaved_blocks),
        cmocka_unit_test(test_anti_correlation_groups),
        cmocka_unit_test(test_nan_and_trivial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
