/* Orthonormal DCT-II as a precomputed matrix (see include/ser/dct.h). */
#include "ser/dct.h"

#include <math.h>
#include <stdlib.h>

#include "ser/util.h"

struct ser_dct {
    size_t n_in, n_out;
    double *basis; /* (n_out, n_in) row-major */
};

ser_dct *ser_dct_create(size_t n_in, size_t n_out, ser_status *err)
{
    if (n_in == 0 || n_out == 0 || n_out > n_in) {
        if (err)
            *err = SER_ERR_ARG;
        return NULL;
    }
    ser_dct *d = calloc(1, sizeof *d);
    size_t cells;
    if (!d || !ser_size_mul(n_in, n_out, &cells) || !(d->basis = ser_alloc_array(cells, sizeof *d->basis))) {
        ser_dct_destroy(d);
        if (err)
            *err = SER_ERR_NOMEM;
        return NULL;
    }
    d->n_in = n_in;
    d->n_out = n_out;
    double N = (double)n_in;
    for (size_t k = 0; k < n_out; k++) {
        double s = k == 0 ? sqrt(1.0 / N) : sqrt(2.0 / N);
        for (size_t n = 0; n < n_in; n++)
            d->basis[k * n_in + n] = s * cos(M_PI * (double)k * (2.0 * (double)n + 1.0) / (2.0 * N));
    }
    if (err)
        *err = SER_OK;
    return d;
}

void ser_dct_destroy(ser_dct *dct)
{
    if (!dct)
        return;
    free(dct->basis);
    free(dct);
}

void ser_dct_process(const ser_dct *dct, const float *in, float *out)
{
    const size_t N = dct->n_in;
    for (size_t k = 0; k < dct->n_out; k++) {
        const double *b = dct->basis + k * N;
        double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0; /* four chains: no add latency stall */
        size_t n = 0;
        for (; n + 4 <= N; n += 4) {
            a0 += b[n] * (double)in[n];
            a1 += b[n + 1] * (double)in[n + 1];
            a2 += b[n + 2] * (double)in[n + 2];
            a3 += b[n + 3] * (double)in[n + 3];
        }
        for (; n < N; n++)
            a0 += b[n] * (double)in[n];
        out[k] = (float)((a0 + a1) + (a2 + a3));
    }
}
