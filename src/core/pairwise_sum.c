/* numpy's pairwise summation (numpy/core/src/umath/loops_utils.h.src,
 * pairwise_sum_DOUBLE), reproduced for bit-exact sums. */
#include "core/pairwise_sum.h"

#define SER_PW_BLOCKSIZE 128

double ser__pairwise_sum(const double *a, size_t n)
{
    if (n < 8) {
        double res = 0.0;
        for (size_t i = 0; i < n; i++)
            res += a[i];
        return res;
    }
    if (n <= SER_PW_BLOCKSIZE) {
        double r[8];
        for (size_t j = 0; j < 8; j++)
            r[j] = a[j];
        size_t i;
        for (i = 8; i < n - (n % 8); i += 8)
            for (size_t j = 0; j < 8; j++)
                r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++)
            res += a[i];
        return res;
    }
    size_t n2 = n / 2;
    n2 -= n2 % 8;
    return ser__pairwise_sum(a, n2) + ser__pairwise_sum(a + n2, n - n2);
}
