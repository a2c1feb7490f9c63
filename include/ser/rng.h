/* ser/rng.h - seeded pseudo-random numbers (xoshiro256**, seeded with
 * splitmix64).  A value type: every random choice in libser takes a seed
 * or a ser_rng, so the same seed always gives the same result.  No global
 * generator exists. */
#ifndef SER_RNG_H
#define SER_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ser_rng {
    uint64_t s[4];
} ser_rng;

void ser_rng_seed(ser_rng *rng, uint64_t seed);
uint64_t ser_rng_u64(ser_rng *rng);
/* Uniform double in [0, 1). */
double ser_rng_uniform(ser_rng *rng);
/* Uniform integer in [0, n); n > 0.  Unbiased (rejection sampling). */
uint64_t ser_rng_below(ser_rng *rng, uint64_t n);
/* Standard normal (Box-Muller, no cached state). */
double ser_rng_normal(ser_rng *rng);
/* Fisher-Yates shuffle of an index array. */
void ser_rng_shuffle(ser_rng *rng, size_t *items, size_t n);

#ifdef __cplusplus
}
#endif
#endif
