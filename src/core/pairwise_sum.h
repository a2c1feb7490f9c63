/* pairwise_sum.h - numpy's summation order for float64 (private). */
#ifndef SER_CORE_PAIRWISE_SUM_H
#define SER_CORE_PAIRWISE_SUM_H

#include <stddef.h>

/* sum(a[0..n)) exactly as numpy.sum / np.add.reduce along a contiguous
 * axis adds float64: blocks of 8 partial sums up to 128 elements, split in
 * halves (multiples of 8) above that.  Used where bit-for-bit agreement
 * with librosa matters (row normalisation of transition matrices). */
double ser__pairwise_sum(const double *a, size_t n);

#endif
