/* ser/kernel.h - choice of inner-loop builds for the hot DSP loops.
 *
 * The loops that dominate feature extraction (FFT, mel and chroma
 * filterbanks) are written once in plain C and compiled twice on x86-64:
 * as is, and for AVX2.  Both builds do the same arithmetic in the same
 * order (ISO C mode: no fused multiply-adds), so they return identical
 * bits; tests check that.  Objects take a ser_kernel in their config;
 * SER_KERNEL_AUTO picks AVX2 where the CPU has it. */
#ifndef SER_KERNEL_H
#define SER_KERNEL_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ser_kernel {
    SER_KERNEL_AUTO = 0,  /* the fastest this CPU runs */
    SER_KERNEL_PLAIN = 1, /* plain C, everywhere */
    SER_KERNEL_AVX2 = 2   /* x86-64 with AVX2 only */
} ser_kernel;

/* Whether this CPU (and this build) can run kernel k. */
bool ser_kernel_available(ser_kernel k);
/* AUTO resolved to AVX2 or PLAIN; other values unchanged. */
ser_kernel ser_kernel_resolve(ser_kernel k);
/* "auto", "plain", "avx2" ("?" for an invalid value). */
const char *ser_kernel_name(ser_kernel k);

#ifdef __cplusplus
}
#endif
#endif
