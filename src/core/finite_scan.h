/* finite_scan.h - find the first non-finite float quickly (private). */
#ifndef SER_CORE_FINITE_SCAN_H
#define SER_CORE_FINITE_SCAN_H

#include <stddef.h>

/* Index of the first NaN or infinity in x[0..n), or n when every value is
 * finite.  Blocks are tested without branches (vectorises), so a clean
 * buffer costs a fraction of a per-sample isfinite loop. */
size_t ser__first_nonfinite(const float *x, size_t n);

#endif
