/* ser__first_nonfinite: a branch-free pass per block, exact search only in
 * a block that holds a NaN or infinity (exponent bits all ones). */
#include "core/finite_scan.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define FINITE_BLOCK 256

static unsigned block_has_nonfinite(const float *x, size_t n)
{
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &x[i], sizeof u);
        bad |= (u & 0x7f800000u) == 0x7f800000u;
    }
    return bad;
}

size_t ser__first_nonfinite(const float *x, size_t n)
{
    for (size_t b = 0; b < n; b += FINITE_BLOCK) {
        size_t len = n - b < FINITE_BLOCK ? n - b : FINITE_BLOCK;
        if (!block_has_nonfinite(x + b, len))
            continue;
        for (size_t i = b; i < b + len; i++)
            if (!isfinite(x[i]))
                return i;
    }
    return n;
}
