/* Filterbank inner loops, plain C and AVX2 builds (see bank_kernels.h). */
#include "dsp/bank_kernels_table.h"

#include <string.h>

#define KERNEL(name) name##_plain
#define KERNEL_ATTR
#include "bank_kernels.h"
#undef KERNEL
#undef KERNEL_ATTR

static const ser__bank_kernels plain = {sparse_bands_plain, dense_t_plain, dense_t2_plain};

#if defined(__x86_64__) && defined(__GNUC__)
#define KERNEL(name) name##_avx2
#define KERNEL_ATTR __attribute__((target("avx2")))
#include "bank_kernels.h"
#undef KERNEL
#undef KERNEL_ATTR
static const ser__bank_kernels avx2 = {sparse_bands_avx2, dense_t_avx2, dense_t2_avx2};
#endif

const ser__bank_kernels *ser__bank_kernels_get(ser_kernel kernel)
{
    if (!ser_kernel_available(kernel))
        return NULL;
    switch (ser_kernel_resolve(kernel)) {
#if defined(__x86_64__) && defined(__GNUC__)
    case SER_KERNEL_AVX2: return &avx2;
#endif
    case SER_KERNEL_PLAIN: return &plain;
    default: return NULL;
    }
}
