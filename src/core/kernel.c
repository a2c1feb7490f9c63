/* Kernel (instruction set) selection, see include/ser/kernel.h.  The CPU
 * query reads libgcc's CPU model; libser keeps no state of its own. */
#include "ser/kernel.h"

bool ser_kernel_available(ser_kernel k)
{
    switch (k) {
    case SER_KERNEL_AUTO:
    case SER_KERNEL_PLAIN: return true;
    case SER_KERNEL_AVX2:
#if defined(__x86_64__) && defined(__GNUC__)
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2");
#else
        return false;
#endif
    }
    return false;
}

ser_kernel ser_kernel_resolve(ser_kernel k)
{
    if (k == SER_KERNEL_AUTO)
        return ser_kernel_available(SER_KERNEL_AVX2) ? SER_KERNEL_AVX2 : SER_KERNEL_PLAIN;
    return k;
}

const char *ser_kernel_name(ser_kernel k)
{
    switch (k) {
    case SER_KERNEL_AUTO: return "auto";
    case SER_KERNEL_PLAIN: return "plain";
    case SER_KERNEL_AVX2: return "avx2";
    }
    return "?";
}
