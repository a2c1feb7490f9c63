/* The loudest fixed-length stretch of a signal (ser_loudest_stretch in
 * ser/audio.h): a training clip cut to what the live stream's window sees
 * at its most voiced moment. */
#include "ser/audio.h"

size_t ser_loudest_stretch(const float *x, size_t n, size_t len, size_t step)
{
    if (!x || len >= n || step == 0)
        return 0;
    double e = 0.0;
    for (size_t i = 0; i < len; i++)
        e += (double)x[i] * x[i];
    double best_e = e;
    size_t best = 0;
    for (size_t at = step; at + len <= n; at += step) {
        if (step < len) { /* slide: drop the samples that left, add those that came */
            for (size_t i = at - step; i < at; i++)
                e -= (double)x[i] * x[i];
            for (size_t i = at + len - step; i < at + len; i++)
                e += (double)x[i] * x[i];
        } else {
            e = 0.0;
            for (size_t i = at; i < at + len; i++)
                e += (double)x[i] * x[i];
        }
        if (e > best_e * (1.0 + 1e-9)) { /* ties (within the running sum's rounding) keep the first */
            best_e = e;
            best = at;
        }
    }
    return best;
}
