/* yin_internal.h - the cmndf stage of YIN, shared with pYIN (private). */
#ifndef SER_DSP_YIN_INTERNAL_H
#define SER_DSP_YIN_INTERNAL_H

#include <stddef.h>

#include "ser/pitch.h"

/* Number of cmndf lags: max_period - min_period + 1 (>= 2). */
size_t ser__yin_n_lags(const ser_yin *yin);

/* Compute the cumulative mean normalised difference of one frame into the
 * object's buffers: cmndf[i] is lag min_period + i, shifts[i] its parabolic
 * refinement in samples (0 at both ends, |shift| < 1).  Returns cmndf and
 * sets *shifts.  Does not allocate. */
const double *ser__yin_cmndf(ser_yin *yin, const float *frame, const double **shifts);

/* Local minima of the cmndf as librosa marks them (util.localmin with edge
 * padding, then is_trough[0] = cmndf[0] < cmndf[1]). */
static inline int ser__yin_is_trough(const double *c, size_t n, size_t i)
{
    if (i == 0)
        return c[0] < c[1];
    if (i + 1 == n)
        return c[i] < c[i - 1];
    return c[i] < c[i - 1] && c[i] <= c[i + 1];
}

#endif
