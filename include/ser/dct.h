/* ser/dct.h - orthonormal DCT-II (scipy.fftpack.dct(type=2, norm='ortho')).
 *
 *   y[k] = s_k sum_{n<N} x[n] cos(pi k (2n + 1) / (2N)),
 *   s_0 = sqrt(1/N), s_k = sqrt(2/N) for k > 0,
 * keeping the first n_out coefficients.  The (n_out, n_in) matrix is built
 * in double at create time; ser_dct_process accumulates in double. */
#ifndef SER_DCT_H
#define SER_DCT_H

#include <stddef.h>

#include "ser/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_dct ser_dct;

/* 1 <= n_out <= n_in. */
ser_dct *ser_dct_create(size_t n_in, size_t n_out, ser_status *err);
void ser_dct_destroy(ser_dct *dct);

/* out[0..n_out) = DCT-II of in[0..n_in).  Never allocates. */
void ser_dct_process(const ser_dct *dct, const float *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
