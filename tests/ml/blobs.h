/* blobs.h - seeded Gaussian-blob classification data for the ml tests.
 * Class k has centre c_k ~ N(0, spread^2 I) and samples c_k + N(0, I);
 * rows are shuffled so that classes are interleaved. */
#ifndef SER_TESTS_ML_BLOBS_H
#define SER_TESTS_ML_BLOBS_H

#include <stdlib.h>

#include "ser/rng.h"

typedef struct blobs {
    size_t n, d, k;
    double *x; /* n x d */
    int *y;    /* n */
} blobs;

static inline blobs blobs_make(size_t per_class, size_t k, size_t d, double spread, uint64_t seed)
{
    blobs b = {per_class * k, d, k, NULL, NULL};
    ser_rng rng;
    ser_rng_seed(&rng, seed);
    double *centre = malloc(k * d * sizeof *centre);
    for (size_t i = 0; i < k * d; i++)
        centre[i] = spread * ser_rng_normal(&rng);
    size_t *perm = malloc(b.n * sizeof *perm);
    for (size_t i = 0; i < b.n; i++)
        perm[i] = i;
    ser_rng_shuffle(&rng, perm, b.n);
    b.x = malloc(b.n * d * sizeof *b.x);
    b.y = malloc(b.n * sizeof *b.y);
    for (size_t i = 0; i < b.n; i++) {
        size_t cls = perm[i] % k;
        b.y[i] = (int)cls;
        for (size_t j = 0; j < d; j++)
            b.x[i * d + j] = centre[cls * d + j] + ser_rng_normal(&rng);
    }
    free(centre);
    free(perm);
    return b;
}

/* Rows [from, from + n) of b as a view (shares b's memory; do not free). */
static inline blobs blobs_rows(const blobs *b, size_t from, size_t n)
{
    blobs v = {n, b->d, b->k, b->x + from * b->d, b->y + from};
    return v;
}

static inline void blobs_free(blobs *b)
{
    free(b->x);
    free(b->y);
}

#endif
